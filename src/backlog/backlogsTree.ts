// The Backlogs view: items of the active backlog grouped by status or type, with counts,
// type-coloured icons, drag and drop (status and order), context menus and a filter.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import { log } from '../platform/log';
import { describeError, statusLabel, typeLabel } from '../platform/messages';

export type GroupBy = 'status' | 'type';

export interface GroupNode {
  readonly kind: 'group';
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly wipLimit: number | null;
}

export interface ItemNode {
  readonly kind: 'item';
  readonly itemId: string;
  readonly item: Item;
  readonly color: string;
}

export type TreeNode = GroupNode | ItemNode;

const MIME = 'application/vnd.code.tree.flowcast.backlogs';

export class BacklogsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.TreeDragAndDropController<TreeNode>, vscode.Disposable {
  readonly dropMimeTypes = [MIME];
  readonly dragMimeTypes = [MIME];
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: { dispose(): void };
  private filterIds: Set<string> | null = null;
  private filterText = '';
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(
    private readonly service: BacklogService,
    private readonly memento: vscode.Memento,
    private readonly iconDir: string,
    private readonly search: (query: string) => Promise<string[]>,
  ) {
    this.sub = service.onDidChange(() => this.refresh());
    void vscode.commands.executeCommand('setContext', 'flowcast.groupBy', this.groupBy);
  }

  get groupBy(): GroupBy {
    return this.memento.get<GroupBy>('flowcast.tree.groupBy') === 'type' ? 'type' : 'status';
  }

  async setGroupBy(g: GroupBy): Promise<void> {
    await this.memento.update('flowcast.tree.groupBy', g);
    await vscode.commands.executeCommand('setContext', 'flowcast.groupBy', g);
    this.refresh();
  }

  get filter(): string {
    return this.filterText;
  }

  /** Shows only items matching a search query ("" clears). */
  async setFilter(query: string): Promise<void> {
    this.filterText = query.trim();
    this.filterIds = this.filterText ? new Set(await this.search(this.filterText)) : null;
    await vscode.commands.executeCommand('setContext', 'flowcast.treeFiltered', this.filterText !== '');
    this.refresh();
  }

  refresh(): void {
    if (this.filterText) {
      void this.search(this.filterText).then((ids) => {
        this.filterIds = new Set(ids);
        this.changed.fire(undefined);
      });
    } else this.changed.fire(undefined);
    void this.updateTitle();
  }

  private async updateTitle(): Promise<void> {
    if (!this.view) return;
    const active = await this.service.getActiveBacklog().catch(() => undefined);
    this.view.description = active?.name ?? '';
    this.view.message = this.filterText ? vscode.l10n.t('Filter: {0}', this.filterText) : undefined;
  }

  private icon(color: string): vscode.Uri {
    const hex = /^#[0-9a-fA-F]{6}$/.test(color) ? color.slice(1).toLowerCase() : '8b949e';
    const file = path.join(this.iconDir, `type-${hex}.svg`);
    if (!existsSync(file)) {
      mkdirSync(this.iconDir, { recursive: true });
      writeFileSync(file, `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><rect x="3" y="3" width="10" height="10" rx="2.5" fill="#${hex}"/></svg>`);
    }
    return vscode.Uri.file(file);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    try {
      if (element?.kind === 'item') return [];
      if (!(await this.service.getActiveBacklog())) return [];
      const { repo } = await this.service.repo();
      const types = repo.listTypes();
      const colors = new Map(types.map((t) => [t.key, t.color]));
      let items = repo.listItems();
      if (this.filterIds) items = items.filter((i) => this.filterIds!.has(i.id));
      const by = this.groupBy;
      if (!element) {
        if (by === 'status') {
          return repo.listStatuses().map((s) => ({ kind: 'group', key: s.key, label: statusLabel(s.key, s.label), count: items.filter((i) => i.status === s.key).length, wipLimit: s.wipLimit }));
        }
        return types
          .filter((t) => !t.hidden || items.some((i) => i.type === t.key))
          .map((t) => ({ kind: 'group', key: t.key, label: typeLabel(t.key, t.label), count: items.filter((i) => i.type === t.key).length, wipLimit: null }));
      }
      return items.filter((i) => (by === 'status' ? i.status : i.type) === element.key).map((i) => ({ kind: 'item', itemId: i.id, item: i, color: colors.get(i.type) ?? '#8b949e' }));
    } catch (err) {
      log().error('backlogs tree failed', err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(describeError(err));
      return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const t = new vscode.TreeItem(node.label, node.count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `group:${this.groupBy}:${node.key}`;
      const over = node.wipLimit !== null && node.count > node.wipLimit;
      t.description = node.wipLimit !== null ? `${node.count}/${node.wipLimit}` : String(node.count);
      t.contextValue = `group.${this.groupBy}`;
      if (over) {
        t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        t.tooltip = vscode.l10n.t('{0}: {1} items, over the WIP limit of {2}', node.label, node.count, node.wipLimit ?? 0);
      }
      t.accessibilityInformation = { label: vscode.l10n.t('{0}, {1} items', node.label, node.count) };
      return t;
    }
    const i = node.item;
    const t = new vscode.TreeItem(`${i.emoji ? `${i.emoji} ` : ''}${i.title}`, vscode.TreeItemCollapsibleState.None);
    t.id = `item:${i.id}`;
    t.description = [i.id, i.priority ? `${i.priority}` : '', i.effort ?? ''].filter(Boolean).join(' · ');
    t.tooltip = `${i.id}: ${i.title}${i.tags.length ? `\n${i.tags.map((x) => `#${x}`).join(' ')}` : ''}`;
    t.iconPath = this.icon(node.color);
    t.contextValue = 'item';
    t.command = { command: 'flowcast.openItem', title: vscode.l10n.t('Open'), arguments: [i.id] };
    t.accessibilityInformation = { label: `${i.id} ${i.title}` };
    return t;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group') return undefined;
    const key = this.groupBy === 'status' ? node.item.status : node.item.type;
    return { kind: 'group', key, label: key, count: 0, wipLimit: null };
  }

  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer): void {
    const ids = source.filter((n): n is ItemNode => n.kind === 'item').map((n) => n.itemId);
    if (ids.length) data.set(MIME, new vscode.DataTransferItem(ids));
  }

  /** Drop on a group: move there (status) or change type; drop on an item: place just before it. */
  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const raw: unknown = data.get(MIME)?.value;
    const ids = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
    if (!target || !ids.length) return;
    try {
      for (const id of ids) {
        if (id === (target.kind === 'item' ? target.itemId : '')) continue;
        if (this.groupBy === 'status') {
          if (target.kind === 'group') await this.service.moveItem(id, { status: target.key, position: 'bottom' });
          else await this.service.moveItem(id, { status: target.item.status, before: target.itemId });
        } else {
          const type = target.kind === 'group' ? target.key : target.item.type;
          await this.service.updateItem(id, { type });
        }
      }
    } catch (err) {
      void vscode.window.showErrorMessage(describeError(err));
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
