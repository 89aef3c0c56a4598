// Flowcast's entry point: wires the pure core (src/core) to VS Code. Activation is cheap: it
// registers views and commands; sql.js and any SDK load on first use.
import * as vscode from 'vscode';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createApi, type FlowcastApi } from './core/api';
import { BacklogService } from './core/backlog/service';
import { seedDemoIfEmpty } from './core/backlog/demo';
import { BacklogsTreeProvider } from './backlog/backlogsTree';
import { liveConnections } from './board/boardConnection';
import { BOARD_PANEL_TYPE, BOARD_VIEW_ID, BoardPanelManager, BoardViewProvider } from './board/boardViews';
import { registerCommands } from './backlog/backlogCommands';
import { ItemDocumentProvider, ITEM_SCHEME } from './backlog/itemDocuments';
import { registerItemCommands, TodoCodeActionProvider } from './backlog/itemCommands';
import { registerIoCommands } from './backlog/ioCommands';
import { EDITOR_VIEW_TYPE, ItemEditorManager } from './editor/itemEditor';
import { DASHBOARD_PANEL_TYPE, DashboardPanelManager } from './dashboard/dashboardPanel';
import { registerSearchCommands } from './backlog/searchCommands';
import { registerWorkflowCommands } from './backlog/workflowCommands';
import { searchItems } from './core/search';
import { log } from './platform/log';
import { SecretStore } from './platform/secrets';
import { isSqlJsLoaded, loadSqlJs } from './platform/sqlLoader';
import { UsageLog } from './core/ai/usage';
import { AiService } from './ai/aiService';
import { AiViewProvider } from './ai/aiView';
import { registerAiCommands } from './ai/aiCommands';
import { ANALYSIS_SCHEME, AnalysisReportProvider } from './ai/analysisReport';
import { ReviewPanelManager } from './ai/reviewPanel';
import { registerReviewTestCommands } from './ai/reviewDemo';
import { registerEditorTestCommands } from './editor/testDemos';
import { ForecastHost } from './forecast/forecastHost';
import { ForecastWorkerClient } from './core/forecast/workerClient';
import { FORECAST_REPORT_SCHEME, ForecastReportProvider } from './forecast/forecastReport';
import { registerForecastCommands } from './forecast/forecastCommands';
import { registerForecastPanel } from './forecast/forecastPanel';
import { forecastApi } from './forecast/forecastApi';
import { registerForecastDisplays } from './forecast/forecastDisplays';
import { registerAzureDevOps } from './ado/azureDevOpsCommands';
import { registerLanguageModelTools } from './chat/lmTools';
import { registerAgentLog } from './chat/agentLogDocument';
import { registerChatParticipant } from './chat/participant';
import { registerMcpServer } from './chat/mcpProvider';
import { CHAT_PANEL_TYPE, ChatPanelManager } from './chat/chatPanel';

let service: BacklogService | undefined;
let usageLog: UsageLog | undefined;

const DEFAULT_FLUSH_DELAY = 300;

function flushDelay(): number {
  const raw = vscode.workspace.getConfiguration('flowcast').get<unknown>('storage.flushDelayMs');
  if (raw === undefined) return DEFAULT_FLUSH_DELAY;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 50 || raw > 500) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The setting flowcast.storage.flushDelayMs must be a number from 50 to 500; {0} is used instead.', DEFAULT_FLUSH_DELAY),
    );
    return DEFAULT_FLUSH_DELAY;
  }
  return raw;
}

