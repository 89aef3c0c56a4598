// Target dates on the board, computed without a DOM: the likelihood level a card shows for meeting
// its target date (from the per-item forecast) and the "At risk" filter (P85 date after the target).
import { type LikelihoodLevel, likelihoodOf } from '../forecast/view/likelihood';
import type { Card, CardDates } from '../protocol/messages';

/** The value of the "forecast" filter chip that keeps the cards at risk of missing their target. */
export const AT_RISK = 'atRisk';

/**
 * The likelihood of meeting the card's target date, or null when there is none to show: no target
 * date, no forecast (not enough data), or a forecast made for another target date (the user just
 * changed it; the next recompute brings the new one).
 */
export function targetLikelihood(card: Pick<Card, 'targetDate'>, dates: CardDates | undefined): { level: LikelihoodLevel; probability: number } | null {
  const t = dates?.target;
  if (!card.targetDate || !t || t.date !== card.targetDate) return null;
  return { level: likelihoodOf(t.probability), probability: t.probability };
}

/**
 * At risk: the card has a target date and its P85 forecast date is after it (or beyond the
 * forecast horizon). Without a forecast nothing is known, so nothing is at risk.
 */
export function isAtRisk(card: Pick<Card, 'targetDate'>, dates: CardDates | undefined): boolean {
  if (!card.targetDate || !dates) return false;
  return dates.p85 === null || dates.p85 > card.targetDate;
}
