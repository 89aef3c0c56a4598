// The backlog analysis commands: score the open items that changed since the last run (or all),
// store the scores and the run, and show the report.
import * as vscode from 'vscode';
import { analyseBacklog } from '../core/ai/features';
import { itemContentHash, itemsNeedingAnalysis, saveItemScores, saveRun } from '../core/ai/analysisStore';
import { type AiCommandKit, str, withAiProgress } from './aiCommandSupport';

export function registerAnalysisCommands(kit: AiCommandKit): void {
  const { service, reports, reg, withAi } = kit;

  reg('flowcast.ai.analyseBacklog', async (a) => {
    const { id: backlogId, repo } = await service.repo(str(a, 'backlogId'));
    const done = new Set(repo.listStatuses().filter((s) => s.category === 'done').map((s) => s.key));
    const active = repo.listItems().filter((i) => !done.has(i.status));
    if (!active.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no open items to analyse.'));
      return { ok: true, analysed: 0, skipped: 0 };
    }
    const targets = a?.all === true ? active : itemsNeedingAnalysis(repo.db, active);
    if (!targets.length) {
      const again = vscode.l10n.t('Re-analyse all');
      const show = vscode.l10n.t('Show report');
      if (a?.all === false) return { ok: true, analysed: 0, skipped: active.length };
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('No item changed since the last analysis.'), show, again);
      if (pick === show) await reports.show(backlogId);
      if (pick !== again) return { ok: true, analysed: 0, skipped: active.length };
      return vscode.commands.executeCommand('flowcast.ai.analyseBacklog', { backlogId, all: true });
    }
    return withAi(async (rt, label) => {
      // The time the items were read: an edit made during the call leaves its score outdated.
      const at = new Date().toISOString();
      const hashes = new Map(targets.map((i) => [i.id, itemContentHash(i)]));
      const res = await withAiProgress(vscode.l10n.t('{0}: analysing {1} items…', label, targets.length), (signal, report) =>
        analyseBacklog(rt, { items: targets, context: active, signal, onBatch: (d, t) => report(vscode.l10n.t('batch {0} of {1}', d, t)) }),
      );
      await service.writeDerived(backlogId, res.scores.map((s) => s.itemId), (db) => {
        saveItemScores(db, res.scores.map((s) => ({ ...s, factors: s.factors.map((f) => ({ name: `${f.effect === 'raises' ? '▲' : '▼'} ${f.name}`, note: f.note })), contentHash: hashes.get(s.itemId) as string, provider: rt.provider.id, model: rt.model, at })));
        saveRun(db, { at, provider: rt.provider.id, model: rt.model, groups: res.groups, blockingBugs: res.blockingBugs.map((b) => ({ itemId: b.id, reason: b.reason })), insights: res.insights, analysed: res.scores.length, skipped: active.length - targets.length });
      });
      if (a?.open !== false) await reports.show(backlogId);
      if (res.missing.length) void vscode.window.showWarningMessage(vscode.l10n.t('The AI did not score {0} item(s); run the analysis again to complete them.', res.missing.length));
      return { ok: true, analysed: res.scores.length, skipped: active.length - targets.length, missing: res.missing };
    });
  });

  reg('flowcast.ai.showAnalysis', async (a) => {
    const { id } = await service.repo(str(a, 'backlogId'));
    return reports.show(id);
  });
}
