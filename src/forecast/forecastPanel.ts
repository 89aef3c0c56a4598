// The Forecast panel ("Flowcast: Open Forecast"): one editor tab, restored after a reload by its
// serializer. The page sends its inputs (validated by src/core/protocol/forecastPanel), the host
// runs them on ForecastHost (worker pool; a newer run cancels the stale one), answers with trimmed
// results, tells the page when the backlog changes, saves exports through a save dialog and reads a
// CSV source through the open dialog (kept here by id for the page's later runs).
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { DEFAULT_TRIALS, DEFAULT_WINDOW_DAYS } from '../core/forecast';
import { Diagnostic, type Endpoint, Init } from '../core/protocol';
import {
  ExplainDateMove,
  ForecastBacklogChanged,
  GetPanelDefaults,
  GetPanelMetrics,
  GetPanelTrust,
  OpenItemFromForecast,
  PickPanelCsv,
  RunPanelForecast,
  SavePanelExport,
  type ExportParams,
} from '../core/protocol/forecastPanel';
import { log } from '../platform/log';
import { SingletonPanelManager } from '../platform/singletonPanel';
import { StatePusher, userFacing, WebviewConnection } from '../platform/webviewConnection';
import { buildWebviewHtml } from '../platform/webviewHtml';
import { todayIn, type ForecastHost, type SourceSpec } from './forecastHost';
import { panelAzureDevOps, panelMetrics, panelTrust, panelViews, runPanelForecast } from './forecastPanelData';
import { askCsv } from './sourcePicker';
import { forecastPanelStrings } from './forecastPanelStrings';

export const FORECAST_PANEL_TYPE = 'flowcast.forecastPanel';
/** Backlog changes closer together than this reach the page once. */
const CHANGE_DEBOUNCE_MS = 250;

const EXPORT_FILTERS: Record<ExportParams['kind'], [string, string]> = { png: ['PNG', 'png'], svg: ['SVG', 'svg'], json: ['JSON', 'json'], csv: ['CSV', 'csv'] };

/** One Forecast page connected to the forecast host over the typed protocol. */
export class ForecastPanelConnection implements vscode.Disposable {
  readonly endpoint: Endpoint;
  private readonly conn: WebviewConnection;
  private readonly pusher: StatePusher;
  private readonly subs: { dispose(): void }[] = [];
  /** Paths written by exports (tests read them). */
  readonly exported: string[] = [];
  /** CSV files picked on this page, parsed, by the id the page was given. */
  private readonly csvFiles = new Map<string, SourceSpec>();
  private csvCount = 0;

  constructor(
    webview: vscode.Webview,
    private readonly service: BacklogService,
    private readonly forecasts: ForecastHost,
  ) {
    this.conn = new WebviewConnection(webview, 'forecast');
    this.endpoint = this.conn.endpoint;
    this.pusher = new StatePusher(this.conn, () => this.pushBacklog(), 'forecast', CHANGE_DEBOUNCE_MS);
    this.register();
    this.subs.push(service.onDidChange(() => this.pusher.schedule()), forecasts.onAzureDevOpsChanged(() => this.pusher.schedule()));
  }

  get isReady(): boolean {
    return this.conn.isReady;
  }

  /** Outbound messages are also given to these taps (tests). */
  get taps(): Set<(m: unknown) => void> {
    return this.conn.taps;
  }

  /** Feeds a message exactly as if the page had posted it (tests). */
  receive(message: unknown): void {
    this.conn.receive(message);
  }

  reset(): void {
    this.conn.reset();
  }

  private async pushBacklog(): Promise<void> {
    const active = await this.service.getActiveBacklog();
    const openCount = active ? (await this.forecasts.defaults(active.id)).openCount : 0;
    this.endpoint.notify(ForecastBacklogChanged, {
      backlog: active ? { id: active.id, name: active.name } : null,
      openCount,
      views: await panelViews(this.forecasts, active?.id),
      azureDevOps: active ? await panelAzureDevOps(this.forecasts) : null,
    });
  }

