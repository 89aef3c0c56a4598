// The likelihood of meeting a target date, per item, from a per-item forecast's completion counts:
// the share of trials in which the item (and every item ranked above it, as the per-item forecast
// counts it) is done on a forecast day on or before its target date. Pure; the board colours a
// card with a target date by it (src/core/board/targets.ts).
import type { PerItemResult } from './perItem';

/** One item's target: its index in the forecast's list and the target as an epoch day. */
export interface TargetDay {
  item: number;
  day: number;
}

/** Index of the last forecast day on or before `day` (days ascending), or -1 when all are after it. */
export function lastDayOnOrBefore(days: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * For each target, the share of `trials` in which its item is done by the target day (0 when the
 * target is before the first forecast day: it can no longer be met). `rows` are the per-item
 * forecast's rows (rows[d][item] = trials done on forecast day d; undefined rows: none).
 */
export function doneByTargetShares(r: Pick<PerItemResult, 'rows' | 'horizon'>, days: ArrayLike<number>, trials: number, targets: readonly TargetDay[]): number[] {
  if (trials <= 0) return targets.map(() => 0);
  return targets.map(({ item, day }) => {
    const last = Math.min(lastDayOnOrBefore(days, day), r.horizon - 1);
    let done = 0;
    for (let d = 0; d <= last; d++) done += r.rows[d]?.[item] ?? 0;
    return Math.min(1, done / trials);
  });
}
