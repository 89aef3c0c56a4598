// Percentiles and distributions of simulated outcomes, computed by counting (histograms over
// typed arrays) rather than sorting trial arrays repeatedly.
// - How Many uses "at least" semantics: atLeast(samples, p) = sort(samples)[clamp(floor((1-p)n), 0, n-1)].
// - When uses "done by" semantics: the first date D with P(finish <= D) >= p; trials that never
//   finish within the horizon count as later than every date (so a percentile may be "not within
//   horizon", never a made-up date).

export const PERCENTILES = [0.5, 0.7, 0.85, 0.95] as const;

/** The reference's "at least" percentile of unsorted samples (0 when there are none). */
export function atLeast(samples: ArrayLike<number>, p: number): number {
  const n = samples.length;
  if (!n) return 0;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.floor((1 - p) * n)))];
}

/** Counts of non-negative integer outcomes: counts[v] = trials with value v. */
export function countValues(values: ArrayLike<number>): Int32Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const counts = new Int32Array(max + 1);
  for (let i = 0; i < values.length; i++) counts[values[i]]++;
  return counts;
}

/** atLeast over a histogram of integer values (same result as `atLeast` on the raw samples). */
export function atLeastFromCounts(counts: ArrayLike<number>, n: number, p: number): number {
  if (!n) return 0;
  const idx = Math.min(n - 1, Math.max(0, Math.floor((1 - p) * n)));
  let cum = 0;
  for (let v = 0; v < counts.length; v++) {
    cum += counts[v];
    if (cum > idx) return v;
  }
  return counts.length - 1;
}

export interface HowManyDistribution {
  /** Trials. */
  n: number;
  /** histogram[x] = share of trials finishing exactly x items. */
  histogram: { value: number; probability: number }[];
  /** P(X >= x) for x = 0..max. */
  atLeastCurve: { value: number; probability: number }[];
  mean: number;
}

export function howManyDistribution(counts: Int32Array, n: number): HowManyDistribution {
  const histogram: HowManyDistribution['histogram'] = [];
  const atLeastCurve: HowManyDistribution['atLeastCurve'] = [];
  let above = n;
  let sum = 0;
  for (let v = 0; v < counts.length; v++) {
    if (counts[v]) histogram.push({ value: v, probability: counts[v] / n });
    atLeastCurve.push({ value: v, probability: n ? above / n : 0 });
    above -= counts[v];
    sum += v * counts[v];
  }
  return { n, histogram, atLeastCurve, mean: n ? sum / n : 0 };
}

/**
 * "Done by" index of a histogram over day indexes 0..H-1 (counts[H] = not within horizon):
 * the first index i with cumulative count >= p * n, or -1 when it lies beyond the horizon.
 */
export function doneByIndex(counts: ArrayLike<number>, n: number, p: number, horizon: number): number {
  if (!n) return -1;
  const need = Math.max(1, Math.ceil(p * n - 1e-9));
  let cum = 0;
  for (let i = 0; i < horizon; i++) {
    cum += counts[i];
    if (cum >= need) return i;
  }
  return -1;
}

/** Share of trials that finish by each date: CDF at `queryDays` for finish days (NaN/-1 = never). */
export function cdfAt(finishDays: ArrayLike<number>, queryDays: readonly number[]): number[] {
  const n = finishDays.length;
  return queryDays.map((q) => {
    if (!n) return 0;
    let k = 0;
    for (let i = 0; i < n; i++) if (finishDays[i] >= 0 && finishDays[i] <= q) k++;
    return k / n;
  });
}

export interface WhenDistribution {
  n: number;
  /** Completion-date histogram (epoch days, only days some trial finished on). */
  histogram: { day: number; probability: number }[];
  /** P(finish <= day) on each of those days. */
  cdf: { day: number; probability: number }[];
  /** Share of trials that never finished within the horizon. */
  notWithinHorizon: number;
}

/** Distribution of finish indexes over forecast days `days` (counts[days.length] = never). */
export function whenDistribution(counts: ArrayLike<number>, n: number, days: ArrayLike<number>): WhenDistribution {
  const histogram: WhenDistribution['histogram'] = [];
  const cdf: WhenDistribution['cdf'] = [];
  let cum = 0;
  for (let i = 0; i < days.length; i++) {
    if (!counts[i]) continue;
    cum += counts[i];
    histogram.push({ day: days[i], probability: counts[i] / n });
    cdf.push({ day: days[i], probability: cum / n });
  }
  return { n, histogram, cdf, notWithinHorizon: n ? (counts[days.length] ?? 0) / n : 0 };
}
