// The dashboard ("Flowcast: Open Dashboard"): backlog analytics in an editor tab, restored after a
// reload by the serializer. The numbers come from src/core/stats (pure); this adapter only wires
// the panel to the typed protocol, localises labels and re-pushes the state when the backlog changes.
import * as vscode from 'vscode';
import { EFFORTS, PRIORITIES } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { Diagnostic, type Endpoint, Init } from '../core/protocol';
import { type DashboardState, DashboardStateChanged, GetDashboard, OpenItemFromDashboard } from '../core/protocol/dashboard';
import { computeDashboard } from '../core/stats';
import { log } from '../platform/log';
import { describeError, priorityLabel, statusLabel, typeLabel } from '../platform/messages';
import { buildWebviewHtml } from '../platform/webviewHtml';
import { SingletonPanelManager } from '../platform/singletonPanel';
import { StatePusher, userFacing, WebviewConnection } from '../platform/webviewConnection';

export const DASHBOARD_PANEL_TYPE = 'flowcast.dashboardPanel';
/** Changes arriving closer together than this are pushed once. */
const PUSH_DEBOUNCE_MS = 100;


/** Strings the dashboard webview shows. */
export function dashboardStrings(): Record<string, string> {
  return {
    title: vscode.l10n.t('Flowcast Dashboard'),
    loading: vscode.l10n.t('Loading…'),
    noBacklog: vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.'),
    problem: vscode.l10n.t('The backlog could not be opened'),
    error: vscode.l10n.t('Error'),
    refresh: vscode.l10n.t('Refresh'),
    active: vscode.l10n.t('Active items'),
    open: vscode.l10n.t('Open'),
    done: vscode.l10n.t('Done'),
    archived: vscode.l10n.t('Archived'),
    byStatus: vscode.l10n.t('By status'),
    byType: vscode.l10n.t('By type'),
    byPriority: vscode.l10n.t('By priority'),
    byEffort: vscode.l10n.t('By effort'),
    status: vscode.l10n.t('Status'),
    type: vscode.l10n.t('Type'),
    priority: vscode.l10n.t('Priority'),
    effort: vscode.l10n.t('Effort'),
    items: vscode.l10n.t('Items'),
    noItems: vscode.l10n.t('No items'),
    throughput: vscode.l10n.t('Throughput: items done per week'),
    week: vscode.l10n.t('Week'),
    weekOf: vscode.l10n.t('Week of {0}'),
    cycleTime: vscode.l10n.t('Cycle time of the items done in the last 90 days'),
    days: vscode.l10n.t('Days'),
    p50: vscode.l10n.t('p50 (median): {0} days'),
    p85: vscode.l10n.t('p85: {0} days'),
    p95: vscode.l10n.t('p95: {0} days'),
    noCycleTime: vscode.l10n.t('No item was completed in the last 90 days.'),
    criteria: vscode.l10n.t('Acceptance criteria'),
    criteriaChecked: vscode.l10n.t('{0} of {1} criteria checked'),
    criteriaItems: vscode.l10n.t('{0} of {1} items have all their criteria checked'),
    stale: vscode.l10n.t('Stale: not updated for 30 days or more'),
    staleDays: vscode.l10n.t('{0} days'),
    noStale: vscode.l10n.t('No stale item.'),
    blocked: vscode.l10n.t('Blocked by open items'),
    blockedBy: vscode.l10n.t('Blocked by'),
    noBlocked: vscode.l10n.t('No item is blocked by an open item.'),
    topBlockers: vscode.l10n.t('Top blockers'),
    blocks: vscode.l10n.t('Blocks {0} open item(s)'),
    noBlockers: vscode.l10n.t('No open item blocks another.'),
    showing: vscode.l10n.t('Showing {0} of {1}'),
    openItem: vscode.l10n.t('Open {0}'),
  };
}

/** One dashboard page connected to the backlog service over the typed protocol. */
export class DashboardConnection implements vscode.Disposable {
  readonly endpoint: Endpoint;
  private readonly conn: WebviewConnection;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pusher: StatePusher;
  private disposed = false;

