// The item editor: one webview panel per item ("Flowcast: Edit Item"), restored after a reload.
// Saves are checked against the version the page loaded (no silent overwrite of a change made
// elsewhere), and a closed editor with unsaved changes offers to reopen them.
//
// Two AI modes share the panel:
// - draft mode (showDraft): a new item under review. Nothing is stored until the user clicks
//   Create; the item and its pending relations are then created in one undoable change, and the
//   same tab becomes the item's editor. Draft tabs are not restored after a window reload.
// - proposal mode (showProposal): changes proposed for an existing item, shown field by field as
//   diffs. Accept puts the proposed value into the form (unsaved); the user then saves as usual
//   (one save = one undo step). Reject drops it.
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { proposalChanges, sameValue } from '../core/backlog/fieldDiff';
import { type EditableFields, EditorStateChanged, Init, PendingRelationSchema } from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from '../platform/log';
import { describeError } from '../platform/messages';
import { buildWebviewHtml, webviewOptions } from '../platform/webviewHtml';
import { WebviewConnection } from '../platform/webviewConnection';
import { registerAiMessages } from './aiMessages';
import { registerDraftMessages } from './draftMessages';
import {
  clone,
  type DraftRelation,
  DraftInputSchema,
  editableFieldsOf,
  type EditorPanels,
  issuesOf,
  keyOf,
  type NewDraft,
  type Open,
  PartialFieldsSchema,
  type ShowDraftOptions,
  type ShowProposalOptions,
  uniqueRelations,
} from './editorModel';
import { buildEditorState } from './editorState';
import { registerItemForecast, type ItemForecastSource } from './itemForecast';
import { registerItemMessages } from './itemMessages';
import { editorStrings } from './strings';

export { analysisViewOf } from './editorState';
export { type DraftRelation, editableFieldsOf, type ShowDraftOptions, type ShowProposalOptions } from './editorModel';

export const EDITOR_VIEW_TYPE = 'flowcast.itemEditor';

