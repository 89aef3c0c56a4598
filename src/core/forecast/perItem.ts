// Per-item forecast of a ranked list in ONE pass: for each item, the forecast day by which it and
// every item ranked above it are done. Knobs: weights (units), split rate, parallel work k,
// blocked items, scope growth, project share. Same random keys as simulate.ts (CRN).
//
// Each simulated day's completed units are poured into the list:
// - k = 1 (strict order): into the highest-ranked unfinished eligible item; what is left over
//   flows to the next one.
// - k > 1: unit by unit, each unit goes to one of the k highest-ranked unfinished eligible items
//   chosen uniformly at random (keyed by trial, day and unit).
// An item is eligible when every listed item blocking it is done (the same day counts), so it
// is never done before a blocker. Scope growth arrivals join the end of the list: in strict order
// they never delay a listed item; with k > 1 they take a slot only when fewer than k listed items
// are eligible.
import { STREAM, binomial, combine, mix32, trialKeyInt } from './prng';
import { dayUnits, drawPlan, hashThrough, type DrawPlan } from './drawPlan';
import { wholeStrictRows } from './perItemWhole';
import { CancelledError, TRIAL_BLOCK, arrivals, splitFactor, type SimCommon } from './simulate';

const INV_2_32 = 1 / 4294967296;
const EPS = 1e-9;

export interface PerItemInput extends SimCommon {
  /** Units of each listed item, in rank order. */
  weights: Float64Array;
  /** A stable key per item (hash of its id): split draws follow the item, not its position. */
  keys: Int32Array;
  /** For each item, the indexes of listed items blocking it. */
  blockedBy?: readonly (readonly number[])[];
  split?: { low: number; high: number };
  /** Parallel work: how many top items share a day's units (default 1). */
  parallel?: number;
  growth?: { samples: Float64Array; weight?: number };
  /** Keep each trial's per-item results (trials x items, -1 = never): for tests and attribution. */
  keepTrials?: boolean;
}

export interface PerItemResult {
  /**
   * rows[dayIndex][item] = trials in which the item (and every item above it) was done on forecast
   * day dayIndex; rows[H] = not within horizon. Rows no trial reached are undefined.
   */
  rows: (Int32Array | undefined)[];
  horizon: number;
  /** Simulated trial-days (for the benchmark). */
  trialDays: number;
  trials?: Int32Array;
}

/** Largest total of whole-number weights served by the integer fast path (table size). */
const WHOLE_TABLE_MAX = 1 << 22;

/** The firstOpen table of whole-number weights (undefined when a weight is fractional or the total is too large). */
function firstOpenTable(weights: Float64Array): Int32Array | undefined {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!Number.isInteger(w)) return undefined;
    if (w > 0) total += w;
  }
  if (total > WHOLE_TABLE_MAX) return undefined;
  const m = weights.length;
  const table = new Int32Array(total + 1);
  let i = 0;
  let before = 0; // whole units of the positive-weight items ranked above i
  for (let u = 0; u <= total; u++) {
    while (i < m && (weights[i] <= EPS || before + weights[i] <= u)) {
      if (weights[i] > EPS) before += weights[i];
      i++;
    }
    table[u] = i;
  }
  return table;
}

/** One run's state; the trial body is a method so V8 optimises it early (cold runs matter). */
class PerItemSim {
  readonly n: number;
  readonly H: number;
  readonly m: number;
  readonly k: number;
  readonly low: number;
  readonly high: number;
  readonly share: number;
  readonly growth: Float64Array | undefined;
  readonly gWeight: number;
  readonly blockers: readonly (readonly number[])[] | undefined;
  readonly hasBlockers: boolean;
  readonly anyThroughput: boolean;
  readonly plan: DrawPlan;
  readonly rem: Float64Array;
  readonly done: Int32Array;
  readonly cand: Int32Array;
  /**
   * Per trial the prefix-max dates are non-decreasing down the list, so they form runs: each run
   * adds +1 at its first item and -1 after its last in its day's row (a difference array); rows are
   * prefix-summed once at the end. Cost per trial = runs, not items.
   */
  readonly rows: (Int32Array | undefined)[];
  readonly done0: Int32Array | undefined;
  /** firstOpen[u] = index of the first unfinished item once u units are done (whole weights only). */
  readonly firstOpen: Int32Array | undefined;
  left0 = 0;
  trialDays = 0;
  top = 0;
  left = 0;

