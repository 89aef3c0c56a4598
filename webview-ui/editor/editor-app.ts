import { LitElement, html, css, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import {
  CreateDraftItem,
  type DiffSegment,
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
  type FieldChange,
  Init,
  type InitParams,
  MAX_PASTED_IMAGE_BYTES,
  PASTE_IMAGE_TYPES,
  PasteImage,
  ProposalDecided,
  RpcError,
  SaveItem,
} from '../../src/core/protocol';
import { host, onProtocolError, setViewState } from '../shared/host';
import { renderMarkdown } from '../shared/markdown';
import { mergeDecision } from './merge';
import { acceptInto, pendingChanges } from './proposal';

type ListKey = 'specs' | 'reproSteps' | 'dependencies' | 'constraints';
type RelKind = 'blocks' | 'blocked-by' | 'relates' | 'duplicates';

/** The tags typed in the Tags field ("a, b," gives ["a", "b"]). */
function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The files of a paste or a drop (from `files`, or from `items` when a browser fills only those). */
function filesOf(dt: DataTransfer | null | undefined): File[] {
  if (!dt) return [];
  if (dt.files.length) return [...dt.files];
  return [...dt.items].filter((i) => i.kind === 'file').flatMap((i) => i.getAsFile() ?? []);
}

/** True when a drag carries at least one image file (its type is known during the drag). */
function dragsImage(e: DragEvent): boolean {
  return [...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file' && i.type.startsWith('image/'));
}

/** True when a paste lands in something that takes text (an input, a textarea, an editable element). */
function isTextTarget(e: Event): boolean {
  const t = e.composedPath()[0];
  if (t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'color', 'range'].includes(t.type);
  if (t instanceof HTMLElement) return t.isContentEditable || t.tagName === 'VSCODE-TEXTFIELD' || t.tagName === 'VSCODE-TEXTAREA';
  return false;
}

/** The file's bytes as base64, read locally (no network). */
function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = typeof r.result === 'string' ? r.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('unreadable'));
    r.readAsDataURL(file);
  });
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
  private tagsText: string | undefined;

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
    window.addEventListener(
      'keydown',
      (e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          void (this.state?.newItem ? this.create() : this.save());
        }
      },
      true,
    );
    window.addEventListener('paste', (e) => this.onPaste(e));
    // Image drags are claimed on the document, before VS Code's own listener on the window: that
    // one hands a file drag to the workbench (open the file) unless the page prevented it. Other
    // file drags still go to the workbench.
    const claim = (e: DragEvent) => {
      if (!this.state?.item || !dragsImage(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      this.dropping = true;
    };
    document.addEventListener('dragenter', claim);
    document.addEventListener('dragover', claim);
    document.addEventListener('dragleave', (e) => {
      if (!e.relatedTarget) this.dropping = false;
    });
    document.addEventListener('drop', (e) => this.onDrop(e));
  }

  private t(key: string): string {
    return this.init?.strings[key] ?? key;
  }

  /** A string with its {0}, {1}… filled in (as text). */
  private tf(key: string, ...args: (string | number)[]): string {
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

  private reload(): void {
    const item = this.state?.item;
    if (!item) return;
    this.base = { fields: clone(item.fields), updatedAt: item.updatedAt };
    this.fields = clone(item.fields);
    this.stale = false;
    this.reportDraft();
  }

  private set<K extends keyof EditableFields>(key: K, value: EditableFields[K]): void {
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
  private tagsValue(tags: readonly string[]): string {
    const typed = this.tagsText;
    if (typed !== undefined && JSON.stringify(parseTags(typed)) === JSON.stringify(tags)) return typed;
    this.tagsText = undefined;
    return tags.join(', ');
  }

  private titleProblem(): string | null {
    const t = this.fields?.title.replace(/\s+/g, ' ').trim() ?? '';
    if (!t) return this.t('titleRequired');
    if (t.length > 300) return this.t('titleTooLong');
    return null;
  }

  private async save(): Promise<void> {
    const item = this.state?.item;
    if (!item || !this.fields || !this.base || this.saving || this.titleProblem()) return;
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
  private async create(): Promise<void> {
    const draft = this.state?.newItem;
    if (!draft || !this.fields || this.creating || this.titleProblem()) return;
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
  private discard(): void {
    const draft = this.state?.newItem;
    if (!draft) return;
    // The tab closes: the answer may never come.
    host.request(DraftAction, { draftKey: draft.draftKey, action: 'discard' }).catch((err: unknown) => (this.error = err instanceof Error ? err.message : String(err)));
  }

  private async draftRelation(action: 'addRelation' | 'removeRelation', kind: RelKind, other: string): Promise<void> {
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
  private async ai(action: 'refine' | 'suggestRelations'): Promise<void> {
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
  private decide(fields: EditableFieldKey[], accept: boolean): void {
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

  private cancel(): void {
    if (!this.base) return;
    this.fields = clone(this.base.fields);
    this.reportDraft();
  }

  private async act(action: 'attachFile' | 'removeAttachment' | 'openLink' | 'copyMarkdown' | 'copyPrompt' | 'archive' | 'restore', extra: { path?: string; line?: number } = {}): Promise<void> {
    const id = this.state?.item?.id;
    if (!id) return;
    try {
      await host.request(EditorAction, { id, action, ...extra });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /**
   * Ctrl/Cmd+V anywhere in the page attaches a clipboard image (a screenshot, say). A paste of text
   * into a text field stays a normal text paste, even when the clipboard also holds an image.
   */
  private onPaste(e: ClipboardEvent): void {
    if (!this.state?.item || !this.fields) return;
    const images = filesOf(e.clipboardData).filter((f) => f.type.startsWith('image/'));
    if (!images.length) return;
    if (isTextTarget(e) && (e.clipboardData?.getData('text/plain') ?? '') !== '') return;
    e.preventDefault();
    // A clipboard image's own name ("image.png") says nothing: the host names it pasted-image-<time>.
    void this.attachImages(images, false);
  }

  /** A drop of image files anywhere in the page (the Attachments section is highlighted) attaches them. */
  private onDrop(e: DragEvent): void {
    this.dropping = false;
    if (!this.state?.item || !dragsImage(e)) return;
    e.preventDefault();
    void this.attachImages(filesOf(e.dataTransfer), true);
  }

  /** Sends each image to the host (one at a time); the new state then shows the thumbnails. */
  private async attachImages(files: File[], keepNames: boolean): Promise<void> {
    const id = this.state?.item?.id;
    if (!id) return;
    let failed = false;
    const fail = (message: string) => {
      this.error = message;
      failed = true;
    };
    for (const file of files) {
      const mime = PASTE_IMAGE_TYPES.find((m) => m === file.type);
      if (!mime) {
        fail(this.t('imageType'));
        continue;
      }
      if (file.size > MAX_PASTED_IMAGE_BYTES) {
        fail(this.t('imageTooBig'));
        continue;
      }
      let base64: string;
      try {
        base64 = await readBase64(file);
      } catch {
        base64 = '';
      }
      if (!base64) {
        fail(this.t('imageUnreadable'));
        continue;
      }
      const name = keepNames ? file.name.replace(/[/\\\p{Cc}]/gu, '_').slice(0, 200) : '';
      try {
        await host.request(PasteImage, { id, mime, base64, ...(name ? { name } : {}) });
        if (!failed) this.error = undefined;
        this.showNotice(this.t('imageAttached'));
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
    }
  }

  private showNotice(text: string): void {
    this.notice = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice = undefined), 6000);
  }

  private async relation(op: 'add' | 'remove', kind: RelKind, other: string): Promise<void> {
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

  static override styles = css`
    :host {
      display: block;
      container-type: inline-size;
      padding: 12px 16px 40px;
      max-width: 980px;
    }
    header {
      display: flex;
      gap: 8px;
      align-items: center;
      position: sticky;
      top: 0;
      background: var(--vscode-editor-background);
      padding: 6px 0;
      z-index: 1;
    }
    header .id {
      font-family: var(--vscode-editor-font-family);
      color: var(--vscode-descriptionForeground);
    }
    header .spacer {
      flex: 1;
    }
    .dirty {
      color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
      font-size: 0.9em;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
      gap: 8px 12px;
      margin: 8px 0 12px;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 3px;
      font-size: 0.9em;
      color: var(--vscode-descriptionForeground);
    }
    .grid vscode-textfield,
    .grid select {
      width: 100%;
      box-sizing: border-box;
    }
    select,
    input.native {
      font: inherit;
      color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
      background: var(--vscode-dropdown-background, var(--vscode-input-background));
      border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
      padding: 3px 4px;
      border-radius: 2px;
    }
    select:focus,
    input.native:focus {
      outline: 1px solid var(--vscode-focusBorder);
    }
    .title-field {
      width: 100%;
    }
    .problem {
      color: var(--vscode-errorForeground);
      font-size: 0.9em;
    }
    section {
      margin: 14px 0;
    }
    section h2 {
      font-size: 1em;
      margin: 0 0 6px;
      display: flex;
      align-items: center;
      gap: 6px;
    }
    section h2 .toggle {
      margin-left: auto;
    }
    vscode-textarea {
      width: 100%;
    }
    .md {
      border: 1px solid var(--vscode-widget-border, transparent);
      border-radius: 3px;
      padding: 4px 10px;
      min-height: 24px;
      overflow-wrap: anywhere;
    }
    .md code,
    .md pre {
      font-family: var(--vscode-editor-font-family);
      background: var(--vscode-textCodeBlock-background);
    }
    .md pre {
      padding: 6px;
      overflow-x: auto;
    }
    .md blockquote {
      border-left: 3px solid var(--vscode-textBlockQuote-border);
      margin: 0;
      padding-left: 8px;
      color: var(--vscode-textBlockQuote-foreground, inherit);
    }
    .md a {
      color: var(--vscode-textLink-foreground);
    }
    .muted {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
    }
    ul.rows {
      list-style: none;
      padding: 0;
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    ul.rows li {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    ul.rows li vscode-textfield {
      flex: 1;
    }
    .rel-add {
      display: flex;
      gap: 6px;
      margin-top: 6px;
      align-items: center;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      border: 1px solid var(--vscode-badge-background);
      border-radius: 10px;
      padding: 0 2px 0 8px;
    }
    .thumbs {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    figure {
      margin: 0;
      border: 1px solid var(--vscode-widget-border, transparent);
      border-radius: 3px;
      padding: 4px;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 4px;
      max-width: 140px;
    }
    figure img {
      max-width: 128px;
      max-height: 96px;
    }
    figcaption {
      font-size: 0.85em;
      overflow-wrap: anywhere;
      display: flex;
      align-items: center;
      gap: 2px;
    }
    ol.timeline {
      margin: 0;
      padding-left: 18px;
      color: var(--vscode-descriptionForeground);
    }
    .error,
    .stale {
      border: 1px solid var(--vscode-inputValidation-errorBorder);
      background: var(--vscode-inputValidation-errorBackground);
      padding: 6px 8px;
      border-radius: 3px;
      display: flex;
      gap: 8px;
      align-items: center;
      margin: 6px 0;
    }
    .stale {
      border-color: var(--vscode-inputValidation-warningBorder);
      background: var(--vscode-inputValidation-warningBackground);
    }
    .error span,
    .stale span {
      flex: 1;
    }
    .notice {
      border: 1px solid var(--vscode-inputValidation-infoBorder, var(--vscode-focusBorder));
      background: var(--vscode-inputValidation-infoBackground, transparent);
      padding: 6px 8px;
      border-radius: 3px;
      margin: 6px 0;
    }
    #attachments.dropping {
      outline: 2px dashed var(--vscode-focusBorder);
      outline-offset: 4px;
    }
    .hint {
      font-size: 0.9em;
      margin: 6px 0;
    }
    /* The header never wraps: "Unsaved changes" shrinks to an ellipsis (its title has the full
       text) instead of pushing Save onto a second row at narrow widths. */
    header {
      flex-wrap: nowrap;
      min-width: 0;
    }
    header > * {
      flex-shrink: 0;
    }
    header > .dirty {
      flex-shrink: 1;
      min-width: 1em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    header > .spacer {
      flex-shrink: 1;
      min-width: 0;
    }
    /* Narrow editors: the AI buttons keep their icon (and tooltip), so the indicator has room. */
    @container (max-width: 640px) {
      header vscode-button .label {
        display: none;
      }
    }
    .ai-banner {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      border: 1px solid var(--vscode-inputValidation-infoBorder, var(--vscode-focusBorder));
      background: var(--vscode-inputValidation-infoBackground, transparent);
      padding: 8px 10px;
      border-radius: 3px;
      margin: 6px 0 10px;
    }
    .note {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 6px 0 0;
    }
    .proposal {
      border: 1px solid var(--vscode-focusBorder);
      border-radius: 3px;
      padding: 8px 10px;
    }
    .proposal h2 .actions {
      margin-left: auto;
      display: flex;
      gap: 6px;
    }
    .change {
      border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
      padding: 8px 0 4px;
    }
    .change-head {
      display: flex;
      gap: 6px;
      align-items: center;
      margin-bottom: 4px;
    }
    .change-head .spacer {
      flex: 1;
    }
    .badge {
      font-size: 0.85em;
      border: 1px solid var(--vscode-inputValidation-warningBorder);
      border-radius: 8px;
      padding: 0 6px;
    }
    .diff-text,
    .pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      border: 1px solid var(--vscode-widget-border, transparent);
      border-radius: 3px;
      padding: 4px 8px;
      max-height: 320px;
      overflow-y: auto;
    }
    /* Insertions are underlined and deletions struck through: not told by colour alone. */
    ins.diff-ins {
      text-decoration: underline;
      background: var(--vscode-diffEditor-insertedTextBackground, rgba(155, 185, 85, 0.2));
    }
    del.diff-del {
      text-decoration: line-through;
      background: var(--vscode-diffEditor-removedTextBackground, rgba(255, 0, 0, 0.2));
    }
    ul.diff-list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    ul.diff-list li {
      display: flex;
      gap: 6px;
      padding: 1px 0;
    }
    ul.diff-list .mark {
      width: 1em;
      flex: none;
      font-family: var(--vscode-editor-font-family);
      font-weight: bold;
    }
    ul.diff-list .row-text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    details.both {
      margin-top: 4px;
    }
    details.both .cols {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 8px;
    }
    details.both h4 {
      margin: 4px 0;
      font-size: 0.9em;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    /* The AI analysis: the score badge looks like the board's (sparkle, purple border; dashed when outdated). */
    .ai-analysis {
      border-left: 2px solid var(--vscode-charts-purple, var(--vscode-focusBorder));
      padding: 2px 0 2px 10px;
    }
    .ai-analysis.is-stale {
      border-left-style: dashed;
    }
    .badge.ai {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      line-height: 16px;
      border-color: var(--vscode-charts-purple, var(--vscode-badge-background));
      color: var(--vscode-foreground);
      font-weight: normal;
    }
    .badge.ai.stale {
      border-style: dashed;
      color: var(--vscode-descriptionForeground);
    }
    .badge.outdated {
      font-weight: normal;
      color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
    }
    ul.factors {
      margin: 6px 0;
      padding-left: 18px;
    }
    ul.factors li {
      overflow-wrap: anywhere;
      margin: 2px 0;
    }
    .ai-analysis .meta {
      font-size: 0.9em;
      margin: 6px 0 0;
    }
    .link {
      background: none;
      border: none;
      padding: 0;
      color: var(--vscode-textLink-foreground);
      cursor: pointer;
      font: inherit;
      text-align: left;
    }
  `;

  private renderSelect(key: 'priority' | 'severity' | 'effort' | 'type' | 'status', known: { value: string; label: string }[], nullable: boolean) {
    const value = (this.fields?.[key] as string | null) ?? '';
    // A value the lists lack (a type an AI draft names, say) is still shown, as itself.
    const options = value && !known.some((o) => o.value === value) ? [{ value, label: value }, ...known] : known;
    return html`<label
      >${this.t(key)}
      <select
        id=${`f-${key}`}
        .value=${value}
        @input=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          this.set(key, (v === '' && nullable ? null : v));
        }}
      >
        ${nullable ? html`<option value="" ?selected=${value === ''}>${this.t('none')}</option>` : nothing}
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
      </select></label
    >`;
  }

  private renderText(key: 'description' | 'userStory') {
    const f = this.fields!;
    const showPreview = this.preview[key] && f[key].trim() !== '';
    return html`<section>
      <h2>
        ${this.t(key)}
        <vscode-toolbar-button
          class="toggle"
          icon=${showPreview ? 'edit' : 'open-preview'}
          label=${showPreview ? this.t('edit') : this.t('preview')}
          title=${showPreview ? this.t('edit') : this.t('preview')}
          id=${`toggle-${key}`}
          @click=${() => (this.preview = { ...this.preview, [key]: !showPreview })}
        ></vscode-toolbar-button>
      </h2>
      ${showPreview
        ? html`<div class="md" id=${`md-${key}`} @dblclick=${() => (this.preview = { ...this.preview, [key]: false })}>${renderMarkdown(f[key])}</div>`
        : html`<vscode-textarea
            id=${`f-${key}`}
            rows=${key === 'description' ? 8 : 3}
            resize="vertical"
            .value=${f[key]}
            @input=${(e: Event) => this.set(key, (e.target as HTMLTextAreaElement).value)}
          ></vscode-textarea>`}
    </section>`;
  }

  private renderList(key: ListKey) {
    const list = this.fields![key];
    const setAt = (i: number, v: string) => this.set(key, list.map((x, j) => (j === i ? v : x)));
    const swap = (i: number, j: number) => {
      if (j < 0 || j >= list.length) return;
      const next = [...list];
      [next[i], next[j]] = [next[j], next[i]];
      this.set(key, next);
    };
    return html`<section data-list=${key}>
      <h2>${this.t(key)}</h2>
      <ul class="rows">
        ${list.map(
          (v, i) =>
            html`<li>
              <vscode-textfield aria-label=${`${this.t(key)} ${i + 1}`} .value=${v} @input=${(e: Event) => setAt(i, (e.target as HTMLInputElement).value)}></vscode-textfield>
              <vscode-toolbar-button icon="arrow-up" label=${this.t('moveUp')} ?disabled=${i === 0} @click=${() => swap(i, i - 1)}></vscode-toolbar-button>
              <vscode-toolbar-button icon="arrow-down" label=${this.t('moveDown')} ?disabled=${i === list.length - 1} @click=${() => swap(i, i + 1)}></vscode-toolbar-button>
              <vscode-toolbar-button icon="close" label=${this.t('remove')} @click=${() => this.set(key, list.filter((_, j) => j !== i))}></vscode-toolbar-button>
            </li>`,
        )}
      </ul>
      <vscode-button secondary icon="add" class="add" @click=${() => this.set(key, [...list, ''])}>${this.t('add')}</vscode-button>
    </section>`;
  }

  private renderCriteria() {
    const list = this.fields!.criteria;
    const setAt = (i: number, v: Partial<{ text: string; checked: boolean }>) => this.set('criteria', list.map((x, j) => (j === i ? { ...x, ...v } : x)));
    const done = list.filter((c) => c.checked).length;
    return html`<section data-list="criteria">
      <h2>${this.t('criteria')} <span class="muted">${list.length ? `${done}/${list.length}` : ''}</span></h2>
      <ul class="rows">
        ${list.map(
          (c, i) =>
            html`<li>
              <vscode-checkbox aria-label=${c.text} .checked=${c.checked} @change=${(e: Event) => setAt(i, { checked: (e.target as HTMLInputElement).checked })}></vscode-checkbox>
              <vscode-textfield aria-label=${`${this.t('criteria')} ${i + 1}`} .value=${c.text} @input=${(e: Event) => setAt(i, { text: (e.target as HTMLInputElement).value })}></vscode-textfield>
              <vscode-toolbar-button icon="close" label=${this.t('remove')} @click=${() => this.set('criteria', list.filter((_, j) => j !== i))}></vscode-toolbar-button>
            </li>`,
        )}
      </ul>
      <vscode-button secondary icon="add" class="add" @click=${() => this.set('criteria', [...list, { text: '', checked: false }])}>${this.t('add')}</vscode-button>
    </section>`;
  }

  private renderRelations() {
    const r = this.state!.item!.relations;
    const groups: [RelKind | 'duplicatedBy', string[]][] = [
      ['blocks', r.blocks],
      ['blocked-by', r.blockedBy],
      ['relates', r.relates],
      ['duplicates', r.duplicates],
      ['duplicatedBy', r.duplicatedBy],
    ];
    const title = (id: string) => this.state!.others.find((o) => o.id === id)?.title ?? '';
    return html`<section id="relations">
      <h2>${this.t('relations')}</h2>
      ${groups.every(([, ids]) => !ids.length) ? html`<div class="muted">${this.t('empty')}</div>` : nothing}
      ${groups
        .filter(([, ids]) => ids.length)
        .map(
          ([kind, ids]) =>
            html`<div>
              <span class="muted">${this.t(kind)}:</span>
              <span class="chips">
                ${ids.map(
                  (id) =>
                    html`<span class="chip" data-relation=${`${kind}:${id}`} title=${title(id)}
                      >${id}${kind !== 'duplicatedBy'
                        ? html`<vscode-toolbar-button icon="close" label=${`${this.t('remove')} ${id}`} @click=${() => this.relation('remove', kind, id)}></vscode-toolbar-button>`
                        : nothing}</span
                    >`,
                )}
              </span>
            </div>`,
        )}
      ${this.renderRelationAdd((kind, other) => this.relation('add', kind, other))}
    </section>`;
  }

  /**
   * The item's AI priority from the last backlog analysis: the score (the board's sparkle badge),
   * the rationale, the factors and when/with what it was analysed; marked outdated when the item
   * changed since. Nothing when the item was never analysed. Everything is rendered as text.
   */
  private renderAnalysis() {
    const a = this.state?.analysis;
    if (!a) return nothing;
    const label = this.tf('aiScoreLabel', a.score);
    const when = new Date(a.analysedAt);
    const date = Number.isNaN(when.getTime()) ? a.analysedAt : when.toLocaleString(this.init?.locale);
    const by = [a.provider, a.model].filter(Boolean).join('/');
    return html`<section id="ai-analysis" class=${a.stale ? 'ai-analysis is-stale' : 'ai-analysis'} aria-label=${this.t('aiPriority')}>
      <h2>
        ${this.t('aiPriority')}
        <span class=${a.stale ? 'badge ai stale' : 'badge ai'} id="ai-score" role="img" title=${label} aria-label=${label}><vscode-icon name="sparkle" size="12"></vscode-icon>${a.score}</span>
        ${a.stale ? html`<span class="badge outdated" id="ai-outdated">${this.t('aiOutdated')}</span>` : nothing}
      </h2>
      ${a.stale ? html`<p class="hint" id="ai-stale-hint">${this.t('aiOutdatedHint')}</p>` : nothing}
      ${a.rationale ? html`<p class="note" id="ai-rationale">${a.rationale}</p>` : nothing}
      ${a.factors.length
        ? html`<ul class="factors" id="ai-factors" aria-label=${this.t('aiFactors')}>
            ${a.factors.map((f) => html`<li><strong class="factor-name">${f.name}</strong>${f.name && f.note ? ' — ' : ''}<span class="factor-note">${f.note}</span></li>`)}
          </ul>`
        : nothing}
      <p class="muted meta" id="ai-meta">${by ? this.tf('aiAnalysedWith', date, by) : date}</p>
    </section>`;
  }

  /** The "kind + item ID + Add" row under the relations. */
  private renderRelationAdd(add: (kind: RelKind, other: string) => unknown) {
    return html`<div class="rel-add">
      <select id="rel-kind" aria-label=${this.t('relations')} .value=${this.relKind} @change=${(e: Event) => (this.relKind = (e.target as HTMLSelectElement).value as RelKind)}>
        ${(['blocks', 'blocked-by', 'relates', 'duplicates'] as RelKind[]).map((k) => html`<option value=${k} ?selected=${k === this.relKind}>${this.t(k)}</option>`)}
      </select>
      <input
        class="native"
        id="rel-id"
        list="rel-ids"
        placeholder=${this.t('relationId')}
        aria-label=${this.t('relationId')}
        .value=${this.relId}
        @input=${(e: Event) => (this.relId = (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && add(this.relKind, this.relId)}
      />
      <datalist id="rel-ids">${this.state!.others.map((o) => html`<option value=${o.id}>${o.title}</option>`)}</datalist>
      <vscode-button secondary icon="add" id="rel-add" @click=${() => add(this.relKind, this.relId)}>${this.t('add')}</vscode-button>
    </div>`;
  }

  /** Draft mode: the relations the item will get on Create (removable; more can be added). */
  private renderDraftRelations() {
    const rels = this.state!.newItem!.relations;
    const title = (id: string) => this.state!.others.find((o) => o.id === id)?.title ?? '';
    return html`<section id="relations">
      <h2>${this.t('relations')}</h2>
      <p class="muted hint">${this.t('pendingRelations')}</p>
      ${rels.length
        ? html`<div class="chips" id="pending-relations">
            ${rels.map(
              (r) =>
                html`<span class="chip" data-relation=${`${r.kind}:${r.other}`} title=${title(r.other)}
                  ><span class="muted">${this.t(r.kind)}:</span> ${r.other}<vscode-toolbar-button
                    icon="close"
                    label=${`${this.t('remove')} ${r.other}`}
                    @click=${() => this.draftRelation('removeRelation', r.kind, r.other)}
                  ></vscode-toolbar-button
                ></span>`,
            )}
          </div>`
        : html`<div class="muted">${this.t('empty')}</div>`}
      ${this.renderRelationAdd((kind, other) => this.draftRelation('addRelation', kind, other))}
    </section>`;
  }

  private renderSegments(segments: DiffSegment[]) {
    return segments.map((x) =>
      x.op === 'ins' ? html`<ins class="diff-ins">${x.text}</ins>` : x.op === 'del' ? html`<del class="diff-del">${x.text}</del>` : html`<span class="diff-eq">${x.text}</span>`,
    );
  }

  /** A choice's label (type, status, priority) for a value diff; null is "None". */
  private valueLabel(field: EditableFieldKey, v: string | null): string {
    if (v === null) return this.t('none');
    if (v === '') return this.t('emptyValue');
    if (field === 'type') return this.state?.types.find((t) => t.key === v)?.label ?? v;
    if (field === 'status') return this.state?.statuses.find((x) => x.key === v)?.label ?? v;
    if (field === 'priority') return this.t(v);
    return v;
  }

  private renderDiff(c: FieldChange) {
    const d = c.diff;
    switch (d.kind) {
      case 'value':
        return html`<div class="diff diff-value">
          <span class="sr-only">${this.t('before')}:</span><del class="diff-del">${this.valueLabel(c.field, d.before)}</del>
          <span aria-hidden="true">→</span>
          <span class="sr-only">${this.t('after')}:</span><ins class="diff-ins">${this.valueLabel(c.field, d.after)}</ins>
        </div>`;
      case 'text': {
        const before = d.segments.filter((x) => x.op !== 'ins').map((x) => x.text).join('');
        const after = d.segments.filter((x) => x.op !== 'del').map((x) => x.text).join('');
        return html`<div class="diff diff-text">${this.renderSegments(d.segments)}</div>
          ${before.includes('\n') || after.includes('\n') || before.length + after.length > 160
            ? html`<details class="both">
                <summary>${this.t('before')} / ${this.t('after')}</summary>
                <div class="cols">
                  <div><h4>${this.t('before')}</h4><div class="pre before">${before || this.t('emptyValue')}</div></div>
                  <div><h4>${this.t('after')}</h4><div class="pre after">${after || this.t('emptyValue')}</div></div>
                </div>
              </details>`
            : nothing}`;
      }
      case 'list': {
        const mark = { eq: '', ins: '+', del: '−', chg: '~' } as const;
        const what = { eq: '', ins: this.t('added'), del: this.t('removed'), chg: this.t('changed') } as const;
        return html`<ul class="diff diff-list">
          ${d.rows.map(
            (r) =>
              html`<li class=${`row row-${r.op}`}>
                <span class="mark" title=${what[r.op]} aria-hidden="true">${mark[r.op]}</span>${r.op !== 'eq' ? html`<span class="sr-only">${what[r.op]}:</span>` : nothing}
                <span class="row-text">${this.renderSegments(r.segments)}</span>
              </li>`,
          )}
        </ul>`;
      }
    }
  }

  /** Item mode: the AI's proposed changes, field by field, each with Accept / Reject. */
  private renderProposal() {
    const p = this.state?.proposal;
    const pending = pendingChanges(p, this.decided);
    const showHint = this.accepted.length > 0 && this.dirty;
    if (!p || (!pending.length && !showHint)) return nothing;
    const fields = pending.map((c) => c.field);
    return html`<section id="proposal" class="proposal" aria-label=${this.t('proposal')}>
      <h2>
        <vscode-icon name="sparkle"></vscode-icon>${this.t('proposal')} ${pending.length ? html`<span class="muted">(${pending.length})</span>` : nothing}
        ${pending.length
          ? html`<span class="actions">
              <vscode-button id="accept-all" @click=${() => this.decide(fields, true)}>${this.t('acceptAll')}</vscode-button>
              <vscode-button secondary id="reject-all" @click=${() => this.decide(fields, false)}>${this.t('rejectAll')}</vscode-button>
            </span>`
          : nothing}
      </h2>
      ${p.note ? html`<p class="note" id="proposal-note">${p.note}</p>` : nothing}
      ${pending.some((c) => c.changedSince) ? html`<div class="stale" role="status" id="proposal-stale"><span>${this.t('proposalStale')}</span></div>` : nothing}
      ${showHint ? html`<p class="hint" id="accepted-hint">${this.t('acceptedHint')}</p>` : nothing}
      ${pending.map(
        (c) =>
          html`<div class="change" data-field=${c.field}>
            <div class="change-head">
              <strong>${this.t(c.field)}</strong>
              ${c.changedSince ? html`<span class="badge">${this.t('changedSince')}</span>` : nothing}
              <span class="spacer"></span>
              <vscode-button class="accept" title=${`${this.t('accept')}: ${this.t(c.field)}`} @click=${() => this.decide([c.field], true)}>${this.t('accept')}</vscode-button>
              <vscode-button secondary class="reject" title=${`${this.t('reject')}: ${this.t(c.field)}`} @click=${() => this.decide([c.field], false)}>${this.t('reject')}</vscode-button>
            </div>
            ${this.renderDiff(c)}
          </div>`,
      )}
    </section>`;
  }

  /** The fields of the form (shared by an item and a draft). */
  private renderForm() {
    const s = this.state!;
    const f = this.fields!;
    const problem = this.titleProblem();
    return html`<label
        >${this.t('title')}
        <vscode-textfield id="f-title" class="title-field" .value=${f.title} ?invalid=${!!problem} @input=${(e: Event) => this.set('title', (e.target as HTMLInputElement).value)}></vscode-textfield>
        ${problem ? html`<span class="problem" role="alert">${problem}</span>` : nothing}
      </label>
      <div class="grid">
        ${this.renderSelect('type', s.types.map((t) => ({ value: t.key, label: t.label })), false)}
        ${this.renderSelect('status', s.statuses.map((x) => ({ value: x.key, label: x.label })), false)}
        ${this.renderSelect('priority', [{ value: 'high', label: this.t('high') }, { value: 'medium', label: this.t('medium') }, { value: 'low', label: this.t('low') }], true)}
        ${this.renderSelect('severity', ['P0', 'P1', 'P2', 'P3', 'P4'].map((v) => ({ value: v, label: v })), true)}
        ${this.renderSelect('effort', ['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), true)}
        <label>${this.t('component')}<vscode-textfield id="f-component" .value=${f.component} @input=${(e: Event) => this.set('component', (e.target as HTMLInputElement).value)}></vscode-textfield></label>
        <label>${this.t('emoji')}<vscode-textfield id="f-emoji" .value=${f.emoji} maxlength="16" @input=${(e: Event) => this.set('emoji', (e.target as HTMLInputElement).value)}></vscode-textfield></label>
        <label
          >${this.t('tags')}<vscode-textfield
            id="f-tags"
            placeholder=${this.t('tagsHint')}
            .value=${this.tagsValue(f.tags)}
            @input=${(e: Event) => {
              // Every keystroke counts (typing ", demo" then Ctrl+S or closing the tab keeps it).
              this.tagsText = (e.target as HTMLInputElement).value;
              this.set('tags', parseTags(this.tagsText));
            }}
            @change=${() => {
              this.tagsText = undefined;
              this.requestUpdate();
            }}
          ></vscode-textfield
        ></label>
      </div>
      ${this.renderText('description')} ${this.renderText('userStory')} ${this.renderCriteria()} ${this.renderList('specs')} ${this.renderList('reproSteps')}
      ${this.renderList('dependencies')} ${this.renderList('constraints')}`;
  }

  private renderBanners() {
    return html`${this.error
      ? html`<div class="error" role="alert"><span>${this.error}</span><vscode-toolbar-button icon="close" label="×" @click=${() => (this.error = undefined)}></vscode-toolbar-button></div>`
      : nothing}
    ${this.notice ? html`<div class="notice" role="status" id="notice">${this.notice}</div>` : nothing}
    ${this.stale ? html`<div class="stale" role="status"><span>${this.t('changedElsewhere')}</span><vscode-button secondary @click=${() => this.reload()}>${this.t('reload')}</vscode-button></div>` : nothing}`;
  }

  /** Draft mode: a new item proposed by AI, created only by "Create item". */
  private renderDraft() {
    const draft = this.state!.newItem!;
    const problem = this.titleProblem();
    return html`
      <header>
        <span class="id" id="draft-label">${this.t('newItem')}</span>
        ${this.dirty ? html`<span class="dirty" id="dirty" title=${this.t('unsaved')}>● ${this.t('unsaved')}</span>` : nothing}
        <span class="spacer"></span>
        <vscode-button secondary icon="references" id="ai-relations" title=${this.t('suggestRelations')} aria-label=${this.t('suggestRelations')} ?disabled=${this.aiBusy} @click=${() => this.ai('suggestRelations')}><span class="label">${this.t('suggestRelations')}</span></vscode-button>
        <vscode-button secondary id="discard" @click=${() => this.discard()}>${this.t('discard')}</vscode-button>
        <vscode-button id="create" ?disabled=${!!problem || this.creating} @click=${() => this.create()}>${this.t('createItem')}</vscode-button>
      </header>
      <div class="ai-banner" role="status" id="ai-banner">
        <vscode-icon name="sparkle"></vscode-icon>
        <div>
          <strong>${this.t('aiBanner')}</strong>
          <div class="muted">${this.t('aiBannerHint')}</div>
          ${draft.note ? html`<p class="note" id="draft-note">${draft.note}</p>` : nothing}
        </div>
      </div>
      ${this.renderBanners()} ${this.renderForm()} ${this.renderDraftRelations()}
      <section id="attachments">
        <h2>${this.t('attachments')}</h2>
        <p class="muted hint">${this.t('draftAttachments')}</p>
      </section>
    `;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) return html`<vscode-progress-ring></vscode-progress-ring>`;
    if (s.newItem && this.fields) return this.renderDraft();
    if (!s.item || !this.fields) return html`<div class="error" role="alert"><span>${s.problem ?? this.t('notFound')}</span></div>`;
    const item = s.item;
    const problem = this.titleProblem();
    const fmt = (iso: string) => new Date(iso).toLocaleString(this.init?.locale);
    const statusLabel = (k: string | null) => (k ? (s.statuses.find((x) => x.key === k)?.label ?? k) : '');
    return html`
      <header>
        <span class="id">${item.id}</span>
        ${this.dirty ? html`<span class="dirty" id="dirty" title=${this.t('unsaved')}>● ${this.t('unsaved')}</span>` : nothing}
        <span class="spacer"></span>
        <vscode-button secondary icon="wand" id="ai-refine" title=${this.t('refine')} aria-label=${this.t('refine')} ?disabled=${this.aiBusy} @click=${() => this.ai('refine')}><span class="label">${this.t('refine')}</span></vscode-button>
        <vscode-toolbar-button
          icon="references"
          id="ai-relations"
          label=${this.t('suggestRelations')}
          title=${this.t('suggestRelations')}
          ?disabled=${this.aiBusy}
          @click=${() => this.ai('suggestRelations')}
        ></vscode-toolbar-button>
        <vscode-toolbar-button icon="markdown" label=${this.t('copyMarkdown')} title=${this.t('copyMarkdown')} @click=${() => this.act('copyMarkdown')}></vscode-toolbar-button>
        <vscode-toolbar-button icon="sparkle" label=${this.t('copyPrompt')} title=${this.t('copyPrompt')} @click=${() => this.act('copyPrompt')}></vscode-toolbar-button>
        ${item.archivedAt
          ? html`<vscode-button secondary @click=${() => this.act('restore')}>${this.t('restore')}</vscode-button>`
          : html`<vscode-toolbar-button icon="archive" label=${this.t('archive')} title=${this.t('archive')} @click=${() => this.act('archive')}></vscode-toolbar-button>`}
        <vscode-button secondary id="cancel" ?disabled=${!this.dirty} @click=${() => this.cancel()}>${this.t('cancel')}</vscode-button>
        <vscode-button id="save" ?disabled=${!this.dirty || !!problem || this.saving} @click=${() => this.save()}>${this.t('save')}</vscode-button>
      </header>
      ${this.renderBanners()} ${this.renderProposal()} ${this.renderForm()} ${this.renderRelations()} ${this.renderAnalysis()}
      <section id="attachments" class=${this.dropping ? 'dropping' : ''}>
        <h2>${this.t('attachments')}</h2>
        <div class="thumbs">
          ${item.attachments.map(
            (a) =>
              html`<figure>
                ${a.image && a.uri ? html`<img src=${a.uri} alt=${a.name} />` : html`<vscode-icon name="file" size="32"></vscode-icon>`}
                <figcaption>${a.name}<vscode-toolbar-button icon="close" label=${`${this.t('remove')} ${a.name}`} @click=${() => this.act('removeAttachment', { path: a.path })}></vscode-toolbar-button></figcaption>
              </figure>`,
          )}
        </div>
        <p class="muted hint">${this.t('pasteHint')}</p>
        <vscode-button secondary icon="file-add" @click=${() => this.act('attachFile')}>${this.t('attach')}</vscode-button>
      </section>
      ${item.links.length
        ? html`<section>
            <h2>${this.t('links')}</h2>
            ${item.links.map((l) => html`<div><button class="link" @click=${() => this.act('openLink', { path: l.file, line: l.line })}>${l.file}:${l.line}</button></div>`)}
          </section>`
        : nothing}
      <section>
        <h2>${this.t('history')}</h2>
        <ol class="timeline" id="history">
          ${item.history.map((h) => html`<li>${h.from ? `${statusLabel(h.from)} → ` : ''}${statusLabel(h.to)} · ${fmt(h.at)}</li>`)}
        </ol>
        <p class="muted">${this.t('created')} ${fmt(item.createdAt)} · ${this.t('updated')} ${fmt(item.updatedAt)}${item.archivedAt ? ` · ${this.t('archived')} ${fmt(item.archivedAt)}` : ''}</p>
      </section>
    `;
  }
}

customElements.define('flowcast-editor', EditorApp);
document.body.append(document.createElement('flowcast-editor'));