export class ItemEditorManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, Open>();
  /** Unsaved changes of items whose editor was closed, until the user reopens or discards them. */
  private readonly kept = new Map<string, EditableFields>();
  private readonly sub: { dispose(): void };
  private seq = 0;
  /** The commands the AI buttons run (registered by the AI features; tests may point them elsewhere). */
  aiCommands = { refine: 'flowcast.ai.refineItem', suggestRelations: 'flowcast.ai.suggestRelations' };
  /** Where the forecast section's dates come from (set by the extension once forecasting is up). */
  forecast: ItemForecastSource | undefined;
  /** What the message handlers need from this manager. */
  private readonly panels: EditorPanels;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {
    this.panels = {
      service,
      aiCommands: () => this.aiCommands,
      push: (o) => this.push(o),
      forgetKept: (o) => {
        this.kept.delete(keyOf(o));
      },
      becomeItem: (o, itemId) => {
        this.open.delete(keyOf(o));
        o.newDraft = undefined;
        o.itemId = itemId;
        o.dirty = false;
        this.open.set(keyOf(o), o);
      },
    };
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items' || e.kind === 'workflow') for (const o of this.open.values()) if (o.backlogId === e.backlogId) void this.push(o);
    });
  }

  private nextKey(prefix: string): string {
    return `${prefix}-${(++this.seq).toString(36)}-${randomBytes(6).toString('hex')}`;
  }

  /** Opens (or reveals) the editor of an item (of the active backlog by default). */
  async show(itemId: string, backlogId?: string): Promise<vscode.WebviewPanel> {
    const { id, repo } = await this.service.repo(backlogId);
    repo.requireItem(itemId);
    const existing = this.open.get(`${id}/${itemId}`);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = await this.createPanel(id, itemId);
    this.attach(panel, id, { itemId });
    return panel;
  }

  /**
   * Opens a new editor tab for an item that does not exist yet (an AI draft): every field is
   * editable, the note and pending relations are shown, and nothing is stored until the user
   * clicks Create. Returns the panel and the draft's key (for addDraftRelations / getDraftFields).
   */
  async showDraft(fields: EditableFields, opts: ShowDraftOptions = {}): Promise<{ panel: vscode.WebviewPanel; key: string }> {
    const input = DraftInputSchema.safeParse({ fields, relations: opts.relations ?? [], note: opts.note ?? '' });
    if (!input.success) throw new FlowcastError('invalid_input', vscode.l10n.t('The new item draft is not valid: {0}', issuesOf(input.error)));
    const { id: backlogId } = await this.service.repo(opts.backlogId);
    const relations = uniqueRelations(input.data.relations);
    return this.openDraft(backlogId, {
      key: this.nextKey('draft'),
      title: opts.title ?? vscode.l10n.t('New item (AI)'),
      original: clone(input.data.fields),
      fields: clone(input.data.fields),
      note: input.data.note.trim() ? input.data.note : null,
      relations,
      originalRelations: clone(relations),
      edited: false,
      settled: false,
    });
  }

  private async openDraft(backlogId: string, draft: NewDraft): Promise<{ panel: vscode.WebviewPanel; key: string }> {
    const panel = await this.createPanel(backlogId, draft.title);
    this.attach(panel, backlogId, { draft });
    return { panel, key: draft.key };
  }

  /**
   * Opens (or reveals) an item's editor and shows proposed changes, field by field, with Accept /
   * Reject. Fields equal to the current ones are left out. Accepting fills the form (unsaved).
   */
  async showProposal(itemId: string, proposed: Partial<EditableFields>, opts: ShowProposalOptions = {}): Promise<vscode.WebviewPanel> {
    const parsed = PartialFieldsSchema.safeParse(proposed);
    if (!parsed.success) throw new FlowcastError('invalid_input', vscode.l10n.t('The proposal for {0} is not valid: {1}', itemId, issuesOf(parsed.error)));
    const { id: backlogId, repo } = await this.service.repo(opts.backlogId);
    const item = repo.requireItem(itemId);
    const current = editableFieldsOf(item);
    const base = opts.base ? { ...current, ...opts.base } : current;
    const panel = await this.show(itemId, backlogId);
    const o = this.open.get(`${backlogId}/${itemId}`)!;
    o.proposal = { id: this.nextKey('p'), proposed: parsed.data, base: clone(base), note: opts.note?.trim() ? opts.note : null, decided: new Set() };
    if (!proposalChanges(current, parsed.data).length) void vscode.window.showInformationMessage(vscode.l10n.t('The AI proposes no change to {0}.', itemId));
    void this.push(o);
    return panel;
  }

  /** Adds relations to an open draft (accepted suggestions); they are created with the item. */
  addDraftRelations(draftKey: string, relations: DraftRelation[]): void {
    const o = this.draftOpen(draftKey);
    if (!o?.newDraft) throw new FlowcastError('invalid_input', vscode.l10n.t('This new-item draft is no longer open.'));
    const parsed = z.array(PendingRelationSchema).safeParse(relations);
    if (!parsed.success) throw new FlowcastError('invalid_input', vscode.l10n.t('The new item draft is not valid: {0}', issuesOf(parsed.error)));
    o.newDraft.relations = uniqueRelations([...o.newDraft.relations, ...parsed.data]);
    void this.push(o);
  }

  /** The current fields of an open draft (with the user's edits), or undefined when it is gone. */
  getDraftFields(draftKey: string): EditableFields | undefined {
    const d = this.draftOpen(draftKey)?.newDraft;
    return d ? clone(d.fields) : undefined;
  }

  private draftOpen(draftKey: string): Open | undefined {
    for (const o of this.open.values()) if (o.newDraft?.key === draftKey) return o;
    return undefined;
  }

  private async createPanel(backlogId: string, title: string): Promise<vscode.WebviewPanel> {
    // From the board panel, open beside it so the board stays in view.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const fromBoard = input instanceof vscode.TabInputWebview && input.viewType.endsWith('flowcast.boardPanel');
    const column = fromBoard ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    // A form with unsaved input: kept alive while its tab is hidden, so switching tabs loses nothing.
    return vscode.window.createWebviewPanel(EDITOR_VIEW_TYPE, title, column, { ...(await this.options(backlogId)), retainContextWhenHidden: true });
  }

  private async options(backlogId: string): Promise<vscode.WebviewOptions> {
    const base = webviewOptions(this.extensionUri);
    const attachments = vscode.Uri.file(await this.service.attachmentsDir(backlogId));
    return { ...base, localResourceRoots: [...(base.localResourceRoots ?? []), attachments] };
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // Drafts of new items set no state: their tabs are not restored.
    const s = state as { backlogId?: unknown; itemId?: unknown } | undefined;
    if (typeof s?.backlogId !== 'string' || typeof s.itemId !== 'string' || !/^[A-Z][A-Z0-9_]*-\d+$/.test(s.itemId)) {
      panel.dispose();
      return;
    }
    panel.webview.options = await this.options(s.backlogId);
    this.attach(panel, s.backlogId, { itemId: s.itemId });
  }

  private attach(panel: vscode.WebviewPanel, backlogId: string, target: { itemId: string } | { draft: NewDraft }): void {
    const itemId = 'itemId' in target ? target.itemId : undefined;
    const label = itemId ?? ('draft' in target ? target.draft.key : '');
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flowcast.svg');
    const conn = new WebviewConnection(panel.webview, `editor ${label}`);
    const o: Open = { panel, conn, endpoint: conn.endpoint, gate: conn.gate, backlogId, itemId, dirty: false, pushes: 0, ...('draft' in target ? { newDraft: target.draft } : {}) };
    this.open.set(keyOf(o), o);
    this.register(o);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, { entry: 'editor', title: panel.title, lang: vscode.env.language });
    // The page is retained while its tab is hidden (retainContextWhenHidden) and keeps listening, so
    // the ready gate stays open: closing it on hide held every later state until a reload that never
    // came (a hidden editor missed changes and proposals). A reloaded page says ready again.
    panel.onDidDispose(() => {
      conn.dispose();
      const key = keyOf(o);
      if (this.open.get(key) === o) this.open.delete(key);
      if (o.newDraft) {
        const d = o.newDraft;
        if (!d.settled && (d.edited || !sameValue(d.relations, d.originalRelations))) void this.offerNewDraft(o.backlogId, d);
      } else if (o.itemId && o.dirty && o.unsaved) void this.offerKept(o.backlogId, o.itemId, o.unsaved);
    });
  }

  private async offerKept(backlogId: string, itemId: string, unsaved: EditableFields): Promise<void> {
    const key = `${backlogId}/${itemId}`;
    this.kept.set(key, unsaved);
    const reopen = vscode.l10n.t('Reopen with my changes');
    const discard = vscode.l10n.t('Discard');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('The editor of {0} was closed with unsaved changes. They are kept until you choose.', itemId), reopen, discard);
    if (answer === discard) this.kept.delete(key);
    else if (answer === reopen) await this.show(itemId, backlogId).catch((err: unknown) => vscode.window.showErrorMessage(describeError(err)));
  }

  /** A draft closed with edits: offer to reopen it as it was (nothing was created). */
  private async offerNewDraft(backlogId: string, d: NewDraft): Promise<void> {
    const reopen = vscode.l10n.t('Reopen the draft');
    const discard = vscode.l10n.t('Discard');
    const title = d.fields.title.trim() || vscode.l10n.t('(untitled)');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('The new item draft "{0}" was closed before it was created. It is kept until you choose.', title), reopen, discard);
    if (answer !== reopen) return;
    await this.openDraft(backlogId, { ...d, key: this.nextKey('draft'), settled: false, creating: false }).catch((err: unknown) => vscode.window.showErrorMessage(describeError(err)));
  }

  private register(o: Open): void {
    const e = o.endpoint;
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: editorStrings(), view: 'panel' });
      void this.push(o);
    });
    registerItemMessages(o, this.panels);
    registerDraftMessages(o, this.panels);
    registerAiMessages(o, this.panels);
    if (this.forecast) registerItemForecast(o, this.forecast);
  }

  private async push(o: Open): Promise<void> {
    const n = ++o.pushes;
    try {
      const state = await buildEditorState(this.service, o, this.kept);
      // A newer push started meanwhile (the draft became an item, say): it sends the newer state.
      if (n === o.pushes) o.endpoint.notify(EditorStateChanged, state);
    } catch (err) {
      log().error(`[editor ${keyOf(o)}] could not build the state`, err instanceof Error ? err : String(err));
    }
  }

  /** For tests: the connection of an open editor (to feed it messages as if the page sent them). */
  connectionOf(itemId: string, backlogId?: string): WebviewConnection | undefined {
    for (const [key, o] of this.open) if (key.endsWith(`/${itemId}`) && (!backlogId || key === `${backlogId}/${itemId}`)) return o.conn;
    return undefined;
  }

  /** For tests: the connection of an open draft tab. */
  draftConnection(draftKey: string): WebviewConnection | undefined {
    return this.draftOpen(draftKey)?.conn;
  }

  /** For tests: the open editors (item ID or draft key) and their dirty state. */
  openEditors(): { key: string; dirty: boolean; draft: boolean }[] {
    return [...this.open.entries()].map(([key, o]) => ({ key, dirty: o.newDraft ? o.newDraft.edited : o.dirty, draft: !!o.newDraft }));
  }

  /** The item of the editor tab the user is looking at, if it is an item editor (test demos). */
  activeItem(): { backlogId: string; itemId: string } | undefined {
    for (const o of this.open.values()) if (o.panel.active && o.itemId) return { backlogId: o.backlogId, itemId: o.itemId };
    return undefined;
  }

  dispose(): void {
    this.sub.dispose();
    for (const o of this.open.values()) o.panel.dispose();
  }
}
