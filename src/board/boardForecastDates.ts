// Sends an open board the forecast dates of its cards (setting flowcast.board.forecastDates): after
// the board's state, again whenever the dates were recomputed after a change, when the active
// backlog changes, and when the setting is switched. The dates never delay the board's first paint.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { BoardForecastDates, type Endpoint } from '../core/protocol';
import type { CardDatesAnswer } from '../forecast/cardDates';
import type { LiveForecast } from '../forecast/liveForecast';
import { log } from '../platform/log';
import { describeError } from '../platform/messages';

export function forecastDatesSetting(): boolean {
  return vscode.workspace.getConfiguration('flowcast').get<boolean>('board.forecastDates') !== false;
}

export class BoardDatesFeed implements vscode.Disposable {
  private readonly disposables: { dispose(): void }[] = [];
  private sent = 0;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly service: BacklogService,
    private readonly dates: LiveForecast<CardDatesAnswer> | undefined,
    private readonly isReady: () => boolean,
  ) {
    if (dates) {
      this.disposables.push(
        dates.onDidUpdate((id) => {
          void this.service.getActiveBacklog().then((a) => {
            if (a?.id === id) void this.send();
          });
        }),
      );
    }
    this.disposables.push(
      service.onDidChange((e) => {
        if (e.kind === 'active') void this.send();
      }),
      vscode.workspace.onDidChangeConfiguration((ev) => {
        if (ev.affectsConfiguration('flowcast.board.forecastDates')) void this.send();
      }),
    );
  }

  /** Sends the dates of the active backlog (or that they are off); a later send supersedes an earlier one. */
  async send(): Promise<void> {
    if (!this.isReady()) return;
    const ticket = ++this.sent;
    const active = await this.service.getActiveBacklog().catch(() => undefined);
    if (!active) return;
    const on = forecastDatesSetting() && !!this.dates;
    if (!on || !this.dates) {
      this.endpoint.notify(BoardForecastDates, { backlogId: active.id, on: false, dates: {} });
      return;
    }
    try {
      const answer = await this.dates.get(active.id);
      if (ticket === this.sent && this.isReady()) this.endpoint.notify(BoardForecastDates, { ...answer, on: true });
    } catch (err) {
      log().warn(`[board] no forecast dates for the cards: ${err instanceof Error ? err.message : String(err)}`);
      if (ticket === this.sent && this.isReady()) this.endpoint.notify(BoardForecastDates, { backlogId: active.id, on: true, dates: {}, reason: describeError(err) });
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
