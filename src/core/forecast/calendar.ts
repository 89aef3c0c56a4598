// Team calendar: working weekdays, days off (inclusive ranges), capacity ratios by date and the
// time zone of day boundaries. Days are integer epoch days (days since 1970-01-01) so the hot
// loops only do integer math; `YYYY-MM-DD` strings are the outer format.
import { FlowcastError } from '../util/errors';

export const DAY_MS = 86_400_000;

/** A team calendar as stored and exchanged (plain data). */
export interface TeamCalendar {
  /** ISO weekdays that are working days (1 = Monday .. 7 = Sunday). Default Monday to Friday. */
  workingDays?: readonly number[];
  /** Team days off, inclusive date ranges (`to` defaults to `from`). */
  daysOff?: readonly { from: string; to?: string }[];
  /** Capacity ratio by date (available capacity / baseline; 1.0 when not given; 0 = day off). */
  capacity?: Readonly<Record<string, number>>;
  /** IANA time zone deciding which calendar day a timestamp falls on. Default UTC. */
  timeZone?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` -> epoch day; throws a typed error naming `field` when invalid. */
export function dayOf(iso: string, field = 'date'): number {
  const m = ISO_DATE.exec(iso);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const d = t / DAY_MS;
    if (isoOf(d) === iso) return d;
  }
  throw new FlowcastError('invalid_input', `${field}: expected a date like 2027-03-12`, { field });
}

/** Epoch day -> `YYYY-MM-DD`. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of an epoch day (1 = Monday .. 7 = Sunday); 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Monday (epoch day) of the ISO week containing `day`. */
export function weekStartOf(day: number): number {
  return day - (weekdayOf(day) - 1);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/** Offset (ms) of `tz` from UTC at instant `ms`, cached per UTC hour (zones change offset on hours). */
function offsetAt(ms: number, tz: string): number {
  let cache = offsetCache.get(tz);
  if (!cache) offsetCache.set(tz, (cache = new Map<number, number>()));
  const hour = Math.floor(ms / 3_600_000);
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    } catch {
      throw new FlowcastError('invalid_input', `timeZone: unknown time zone "${tz.slice(0, 60)}"`, { field: 'timeZone' });
    }
    formatters.set(tz, f);
  }
  const at = hour * 3_600_000;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute);
  const off = local - at;
  if (cache.size > 50_000) cache.clear();
  cache.set(hour, off);
  return off;
}

/** The calendar day (epoch day) of instant `ms` in time zone `tz` (UTC when absent). */
export function localDay(ms: number, tz?: string): number {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') return Math.floor(ms / DAY_MS);
  return Math.floor((ms + offsetAt(ms, tz)) / DAY_MS);
}

/** The calendar compiled for fast lookups. */
export class CompiledCalendar {
  private readonly weekdays: boolean[] = new Array<boolean>(8).fill(false);
  private readonly ratios = new Map<number, number>();
  readonly timeZone: string | undefined;

  constructor(readonly source: TeamCalendar = {}) {
    const wd = source.workingDays ?? [1, 2, 3, 4, 5];
    for (const w of wd) {
      if (!Number.isInteger(w) || w < 1 || w > 7) throw new FlowcastError('invalid_input', 'workingDays: expected ISO weekdays 1 (Monday) to 7 (Sunday)', { field: 'workingDays' });
      this.weekdays[w] = true;
    }
    for (const [date, r] of Object.entries(source.capacity ?? {})) {
      if (!(r >= 0) || !Number.isFinite(r)) throw new FlowcastError('invalid_input', `capacity.${date}: expected a ratio >= 0`, { field: `capacity.${date}` });
      this.ratios.set(dayOf(date, `capacity.${date}`), r);
    }
    (source.daysOff ?? []).forEach((off, i) => {
      const a = dayOf(off.from, `daysOff[${i}].from`);
      const b = off.to ? dayOf(off.to, `daysOff[${i}].to`) : a;
      if (b < a) throw new FlowcastError('invalid_input', `daysOff[${i}].to: before from`, { field: `daysOff[${i}].to` });
      if (b - a > 3660) throw new FlowcastError('invalid_input', `daysOff[${i}]: a range of at most 10 years`, { field: `daysOff[${i}]` });
      for (let d = a; d <= b; d++) this.ratios.set(d, 0);
    });
    this.timeZone = source.timeZone;
    if (this.timeZone) localDay(0, this.timeZone); // validates the zone name
  }

  /** Capacity ratio of a day: 0 on non-working weekdays and days off, else the given ratio or 1. */
  ratio(day: number): number {
    if (!this.weekdays[weekdayOf(day)]) return 0;
    return this.ratios.get(day) ?? 1;
  }

  /** A forecast (and history) day: a working weekday with a capacity ratio > 0. */
  isWorking(day: number): boolean {
    return this.ratio(day) > 0;
  }

  /** How many working weekdays a week has (for spreading weekly samples). */
  get workingDaysPerWeek(): number {
    return this.weekdays.filter(Boolean).length;
  }

  /** Epoch day of an instant in the team's time zone. */
  dayOfInstant(ms: number): number {
    return localDay(ms, this.timeZone);
  }

  /**
   * The first `count` forecast days from `start` (inclusive): day numbers and their ratios.
   * Stops after scanning `maxCalendarDays` calendar days (a calendar with no working day).
   */
  forecastDays(start: number, count: number, maxCalendarDays = count * 7 + 3660): { days: Int32Array; ratios: Float64Array } {
    const days = new Int32Array(count);
    const ratios = new Float64Array(count);
    let n = 0;
    for (let d = start; n < count && d - start < maxCalendarDays; d++) {
      const r = this.ratio(d);
      if (r > 0) {
        days[n] = d;
        ratios[n++] = r;
      }
    }
    return { days: days.subarray(0, n), ratios: ratios.subarray(0, n) };
  }

  /** Forecast days in [start, end] inclusive. */
  forecastDaysUntil(start: number, end: number): { days: Int32Array; ratios: Float64Array } {
    return this.forecastDays(start, Math.max(0, end - start + 1), end - start + 1);
  }
}

export function compileCalendar(cal?: TeamCalendar | CompiledCalendar): CompiledCalendar {
  return cal instanceof CompiledCalendar ? cal : new CompiledCalendar(cal ?? {});
}
