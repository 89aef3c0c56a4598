// Per-item pass, integer fast path: strict order (k = 1), no blockers, whole-number weights, no
// split, trials not kept. A trial-day's completions are whole numbers too, so after U cumulative
// units the first unfinished item is firstOpen[U] (a table built once); each trial-day adds ONE
// count to hist[day][first unfinished item], and the per-item rows are derived from it at the end.
import { hashThrough, stopUnits, type DrawPlan } from './drawPlan';
import { STREAM, binomial, combine, trialKey } from './prng';
import { CancelledError, TRIAL_BLOCK } from './simulate';

export interface WholeRun {
  plan: DrawPlan;
  /** firstOpen[u] = index of the first unfinished item once u units are done; firstOpen[total] = m. */
  firstOpen: Int32Array;
  items: number;
  trials: number;
  seed: number;
  share: number;
  anyThroughput: boolean;
  shouldCancel?: () => boolean;
}

export interface WholeResult {
  rows: (Int32Array | undefined)[];
  trialDays: number;
}

/** The histogram: hist[d * (items + 1) + k] = trials whose first unfinished item after day d is k (k = items: all done that day). */
class DayHistogram {
  counts: Int32Array;
  days: number;
  constructor(
    readonly width: number,
    private readonly horizon: number,
  ) {
    this.days = Math.min(horizon, 64);
    this.counts = new Int32Array(this.days * width);
  }
  /** Makes room for day index `d` (doubling, as far as the horizon). */
  grow(d: number): Int32Array {
    let days = this.days;
    while (days <= d) days *= 2;
    days = Math.min(this.horizon, days);
    const next = new Int32Array(days * this.width);
    next.set(this.counts);
    this.counts = next;
    this.days = days;
    return next;
  }
}

export function wholeStrictRows(run: WholeRun): WholeResult {
  const { plan, firstOpen, items: m, trials, share } = run;
  const H = plan.dh.length;
  const rows = new Array<Int32Array | undefined>(H + 1);
  const top0 = firstOpen[0];
  if (!run.anyThroughput || top0 >= m || H === 0) {
    // nothing moves: the leading zero-weight items are done on day 0, the others never
    for (let t = 0; t < trials; t++) if (run.shouldCancel && t % TRIAL_BLOCK === 0 && run.shouldCancel()) throw new CancelledError();
    if (trials > 0 && top0 > 0) addRange((rows[0] ??= new Int32Array(m + 1)), 0, top0, trials);
    if (trials > 0 && top0 < m) addRange((rows[H] ??= new Int32Array(m + 1)), top0, m, trials);
    return { rows, trialDays: 0 };
  }
  const { wholeSamples: samples, dh, stops, scale } = plan;
  const total = firstOpen.length - 1;
  const W = m + 1;
  const hist = new DayHistogram(W, H);
  let g = hist.counts;
  let cap = hist.days;
  let trialDays = 0;
  for (let t = 0; t < trials; t++) {
    if (run.shouldCancel && t % TRIAL_BLOCK === 0 && run.shouldCancel()) throw new CancelledError();
    const tk = trialKey(run.seed, t);
    let u = 0;
    let i = 0;
    let s = 0;
    let finished = -1;
    for (;;) {
      const e = stops[s];
      if (e >= plan.hashed) hashThrough(plan, e);
      const lim = e < cap ? e : cap;
      // u < total <= 2^22 and a plain day's sample <= 2^24: small integers
      if (share < 1) {
        for (; i < lim; i++) {
          const cell = combine(tk, dh[i]);
          u = (u + binomial(samples[(cell * scale) | 0], share, cell, STREAM.share)) | 0;
          if (u >= total) break;
          g[i * W + firstOpen[u]]++;
        }
      } else {
        for (; i < lim; i++) {
          u = (u + samples[(combine(tk, dh[i]) * scale) | 0]) | 0;
          if (u >= total) break;
          g[i * W + firstOpen[u]]++;
        }
      }
      if (i < lim) {
        finished = i;
        break;
      }
      if (i < e) {
        // the histogram is full up to day i: make room and go on with the same run
        g = hist.grow(i);
        cap = hist.days;
        continue;
      }
      if (e >= H) break;
      if (e >= cap) {
        g = hist.grow(e);
        cap = hist.days;
      }
      const cell = combine(tk, dh[e]);
      let c = stopUnits(plan, cell, e);
      if (share < 1) c = binomial(c, share, cell, STREAM.share);
      if (u + c >= total) {
        finished = e;
        break;
      }
      u = (u + c) | 0;
      g[e * W + firstOpen[u]]++;
      i = e + 1;
      s++;
    }
    if (finished >= 0) {
      g[finished * W + m]++;
      trialDays += finished + 1;
    } else trialDays += H;
  }
  deriveRows(rows, g, Math.min(cap, H), W, trials);
  return { rows, trialDays };
}

function addRange(row: Int32Array, from: number, to: number, count: number): void {
  for (let i = from; i < to; i++) row[i] += count;
}

/**
 * rows[d][i] = trials in which item i (and every item above it) is done on day d: A_d(i) - A_{d-1}(i),
 * where A_d(i) = trials in which item i is done by the end of day d (their first unfinished item is
 * ranked below i, or all are done), A_{-1} = 0; rows[H] = trials - A_{H-1}. Zero rows stay undefined.
 */
function deriveRows(rows: (Int32Array | undefined)[], g: Int32Array, days: number, W: number, trials: number): void {
  const m = W - 1;
  let prev = new Int32Array(W);
  let cur = new Int32Array(W);
  let finishedBefore = 0;
  for (let d = 0; d < days; d++) {
    const at = d * W;
    let acc = finishedBefore;
    for (let k = m; k > 0; k--) {
      acc += g[at + k];
      cur[k - 1] = acc;
    }
    finishedBefore += g[at + m];
    setRow(rows, d, cur, prev, m);
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  // past the histogram every trial is done (a trial still running would have grown it): one last
  // row at day `days` (or the not-within-horizon row), then only zero rows
  cur.fill(trials, 0, m);
  setRow(rows, days, cur, prev, m);
}

/** rows[d] = cur - prev over the items, unless that is zero everywhere (the row then stays a hole, as the other paths leave it). */
function setRow(rows: (Int32Array | undefined)[], d: number, cur: Int32Array, prev: Int32Array, m: number): void {
  let any = false;
  for (let i = 0; i < m && !any; i++) any = cur[i] !== prev[i];
  if (!any) return;
  const row = new Int32Array(m + 1);
  for (let i = 0; i < m; i++) row[i] = cur[i] - prev[i];
  rows[d] = row;
}
