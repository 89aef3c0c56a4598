// Publish and pull back on the VS Code side: "Publish to Azure DevOps" (selected items become work
// items; the type mapping is asked once per local type and kept per connection), "Pull State from
// Azure DevOps" (linked items move to the status of their work item's state category, one undoable
// change) and "Open Work Item in Azure DevOps" (card badge, editor, context menu).
import * as vscode from 'vscode';
import { AdoError, connectionKey, isAllowedCollectionUrl, guessWorkItemType, parseAdoArgs, publishItems, PublishArgsSchema, pullStates, PullArgsSchema, type AdoConnection, type PublishOutcome, type PublishTypeMap, type PullOutcome, type WorkItemTypeStates } from '../core/ado';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { ItemIdSchema } from '../core/protocol/messages';
import { validateArg } from '../core/protocol/api';
import type { AzureDevOpsAccess } from './azureDevOpsCommands';

const TYPE_MAP_KEY = 'flowcast.azureDevOps.publishTypes';

export interface PublishDeps {
  service: BacklogService;
  ado: AzureDevOpsAccess;
}

export function registerAzureDevOpsPublish(context: vscode.ExtensionContext, deps: PublishDeps): void {
  const { service, ado } = deps;
  const storedMap = (c: AdoConnection): PublishTypeMap => context.globalState.get<Record<string, PublishTypeMap>>(TYPE_MAP_KEY)?.[connectionKey(c)] ?? {};
  const storeMap = async (c: AdoConnection, map: PublishTypeMap) => {
    const all = context.globalState.get<Record<string, PublishTypeMap>>(TYPE_MAP_KEY) ?? {};
    await context.globalState.update(TYPE_MAP_KEY, { ...all, [connectionKey(c)]: map });
  };

  /** The type of every local type among `items`: given, kept from before, or (interactive only) picked now. */
  const typeMapFor = async (c: AdoConnection, items: readonly Item[], types: readonly WorkItemTypeStates[], given: PublishTypeMap | undefined, interactive: boolean): Promise<PublishTypeMap | undefined> => {
    const map = { ...storedMap(c), ...given };
    const names = types.map((t) => t.type);
    const labels = new Map((await service.repo()).repo.listTypes().map((t) => [t.key, t.label]));
    for (const local of [...new Set(items.filter((i) => !i.external).map((i) => i.type))]) {
      if (map[local]) continue;
      if (!interactive) throw new AdoError('badRequest', `Publish to Azure DevOps typeMap.${local}: no work item type chosen for ${local} items (give typeMap, e.g. {"${local}": "${guessWorkItemType(local, names) ?? 'Task'}"})`);
      const guess = guessWorkItemType(local, names);
      const ordered = guess ? [guess, ...names.filter((n) => n !== guess)] : names;
      const pick = await vscode.window.showQuickPick(
        ordered.map((n) => ({ label: n, description: n === guess ? vscode.l10n.t('suggested type') : '' })),
        { title: vscode.l10n.t('Azure DevOps work item type for "{0}" items (asked once, kept for this connection)', labels.get(local) ?? local), ignoreFocusOut: true },
      );
      if (!pick) return undefined;
      map[local] = pick.label;
    }
    await storeMap(c, map);
    return map;
  };

  const pickItems = async (): Promise<Item[] | undefined> => {
    const { repo } = await service.repo();
    const open = repo.listItems().filter((i) => !i.external);
    if (!open.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Every item of this backlog is already published to Azure DevOps.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      open.map((i) => ({ label: `${i.emoji ? `${i.emoji} ` : ''}${i.title}`, description: i.id, item: i })),
      { title: vscode.l10n.t('Items to publish to Azure DevOps'), canPickMany: true, matchOnDescription: true, ignoreFocusOut: true },
    );
    return picked?.length ? picked.map((p) => p.item) : undefined;
  };

  const publishMessage = (o: PublishOutcome): string => {
    const parts: string[] = [];
    const created = o.linked.filter((l) => !l.found);
    const found = o.linked.filter((l) => l.found);
    if (created.length) parts.push(vscode.l10n.t('Published {0} item(s) to Azure DevOps: {1}.', created.length, created.map((l) => `${l.itemId} → #${l.link.id}`).join(', ')));
    if (found.length) parts.push(vscode.l10n.t('{0} item(s) linked to the work item an earlier publish had created: {1}.', found.length, found.map((l) => `${l.itemId} → #${l.link.id}`).join(', ')));
    if (o.skipped.length) parts.push(vscode.l10n.t('{0} item(s) already published (nothing created): {1}.', o.skipped.length, o.skipped.map((s) => `${s.itemId} → #${s.link.id}`).join(', ')));
    return parts.join(' ');
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('flowcast.azureDevOps.publish', async (args?: unknown): Promise<PublishOutcome | undefined> => {
      try {
        const a = args === undefined ? undefined : parseAdoArgs(PublishArgsSchema, args, 'Publish to Azure DevOps:');
        const { id: backlogId, repo } = await service.repo();
        const items = a ? (a.ids ?? [a.itemId!]).map((id) => repo.requireItem(id)) : await pickItems();
        if (!items) return undefined;
        const interactive = a === undefined || a.ids === undefined;
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Publishing to Azure DevOps'), cancellable: true }, async (progress, cancel) => {
          const ac = new AbortController();
          cancel.onCancellationRequested(() => ac.abort());
          const { connection, client } = await ado.openClient({ signal: ac.signal });
          try {
            const types = await client.typeStates();
            const typeMap = await typeMapFor(connection, items, types, a?.typeMap, interactive);
            if (!typeMap) return undefined;
            const outcome = await publishItems({ client, backlogId, items, typeMap, types, signal: ac.signal, onProgress: (done, total) => progress.report({ message: `${done} / ${total}`, increment: 100 / total }) });
            // Whatever happened to the others, every created work item is linked now (so it is never created twice).
            if (outcome.linked.length) await service.setExternalLinks(outcome.linked.map((l) => ({ itemId: l.itemId, link: l.link })));
            return outcome;
          } finally {
            client.dispose();
          }
        });
        if (!result) return undefined;
        const text = publishMessage(result);
        if (result.failed.length) {
          void vscode.window.showErrorMessage(`${vscode.l10n.t('{0} item(s) could not be published: {1}', result.failed.length, result.failed.map((f) => `${f.itemId}: ${f.message}`).join('; '))}${text ? ` ${text}` : ''}`);
        } else if (text) void vscode.window.showInformationMessage(text);
        return result;
      } catch (err) {
        if (calledByCode(args)) throw err;
        ado.showError(err);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('flowcast.azureDevOps.pullState', async (args?: unknown): Promise<(PullOutcome & { moved: string[] }) | undefined> => {
      try {
        if (args !== undefined) parseAdoArgs(PullArgsSchema, args, 'Pull State from Azure DevOps:');
        const { repo } = await service.repo();
        const linked = repo.listItems().filter((i) => i.external);
        if (!linked.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('No item of this backlog is published to Azure DevOps yet: run "Flowcast: Publish to Azure DevOps" first.'));
          return { states: [], missing: [], moved: [] };
        }
        const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pulling state from Azure DevOps'), cancellable: true }, async (_p, cancel) => {
          const ac = new AbortController();
          cancel.onCancellationRequested(() => ac.abort());
          const { connection, client } = await ado.openClient({ signal: ac.signal });
          try {
            return await pullStates({ client, items: linked, statuses: repo.listStatuses(), types: await client.typeStates(), doneDate: connection.doneDate });
          } finally {
            client.dispose();
          }
        });
        // Everything was read first: the moves are one undoable change, all or nothing.
        const moves = outcome.states.filter((s) => s.moveTo).map((s) => ({ itemId: s.itemId, status: s.moveTo! }));
        await service.moveItemsToStatuses(moves, moves.length === 1 ? `Pull state of ${moves[0].itemId} from Azure DevOps` : `Pull state of ${moves.length} items from Azure DevOps`);
        const statusLabel = new Map(repo.listStatuses().map((s) => [s.key, s.label]));
        const parts = [
          moves.length
            ? vscode.l10n.t('{0} item(s) moved to their Azure DevOps state: {1}.', moves.length, outcome.states.filter((s) => s.moveTo).map((s) => `${s.itemId} → ${statusLabel.get(s.moveTo!) ?? s.moveTo} (${s.state})`).join(', '))
            : vscode.l10n.t('Every published item already matches its Azure DevOps state.'),
        ];
        const removed = outcome.states.filter((s) => s.category === 'removed');
        if (removed.length) parts.push(vscode.l10n.t('Removed in Azure DevOps (left as they are): {0}.', removed.map((s) => `${s.itemId} (#${s.workItemId})`).join(', ')));
        if (outcome.missing.length) parts.push(vscode.l10n.t('Work items not found (deleted, or no access): {0}.', outcome.missing.map((m) => `${m.itemId} (#${m.workItemId})`).join(', ')));
        void (outcome.missing.length ? vscode.window.showWarningMessage(parts.join(' ')) : vscode.window.showInformationMessage(parts.join(' ')));
        return { ...outcome, moved: moves.map((m) => m.itemId) };
      } catch (err) {
        if (calledByCode(args)) throw err;
        ado.showError(err);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('flowcast.azureDevOps.openWorkItem', async (target?: unknown) => {
      const id = typeof target === 'string' ? target : target && typeof target === 'object' && 'itemId' in target ? (target).itemId : undefined;
      if (id === undefined) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a published item from its card or its editor.'));
        return false;
      }
      validateArg(ItemIdSchema, id, 'target');
      const item = (await service.repo()).repo.requireItem(id as string);
      if (!item.external || !isAllowedCollectionUrl(item.external.url)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not published to Azure DevOps.', item.id));
        return false;
      }
      return vscode.env.openExternal(vscode.Uri.parse(item.external.url, true));
    }),
  );
}

/** Called with arguments by a test, an agent or another extension (errors are thrown), not from a card menu or the editor ({ itemId }: errors are shown). */
function calledByCode(args: unknown): boolean {
  return args !== undefined && !(typeof args === 'object' && args !== null && 'itemId' in args && !('ids' in args));
}
