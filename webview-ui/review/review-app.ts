// The review list of a bulk extraction: every proposal with a checkbox, editable inline, then ONE
// import of the selection. Proposals may keep arriving while the list is open (the extraction
// streams); the user's edits and choices are kept in this page and sent only on import.
// Everything the AI wrote is untrusted: it is rendered as text only (lit text bindings).
import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import {
  CancelExtraction,
  DiscardReview,
  type DraftFields,
  type EditableFields,
  type ImportSelection,
  ImportProposals,
  Init,
  type InitParams,
  type ReviewState,
  ReviewStateChanged,
} from '../../src/core/protocol';
import { host, onProtocolError } from '../shared/host';
import { sharedStyles, tracked } from '../shared/ui';

type ChoiceKey = 'type' | 'status' | 'priority' | 'severity' | 'effort';
/** The lists of text entries the details edit, in the item editor's order. */
type ListKey = 'specs' | 'reproSteps' | 'dependencies' | 'constraints';

const PRIORITIES = ['high', 'medium', 'low'] as const;
const SEVERITIES = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
const EFFORTS = ['XS', 'S', 'M', 'L', 'XL'] as const;
const LISTS: readonly ListKey[] = ['specs', 'reproSteps', 'dependencies', 'constraints'];

/** A list without its blank entries (an entry added and left empty is not imported). */
function filled(list: string[]): string[] {
  return list.filter((x) => x.trim());
}

