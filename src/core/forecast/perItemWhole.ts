// Per-item pass, integer fast path: strict order (k = 1), no blockers, whole-number weights, no
// split, trials not kept. A trial-day's completions are whole numbers too, so after U cumulative
// units the first unfinished item is firstOpen[U] (a table built once); each trial-day adds ONE
// count to a histogram cell of its day, and the per-item rows are derived from it at the end.
// Speed (same numbers, the counts are sums): when the weights are small, the histogram counts
// units done (column U) and is folded into items once at the end, and trials run two by two in
// lockstep (both read the same day hash; one typed array holds day hashes and samples); the loops
// are small methods that V8 optimises on their own, and the histogram grows between two calls of
// them, never inside; its memory is kept for the next run.
import { hashThrough, stopUnits, type DrawPlan } from './drawPlan';
import { STREAM, binomial, combine, trialKeyInt } from './prng';
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

/** Outcomes of the trial loops: a finish day index (>= 0), or one of these. */
const NEVER = -1; // not within the horizon
const FULL = -2; // the histogram is full: grow it, then call again (the state is saved)
const ALONE = -3; // (pairs) the other trial finished: this one goes on alone from the saved state

/** Histograms by units done are used while they are at most this many times wider than by items. */
const UNIT_COLUMNS_MAX = 2;

/**
 * The last run's histogram memory, reused (zeroed) by the next run when large enough, so repeated
 * forecasts (a worker, the attribution's re-runs) do not page in and collect fresh memory each time.
 * Runs are synchronous, so one run at a time holds it. Kept only up to SPARE_MAX entries (8 MB).
 */
let spare: Int32Array | undefined;
const SPARE_MAX = 1 << 21;

function zeroed(size: number): Int32Array {
  const s = spare;
  if (!s || s.length < size) return new Int32Array(size);
  spare = undefined;
  const v = s.subarray(0, size);
  v.fill(0);
  return v;
}

function release(g: Int32Array): void {
  const whole = new Int32Array(g.buffer);
  if (whole.length <= SPARE_MAX && (!spare || whole.length > spare.length)) spare = whole;
}

/**
 * The histogram hist[d * W + col[U]] = trials with U units done after day d (col[total], the last
 * column: all done that day), and the resumable state of the running trial (or pair).
 */
class WholeTrials {
  readonly H: number;
  readonly total: number;
  readonly W: number;
  readonly S0: number;
  g: Int32Array;
  /** Days the histogram holds. */
  cap: number;
  u = 0;
  ub = 0;
  i = 0;
  s = 0;
  /** Outcomes of the last pair. */
  fa = NEVER;
  fb = NEVER;
  trialDays = 0;

  constructor(
    readonly plan: DrawPlan,
    /** Column of U units done: U itself (by units) or firstOpen[U] (by items). */
    readonly col: Int32Array,
    readonly byUnits: boolean,
  ) {
    this.H = plan.dh.length;
    this.total = col.length - 1;
    this.W = col[this.total] + 1;
    this.S0 = this.H;
    // start with room for about the days a trial at the mean daily units needs (grown if short)
    let mean = 0;
    for (let j = 0; j < plan.wholeSamples.length; j++) mean += plan.wholeSamples[j];
    mean /= plan.wholeSamples.length;
    let days = 64;
    while (days < this.H && days * mean < 1.25 * this.total) days *= 2;
    this.cap = Math.min(this.H, days);
    this.g = zeroed(this.cap * this.W);
  }

  /** Makes room for day index `this.i` (doubling, as far as the horizon). */
  grow(): void {
    let days = this.cap;
    while (days <= this.i) days *= 2;
    days = Math.min(this.H, days);
    const next = zeroed(days * this.W);
    next.set(this.g);
    release(this.g);
    this.g = next;
    this.cap = days;
  }

