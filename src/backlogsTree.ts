import * as vscode from 'vscode';
import type { BacklogService } from './core/backlog/service';
import type { BacklogInfo } from './core/storage/registry';
import { describeError } from './messages';

export interface BacklogNode {
  readonly kind: 'backlog';
  readonly id: string;
  readonly name: string;
}

/** The Backlogs view: every backlog of the workspace; the active one is marked. */
export class BacklogsTreeProvider implements vscode.TreeDataProvider<BacklogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BacklogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly service: BacklogService) {
    this.sub = service.onDidChange((e) => {
      if (e.kind !== 'items') this.refresh();
      else void this.service.getActiveBacklog().then((a) => a?.id === e.backlogId && this.refresh());
    });
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: BacklogNode): Promise<BacklogNode[]> {
    if (element) return [];
    try {
      const list = await this.service.listBacklogs();
      return list.map((b: BacklogInfo) => ({ kind: 'backlog', id: b.id, name: b.name }));
    } catch (err) {
      void vscode.window.showErrorMessage(describeError(err));
      return [];
    }
  }

  async getTreeItem(node: BacklogNode): Promise<vscode.TreeItem> {
    const active = (await this.service.getActiveBacklog())?.id === node.id;
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `backlog:${node.id}`;
    item.contextValue = active ? 'backlog.active' : 'backlog';
    item.iconPath = new vscode.ThemeIcon(active ? 'pass-filled' : 'circle-large-outline');
    if (active) {
      try {
        const count = (await this.service.repo(node.id)).repo.countItems();
        item.description = count === 1 ? vscode.l10n.t('active · 1 item') : vscode.l10n.t('active · {0} items', count);
      } catch {
        item.description = vscode.l10n.t('active');
      }
    }
    item.tooltip = vscode.l10n.t('{0} ({1}.db)', node.name, node.id);
    item.accessibilityInformation = { label: active ? vscode.l10n.t('{0}, active backlog', node.name) : node.name };
    item.command = { command: 'flowcast.switchBacklog', title: vscode.l10n.t('Switch Backlog'), arguments: [node.id] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
