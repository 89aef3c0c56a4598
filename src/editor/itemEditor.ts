// The item editor: one webview panel per item ("Flowcast: Edit Item"), restored after a reload.
// Saves are checked against the version the page loaded (no silent overwrite of a change made
// elsewhere), and a closed editor with unsaved changes offers to reopen them.
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import type { Item } from '../core/backlog/model';
import {
  EditorAction,
  EditorDraft,
  type EditableFields,
  type EditorState,
  EditorStateChanged,
  EditRelation,
  Init,
  MAX_PASTED_IMAGE_BYTES,
  PasteImage,
  SaveItem,
} from '../core/protocol';
import { decodeBase64, imageFileName, imageTypeLabel, matchesImageType } from '../core/backlog/images';
import { log } from '../log';
import { describeError, statusLabel, typeLabel } from '../messages';
import { buildWebviewHtml, webviewOptions } from '../webviewHtml';
import { pageError, userFacing, WebviewConnection } from '../webviewConnection';
import type { Endpoint, ReadyGate } from '../core/protocol';
import { editorStrings } from './strings';

export const EDITOR_VIEW_TYPE = 'flowcast.itemEditor';
const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;

function fieldsOf(i: Item): EditableFields {
  return {
    type: i.type,
    title: i.title,
    emoji: i.emoji,
    status: i.status,
    severity: i.severity,
    priority: i.priority,
    effort: i.effort,
    component: i.component,
    tags: i.tags,
    description: i.description,
    userStory: i.userStory,
    specs: i.specs,
    reproSteps: i.reproSteps,
    criteria: i.criteria,
    dependencies: i.dependencies,
    constraints: i.constraints,
  };
}

interface Open {
  panel: vscode.WebviewPanel;
  conn: WebviewConnection;
  endpoint: Endpoint;
  gate: ReadyGate;
  dirty: boolean;
  draft?: EditableFields;
}

