// The Monte Carlo hot loops for How Many and When (pure, allocation-free per draw).
// Reference semantics (docs: README "Forecasting"): a trial's day d completes
// sr(sample(history) * ratio(d)) units, where the sample index and the rounding draw are keyed
// by (seed, trial, calendar day) - common random numbers. Project share p thins binomially: the
// trial's total for How Many, each day's completions for When.
import { dayUnits, drawPlan, hashThrough, stopUnits, type DrawPlan } from './drawPlan';
import { STREAM, binomial, cellKey, combine, mix32, trialKeyInt } from './prng';

export { cellUnits } from './drawPlan';

const INV_2_32 = 1 / 4294967296;
/** Draws are checked for cancellation between blocks of this many trials. */
export const TRIAL_BLOCK = 256;
/** Cell key for per-trial (not per-day) draws: no forecast day has this epoch-day number. */
export const TRIAL_CELL = 0x7ffffff0;

export class CancelledError extends Error {
  constructor() {
    super('forecast cancelled');
    this.name = 'CancelledError';
  }
}

export interface SimCommon {
  /** History samples (units per working day). */
  samples: Float64Array;
  /** Forecast days (epoch days) and their capacity ratios (> 0). */
  days: Int32Array;
  ratios: Float64Array;
  trials: number;
  seed: number;
  /** Project share in [0, 1] (default 1 = all throughput goes to this work). */
  share?: number;
  /** Polled between trial blocks; return true to stop with a CancelledError. */
  shouldCancel?: () => boolean;
}

function checkCancel(t: number, shouldCancel?: () => boolean): void {
  if (shouldCancel && t % TRIAL_BLOCK === 0 && shouldCancel()) throw new CancelledError();
}

/**
 * How Many: each trial's total over every forecast day (binomially thinned by `share`). The days
 * between two stops of the draw plan are plain full-capacity days (a sample, nothing else); the
 * stop days draw branch-free from tables. Integer sums, so the order of the terms is immaterial.
 */
export function simulateHowMany(input: SimCommon): Int32Array {
  const { samples, days, ratios, trials, seed } = input;
  const share = input.share ?? 1;
  const n = samples.length;
  const out = new Int32Array(trials);
  if (!n) return out;
  const m = days.length;
  const plan = drawPlan(samples, days, ratios);
  const { dh, stops, scale } = plan;
  for (let t = 0; t < trials; t++) {
    checkCancel(t, input.shouldCancel);
    const tk = trialKeyInt(seed, t);
    let sum = 0;
    let i = 0;
    for (let s = 0; ; s++) {
      const e = stops[s];
      if (e >= plan.hashed) hashThrough(plan, e);
      for (; i < e; i++) sum += samples[(combine(tk, dh[i]) * scale) | 0];
      if (e >= m) break;
      sum += stopUnits(plan, combine(tk, dh[e]), e);
      i = e + 1;
    }
    out[t] = share < 1 ? binomial(sum, share, cellKey(tk, TRIAL_CELL), STREAM.share) : sum;
  }
  return out;
}

export interface WhenInput extends SimCommon {
  /** Units to finish per item (default: `count` items of 1 unit). */
  weights?: Float64Array;
  count?: number;
  /** Split rate: each item's weight is multiplied by a uniform draw in [low, high] (default 1-1). */
  split?: { low: number; high: number };
  /** Scope growth: arrivals per working day sampled from this history; each adds `weight` units. */
  growth?: { samples: Float64Array; weight?: number };
}

/** Split factor of one item in one trial (keyed by the item's key, so it survives reordering). */
export function splitFactor(tk: number, itemKey: number, low: number, high: number): number {
  if (high <= low) return low;
  return low + (high - low) * mix32((cellKey(tk, itemKey ^ 0x5bd1e995) + Math.imul(STREAM.split, 0x27d4eb2d)) | 0) * INV_2_32;
}

/** Growth arrivals on the trial-day `cell` (stochastically rounded, unbiased). */
export function arrivals(g: Float64Array, cell: number): number {
  const x = g[(mix32((cell + Math.imul(STREAM.growth, 0x27d4eb2d)) | 0) * INV_2_32 * g.length) | 0];
  if (!(x > 0)) return 0;
  const f = Math.floor(x);
  return x - f > mix32((cell + Math.imul(STREAM.growthRound, 0x27d4eb2d)) | 0) * INV_2_32 ? f + 1 : f;
}

/**
 * When, one trial without scope growth: the index of the day its remaining units reach <= 0, or -1.
 * Runs of plain days between the plan's stops need no rounding draw; days are taken in order, so
 * the float arithmetic on `rem` is the same sequence as the general loop's.
 */
function whenDay(plan: DrawPlan, tk: number, rem: number, share: number, i = 0, s0 = 0): number {
  const { samples, dh, stops, scale } = plan;
  const m = dh.length;
  for (let s = s0; ; s++) {
    const e = stops[s];
    if (e >= plan.hashed) hashThrough(plan, e);
    if (share < 1) {
      for (; i < e; i++) {
        const cell = combine(tk, dh[i]);
        rem -= binomial(samples[(cell * scale) | 0], share, cell, STREAM.share);
        if (rem <= 1e-9) return i;
      }
    } else {
      for (; i < e; i++) {
        rem -= samples[(combine(tk, dh[i]) * scale) | 0];
        if (rem <= 1e-9) return i;
      }
    }
    if (e >= m) return -1;
    const cell = combine(tk, dh[e]);
    const c = stopUnits(plan, cell, e);
    rem -= share < 1 ? binomial(c, share, cell, STREAM.share) : c;
    if (rem <= 1e-9) return e;
    i = e + 1;
  }
}