  constructor(readonly input: PerItemInput) {
    this.n = input.samples.length;
    this.H = input.days.length;
    this.m = input.weights.length;
    this.k = Math.max(1, Math.floor(input.parallel ?? 1));
    this.low = input.split?.low ?? 1;
    this.high = input.split?.high ?? 1;
    this.share = input.share ?? 1;
    this.growth = input.growth && input.growth.samples.length ? input.growth.samples : undefined;
    this.gWeight = input.growth?.weight ?? 1;
    this.blockers = input.blockedBy;
    this.hasBlockers = !!input.blockedBy && input.blockedBy.some((b) => b.length > 0);
    this.anyThroughput = input.samples.some((x) => x > 0);
    this.plan = drawPlan(input.samples, input.days, input.ratios);
    this.rem = new Float64Array(this.m);
    this.done = new Int32Array(this.m);
    this.cand = new Int32Array(this.k);
    this.rows = new Array<Int32Array | undefined>(this.H + 1);
    this.firstOpen = this.low === 1 && this.high === 1 ? firstOpenTable(input.weights) : undefined;
    // without split draws every trial starts from the same state: copy it instead of rebuilding it
    if (this.low === 1 && this.high === 1) {
      this.done0 = new Int32Array(this.m);
      for (let i = 0; i < this.m; i++) {
        if (input.weights[i] <= EPS) this.done0[i] = 0;
        else {
          this.done0[i] = -1;
          this.left0++;
        }
      }
    }
  }

  private eligible(i: number): boolean {
    const b = this.blockers?.[i];
    if (!b) return true;
    for (let q = 0; q < b.length; q++) if (this.done[b[q]] < 0) return false;
    return true;
  }

  private finish(i: number, d: number): void {
    this.done[i] = d;
    this.left--;
    const { done, m } = this;
    while (this.top < m && done[this.top] >= 0) this.top++;
  }

  /** Strict order: pour c units down the list. */
  private pourStrict(c: number, d: number): void {
    const { rem, done, m } = this;
    while (c > EPS && this.left > 0) {
      let i = this.top;
      while (i < m && (done[i] >= 0 || (this.hasBlockers && !this.eligible(i)))) i++;
      if (i >= m) return; // everything left is blocked (a cycle): nothing can progress
      const use = c < rem[i] ? c : rem[i];
      rem[i] -= use;
      c -= use;
      if (rem[i] <= EPS) this.finish(i, d);
    }
  }

  /** Parallel work: unit by unit to one of the k top eligible items (or the growth tail). */
  private pourParallel(c: number, d: number, cell: number, tail: number): number {
    const { rem, done, m, k, cand } = this;
    let draw = 0;
    while (c > EPS && this.left > 0) {
      let found = 0;
      for (let i = this.top; i < m && found < k; i++) if (done[i] < 0 && (!this.hasBlockers || this.eligible(i))) cand[found++] = i;
      const slots = tail > EPS ? Math.min(k, found + 1) : found;
      if (!slots) break;
      const pick = (mix32((cell + Math.imul(STREAM.parallel, 0x27d4eb2d) + Math.imul(draw++, 0x165667b1)) | 0) * INV_2_32 * slots) | 0;
      const amount = c < 1 ? c : 1;
      if (pick >= found) {
        const use = amount < tail ? amount : tail;
        tail -= use;
        c -= use;
        continue;
      }
      const i = cand[pick];
      const use = amount < rem[i] ? amount : rem[i];
      rem[i] -= use;
      c -= use;
      if (rem[i] <= EPS) this.finish(i, d);
    }
    return tail;
  }

  /**
   * Strict order without blockers and without kept trials (the common case): the same arithmetic
   * as pourStrict + record, with the first unfinished item as a local pointer and the runs of
   * prefix-max dates recorded as items finish (items finish in rank order here), so a trial costs
   * its days, not its items.
   */
  private trialStrict(t: number): void {
    const { input, rem, done, m, H, plan, low, high, share, rows } = this;
    const { weights, keys } = input;
    const tk = trialKeyInt(input.seed, t);
    let left = 0;
    if (low === 1 && high === 1) {
      rem.set(weights);
      done.set(this.done0!);
      left = this.left0;
    } else {
      for (let i = 0; i < m; i++) {
        const w = weights[i] * splitFactor(tk, keys[i], low, high);
        rem[i] = w;
        if (w <= EPS) done[i] = 0;
        else {
          done[i] = -1;
          left++;
        }
      }
    }
    let top = 0;
    while (top < m && done[top] >= 0) top++;
    // the leading run: items done before day 0 (weight 0) have prefix-max day 0
    let runDay = top > 0 ? 0 : -2;
    let runStart = 0;
    let days = 0;
    if (this.anyThroughput) {
      for (let d = 0; d < H && left > 0; d++) {
        days++;
        const cell = combine(tk, plan.dh[d]);
        let c = dayUnits(plan, cell, d);
        if (share < 1) c = binomial(c, share, cell, STREAM.share);
        // growth arrivals join the end of the list: in strict order they never delay a listed item
        while (c > EPS && left > 0) {
          const r = rem[top];
          const use = c < r ? c : r;
          const after = r - use;
          rem[top] = after;
          c -= use;
          if (after <= EPS) {
            done[top] = d;
            left--;
            const from = top;
            top++;
            while (top < m && done[top] >= 0) top++;
            if (d !== runDay) {
              if (runDay >= 0) {
                const row = (rows[runDay] ??= new Int32Array(m + 1));
                row[runStart]++;
                row[from]--;
              }
              runDay = d;
              runStart = from;
            }
          }
        }
      }
    }
    this.trialDays += days;
    if (runDay >= 0) {
      const row = (rows[runDay] ??= new Int32Array(m + 1));
      row[runStart]++;
      row[top]--;
    }
    if (top < m) {
      const row = (rows[H] ??= new Int32Array(m + 1));
      row[top]++;
      row[m]--;
    }
  }

