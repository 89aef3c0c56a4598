// Forecasts shown all the time, outside the forecast panel: the status bar item (the active backlog
// and the P85 date for its open items; click opens the forecast) and the commands that switch the
// dates on the board's cards. Both are computed in the engine's worker after changes, never on a
// path the user waits for.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { formatDate, type WhenResult } from '../core/forecast';
import type { Answer, ForecastHost } from './forecastHost';
import { LiveForecast } from './liveForecast';
import { createCardDates, type CardDatesAnswer } from './cardDates';
import { describeError } from '../platform/messages';
import { isSqlJsLoaded } from '../platform/sqlLoader';

function statusBarSetting(): boolean {
  return vscode.workspace.getConfiguration('flowcast').get<boolean>('statusBar.forecast') !== false;
}

/** The status bar item: "$(graph-line) Sprint 12 · P85 12 Mar", or the backlog alone with the reason in its tooltip. */
export class ForecastStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flowcast.forecast', vscode.StatusBarAlignment.Left, 50);
  private readonly live: LiveForecast<Answer<WhenResult>>;
  private readonly disposables: vscode.Disposable[] = [];
  private ticket = 0;
  private waitForEngine: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly service: BacklogService,
    forecaster: ForecastHost,
    private readonly locale: () => 'en' | 'fr',
  ) {
    this.item.name = vscode.l10n.t('Flowcast forecast');
    this.item.command = { command: 'flowcast.openForecast', title: vscode.l10n.t('Open Forecast') };
    this.live = new LiveForecast(service, (id) => forecaster.when({ backlogId: id, channel: 'statusBar', record: false }), 2000);
    const sub = service.onDidChange((e) => {
      if (e.kind === 'active' || e.kind === 'backlogs') void this.update();
    });
    const updates = this.live.onDidUpdate(() => void this.update());
    this.disposables.push(
      new vscode.Disposable(() => sub.dispose()),
      new vscode.Disposable(() => updates.dispose()),
      vscode.workspace.onDidChangeConfiguration((ev) => {
        if (ev.affectsConfiguration('flowcast.statusBar.forecast')) void this.update();
      }),
    );
    void this.update();
  }

  /** What the item shows now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  async update(): Promise<void> {
    const ticket = ++this.ticket;
    if (!statusBarSetting()) {
      this.item.hide();
      return;
    }
    // The status bar never loads sql.js on its own (activation stays cheap): it waits until a
    // view or command has opened a backlog.
    if (!isSqlJsLoaded()) {
      this.item.hide();
      this.waitForEngine ??= setInterval(() => {
        if (!isSqlJsLoaded()) return;
        clearInterval(this.waitForEngine);
        void this.update();
      }, 1500);
      return;
    }
    const active = await this.service.getActiveBacklog().catch(() => undefined);
    if (!active) {
      if (ticket === this.ticket) this.item.hide();
      return;
    }
    try {
      const answer = await this.live.get(active.id);
      if (ticket !== this.ticket) return;
      const r = answer.result;
      const p85 = r.kind === 'ok' ? r.percentiles.find((q) => Math.abs(q.p - 0.85) < 1e-9) : undefined;
      if (r.kind === 'ok' && p85?.date) {
        this.item.text = `$(graph-line) ${active.name} · P85 ${formatDate(p85.date, this.locale())}`;
        this.item.tooltip = new vscode.MarkdownString(answer.sentences.map((s) => `- ${s}`).join('\n'));
      } else {
        // No date where the honest answer is "not enough data" or "not within the horizon".
        this.item.text = `$(graph-line) ${active.name}`;
        this.item.tooltip = answer.sentence || vscode.l10n.t('No forecast yet.');
      }
      this.item.show();
    } catch (err) {
      if (ticket !== this.ticket) return;
      this.item.text = `$(graph-line) ${active.name}`;
      this.item.tooltip = describeError(err);
      this.item.show();
    }
  }

  dispose(): void {
    clearInterval(this.waitForEngine);
    this.item.dispose();
    this.live.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The card dates (shared by every open board), the status bar item, and the show/hide commands. */
export function registerForecastDisplays(context: vscode.ExtensionContext, service: BacklogService, forecaster: ForecastHost, locale: () => 'en' | 'fr'): { cardDates: LiveForecast<CardDatesAnswer>; statusBar: ForecastStatusBar } {
  const cardDates = createCardDates(service, forecaster);
  const statusBar = new ForecastStatusBar(service, forecaster, locale);
  const setDates = (on: boolean) => vscode.workspace.getConfiguration('flowcast').update('board.forecastDates', on, vscode.ConfigurationTarget.Global);
  context.subscriptions.push(
    cardDates,
    statusBar,
    vscode.commands.registerCommand('flowcast.board.showForecastDates', () => setDates(true)),
    vscode.commands.registerCommand('flowcast.board.hideForecastDates', () => setDates(false)),
  );
  return { cardDates, statusBar };
}
