// The item editor's forecast section, host side: sends an open item's P50 / P85 / P95 dates from
// the shared live forecast of the board's cards (again whenever it is recomputed), and why its
// P85 date moved between the last two recorded backlog-order forecasts (ForecastHost.whyMoved),
// explained again as soon as a new forecast is recorded, while the editor is open.
import * as vscode from 'vscode';
import { EditorForecast, type EditorForecastParams } from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import type { CardDatesAnswer } from '../forecast/cardDates';
import type { ForecastHost } from '../forecast/forecastHost';
import type { LiveForecast } from '../forecast/liveForecast';
import { log } from '../platform/log';
import type { Open } from './editorModel';

export interface ItemForecastSource {
  dates: LiveForecast<CardDatesAnswer>;
  whyMoved(backlogId: string, itemId: string): Promise<{ sentences: string[]; from: string; to: string }>;
  /** Fires with a backlog's id when a forecast is recorded in its ledger (why-moved may change). */
  onDidRecord(listener: (backlogId: string) => void): { dispose(): void };
}

export function itemForecastSource(dates: LiveForecast<CardDatesAnswer>, forecasts: ForecastHost): ItemForecastSource {
  return { dates, whyMoved: (backlogId, itemId) => forecasts.whyMoved({ backlogId, itemId }), onDidRecord: (l) => forecasts.onDidRecord(l) };
}

/** Strings of the section (part of the editor's strings table). */
export function itemForecastStrings(): Record<string, string> {
  return {
    itemForecast: vscode.l10n.t('Forecast'),
    itemForecastHint: vscode.l10n.t('From the backlog order, as on the board\'s cards.'),
    itemForecastLoading: vscode.l10n.t('Computing the forecast…'),
    itemForecastNotWithin: vscode.l10n.t('not within the horizon'),
    itemForecastMoved: vscode.l10n.t('Why the date moved since the last forecast'),
  };
}

type Moved = Pick<EditorForecastParams, 'moved' | 'movedReason'>;

/** Why the date moved, or why that cannot be told (fewer than two recorded forecasts of the item). */
async function movedOf(src: ItemForecastSource, backlogId: string, itemId: string): Promise<Moved> {
  try {
    return { moved: await src.whyMoved(backlogId, itemId) };
  } catch (err) {
    if (err instanceof FlowcastError && err.code === 'invalid_input')
      return { movedReason: vscode.l10n.t('Record the backlog-order forecast twice (Forecast panel, "Record in the ledger") to see why this date moves.') };
    log().warn(`[editor ${itemId}] why the date moved: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
}

/** Sends the section's data when the page is ready, each time the live forecast is recomputed, and with a new explanation when a forecast is recorded. */
export function registerItemForecast(o: Open, src: ItemForecastSource): void {
  let moved: Moved | undefined;
  const send = async (explain: boolean): Promise<void> => {
    const itemId = o.itemId;
    if (!itemId) return;
    try {
      const answer = await src.dates.get(o.backlogId);
      if (explain || !moved) moved = await movedOf(src, o.backlogId, itemId);
      const dates = answer.dates[itemId] ?? null;
      const reason = dates ? undefined : (answer.reason ?? vscode.l10n.t('No forecast: this item is not open.'));
      o.endpoint.notify(EditorForecast, { id: itemId, dates, ...(reason ? { reason } : {}), ...moved });
    } catch (err) {
      log().warn(`[editor ${itemId}] forecast section: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  o.endpoint.onReady(() => void send(true));
  const sub = src.dates.onDidUpdate((id) => {
    if (id === o.backlogId) void send(false);
  });
  const recorded = src.onDidRecord((id) => {
    if (id === o.backlogId) void send(true);
  });
  o.panel.onDidDispose(() => {
    sub.dispose();
    recorded.dispose();
  });
}