  trial(t: number, kept: Int32Array | undefined): void {
    if (!kept && this.k === 1 && !this.hasBlockers) return this.trialStrict(t);
    const { input, rem, done, m, H, plan, low, high, share } = this;
    const { weights, keys } = input;
    const tk = trialKeyInt(input.seed, t);
    this.left = 0;
    for (let i = 0; i < m; i++) {
      const w = low === 1 && high === 1 ? weights[i] : weights[i] * splitFactor(tk, keys[i], low, high);
      rem[i] = w;
      if (w <= EPS) done[i] = 0;
      else {
        done[i] = -1;
        this.left++;
      }
    }
    this.top = 0;
    while (this.top < m && done[this.top] >= 0) this.top++;
    let tail = 0; // growth units waiting at the end of the list
    for (let d = 0; d < H && this.left > 0 && this.anyThroughput; d++) {
      this.trialDays++;
      const cell = combine(tk, plan.dh[d]);
      let c = dayUnits(plan, cell, d);
      if (share < 1) c = binomial(c, share, cell, STREAM.share);
      if (this.growth) tail += this.gWeight * arrivals(this.growth, cell);
      if (c <= 0) continue;
      if (this.k === 1) this.pourStrict(c, d);
      else tail = this.pourParallel(c, d, cell, tail);
    }
    this.record(t, kept);
  }

  /** Adds this trial's prefix-max dates to the rows (as runs). */
  private record(t: number, kept: Int32Array | undefined): void {
    const { done, m, H, rows } = this;
    let worst = 0;
    let runStart = 0;
    let runDay = -2;
    for (let i = 0; i < m; i++) {
      if (worst >= 0) worst = done[i] < 0 ? -1 : done[i] > worst ? done[i] : worst;
      const dayIdx = worst < 0 ? H : worst;
      if (dayIdx !== runDay) {
        if (runDay >= 0) {
          const r = (rows[runDay] ??= new Int32Array(m + 1));
          r[runStart]++;
          r[i]--;
        }
        runDay = dayIdx;
        runStart = i;
      }
      if (kept) kept[t * m + i] = worst;
    }
    if (runDay >= 0) {
      const r = (rows[runDay] ??= new Int32Array(m + 1));
      r[runStart]++;
      r[m]--;
    }
  }
}

export function simulatePerItem(input: PerItemInput): PerItemResult {
  const sim = new PerItemSim(input);
  if (!input.keepTrials && sim.k === 1 && !sim.hasBlockers && sim.firstOpen) {
    const { plan, firstOpen, m, share, anyThroughput } = sim;
    const r = wholeStrictRows({ plan, firstOpen, items: m, trials: input.trials, seed: input.seed, share, anyThroughput, shouldCancel: input.shouldCancel });
    return { rows: r.rows, horizon: sim.H, trialDays: r.trialDays };
  }
  hashThrough(sim.plan, sim.H - 1);
  const kept = input.keepTrials ? new Int32Array(input.trials * sim.m) : undefined;
  for (let t = 0; t < input.trials; t++) {
    if (input.shouldCancel && t % TRIAL_BLOCK === 0 && input.shouldCancel()) throw new CancelledError();
    sim.trial(t, kept);
  }
  const m = sim.m;
  for (const r of sim.rows) if (r) for (let i = 1; i <= m; i++) r[i] += r[i - 1];
  return { rows: sim.rows, horizon: sim.H, trialDays: sim.trialDays, ...(kept ? { trials: kept } : {}) };
}

/** Done-by day index per item and percentile (-1 = not within horizon), and each item's never-share. */
export function perItemPercentiles(r: PerItemResult, items: number, trials: number, ps: readonly number[]): { index: Int32Array[]; never: Float64Array } {
  const index = ps.map(() => new Int32Array(items).fill(-1));
  const need = ps.map((p) => Math.max(1, Math.ceil(p * trials - 1e-9)));
  const cum = new Int32Array(items);
  for (let d = 0; d < r.horizon; d++) {
    const row = r.rows[d];
    if (!row) continue;
    for (let i = 0; i < items; i++) {
      if (!row[i]) continue;
      const c = (cum[i] += row[i]);
      for (let q = 0; q < ps.length; q++) if (index[q][i] < 0 && c >= need[q]) index[q][i] = d;
    }
  }
  const last = r.rows[r.horizon];
  return { index, never: Float64Array.from({ length: items }, (_, i) => (last ? last[i] / trials : 0)) };
}