  /** Runs trial `tk` on from the saved state; each day's completions are thinned binomially by `share` (< 1). */
  run(tk: number, share: number): number {
    const { plan, col, total, W, H, g, cap, S0 } = this;
    const { mem, stops, scale } = plan;
    let u = this.u;
    let i = this.i;
    for (let s = this.s; ; s++) {
      const e = stops[s];
      if (e >= plan.hashed) hashThrough(plan, e);
      const lim = e < cap ? e : cap;
      // u < total <= 2^22 and a plain day's sample <= 2^24: small integers
      for (; i < lim; i++) {
        const cell = combine(tk, mem[i]);
        const c = mem[S0 + ((cell * scale) | 0)];
        u = (u + (share < 1 ? binomial(c, share, cell, STREAM.share) : c)) | 0;
        if (u >= total) return i;
        g[i * W + col[u]]++;
      }
      if (e >= H && i >= e) return NEVER;
      if (i >= cap) return this.save(u, 0, i, s);
      const cell = combine(tk, mem[e]);
      let c = stopUnits(plan, cell, e);
      if (share < 1) c = binomial(c, share, cell, STREAM.share);
      if (u + c >= total) return e;
      u = (u + c) | 0;
      g[e * W + col[u]]++;
      i = e + 1;
    }
  }

  /**
   * Trials `ta` and `tb` in lockstep (histogram by units, share 1): the same days, so one day-hash
   * read serves both. Sets fa/fb (finish day, NEVER, or ALONE for a trial still running) and
   * returns FULL or 0.
   */
  runPair(ta: number, tb: number): number {
    const { plan, total, W, H, g, cap, S0 } = this;
    const { mem, stops, scale } = plan;
    let ua = this.u;
    let ub = this.ub;
    let i = this.i;
    let off = i * W;
    for (let s = this.s; ; s++) {
      const e = stops[s];
      if (e >= plan.hashed) hashThrough(plan, e);
      const lim = e < cap ? e : cap;
      for (; i < lim; i++) {
        const h = mem[i];
        const na = (ua + mem[S0 + ((combine(ta, h) * scale) | 0)]) | 0;
        const nb = (ub + mem[S0 + ((combine(tb, h) * scale) | 0)]) | 0;
        if (na >= total || nb >= total) return this.part(na, nb, i, s);
        g[off + na]++;
        g[off + nb]++;
        off += W;
        ua = na;
        ub = nb;
      }
      if (e >= H && i >= e) {
        this.fa = this.fb = NEVER;
        return 0;
      }
      if (i >= cap) return this.save(ua, ub, i, s);
      const h = mem[e];
      const na = ua + stopUnits(plan, combine(ta, h), e);
      const nb = ub + stopUnits(plan, combine(tb, h), e);
      if (na >= total || nb >= total) return this.part(na, nb, e, s + 1);
      g[e * W + na]++;
      g[e * W + nb]++;
      ua = na;
      ub = nb;
      i = e + 1;
      off = i * W;
    }
  }

  /**
   * Trials [t0, t1): two by two when counting by units at share 1, else one by one. A block is
   * one call (about 256 trials), so V8 optimises this loop with the feedback of all its code.
   */
  block(seed: number, t0: number, t1: number, share: number): void {
    for (let t = t0; t < t1; ) {
      this.u = this.ub = this.i = this.s = 0;
      if (!this.byUnits || t + 1 >= t1) {
        this.finish(this.alone(trialKeyInt(seed, t), share));
        t++;
        continue;
      }
      const ta = trialKeyInt(seed, t);
      const tb = trialKeyInt(seed, t + 1);
      while (this.runPair(ta, tb) === FULL) this.grow();
      const { fa, fb } = this;
      this.finish(fa === ALONE ? this.alone(ta, 1) : fa);
      this.finish(fb === ALONE ? this.alone(tb, 1) : fb);
      t += 2;
    }
  }

  /** Runs one trial from the saved state to its end (growing the histogram as it needs). */
  private alone(tk: number, share: number): number {
    let f = this.run(tk, share);
    while (f === FULL) {
      this.grow();
      f = this.run(tk, share);
    }
    return f;
  }

  /** Counts a finished trial in the last column of its day, and its simulated days. */
  private finish(f: number): void {
    if (f >= 0) {
      this.g[f * this.W + this.W - 1]++;
      this.trialDays += f + 1;
    } else this.trialDays += this.H;
  }

  private save(u: number, ub: number, i: number, s: number): number {
    this.u = u;
    this.ub = ub;
    this.i = i;
    this.s = s;
    return FULL;
  }

