// High-level forecasts over a source: window + calendar + guards + simulation + percentiles.
// Returns typed outcomes: `{ kind: 'ok', ... }` or a guard refusal (never a date then).
import { FlowcastError } from '../util/errors';
import { compileCalendar, dayOf, isoOf, type CompiledCalendar, type TeamCalendar } from './calendar';
import { checkHistory, type Refusal } from './guards';
import type { DailyHistory } from './history';
import { PERCENTILES, atLeastFromCounts, countValues, doneByIndex, howManyDistribution, whenDistribution, type HowManyDistribution, type WhenDistribution } from './percentiles';
import { perItemPercentiles, simulatePerItem } from './perItem';
import { hashString } from './prng';
import { doneByTargetShares } from './targetLikelihood';
import { simulateHowMany, simulateWhen } from './simulate';
import { unitsOf, type ForecastSource, type WeightMap } from './sources';

export const ENGINE_VERSION = '1.0.0';
export const DEFAULT_TRIALS = 10_000;
/** Safety horizon: 10 years of forecast days; trials not done by then are "not within horizon". */
export const HORIZON_FORECAST_DAYS = 2610;
/** Default history window: the 90 calendar days before the start. */
export const DEFAULT_WINDOW_DAYS = 90;

export interface CommonOptions {
  /** First candidate forecast day (YYYY-MM-DD). */
  start: string;
  seed: number;
  trials?: number;
  /** Project share of throughput in [0, 1] (clamped); default 1. */
  share?: number;
  calendar?: TeamCalendar | CompiledCalendar;
  /** History window (inclusive dates); default the 90 days before `start`. */
  window?: { from?: string; to?: string };
  /** Count effort units instead of items (history and remaining work alike). */
  weights?: WeightMap;
  shouldCancel?: () => boolean;
}

export interface HowManyOptions extends CommonOptions {
  /** Last forecast day, inclusive (YYYY-MM-DD). */
  targetDate: string;
}
export interface WhenOptions extends CommonOptions {
  remaining: number;
  split?: { low: number; high: number };
  /** Scope growth: arrivals bootstrapped from the source's created history. */
  growth?: boolean;
}
export interface PerItemOptions extends CommonOptions {
  split?: { low: number; high: number };
  parallel?: number;
  growth?: boolean;
  /** Items to forecast (default: the source's ranked items). */
  items?: { id: string; title?: string; effort?: string | null; blockedBy?: string[]; targetDate?: string | null }[];
}

interface Meta {
  seed: number;
  trials: number;
  engineVersion: string;
  start: string;
  history: { from: string | null; to: string | null; days: number; daysWithCompletion: number; mean: number };
}
export type HowManyResult = Meta & { kind: 'ok'; targetDate: string; forecastDays: number; percentiles: { p: number; value: number }[]; distribution: HowManyDistribution; totals: Int32Array; /** With a project share < 1: each trial's business-as-usual items (its unthinned total minus the project's). */ bau?: Int32Array };
export type WhenResult = Meta & { kind: 'ok'; remaining: number; percentiles: { p: number; date: string | null }[]; distribution: Omit<WhenDistribution, 'histogram' | 'cdf'> & { histogram: { date: string; probability: number }[]; cdf: { date: string; probability: number }[] }; finish: Int32Array; days: Int32Array };
/** An item's target date and the share of trials in which it is done by then (likelihood of meeting it). */
export interface TargetOdds {
  date: string;
  probability: number;
}
export type PerItemForecast = Meta & {
  kind: 'ok';
  items: { id: string; title: string; percentiles: { p: number; date: string | null }[]; notWithinHorizon: number; target?: TargetOdds }[];
  trialDays: number;
};
/** A guard refusal with the history it judged. */
export type Refused = Refusal & Pick<Meta, 'history'>;
export type Outcome<T> = T | Refused;