export function activate(context: vscode.ExtensionContext): FlowcastApi {
  const storageRoot = context.storageUri ?? context.globalStorageUri;
  const storageDir = path.join(storageRoot.fsPath, 'backlogs');
  const distDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;

  const svc = new BacklogService({
    dir: storageDir,
    loadSql: () => loadSqlJs(distDir),
    flushDelayMs: flushDelay(),
    onFlushError: (err) => {
      log().error('saving a backlog failed; changes are kept in memory and saving is retried', err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Flowcast could not save your backlog ({0}). Your changes are kept in memory and saving will be retried; check free disk space and permissions.', err instanceof Error ? err.message : String(err)),
      );
    },
    onFlushRecovered: () => log().info('saving works again; all changes are on disk'),
    onCorrupt: (e) => {
      log().warn(`unreadable backlog file moved aside: ${e.file} -> ${e.movedTo} (${e.reason})`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The backlog file {0} could not be read ({1}). It was moved aside to {2}, untouched, and an empty backlog was started.', path.basename(e.file), e.reason, path.basename(e.movedTo)),
      );
    },
  });
  service = svc;

  // The engine runs in a worker thread started on the first forecast and ended when idle.
  const forecastWorker = path.join(distDir, 'forecastWorker.js');
  const locale = (): 'en' | 'fr' => (vscode.env.language.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  const forecasts = new ForecastHost(svc, new ForecastWorkerClient({ workerPath: existsSync(forecastWorker) ? forecastWorker : undefined }), locale);
  const { cardDates, statusBar } = registerForecastDisplays(context, svc, forecasts, locale);
  const boardView = new BoardViewProvider(context.extensionUri, svc, cardDates);
  const panels = new BoardPanelManager(context.extensionUri, svc, cardDates);
  const tree = new BacklogsTreeProvider(svc, context.workspaceState, path.join(context.globalStorageUri.fsPath, 'icons'), async (q) => {
    const { repo } = await svc.repo();
    return searchItems(repo.db, q, { limit: 100_000 }).hits.map((h) => h.id);
  });
  const treeView = vscode.window.createTreeView('flowcast.backlogs', { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true, canSelectMany: true });
  tree.view = treeView;
  const docs = new ItemDocumentProvider(svc);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(BOARD_VIEW_ID, boardView, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.window.registerWebviewPanelSerializer(BOARD_PANEL_TYPE, panels),
    treeView,
    vscode.workspace.registerTextDocumentContentProvider(ITEM_SCHEME, docs),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TodoCodeActionProvider(), { providedCodeActionKinds: TodoCodeActionProvider.kinds }),
    boardView,
    panels,
    tree,
    docs,
  );
  registerCommands(context, svc, panels, storageDir);
  const editors = new ItemEditorManager(context.extensionUri, svc);
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(EDITOR_VIEW_TYPE, editors), editors);
  registerItemCommands(context, svc, (id) => editors.show(id));
  const dashboard = new DashboardPanelManager(context.extensionUri, svc);
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_PANEL_TYPE, dashboard),
    dashboard,
    vscode.commands.registerCommand('flowcast.openDashboard', () => {
      dashboard.show();
      return true;
    }),
  );
  const secrets = new SecretStore(context.secrets);
  // Azure DevOps connections are per backlog: the commands read the active one synchronously.
  let activeBacklogId: string | undefined;
  svc.getActiveBacklog().then((a) => (activeBacklogId = a?.id), () => undefined);
  const activeSub = svc.onDidChange((e) => {
    if (e.kind === 'active') activeBacklogId = e.backlogId;
  });
  context.subscriptions.push({ dispose: () => activeSub.dispose() });
  registerAzureDevOps(context, { getSql: () => loadSqlJs(distDir), storageDir: context.globalStorageUri.fsPath, activeBacklogId: () => activeBacklogId, log: (m) => log().info(m) });
  const usage = new UsageLog(path.join(context.globalStorageUri.fsPath, 'ai-usage.json'));
  usageLog = usage;
  const ai = new AiService(secrets, usage, distDir);
  const aiView = new AiViewProvider(ai, context.secrets);
  const reports = new AnalysisReportProvider(svc);
  const reviews = new ReviewPanelManager(context.extensionUri, svc);
  context.subscriptions.push(
    vscode.window.createTreeView('flowcast.ai', { treeDataProvider: aiView }),
    aiView,
    vscode.workspace.registerTextDocumentContentProvider(ANALYSIS_SCHEME, reports),
    reports,
    reviews,
  );
  registerAiCommands(context, { service: svc, ai, editors, reviews, reports });
  // Demo payloads for the UI tests: registered (and shown in the palette, "flowcast.devMode") only
  // in test runs: the integration tests (Test mode) and the UI tests, which start VS Code with
  // FLOWCAST_TEST_COMMANDS=1. `npm start` (development mode, no variable) never shows them.
  if (context.extensionMode === vscode.ExtensionMode.Test || (context.extensionMode === vscode.ExtensionMode.Development && process.env.FLOWCAST_TEST_COMMANDS === '1')) {
    registerReviewTestCommands(context, reviews, svc);
    registerEditorTestCommands(context, editors, svc);
  }
  registerWorkflowCommands(context, svc);
  const forecastReports = new ForecastReportProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(FORECAST_REPORT_SCHEME, forecastReports), forecastReports, { dispose: () => void forecasts.dispose() });
  registerForecastCommands(context, svc, forecasts, forecastReports);
  const forecastPanels = registerForecastPanel(context, svc, forecasts);
  registerLanguageModelTools(context, svc, forecasts);
  registerAgentLog(context, svc);
  registerChatParticipant(context, { service: svc, forecasts });
  const mcp = registerMcpServer(context, svc, forecasts);
  const chats = new ChatPanelManager(context.extensionUri, { service: svc, ai, forecasts });
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(CHAT_PANEL_TYPE, chats),
    chats,
    vscode.commands.registerCommand('flowcast.openChat', () => {
      chats.show();
      return true;
    }),
  );
  registerSearchCommands(context, svc, tree);
  registerIoCommands(context, svc);
  context.subscriptions.push(vscode.commands.registerCommand('flowcast.refresh', () => tree.refresh()));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('flowcast.storage.flushDelayMs')) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The new save delay applies after a window reload.'));
      }
    }),
  );

  if (vscode.workspace.getConfiguration('flowcast').get<boolean>('demo.seedIfEmpty') === true) {
    seedDemoIfEmpty(svc, vscode.l10n.t('Demo backlog')).then(
      (seeded) => seeded && log().info('seeded the demo backlog'),
      (err: unknown) => log().error('could not seed the demo backlog', err instanceof Error ? err : String(err)),
    );
  }

  // Context keys for the walkthrough's completion events (and menus): a backlog exists, items exist.
  const updateContext = async () => {
    try {
      const active = await svc.getActiveBacklog();
      await vscode.commands.executeCommand('setContext', 'flowcast.hasBacklog', !!active);
      const count = active ? (await svc.repo(active.id)).repo.countItems(true) : 0;
      await vscode.commands.executeCommand('setContext', 'flowcast.hasItems', count > 0);
    } catch {
      // an unreadable backlog is reported elsewhere
    }
  };
  const contextSub = svc.onDidChange(() => void updateContext());
  context.subscriptions.push({ dispose: () => contextSub.dispose() });
  // At activation: ticks the walkthrough's "Create a backlog" step when a backlog already exists
  // (the registry file only: sql.js is not loaded for this).
  svc.listBacklogs().then(
    (all) => vscode.commands.executeCommand('setContext', 'flowcast.hasBacklog', all.length > 0),
    () => undefined,
  );

  const api = createApi(() => svc, forecastApi(forecasts));
  log().info(`Flowcast ${api.version} activated (storage: ${storageDir})`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;

  // Inspection hooks for the integration tests only (never present in normal use).
  return Object.freeze({
    ...api,
    __testing: {
      storageDir,
      secrets,
      isSqlJsLoaded,
      reopen: (backlogId?: string) => svc.reopen(backlogId),
      boardConnections: () => [...liveConnections].map((c) => ({ isReady: c.isReady, handshakes: c.handshakes, connection: c })),
      tree,
      service: svc,
      editors,
      ai,
      aiView,
      reviews,
      forecasts,
      forecastReports,
      forecastStatusBar: statusBar,
      cardDates,
      forecastPanels,
      mcp,
      chats,
    },
  });
}

export async function deactivate(): Promise<void> {
  await usageLog?.flush().catch(() => undefined);
  usageLog = undefined;
  const s = service;
  service = undefined;
  if (!s) return;
  try {
    await s.dispose();
  } catch (err) {
    log().error('final save on deactivate failed', err instanceof Error ? err : String(err));
  }
}