  /** Day `d` of a pair finished at least one of them; the other (if any) goes on alone from stop `s`. */
  private part(na: number, nb: number, d: number, s: number): number {
    const { g, W, total } = this;
    this.fa = na >= total ? d : ALONE;
    this.fb = nb >= total ? d : ALONE;
    const left = na < total ? na : nb < total ? nb : -1;
    if (left >= 0) {
      g[d * W + left]++;
      this.u = left;
      this.i = d + 1;
      this.s = s;
    }
    return 0;
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
  const total = firstOpen.length - 1;
  const byUnits = share >= 1 && total + 1 <= UNIT_COLUMNS_MAX * (m + 1);
  const sim = new WholeTrials(plan, byUnits ? Int32Array.from({ length: total + 1 }, (_, u) => u) : firstOpen, byUnits);
  for (let t = 0; t < trials; t += TRIAL_BLOCK) {
    if (run.shouldCancel && run.shouldCancel()) throw new CancelledError();
    sim.block(run.seed, t, Math.min(trials, t + TRIAL_BLOCK), share);
  }
  deriveRows(rows, byUnits ? foldUnits(sim.g, sim.cap, total, firstOpen, m) : sim.g, sim.cap, m + 1, trials);
  release(sim.g);
  return { rows, trialDays: sim.trialDays };
}

/** Folds a histogram by units done (width total + 1) into one by first unfinished item (width m + 1). */
function foldUnits(g: Int32Array, days: number, total: number, firstOpen: Int32Array, m: number): Int32Array {
  if (total === m && firstOpen[0] === 0 && firstOpen[total] === total) {
    // every weight is 1: firstOpen is the identity
    let identity = true;
    for (let u = 0; u <= total && identity; u++) identity = firstOpen[u] === u;
    if (identity) return g;
  }
  const W = total + 1;
  const out = new Int32Array(days * (m + 1));
  for (let d = 0; d < days; d++) for (let u = 0; u <= total; u++) out[d * (m + 1) + firstOpen[u]] += g[d * W + u];
  return out;
}

function addRange(row: Int32Array, from: number, to: number, count: number): void {
  for (let i = from; i < to; i++) row[i] += count;
}

/**
 * rows[d][i] = trials in which item i (and every item above it) is done on day d: A_d(i) - A_{d-1}(i),
 * where A_d(i) = trials in which item i is done by the end of day d (their first unfinished item is
 * ranked below i, or all are done), A_{-1} = 0; rows[H] = trials - A_{H-1}. Zero rows stay undefined
 * (as the other paths leave them). One pass per day; the rows are views of one buffer.
 */
function deriveRows(rows: (Int32Array | undefined)[], g: Int32Array, days: number, W: number, trials: number): void {
  const m = W - 1;
  const prev = new Int32Array(m); // A_{d-1}
  const buf = new Int32Array((days + 1) * W);
  let used = 0;
  let finishedBefore = 0;
  let d = 0;
  for (; d < days && finishedBefore < trials; d++) {
    if (dayRow(g, d * W, finishedBefore, prev, buf, used, m) !== 0) {
      rows[d] = buf.subarray(used, used + W);
      used += W;
    }
    finishedBefore += g[d * W + m];
  }
  // past the histogram (or once every trial is done) every trial is done: one last row at day
  // `days` when some were not (the not-within-horizon row: the histogram then spans the horizon)
  if (d < days) return;
  let any = 0;
  for (let i = 0; i < m; i++) {
    const diff = trials - prev[i];
    buf[used + i] = diff;
    any |= diff;
  }
  if (any !== 0) rows[days] = buf.subarray(used, used + W);
}

/**
 * One day's row into buf[at..]: A_d(i) = finishedBefore + trials whose first unfinished item after
 * day d is ranked below i (hist columns > i); writes A_d - A_{d-1} and keeps A_d in `prev`. Returns
 * non-zero when the row is not all zero. A function of its own, called once per day, so V8
 * optimises it early and whole.
 */
function dayRow(g: Int32Array, at: number, finishedBefore: number, prev: Int32Array, buf: Int32Array, used: number, m: number): number {
  let acc = finishedBefore;
  let any = 0;
  for (let k = m; k > 0; k--) {
    acc += g[at + k];
    const diff = acc - prev[k - 1];
    prev[k - 1] = acc;
    buf[used + k - 1] = diff;
    any |= diff;
  }
  return any;
}
