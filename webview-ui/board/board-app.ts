// The board webview's root element: state from the host, filters, selection, actions and the page
// layout. Cards, columns, filter panel, bulk bar, keyboard and drag and drop live in board-*.ts.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import {
  type BoardState,
  type Card,
  BoardForecastDates,
  type BoardForecastDatesParams,
  BoardItemsChanged,
  BoardStateChanged,
  type CardDates,
  CreateItem,
  FilterItems,
  Init,
  type InitParams,
  ItemAction,
  MoveItem,
  RenameItem,
  RunCommand,
  SaveBoardPrefs,
} from '../../src/core/protocol';
import {
  type ChipFilter,
  DEFAULT_LIST_COLUMNS,
  type FilterField,
  type LaneMode,
  LIST_COLUMNS,
  type ListColumn,
  NONE,
  type SortSpec,
  chipCount,
  clickSelection,
  emptyChips,
  pruneSelection,
  takeAtRisk,
} from '../../src/core/board/view';
import { AT_RISK } from '../../src/core/board/targets';
import { provisionalMove, type DropTarget } from '../../src/core/board/optimisticMove';
import { sharedStyles, tracked } from '../shared/ui';
import { renderBoard } from './board-columns';
import { bulkAction, renderBulkBar } from './board-bulk-bar';
import { renderFilterRow, renderToolbar } from './board-filters';
import { renderEmpty, renderError, renderHelp, renderStart } from './board-panels';
import { BoardDragDrop } from './board-dnd';
import { BoardKeyboard } from './board-keyboard';
import { BoardDerived, type Derived } from './board-derived';
import { installShadowContextMenu } from '../shared/context-menu';
import { boardStyles } from './board-styles';
import { cardStyles } from './board-card-styles';
import { boardChromeStyles, boardControlStyles } from './board-chrome-styles';
import { getViewState, host, onProtocolError, setViewState } from '../shared/host';
import { ignoreResizeObserverLoopErrors } from '../shared/resize-observer-errors';
import { type RowClick } from './list-view';
import './list-view';

export type CardAction = 'open' | 'copyMarkdown' | 'copyPrompt' | 'checkAllCriteria' | 'archive' | 'delete' | 'openWorkItem';
type Mode = 'board' | 'list';

/** UI state kept by VS Code across reloads (never item data, never secrets). */
interface SavedState {
  view?: 'sidebar' | 'panel';
  v: 1;
  mode?: Mode;
  lanes?: LaneMode;
  listColumns?: ListColumn[];
  sort?: SortSpec;
  chips?: ChipFilter;
  query?: string;
  /** The filter panel (chips, views, swimlanes, Board/List) is open. */
  panel?: boolean;
}

