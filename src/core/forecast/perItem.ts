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
import { STREAM, binomial, cellKey, mix32, trialKey } from './prng';
import { CancelledError, TRIAL_BLOCK, arrivals, dayUnits, splitFactor, type SimCommon } from './simulate';

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
  /** counts[item * (H + 1) + dayIndex]; dayIndex H = not within horizon. */
  counts: Int32Array;
  horizon: number;
  /** Simulated trial-days (for the benchmark). */
  trialDays: number;
  trials?: Int32Array;
}

export function simulatePerItem(input: PerItemInput): PerItemResult {
  const { samples, days, ratios, trials, seed, weights, keys } = input;
  const share = input.share ?? 1;
  const n = samples.length;
  const H = days.length;
  const m = weights.length;
  const k = Math.max(1, Math.floor(input.parallel ?? 1));
  const low = input.split?.low ?? 1;
  const high = input.split?.high ?? 1;
  const growth = input.growth && input.growth.samples.length ? input.growth : undefined;
  const gWeight = growth?.weight ?? 1;
  const blockers = input.blockedBy;
  const counts = new Int32Array(m * (H + 1));
  const kept = input.keepTrials ? new Int32Array(trials * m) : undefined;
  const rem = new Float64Array(m);
  const done = new Int32Array(m);
  const cand = new Int32Array(k);
  let trialDays = 0;
  let anyThroughput = false;
  for (let j = 0; j < n; j++) if (samples[j] > 0) anyThroughput = true;

  const eligible = (i: number): boolean => {
    const b = blockers?.[i];
    if (!b) return true;
    for (let q = 0; q < b.length; q++) if (done[b[q]] < 0) return false;
    return true;
  };

  for (let t = 0; t < trials; t++) {
    if (input.shouldCancel && t % TRIAL_BLOCK === 0 && input.shouldCancel()) throw new CancelledError();
    const tk = trialKey(seed, t);
    let left = 0;
    for (let i = 0; i < m; i++) {
      const w = low === 1 && high === 1 ? weights[i] : weights[i] * splitFactor(tk, keys[i], low, high);
      rem[i] = w;
      if (w <= EPS) done[i] = 0;
      else {
        done[i] = -1;
        left++;
      }
    }
    let top = 0;
    let tail = 0; // growth units waiting at the end of the list
    for (let d = 0; d < H && left > 0 && anyThroughput; d++) {
      trialDays++;
      let c = dayUnits(samples, n, days[d], ratios[d], tk);
      if (share < 1) c = binomial(c, share, cellKey(tk, days[d]), STREAM.share);
      if (growth) tail += gWeight * arrivals(growth.samples, days[d], tk);
      if (c <= 0) continue;
      while (top < m && done[top] >= 0) top++;
      if (k === 1) {
        while (c > EPS && left > 0) {
          let i = top;
          while (i < m && (done[i] >= 0 || !eligible(i))) i++;
          if (i >= m) break; // everything left is blocked (a cycle): nothing can progress
          const use = c < rem[i] ? c : rem[i];
          rem[i] -= use;
          c -= use;
          if (rem[i] <= EPS) {
            done[i] = d;
            left--;
            while (top < m && done[top] >= 0) top++;
          }
        }
      } else {
        const cell = cellKey(tk, days[d]);
        let draw = 0;
        while (c > EPS && left > 0) {
          let found = 0;
          for (let i = top; i < m && found < k; i++) if (done[i] < 0 && eligible(i)) cand[found++] = i;
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
          if (rem[i] <= EPS) {
            done[i] = d;
            left--;
            while (top < m && done[top] >= 0) top++;
          }
        }
      }
    }
    // prefix max: an item's date is when it and every item above it are done
    let worst = 0;
    for (let i = 0; i < m; i++) {
      if (worst >= 0) worst = done[i] < 0 ? -1 : done[i] > worst ? done[i] : worst;
      counts[i * (H + 1) + (worst < 0 ? H : worst)]++;
      if (kept) kept[t * m + i] = worst;
    }
  }
  return { counts, horizon: H, trialDays, ...(kept ? { trials: kept } : {}) };
}
