// "Flowcast: Search Items" (live QuickPick over the full-text index) and saved views.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { NameArgSchema, optionalArg, SearchQuerySchema } from '../core/protocol/api';
import { plainSnippet, searchItems } from '../core/search';
import type { BacklogsTreeProvider } from './backlogsTree';
import { report } from '../platform/report';
import { statusLabel } from '../platform/messages';

/** "1 result", "2 results" (French: "1 résultat", "2 résultats"). */
export function resultsTitle(n: number): string {
  return n === 1 ? vscode.l10n.t('1 result') : vscode.l10n.t('{0} results', n);
}

export function registerSearchCommands(context: vscode.ExtensionContext, service: BacklogService, tree: BacklogsTreeProvider): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('flowcast.searchItems', (query?: string) =>
    report(async () => {
      const { repo } = await service.repo();
      const given = optionalArg(SearchQuerySchema, query, 'query');
      if (given !== undefined) return searchItems(repo.db, given, { limit: 50 }).hits;
      const statuses = new Map(repo.listStatuses().map((s) => [s.key, statusLabel(s.key, s.label)]));
      const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
      qp.placeholder = vscode.l10n.t('Search items: words, "phrases", type:BUG status:done priority:high #tag -word');
      qp.matchOnDescription = true;
      qp.matchOnDetail = true;
      let timer: NodeJS.Timeout | undefined;
      const update = (value: string) => {
        const r = searchItems(repo.db, value, { limit: 50 });
        qp.items = r.hits.map((h) => ({
          id: h.id,
          label: h.title,
          description: `${h.id} · ${statuses.get(h.status) ?? h.status}`,
          // Plain text (no Markdown, no marker characters); VS Code highlights the typed words.
          detail: plainSnippet(h.snippet).text,
          alwaysShow: true,
        }));
        qp.title = r.warnings.length ? r.warnings.join(' · ') : resultsTitle(r.total);
      };
      qp.onDidChangeValue((v) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => update(v), 40);
      });
      update('');
      return new Promise<string | undefined>((resolve) => {
        qp.onDidAccept(() => {
          const id = qp.selectedItems[0]?.id;
          qp.hide();
          if (id) void vscode.commands.executeCommand('flowcast.openItem', id);
          resolve(id);
        });
        qp.onDidHide(() => {
          qp.dispose();
          resolve(undefined);
        });
        qp.show();
      });
    }),
  );

  reg('flowcast.filterTree', (query?: string) =>
    report(async () => {
      const q = optionalArg(SearchQuerySchema, query, 'query') ?? await vscode.window.showInputBox({ prompt: vscode.l10n.t('Show only items matching (same syntax as Search Items; empty to clear)'), value: tree.filter });
      if (q === undefined) return undefined;
      await tree.setFilter(q);
      return q;
    }),
  );
  reg('flowcast.clearTreeFilter', () => tree.setFilter(''));
  reg('flowcast.groupByType', () => tree.setGroupBy('type'));
  reg('flowcast.groupByStatus', () => tree.setGroupBy('status'));

  reg('flowcast.saveView', (name?: string, query?: string) =>
    report(async () => {
      const givenName = optionalArg(NameArgSchema, name, 'name');
      const q = optionalArg(SearchQuerySchema, query, 'query') ?? (tree.filter || (await vscode.window.showInputBox({ prompt: vscode.l10n.t('Filter of the view (search syntax)') })));
      if (!q) return undefined;
      const n = givenName ?? await vscode.window.showInputBox({ prompt: vscode.l10n.t('Name of the view') });
      if (!n) return undefined;
      return service.workflow((r) => r.saveView(n, q));
    }),
  );

  reg('flowcast.applyView', (id?: string) =>
    report(async () => {
      const viewId = optionalArg(NameArgSchema, id, 'id');
      const views = await service.workflow((r) => r.listViews());
      const view = viewId !== undefined ? views.find((v) => v.id === viewId) : (await vscode.window.showQuickPick(views.map((v) => ({ label: v.name, description: v.query, view: v })), { placeHolder: vscode.l10n.t('Saved views') }))?.view;
      if (!view) {
        if (!views.length) void vscode.window.showInformationMessage(vscode.l10n.t('No saved views yet: filter the Backlogs view, then "Flowcast: Save View".'));
        return undefined;
      }
      await tree.setFilter(view.query);
      return view;
    }),
  );

  reg('flowcast.manageViews', () =>
    report(async () => {
      for (;;) {
        const { repo } = await service.repo();
        const views = repo.listViews();
        if (!views.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('No saved views yet: filter the Backlogs view, then "Flowcast: Save View".'));
          return;
        }
        const picked = await vscode.window.showQuickPick(views.map((v) => ({ label: v.name, description: v.query, view: v })), { placeHolder: vscode.l10n.t('Saved views: pick one to edit') });
        if (!picked) return;
        const v = picked.view;
        const a = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Rename'), id: 'rename' },
            { label: vscode.l10n.t('Move up'), id: 'up' },
            { label: vscode.l10n.t('Move down'), id: 'down' },
            { label: vscode.l10n.t('Delete'), id: 'delete' },
          ],
          { placeHolder: v.name },
        );
        if (!a) continue;
        if (a.id === 'rename') {
          const n = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Name of the view'), value: v.name });
          if (n) await service.workflow((r) => r.renameView(v.id, n));
        } else if (a.id === 'delete') {
          await service.workflow((r) => r.deleteView(v.id));
        } else {
          const ids = views.map((x) => x.id);
          const i = ids.indexOf(v.id);
          const j = a.id === 'up' ? i - 1 : i + 1;
          if (j >= 0 && j < ids.length) {
            [ids[i], ids[j]] = [ids[j], ids[i]];
            await service.workflow((r) => r.reorderViews(ids));
          }
        }
      }
    }),
  );
}