export function clampShare(s: number | undefined): number {
  if (s === undefined || Number.isNaN(s)) return 1;
  return Math.min(1, Math.max(0, s));
}

function trialsOf(o: CommonOptions): number {
  const t = o.trials ?? DEFAULT_TRIALS;
  if (!Number.isInteger(t) || t < 1 || t > 1_000_000) throw new FlowcastError('invalid_input', 'trials: expected a whole number from 1 to 1000000', { field: 'trials' });
  return t;
}

/** Prepares calendar, history and guard verdict shared by every forecast kind. */
export function prepare(source: ForecastSource, o: CommonOptions): { cal: CompiledCalendar; start: number; history: DailyHistory; meta: Meta; refusal?: Refusal } {
  const cal = compileCalendar(o.calendar);
  const start = dayOf(o.start, 'start');
  const to = o.window?.to ? dayOf(o.window.to, 'window.to') : start - 1;
  const from = o.window?.from ? dayOf(o.window.from, 'window.from') : to - DEFAULT_WINDOW_DAYS + 1;
  if (from > to) throw new FlowcastError('invalid_input', 'window.from: after window.to', { field: 'window.from' });
  const history = source.history(cal, { from, to }, o.weights);
  let sum = 0;
  for (const s of history.samples) sum += s;
  const meta: Meta = {
    seed: o.seed,
    trials: trialsOf(o),
    engineVersion: ENGINE_VERSION,
    start: o.start,
    history: {
      from: source.dated ? isoOf(from) : null,
      to: source.dated ? isoOf(to) : null,
      days: history.samples.length,
      daysWithCompletion: history.daysWithCompletion,
      mean: history.samples.length ? sum / history.samples.length : 0,
    },
  };
  const g = checkHistory(history);
  return { cal, start, history, meta, ...(g.kind === 'ok' ? {} : { refusal: g }) };
}

export function howMany(source: ForecastSource, o: HowManyOptions): Outcome<HowManyResult> {
  const p = prepare(source, o);
  if (p.refusal) return { ...p.refusal, history: p.meta.history };
  const end = dayOf(o.targetDate, 'targetDate');
  if (end < p.start) throw new FlowcastError('invalid_input', 'targetDate: before start', { field: 'targetDate' });
  const fd = p.cal.forecastDaysUntil(p.start, end);
  const share = clampShare(o.share);
  const sim = { samples: p.history.samples, days: fd.days, ratios: fd.ratios, trials: p.meta.trials, seed: o.seed, shouldCancel: o.shouldCancel };
  const totals = simulateHowMany({ ...sim, share });
  // Draws are keyed by (seed, trial, day), so the unthinned run has the very totals the project share was thinned from.
  const bau = share < 1 ? simulateHowMany({ ...sim, share: 1 }).map((all, t) => all - totals[t]) : undefined;
  const counts = countValues(totals);
  return {
    kind: 'ok',
    ...p.meta,
    targetDate: o.targetDate,
    forecastDays: fd.days.length,
    percentiles: PERCENTILES.map((q) => ({ p: q, value: atLeastFromCounts(counts, totals.length, q) })),
    distribution: howManyDistribution(counts, totals.length),
    totals,
    ...(bau ? { bau } : {}),
  };
}

function growthOf(source: ForecastSource, p: ReturnType<typeof prepare>, on: boolean | undefined): { samples: Float64Array } | undefined {
  if (!on) return undefined;
  if (!source.createdHistory) throw new FlowcastError('invalid_input', 'growth: this source has no created dates', { field: 'growth' });
  return { samples: source.createdHistory(p.cal, { to: p.start - 1 }) };
}