  constructor(
    webview: vscode.Webview,
    private readonly service: BacklogService,
  ) {
    this.conn = new WebviewConnection(webview, 'dashboard');
    this.endpoint = this.conn.endpoint;
    this.pusher = new StatePusher(
      this.conn,
      async () => {
        const s = await this.state();
        if (!this.disposed) this.endpoint.notify(DashboardStateChanged, s);
      },
      'dashboard',
      PUSH_DEBOUNCE_MS,
    );
    this.register();
    const sub = service.onDidChange(() => this.pusher.schedule());
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
  }

  get isReady(): boolean {
    return this.conn.isReady;
  }

  /** Feeds a message exactly as if the page had posted it (tests). */
  receive(message: unknown): void {
    this.conn.receive(message);
  }

  /** The page was torn down (panel hidden or reloading): hold messages until it is ready again. */
  reset(): void {
    this.conn.reset();
  }

  private register(): void {
    const e = this.endpoint;
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: dashboardStrings(), view: 'panel' });
      void this.pusher.now();
    });
    e.handle(
      GetDashboard,
      userFacing(() => this.state()),
    );
    e.handle(
      OpenItemFromDashboard,
      userFacing(async (p) => {
        const result: unknown = await vscode.commands.executeCommand('flowcast.openItem', p.id);
        return { done: result !== undefined && result !== false };
      }),
    );
    e.onNotification(Diagnostic, (d) => {
      const line = `[dashboard] webview: ${d.message}`;
      if (d.level === 'error') log().error(line);
      else if (d.level === 'warn') log().warn(line);
      else log().info(line);
    });
  }

  /** The dashboard of the active backlog, with localised labels. */
  async state(): Promise<DashboardState> {
    const active = await this.service.getActiveBacklog();
    if (!active) return { backlog: null, data: null, labels: {}, problem: null };
    const backlog = { id: active.id, name: active.name };
    try {
      const { repo } = await this.service.repo(active.id);
      const t0 = Date.now();
      const data = computeDashboard(repo, new Date());
      log().debug(`[dashboard] computed for ${data.totals.active + data.totals.archived} item(s) in ${Date.now() - t0} ms`);
      const labels: Record<string, string> = {};
      for (const s of repo.listStatuses()) labels[`status:${s.key}`] = statusLabel(s.key, s.label);
      for (const t of repo.listTypes()) labels[`type:${t.key}`] = typeLabel(t.key, t.label);
      for (const p of [...PRIORITIES, null]) labels[`priority:${p ?? 'none'}`] = priorityLabel(p);
      for (const f of EFFORTS) labels[`effort:${f}`] = f;
      labels['effort:none'] = priorityLabel(null);
      return { backlog, data, labels, problem: null };
    } catch (err) {
      log().error(`[dashboard] could not compute the dashboard of backlog ${active.id}`, err instanceof Error ? err : String(err));
      return { backlog, data: null, labels: {}, problem: describeError(err) };
    }
  }



  dispose(): void {
    this.disposed = true;
    this.pusher.dispose();
    this.conn.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return buildWebviewHtml(webview, extensionUri, { entry: 'dashboard', title: vscode.l10n.t('Flowcast Dashboard'), lang: vscode.env.language });
}

/** The dashboard in an editor tab (one at a time); restored after a reload by the serializer. */
export class DashboardPanelManager extends SingletonPanelManager<DashboardConnection> {
  constructor(
    extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {
    super(extensionUri, DASHBOARD_PANEL_TYPE);
  }

  protected title(): string {
    return vscode.l10n.t('Flowcast Dashboard');
  }

  protected connect(webview: vscode.Webview): DashboardConnection {
    return new DashboardConnection(webview, this.service);
  }

  protected html(webview: vscode.Webview): string {
    return html(webview, this.extensionUri);
  }
}

/** The dashboard panel, its serializer and "Flowcast: Open Dashboard". */
export function registerDashboard(context: vscode.ExtensionContext, service: BacklogService): DashboardPanelManager {
  const dashboard = new DashboardPanelManager(context.extensionUri, service);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_PANEL_TYPE, dashboard),
    dashboard,
    vscode.commands.registerCommand('flowcast.openDashboard', () => {
      dashboard.show();
      return true;
    }),
  );
  return dashboard;
}
