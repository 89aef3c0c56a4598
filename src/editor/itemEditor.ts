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
import path from 'node:path';
import * as z from 'zod/mini';
import * as vscode from 'vscode';
import type { BacklogRepository } from '../core/backlog/repository';
import type { BacklogService } from '../core/backlog/service';
import type { Item } from '../core/backlog/model';
import { proposalChanges, sameValue } from '../core/backlog/fieldDiff';
import { loadItemAnalysis } from '../core/ai/analysisStore';
import {
  CreateDraftItem,
  DraftAction,
  DraftChanged,
  type EditableFieldKey,
  type EditableFields,
  EditableFieldsSchema,
  EditorAction,
  EditorAi,
  EditorDraft,
  type EditorState,
  EditorStateChanged,
  EditRelation,
  Init,
  type ItemAnalysisView,
  MAX_PASTED_IMAGE_BYTES,
  NewItemFieldsSchema,
  PasteImage,
  type PendingRelation,
  PendingRelationSchema,
  ProposalDecided,
  SaveItem,
} from '../core/protocol';
import { decodeBase64, imageFileName, imageTypeLabel, matchesImageType } from '../core/backlog/images';
import { FlowcastError } from '../core/util/errors';
import { log } from '../platform/log';
import { describeError, statusLabel, typeLabel } from '../platform/messages';
import { buildWebviewHtml, webviewOptions } from '../platform/webviewHtml';
import { pageError, userFacing, WebviewConnection } from '../platform/webviewConnection';
import type { Endpoint, ReadyGate } from '../core/protocol';
import { editorStrings } from './strings';

export const EDITOR_VIEW_TYPE = 'flowcast.itemEditor';
const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;