export class BoardApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    filterIds: { state: true },
    chips: { state: true },
    editing: { state: true },
    dropAt: { state: true },
    showHelp: { state: true },
    mode: { state: true },
    lanes: { state: true },
    selected: { state: true },
    listColumns: { state: true },
    sort: { state: true },
    panelOpen: { state: true },
    scrollMore: { state: true },
    forecastDates: { state: true },
  };

  declare state: BoardState | undefined;
  declare init: InitParams | undefined;
  declare error: string | undefined;
  declare notice: string | undefined;
  declare busy: boolean;
  /** Ids matching the text filter, or null when there is no text filter. */
  declare filterIds: Set<string> | null;
  declare chips: ChipFilter;
  declare editing: string | null;
  /** Where a dragged card would land: lane, column and index. */
  declare dropAt: { lane: string; status: string; index: number } | null;
  declare showHelp: boolean;
  declare mode: Mode;
  declare lanes: LaneMode;
  declare selected: Set<string>;
  declare listColumns: ListColumn[];
  declare sort: SortSpec;
  /** The filter panel is open (undefined: not chosen yet; open in an editor tab, closed in the sidebar). */
  declare panelOpen: boolean | undefined;
  /** The board has columns beyond its right edge (shows the edge fade and the scroll button). */
  declare scrollMore: boolean;
  /** Forecast dates of the cards (setting flowcast.board.forecastDates), for the backlog they were computed for. */
  declare forecastDates: BoardForecastDatesParams | undefined;
  /** The selection was made by a plain click (one card shown selected, no bulk bar). */
  plainSelection = false;
  scrollCheckQueued = false;
  anchor: string | null = null;
  sentPrefs = '';
  draft = '';
  filterTimer: ReturnType<typeof setTimeout> | undefined;
  filterQuery = '';
  readonly dnd = new BoardDragDrop(this);
  readonly keyboard = new BoardKeyboard(this);
  focusAfterRender: string | null = null;

  constructor() {
    super();
    const saved = getViewState<SavedState>();
    this.busy = false;
    this.filterIds = null;
    this.editing = null;
    this.dropAt = null;
    this.showHelp = false;
    this.selected = new Set();
    this.mode = saved?.mode === 'list' ? 'list' : 'board';
    this.lanes = saved?.lanes === 'type' || saved?.lanes === 'priority' ? saved.lanes : 'none';
    this.listColumns = Array.isArray(saved?.listColumns) && saved.listColumns.length ? saved.listColumns.filter((c) => (LIST_COLUMNS as readonly string[]).includes(c)) : [...DEFAULT_LIST_COLUMNS];
    this.sort = saved?.sort && (LIST_COLUMNS as readonly string[]).includes(saved.sort.column) ? saved.sort : { column: 'id', dir: 'asc' };
    this.chips = { ...emptyChips(), ...(saved?.chips ?? {}) };
    this.filterQuery = typeof saved?.query === 'string' ? saved.query : '';
    this.panelOpen = typeof saved?.panel === 'boolean' ? saved.panel : undefined;
    this.scrollMore = false;
    installShadowContextMenu();
    window.addEventListener('resize', this.checkScroll);
    const fresh = !saved?.mode;
    host.onNotification(Init, (p) => {
      this.init = p;
      this.dataset.view = p.view;
      document.documentElement.lang = p.locale;
      // A new page (not a reload of this one) starts the way the user left the last board here.
      if (fresh && p.prefs) {
        if (p.prefs.mode) this.mode = p.prefs.mode;
        if (p.prefs.lanes) this.lanes = p.prefs.lanes;
        if (p.prefs.listColumns?.length) this.listColumns = p.prefs.listColumns;
        if (p.prefs.sort) this.sort = p.prefs.sort;
      }
      this.saveUi(p.view, false);
    });
    host.onNotification(BoardStateChanged, (s) => {
      if (!performance.getEntriesByName('flowcast:state').length) performance.mark('flowcast:state');
      this.state = s;
      if (this.filterQuery) this.applyFilter(this.filterQuery);
    });
    host.onNotification(BoardForecastDates, (p) => {
      this.forecastDates = p;
    });
    host.onNotification(BoardItemsChanged, (p) => {
      if (this.state?.backlog?.id !== p.backlogId) return;
      this.applyItems(p.upsert, p.remove);
      this.dnd.confirmed(p.upsert);
    });
    onProtocolError((e) => {
      this.error = e.message;
    });
    window.addEventListener('keydown', (e) => this.keyboard.onGlobalKey(e));
    // A click outside an open filter menu closes it.
    window.addEventListener('click', (e) => {
      const path = e.composedPath();
      for (const d of this.renderRoot.querySelectorAll<HTMLDetailsElement>('details.chip[open]')) if (!path.includes(d)) d.open = false;
    });
  }

  /** Keeps the UI state in the page's VS Code state and (layout choices) in the host's preferences. */
  saveUi(view?: 'sidebar' | 'panel', remember = true): void {
    const state: SavedState = { view: view ?? this.init?.view, v: 1, mode: this.mode, lanes: this.lanes, listColumns: this.listColumns, sort: this.sort, chips: this.chips, query: this.filterQuery, ...(this.panelOpen !== undefined ? { panel: this.panelOpen } : {}) };
    setViewState(state);
    const prefs = { mode: this.mode, lanes: this.lanes, listColumns: this.listColumns, sort: this.sort };
    const key = JSON.stringify(prefs);
    if (remember && this.init && key !== this.sentPrefs) host.notify(SaveBoardPrefs, { prefs });
    this.sentPrefs = key;
  }

  t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.reduce<string>((acc, a, i) => acc.replace(`{${i}}`, String(a)), s);
  }

  static override styles = [sharedStyles, boardStyles, cardStyles, boardChromeStyles, boardControlStyles];

  run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return tracked(this, fn);
  }

  readonly model = new BoardDerived(this);

  /** Filtered cards, lanes/columns or sorted rows; computed once per change (10,000 cards). */
  derived(): Derived {
    return this.model.get();
  }

  /** The 200 most used tags (chip and bulk-bar choices). */
  tagChoices(): string[] {
    return this.model.tagChoices();
  }

  laneLabel(mode: 'type' | 'priority', key: string): string {
    if (key === NONE) return this.t('notSet');
    if (mode === 'priority') return this.t(`priority_${key}`);
    return this.state?.types?.find((t) => t.key === key)?.label ?? key;
  }

  /** The card's forecast dates when they are shown for this backlog (undefined: none to show). */
  cardDates(id: string): CardDates | undefined {
    const f = this.forecastDates;
    return f?.on && f.backlogId === this.state?.backlog?.id ? f.dates[id] : undefined;
  }

  typeColor(type: string): string {
    return this.state?.types?.find((t) => t.key === type)?.color ?? '';
  }

  applyFilter(query: string): void {
    // is:at-risk needs the forecast dates, which the page has: it becomes the "At risk" chip.
    const risk = takeAtRisk(query);
    if (risk.atRisk) {
      if (!this.chips.forecast.includes(AT_RISK)) this.chips = { ...this.chips, forecast: [AT_RISK] };
      const field = this.renderRoot.querySelector<HTMLElement & { value: string }>('#filter');
      if (field) field.value = risk.query;
    }
    this.filterQuery = risk.query.trim();
    this.saveUi();
    if (this.filterTimer) clearTimeout(this.filterTimer);
    if (!this.filterQuery) {
      this.filterIds = null;
      return;
    }
    this.filterTimer = setTimeout(() => {
      void this.run(async () => {
        const r = await host.request(FilterItems, { query: this.filterQuery });
        this.filterIds = new Set(r.ids);
        this.notice = r.warnings.length ? r.warnings.join(' · ') : undefined;
      });
    }, 80);
  }

  setChip(field: FilterField, value: string, on: boolean): void {
    const list = this.chips[field].filter((v) => v !== value);
    if (on) list.push(value);
    this.chips = { ...this.chips, [field]: list };
    this.saveUi();
  }

  clearFilters(): void {
    this.chips = emptyChips();
    const field = this.renderRoot.querySelector<HTMLElement & { value: string }>('#filter');
    if (field) field.value = '';
    this.applyFilter('');
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Selected cards that are filtered out, archived or deleted are no longer selected.
    if (this.state && this.selected.size && (changed.has('state') || changed.has('filterIds') || changed.has('chips'))) {
      const pruned = pruneSelection(this.selected, new Set(this.derived().visible.map((c) => c.id)));
      if (pruned.size !== this.selected.size) this.selected = pruned;
    }
  }

  // ------------------------------------------------------------------ selection

  select(id: string, mods: { toggle: boolean; range: boolean }): void {
    const r = clickSelection(this.selected, this.derived().order(), this.anchor, id, mods);
    this.plainSelection = false;
    this.selected = r.selected;
    this.anchor = r.anchor;
  }

  onCardClick(e: MouseEvent, id: string): void {
    if (this.editing === id) return;
    // A click on a hover action button is that action, not a selection.
    if (e.composedPath().some((t) => t instanceof HTMLElement && t.dataset.action)) return;
    const toggle = e.ctrlKey || e.metaKey;
    if (toggle || e.shiftKey) {
      e.preventDefault();
      // Ctrl/Shift+click after a plain click extends from the card already shown selected.
      this.select(id, { toggle, range: e.shiftKey });
    } else if (this.init?.singleClick === 'open') {
      this.anchor = id;
      this.act(id, 'open');
    } else {
      // A plain click selects this one card (shown highlighted) and starts a new range.
      this.selected = new Set([id]);
      this.plainSelection = true;
      this.anchor = id;
    }
  }

  selectAll(on = true): void {
    this.plainSelection = false;
    this.selected = on ? new Set(this.derived().order()) : new Set();
  }

  // ------------------------------------------------------------------ actions

  async onAdd(e: Event) {
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

  act(id: string, action: CardAction): void {
    if ((action === 'delete' || action === 'archive') && this.selected.size > 1 && this.selected.has(id)) {
      bulkAction(this, action);
      return;
    }
    void this.run(() => host.request(ItemAction, { id, action }));
  }

  /** Replaces and removes cards (the host's patches, and optimistic moves); only the columns concerned regroup. */
  applyItems(upsert: readonly Card[], remove: readonly string[]): void {
    const s = this.state;
    if (!s) return;
    const drop = new Set([...remove, ...upsert.map((c) => c.id)]);
    this.state = { ...s, items: [...s.items.filter((c) => !drop.has(c.id)), ...upsert] };
    this.model.lastPatch = { from: s, to: this.state, removed: new Set(remove), upserts: [...upsert] };
    if (this.filterQuery) this.applyFilter(this.filterQuery);
  }

  /**
   * Moves a card: it is drawn in its new place at once (a provisional rank between its new
   * neighbours), the host stores the move and sends the stored card back; a refused move puts the
   * card back where it was, with the reason shown.
   */
  move(id: string, status: string, before?: string, after?: string, lane?: DropTarget['lane']): void {
    this.focusAfterRender = id;
    const was = this.state?.items.find((c) => c.id === id);
    const moved = this.state ? provisionalMove(this.state.items, id, { status, before, after, lane }) : undefined;
    if (moved) this.applyItems([moved], []);
    void this.run(() => host.request(MoveItem, { id, status, ...(before ? { before } : {}), ...(after ? { after } : {}), ...(lane ? { lane } : {}) })).then((stored) => {
      if (stored === undefined && moved && was && this.state?.items.find((c) => c.id === id) === moved) this.applyItems([was], []);
    });
  }

  setMode(mode: Mode): void {
    this.mode = mode;
    this.saveUi();
  }

  startEdit(id: string): void {
    this.editing = id;
    void this.updateComplete.then(() => {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`li.card[data-id="${id}"] .title input`);
      input?.focus();
      input?.select();
    });
  }

  async commitEdit(id: string, value: string, cancel = false): Promise<void> {
    if (this.editing !== id) return;
    this.editing = null;
    this.focusAfterRender = id;
    const card = this.state?.items.find((c) => c.id === id);
    const title = value.replace(/\s+/g, ' ').trim();
    if (cancel || !title || title === card?.title) return;
    await this.run(() => host.request(RenameItem, { id, title }));
  }

  protected override updated(changed: PropertyValues): void {
    // A chip's pop-up left open would cover the bulk bar that a new selection brings.
    if (changed.has('selected') && this.selected.size) for (const d of this.renderRoot.querySelectorAll<HTMLDetailsElement>('details.chip[open]')) d.open = false;
    if (!this.scrollCheckQueued) {
      this.scrollCheckQueued = true;
      requestAnimationFrame(() => {
        this.scrollCheckQueued = false;
        this.checkScroll();
      });
    }
    if (changed.has('state')) this.dataset.ready = this.state ? 'true' : 'false';
    if (changed.has('state') && this.state?.items.length) this.dnd.watchRendering();
    if (this.focusAfterRender && changed.has('state')) {
      const id = this.focusAfterRender;
      this.focusAfterRender = null;
      this.keyboard.focusCard(id);
    }
    // A filter restored from the view state is applied once the backlog is there.
    if (changed.has('state') && changed.get('state') === undefined && this.filterQuery && !this.filterIds) this.applyFilter(this.filterQuery);
  }

  /** Columns cut off on the right: shown by an edge fade and a scroll button (never silently). */
  readonly checkScroll = (): void => {
    const b = this.renderRoot.querySelector<HTMLElement>('#board');
    const more = !!b && b.scrollWidth - b.clientWidth - b.scrollLeft > 4;
    if (more !== this.scrollMore) this.scrollMore = more;
  };

  scrollColumns(): void {
    const b = this.renderRoot.querySelector<HTMLElement>('#board');
    const col = b?.querySelector<HTMLElement>('section.column');
    b?.scrollBy({ left: (col?.offsetWidth ?? 200) + 8, behavior: 'smooth' });
  }

  get isPanelOpen(): boolean {
    return this.panelOpen ?? this.init?.view === 'panel';
  }

  togglePanel(): void {
    this.panelOpen = !this.isPanelOpen;
    this.saveUi();
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.t('loading')}</div>`;
    }
    if (!s.backlog) return html`${renderError(this)}${renderEmpty(this)}`;
    const d = this.derived();
    const filtered = !!this.filterIds || chipCount(this.chips) > 0;
    const startHere = s.items.length === 0 && !filtered && !this.filterQuery;
    return html`
      <header>
        <h1 id="board-title" title=${s.backlog.name}>${s.backlog.name}</h1>
        ${filtered ? html`<span class="notice" id="match-count">${this.t('matchCount', d.visible.length, s.items.length)}</span>` : nothing}
        ${this.init.view === 'panel' && s.backlogCount > 1
          ? html`<vscode-toolbar-button icon="arrow-swap" label=${this.t('switchBacklog')} @click=${() => this.run(() => host.request(RunCommand, { command: 'switchBacklog' }))}></vscode-toolbar-button>`
          : nothing}
      </header>
      ${renderError(this)}
      ${s.problem
        ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>`
        : html`
            <form @submit=${(e: Event) => this.onAdd(e)}>
              <vscode-textfield id="new-title" placeholder=${this.t('addShort')} title=${this.t('addPlaceholder')} aria-label=${this.t('addPlaceholder')} @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}></vscode-textfield>
              <vscode-button id="add-item" type="submit" icon="add" aria-label=${this.t('addTo', s.statuses[0]?.label ?? '')} title=${this.t('addTo', s.statuses[0]?.label ?? '')} ?disabled=${this.busy} @click=${(e: Event) => this.onAdd(e)}>${this.t('add')}</vscode-button>
            </form>
            ${startHere ? nothing : html`${renderFilterRow(this)} ${renderToolbar(this)}`} ${renderBulkBar(this)} ${renderHelp(this)}
            ${filtered && d.visible.length === 0 ? html`<div class="empty-col" role="status">${this.t('noMatch')}</div>` : nothing}
            ${startHere
              ? renderStart(this)
              : this.mode === 'list'
              ? html`<flowcast-list
                  .rows=${d.rows}
                  .columns=${this.listColumns}
                  .sort=${this.sort}
                  .selected=${this.selected}
                  .statuses=${s.statuses}
                  .types=${s.types ?? []}
                  .t=${(k: string, ...a: (string | number)[]) => this.t(k, ...a)}
                  @row-click=${(e: CustomEvent<RowClick>) => this.select(e.detail.id, { toggle: e.detail.toggle, range: e.detail.range })}
                  @row-open=${(e: CustomEvent<string>) => this.act(e.detail, 'open')}
                  @select-all=${(e: CustomEvent<boolean>) => this.selectAll(e.detail)}
                  @sort-change=${(e: CustomEvent<SortSpec>) => {
                    this.sort = e.detail;
                    this.saveUi();
                  }}
                  @columns-change=${(e: CustomEvent<ListColumn[]>) => {
                    this.listColumns = e.detail;
                    this.saveUi();
                  }}
                ></flowcast-list>`
              : renderBoard(this, d)}
            <span id="card-help" class="sr-only">${this.t('cardHelp')}</span>
          `}
    `;
  }
}

ignoreResizeObserverLoopErrors();
customElements.define('flowcast-board', BoardApp);
document.body.append(document.createElement('flowcast-board'));

