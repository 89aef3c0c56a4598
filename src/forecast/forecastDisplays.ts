// Forecasts shown all the time, outside the forecast panel: the status bar item (the active backlog
// and the P85 date for its open items, or for those of a saved view; click opens the forecast), the
// command that chooses what it forecasts, and the commands that switch the dates on the board's cards. Both are computed in the engine's worker after changes, never on a
// path the user waits for.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { formatDate, type WhenResult } from '../core/forecast';
import { escapeMarkdownInline } from '../core/ai/analysisReport';
import { viewsWithOpenItems } from '../core/forecast/savedViews';
import { parseArgs, StatusBarForecastArgsSchema } from '../core/protocol/forecastArgs';
import type { Answer, ForecastHost } from './forecastHost';
import { LiveForecast } from './liveForecast';
import { createCardDates, type CardDatesAnswer } from './cardDates';
import { describeError } from '../platform/messages';
import { isSqlJsLoaded } from '../platform/sqlLoader';

function statusBarSetting(): boolean {
  return vscode.workspace.getConfiguration('flowcast').get<boolean>('statusBar.forecast') !== false;
}

/** The saved view whose open items the status bar forecasts (its name; empty = every open item). */
function statusBarViewSetting(): string {
  return (vscode.workspace.getConfiguration('flowcast').get<string>('statusBar.forecastView') ?? '').trim();
}

/** What the status bar forecasts: the answer, and the saved view it was for (found or not). */
interface StatusForecast {
  answer: Answer<WhenResult>;
  view?: { name: string; found: boolean };
}

/** The When forecast of a backlog's open items, or of the open items of the saved view named in the setting. */
async function statusForecast(forecaster: ForecastHost, backlogId: string): Promise<StatusForecast> {
  const name = statusBarViewSetting();
  if (!name) return { answer: await forecaster.when({ backlogId, channel: 'statusBar', record: false }) };
  const { repo, extraction } = await forecaster.extraction(backlogId);
  const view = viewsWithOpenItems(repo, extraction.ranked).find((v) => v.name.toLowerCase() === name.toLowerCase());
  const answer = await forecaster.when({ backlogId, channel: 'statusBar', record: false, ...(view ? { remaining: view.openIds.length } : {}) });
  return { answer, view: { name: view?.name ?? name, found: !!view } };
}

/** The status bar item: "$(graph-line) Sprint 12 · P85 12 Mar", or the backlog alone with the reason in its tooltip. */
export class ForecastStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('flowcast.forecast', vscode.StatusBarAlignment.Left, 50);
  private readonly live: LiveForecast<StatusForecast>;
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
    this.live = new LiveForecast(service, (id) => statusForecast(forecaster, id), 2000);
    const sub = service.onDidChange((e) => {
      if (e.kind === 'active' || e.kind === 'backlogs') void this.update();
    });
    const updates = this.live.onDidUpdate(() => void this.update());
    this.disposables.push(
      new vscode.Disposable(() => sub.dispose()),
      new vscode.Disposable(() => updates.dispose()),
      vscode.workspace.onDidChangeConfiguration((ev) => {
        if (ev.affectsConfiguration('flowcast.statusBar.forecastView')) this.live.refreshAll();
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
      const { answer, view } = await this.live.get(active.id);
      if (ticket !== this.ticket) return;
      const r = answer.result;
      const p85 = r.kind === 'ok' ? r.percentiles.find((q) => Math.abs(q.p - 0.85) < 1e-9) : undefined;
      const scope = view?.found ? `${active.name} › ${view.name}` : active.name;
      const missing = view && !view.found ? vscode.l10n.t('No saved view named "{0}" in this backlog: forecasting every open item.', view.name) : undefined;
      if (r.kind === 'ok' && p85?.date) {
        this.item.text = `$(graph-line) ${scope} · P85 ${formatDate(p85.date, this.locale())}`;
        const md = new vscode.MarkdownString();
        if (missing) md.appendText(`${missing}\n\n`);
        md.appendMarkdown(answer.sentences.map((s) => `- ${escapeMarkdownInline(s)}`).join('\n'));
        this.item.tooltip = md;
      } else {
        // No date where the honest answer is "not enough data" or "not within the horizon".
        this.item.text = `$(graph-line) ${scope}`;
        this.item.tooltip = [missing, answer.sentence || vscode.l10n.t('No forecast yet.')].filter(Boolean).join('\n\n');
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
    vscode.commands.registerCommand('flowcast.chooseStatusBarForecast', async (args?: unknown) => {
      // With arguments (scripts, tests): no picker; a bad field is a typed error and changes nothing.
      if (args !== undefined) return setStatusBarView(parseArgs(StatusBarForecastArgsSchema, args).view.trim());
      return chooseStatusBarForecast(service, forecaster);
    }),
    vscode.commands.registerCommand('flowcast.board.showForecastDates', () => setDates(true)),
    vscode.commands.registerCommand('flowcast.board.hideForecastDates', () => setDates(false)),
  );
  return { cardDates, statusBar };
}

/** Asks what the status bar forecasts: every open item, or one saved view's (kept in the workspace settings). */
async function chooseStatusBarForecast(service: BacklogService, forecaster: ForecastHost): Promise<string | undefined> {
  const active = await service.getActiveBacklog();
  if (!active) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a backlog first.'));
    return undefined;
  }
  const { repo, extraction } = await forecaster.extraction(active.id);
  const current = statusBarViewSetting().toLowerCase();
  const picks = [
    { label: vscode.l10n.t('Every open item'), description: vscode.l10n.t('{0} open', extraction.ranked.length), name: '', picked: !current },
    ...viewsWithOpenItems(repo, extraction.ranked).map((v) => ({ label: v.name, description: vscode.l10n.t('saved view, {0} open', v.openIds.length), name: v.name, picked: v.name.toLowerCase() === current })),
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('What the status bar forecasts in {0}', active.name) });
  return pick ? setStatusBarView(pick.name) : undefined;
}

/** Stores the view the status bar forecasts (workspace settings when a folder is open). */
async function setStatusBarView(name: string): Promise<string> {
  await vscode.workspace.getConfiguration('flowcast').update('statusBar.forecastView', name, vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return name;
}
