// Percentile markers of a forecast (50/70/85/95) with their likelihood level: the points drawn on
// the How Many "at least" curve and the When CDF, and the rows of their percentile tables.
import { likelihoodOf, type LikelihoodLevel } from './likelihood';

export interface HowManyMarker {
  p: number;
  /** At least this many items with probability >= p. */
  value: number;
  /** P(X >= value) read from the curve (>= p by construction). */
  probability: number;
  level: LikelihoodLevel;
}

export interface WhenMarker {
  p: number;
  /** Done by this date with probability >= p; null when not within the horizon. */
  date: string | null;
  level: LikelihoodLevel;
}

/** Markers of a How Many forecast on its P(X >= x) curve (curve[x] = P(X >= x), x = 0..max). */
export function howManyMarkers(percentiles: readonly { p: number; value: number }[], atLeastCurve: readonly { value: number; probability: number }[]): HowManyMarker[] {
  const at = new Map(atLeastCurve.map((c) => [c.value, c.probability]));
  return percentiles.map((q) => ({ p: q.p, value: q.value, probability: at.get(q.value) ?? (q.value <= 0 ? 1 : 0), level: likelihoodOf(q.p) }));
}

/** Markers of a When forecast (a date per percentile, or null beyond the horizon). */
export function whenMarkers(percentiles: readonly { p: number; date: string | null }[]): WhenMarker[] {
  return percentiles.map((q) => ({ p: q.p, date: q.date, level: likelihoodOf(q.p) }));
}

/** P(finish <= date) from a CDF over dates (ascending): the last point on or before `date`, else 0. */
export function probabilityBy(cdf: readonly { date: string; probability: number }[], date: string): number {
  let lo = 0;
  let hi = cdf.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid].date <= date) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best < 0 ? 0 : cdf[best].probability;
}

/** P(X >= x) of a How Many curve (0 beyond its end, 1 at or below 0). */
export function probabilityAtLeast(atLeastCurve: readonly { value: number; probability: number }[], x: number): number {
  if (x <= 0) return 1;
  return atLeastCurve.find((c) => c.value === x)?.probability ?? 0;
}
