// The BacklogService as VS Code runs it: storage in the workspace's storage folder, the save delay
// setting, the user told about failed saves and unreadable files; the context keys of the
// walkthrough and menus; the demo backlog on request; the active backlog for synchronous readers.
import * as vscode from 'vscode';
import path from 'node:path';
import { BacklogService } from '../core/backlog/service';
import { seedDemoIfEmpty } from '../core/backlog/demo';
import { log } from '../platform/log';
import { loadSqlJs } from '../platform/sqlLoader';

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

export function createBacklogService(context: vscode.ExtensionContext, storageDir: string, distDir: string): BacklogService {
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
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('flowcast.storage.flushDelayMs')) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The new save delay applies after a window reload.'));
      }
    }),
  );
  return svc;
}

/** The demo backlog of `npm start` (setting flowcast.demo.seedIfEmpty), created beside the first paint. */
export function seedDemoOnRequest(svc: BacklogService): void {
  if (vscode.workspace.getConfiguration('flowcast').get<boolean>('demo.seedIfEmpty') !== true) return;
  seedDemoIfEmpty(svc, vscode.l10n.t('Demo backlog')).then(
    (seeded) => seeded && log().info('seeded the demo backlog'),
    (err: unknown) => log().error('could not seed the demo backlog', err instanceof Error ? err : String(err)),
  );
}

/** Context keys for the walkthrough's completion events (and menus): a backlog exists, items exist. */
export function registerBacklogContextKeys(context: vscode.ExtensionContext, svc: BacklogService): void {
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
}

/** The active backlog's id, kept current for readers that cannot wait (registry file only). */
export function trackActiveBacklog(context: vscode.ExtensionContext, svc: BacklogService): () => string | undefined {
  let activeBacklogId: string | undefined;
  svc.getActiveBacklog().then(
    (a) => (activeBacklogId = a?.id),
    () => undefined,
  );
  const sub = svc.onDidChange((e) => {
    if (e.kind === 'active') activeBacklogId = e.backlogId;
  });
  context.subscriptions.push({ dispose: () => sub.dispose() });
  return () => activeBacklogId;
}