/** Fills {0}, {1}… in a host string. */
function fmt(s: string, ...args: (string | number)[]): string {
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

export class ReviewApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    rev: { state: true },
    busy: { state: true },
    error: { state: true },
    fixAsked: { state: true },
  };

  declare state: ReviewState | undefined;
  declare init: InitParams | undefined;
  /** Bumped on every local change (edits, selection), to re-render. */
  declare rev: number;
  declare busy: boolean;
  declare error: string | undefined;
  /** An import was refused because selected rows need a fix: say so until they are fixed. */
  declare fixAsked: boolean;

  /** The fields as the host first sent them, and as the user has them now. */
  private readonly original = new Map<string, DraftFields>();
  private readonly current = new Map<string, DraftFields>();
  /** Proposals whose fields (other than type and status) the user edited. */
  private readonly edited = new Set<string>();
  private readonly selected = new Set<string>();
  private readonly expanded = new Set<string>();

  constructor() {
    super();
    this.rev = 0;
    this.busy = false;
    this.fixAsked = false;
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
    });
    host.onNotification(ReviewStateChanged, (s) => this.receive(s));
    onProtocolError((e) => (this.error = e.message));
  }

  protected override willUpdate(): void {
    // The rows that needed a fix are fixed: the message goes.
    if (this.fixAsked && !this.needingFix().length) this.fixAsked = false;
  }

  private t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.length ? fmt(s, ...args) : s;
  }

  private receive(s: ReviewState): void {
    for (const p of s.proposals) {
      if (this.original.has(p.key)) continue;
      // New proposals arrive selected; edits to known ones stay as the user left them.
      this.original.set(p.key, p.fields);
      this.current.set(p.key, p.fields);
      this.selected.add(p.key);
    }
    this.state = s;
  }

  private bump(): void {
    this.rev++;
  }

  private fieldsOf(key: string): DraftFields {
    return this.current.get(key)!;
  }

  private set<K extends keyof DraftFields>(key: string, field: K, value: DraftFields[K]): void {
    const f = this.current.get(key);
    if (!f) return;
    this.current.set(key, { ...f, [field]: value });
    if (field !== 'type' && field !== 'status') this.edited.add(key);
    this.bump();
  }

  private undoEdits(key: string): void {
    const o = this.original.get(key);
    if (!o) return;
    this.current.set(key, o);
    this.edited.delete(key);
    this.bump();
  }

  private isChanged(key: string): boolean {
    const o = this.original.get(key)!;
    const c = this.fieldsOf(key);
    return this.edited.has(key) || o.type !== c.type || o.status !== c.status;
  }

  // ---------------------------------------------------------------- selection

  private keys(): string[] {
    return this.state?.proposals.map((p) => p.key) ?? [];
  }

  private toggle(key: string, on = !this.selected.has(key)): void {
    if (on) this.selected.add(key);
    else this.selected.delete(key);
    this.bump();
  }

  private selectAll(on: boolean): void {
    for (const k of this.keys()) {
      if (on) this.selected.add(k);
      else this.selected.delete(k);
    }
    this.bump();
  }

  private selectedKeys(): string[] {
    return this.keys().filter((k) => this.selected.has(k));
  }

  /** The selected proposals that cannot be imported as they are. */
  private needingFix(): string[] {
    return this.selectedKeys().filter((k) => this.problems(k).length);
  }

  private setForSelected(field: 'type' | 'status', value: string): void {
    for (const k of this.selectedKeys()) this.current.set(k, { ...this.fieldsOf(k), [field]: value });
    this.bump();
  }

  // ---------------------------------------------------------------- checks

  /** What is wrong with a proposal as it is now (localised), or an empty list. */
  private problems(key: string): string[] {
    const s = this.state!;
    const f = this.fieldsOf(key);
    const out: string[] = [];
    const title = f.title.replace(/\s+/g, ' ').trim();
    if (!title) out.push(this.t('titleRequired'));
    else if (title.length > 300) out.push(this.t('titleTooLong'));
    if (!s.types.some((t) => t.key === f.type)) out.push(this.t('unknownType', f.type));
    if (!s.statuses.some((x) => x.key === f.status)) out.push(this.t('unknownStatus', f.status));
    return out;
  }

  /** What the host needs for one selected proposal: edited fields, or only the changed type/status. */
  private selection(key: string): ImportSelection {
    const o = this.original.get(key)!;
    const c = this.fieldsOf(key);
    if (this.edited.has(key)) {
      const fields: EditableFields = {
        ...c,
        tags: c.tags.map((t) => t.trim()).filter(Boolean),
        criteria: c.criteria.filter((x) => x.text.trim()),
        specs: filled(c.specs),
        reproSteps: filled(c.reproSteps),
        dependencies: filled(c.dependencies),
        constraints: filled(c.constraints),
      };
      return { key, fields };
    }
    return { key, ...(c.type !== o.type ? { type: c.type } : {}), ...(c.status !== o.status ? { status: c.status } : {}) };
  }

  // ---------------------------------------------------------------- actions

  private async importSelected(): Promise<void> {
    if (this.busy) return;
    const keys = this.selectedKeys();
    if (!keys.length) {
      this.error = this.t('nothingSelected');
      return;
    }
    const bad = this.needingFix();
    if (bad.length) {
      this.fixAsked = true;
      this.focusRow(bad[0]);
      return;
    }
    // On success the host closes this panel; on failure the edits stay and the message shows.
    await tracked(this, () => host.request(ImportProposals, { items: keys.map((k) => this.selection(k)) }));
  }

  private async cancelExtraction(): Promise<void> {
    await tracked(this, () => host.request(CancelExtraction, {}));
  }

  private async discard(): Promise<void> {
    await tracked(this, () => host.request(DiscardReview, {}));
  }

  private focusRow(key: string): void {
    void this.updateComplete.then(() => {
      const row = this.renderRoot.querySelector<HTMLElement>(`li.row[data-key="${key}"]`);
      row?.scrollIntoView({ block: 'nearest' });
      row?.focus();
    });
  }

  /** Space toggles the focused row, Enter opens its details, arrows move between rows. */
  private onRowKey(e: KeyboardEvent, key: string): void {
    if (e.target !== e.currentTarget) return;
    const row = e.currentTarget as HTMLElement;
    if (e.key === ' ') {
      e.preventDefault();
      this.toggle(key);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.toggleDetails(key);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  }

  /** After "Add": the new (last) entry of a list gets the focus, ready to type in. */
  private focusNewEntry(key: string, list: ListKey | 'criteria'): void {
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`li.row[data-key="${key}"] section[data-list="${list}"] ul.entries > li:last-child input.text`)?.focus();
    });
  }

  private toggleDetails(key: string): void {
    if (this.expanded.has(key)) this.expanded.delete(key);
    else this.expanded.add(key);
    this.bump();
  }

  // ---------------------------------------------------------------- rendering

  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
        padding: 10px 16px 24px;
        max-width: 1200px;
        box-sizing: border-box;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        position: sticky;
        top: 0;
        z-index: 2;
        background: var(--vscode-editor-background);
        padding: 6px 0;
        border-bottom: 1px solid var(--vscode-widget-border, transparent);
      }
      header h1 {
        font-size: 1.1em;
        font-weight: 600;
        margin: 0;
      }
      header .into {
        color: var(--vscode-descriptionForeground);
      }
      .spacer {
        flex: 1;
      }
      .progress {
        display: flex;
        flex-direction: column;
        gap: 4px;
        color: var(--vscode-descriptionForeground);
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        padding: 4px 6px;
        border-radius: 3px;
        background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background));
        border: 1px solid var(--vscode-widget-border, transparent);
      }
      .toolbar label {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .toolbar .count {
        font-weight: 600;
      }
      select,
      input.text,
      textarea {
        font: inherit;
        color: var(--vscode-input-foreground, var(--vscode-foreground));
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
        border-radius: 2px;
        padding: 3px 5px;
        box-sizing: border-box;
      }
      .toolbar select {
        max-width: none;
      }
      select {
        color: var(--vscode-dropdown-foreground, var(--vscode-foreground));
        background: var(--vscode-dropdown-background, var(--vscode-input-background));
        border-color: var(--vscode-dropdown-border, var(--vscode-input-border, transparent));
        padding: 2px 4px;
        max-width: 170px;
      }
      select:focus,
      input.text:focus,
      textarea:focus,
      li.row:focus-visible,
      input.check:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
        outline-offset: -1px;
      }
      input.text[aria-invalid='true'],
      select[aria-invalid='true'] {
        border-color: var(--vscode-inputValidation-errorBorder);
      }
      input.check {
        appearance: none;
        width: 16px;
        height: 16px;
        margin: 0;
        flex: none;
        border: 1px solid var(--vscode-checkbox-border, var(--vscode-input-border, var(--vscode-foreground)));
        background: var(--vscode-checkbox-background, var(--vscode-input-background));
        border-radius: 3px;
        position: relative;
        cursor: pointer;
      }
      input.check:checked::after,
      input.check:indeterminate::after {
        content: '';
        position: absolute;
        left: 5px;
        top: 1px;
        width: 4px;
        height: 9px;
        border: solid var(--vscode-checkbox-foreground, var(--vscode-foreground));
        border-width: 0 2px 2px 0;
        transform: rotate(45deg);
      }
      input.check:indeterminate::after {
        left: 3px;
        top: 6px;
        width: 8px;
        height: 0;
        border-width: 0 0 2px 0;
        transform: none;
      }
      ul.rows {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      li.row {
        border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
        border-radius: 4px;
        padding: 6px 8px;
        display: flex;
        flex-direction: column;
        gap: 6px;
        background: var(--vscode-editor-background);
      }
      li.row.selected {
        border-color: var(--vscode-focusBorder);
      }
      li.row:not(.selected) .line > :not(.check):not(vscode-toolbar-button) {
        opacity: 0.65;
      }
      li.row.invalid {
        border-color: var(--vscode-inputValidation-errorBorder);
      }
      .line {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
      }
      .line .num {
        color: var(--vscode-descriptionForeground);
        font-variant-numeric: tabular-nums;
        min-width: 2.2em;
        text-align: right;
      }
      .line input.title {
        flex: 1 1 260px;
        min-width: 160px;
      }
      .badge {
        font-size: 0.85em;
        padding: 0 6px;
        border-radius: 8px;
        background: var(--vscode-badge-background);
        color: var(--vscode-badge-foreground);
      }
      .problem {
        color: var(--vscode-errorForeground);
        font-size: 0.92em;
        margin: 0 0 0 calc(16px + 2.2em + 12px);
      }
      ul.warnings {
        margin: 0 0 0 calc(16px + 2.2em + 12px);
        padding: 0;
        list-style: none;
        font-size: 0.92em;
        color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
      }
      ul.warnings li::before {
        content: '⚠ ';
      }
      .details {
        margin-left: calc(16px + 2.2em + 12px);
        display: grid;
        gap: 8px;
      }
      .details label {
        display: flex;
        flex-direction: column;
        gap: 3px;
        font-size: 0.92em;
        color: var(--vscode-descriptionForeground);
      }
      .details textarea {
        width: 100%;
        resize: vertical;
        min-height: 3.5em;
      }
      .details h3 {
        font-size: 0.92em;
        font-weight: 600;
        margin: 0;
        color: var(--vscode-descriptionForeground);
      }
      .details .fields {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
      }
      .details .fields label {
        flex: 2 1 180px;
      }
      .details .fields label.short {
        flex: 0 1 90px;
      }
      .details .fields label.wide {
        flex: 3 1 240px;
      }
      .details .lists {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
        gap: 10px 16px;
        align-items: start;
      }
      section.list {
        display: flex;
        flex-direction: column;
        gap: 4px;
        min-width: 0;
      }
      section.list vscode-button.add {
        align-self: flex-start;
      }
      ul.entries {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 3px;
      }
      ul.entries li {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      ul.entries input.text {
        flex: 1;
        min-width: 0;
      }
      blockquote.source {
        margin: 0;
        padding: 4px 10px;
        border-left: 3px solid var(--vscode-textBlockQuote-border);
        background: var(--vscode-textBlockQuote-background, transparent);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 16em;
        overflow-y: auto;
      }
      .muted {
        color: var(--vscode-descriptionForeground);
        font-style: italic;
      }
      .notice {
        border: 1px solid var(--vscode-inputValidation-warningBorder, var(--vscode-focusBorder));
        background: var(--vscode-inputValidation-warningBackground, transparent);
        padding: 6px 8px;
        border-radius: 3px;
      }
    `,
  ];

  private renderChoice(key: string, field: ChoiceKey, index: number) {
    const s = this.state!;
    const f = this.fieldsOf(key);
    const value = f[field] ?? '';
    let options: { value: string; label: string }[];
    let nullable = false;
    if (field === 'type') options = s.types.map((t) => ({ value: t.key, label: t.label }));
    else if (field === 'status') options = s.statuses.map((x) => ({ value: x.key, label: x.label }));
    else if (field === 'priority') {
      options = PRIORITIES.map((p) => ({ value: p, label: this.t(p) }));
      nullable = true;
    } else if (field === 'severity') {
      options = SEVERITIES.map((v) => ({ value: v, label: v }));
      nullable = true;
    } else {
      options = EFFORTS.map((v) => ({ value: v, label: v }));
      nullable = true;
    }
    // A value the backlog does not have (the AI's guess) stays visible until the user picks one.
    const unknown = !nullable && !options.some((o) => o.value === value);
    return html`<select
      class=${field}
      aria-label=${`${this.t(field)} (${this.t('proposal', index + 1)})`}
      title=${this.t(field)}
      aria-invalid=${unknown ? 'true' : 'false'}
      .value=${value}
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        this.set(key, field, v === '' && nullable ? null : v);
      }}
    >
      ${nullable ? html`<option value="" ?selected=${value === ''}>${this.t(field)}: ${this.t('none')}</option>` : nothing}
      ${unknown ? html`<option value=${value} selected disabled>${value || '—'}</option>` : nothing}
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
    </select>`;
  }

  private renderDetails(key: string, source: string | undefined) {
    const f = this.fieldsOf(key);
    const criteria = f.criteria;
    const setCriterion = (i: number, c: Partial<{ text: string; checked: boolean }>) =>
      this.set(
        key,
        'criteria',
        this.fieldsOf(key).criteria.map((x, j) => (j === i ? { ...x, ...c } : x)),
      );
    const criteriaHead = `criteria-${key}`;
    return html`<div class="details" id=${`details-${key}`}>
      <div class="fields">
        <label
          >${this.t('component')}
          <input class="text component" maxlength="200" .value=${f.component} @input=${(e: Event) => this.set(key, 'component', (e.target as HTMLInputElement).value)}
        /></label>
        <label class="short"
          >${this.t('emoji')}
          <input class="text emoji" maxlength="16" .value=${f.emoji} @input=${(e: Event) => this.set(key, 'emoji', (e.target as HTMLInputElement).value)}
        /></label>
        <label class="wide"
          >${this.t('tags')}
          <input
            class="text tags"
            placeholder=${this.t('tagsHint')}
            .value=${f.tags.join(', ')}
            @change=${(e: Event) =>
              this.set(
                key,
                'tags',
                (e.target as HTMLInputElement).value
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean),
              )}
        /></label>
      </div>
      <label
        >${this.t('description')}
        <textarea class="description" rows="4" .value=${f.description} @input=${(e: Event) => this.set(key, 'description', (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      <label
        >${this.t('userStory')}
        <textarea class="user-story" rows="2" .value=${f.userStory} @input=${(e: Event) => this.set(key, 'userStory', (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      <div class="lists">
        <section class="list" data-list="criteria" role="group" aria-labelledby=${criteriaHead}>
          <h3 id=${criteriaHead}>${this.t('criteria')}</h3>
          <ul class="entries criteria">
            ${criteria.map(
              (c, i) =>
                html`<li>
                  <input
                    type="checkbox"
                    class="check"
                    aria-label=${`${this.t('criteria')} ${i + 1}: ${this.t('done')}`}
                    title=${this.t('done')}
                    .checked=${c.checked}
                    @change=${(e: Event) => setCriterion(i, { checked: (e.target as HTMLInputElement).checked })}
                  />
                  <input class="text" maxlength="10000" aria-label=${`${this.t('criteria')} ${i + 1}`} .value=${c.text} @input=${(e: Event) => setCriterion(i, { text: (e.target as HTMLInputElement).value })} />
                  <vscode-toolbar-button
                    icon="close"
                    label=${`${this.t('remove')}: ${this.t('criteria')} ${i + 1}`}
                    title=${this.t('remove')}
                    @click=${() =>
                      this.set(
                        key,
                        'criteria',
                        this.fieldsOf(key).criteria.filter((_, j) => j !== i),
                      )}
                  ></vscode-toolbar-button>
                </li>`,
            )}
          </ul>
          <vscode-button
            secondary
            icon="add"
            class="add add-criterion"
            @click=${() => {
              this.set(key, 'criteria', [...this.fieldsOf(key).criteria, { text: '', checked: false }]);
              this.focusNewEntry(key, 'criteria');
            }}
            >${this.t('add')}</vscode-button
          >
        </section>
        ${LISTS.map((list) => this.renderList(key, list))}
      </div>
      ${source !== undefined
        ? html`<div>
            <h3>${this.t('source')}</h3>
            <blockquote class="source">${source}</blockquote>
          </div>`
        : nothing}
    </div>`;
  }

  /** One list of text entries (specifications, steps…): a field per entry, Remove, Add. */
  private renderList(key: string, list: ListKey) {
    const entries = this.fieldsOf(key)[list];
    const head = `${list}-${key}`;
    const setAt = (i: number, v: string) =>
      this.set(
        key,
        list,
        this.fieldsOf(key)[list].map((x, j) => (j === i ? v : x)),
      );
    return html`<section class="list" data-list=${list} role="group" aria-labelledby=${head}>
      <h3 id=${head}>${this.t(list)}</h3>
      <ul class="entries">
        ${entries.map(
          (v, i) =>
            html`<li>
              <input class="text" maxlength="10000" aria-label=${`${this.t(list)} ${i + 1}`} .value=${v} @input=${(e: Event) => setAt(i, (e.target as HTMLInputElement).value)} />
              <vscode-toolbar-button
                icon="close"
                label=${`${this.t('remove')}: ${this.t(list)} ${i + 1}`}
                title=${this.t('remove')}
                @click=${() =>
                  this.set(
                    key,
                    list,
                    this.fieldsOf(key)[list].filter((_, j) => j !== i),
                  )}
              ></vscode-toolbar-button>
            </li>`,
        )}
      </ul>
      <vscode-button
        secondary
        icon="add"
        class="add"
        @click=${() => {
          this.set(key, list, [...this.fieldsOf(key)[list], '']);
          this.focusNewEntry(key, list);
        }}
        >${this.t('add')}</vscode-button
      >
    </section>`;
  }

  private renderRow(p: ReviewState['proposals'][number], index: number) {
    const key = p.key;
    const f = this.fieldsOf(key);
    const selected = this.selected.has(key);
    const problems = this.problems(key);
    const open = this.expanded.has(key);
    const changed = this.isChanged(key);
    const label = f.title.trim() || this.t('proposal', index + 1);
    const problemId = `problem-${key}`;
    return html`<li
      class=${`row${selected ? ' selected' : ''}${problems.length ? ' invalid' : ''}`}
      data-key=${key}
      tabindex="0"
      aria-label=${`${this.t('proposal', index + 1)}: ${label}`}
      @keydown=${(e: KeyboardEvent) => this.onRowKey(e, key)}
    >
      <div class="line">
        <input type="checkbox" class="check" aria-label=${this.t('select', label)} .checked=${selected} @change=${(e: Event) => this.toggle(key, (e.target as HTMLInputElement).checked)} />
        <span class="num" aria-hidden="true">${index + 1}</span>
        <input
          class="text title"
          aria-label=${`${this.t('title')} (${this.t('proposal', index + 1)})`}
          aria-invalid=${problems.length && !f.title.trim() ? 'true' : 'false'}
          aria-describedby=${problems.length ? problemId : nothing}
          .value=${f.title}
          @input=${(e: Event) => this.set(key, 'title', (e.target as HTMLInputElement).value)}
        />
        ${this.renderChoice(key, 'type', index)} ${this.renderChoice(key, 'status', index)} ${this.renderChoice(key, 'priority', index)} ${this.renderChoice(key, 'severity', index)}
        ${this.renderChoice(key, 'effort', index)}
        ${changed
          ? html`<span class="badge edited">${this.t('edited')}</span
              ><vscode-toolbar-button icon="discard" class="undo" label=${this.t('undoEdits')} title=${this.t('undoEdits')} @click=${() => this.undoEdits(key)}></vscode-toolbar-button>`
          : nothing}
        <vscode-toolbar-button
          class="expand"
          icon=${open ? 'chevron-up' : 'chevron-down'}
          label=${open ? this.t('hideDetails') : this.t('showDetails')}
          title=${open ? this.t('hideDetails') : this.t('showDetails')}
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${`details-${key}`}
          @click=${() => this.toggleDetails(key)}
        ></vscode-toolbar-button>
      </div>
      ${problems.length ? html`<div class="problem" id=${problemId}>${problems.join(' ')}</div>` : nothing}
      ${p.warnings.length ? html`<ul class="warnings" aria-label=${this.t('warnings')}>${p.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
      ${open ? this.renderDetails(key, p.source) : nothing}
    </li>`;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.init ? this.t('loading') : ''}</div>`;
    const total = s.proposals.length;
    const count = this.selectedKeys().length;
    const running = s.running;
    const fix = this.fixAsked ? this.needingFix().length : 0;
    return html`
      <header>
        <h1>${this.t('heading')}</h1>
        ${s.backlogName ? html`<span class="into">${this.t('into', s.backlogName)}</span>` : nothing}
        <span class="spacer"></span>
        ${running ? html`<vscode-button secondary id="cancel" icon="debug-stop" ?disabled=${this.busy} @click=${() => this.cancelExtraction()}>${this.t('cancelExtraction')}</vscode-button>` : nothing}
        <vscode-button secondary id="discard" ?disabled=${this.busy} @click=${() => this.discard()}>${this.t('discard')}</vscode-button>
        <vscode-button id="import" ?disabled=${count === 0 || this.busy} @click=${() => this.importSelected()}>${count ? this.t('importCount', count) : this.t('import')}</vscode-button>
      </header>
      ${running
        ? html`<div class="progress">
            <vscode-progress-bar id="progress" aria-label=${this.t('runningStart')} .value=${running.total ? running.done : undefined} .max=${running.total || 1} ?indeterminate=${!running.total}></vscode-progress-bar>
            <span role="status" aria-live="polite">${running.total ? this.t('running', running.done, running.total) : this.t('runningStart')}</span>
          </div>`
        : nothing}
      ${s.problem ? html`<div class="notice" role="status" id="problem">${s.problem}</div>` : nothing}
      ${fix ? html`<div class="error" role="alert" id="fix-first"><span>${this.t('fixFirst', fix)}</span></div>` : nothing}
      ${this.error
        ? html`<div class="error" role="alert" id="error"><span>${this.error}</span><vscode-toolbar-button icon="close" label=${this.t('close')} @click=${() => (this.error = undefined)}></vscode-toolbar-button></div>`
        : nothing}
      ${total
        ? html`<div class="toolbar" role="toolbar" aria-label=${this.t('selectedCount', count, total)}>
            <label
              ><input
                type="checkbox"
                class="check"
                id="select-all"
                .checked=${count === total}
                .indeterminate=${count > 0 && count < total}
                @change=${(e: Event) => this.selectAll((e.target as HTMLInputElement).checked)}
              />${count === total ? this.t('selectNone') : this.t('selectAll')}</label
            >
            <span class="count" id="count" aria-live="polite">${this.t('selectedCount', count, total)}</span>
            <span class="spacer"></span>
            ${this.renderBulk('type', this.t('setType'), s.types.map((t) => ({ value: t.key, label: t.label })), count === 0)}
            ${this.renderBulk('status', this.t('setStatus'), s.statuses.map((x) => ({ value: x.key, label: x.label })), count === 0)}
          </div>`
        : html`<p class="muted" id="empty">${running ? this.t('waiting') : this.t('nothing')}</p>`}
      <ul class="rows" aria-label=${this.t('heading')}>
        ${repeat(
          s.proposals,
          (p) => p.key,
          (p, i) => this.renderRow(p, i),
        )}
      </ul>
    `;
  }

  private renderBulk(field: 'type' | 'status', label: string, options: { value: string; label: string }[], disabled: boolean) {
    return html`<select
      id=${`bulk-${field}`}
      aria-label=${label}
      ?disabled=${disabled}
      @change=${(e: Event) => {
        const el = e.target as HTMLSelectElement;
        const v = el.value;
        el.value = '';
        if (v) this.setForSelected(field, v);
      }}
    >
      <option value="" selected>${label}</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>`;
  }
}

customElements.define('flowcast-review', ReviewApp);
document.body.append(document.createElement('flowcast-review'));