export class ItemEditorManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, Open>();
  private readonly drafts = new Map<string, EditableFields>();
  private readonly sub: { dispose(): void };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items' || e.kind === 'workflow') for (const [key, o] of this.open) if (key.startsWith(`${e.backlogId}/`)) void this.push(key, o);
    });
  }

  /** Opens (or reveals) the editor of an item of the active backlog. */
  async show(itemId: string): Promise<vscode.WebviewPanel> {
    const { id: backlogId, repo } = await this.service.repo();
    repo.requireItem(itemId);
    const key = `${backlogId}/${itemId}`;
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    // From the board panel, open beside it so the board stays in view.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const fromBoard = input instanceof vscode.TabInputWebview && input.viewType.endsWith('flowcast.boardPanel');
    const column = fromBoard ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    // A form with unsaved input: kept alive while its tab is hidden, so switching tabs loses nothing.
    const panel = vscode.window.createWebviewPanel(EDITOR_VIEW_TYPE, itemId, column, { ...(await this.options(backlogId)), retainContextWhenHidden: true });
    this.attach(panel, backlogId, itemId);
    return panel;
  }

  private async options(backlogId: string): Promise<vscode.WebviewOptions> {
    const base = webviewOptions(this.extensionUri);
    const attachments = vscode.Uri.file(await this.service.attachmentsDir(backlogId));
    return { ...base, localResourceRoots: [...(base.localResourceRoots ?? []), attachments] };
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = state as { backlogId?: unknown; itemId?: unknown } | undefined;
    if (typeof s?.backlogId !== 'string' || typeof s.itemId !== 'string' || !/^[A-Z][A-Z0-9_]*-\d+$/.test(s.itemId)) {
      panel.dispose();
      return;
    }
    panel.webview.options = await this.options(s.backlogId);
    this.attach(panel, s.backlogId, s.itemId);
  }

  private attach(panel: vscode.WebviewPanel, backlogId: string, itemId: string): void {
    const key = `${backlogId}/${itemId}`;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flowcast.svg');
    const conn = new WebviewConnection(panel.webview, `editor ${itemId}`);
    const o: Open = { panel, conn, endpoint: conn.endpoint, gate: conn.gate, dirty: false };
    this.open.set(key, o);
    this.register(key, backlogId, itemId, o);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, { entry: 'editor', title: itemId, lang: vscode.env.language });
    panel.onDidChangeViewState(() => {
      if (!panel.visible) conn.reset();
    });
    panel.onDidDispose(() => {
      conn.dispose();
      if (this.open.get(key) === o) this.open.delete(key);
      if (o.dirty && o.draft) void this.offerDraft(key, itemId, o.draft);
    });
  }

  private async offerDraft(key: string, itemId: string, draft: EditableFields): Promise<void> {
    this.drafts.set(key, draft);
    const reopen = vscode.l10n.t('Reopen with my changes');
    const discard = vscode.l10n.t('Discard');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('The editor of {0} was closed with unsaved changes. They are kept until you choose.', itemId), reopen, discard);
    if (answer === discard) this.drafts.delete(key);
    else if (answer === reopen) await this.show(itemId).catch((err: unknown) => vscode.window.showErrorMessage(describeError(err)));
  }

  private register(key: string, backlogId: string, itemId: string, o: Open): void {
    const e = o.endpoint;
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: editorStrings(), view: 'panel' });
      void this.push(key, o);
    });
    e.handle(
      SaveItem,
      userFacing(async (p) => {
        if (p.id !== itemId) throw pageError(vscode.l10n.t('This editor edits {0}, not {1}.', itemId, p.id));
        const current = await this.service.getItem(itemId, backlogId);
        if (!current) throw pageError(vscode.l10n.t('{0} no longer exists.', itemId));
        if (current.updatedAt !== p.baseUpdatedAt) {
          throw pageError(vscode.l10n.t('{0} was changed elsewhere while you were editing. Your changes are still here: copy what you need, then reload the item.', itemId));
        }
        const saved = await this.service.updateItem(itemId, p.fields, backlogId);
        o.dirty = false;
        this.drafts.delete(key);
        return { updatedAt: saved.updatedAt };
      }),
    );
    e.handle(
      EditRelation,
      userFacing(async (p) => {
        if (p.op === 'add') await this.service.addRelation(p.id, p.kind, p.other, backlogId);
        else await this.service.removeRelation(p.id, p.kind, p.other, backlogId);
        return { done: true };
      }),
    );
    e.handle(
      EditorAction,
      userFacing(async (p) => {
        switch (p.action) {
          case 'attachFile':
            return { done: (await vscode.commands.executeCommand('flowcast.attachFile', p.id)) !== undefined };
          case 'removeAttachment': {
            const item = await this.service.getItem(p.id, backlogId);
            if (!item) return { done: false };
            await this.service.updateItem(p.id, { attachments: item.attachments.filter((a) => a.path !== p.path) }, backlogId);
            return { done: true };
          }
          case 'openLink': {
            const folder = vscode.workspace.workspaceFolders?.[0];
            if (!folder || !p.path) return { done: false };
            const uri = vscode.Uri.joinPath(folder.uri, ...p.path.split('/'));
            const line = Math.max(0, (p.line ?? 1) - 1);
            await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
            return { done: true };
          }
          case 'copyMarkdown':
            return { done: (await vscode.commands.executeCommand('flowcast.copyItemMarkdown', p.id)) !== undefined };
          case 'copyPrompt':
            return { done: (await vscode.commands.executeCommand('flowcast.copyItemPrompt', p.id)) !== undefined };
          case 'archive':
            await this.service.archiveItems([p.id], backlogId);
            return { done: true };
          case 'restore':
            await this.service.restoreItems([p.id], backlogId);
            return { done: true };
        }
      }),
    );
    e.handle(
      PasteImage,
      userFacing(async (p) => {
        // The schema already limited the type, the name and the base64 length; check the bytes.
        if (p.id !== itemId) throw pageError(vscode.l10n.t('This editor edits {0}, not {1}.', itemId, p.id));
        const bytes = decodeBase64(p.base64);
        if (!bytes) throw pageError(vscode.l10n.t('The image data is not valid base64: nothing was attached.'));
        if (bytes.byteLength > MAX_PASTED_IMAGE_BYTES) throw pageError(vscode.l10n.t('Images can be at most 10 MB: nothing was attached.'));
        if (!matchesImageType(bytes, p.mime)) {
          throw pageError(vscode.l10n.t('This is not a {0} image (its first bytes do not match the type): nothing was attached.', imageTypeLabel(p.mime)));
        }
        const name = imageFileName(p.name, p.mime, new Date());
        const item = await this.service.attachData(itemId, name, bytes, backlogId);
        const added = item.attachments[item.attachments.length - 1];
        log().info(`[editor ${itemId}] attached a pasted ${p.mime} image (${bytes.byteLength} bytes) as ${added.path}`);
        return { done: true, path: added.path };
      }),
    );
    e.onNotification(EditorDraft, (d) => {
      if (d.id !== itemId) return;
      o.dirty = d.dirty;
      o.draft = d.dirty ? d.fields : undefined;
      // The page has nothing unsaved any more (cancelled or saved): a kept draft must not come back
      // with the next state (a pasted image, say).
      if (!d.dirty) this.drafts.delete(key);
    });
  }

  private async push(key: string, o: Open): Promise<void> {
    const [backlogId, itemId] = key.split('/') as [string, string];
    try {
      o.endpoint.notify(EditorStateChanged, await this.state(backlogId, itemId, o.panel.webview));
    } catch (err) {
      log().error(`[editor ${itemId}] could not build the state`, err instanceof Error ? err : String(err));
    }
  }

  private async state(backlogId: string, itemId: string, webview: vscode.Webview): Promise<EditorState> {
    let repo;
    try {
      repo = (await this.service.repo(backlogId)).repo;
    } catch (err) {
      return { backlogId, item: null, types: [], statuses: [], others: [], problem: describeError(err) };
    }
    const item = repo.getItem(itemId);
    const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color }));
    const statuses = repo.listStatuses().map((s) => ({ key: s.key, label: statusLabel(s.key, s.label) }));
    if (!item) return { backlogId, item: null, types, statuses, others: [], problem: vscode.l10n.t('{0} no longer exists.', itemId) };
    const dir = await this.service.attachmentsDir(backlogId);
    const others = repo
      .listItems({ includeArchived: false })
      .filter((i) => i.id !== itemId)
      .slice(0, 5000)
      .map((i) => ({ id: i.id, title: i.title }));
    const draft = this.drafts.get(`${backlogId}/${itemId}`);
    return {
      backlogId,
      item: {
        id: item.id,
        fields: fieldsOf(item),
        createdAt: item.createdAt,
        updatedAt: item.updatedAt,
        archivedAt: item.archivedAt,
        links: item.links,
        attachments: item.attachments.map((a) => ({
          path: a.path,
          name: a.name,
          image: IMAGE.test(a.path),
          uri: IMAGE.test(a.path) ? webview.asWebviewUri(vscode.Uri.file(path.join(dir, ...a.path.split('/')))).toString() : null,
        })),
        relations: repo.relationsOf(item.id),
        history: repo.statusHistory(item.id),
      },
      types,
      statuses,
      others,
      problem: null,
      ...(draft ? { draft } : {}),
    };
  }

  /** For tests: the connection of an open editor (to feed it messages as if the page sent them). */
  connectionOf(itemId: string, backlogId?: string): WebviewConnection | undefined {
    for (const [key, o] of this.open) if (key.endsWith(`/${itemId}`) && (!backlogId || key === `${backlogId}/${itemId}`)) return o.conn;
    return undefined;
  }

  /** For tests: the open editors and their dirty state. */
  openEditors(): { key: string; dirty: boolean }[] {
    return [...this.open.entries()].map(([key, o]) => ({ key, dirty: o.dirty }));
  }

  dispose(): void {
    this.sub.dispose();
    for (const o of this.open.values()) o.panel.dispose();
  }
}
