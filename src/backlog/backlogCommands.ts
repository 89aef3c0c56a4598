// Command palette / menu / API entry points. Every command takes optional arguments so that
// tests and other extensions can drive it without prompts; without arguments it asks the user.
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { BacklogIdSchema, DeleteOptionsSchema, NameArgSchema, optionalArg, QuickAddOptionsSchema, TextArgSchema, validateArg } from '../core/protocol/api';
import type { ItemSummary } from '../core/protocol/messages';
import type { BacklogInfo } from '../core/storage/registry';
import { MAX_NAME_LENGTH, validateBacklogName } from '../core/storage/registry';
import type { BoardPanelManager } from '../board/boardViews';
import { log } from '../platform/log';
import { report } from '../platform/report';
import { describeError } from '../platform/messages';

type Target = string | { id: string } | undefined;

/** A backlog id given as a string or a tree node; anything else given is refused (never silently a prompt). */
function targetId(t: Target): string | undefined {
  if (t === undefined || t === null) return undefined;
  if (typeof t === 'object' && !('id' in t)) return undefined;
  return validateArg(BacklogIdSchema, typeof t === 'object' ? t.id : t, typeof t === 'object' ? 'target.id' : 'target');
}

function nameValidator(existing: BacklogInfo[], selfId?: string) {
  return (value: string): string | undefined => {
    try {
      const name = validateBacklogName(value);
      if (existing.some((b) => b.id !== selfId && b.name.toLowerCase() === name.toLowerCase())) {
        return vscode.l10n.t('A backlog named "{0}" already exists. Choose another name.', name);
      }
      return undefined;
    } catch (err) {
      return describeError(err);
    }
  };
}

async function pickBacklog(service: BacklogService, placeHolder: string): Promise<BacklogInfo | undefined> {
  const all = await service.listBacklogs();
  if (!all.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.'));
    return undefined;
  }
  const active = (await service.getActiveBacklog())?.id;
  const picked = await vscode.window.showQuickPick(
    all.map((b) => ({ label: b.name, description: b.id === active ? vscode.l10n.t('active') : undefined, detail: `${b.id}.db`, backlog: b })),
    { placeHolder, matchOnDetail: true },
  );
  return picked?.backlog;
}

export function registerCommands(context: vscode.ExtensionContext, service: BacklogService, panels: BoardPanelManager, storageDir: string): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('flowcast.newBacklog', (name?: string) =>
    report(async () => {
      let value = optionalArg(NameArgSchema, name, 'name');
      if (value === undefined) {
        const existing = await service.listBacklogs();
        const suggestion = vscode.workspace.workspaceFolders?.[0]?.name ?? vscode.l10n.t('My backlog');
        value = await vscode.window.showInputBox({
          title: vscode.l10n.t('New backlog'),
          prompt: vscode.l10n.t('Name of the new backlog (stored in this workspace)'),
          value: existing.some((b) => b.name.toLowerCase() === suggestion.toLowerCase()) ? '' : suggestion,
          validateInput: nameValidator(existing),
          ignoreFocusOut: true,
        });
        if (value === undefined) return undefined;
      }
      if (value.length > MAX_NAME_LENGTH * 4) value = value.slice(0, MAX_NAME_LENGTH * 4);
      const info = await service.createBacklog(value);
      log().info(`created backlog ${info.id}`);
      return info;
    }),
  );

  reg('flowcast.renameBacklog', (target?: Target, newName?: string) =>
    report(async () => {
      const id = targetId(target) ?? (await pickBacklog(service, vscode.l10n.t('Backlog to rename')))?.id;
      if (!id) return undefined;
      let name = optionalArg(NameArgSchema, newName, 'newName');
      if (name === undefined) {
        const existing = await service.listBacklogs();
        const current = existing.find((b) => b.id === id);
        name = await vscode.window.showInputBox({
          title: vscode.l10n.t('Rename backlog'),
          value: current?.name,
          validateInput: nameValidator(existing, id),
          ignoreFocusOut: true,
        });
        if (name === undefined) return undefined;
      }
      return service.renameBacklog(id, name);
    }),
  );

  reg('flowcast.deleteBacklog', (target?: Target, rawOptions?: { confirmed?: boolean }) =>
    report(async () => {
      const options = optionalArg(DeleteOptionsSchema, rawOptions, 'options');
      const picked = targetId(target) ? (await service.listBacklogs()).find((b) => b.id === targetId(target)) : await pickBacklog(service, vscode.l10n.t('Backlog to delete'));
      if (!picked) {
        if (targetId(target)) void vscode.window.showErrorMessage(vscode.l10n.t('There is no backlog "{0}". Refresh the Backlogs view.', String(targetId(target))));
        return undefined;
      }
      if (options?.confirmed !== true) {
        const del = vscode.l10n.t('Delete');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Delete the backlog "{0}"?', picked.name),
          { modal: true, detail: vscode.l10n.t('It disappears from Flowcast. Its file is moved to the trash folder of Flowcast\'s storage, where it can be recovered by hand.') },
          del,
        );
        if (answer !== del) return undefined;
      }
      const result = await service.deleteBacklog(picked.id);
      log().info(`deleted backlog ${picked.id} (file kept at ${result.trashedTo})`);
      return result;
    }),
  );

  reg('flowcast.switchBacklog', (target?: Target) =>
    report(async () => {
      const id = targetId(target) ?? (await pickBacklog(service, vscode.l10n.t('Switch to backlog')))?.id;
      if (!id) return undefined;
      return service.setActiveBacklog(id);
    }),
  );

  reg('flowcast.openBoard', () => {
    panels.show();
    return true;
  });

  reg('flowcast.quickAdd', (title?: string, rawOptions?: { status?: string; type?: string; backlogId?: string }) =>
    report(async (): Promise<ItemSummary | undefined> => {
      optionalArg(TextArgSchema, title, 'title');
      const options = optionalArg(QuickAddOptionsSchema, rawOptions, 'options');
      if (!options?.backlogId && !(await service.getActiveBacklog())) {
        const create = vscode.l10n.t('Create backlog');
        const answer = await vscode.window.showInformationMessage(vscode.l10n.t('There is no backlog yet. Create one first.'), create);
        if (answer !== create) return undefined;
        const created = await vscode.commands.executeCommand<BacklogInfo | undefined>('flowcast.newBacklog');
        if (!created) return undefined;
      }
      let value = typeof title === 'string' ? title : undefined;
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          title: vscode.l10n.t('Quick capture'),
          prompt: vscode.l10n.t('Title of the new item (it lands at the top of Backlog)'),
          validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('An item needs a title.')),
        });
        if (value === undefined) return undefined;
      }
      const item = await service.createItem({ title: value, status: options?.status, type: options?.type }, options?.backlogId);
      // Typed by the user: confirm the new ID, with a way to open it (callers passing a title get the item back).
      if (typeof title !== 'string') {
        const open = vscode.l10n.t('Open');
        void vscode.window.showInformationMessage(vscode.l10n.t('Created {0}', item.id), open).then((a) => a === open && vscode.commands.executeCommand('flowcast.openItem', item.id));
      }
      return item;
    }),
  );

  reg('flowcast.revealStorage', async () => {
    const copy = vscode.l10n.t('Copy path');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Flowcast stores this workspace\'s backlogs in {0}', storageDir), copy);
    if (answer === copy) await vscode.env.clipboard.writeText(storageDir);
    return storageDir;
  });

  reg('flowcast.showLog', () => log().show());
}
