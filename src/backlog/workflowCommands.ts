// "Manage Types" and "Manage Statuses": QuickPick-driven editors for the backlog's vocabulary.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import type { WorkflowStatus } from '../core/backlog/model';
import { report } from '../platform/report';
import { statusLabel, typeLabel } from '../platform/messages';

const CATEGORY_LABELS = (): Record<WorkflowStatus['category'], string> => ({
  todo: vscode.l10n.t('To do'),
  in_progress: vscode.l10n.t('In progress'),
  done: vscode.l10n.t('Done'),
});

async function pickCategory(current?: WorkflowStatus['category']): Promise<WorkflowStatus['category'] | undefined> {
  const labels = CATEGORY_LABELS();
  const picked = await vscode.window.showQuickPick(
    (Object.keys(labels) as WorkflowStatus['category'][]).map((k) => ({ label: labels[k], description: k === current ? vscode.l10n.t('current') : undefined, key: k })),
    { placeHolder: vscode.l10n.t('Category (used by forecasts: done = finished work)') },
  );
  return picked?.key;
}

export function registerWorkflowCommands(context: vscode.ExtensionContext, service: BacklogService): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('flowcast.manageTypes', () =>
    report(async () => {
      for (;;) {
        const types = await service.listTypes();
        const add = { label: `$(add) ${vscode.l10n.t('Add a type…')}`, action: 'add' as const };
        const picked = await vscode.window.showQuickPick(
          [add, ...types.map((t) => ({ label: `${t.hidden ? '$(eye-closed) ' : ''}${typeLabel(t.key, t.label)}`, description: `${t.key} · ${t.color}`, action: 'edit' as const, type: t }))],
          { placeHolder: vscode.l10n.t('Item types: pick one to edit') },
        );
        if (!picked) return;
        if (picked.action === 'add') {
          const key = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Type key (used in IDs, e.g. SPIKE)'), validateInput: (v) => (/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(v.trim()) ? undefined : vscode.l10n.t('A-Z, digits and _; up to 16 characters, starting with a letter.')) });
          if (!key) continue;
          const label = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Label'), value: key });
          if (label === undefined) continue;
          await service.workflow((r) => r.addType(key, label));
          continue;
        }
        const t = picked.type;
        const actions = [
          { label: vscode.l10n.t('Rename'), id: 'rename' },
          { label: vscode.l10n.t('Change colour'), id: 'color' },
          { label: t.hidden ? vscode.l10n.t('Show') : vscode.l10n.t('Hide'), id: 'hide' },
          { label: vscode.l10n.t('Move up'), id: 'up' },
          { label: vscode.l10n.t('Move down'), id: 'down' },
          { label: vscode.l10n.t('Delete'), id: 'delete' },
        ];
        const a = await vscode.window.showQuickPick(actions, { placeHolder: typeLabel(t.key, t.label) });
        if (!a) continue;
        if (a.id === 'rename') {
          const label = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Label'), value: typeLabel(t.key, t.label) });
          if (label !== undefined) await service.workflow((r) => r.updateType(t.key, { label }));
        } else if (a.id === 'color') {
          const color = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Colour (#rrggbb)'), value: t.color, validateInput: (v) => (/^#[0-9a-fA-F]{6}$/.test(v.trim()) ? undefined : vscode.l10n.t('A colour must look like #1a2b3c.')) });
          if (color) await service.workflow((r) => r.updateType(t.key, { color: color.trim() }));
        } else if (a.id === 'hide') {
          await service.workflow((r) => r.updateType(t.key, { hidden: !t.hidden }));
        } else if (a.id === 'up' || a.id === 'down') {
          const keys = types.map((x) => x.key);
          const i = keys.indexOf(t.key);
          const j = a.id === 'up' ? i - 1 : i + 1;
          if (j >= 0 && j < keys.length) {
            [keys[i], keys[j]] = [keys[j], keys[i]];
            await service.workflow((r) => r.reorderTypes(keys));
          }
        } else if (a.id === 'delete') {
          const count = (await service.queryItems({ includeArchived: true, type: [t.key] })).length;
          let moveTo: string | undefined;
          if (count > 0) {
            const target = await vscode.window.showQuickPick(
              types.filter((x) => x.key !== t.key).map((x) => ({ label: typeLabel(x.key, x.label), key: x.key })),
              { placeHolder: vscode.l10n.t('{0} items have this type. Move them to (their IDs do not change):', count) },
            );
            if (!target) continue;
            moveTo = target.key;
          }
          await service.workflow((r) => r.deleteType(t.key, moveTo));
        }
      }
    }),
  );

  reg('flowcast.manageStatuses', () =>
    report(async () => {
      for (;;) {
        const statuses = await service.listStatuses();
        const cats = CATEGORY_LABELS();
        const add = { label: `$(add) ${vscode.l10n.t('Add a status…')}`, action: 'add' as const };
        const picked = await vscode.window.showQuickPick(
          [add, ...statuses.map((s) => ({ label: statusLabel(s.key, s.label), description: `${cats[s.category]}${s.wipLimit ? ` · WIP ${s.wipLimit}` : ''}`, action: 'edit' as const, status: s }))],
          { placeHolder: vscode.l10n.t('Workflow statuses (board columns, in order): pick one to edit') },
        );
        if (!picked) return;
        if (picked.action === 'add') {
          const label = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Status name'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A status needs a name.')) });
          if (!label) continue;
          const category = await pickCategory();
          if (!category) continue;
          await service.workflow((r) => r.addStatus(label, category));
          continue;
        }
        const s = picked.status;
        const a = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Rename'), id: 'rename' },
            { label: vscode.l10n.t('Change category'), id: 'category' },
            { label: vscode.l10n.t('Set WIP limit'), id: 'wip' },
            { label: vscode.l10n.t('Move up'), id: 'up' },
            { label: vscode.l10n.t('Move down'), id: 'down' },
            { label: vscode.l10n.t('Delete'), id: 'delete' },
          ],
          { placeHolder: statusLabel(s.key, s.label) },
        );
        if (!a) continue;
        if (a.id === 'rename') {
          const label = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Status name'), value: statusLabel(s.key, s.label) });
          if (label !== undefined) await service.workflow((r) => r.updateStatus(s.key, { label }));
        } else if (a.id === 'category') {
          const category = await pickCategory(s.category);
          if (category) await service.workflow((r) => r.updateStatus(s.key, { category }));
        } else if (a.id === 'wip') {
          const v = await vscode.window.showInputBox({ prompt: vscode.l10n.t('WIP limit (empty for none)'), value: s.wipLimit ? String(s.wipLimit) : '', validateInput: (x) => (x.trim() === '' || /^[1-9]\d{0,3}$/.test(x.trim()) ? undefined : vscode.l10n.t('A whole number from 1, or empty.')) });
          if (v !== undefined) await service.workflow((r) => r.updateStatus(s.key, { wipLimit: v.trim() ? Number(v) : null }));
        } else if (a.id === 'up' || a.id === 'down') {
          const keys = statuses.map((x) => x.key);
          const i = keys.indexOf(s.key);
          const j = a.id === 'up' ? i - 1 : i + 1;
          if (j >= 0 && j < keys.length) {
            [keys[i], keys[j]] = [keys[j], keys[i]];
            await service.workflow((r) => r.reorderStatuses(keys));
          }
        } else if (a.id === 'delete') {
          const count = (await service.queryItems({ includeArchived: true, status: [s.key] })).length;
          let moveTo: string | undefined;
          if (count > 0) {
            const target = await vscode.window.showQuickPick(
              statuses.filter((x) => x.key !== s.key).map((x) => ({ label: statusLabel(x.key, x.label), key: x.key })),
              { placeHolder: vscode.l10n.t('{0} items have this status. Move them to:', count) },
            );
            if (!target) continue;
            moveTo = target.key;
          }
          await service.workflow((r) => r.deleteStatus(s.key, moveTo));
        }
      }
    }),
  );
}