/**
 * When for trials ta and tb in lockstep (share 1, both starting from `rem` units): the same days,
 * so one day-hash read serves both. Finish days go to out[0] and out[1]; once one trial is done the
 * other goes on alone (whenDay from the next day), so each trial's arithmetic is unchanged.
 */
function whenPair(plan: DrawPlan, ta: number, tb: number, rem: number, out: Int32Array): void {
  const { samples, dh, stops, scale } = plan;
  const m = dh.length;
  let ra = rem;
  let rb = rem;
  let i = 0;
  for (let s = 0; ; s++) {
    const e = stops[s];
    if (e >= plan.hashed) hashThrough(plan, e);
    for (; i < e; i++) {
      const h = dh[i];
      ra -= samples[(combine(ta, h) * scale) | 0];
      rb -= samples[(combine(tb, h) * scale) | 0];
      if (ra <= 1e-9 || rb <= 1e-9) return whenPart(plan, ta, tb, ra, rb, i, s, out);
    }
    if (e >= m) {
      out[0] = out[1] = -1;
      return;
    }
    const h = dh[e];
    ra -= stopUnits(plan, combine(ta, h), e);
    rb -= stopUnits(plan, combine(tb, h), e);
    if (ra <= 1e-9 || rb <= 1e-9) return whenPart(plan, ta, tb, ra, rb, e, s + 1, out);
    i = e + 1;
  }
}

/** Day `d` finished at least one trial of a pair; the other goes on alone from day d + 1 (stop index `s`). */
function whenPart(plan: DrawPlan, ta: number, tb: number, ra: number, rb: number, d: number, s: number, out: Int32Array): void {
  out[0] = ra <= 1e-9 ? d : whenDay(plan, ta, ra, 1, d + 1, s);
  out[1] = rb <= 1e-9 ? d : whenDay(plan, tb, rb, 1, d + 1, s);
}

/** Trials [t0, t1) of a plain When (share 1, no split, no growth, `rem` > 0 units), two by two. */
function whenBlock(plan: DrawPlan, seed: number, t0: number, t1: number, rem: number, out: Int32Array, two: Int32Array): void {
  for (let t = t0; t < t1; t += 2) {
    const ta = trialKeyInt(seed, t);
    if (t + 1 >= t1) {
      out[t] = whenDay(plan, ta, rem, 1);
      return;
    }
    whenPair(plan, ta, trialKeyInt(seed, t + 1), rem, two);
    out[t] = two[0];
    out[t + 1] = two[1];
  }
}

/**
 * When: the index of the forecast day on which each trial's remaining units reach <= 0
 * (0 when nothing remains: the first forecast day), or -1 when not within `days` (the horizon).
 */
export function simulateWhen(input: WhenInput): Int32Array {
  const { samples, days, ratios, trials, seed } = input;
  const share = input.share ?? 1;
  const n = samples.length;
  const m = days.length;
  const weights = input.weights ?? new Float64Array(input.count ?? 0).fill(1);
  const low = input.split?.low ?? 1;
  const high = input.split?.high ?? 1;
  const growth = input.growth && input.growth.samples.length ? input.growth : undefined;
  const gWeight = growth?.weight ?? 1;
  const out = new Int32Array(trials).fill(-1);
  let base = 0;
  for (let j = 0; j < weights.length; j++) base += weights[j];
  let anyThroughput = false;
  for (let j = 0; j < n; j++) if (samples[j] > 0) anyThroughput = true;
  const plan = drawPlan(samples, days, ratios);
  if (!growth && share >= 1 && low === 1 && high === 1 && anyThroughput && base > 1e-9) {
    const two = new Int32Array(2);
    for (let t = 0; t < trials; t += TRIAL_BLOCK) {
      checkCancel(t, input.shouldCancel);
      whenBlock(plan, seed, t, Math.min(trials, t + TRIAL_BLOCK), base, out, two);
    }
    return out;
  }
  for (let t = 0; t < trials; t++) {
    checkCancel(t, input.shouldCancel);
    const tk = trialKeyInt(seed, t);
    let rem = base;
    if (low !== 1 || high !== 1) {
      rem = 0;
      for (let j = 0; j < weights.length; j++) rem += weights[j] * splitFactor(tk, j, low, high);
    }
    if (rem <= 1e-9) {
      out[t] = m > 0 ? 0 : -1;
      continue;
    }
    if (!anyThroughput) continue;
    if (!growth) {
      out[t] = whenDay(plan, tk, rem, share);
      continue;
    }
    if (plan.hashed < m) hashThrough(plan, m - 1);
    for (let i = 0; i < m; i++) {
      const cell = combine(tk, plan.dh[i]);
      let c = dayUnits(plan, cell, i);
      if (share < 1) c = binomial(c, share, cell, STREAM.share);
      rem += gWeight * arrivals(growth.samples, cell);
      rem -= c;
      if (rem <= 1e-9) {
        out[t] = i;
        break;
      }
    }
  }
  return out;
}
