// Cells of the calendar heatmap of a When forecast: one Monday-first grid per month from the start
// to the P95 date (at most 24 months), each day with its completion probability P(done <= day),
// its colour band, whether it is a working day (weekends and days off are dimmed) and, when the
// source has sprints (Azure DevOps), the sprint it falls in.
import { dayOf, isoOf, weekdayOf } from '../calendar';
import { bandOf, type CalendarBand } from './likelihood';
import { probabilityBy } from './markers';

export const MAX_CALENDAR_MONTHS = 24;

export interface CalendarCell {
  date: string;
  /** Day of the month. */
  day: number;
  /** P(done by the end of this day); null before the start. */
  probability: number | null;
  band: CalendarBand | null;
  /** A forecast day (working weekday with capacity > 0). */
  working: boolean;
  /** The sprint this day belongs to, when the source has sprints. */
  sprint?: string;
  /** The sprint's first day, or the first day of a month inside a sprint: where its name is written. */
  sprintStart?: boolean;
  /** Alternates 0 / 1 from one sprint to the next (tells neighbouring sprints apart). */
  sprintParity?: 0 | 1;
}

/** A sprint as the heatmap labels it: first and last days inclusive (YYYY-MM-DD). */
export interface SprintSpan {
  name: string;
  start: string;
  finish: string;
}

export interface CalendarMonth {
  /** YYYY-MM */
  key: string;
  year: number;
  /** 1..12 */
  month: number;
  /** Rows of 7 cells, Monday first; null pads days of other months. */
  weeks: (CalendarCell | null)[][];
}

export interface CalendarHeatmap {
  months: CalendarMonth[];
  /** Share of trials not done within the engine's horizon. */
  notWithinHorizon: number;
  /** True when P95 lies beyond the months shown (24 at most) or beyond the horizon. */
  truncated: boolean;
  /** Some shown day belongs to a sprint. */
  hasSprints: boolean;
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/**
 * The heatmap from a When forecast's CDF. `isWorking(epochDay)` tells forecast days apart (the
 * team calendar). Months run from the start's month to the P95 date's (or 24 when P95 is beyond
 * the horizon).
 */
export function calendarHeatmap(o: {
  start: string;
  cdf: readonly { date: string; probability: number }[];
  p95: string | null;
  notWithinHorizon: number;
  isWorking: (day: number) => boolean;
  maxMonths?: number;
  sprints?: readonly SprintSpan[];
}): CalendarHeatmap {
  const sprintOf = sprintLookup(o.sprints ?? []);
  const max = o.maxMonths ?? MAX_CALENDAR_MONTHS;
  const first = monthIndex(o.start);
  const needed = o.p95 ? monthIndex(o.p95) - first + 1 : max;
  const count = Math.max(1, Math.min(max, needed));
  const startDay = dayOf(o.start, 'start');
  const months: CalendarMonth[] = [];
  for (let m = first; m < first + count; m++) {
    const year = Math.floor(m / 12);
    const month = (m % 12) + 1;
    const firstDay = Date.UTC(year, month - 1, 1) / 86_400_000;
    const length = Math.round((Date.UTC(year, month, 1) / 86_400_000) - firstDay);
    const weeks: (CalendarCell | null)[][] = [];
    let row: (CalendarCell | null)[] = new Array<CalendarCell | null>(weekdayOf(firstDay) - 1).fill(null);
    for (let d = firstDay; d < firstDay + length; d++) {
      const date = isoOf(d);
      const probability = d < startDay ? null : probabilityBy(o.cdf, date);
      const cell: CalendarCell = { date, day: d - firstDay + 1, probability, band: probability === null ? null : bandOf(probability), working: o.isWorking(d) };
      const sprint = sprintOf(d);
      if (sprint) Object.assign(cell, { sprint: sprint.name, sprintStart: d === sprint.first || d === firstDay, sprintParity: sprint.parity });
      row.push(cell);
      if (row.length === 7) {
        weeks.push(row);
        row = [];
      }
    }
    if (row.length) weeks.push([...row, ...new Array<CalendarCell | null>(7 - row.length).fill(null)]);
    months.push({ key: `${year}-${String(month).padStart(2, '0')}`, year, month, weeks });
  }
  const hasSprints = months.some((m) => m.weeks.some((w) => w.some((c) => c?.sprint !== undefined)));
  return { months, notWithinHorizon: o.notWithinHorizon, truncated: !o.p95 || needed > max, hasSprints };
}

/** The sprint of an epoch day (the latest-starting one when sprints overlap), with its parity in start order. */
function sprintLookup(sprints: readonly SprintSpan[]): (day: number) => { name: string; first: number; parity: 0 | 1 } | undefined {
  const spans = sprints
    .map((s) => ({ name: s.name, first: dayOf(s.start, 'sprint.start'), last: dayOf(s.finish, 'sprint.finish') }))
    .filter((s) => s.last >= s.first)
    .sort((a, b) => a.first - b.first)
    .map((s, i) => ({ ...s, parity: (i % 2) as 0 | 1 }));
  return (day) => {
    for (let i = spans.length - 1; i >= 0; i--) if (spans[i].first <= day && day <= spans[i].last) return spans[i];
    return undefined;
  };
}

/** The cell of one date, if the heatmap shows it. */
export function cellOf(h: CalendarHeatmap, date: string): CalendarCell | undefined {
  const m = h.months.find((x) => x.key === date.slice(0, 7));
  for (const w of m?.weeks ?? []) for (const c of w) if (c?.date === date) return c;
  return undefined;
}
