// Team settings -> the engine's team calendar (pure): working days, sprints (finishDate is the
// LAST day, inclusive), team days off (ratio 0) and capacity ratios per day = available member
// capacity / baseline. A member with 0 or no activity capacity counts as 1; a sprint with no
// members is "unknown" (ratio 1.0); a sprint whose requests failed degrades to 1.0 with a warning.
import { dayOf, isoOf, weekdayOf, type TeamCalendar } from '../forecast/calendar';

export interface RawIteration {
  id: string;
  name: string;
  path: string;
  /** `YYYY-MM-DD`, undefined when the iteration has no dates (skipped). */
  start: string | undefined;
  finish: string | undefined;
}

export interface RawCapacityMember {
  id: string;
  /** Sum of the member's activities' capacity per day (0 when none). */
  capacityPerDay: number;
  daysOff: { from: string; to: string }[];
}

export interface SprintData {
  iteration: RawIteration;
  /** undefined when the sprint's requests failed (degraded to ratio 1.0). */
  teamDaysOff?: { from: string; to: string }[];
  members?: RawCapacityMember[];
  error?: string;
}

export interface Sprint {
  id: string;
  name: string;
  start: string;
  finish: string;
}

/** An ISO day from an ADO date (string `2026-04-15T00:00:00Z` or a Date): the UTC date part. */
export function toIsoDay(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v);
  if (!m) return undefined;
  try {
    dayOf(m[1]);
    return m[1];
  } catch {
    return undefined;
  }
}

function daySet(ranges: readonly { from: string; to: string }[], lo: number, hi: number): Set<number> {
  const s = new Set<number>();
  for (const r of ranges) for (let d = Math.max(lo, dayOf(r.from)); d <= Math.min(hi, dayOf(r.to)); d++) s.add(d);
  return s;
}

/** Per-day capacity ratios of one sprint (only days whose ratio differs from 1; team days off excluded: they are 0 via daysOff). */
export function sprintRatios(start: string, finish: string, workingDays: readonly number[], teamDaysOff: readonly { from: string; to: string }[], members: readonly RawCapacityMember[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (!members.length) return out; // never planned: unknown, ratio 1.0
  const a = dayOf(start);
  const b = dayOf(finish);
  const teamOff = daySet(teamDaysOff, a, b);
  const caps = members.map((m) => (m.capacityPerDay > 0 ? m.capacityPerDay : 1));
  const baseline = caps.reduce((x, y) => x + y, 0);
  const offs = members.map((m) => daySet(m.daysOff, a, b));
  const working = new Set(workingDays);
  for (let d = a; d <= b; d++) {
    if (!working.has(weekdayOf(d)) || teamOff.has(d)) continue;
    let available = 0;
    caps.forEach((c, i) => {
      if (!offs[i].has(d)) available += c;
    });
    const r = available / baseline;
    if (r !== 1) out[isoOf(d)] = r;
  }
  return out;
}

/** The team calendar of the engine, the sprints (for labels) and warnings about degraded sprints. */
export function buildTeamCalendar(workingDays: readonly number[], sprints: readonly SprintData[], timeZone: string): { calendar: TeamCalendar; sprints: Sprint[]; warnings: string[] } {
  const daysOff: { from: string; to: string }[] = [];
  const capacity: Record<string, number> = {};
  const out: Sprint[] = [];
  const warnings: string[] = [];
  for (const s of sprints) {
    const { start, finish } = s.iteration;
    if (!start || !finish || finish < start) continue; // an iteration without dates is skipped
    out.push({ id: s.iteration.id, name: s.iteration.name, start, finish });
    if (s.error !== undefined || !s.teamDaysOff || !s.members) {
      warnings.push(`Sprint "${s.iteration.name}": capacity and days off could not be read (${s.error ?? 'no answer'}); its days count at full capacity`);
      continue;
    }
    const a = dayOf(start);
    const b = dayOf(finish);
    for (const r of s.teamDaysOff) {
      const from = Math.max(a, dayOf(r.from));
      const to = Math.min(b, dayOf(r.to));
      if (from <= to) daysOff.push({ from: isoOf(from), to: isoOf(to) });
    }
    Object.assign(capacity, sprintRatios(start, finish, workingDays, s.teamDaysOff, s.members));
  }
  out.sort((x, y) => x.start.localeCompare(y.start));
  return { calendar: { workingDays: [...workingDays], daysOff, capacity, timeZone }, sprints: out, warnings };
}