  private register(): void {
    const e = this.endpoint;
    e.onReady(() => e.notify(Init, { locale: vscode.env.language, strings: forecastPanelStrings(), view: 'panel' }));
    e.handle(
      GetPanelDefaults,
      userFacing(async () => {
        const active = await this.service.getActiveBacklog();
        const base = { trials: DEFAULT_TRIALS, windowDays: DEFAULT_WINDOW_DAYS };
        if (!active) {
          const today = todayIn(undefined);
          return { ...base, backlog: null, views: [], azureDevOps: null, today, start: today, openCount: 0, seed: 1 };
        }
        const d = await this.forecasts.defaults(active.id);
        const views = await panelViews(this.forecasts, active.id);
        return { ...base, backlog: { id: active.id, name: active.name }, views, azureDevOps: await panelAzureDevOps(this.forecasts), today: todayIn(d.calendar.timeZone), start: d.start, openCount: d.openCount, seed: d.seed };
      }),
    );
    e.handle(
      RunPanelForecast,
      userFacing(async (inputs) => {
        const r = await runPanelForecast(this.service, this.forecasts, inputs, undefined, (id) => this.csvFiles.get(id));
        log().debug(`[forecast] ${inputs.mode} ${inputs.trials} trials answered in ${Math.round(r.ok ? r.ms : 0)} ms`);
        return r;
      }),
    );
    e.handle(
      GetPanelMetrics,
      userFacing((p) => panelMetrics(this.forecasts, p.source)),
    );
    e.handle(
      GetPanelTrust,
      userFacing(async () => {
        const active = await this.service.getActiveBacklog();
        const d = await this.forecasts.defaults(active?.id);
        return panelTrust(this.forecasts, todayIn(d.calendar.timeZone));
      }),
    );
    e.handle(
      ExplainDateMove,
      userFacing(async (p) => {
        const r = await this.forecasts.whyMoved({ itemId: p.itemId });
        return { sentences: r.sentences, from: r.from, to: r.to };
      }),
    );
    e.handle(
      SavePanelExport,
      userFacing((p) => this.save(p)),
    );
    e.handle(
      PickPanelCsv,
      userFacing(async () => {
        const picked = await askCsv();
        if (!picked) return { picked: false, rows: 0, openRows: 0 };
        const fileId = `csv:${++this.csvCount}`;
        this.csvFiles.set(fileId, picked.spec);
        return { picked: true, fileId, name: picked.name, rows: picked.rows, openRows: picked.openRows };
      }),
    );
    e.handle(
      OpenItemFromForecast,
      userFacing(async (p) => {
        const result: unknown = await vscode.commands.executeCommand('flowcast.openItem', p.id);
        return { done: result !== undefined && result !== false };
      }),
    );
    e.onNotification(Diagnostic, (d) => {
      const line = `[forecast] webview: ${d.message}`;
      if (d.level === 'error') log().error(line);
      else if (d.level === 'warn') log().warn(line);
      else log().info(line);
    });
  }

  /** Asks where to save an export (the suggested name in the first workspace folder) and writes it. */
  private async save(p: ExportParams): Promise<{ saved: boolean; path?: string }> {
    const [label, ext] = EXPORT_FILTERS[p.kind];
    const name = p.name.toLowerCase().endsWith(`.${ext}`) ? p.name : `${p.name}.${ext}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [label]: [ext] },
      saveLabel: vscode.l10n.t('Export'),
      title: vscode.l10n.t('Export {0}', name),
    });
    if (!uri) return { saved: false };
    const bytes = p.kind === 'png' ? Buffer.from(p.content.slice(p.content.indexOf(',') + 1), 'base64') : Buffer.from(p.content, 'utf8');
    await vscode.workspace.fs.writeFile(uri, bytes);
    this.exported.push(uri.fsPath);
    log().info(`[forecast] exported ${p.kind} (${bytes.length} bytes) to ${uri.fsPath}`);
    return { saved: true, path: uri.fsPath };
  }

  dispose(): void {
    this.pusher.dispose();
    this.conn.dispose();
    for (const s of this.subs) s.dispose();
  }
}

/** The Forecast panel in an editor tab (one at a time). */
export class ForecastPanelManager extends SingletonPanelManager<ForecastPanelConnection> {
  constructor(
    extensionUri: vscode.Uri,
    private readonly service: BacklogService,
    private readonly forecasts: ForecastHost,
  ) {
    super(extensionUri, FORECAST_PANEL_TYPE);
  }

  protected title(): string {
    return vscode.l10n.t('Flowcast Forecast');
  }

  protected connect(webview: vscode.Webview): ForecastPanelConnection {
    return new ForecastPanelConnection(webview, this.service, this.forecasts);
  }

  protected html(webview: vscode.Webview): string {
    return buildWebviewHtml(webview, this.extensionUri, { entry: 'forecast', title: vscode.l10n.t('Flowcast Forecast'), lang: vscode.env.language });
  }
}

/** The panel, its serializer and the "Flowcast: Open Forecast" command. */
export function registerForecastPanel(context: vscode.ExtensionContext, service: BacklogService, forecasts: ForecastHost): ForecastPanelManager {
  const panels = new ForecastPanelManager(context.extensionUri, service, forecasts);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(FORECAST_PANEL_TYPE, panels),
    panels,
    vscode.commands.registerCommand('flowcast.openForecast', () => {
      panels.show();
      return true;
    }),
  );
  return panels;
}
