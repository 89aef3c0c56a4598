import { LitElement, html, css, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import {
  type EditableFields,
  EditorAction,
  EditorDraft,
  type EditorState,
  EditorStateChanged,
  EditRelation,
  Init,
  type InitParams,
  MAX_PASTED_IMAGE_BYTES,
  PASTE_IMAGE_TYPES,
  PasteImage,
  RpcError,
  SaveItem,
} from '../../src/core/protocol';
import { host, onProtocolError, setViewState } from '../shared/host';
import { renderMarkdown } from '../shared/markdown';
import { mergeDecision } from './merge';

type ListKey = 'specs' | 'reproSteps' | 'dependencies' | 'constraints';
type RelKind = 'blocks' | 'blocked-by' | 'relates' | 'duplicates';

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
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The saved version the edits are based on. */
  private base: { fields: EditableFields; updatedAt: string } | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.saving = false;
    this.stale = false;
    this.preview = {};
    this.relKind = 'blocks';
    this.relId = '';
    this.dropping = false;
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
          void this.save();
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

  get dirty(): boolean {
    return !!this.fields && !!this.base && JSON.stringify(this.fields) !== JSON.stringify(this.base.fields);
  }

  private receive(s: EditorState): void {
    const wasDirty = this.dirty;
    const sameItem = this.state?.item?.id === s.item?.id;
    this.state = s;
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

  /** Tells the host about unsaved changes (debounced), so closing the panel never loses them. */
  private reportDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      const id = this.state?.item?.id;
      if (!id || !this.fields) return;
      host.notify(EditorDraft, this.dirty ? { id, dirty: true, fields: this.fields } : { id, dirty: false });
    }, 150);
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

  private renderSelect(key: 'priority' | 'severity' | 'effort' | 'type' | 'status', options: { value: string; label: string }[], nullable: boolean) {
    const value = (this.fields?.[key] as string | null) ?? '';
    return html`<label
      >${this.t(key)}
      <select
        id=${`f-${key}`}
        .value=${value}
        @change=${(e: Event) => {
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
      <div class="rel-add">
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
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.relation('add', this.relKind, this.relId)}
        />
        <datalist id="rel-ids">${this.state!.others.map((o) => html`<option value=${o.id}>${o.title}</option>`)}</datalist>
        <vscode-button secondary icon="add" id="rel-add" @click=${() => this.relation('add', this.relKind, this.relId)}>${this.t('add')}</vscode-button>
      </div>
    </section>`;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) return html`<vscode-progress-ring></vscode-progress-ring>`;
    if (!s.item || !this.fields) return html`<div class="error" role="alert"><span>${s.problem ?? this.t('notFound')}</span></div>`;
    const item = s.item;
    const f = this.fields;
    const problem = this.titleProblem();
    const fmt = (iso: string) => new Date(iso).toLocaleString(this.init?.locale);
    const statusLabel = (k: string | null) => (k ? (s.statuses.find((x) => x.key === k)?.label ?? k) : '');
    return html`
      <header>
        <span class="id">${item.id}</span>
        ${this.dirty ? html`<span class="dirty" id="dirty">● ${this.t('unsaved')}</span>` : nothing}
        <span class="spacer"></span>
        <vscode-toolbar-button icon="markdown" label=${this.t('copyMarkdown')} title=${this.t('copyMarkdown')} @click=${() => this.act('copyMarkdown')}></vscode-toolbar-button>
        <vscode-toolbar-button icon="sparkle" label=${this.t('copyPrompt')} title=${this.t('copyPrompt')} @click=${() => this.act('copyPrompt')}></vscode-toolbar-button>
        ${item.archivedAt
          ? html`<vscode-button secondary @click=${() => this.act('restore')}>${this.t('restore')}</vscode-button>`
          : html`<vscode-toolbar-button icon="archive" label=${this.t('archive')} title=${this.t('archive')} @click=${() => this.act('archive')}></vscode-toolbar-button>`}
        <vscode-button secondary id="cancel" ?disabled=${!this.dirty} @click=${() => this.cancel()}>${this.t('cancel')}</vscode-button>
        <vscode-button id="save" ?disabled=${!this.dirty || !!problem || this.saving} @click=${() => this.save()}>${this.t('save')}</vscode-button>
      </header>
      ${this.error ? html`<div class="error" role="alert"><span>${this.error}</span><vscode-toolbar-button icon="close" label="×" @click=${() => (this.error = undefined)}></vscode-toolbar-button></div>` : nothing}
      ${this.notice ? html`<div class="notice" role="status" id="notice">${this.notice}</div>` : nothing}
      ${this.stale ? html`<div class="stale" role="status"><span>${this.t('changedElsewhere')}</span><vscode-button secondary @click=${() => this.reload()}>${this.t('reload')}</vscode-button></div>` : nothing}
      <label
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
            .value=${f.tags.join(', ')}
            @change=${(e: Event) =>
              this.set(
                'tags',
                (e.target as HTMLInputElement).value
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean),
              )}
          ></vscode-textfield
        ></label>
      </div>
      ${this.renderText('description')} ${this.renderText('userStory')} ${this.renderCriteria()} ${this.renderList('specs')} ${this.renderList('reproSteps')}
      ${this.renderList('dependencies')} ${this.renderList('constraints')} ${this.renderRelations()}
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
