// The item editor page (<flowcast-editor>): what is being edited and how it stays in step with the
// host (state, drafts, save / create, AI, proposal decisions). The markup is in the render helper
// modules (editor-pages, form-fields, relations-section, proposal-view, item-sections).
import { LitElement, html } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import {
  CreateDraftItem,
  DraftAction,
  DraftChanged,
  type EditableFieldKey,
  type EditableFields,
  EditorAction,
  EditorAi,
  EditorDraft,
  type EditorState,
  EditorStateChanged,
  EditRelation,
  Init,
  type InitParams,
  ProposalDecided,
  RpcError,
  SaveItem,
} from '../../src/core/protocol';
import { host, onProtocolError, setViewState } from '../shared/host';
import { renderDraft, renderItem } from './editor-pages';
import { editorStyles } from './editor-styles';
import { parseTags, targetDateProblem } from './form-fields';
import { ImageAttachController } from './image-attach';
import { mergeDecision } from './merge';
import { acceptInto } from './proposal';
import type { RelKind } from './relations-section';
import { onSaveShortcut } from './save-shortcut';

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export class EditorApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    fields: { state: true },
    error: { state: true },
    saving: { state: true },
    stale: { state: true },
    preview: { state: true },
    relKind: { state: true },
    relId: { state: true },
    notice: { state: true },
    dropping: { state: true },
    creating: { state: true },
    aiBusy: { state: true },
    decided: { state: true },
    accepted: { state: true },
  };

  declare state: EditorState | undefined;
  declare init: InitParams | undefined;
  /** The fields being edited (a copy of the saved ones plus the user's changes). */
  declare fields: EditableFields | undefined;
  declare error: string | undefined;
  declare saving: boolean;
  /** The item changed elsewhere while there were unsaved changes here. */
  declare stale: boolean;
  declare preview: Record<string, boolean>;
  declare relKind: RelKind;
  declare relId: string;
  /** A short confirmation ("Image attached"), shown for a few seconds. */
  declare notice: string | undefined;
  /** Files are being dragged over the Attachments section. */
  declare dropping: boolean;
  /** A draft's Create request is running. */
  declare creating: boolean;
  /** An AI command started from the toolbar is running (its buttons wait). */
  declare aiBusy: boolean;
  /** Fields of the current proposal the user accepted or rejected (hidden from the list). */
  declare decided: ReadonlySet<EditableFieldKey>;
  /** Fields of the current proposal accepted into the form. */
  declare accepted: readonly EditableFieldKey[];
  /** The proposal `decided` and `accepted` belong to. */
  private proposalId: string | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The saved version the edits are based on. */
  private base: { fields: EditableFields; updatedAt: string } | undefined;
  /**
   * The Tags field's text as typed ("a, b, " keeps its trailing comma while typing); shown while it
   * still parses to the form's tags, replaced by them when they change otherwise (reset, proposal).
   */
  tagsText: string | undefined;

  constructor() {
    super();
    this.saving = false;
    this.stale = false;
    this.preview = {};
    this.relKind = 'blocks';
    this.relId = '';
    this.dropping = false;
    this.creating = false;
    this.aiBusy = false;
    this.decided = new Set();
    this.accepted = [];
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
    });
    host.onNotification(EditorStateChanged, (s) => this.receive(s));
    onProtocolError((e) => (this.error = e.message));
    onSaveShortcut(() => void (this.state?.newItem ? this.create() : this.save()));
    new ImageAttachController(this);
  }

  t(key: string): string {
    return this.init?.strings[key] ?? key;
  }

  /** A string with its {0}, {1}… filled in (as text). */
  tf(key: string, ...args: (string | number)[]): string {
    return this.t(key).replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
  }

  get dirty(): boolean {
    return !!this.fields && !!this.base && JSON.stringify(this.fields) !== JSON.stringify(this.base.fields);
  }

  private receive(s: EditorState): void {
    if (s.newItem) {
      this.receiveDraft(s);
      return;
    }
    const wasDirty = this.dirty;
    const sameItem = !this.state?.newItem && this.state?.item?.id === s.item?.id;
    this.state = s;
    if (s.proposal?.id !== this.proposalId) {
      this.proposalId = s.proposal?.id;
      this.decided = new Set();
      this.accepted = [];
    }
    if (!s.item) return;
    setViewState({ backlogId: s.backlogId, itemId: s.item.id });
    if (!sameItem || !this.fields) {
      // Long texts open rendered; empty ones open for typing (and stay so while typing).
      this.preview = { description: s.item.fields.description.trim() !== '', userStory: s.item.fields.userStory.trim() !== '' };
    }
    switch (mergeDecision({ base: this.base, editing: !!this.fields, sameItem, dirty: wasDirty, incoming: s.item })) {
      case 'reset':
        this.base = { fields: clone(s.item.fields), updatedAt: s.item.updatedAt };
        this.fields = clone(s.draft ?? s.item.fields);
        this.stale = false;
        if (s.draft) this.reportDraft();
        break;
      case 'rebase':
        // Only server-side state changed (attachments…): the unsaved edits stay and can still be saved.
        this.base = { fields: this.base!.fields, updatedAt: s.item.updatedAt };
        break;
      case 'stale':
        this.stale = true;
        break;
      case 'keep':
        break;
    }
  }

  /** Draft mode: the fields are the page's (reported to the host); relations come from the host. */
  private receiveDraft(s: EditorState): void {
    const d = s.newItem!;
    const same = this.state?.newItem?.draftKey === d.draftKey && !!this.fields;
    this.state = s;
    if (same) return;
    this.base = { fields: clone(d.original), updatedAt: '' };
    this.fields = clone(d.fields);
    this.stale = false;
    this.preview = { description: d.fields.description.trim() !== '', userStory: d.fields.userStory.trim() !== '' };
    if (this.dirty) this.reportDraft();
  }

  reload(): void {
    const item = this.state?.item;
    if (!item) return;
    this.base = { fields: clone(item.fields), updatedAt: item.updatedAt };
    this.fields = clone(item.fields);
    this.stale = false;
    this.reportDraft();
  }

  set<K extends keyof EditableFields>(key: K, value: EditableFields[K]): void {
    if (!this.fields) return;
    this.fields = { ...this.fields, [key]: value };
    this.reportDraft();
  }

  /**
   * Tells the host about unsaved changes at once, on every keystroke, so closing the tab with the
   * cursor still in a field never loses what was typed (a debounce lost the last ones).
   */
  private reportDraft(): void {
    const draft = this.state?.newItem;
    if (draft && this.fields) {
      host.notify(DraftChanged, { draftKey: draft.draftKey, dirty: this.dirty, fields: this.fields });
      return;
    }
    const id = this.state?.item?.id;
    if (!id || !this.fields) return;
    host.notify(EditorDraft, this.dirty ? { id, dirty: true, fields: this.fields } : { id, dirty: false });
  }

  /** What the Tags field shows: the typed text while it still means these tags, else the tags. */
  tagsValue(tags: readonly string[]): string {
    const typed = this.tagsText;
    if (typed !== undefined && JSON.stringify(parseTags(typed)) === JSON.stringify(tags)) return typed;
    this.tagsText = undefined;
    return tags.join(', ');
  }

  titleProblem(): string | null {
    const t = this.fields?.title.replace(/\s+/g, ' ').trim() ?? '';
    if (!t) return this.t('titleRequired');
    if (t.length > 300) return this.t('titleTooLong');
    return null;
  }

  async save(): Promise<void> {
    const item = this.state?.item;
    if (!item || !this.fields || !this.base || this.saving || this.titleProblem() || targetDateProblem(this.fields)) return;
    this.saving = true;
    try {
      const clean: EditableFields = {
        ...this.fields,
        tags: this.fields.tags.map((t) => t.trim()).filter(Boolean),
      };
      await host.request(SaveItem, { id: item.id, fields: clean, baseUpdatedAt: this.base.updatedAt });
      this.error = undefined;
      this.base = { fields: clone(this.fields), updatedAt: this.base.updatedAt };
      this.reportDraft();
    } catch (err) {
      this.error = err instanceof RpcError || err instanceof Error ? err.message : String(err);
    } finally {
      this.saving = false;
    }
  }

  /** Draft mode: creates the item with its pending relations; the tab then edits it. */
  async create(): Promise<void> {
    const draft = this.state?.newItem;
    if (!draft || !this.fields || this.creating || this.titleProblem() || targetDateProblem(this.fields)) return;
    this.creating = true;
    try {
      const clean: EditableFields = { ...this.fields, tags: this.fields.tags.map((t) => t.trim()).filter(Boolean) };
      await host.request(CreateDraftItem, { draftKey: draft.draftKey, fields: clean, relations: draft.relations });
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof RpcError || err instanceof Error ? err.message : String(err);
    } finally {
      this.creating = false;
    }
  }

  /** Draft mode: closes the tab; nothing was created. */
  discard(): void {
    const draft = this.state?.newItem;
    if (!draft) return;
    // The tab closes: the answer may never come.
    host.request(DraftAction, { draftKey: draft.draftKey, action: 'discard' }).catch((err: unknown) => (this.error = err instanceof Error ? err.message : String(err)));
  }

  async draftRelation(action: 'addRelation' | 'removeRelation', kind: RelKind, other: string): Promise<void> {
    const draft = this.state?.newItem;
    if (!draft || !other.trim()) return;
    try {
      await host.request(DraftAction, { draftKey: draft.draftKey, action, relation: { kind, other: other.trim().toUpperCase() } });
      if (action === 'addRelation') this.relId = '';
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Runs one of the AI commands (the host shows their questions and progress). */
  async ai(action: 'refine' | 'suggestRelations'): Promise<void> {
    if (this.aiBusy) return;
    const draft = this.state?.newItem;
    const id = this.state?.item?.id;
    this.aiBusy = true;
    try {
      if (draft && this.fields) await host.request(EditorAi, { target: 'draft', action: 'suggestRelations', draftKey: draft.draftKey, fields: this.fields });
      else if (id) await host.request(EditorAi, { target: 'item', action, id });
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.aiBusy = false;
    }
  }

  /** Accepts (into the form, unsaved) or rejects fields of the proposal. */
  decide(fields: EditableFieldKey[], accept: boolean): void {
    const proposal = this.state?.proposal;
    const id = this.state?.item?.id;
    if (!proposal || !id || !this.fields || !fields.length) return;
    if (accept) {
      this.fields = acceptInto(this.fields, proposal.proposed, fields);
      this.accepted = [...this.accepted, ...fields];
      this.reportDraft();
    }
    this.decided = new Set([...this.decided, ...fields]);
    host.notify(ProposalDecided, { id, proposalId: proposal.id, fields });
  }

  cancel(): void {
    if (!this.base) return;
    this.fields = clone(this.base.fields);
    this.reportDraft();
  }

  async act(action: 'attachFile' | 'removeAttachment' | 'openLink' | 'copyMarkdown' | 'copyPrompt' | 'archive' | 'restore' | 'openWorkItem', extra: { path?: string; line?: number } = {}): Promise<void> {
    const id = this.state?.item?.id;
    if (!id) return;
    try {
      await host.request(EditorAction, { id, action, ...extra });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  showNotice(text: string): void {
    this.notice = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = undefined), 6000);
  }

  async relation(op: 'add' | 'remove', kind: RelKind, other: string): Promise<void> {
    const id = this.state?.item?.id;
    if (!id || !other) return;
    try {
      await host.request(EditRelation, { id, op, kind, other: other.trim().toUpperCase() });
      if (op === 'add') this.relId = '';
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  static override styles = editorStyles;

  override render() {
    const s = this.state;
    if (!s || !this.init) return html`<vscode-progress-ring></vscode-progress-ring>`;
    if (s.newItem && this.fields) return renderDraft(this);
    if (!s.item || !this.fields) return html`<div class="error" role="alert"><span>${s.problem ?? this.t('notFound')}</span></div>`;
    return renderItem(this);
  }
}

customElements.define('flowcast-editor', EditorApp);
document.body.append(document.createElement('flowcast-editor'));
