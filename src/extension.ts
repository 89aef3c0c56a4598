// Flowcast's entry point: wires the pure core (src/core) to VS Code. Activation is cheap: it
// registers views and commands; sql.js and any SDK load on first use.
import * as vscode from 'vscode';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createApi, type FlowcastApi } from './core/api';
import type { BacklogService } from './core/backlog/service';
import { createBacklogService, registerBacklogContextKeys, seedDemoOnRequest, trackActiveBacklog } from './backlog/backlogHost';
import { BacklogsTreeProvider } from './backlog/backlogsTree';
import { liveConnections } from './board/boardConnection';
import { registerBoards } from './board/boardViews';
import { registerCommands } from './backlog/backlogCommands';
import { ItemDocumentProvider, ITEM_SCHEME } from './backlog/itemDocuments';
import { registerItemCommands, TodoCodeActionProvider } from './backlog/itemCommands';
import { registerIoCommands } from './backlog/ioCommands';
import { EDITOR_VIEW_TYPE, ItemEditorManager } from './editor/itemEditor';
import { itemForecastSource } from './editor/itemForecast';
import { registerDashboard } from './dashboard/dashboardPanel';
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
import { registerAzureDevOpsPublish } from './ado/azureDevOpsPublish';
import { registerAzureDevOpsTestCommands } from './ado/azureDevOpsTestCommands';
import { registerLanguageModelTools } from './chat/lmTools';
import { registerAgentLog } from './chat/agentLogDocument';
import { registerChatParticipant } from './chat/participant';
import { registerMcpServer } from './chat/mcpProvider';
import { registerChatPanel } from './chat/chatPanel';

let service: BacklogService | undefined;
let usageLog: UsageLog | undefined;

export function activate(context: vscode.ExtensionContext): FlowcastApi {
  const storageRoot = context.storageUri ?? context.globalStorageUri;
  const storageDir = path.join(storageRoot.fsPath, 'backlogs');
  const distDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;

  const svc = createBacklogService(context, storageDir, distDir);
  service = svc;

  // The engine runs in a worker thread started on the first forecast and ended when idle.
  const forecastWorker = path.join(distDir, 'forecastWorker.js');
  const locale = (): 'en' | 'fr' => (vscode.env.language.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  const forecasts = new ForecastHost(svc, new ForecastWorkerClient({ workerPath: existsSync(forecastWorker) ? forecastWorker : undefined }), locale);
  const { cardDates, statusBar } = registerForecastDisplays(context, svc, forecasts, locale);
  const panels = registerBoards(context, svc, cardDates);
  const tree = new BacklogsTreeProvider(svc, context.workspaceState, path.join(context.globalStorageUri.fsPath, 'icons'), async (q) => {
    const { repo } = await svc.repo();
    return searchItems(repo.db, q, { limit: 100_000 }).hits.map((h) => h.id);
  });
  const treeView = vscode.window.createTreeView('flowcast.backlogs', { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true, canSelectMany: true });
  tree.view = treeView;
  const docs = new ItemDocumentProvider(svc);
  context.subscriptions.push(
    treeView,
    vscode.workspace.registerTextDocumentContentProvider(ITEM_SCHEME, docs),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new TodoCodeActionProvider(), { providedCodeActionKinds: TodoCodeActionProvider.kinds }),
    tree,
    docs,
  );
  registerCommands(context, svc, panels, storageDir);
  const editors = new ItemEditorManager(context.extensionUri, svc);
  editors.forecast = itemForecastSource(cardDates, forecasts);
  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(EDITOR_VIEW_TYPE, editors), editors);
  registerItemCommands(context, svc, (id) => editors.show(id));
  registerDashboard(context, svc);
  const secrets = new SecretStore(context.secrets);
  const azureDevOps = registerAzureDevOps(context, { getSql: () => loadSqlJs(distDir), storageDir: context.globalStorageUri.fsPath, activeBacklogId: trackActiveBacklog(context, svc), log: (m) => log().info(m) });
  forecasts.azureDevOps = () => azureDevOps.forecastData();
  context.subscriptions.push(azureDevOps.onDidSync(() => forecasts.azureDevOpsChanged()));
  registerAzureDevOpsPublish(context, { service: svc, ado: azureDevOps });
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
    registerAzureDevOpsTestCommands(context);
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
  const chats = registerChatPanel(context, { service: svc, ai, forecasts });
  registerSearchCommands(context, svc, tree);
  registerIoCommands(context, svc);
  context.subscriptions.push(vscode.commands.registerCommand('flowcast.refresh', () => tree.refresh()));

  seedDemoOnRequest(svc);
  registerBacklogContextKeys(context, svc);

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
      azureDevOps,
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
