// Backtests (pure): run How Many / When as of a past date on the history before it and compare
// with what happened; calibration: over every past week, how often each percentile held.
import { FlowcastError } from '../util/errors';
import { compileCalendar, dayOf, isoOf, weekStartOf, type CompiledCalendar, type TeamCalendar } from './calendar';
import { howMany, when, type HowManyResult, type Refused, type WhenResult } from './forecast';
import type { ForecastSource, WeightMap } from './sources';

export const MIN_BACKTEST_DAYS_AGO = 14;

interface BacktestCommon {
  /** The past date the forecast is made as of (at least 14 days before `today`). */
  asOf: string;
  today: string;
  seed: number;
  trials?: number;
  calendar?: TeamCalendar | CompiledCalendar;
  /** History window length in calendar days before asOf (default 90). */
  windowDays?: number;
  weights?: WeightMap;
}

export type TooRecent = { kind: 'tooRecent'; reason: 'a backtest starts at least 14 days in the past'; daysAgo: number; needed: 14 };

function check(o: BacktestCommon, source: ForecastSource): { asOf: number; today: number; cal: CompiledCalendar } | TooRecent {
  if (!source.dated) throw new FlowcastError('invalid_input', 'source: a backtest needs dated history (not typed samples)', { field: 'source' });
  const asOf = dayOf(o.asOf, 'asOf');
  const today = dayOf(o.today, 'today');
  if (today - asOf < MIN_BACKTEST_DAYS_AGO) return { kind: 'tooRecent', reason: 'a backtest starts at least 14 days in the past', daysAgo: today - asOf, needed: 14 };
  return { asOf, today, cal: compileCalendar(o.calendar) };
}

function actualUnits(source: ForecastSource, cal: CompiledCalendar, from: number, to: number, weights?: WeightMap): Float64Array {
  // raw totals per working day of [from, to] (leading zero days are trimmed, which a sum ignores)
  return source.history(cal, { from, to }, weights).samples;
}

export type HowManyBacktest = { kind: 'ok'; forecast: HowManyResult; actual: number; held: { p: number; held: boolean }[] } | Refused | TooRecent;

/** How Many as of `asOf` up to `targetDate` (<= today): did at least P items get done? */
export function backtestHowMany(source: ForecastSource, o: BacktestCommon & { targetDate: string }): HowManyBacktest {
  const c = check(o, source);
  if ('kind' in c) return c;
  const target = dayOf(o.targetDate, 'targetDate');
  if (target > c.today) throw new FlowcastError('invalid_input', 'targetDate: after today (the outcome is not known yet)', { field: 'targetDate' });
  const forecast = howMany(source, { start: o.asOf, targetDate: o.targetDate, seed: o.seed, trials: o.trials, calendar: c.cal, window: { from: isoOf(c.asOf - (o.windowDays ?? 90)) }, weights: o.weights });
  if (forecast.kind !== 'ok') return forecast;
  const actual = actualUnits(source, c.cal, c.asOf, target, o.weights).reduce((a, b) => a + b, 0);
  return { kind: 'ok', forecast, actual, held: forecast.percentiles.map((q) => ({ p: q.p, held: actual >= q.value })) };
}

export type WhenBacktest = { kind: 'ok'; forecast: WhenResult; actualDate: string | null; held: { p: number; held: boolean | null }[] } | Refused | TooRecent;

/** When `remaining` items as of `asOf`: were they done by each percentile's date? (null = not known yet). */
export function backtestWhen(source: ForecastSource, o: BacktestCommon & { remaining: number }): WhenBacktest {
  const c = check(o, source);
  if ('kind' in c) return c;
  const forecast = when(source, { start: o.asOf, remaining: o.remaining, seed: o.seed, trials: o.trials, calendar: c.cal, window: { from: isoOf(c.asOf - (o.windowDays ?? 90)) }, weights: o.weights });
  if (forecast.kind !== 'ok') return forecast;
  const h = source.history(c.cal, { from: c.asOf, to: c.today }, o.weights);
  let acc = 0;
  let actual: number | null = null;
  for (let i = 0; i < h.samples.length && actual === null; i++) if ((acc += h.samples[i]) >= o.remaining) actual = h.days[i];
  if (o.remaining <= 0) actual = h.days[0] ?? c.asOf;
  return {
    kind: 'ok',
    forecast,
    actualDate: actual === null ? null : isoOf(actual),
    held: forecast.percentiles.map((q) => {
      if (q.date === null) return { p: q.p, held: actual === null ? null : false };
      const d = dayOf(q.date);
      if (actual !== null) return { p: q.p, held: actual <= d };
      return { p: q.p, held: d < c.today ? false : null };
    }),
  };
}

export interface Calibration {
  horizonDays: number;
  weeks: number;
  /** For each percentile: how many weekly forecasts held, out of how many. */
  percentiles: { p: number; held: number; total: number; rate: number }[];
}

/**
 * Calibration: a How Many forecast over the next `horizonDays` made as of every Monday whose
 * outcome is known (the horizon ended by today), each on the `windowDays` before it; an 85%
 * forecast should hold about 85% of the time.
 */
export function calibrate(source: ForecastSource, o: { today: string; seed: number; from?: string; horizonDays?: number; windowDays?: number; trials?: number; calendar?: TeamCalendar | CompiledCalendar; shouldCancel?: () => boolean }): Calibration {
  const cal = compileCalendar(o.calendar);
  const today = dayOf(o.today, 'today');
  const horizon = o.horizonDays ?? 14;
  const windowDays = o.windowDays ?? 90;
  const first = o.from ? dayOf(o.from, 'from') : today - 365;
  const tally = [0.5, 0.7, 0.85, 0.95].map((p) => ({ p, held: 0, total: 0, rate: 0 }));
  let weeks = 0;
  for (let w = weekStartOf(first + windowDays) + 7; w + horizon - 1 <= today - 1 && w <= today - MIN_BACKTEST_DAYS_AGO; w += 7) {
    const r = backtestHowMany(source, { asOf: isoOf(w), today: o.today, targetDate: isoOf(w + horizon - 1), seed: o.seed, trials: o.trials ?? 2000, calendar: cal, windowDays });
    if (o.shouldCancel?.()) break;
    if (r.kind !== 'ok') continue;
    weeks++;
    r.held.forEach((h, i) => {
      tally[i].total++;
      if (h.held) tally[i].held++;
    });
  }
  for (const t of tally) t.rate = t.total ? t.held / t.total : 0;
  return { horizonDays: horizon, weeks, percentiles: tally };
}