/** The fields of an item the editor edits. */
export function editableFieldsOf(i: Item): EditableFields {
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

export type DraftRelation = PendingRelation;

export interface ShowDraftOptions {
  /** The backlog the item will be created in (default: the active one). */
  backlogId?: string;
  /** The tab title (default "New item (AI)"). */
  title?: string;
  /** Shown in the AI banner, as text (the AI's remarks, say). */
  note?: string;
  /** Relations the item gets when it is created (suggested duplicates, dependencies…). */
  relations?: DraftRelation[];
}

export interface ShowProposalOptions {
  backlogId?: string;
  /** Shown above the proposed changes, as text. */
  note?: string;
  /**
   * The item's fields the proposal was made from (what the AI saw). A field whose saved value
   * differs from it now is flagged "changed since the proposal". Default: the current fields.
   */
  base?: EditableFields;
}

/** A new item under review. `fields` follow the page's edits (reported, debounced). */
interface NewDraft {
  key: string;
  title: string;
  original: EditableFields;
  fields: EditableFields;
  note: string | null;
  relations: DraftRelation[];
  originalRelations: DraftRelation[];
  /** The page reported edits of the fields. */
  edited: boolean;
  /** Closed on purpose (Discard) or turned into an item: closing asks nothing. */
  settled: boolean;
  /** A Create request is running (a second one is refused). */
  creating?: boolean;
}

interface Proposal {
  id: string;
  proposed: Partial<EditableFields>;
  /** The fields the proposal was made from; this editor's own saves move it forward. */
  base: EditableFields;
  note: string | null;
  /** Fields the user accepted (into the form) or rejected: not shown any more. */
  decided: Set<EditableFieldKey>;
}

interface Open {
  panel: vscode.WebviewPanel;
  conn: WebviewConnection;
  endpoint: Endpoint;
  gate: ReadyGate;
  backlogId: string;
  /** The item edited; undefined while the tab is a draft of a new item. */
  itemId: string | undefined;
  newDraft?: NewDraft;
  proposal?: Proposal;
  dirty: boolean;
  /** Unsaved changes of the item, as last reported by the page. */
  unsaved?: EditableFields;
  /** Numbers the state pushes: only the newest one is sent (a draft turning into an item). */
  pushes: number;
}

const PartialFieldsSchema = z.partial(EditableFieldsSchema);
const DraftInputSchema = z.object({ fields: NewItemFieldsSchema, relations: z.array(PendingRelationSchema).check(z.maxLength(100)), note: z.string().check(z.maxLength(20_000)) });

function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${(i.path[0] === 'fields' ? i.path.slice(1) : i.path).map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function sameRelation(a: DraftRelation, b: DraftRelation): boolean {
  return a.kind === b.kind && a.other === b.other;
}

function uniqueRelations(list: readonly DraftRelation[]): DraftRelation[] {
  const out: DraftRelation[] = [];
  for (const r of list) if (!out.some((x) => sameRelation(x, r))) out.push({ kind: r.kind, other: r.other });
  return out;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function clip(v: unknown, max: number): string {
  const t = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * The item's AI analysis as the page shows it, or undefined when it was never analysed. The
 * stored JSON is cleaned to what the protocol allows (a bad row must not break the editor).
 */
export function analysisViewOf(repo: BacklogRepository, itemId: string): ItemAnalysisView | undefined {
  let a: ReturnType<typeof loadItemAnalysis>;
  try {
    a = loadItemAnalysis(repo.db, itemId);
  } catch (err) {
    log().warn(`[editor ${itemId}] could not read the AI analysis: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  if (!a) return undefined;
  const score = Math.round(Number(a.score));
  const factors: unknown[] = Array.isArray(a.factors) ? a.factors : [];
  return {
    score: Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0,
    factors: factors
      .filter((f): f is Record<string, unknown> => !!f && typeof f === 'object')
      .slice(0, 20)
      .map((f) => ({ name: clip(f.name, 200), note: clip(f.note, 1000) }))
      .filter((f) => f.name || f.note),
    rationale: clip(a.rationale, 4000),
    analysedAt: clip(a.analysedAt, 40),
    provider: clip(a.provider, 100),
    model: clip(a.model, 200),
    stale: a.stale,
  };
}

export class ItemEditorManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, Open>();
  /** Unsaved changes of items whose editor was closed, until the user reopens or discards them. */
  private readonly kept = new Map<string, EditableFields>();
  private readonly sub: { dispose(): void };
  private seq = 0;
  /** The commands the AI buttons run (registered by the AI features; tests may point them elsewhere). */
  aiCommands = { refine: 'flowcast.ai.refineItem', suggestRelations: 'flowcast.ai.suggestRelations' };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {
    this.sub = service.onDidChange((e) => {
      if (e.kind === 'items' || e.kind === 'workflow') for (const o of this.open.values()) if (o.backlogId === e.backlogId) void this.push(o);
    });
  }

  private static keyOf(o: Open): string {
    return `${o.backlogId}/${o.itemId ?? o.newDraft?.key ?? ''}`;
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
    this.open.set(ItemEditorManager.keyOf(o), o);
    this.register(o);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, { entry: 'editor', title: panel.title, lang: vscode.env.language });
    // The page is retained while its tab is hidden (retainContextWhenHidden) and keeps listening, so
    // the ready gate stays open: closing it on hide held every later state until a reload that never
    // came (a hidden editor missed changes and proposals). A reloaded page says ready again.
    panel.onDidDispose(() => {
      conn.dispose();
      const key = ItemEditorManager.keyOf(o);
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
    /** The item this (item-mode) editor edits; a request naming another one is refused. */
    const requireItem = (id: string): string => {
      if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
      if (id !== o.itemId) throw pageError(vscode.l10n.t('This editor edits {0}, not {1}.', o.itemId, id));
      return o.itemId;
    };
    const requireDraft = (draftKey: string): NewDraft => {
      if (!o.newDraft || o.newDraft.key !== draftKey) throw pageError(vscode.l10n.t('This new-item draft is no longer open.'));
      return o.newDraft;
    };
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: editorStrings(), view: 'panel' });
      void this.push(o);
    });
    e.handle(
      SaveItem,
      userFacing(async (p) => {
        const itemId = requireItem(p.id);
        const current = await this.service.getItem(itemId, o.backlogId);
        if (!current) throw pageError(vscode.l10n.t('{0} no longer exists.', itemId));
        if (current.updatedAt !== p.baseUpdatedAt) {
          throw pageError(vscode.l10n.t('{0} was changed elsewhere while you were editing. Your changes are still here: copy what you need, then reload the item.', itemId));
        }
        const saved = await this.service.updateItem(itemId, p.fields, o.backlogId);
        o.dirty = false;
        this.kept.delete(ItemEditorManager.keyOf(o));
        // This editor's own save is not a change "since the proposal".
        if (o.proposal) o.proposal.base = editableFieldsOf(saved);
        return { updatedAt: saved.updatedAt };
      }),
    );
    e.handle(
      EditRelation,
      userFacing(async (p) => {
        if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
        if (p.op === 'add') await this.service.addRelation(p.id, p.kind, p.other, o.backlogId);
        else await this.service.removeRelation(p.id, p.kind, p.other, o.backlogId);
        return { done: true };
      }),
    );
    e.handle(
      EditorAction,
      userFacing(async (p) => {
        if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first.'));
        const backlogId = o.backlogId;
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
        if (!o.itemId) throw pageError(vscode.l10n.t('Create the item first: images can be attached once it exists.'));
        const itemId = requireItem(p.id);
        const bytes = decodeBase64(p.base64);
        if (!bytes) throw pageError(vscode.l10n.t('The image data is not valid base64: nothing was attached.'));
        if (bytes.byteLength > MAX_PASTED_IMAGE_BYTES) throw pageError(vscode.l10n.t('Images can be at most 10 MB: nothing was attached.'));
        if (!matchesImageType(bytes, p.mime)) {
          throw pageError(vscode.l10n.t('This is not a {0} image (its first bytes do not match the type): nothing was attached.', imageTypeLabel(p.mime)));
        }
        const name = imageFileName(p.name, p.mime, new Date());
        const item = await this.service.attachData(itemId, name, bytes, o.backlogId);
        const added = item.attachments[item.attachments.length - 1];
        log().info(`[editor ${itemId}] attached a pasted ${p.mime} image (${bytes.byteLength} bytes) as ${added.path}`);
        return { done: true, path: added.path };
      }),
    );
    e.onNotification(EditorDraft, (d) => {
      if (!o.itemId || d.id !== o.itemId) return;
      o.dirty = d.dirty;
      o.unsaved = d.dirty ? d.fields : undefined;
      // The page has nothing unsaved any more (cancelled or saved): a kept draft must not come back
      // with the next state (a pasted image, say).
      if (!d.dirty) this.kept.delete(ItemEditorManager.keyOf(o));
    });

    // ---- new-item drafts
    e.onNotification(DraftChanged, (d) => {
      if (!o.newDraft || o.newDraft.key !== d.draftKey) return;
      o.newDraft.fields = d.fields;
      o.newDraft.edited = d.dirty;
    });
    e.handle(
      DraftAction,
      userFacing(async (p) => {
        const draft = requireDraft(p.draftKey);
        if (p.action === 'discard') {
          draft.settled = true;
          o.panel.dispose();
          return { done: true };
        }
        if (p.action === 'addRelation') {
          const { repo } = await this.service.repo(o.backlogId);
          if (!repo.getItem(p.relation.other)) throw pageError(vscode.l10n.t('There is no item {0}.', p.relation.other));
          draft.relations = uniqueRelations([...draft.relations, p.relation]);
        } else {
          draft.relations = draft.relations.filter((r) => !sameRelation(r, p.relation));
        }
        void this.push(o);
        return { done: true };
      }),
    );
    e.handle(
      CreateDraftItem,
      userFacing(async (p) => {
        const draft = requireDraft(p.draftKey);
        if (draft.creating) throw pageError(vscode.l10n.t('The item is being created.'));
        const relations = uniqueRelations(p.relations);
        let item: Item;
        draft.creating = true;
        try {
          item = await this.createWithRelations(o.backlogId, p.fields, relations);
        } finally {
          draft.creating = false;
        }
        // The same tab now edits the new item.
        draft.settled = true;
        this.open.delete(ItemEditorManager.keyOf(o));
        o.newDraft = undefined;
        o.itemId = item.id;
        o.dirty = false;
        this.open.set(ItemEditorManager.keyOf(o), o);
        o.panel.title = item.id;
        log().info(`[editor] created ${item.id} from a draft, with ${relations.length} relation(s)`);
        void this.push(o);
        return { id: item.id };
      }),
    );

    // ---- AI commands (registered by the AI features) and proposals
    e.handle(
      EditorAi,
      userFacing(async (p) => {
        let command: string;
        let arg: Record<string, unknown>;
        let label: string;
        if (p.target === 'item') {
          const itemId = requireItem(p.id);
          command = p.action === 'refine' ? this.aiCommands.refine : this.aiCommands.suggestRelations;
          label = p.action === 'refine' ? vscode.l10n.t('Refine with AI') : vscode.l10n.t('Find duplicates & dependencies');
          arg = { itemId, backlogId: o.backlogId };
        } else {
          const draft = requireDraft(p.draftKey);
          draft.fields = p.fields;
          command = this.aiCommands.suggestRelations;
          label = vscode.l10n.t('Find duplicates & dependencies');
          arg = { draftKey: draft.key, fields: clone(p.fields), backlogId: o.backlogId };
        }
        try {
          await vscode.commands.executeCommand(command, arg);
        } catch (err) {
          log().warn(`[editor] ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
          throw pageError(vscode.l10n.t('"{0}" failed: {1}', label, err instanceof FlowcastError ? describeError(err) : err instanceof Error ? err.message : String(err)));
        }
        return { done: true };
      }),
    );
    e.onNotification(ProposalDecided, (d) => {
      const proposal = o.proposal;
      if (!o.itemId || d.id !== o.itemId || !proposal || proposal.id !== d.proposalId) return;
      for (const f of d.fields) proposal.decided.add(f);
      // Every field decided: the proposal is done (accepted values are in the page's form).
      if (Object.keys(proposal.proposed).every((k) => proposal.decided.has(k as EditableFieldKey))) o.proposal = undefined;
    });
  }

  /**
   * Creates an item and its relations as ONE undoable change, all or nothing (the service checks
   * every relation target first; a relation that still fails, a cycle say, rolls the creation
   * back). Missing targets are named here first, with a hint of what to do.
   */
  private async createWithRelations(backlogId: string, fields: EditableFields, relations: DraftRelation[]): Promise<Item> {
    const { repo } = await this.service.repo(backlogId);
    const missing = relations.filter((r) => !repo.getItem(r.other)).map((r) => r.other);
    if (missing.length) {
      throw pageError(vscode.l10n.t('The item was not created: there is no item {0}. Remove that relation, then click Create again.', [...new Set(missing)].join(', ')));
    }
    try {
      return await this.service.createItem(fields, backlogId, { relations });
    } catch (err) {
      if (err instanceof FlowcastError) throw pageError(vscode.l10n.t('The item was not created: {0}', describeError(err)));
      throw err;
    }
  }

  private async push(o: Open): Promise<void> {
    const n = ++o.pushes;
    try {
      const state = await this.state(o);
      // A newer push started meanwhile (the draft became an item, say): it sends the newer state.
      if (n === o.pushes) o.endpoint.notify(EditorStateChanged, state);
    } catch (err) {
      log().error(`[editor ${ItemEditorManager.keyOf(o)}] could not build the state`, err instanceof Error ? err : String(err));
    }
  }

  private async state(o: Open): Promise<EditorState> {
    const { backlogId, itemId, newDraft: draft, proposal } = o;
    const webview = o.panel.webview;
    let repo: BacklogRepository;
    try {
      repo = (await this.service.repo(backlogId)).repo;
    } catch (err) {
      return { backlogId, item: null, types: [], statuses: [], others: [], problem: describeError(err) };
    }
    const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color }));
    const statuses = repo.listStatuses().map((s) => ({ key: s.key, label: statusLabel(s.key, s.label) }));
    const others = (except?: string) =>
      repo
        .listItems({ includeArchived: false })
        .filter((i) => i.id !== except)
        .slice(0, 5000)
        .map((i) => ({ id: i.id, title: i.title }));
    if (!itemId && draft) {
      return {
        backlogId,
        item: null,
        types,
        statuses,
        others: others(),
        problem: null,
        newItem: { draftKey: draft.key, original: draft.original, fields: draft.fields, note: draft.note, relations: draft.relations },
      };
    }
    const item = itemId ? repo.getItem(itemId) : undefined;
    if (!item || !itemId) return { backlogId, item: null, types, statuses, others: [], problem: vscode.l10n.t('{0} no longer exists.', itemId ?? '?') };
    const dir = await this.service.attachmentsDir(backlogId);
    const kept = this.kept.get(`${backlogId}/${itemId}`);
    const fields = editableFieldsOf(item);
    const analysis = analysisViewOf(repo, item.id);
    let proposalView: EditorState['proposal'];
    if (proposal) {
      const changes = proposalChanges(fields, proposal.proposed, { base: proposal.base, skip: proposal.decided });
      if (changes.length) {
        const proposed: Partial<EditableFields> = {};
        for (const c of changes) (proposed as Record<string, unknown>)[c.field] = proposal.proposed[c.field];
        proposalView = { id: proposal.id, note: proposal.note, proposed, changes };
      } else if (o.proposal === proposal) {
        // Nothing left to decide (accepted values saved, the rest rejected or equal): done.
        o.proposal = undefined;
      }
    }
    return {
      backlogId,
      item: {
        id: item.id,
        fields,
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
      others: others(itemId),
      problem: null,
      ...(kept ? { draft: kept } : {}),
      ...(proposalView ? { proposal: proposalView } : {}),
      ...(analysis ? { analysis } : {}),
    };
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
