// Honesty guards: a forecast is only given when the history can support it. Outcomes are typed;
// callers never get a date when the honest answer is "not enough data" or "cannot forecast".
import type { DailyHistory } from './history';

export const MIN_DAYS_WITH_COMPLETION = 5;
export const MIN_WINDOW_WORKING_DAYS = 10;

export type GuardOutcome =
  | { kind: 'ok' }
  | { kind: 'windowTooShort'; reason: 'window shorter than 10 working days'; windowDays: number; needed: 10 }
  | { kind: 'cannotForecast'; reason: 'zero throughput' }
  | { kind: 'notEnoughData'; reason: 'fewer than 5 working days with a completion'; daysWithCompletion: number; needed: 5 };

export type Refusal = Exclude<GuardOutcome, { kind: 'ok' }>;

/** Checks a history: window >= 10 working days, some throughput, >= 5 days with a completion. */
export function checkHistory(h: DailyHistory): GuardOutcome {
  if (h.windowWorkingDays < MIN_WINDOW_WORKING_DAYS) return { kind: 'windowTooShort', reason: 'window shorter than 10 working days', windowDays: h.windowWorkingDays, needed: 10 };
  if (h.daysWithCompletion === 0) return { kind: 'cannotForecast', reason: 'zero throughput' };
  if (h.daysWithCompletion < MIN_DAYS_WITH_COMPLETION) return { kind: 'notEnoughData', reason: 'fewer than 5 working days with a completion', daysWithCompletion: h.daysWithCompletion, needed: 5 };
  return { kind: 'ok' };
}

/**
 * A probability for display: ">95%" when above 95% while work remains (never "100%"), "<5%"
 * below 5% (never "0%" for a possible outcome), else a whole percentage. `fr` uses "95 %" spacing.
 */
export function formatProbability(p: number, locale: 'en' | 'fr' = 'en', workRemains = true): string {
  const sp = locale === 'fr' ? '\u202f' : '';
  if (workRemains && p > 0.95) return `>95${sp}%`;
  if (p > 0 && p < 0.05) return `<5${sp}%`;
  return `${Math.round(p * 100)}${sp}%`;
}
