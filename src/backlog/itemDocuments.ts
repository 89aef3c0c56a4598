import * as vscode from 'vscode';
import { itemToMarkdown } from '../core/backlog/format';
import type { BacklogService } from '../core/backlog/service';
import { formatLabels } from '../platform/messages';
import { statusLabel, typeLabel } from '../platform/messages';

export const ITEM_SCHEME = 'flowcast-item';

/** Read-only Markdown view of an item: flowcast-item:/<backlogId>/<ITEM-ID>.md */
export class ItemDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly sub: { dispose(): void };

  constructor(private readonly service: BacklogService) {
    this.sub = service.onDidChange((e) => {
      if (e.kind !== 'items' && e.kind !== 'workflow') return;
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === ITEM_SCHEME && doc.uri.path.startsWith(`/${e.backlogId}/`)) this.changed.fire(doc.uri);
      }
    });
  }

  static uri(backlogId: string, itemId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: ITEM_SCHEME, path: `/${backlogId}/${itemId}.md` });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, backlogId, file] = uri.path.split('/');
    const itemId = (file ?? '').replace(/\.md$/, '');
    const { repo } = await this.service.repo(backlogId);
    const item = repo.getItem(itemId);
    if (!item) return vscode.l10n.t('There is no item {0}.', itemId);
    const rel = repo.relationsOf(item.id);
    const type = repo.listTypes().find((t) => t.key === item.type);
    const status = repo.listStatuses().find((s) => s.key === item.status);
    return itemToMarkdown(item, {
      labels: formatLabels(),
      typeLabel: typeLabel(item.type, type?.label),
      statusLabel: statusLabel(item.status, status?.label),
      blockedBy: rel.blockedBy,
      blocks: rel.blocks,
    });
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
