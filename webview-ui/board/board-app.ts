import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
// Sets CSSOM properties instead of a style attribute (a style attribute would violate the CSP).
import { stylePropertyMap } from '@vscode-elements/elements/dist/includes/style-property-map.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import {
  type BoardState,
  BoardItemsChanged,
  BoardStateChanged,
  type Card,
  CreateItem,
  FilterItems,
  Init,
  type InitParams,
  ItemAction,
  MoveItem,
  RenameItem,
  RunCommand,
} from '../../src/core/protocol';
import { sharedStyles, tracked } from '../shared/ui';
import { host, onProtocolError, setViewState } from '../shared/host';

type Status = BoardState['statuses'][number];
type Action = 'open' | 'copyMarkdown' | 'copyPrompt' | 'checkAllCriteria' | 'archive' | 'delete';

/** Cards rendered per column before "Show more" (keeps 10,000-item boards responsive). */
const PAGE = 200;
const DRAG_MIME = 'application/x-flowcast-item';

export class BoardApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    error: { state: true },
    busy: { state: true },
    filterIds: { state: true },
    editing: { state: true },
    dropAt: { state: true },
    limits: { state: true },
    showHelp: { state: true },
  };

  declare state: BoardState | undefined;
  declare init: InitParams | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  /** Ids matching the filter, or null when there is no filter. */
  declare filterIds: Set<string> | null;
  declare editing: string | null;
  /** Where a dragged card would land: column and index. */
  declare dropAt: { status: string; index: number } | null;
  declare limits: Record<string, number>;
  declare showHelp: boolean;
  private draft = '';
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private filterQuery = '';
  private dragging: string | null = null;
  private focusAfterRender: string | null = null;

  constructor() {
    super();
    this.busy = false;
    this.filterIds = null;
    this.editing = null;
    this.dropAt = null;
    this.limits = {};
    this.showHelp = false;
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
      setViewState({ view: p.view, v: 1 });
    });
    host.onNotification(BoardStateChanged, (s) => {
      this.state = s;
      if (this.filterQuery) this.applyFilter(this.filterQuery);
    });
    host.onNotification(BoardItemsChanged, (p) => {
      const s = this.state;
      if (!s || s.backlog?.id !== p.backlogId) return;
      const drop = new Set([...p.remove, ...p.upsert.map((c) => c.id)]);
      this.state = { ...s, items: [...s.items.filter((c) => !drop.has(c.id)), ...p.upsert] };
      if (this.filterQuery) this.applyFilter(this.filterQuery);
    });
    onProtocolError((e) => {
      this.error = e.message;
    });
    // Board shortcuts (not while typing in a field): n = new item, / = filter, ? = this list.
    window.addEventListener('keydown', (e) => {
      const path = e.composedPath();
      if (path.some((el) => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable))) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const focus = (id: string) => this.renderRoot.querySelector<HTMLElement>(`#${id} input`)?.focus() ?? this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
      if (e.key === 'n') {
        e.preventDefault();
        focus('new-title');
      } else if (e.key === '/') {
        e.preventDefault();
        focus('filter');
      } else if (e.key === '?') {
        e.preventDefault();
        this.showHelp = !this.showHelp;
      } else if (e.key === 'Escape' && this.showHelp) {
        this.showHelp = false;
      }
    });
  }

  private t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.reduce<string>((acc, a, i) => acc.replace(`{${i}}`, String(a)), s);
  }

  static override styles = [
    sharedStyles,
    css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      height: 100%;
      box-sizing: border-box;
      padding: 8px;
      container-type: inline-size;
    }
    header {
      display: flex;
      align-items: center;
      gap: 6px;
      min-height: 26px;
    }
    header h1 {
      font-size: 1.05em;
      font-weight: 600;
      margin: 0;
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    form,
    .filter {
      display: flex;
      gap: 6px;
    }
    form vscode-textfield,
    .filter vscode-textfield {
      flex: 1;
      min-width: 0;
    }
    .columns {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(170px, 1fr);
      gap: 8px;
      overflow-x: auto;
      flex: 1;
      align-items: start;
    }
    @container (max-width: 520px) {
      .columns {
        grid-auto-flow: row;
        grid-auto-columns: auto;
        overflow-x: visible;
      }
    }
    section.column {
      background: var(--vscode-sideBar-background, var(--vscode-editor-background));
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      border-radius: 4px;
      padding: 6px;
      min-width: 0;
      min-height: 48px;
    }
    section.column.over-wip {
      border-color: var(--vscode-editorWarning-foreground, var(--vscode-inputValidation-warningBorder));
    }
    section.column h2 {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 0.85em;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      margin: 2px 2px 6px;
      color: var(--vscode-descriptionForeground);
    }
    section.column.over-wip h2 {
      color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
    }
    .wip {
      font-variant-numeric: tabular-nums;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    li.card {
      position: relative;
      background: var(--vscode-editor-background);
      border: 1px solid var(--vscode-widget-border, var(--vscode-contrastBorder, transparent));
      border-left: 3px solid var(--type-color, var(--vscode-focusBorder));
      border-radius: 3px;
      padding: 5px 8px 6px;
      cursor: grab;
      outline: none;
    }
    li.card:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    li.card:hover {
      background: var(--vscode-list-hoverBackground);
    }
    li.card.dragging {
      opacity: 0.5;
    }
    li.drop-marker {
      height: 2px;
      background: var(--vscode-focusBorder);
      border-radius: 1px;
    }
    .top {
      display: flex;
      align-items: center;
      gap: 4px;
      min-height: 18px;
    }
    .id {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .blocked {
      color: var(--vscode-errorForeground);
      display: inline-flex;
      align-items: center;
      gap: 2px;
      font-size: 0.85em;
    }
    .title {
      display: block;
      margin-top: 2px;
      overflow-wrap: anywhere;
    }
    .title input {
      width: 100%;
      box-sizing: border-box;
      font: inherit;
      color: var(--vscode-input-foreground);
      background: var(--vscode-input-background);
      border: 1px solid var(--vscode-focusBorder);
      padding: 1px 3px;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-top: 4px;
      align-items: center;
      font-size: 0.85em;
    }
    .badge {
      border: 1px solid var(--vscode-badge-background);
      border-radius: 8px;
      padding: 0 6px;
      line-height: 16px;
      color: var(--vscode-foreground);
    }
    .badge.high,
    .badge.sev-P0,
    .badge.sev-P1 {
      border-color: var(--vscode-errorForeground);
      color: var(--vscode-errorForeground);
    }
    .badge.medium {
      border-color: var(--vscode-editorWarning-foreground, var(--vscode-badge-background));
    }
    .tag {
      color: var(--vscode-textLink-foreground);
    }
    .progress {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      color: var(--vscode-descriptionForeground);
    }
    .progress.complete {
      color: var(--vscode-testing-iconPassed, var(--vscode-foreground));
    }
    .actions {
      position: absolute;
      top: 2px;
      right: 2px;
      display: none;
      background: var(--vscode-editor-background);
      border-radius: 3px;
    }
    li.card:hover .actions,
    li.card:focus-within .actions {
      display: flex;
    }
    .empty-col,
    .more {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
      padding: 4px 2px;
    }
    .empty {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 8px;
      padding: 8px 4px;
    }
    .empty h1 {
      font-size: 1.1em;
      margin: 0;
    }
    .empty p {
      margin: 0;
      color: var(--vscode-descriptionForeground);
    }
    .help {
      border: 1px solid var(--vscode-widget-border, var(--vscode-focusBorder));
      background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
      border-radius: 4px;
      padding: 6px 10px;
    }
    .help ul {
      margin: 4px 0 0;
      padding-left: 18px;
    }
  `,
  ];

  private run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return tracked(this, fn);
  }

  // ------------------------------------------------------------------ data helpers

  private columnsCache: { state: BoardState; filter: Set<string> | null; cols: { status: Status; cards: Card[] }[] } | undefined;

  /** Cards per column in rank order; computed once per state/filter change (10,000 cards). */
  private columns(): { status: Status; cards: Card[] }[] {
    const s = this.state!;
    const c = this.columnsCache;
    if (c && c.state === s && c.filter === this.filterIds) return c.cols;
    const cols = this.computeColumns(s);
    this.columnsCache = { state: s, filter: this.filterIds, cols };
    return cols;
  }

  private computeColumns(s: BoardState): { status: Status; cards: Card[] }[] {
    const by = new Map<string, Card[]>(s.statuses.map((st) => [st.key, []]));
    for (const c of s.items) if (!this.filterIds || this.filterIds.has(c.id)) by.get(c.status)?.push(c);
    // order by rank (fractional keys compare as plain strings), as the host stores it
    for (const list of by.values()) list.sort((a, b) => ((a.rank ?? '') < (b.rank ?? '') ? -1 : (a.rank ?? '') > (b.rank ?? '') ? 1 : 0));
    return s.statuses.map((st) => ({ status: st, cards: by.get(st.key) ?? [] }));
  }

  private typeColor(type: string): string {
    return this.state?.types?.find((t) => t.key === type)?.color ?? '';
  }

  private applyFilter(query: string): void {
    this.filterQuery = query.trim();
    if (this.filterTimer) clearTimeout(this.filterTimer);
    if (!this.filterQuery) {
      this.filterIds = null;
      return;
    }
    this.filterTimer = setTimeout(() => {
      void this.run(async () => {
        const r = await host.request(FilterItems, { query: this.filterQuery });
        this.filterIds = new Set(r.ids);
      });
    }, 80);
  }

  // ------------------------------------------------------------------ actions

  private async onAdd(e: Event) {
    e.preventDefault();
    const field = this.renderRoot.querySelector<HTMLInputElement & { value: string }>('#new-title');
    const title = (field?.value ?? this.draft).trim();
    if (!title) return;
    const created = await this.run(() => host.request(CreateItem, { title }));
    if (created && field) {
      field.value = '';
      this.draft = '';
      field.focus();
    }
  }

  private act(id: string, action: Action): void {
    void this.run(() => host.request(ItemAction, { id, action }));
  }

  private move(id: string, status: string, before?: string, after?: string): void {
    this.focusAfterRender = id;
    void this.run(() => host.request(MoveItem, { id, status, ...(before ? { before } : {}), ...(after ? { after } : {}) }));
  }

  private startEdit(id: string): void {
    this.editing = id;
    void this.updateComplete.then(() => {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`li.card[data-id="${id}"] .title input`);
      input?.focus();
      input?.select();
    });
  }

  private async commitEdit(id: string, value: string, cancel = false): Promise<void> {
    if (this.editing !== id) return;
    this.editing = null;
    this.focusAfterRender = id;
    const card = this.state?.items.find((c) => c.id === id);
    const title = value.replace(/\s+/g, ' ').trim();
    if (cancel || !title || title === card?.title) return;
    await this.run(() => host.request(RenameItem, { id, title }));
  }

  private focusCard(id: string | undefined): void {
    if (!id) return;
    this.renderRoot.querySelector<HTMLElement>(`li.card[data-id="${id}"]`)?.focus();
  }

  private onCardKey(e: KeyboardEvent, id: string): void {
    if (this.editing === id) return;
    // Look the card up now (the template may be older than the current state).
    const cols = this.columns();
    const colIndex = cols.findIndex((c) => c.cards.some((x) => x.id === id));
    if (colIndex < 0) return;
    const cards = cols[colIndex].cards;
    const card = cards.find((x) => x.id === id)!;
    const idx = cards.findIndex((c) => c.id === card.id);
    if (e.altKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      const next = cols[colIndex + (e.key === 'ArrowRight' ? 1 : -1)];
      if (next) this.move(card.id, next.status.key);
      return;
    }
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (e.key === 'ArrowUp' && idx > 0) this.move(card.id, card.status, cards[idx - 1].id);
      if (e.key === 'ArrowDown' && idx < cards.length - 1) this.move(card.id, card.status, undefined, cards[idx + 1].id);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        this.focusCard(cards[Math.min(idx + 1, cards.length - 1)]?.id);
        break;
      case 'ArrowUp':
        e.preventDefault();
        this.focusCard(cards[Math.max(idx - 1, 0)]?.id);
        break;
      case 'ArrowRight':
      case 'ArrowLeft': {
        e.preventDefault();
        const step = e.key === 'ArrowRight' ? 1 : -1;
        for (let c = colIndex + step; c >= 0 && c < cols.length; c += step) {
          const target = cols[c].cards;
          if (target.length) {
            this.focusCard(target[Math.min(idx, target.length - 1)].id);
            break;
          }
        }
        break;
      }
      case 'Enter':
        e.preventDefault();
        this.act(card.id, 'open');
        break;
      case 'F2':
        e.preventDefault();
        this.startEdit(card.id);
        break;
      case 'Delete':
        e.preventDefault();
        this.act(card.id, 'delete');
        break;
    }
  }

  // ------------------------------------------------------------------ drag and drop

  private onDragStart(e: DragEvent, card: Card): void {
    this.dragging = card.id;
    e.dataTransfer?.setData(DRAG_MIME, card.id);
    e.dataTransfer?.setData('text/plain', card.id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  private onDragEnd(): void {
    this.dragging = null;
    this.dropAt = null;
  }

  /** The index among the column's cards (without the dragged one) where the pointer would drop. */
  private dropIndex(e: DragEvent, column: HTMLElement): number {
    const cards = [...column.querySelectorAll<HTMLElement>('li.card')].filter((el) => el.dataset.id !== this.dragging);
    for (let i = 0; i < cards.length; i++) {
      const r = cards[i].getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) return i;
    }
    return cards.length;
  }

  private onDragOver(e: DragEvent, status: string): void {
    if (!this.dragging && !e.dataTransfer?.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const index = this.dropIndex(e, e.currentTarget as HTMLElement);
    if (this.dropAt?.status !== status || this.dropAt.index !== index) this.dropAt = { status, index };
  }

  private onDrop(e: DragEvent, status: string, cards: Card[]): void {
    e.preventDefault();
    const id = e.dataTransfer?.getData(DRAG_MIME) || this.dragging;
    const index = this.dropIndex(e, e.currentTarget as HTMLElement);
    this.dropAt = null;
    this.dragging = null;
    if (!id) return;
    const others = cards.filter((c) => c.id !== id);
    const before = others[index]?.id;
    const after = before ? undefined : others[others.length - 1]?.id;
    const card = this.state?.items.find((c) => c.id === id);
    if (card && card.status === status) {
      const pos = cards.findIndex((c) => c.id === id);
      if (cards[pos + 1]?.id === before && (before !== undefined || pos === cards.length - 1)) return; // dropped where it was
    }
    performance.mark(`flowcast:drop:${id}`);
    this.pendingDrops.set(id, status);
    this.move(id, status, before, after);
  }

  // ------------------------------------------------------------------ rendering

  /** Drops waiting to be seen re-rendered in their column (User Timing: flowcast:dnd). */
  private pendingDrops = new Map<string, string>();

  protected override updated(changed: PropertyValues): void {
    if (changed.has('state')) this.dataset.ready = this.state ? 'true' : 'false';
    // Standard User Timing marks, read by `npm run bench` (and visible in DevTools).
    if (changed.has('state') && this.state?.items.length && !performance.getEntriesByName('flowcast:first-card').length && this.renderRoot.querySelector('li.card')) {
      performance.mark('flowcast:first-card');
    }
    for (const [id, status] of this.pendingDrops) {
      if (this.renderRoot.querySelector(`section.column[data-status="${status}"] li.card[data-id="${id}"]`) && this.state?.items.find((c) => c.id === id)?.status === status) {
        this.pendingDrops.delete(id);
        performance.measure('flowcast:dnd', `flowcast:drop:${id}`);
      }
    }
    if (this.focusAfterRender && changed.has('state')) {
      const id = this.focusAfterRender;
      this.focusAfterRender = null;
      this.focusCard(id);
    }
  }

  private renderError() {
    if (!this.error) return nothing;
    return html`<div class="error" role="alert">
      <span>${this.error}</span>
      <vscode-toolbar-button icon="close" label=${this.t('error')} @click=${() => (this.error = undefined)}></vscode-toolbar-button>
    </div>`;
  }

  private renderEmpty() {
    return html`<div class="empty">
      <h1>${this.t('emptyTitle')}</h1>
      <p>${this.t('emptyBody')}</p>
      <vscode-button id="create-backlog" icon="add" @click=${() => this.run(() => host.request(RunCommand, { command: 'newBacklog' }))}>${this.t('createBacklog')}</vscode-button>
    </div>`;
  }

  /** A card's template is rebuilt only when the card (or its drag/edit state) changes. */
  private renderCardGuarded(card: Card) {
    return guard([card, this.dragging === card.id, this.editing === card.id, this.init], () => this.renderCard(card));
  }

  private renderCard(card: Card) {
    const color = this.typeColor(card.type);
    const actions: [Action, string, string][] = [
      ['open', 'go-to-file', this.t('open')],
      ['copyMarkdown', 'markdown', this.t('copyMarkdown')],
      ['copyPrompt', 'sparkle', this.t('copyPrompt')],
      ...(card.criteriaTotal > card.criteriaDone ? ([['checkAllCriteria', 'checklist', this.t('checkAllCriteria')]] as [Action, string, string][]) : []),
      ['archive', 'archive', this.t('archive')],
      ['delete', 'trash', this.t('delete')],
    ];
    const label = [card.id, card.title, card.blocked ? this.t('blocked') : '', card.priority ? this.t(`priority_${card.priority}`) : ''].filter(Boolean).join(', ');
    return html`<li
      class="card ${this.dragging === card.id ? 'dragging' : ''}"
      role="listitem"
      tabindex="0"
      draggable=${this.editing === card.id ? 'false' : 'true'}
      data-id=${card.id}
      aria-label=${label}
      aria-describedby="card-help"
      .style=${stylePropertyMap(color ? { '--type-color': color } : {})}
      @keydown=${(e: KeyboardEvent) => this.onCardKey(e, card.id)}
      @dblclick=${() => this.startEdit(card.id)}
      @dragstart=${(e: DragEvent) => this.onDragStart(e, card)}
      @dragend=${() => this.onDragEnd()}
    >
      <div class="top">
        <span class="id">${card.id}</span>
        ${card.blocked ? html`<span class="blocked" title=${this.t('blocked')}><vscode-icon name="circle-slash" size="12"></vscode-icon>${this.t('blocked')}</span>` : nothing}
      </div>
      <span class="title"
        >${this.editing === card.id
          ? html`<input
              aria-label=${card.title}
              .value=${card.title}
              maxlength="300"
              @keydown=${(e: KeyboardEvent) => {
                e.stopPropagation();
                if (e.key === 'Enter') void this.commitEdit(card.id, (e.target as HTMLInputElement).value);
                if (e.key === 'Escape') void this.commitEdit(card.id, '', true);
              }}
              @blur=${(e: FocusEvent) => void this.commitEdit(card.id, (e.target as HTMLInputElement).value)}
            />`
          : html`${card.emoji ? `${card.emoji} ` : ''}${card.title}`}</span
      >
      ${card.priority || card.effort || card.severity || card.tags.length || card.criteriaTotal
        ? html`<div class="meta">
            ${card.severity ? html`<span class="badge sev-${card.severity}">${card.severity}</span>` : nothing}
            ${card.priority ? html`<span class="badge ${card.priority}">${this.t(`priority_${card.priority}`)}</span>` : nothing}
            ${card.effort ? html`<span class="badge">${card.effort}</span>` : nothing}
            ${card.criteriaTotal
              ? html`<span class="progress ${card.criteriaDone === card.criteriaTotal ? 'complete' : ''}" title=${this.t('criteria')}
                  ><vscode-icon name="checklist" size="12"></vscode-icon>${card.criteriaDone}/${card.criteriaTotal}</span
                >`
              : nothing}
            ${card.tags.map((t) => html`<span class="tag">#${t}</span>`)}
          </div>`
        : nothing}
      <div class="actions">
        ${actions.map(
          ([a, icon, label]) =>
            html`<vscode-toolbar-button
              icon=${icon}
              label=${label}
              title=${label}
              data-action=${a}
              @click=${(e: Event) => {
                e.stopPropagation();
                this.act(card.id, a);
              }}
            ></vscode-toolbar-button>`,
        )}
      </div>
    </li>`;
  }

  private renderColumn(status: Status, cards: Card[]) {
    const limit = this.limits[status.key] ?? PAGE;
    const shown = cards.slice(0, limit);
    const over = status.wipLimit != null && cards.length > status.wipLimit;
    const marker = this.dropAt?.status === status.key ? this.dropAt.index : -1;
    // Keyed by item ID, so a card keeps its DOM node (a drag in progress is never disturbed);
    // the drop marker is a keyed entry placed before the card at the drop index (cards other
    // than the dragged one are counted, as in dropIndex()).
    type Entry = { key: string; tpl: unknown };
    const entries: Entry[] = [];
    let n = 0;
    for (const c of shown) {
      if (c.id !== this.dragging) {
        if (n === marker) entries.push({ key: '__marker', tpl: html`<li class="drop-marker" aria-hidden="true"></li>` });
        n++;
      }
      entries.push({ key: c.id, tpl: this.renderCardGuarded(c) });
    }
    if (marker >= n) entries.push({ key: '__marker', tpl: html`<li class="drop-marker" aria-hidden="true"></li>` });
    const items = repeat(entries, (e) => e.key, (e) => e.tpl);
    return html`<section
      class="column ${over ? 'over-wip' : ''}"
      aria-label=${status.label}
      data-status=${status.key}
      @dragover=${(e: DragEvent) => this.onDragOver(e, status.key)}
      @dragleave=${(e: DragEvent) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) this.dropAt = null;
      }}
      @drop=${(e: DragEvent) => this.onDrop(e, status.key, cards)}
    >
      <h2>
        ${status.label}
        ${status.wipLimit != null
          ? html`<span class="wip" title=${over ? this.t('overWip') : ''}>${cards.length}/${status.wipLimit}</span>${over ? html`<vscode-icon name="warning" size="12" label=${this.t('overWip')}></vscode-icon>` : nothing}`
          : html`<vscode-badge variant="counter">${cards.length}</vscode-badge>`}
      </h2>
      ${cards.length || marker >= 0 ? html`<ul role="list">${items}</ul>` : html`<div class="empty-col">${this.t('noItems')}</div>`}
      ${cards.length > limit
        ? html`<vscode-button secondary class="more" @click=${() => (this.limits = { ...this.limits, [status.key]: limit + PAGE })}>${this.t('showMore', Math.min(PAGE, cards.length - limit))}</vscode-button>`
        : nothing}
    </section>`;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.t('loading')}</div>`;
    }
    if (!s.backlog) return html`${this.renderError()}${this.renderEmpty()}`;
    const cols = this.columns();
    const matches = cols.reduce((n, c) => n + c.cards.length, 0);
    return html`
      <header>
        <h1 id="board-title" title=${s.backlog.name}>${s.backlog.name}</h1>
        ${this.init.view === 'panel' && s.backlogCount > 1
          ? html`<vscode-toolbar-button icon="arrow-swap" label=${this.t('switchBacklog')} @click=${() => this.run(() => host.request(RunCommand, { command: 'switchBacklog' }))}></vscode-toolbar-button>`
          : nothing}
      </header>
      ${this.renderError()}
      ${s.problem
        ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>`
        : html`
            <form @submit=${(e: Event) => this.onAdd(e)}>
              <vscode-textfield id="new-title" placeholder=${this.t('addPlaceholder')} aria-label=${this.t('addPlaceholder')} @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}></vscode-textfield>
              <vscode-button id="add-item" type="submit" icon="add" ?disabled=${this.busy} @click=${(e: Event) => this.onAdd(e)}>${this.t('add')}</vscode-button>
            </form>
            <div class="filter">
              <vscode-textfield id="filter" placeholder=${this.t('filterPlaceholder')} aria-label=${this.t('filterPlaceholder')} @input=${(e: Event) => this.applyFilter((e.target as HTMLInputElement).value)}>
                <vscode-icon slot="content-before" name="filter" size="14"></vscode-icon>
              </vscode-textfield>
            </div>
            ${this.filterIds && matches === 0 ? html`<div class="empty-col" role="status">${this.t('noMatch')}</div>` : nothing}
            <div class="columns" id="board" role="region" aria-label=${this.t('board')}>${cols.map((c) => this.renderColumn(c.status, c.cards))}</div>
            <span id="card-help" class="sr-only">${this.t('cardHelp')}</span>
            ${this.showHelp
              ? html`<div class="help" id="shortcuts" role="dialog" aria-label=${this.t('shortcuts')}>
                  <strong>${this.t('shortcuts')}</strong>
                  <ul>
                    ${(['helpN', 'helpSlash', 'helpArrows', 'helpAltArrows', 'helpEnter', 'helpF2', 'helpDelete', 'helpDrag', 'helpQuestion'] as const).map((k) => html`<li>${this.t(k)}</li>`)}
                  </ul>
                </div>`
              : nothing}
          `}
    `;
  }
}

customElements.define('flowcast-board', BoardApp);
document.body.append(document.createElement('flowcast-board'));
