// Daily throughput history from completion days (pure): one sample per working day of the window,
// completions on non-working days attributed to the next working day, leading zero days trimmed,
// trailing zeros kept. Also weekly throughput and created-per-day (scope growth).
import type { CompiledCalendar } from './calendar';
import { weekStartOf } from './calendar';

/** The throughput history the engine samples from. */
export interface DailyHistory {
  /** Units completed on each history day (one entry per working day, leading zero days trimmed). */
  samples: Float64Array;
  /** The working day (epoch day) of each sample; empty for typed samples that have no dates. */
  days: Int32Array;
  /** History days with at least one completion (the honesty guard needs 5). */
  daysWithCompletion: number;
  /** Working days in the chosen window before trimming (the guard refuses fewer than 10). */
  windowWorkingDays: number;
}

export interface HistoryWindow {
  /** First day of the window (epoch day); default: the first completion. */
  from?: number;
  /** Last day of the window (epoch day), inclusive. */
  to: number;
}

/**
 * Per-working-day totals over [from, to]. A completion on a non-working day counts on the next
 * working day of the window; one after the window's last working day counts on that last working
 * day (so none is ever dropped). Completions outside [from, to] are ignored.
 */
export function dailyTotals(cal: CompiledCalendar, days: ArrayLike<number>, units: ArrayLike<number> | undefined, from: number, to: number): { samples: Float64Array; days: Int32Array } {
  const span = to - from + 1;
  if (span <= 0) return { samples: new Float64Array(0), days: new Int32Array(0) };
  const slot = new Int32Array(span);
  const wdays: number[] = [];
  for (let d = from; d <= to; d++) if (cal.isWorking(d)) wdays.push(d);
  // slot[d - from] = index of the working day at or after d (or the last one).
  let next = wdays.length - 1;
  for (let d = to; d >= from; d--) {
    if (next > 0 && wdays[next - 1] >= d) next--;
    slot[d - from] = next;
  }
  const samples = new Float64Array(wdays.length);
  if (wdays.length) {
    for (let i = 0; i < days.length; i++) {
      const d = days[i];
      if (d < from || d > to) continue;
      samples[slot[d - from]] += units ? units[i] : 1;
    }
  }
  return { samples, days: Int32Array.from(wdays) };
}

/** The daily history of a window: leading zero days trimmed, trailing zeros kept. */
export function buildDailyHistory(cal: CompiledCalendar, days: ArrayLike<number>, units: ArrayLike<number> | undefined, window: HistoryWindow): DailyHistory {
  let from = window.from;
  if (from === undefined) {
    from = window.to + 1;
    for (let i = 0; i < days.length; i++) if (days[i] < from) from = days[i];
  }
  const t = dailyTotals(cal, days, units, from, window.to);
  let first = 0;
  while (first < t.samples.length && t.samples[first] === 0) first++;
  let withCompletion = 0;
  for (let i = first; i < t.samples.length; i++) if (t.samples[i] > 0) withCompletion++;
  return { samples: t.samples.slice(first), days: t.days.slice(first), daysWithCompletion: withCompletion, windowWorkingDays: t.samples.length };
}

/** A history from typed daily numbers (no dates). */
export function historyFromSamples(samples: readonly number[]): DailyHistory {
  let first = 0;
  while (first < samples.length && samples[first] === 0) first++;
  const s = Float64Array.from(samples.slice(first));
  return { samples: s, days: new Int32Array(0), daysWithCompletion: s.filter((x) => x > 0).length, windowWorkingDays: samples.length };
}

/**
 * Weekly samples spread to daily ones: a week of w items over n working days gives floor(w / n)
 * per day and one more on the first (w mod n) days. Weekly totals and the mean are preserved;
 * day-to-day spread inside a week is not known, so it is not invented.
 */
export function spreadWeekly(weekly: readonly number[], workingDaysPerWeek: number): number[] {
  const n = Math.max(1, workingDaysPerWeek);
  const out: number[] = [];
  for (const w of weekly) {
    const whole = Math.floor(w / n);
    const frac = w - whole * n;
    for (let i = 0; i < n; i++) {
      // integer remainders go one per day; a fractional remainder (weighted units) goes on the last day
      const extra = Number.isInteger(w) ? (i < frac ? 1 : 0) : i === n - 1 ? frac : 0;
      out.push(whole + extra);
    }
  }
  return out;
}

/** Completions per ISO week (Monday start) over [from, to]: `{ weekStart, units }` oldest first. */
export function weeklyTotals(days: ArrayLike<number>, units: ArrayLike<number> | undefined, from: number, to: number): { weekStart: number; units: number }[] {
  const w0 = weekStartOf(from);
  const weeks = Math.floor((weekStartOf(to) - w0) / 7) + 1;
  if (weeks <= 0) return [];
  const totals = new Float64Array(weeks);
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d < from || d > to) continue;
    totals[Math.floor((d - w0) / 7)] += units ? units[i] : 1;
  }
  return Array.from(totals, (u, i) => ({ weekStart: w0 + 7 * i, units: u }));
}