export function when(source: ForecastSource, o: WhenOptions): Outcome<WhenResult> {
  if (!(o.remaining >= 0) || !Number.isFinite(o.remaining)) throw new FlowcastError('invalid_input', 'remaining: expected a number >= 0', { field: 'remaining' });
  const p = prepare(source, o);
  if (p.refusal) return { ...p.refusal, history: p.meta.history };
  const fd = p.cal.forecastDays(p.start, HORIZON_FORECAST_DAYS);
  const unit = o.weights ? o.weights.unsized : 1;
  const finish = simulateWhen({
    samples: p.history.samples, days: fd.days, ratios: fd.ratios, trials: p.meta.trials, seed: o.seed, share: clampShare(o.share),
    weights: new Float64Array(Math.ceil(o.remaining)).fill(unit), split: o.split, growth: growthOf(source, p, o.growth), shouldCancel: o.shouldCancel,
  });
  const H = fd.days.length;
  const counts = new Int32Array(H + 1);
  for (const f of finish) counts[f < 0 ? H : f]++;
  const dist = whenDistribution(counts, finish.length, fd.days);
  return {
    kind: 'ok',
    ...p.meta,
    remaining: o.remaining,
    percentiles: PERCENTILES.map((q) => {
      const i = doneByIndex(counts, finish.length, q, H);
      return { p: q, date: i < 0 ? null : isoOf(fd.days[i]) };
    }),
    distribution: { n: dist.n, notWithinHorizon: dist.notWithinHorizon, histogram: dist.histogram.map((h) => ({ date: isoOf(h.day), probability: h.probability })), cdf: dist.cdf.map((h) => ({ date: isoOf(h.day), probability: h.probability })) },
    finish,
    days: fd.days,
  };
}

export function perItem(source: ForecastSource, o: PerItemOptions): Outcome<PerItemForecast> {
  const p = prepare(source, o);
  if (p.refusal) return { ...p.refusal, history: p.meta.history };
  const items = o.items ?? source.rankedItems?.() ?? [];
  const index = new Map(items.map((it, i) => [it.id, i]));
  const weights = Float64Array.from(items, (it) => unitsOf((it.effort ?? null) as never, o.weights));
  const keys = Int32Array.from(items, (it) => hashString(it.id) | 0);
  const blockedBy = items.map((it) => (it.blockedBy ?? []).map((b) => index.get(b)).filter((b): b is number => b !== undefined));
  const fd = p.cal.forecastDays(p.start, HORIZON_FORECAST_DAYS);
  const r = simulatePerItem({
    samples: p.history.samples, days: fd.days, ratios: fd.ratios, trials: p.meta.trials, seed: o.seed, share: clampShare(o.share),
    weights, keys, blockedBy, split: o.split, parallel: o.parallel, growth: growthOf(source, p, o.growth), shouldCancel: o.shouldCancel,
  });
  const pc = perItemPercentiles(r, items.length, p.meta.trials, PERCENTILES);
  const targets = targetsOf(items);
  const odds = new Map<number, TargetOdds>();
  doneByTargetShares(r, fd.days, p.meta.trials, targets).forEach((probability, k) => odds.set(targets[k].item, { date: isoOf(targets[k].day), probability }));
  return {
    kind: 'ok',
    ...p.meta,
    trialDays: r.trialDays,
    items: items.map((it, i) => ({
      id: it.id,
      title: it.title ?? it.id,
      percentiles: PERCENTILES.map((q, k) => {
        const d = pc.index[k][i];
        return { p: q, date: d < 0 ? null : isoOf(fd.days[d]) };
      }),
      notWithinHorizon: pc.never[i],
      ...(odds.has(i) ? { target: odds.get(i) } : {}),
    })),
  };
}

/** The items that have a (valid) target date, as epoch days. */
function targetsOf(items: NonNullable<PerItemOptions['items']>): { item: number; day: number }[] {
  const out: { item: number; day: number }[] = [];
  items.forEach((it, i) => {
    if (!it.targetDate) return;
    try {
      out.push({ item: i, day: dayOf(it.targetDate, 'targetDate') });
    } catch {
      // a malformed date (hand-edited data) has no likelihood rather than failing the forecast
    }
  });
  return out;
}
