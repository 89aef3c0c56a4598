// The forecast dates shown on the board's cards: the engine's backlog-order forecast (P50 / P85 /
// P95 of every open item, and the likelihood of meeting its target date when it has one) for a
// backlog, or the honest reason there are none. Kept up to date by a
// LiveForecast (recomputed in the worker after changes, on a channel of its own so the forecast
// panel's runs and these never cancel each other).
import type { BacklogService } from '../core/backlog/service';
import type { BoardForecastDatesParams, CardDates } from '../core/protocol';
import type { ForecastHost } from './forecastHost';
import { LiveForecast } from './liveForecast';

export type CardDatesAnswer = Omit<BoardForecastDatesParams, 'on'>;

/** The P50 / P85 / P95 dates of each open item of a backlog, from one backlog-order forecast. */
export async function computeCardDates(forecaster: ForecastHost, backlogId: string): Promise<CardDatesAnswer> {
  const answer = await forecaster.perItem({ backlogId, channel: 'cards', record: false });
  const result = answer.result;
  if (result.kind !== 'ok') return { backlogId, dates: {}, reason: answer.sentence || undefined };
  const dates: Record<string, CardDates> = {};
  const at = (ps: { p: number; date: string | null }[], p: number) => ps.find((q) => Math.abs(q.p - p) < 1e-9)?.date ?? null;
  for (const it of result.items) {
    dates[it.id] = { p50: at(it.percentiles, 0.5), p85: at(it.percentiles, 0.85), p95: at(it.percentiles, 0.95), ...(it.target ? { target: it.target } : {}) };
  }
  return { backlogId, dates };
}

/**
 * Recomputed 1.5 s after the last change: a series of drags is one recompute once the user pauses
 * (reading the history of a 10,000-item backlog takes the extension host tens of milliseconds,
 * which must not land between two drops).
 */
export function createCardDates(service: BacklogService, forecaster: ForecastHost): LiveForecast<CardDatesAnswer> {
  return new LiveForecast(service, (id) => computeCardDates(forecaster, id), 1500);
}
