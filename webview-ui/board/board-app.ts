import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
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
  BulkAction,
  BulkEdit,
  type BulkPatch,
  type Card,
  CreateItem,
  FilterItems,
  Init,
  type InitParams,
  ItemAction,
  MoveItem,
  RenameItem,
  RunCommand,
  SaveBoardPrefs,
  SaveView,
} from '../../src/core/protocol';
import {
  type ChipFilter,
  type Column,
  DEFAULT_LIST_COLUMNS,
  FILTER_FIELDS,
  type FilterField,
  type Lane,
  type LaneMode,
  LIST_COLUMNS,
  type ListColumn,
  NONE,
  type SortSpec,
  chipCount,
  chipsToQuery,
  clickSelection,
  emptyChips,
  groupLanes,
  matchesChips,
  pruneSelection,
  sortRows,
  tagsInUse,
} from '../../src/core/board/view';
import { sharedStyles, tracked, cardContext } from '../shared/ui';
import { installShadowContextMenu } from '../shared/context-menu';
import { boardChromeStyles, boardStyles } from './board-styles';
import { getViewState, host, onProtocolError, setViewState } from '../shared/host';
import { revealAndFocus } from '../shared/reveal';
import { type FlowcastList, type RowClick } from './list-view';
import './list-view';

type Action = 'open' | 'copyMarkdown' | 'copyPrompt' | 'checkAllCriteria' | 'archive' | 'delete';
type Mode = 'board' | 'list';


const DRAG_MIME = 'application/x-flowcast-item';
/** Columns with more cards than this render only their visible part (virtualised). */
const VIRTUALIZE_ABOVE = 60;
const MARKER = { id: '__marker' } as const;
type Entry = Card | typeof MARKER;

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

interface Derived {
  visible: Card[];
  visibleIds: Set<string>;
  lanes: Lane[];
  rows: Card[];
  /** What the user sees, in order (Shift+click ranges follow it). */
  order: string[];
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
  /** The selection was made by a plain click (one card shown selected, no bulk bar). */
  private plainSelection = false;
  private scrollCheckQueued = false;
  private anchor: string | null = null;
  private sentPrefs = '';
  private draft = '';
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private filterQuery = '';
  private dragging: string | null = null;
  private focusAfterRender: string | null = null;

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
    window.addEventListener('keydown', (e) => this.onGlobalKey(e));
    // A click outside an open filter menu closes it.
    window.addEventListener('click', (e) => {
      const path = e.composedPath();
      for (const d of this.renderRoot.querySelectorAll<HTMLDetailsElement>('details.chip[open]')) if (!path.includes(d)) d.open = false;
    });
  }

  /** Keeps the UI state in the page's VS Code state and (layout choices) in the host's preferences. */
  private saveUi(view?: 'sidebar' | 'panel', remember = true): void {
    const state: SavedState = { view: view ?? this.init?.view, v: 1, mode: this.mode, lanes: this.lanes, listColumns: this.listColumns, sort: this.sort, chips: this.chips, query: this.filterQuery, ...(this.panelOpen !== undefined ? { panel: this.panelOpen } : {}) };
    setViewState(state);
    const prefs = { mode: this.mode, lanes: this.lanes, listColumns: this.listColumns, sort: this.sort };
    const key = JSON.stringify(prefs);
    if (remember && this.init && key !== this.sentPrefs) host.notify(SaveBoardPrefs, { prefs });
    this.sentPrefs = key;
  }

  private t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.reduce<string>((acc, a, i) => acc.replace(`{${i}}`, String(a)), s);
  }

  static override styles = [sharedStyles, boardStyles, boardChromeStyles];

  private run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return tracked(this, fn);
  }

  // ------------------------------------------------------------------ derived data

  private derivedCache: { key: unknown[]; value: Derived } | undefined;

  /** Filtered cards, lanes/columns or sorted rows; computed once per change (10,000 cards). */
  private derived(): Derived {
    const s = this.state!;
    const key = [s, this.filterIds, this.chips, this.mode, this.lanes, this.sort, this.init];
    const c = this.derivedCache;
    if (c && c.key.every((k, i) => k === key[i])) return c.value;
    const hasChips = chipCount(this.chips) > 0;
    const visible = !this.filterIds && !hasChips ? s.items : s.items.filter((card) => (!this.filterIds || this.filterIds.has(card.id)) && (!hasChips || matchesChips(card, this.chips)));
    let lanes: Lane[] = [];
    let rows: Card[] = [];
    let order: string[];
    if (this.mode === 'list') {
      rows = sortRows(visible, this.sort, s.statuses);
      order = rows.map((r) => r.id);
    } else {
      lanes = groupLanes(visible, s.statuses, this.lanes, s.types ?? [], (m, k) => this.laneLabel(m, k));
      order = lanes.flatMap((l) => l.columns.flatMap((col) => col.cards.map((x) => x.id)));
    }
    const value = { visible, visibleIds: new Set(order), lanes, rows, order };
    this.derivedCache = { key, value };
    return value;
  }

  private tagsCache: { items: Card[]; tags: string[] } | undefined;

  /** The 200 most used tags (chip and bulk-bar choices); counted once per change of the items, not per render. */
  private tagChoices(): string[] {
    const items = this.state!.items;
    if (this.tagsCache?.items !== items) this.tagsCache = { items, tags: tagsInUse(items).slice(0, 200) };
    return [...this.tagsCache.tags];
  }

  private laneLabel(mode: 'type' | 'priority', key: string): string {
    if (key === NONE) return this.t('notSet');
    if (mode === 'priority') return this.t(`priority_${key}`);
    return this.state?.types?.find((t) => t.key === key)?.label ?? key;
  }

  private typeColor(type: string): string {
    return this.state?.types?.find((t) => t.key === type)?.color ?? '';
  }

  private applyFilter(query: string): void {
    this.filterQuery = query.trim();
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

  private setChip(field: FilterField, value: string, on: boolean): void {
    const list = this.chips[field].filter((v) => v !== value);
    if (on) list.push(value);
    this.chips = { ...this.chips, [field]: list };
    this.saveUi();
  }

  private clearFilters(): void {
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

  private select(id: string, mods: { toggle: boolean; range: boolean }): void {
    const r = clickSelection(this.selected, this.derived().order, this.anchor, id, mods);
    this.plainSelection = false;
    this.selected = r.selected;
    this.anchor = r.anchor;
  }

  private onCardClick(e: MouseEvent, id: string): void {
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

  private selectAll(on = true): void {
    this.plainSelection = false;
    this.selected = on ? new Set(this.derived().order) : new Set();
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
    if ((action === 'delete' || action === 'archive') && this.selected.size > 1 && this.selected.has(id)) {
      this.bulkAction(action);
      return;
    }
    void this.run(() => host.request(ItemAction, { id, action }));
  }

  private bulkEdit(patch: BulkPatch): void {
    const ids = [...this.selected];
    if (!ids.length) return;
    void this.run(() => host.request(BulkEdit, { ids, patch }));
  }

  private bulkAction(action: 'archive' | 'delete'): void {
    const ids = [...this.selected];
    if (!ids.length) return;
    void this.run(async () => {
      const r = await host.request(BulkAction, { ids, action });
      if (r.count) this.selected = new Set();
    });
  }

  private bulkTag(op: 'add' | 'remove'): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#bulk-tag');
    const tag = input?.value.trim().replace(/^#/, '');
    if (!tag) {
      input?.focus();
      return;
    }
    this.bulkEdit(op === 'add' ? { addTags: [tag] } : { removeTags: [tag] });
    if (input) input.value = '';
  }

  private move(id: string, status: string, before?: string, after?: string, lane?: { field: 'type'; value: string } | { field: 'priority'; value: 'high' | 'medium' | 'low' | null }): void {
    this.focusAfterRender = id;
    void this.run(() => host.request(MoveItem, { id, status, ...(before ? { before } : {}), ...(after ? { after } : {}), ...(lane ? { lane } : {}) }));
  }

  private saveView(): void {
    const text = this.filterQuery;
    const { query, dropped } = chipsToQuery(this.chips, text);
    if (!query) {
      this.error = this.t('viewNothing');
      return;
    }
    this.notice = dropped.length ? this.t('viewDropped') : undefined;
    void this.run(() => host.request(SaveView, { query }));
  }

  private applyView(query: string): void {
    this.chips = emptyChips();
    const field = this.renderRoot.querySelector<HTMLElement & { value: string }>('#filter');
    if (field) field.value = query;
    this.applyFilter(query);
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    this.saveUi();
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

  /** Focuses a card, scrolling its (virtualised) column to it first when it is not rendered. */
  private focusCard(id: string | undefined): void {
    if (!id) return;
    if (this.mode === 'list') {
      this.renderRoot.querySelector<FlowcastList>('flowcast-list')?.focusRow(id);
      return;
    }
    const el = this.renderRoot.querySelector<HTMLElement>(`li.card[data-id="${CSS.escape(id)}"]`);
    if (el) {
      el.focus();
      return;
    }
    const where = this.locate(id);
    if (!where) return;
    const ul = this.renderRoot.querySelector<HTMLElement>(`section.column[data-lane="${CSS.escape(where.lane.key)}"][data-status="${CSS.escape(where.column.status.key)}"] ul.cards`);
    if (ul) revealAndFocus(ul, where.index, where.column.cards.length, () => this.renderRoot.querySelector<HTMLElement>(`li.card[data-id="${CSS.escape(id)}"]`));
  }

  private locate(id: string): { lanes: Lane[]; laneIndex: number; lane: Lane; colIndex: number; column: Column; index: number } | undefined {
    const lanes = this.derived().lanes;
    for (let l = 0; l < lanes.length; l++) {
      const cols = lanes[l].columns;
      for (let c = 0; c < cols.length; c++) {
        const index = cols[c].cards.findIndex((x) => x.id === id);
        if (index >= 0) return { lanes, laneIndex: l, lane: lanes[l], colIndex: c, column: cols[c], index };
      }
    }
    return undefined;
  }

  private laneValue(lane: Lane): { field: 'type'; value: string } | { field: 'priority'; value: 'high' | 'medium' | 'low' | null } | undefined {
    if (this.lanes === 'type') return { field: 'type', value: lane.key };
    if (this.lanes === 'priority') return { field: 'priority', value: lane.key === NONE ? null : (lane.key as 'high' | 'medium' | 'low') };
    return undefined;
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const path = e.composedPath();
    if (path.some((el) => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable))) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a' && this.state?.backlog) {
      e.preventDefault();
      this.selectAll();
      // VS Code may also run its "select all" on the page's text: clear that text selection.
      for (const ms of [0, 50, 150]) setTimeout(() => window.getSelection()?.removeAllRanges(), ms);
      return;
    }
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
    } else if (e.key === 'Escape') {
      if (this.showHelp) this.showHelp = false;
      else if (this.selected.size) this.selected = new Set();
    }
  }

  private onCardKey(e: KeyboardEvent, id: string): void {
    if (this.editing === id) return;
    // Look the card up now (the template may be older than the current state).
    const where = this.locate(id);
    if (!where) return;
    const cols = where.lane.columns;
    const { colIndex, index: idx } = where;
    const cards = where.column.cards;
    const card = cards[idx];
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
      case 'ArrowUp': {
        e.preventDefault();
        const target = cards[e.key === 'ArrowDown' ? Math.min(idx + 1, cards.length - 1) : Math.max(idx - 1, 0)];
        if (e.shiftKey && target) this.select(target.id, { toggle: false, range: true });
        this.focusCard(target?.id);
        break;
      }
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
      case ' ':
        e.preventDefault();
        this.select(card.id, { toggle: true, range: false });
        break;
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

  /**
   * The index among the column's cards (without the dragged one) where the pointer would drop.
   * Only the visible part of a column is rendered: indexes come from the cards' positions in data.
   */
  private dropIndex(e: DragEvent, column: HTMLElement, cards: Card[]): number {
    const dragged = this.dragging ? cards.findIndex((c) => c.id === this.dragging) : -1;
    const indexOf = (id: string) => {
      const i = cards.findIndex((c) => c.id === id);
      return dragged >= 0 && dragged < i ? i - 1 : i;
    };
    const rendered = [...column.querySelectorAll<HTMLElement>('li.card')].filter((el) => el.dataset.id !== this.dragging);
    rendered.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    for (const el of rendered) {
      const r = el.getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) return indexOf(el.dataset.id!);
    }
    const last = rendered[rendered.length - 1];
    return last ? indexOf(last.dataset.id!) + 1 : 0;
  }

  private onDragOver(e: DragEvent, lane: string, status: string, cards: Card[]): void {
    if (!this.dragging && !e.dataTransfer?.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const index = this.dropIndex(e, e.currentTarget as HTMLElement, cards);
    const d = this.dropAt;
    if (d?.lane !== lane || d.status !== status || d.index !== index) this.dropAt = { lane, status, index };
  }

  private onDrop(e: DragEvent, lane: Lane, status: string, cards: Card[]): void {
    e.preventDefault();
    const id = e.dataTransfer?.getData(DRAG_MIME) || this.dragging;
    const index = this.dropIndex(e, e.currentTarget as HTMLElement, cards);
    this.dropAt = null;
    this.dragging = null;
    if (!id) return;
    const others = cards.filter((c) => c.id !== id);
    const before = others[index]?.id;
    const after = before ? undefined : others[others.length - 1]?.id;
    const card = this.state?.items.find((c) => c.id === id);
    const laneValue = this.laneValue(lane);
    const sameLane = !laneValue || !card || (laneValue.field === 'type' ? card.type === laneValue.value : card.priority === laneValue.value);
    if (card && card.status === status && sameLane) {
      const pos = cards.findIndex((c) => c.id === id);
      if (cards[pos + 1]?.id === before && (before !== undefined || pos === cards.length - 1)) return; // dropped where it was
    }
    performance.mark(`flowcast:drop:${id}`);
    this.pendingDrops.set(id, status);
    this.watchRendering();
    this.move(id, status, before, after, sameLane ? undefined : laneValue);
  }

  // ------------------------------------------------------------------ rendering

  /** Drops waiting to be seen re-rendered in their column (User Timing: flowcast:dnd). */
  private pendingDrops = new Map<string, string>();
  private watching = false;

  /**
   * Virtualised columns render their cards after their own layout pass, so the User Timing marks
   * read by `npm run bench` (first card painted, drop re-rendered) are checked once per frame.
   */
  private watchRendering(): void {
    if (this.watching) return;
    this.watching = true;
    let frames = 0;
    const tick = () => {
      if (!performance.getEntriesByName('flowcast:first-card').length && this.renderRoot.querySelector('li.card, .body .row')) performance.mark('flowcast:first-card');
      for (const [id, status] of this.pendingDrops) {
        if (this.renderRoot.querySelector(`section.column[data-status="${status}"] li.card[data-id="${id}"]`) && this.state?.items.find((c) => c.id === id)?.status === status) {
          this.pendingDrops.delete(id);
          performance.measure('flowcast:dnd', `flowcast:drop:${id}`);
        }
      }
      const waiting = this.pendingDrops.size > 0 || (!performance.getEntriesByName('flowcast:first-card').length && !!this.state?.items.length);
      if (waiting && ++frames < 600) requestAnimationFrame(tick);
      else this.watching = false;
    };
    tick();
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
    if (changed.has('state') && this.state?.items.length) this.watchRendering();
    if (this.focusAfterRender && changed.has('state')) {
      const id = this.focusAfterRender;
      this.focusAfterRender = null;
      this.focusCard(id);
    }
    // A filter restored from the view state is applied once the backlog is there.
    if (changed.has('state') && changed.get('state') === undefined && this.filterQuery && !this.filterIds) this.applyFilter(this.filterQuery);
  }

  private renderError() {
    const parts = [];
    if (this.error) {
      parts.push(html`<div class="error" role="alert">
        <span>${this.error}</span>
        <vscode-toolbar-button icon="close" label=${this.t('error')} @click=${() => (this.error = undefined)}></vscode-toolbar-button>
      </div>`);
    }
    if (this.notice) {
      parts.push(html`<div class="notice" role="status">
        <vscode-icon name="info" size="14"></vscode-icon><span>${this.notice}</span>
        <vscode-toolbar-button icon="close" label=${this.t('dismiss')} @click=${() => (this.notice = undefined)}></vscode-toolbar-button>
      </div>`);
    }
    return parts;
  }

  private renderEmpty() {
    return html`<div class="empty">
      <h1>${this.t('emptyTitle')}</h1>
      <p>${this.t('emptyBody')}</p>
      <vscode-button id="create-backlog" icon="add" @click=${() => this.run(() => host.request(RunCommand, { command: 'newBacklog' }))}>${this.t('createBacklog')}</vscode-button>
    </div>`;
  }

  /** A card's template is rebuilt only when the card (or its drag/edit/selection state) changes. */
  private renderCardGuarded(card: Card) {
    const selected = this.selected.has(card.id);
    return guard([card, this.dragging === card.id, this.editing === card.id, selected, this.init], () => this.renderCard(card, selected));
  }

  /** The AI priority score of the last backlog analysis; dashed and dimmed when the item changed since. */
  private renderAiBadge(card: Card, score: number) {
    const when = card.aiAnalysedAt ? new Date(card.aiAnalysedAt).toLocaleDateString() : '';
    const tip = this.t(card.aiStale ? 'aiScoreTooltipStale' : 'aiScoreTooltip', score, when);
    return html`<span class="badge ai ${card.aiStale ? 'stale' : ''}" role="img" title=${tip} aria-label=${tip}><vscode-icon name="sparkle" size="12"></vscode-icon>${score}</span>`;
  }

  private renderCard(card: Card, selected: boolean) {
    const color = this.typeColor(card.type);
    const actions: [Action, string, string][] = [
      ['open', 'go-to-file', this.t('open')],
      ['copyMarkdown', 'markdown', this.t('copyMarkdown')],
      ['copyPrompt', 'clippy', this.t('copyPromptTip')],
      ...(card.criteriaTotal > card.criteriaDone ? ([['checkAllCriteria', 'checklist', this.t('checkAllCriteria')]] as [Action, string, string][]) : []),
      ['archive', 'archive', this.t('archive')],
      ['delete', 'trash', this.t('delete')],
    ];
    const ai = typeof card.aiScore === 'number' ? card.aiScore : null;
    const label = [
      card.id,
      card.title,
      card.blocked ? this.t('blocked') : '',
      card.priority ? this.t(`priority_${card.priority}`) : '',
      ai !== null ? this.t(card.aiStale ? 'aiScoreShortStale' : 'aiScoreShort', ai) : '',
      selected ? this.t('selectedState') : '',
    ]
      .filter(Boolean)
      .join(', ');
    return html`<li
      class="card ${this.dragging === card.id ? 'dragging' : ''} ${selected ? 'selected' : ''}"
      role="listitem"
      tabindex="0"
      draggable=${this.editing === card.id ? 'false' : 'true'}
      data-id=${card.id}
      data-vscode-context=${cardContext(card.id)}
      aria-label=${label}
      aria-describedby="card-help"
      .style=${stylePropertyMap(color ? { '--type-color': color } : {})}
      @click=${(e: MouseEvent) => this.onCardClick(e, card.id)}
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
      ${card.priority || card.effort || card.severity || card.tags.length || card.criteriaTotal || ai !== null
        ? html`<div class="meta">
            ${ai !== null ? this.renderAiBadge(card, ai) : nothing}
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

  private renderEntry(e: Entry) {
    return e === MARKER ? html`<li class="drop-marker" aria-hidden="true"></li>` : this.renderCardGuarded(e as Card);
  }

  private renderColumnHead(status: BoardState['statuses'][number], count: number) {
    const over = status.wipLimit != null && count > status.wipLimit;
    return html`<h2>
      ${status.label}
      ${status.wipLimit != null
        ? html`<span class="wip" title=${over ? this.t('overWip') : ''}>${count}/${status.wipLimit}</span>${over ? html`<vscode-icon name="warning" size="12" label=${this.t('overWip')}></vscode-icon>` : nothing}`
        : html`<vscode-badge variant="counter">${count}</vscode-badge>`}
    </h2>`;
  }

  private renderColumn(lane: Lane, col: Column, totals: Map<string, number>) {
    const { status, cards } = col;
    const total = totals.get(status.key) ?? cards.length;
    const over = status.wipLimit != null && total > status.wipLimit;
    const d = this.dropAt;
    const marker = d?.lane === lane.key && d.status === status.key ? d.index : -1;
    // Keyed by item ID, so a card keeps its DOM node (a drag in progress is never disturbed); the
    // drop marker is an entry placed before the card at the drop index (the dragged card is not
    // counted, as in dropIndex()). Only the visible part of the column is rendered.
    let entries: Entry[] = cards;
    if (marker >= 0) {
      entries = [];
      let n = 0;
      for (const c of cards) {
        if (c.id !== this.dragging) {
          if (n === marker) entries.push(MARKER);
          n++;
        }
        entries.push(c);
      }
      if (marker >= n) entries.push(MARKER);
    }
    return html`<section
      class="column ${over ? 'over-wip' : ''}"
      aria-label=${lane.key ? `${lane.label} · ${status.label}` : status.label}
      data-status=${status.key}
      data-lane=${lane.key}
      @dragover=${(e: DragEvent) => this.onDragOver(e, lane.key, status.key, cards)}
      @dragleave=${(e: DragEvent) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) this.dropAt = null;
      }}
      @drop=${(e: DragEvent) => this.onDrop(e, lane, status.key, cards)}
    >
      ${this.lanes === 'none' ? this.renderColumnHead(status, total) : nothing}
      ${entries.length
        ? html`<div class="col-scroll">
            <ul class="cards" role="list">
              ${cards.length > VIRTUALIZE_ABOVE
                ? virtualize({ items: entries, keyFunction: (e: Entry) => e.id, renderItem: (e: Entry) => html`${this.renderEntry(e)}` })
                : repeat(entries, (e) => e.id, (e) => this.renderEntry(e))}
            </ul>
          </div>`
        : html`<div class="empty-col">${this.t('noItems')}</div>`}
    </section>`;
  }

  private renderBoard(d: Derived) {
    const s = this.state!;
    const totals = new Map<string, number>();
    for (const l of d.lanes) for (const c of l.columns) totals.set(c.status.key, (totals.get(c.status.key) ?? 0) + c.cards.length);
    // The first cards of a large backlog came first; the column counts are the backlog's until the rest is there.
    if (s.partial && d.visible === s.items) for (const [k, n] of Object.entries(s.partial.counts)) totals.set(k, n);
    if (this.lanes === 'none') {
      const lane = d.lanes[0];
      return html`<div class="board-wrap ${this.scrollMore ? 'more-right' : ''}">
        <div class="board" id="board" role="region" aria-label=${this.t('board')} @scroll=${this.checkScroll}>
          <div class="columns">${lane.columns.map((c) => this.renderColumn(lane, c, totals))}</div>
        </div>
        ${this.scrollMore
          ? html`<button id="scroll-right" class="scroll-right" aria-label=${this.t('scrollMore')} title=${this.t('scrollMore')} @click=${() => this.scrollColumns()}><vscode-icon name="chevron-right" size="16"></vscode-icon></button>`
          : nothing}
      </div>`;
    }
    return html`<div class="board-wrap ${this.scrollMore ? 'more-right' : ''}"><div class="board has-lanes" id="board" role="region" aria-label=${this.t('board')} @scroll=${this.checkScroll}>
      <div class="columns lane-heads" aria-hidden="true">${s.statuses.map((st) => html`<section class="column-head">${this.renderColumnHead(st, totals.get(st.key) ?? 0)}</section>`)}</div>
      ${repeat(
        d.lanes,
        (l) => l.key,
        (l) =>
          html`<section class="lane" data-lane=${l.key} aria-label=${l.label}>
            <h3 class="lane-head">
              ${this.lanes === 'type' ? html`<span class="lane-swatch" .style=${stylePropertyMap({ '--type-color': this.typeColor(l.key) || 'transparent' })}></span>` : nothing}
              ${l.label}<vscode-badge variant="counter">${l.count}</vscode-badge>
            </h3>
            <div class="columns">${l.columns.map((c) => this.renderColumn(l, c, totals))}</div>
          </section>`,
      )}
    </div>
    ${this.scrollMore
      ? html`<button id="scroll-right" class="scroll-right" aria-label=${this.t('scrollMore')} title=${this.t('scrollMore')} @click=${() => this.scrollColumns()}><vscode-icon name="chevron-right" size="16"></vscode-icon></button>`
      : nothing}</div>`;
  }

  /** Columns cut off on the right: shown by an edge fade and a scroll button (never silently). */
  private readonly checkScroll = (): void => {
    const b = this.renderRoot.querySelector<HTMLElement>('#board');
    const more = !!b && b.scrollWidth - b.clientWidth - b.scrollLeft > 4;
    if (more !== this.scrollMore) this.scrollMore = more;
  };

  private scrollColumns(): void {
    const b = this.renderRoot.querySelector<HTMLElement>('#board');
    const col = b?.querySelector<HTMLElement>('section.column');
    b?.scrollBy({ left: (col?.offsetWidth ?? 200) + 8, behavior: 'smooth' });
  }

  private chipOptions(field: FilterField): { value: string; label: string }[] {
    const s = this.state!;
    const notSet = { value: NONE, label: this.t('notSet') };
    switch (field) {
      case 'type':
        return (s.types ?? []).map((t) => ({ value: t.key, label: t.label }));
      case 'status':
        return s.statuses.map((st) => ({ value: st.key, label: st.label }));
      case 'priority':
        return [...['high', 'medium', 'low'].map((p) => ({ value: p, label: this.t(`priority_${p}`) })), notSet];
      case 'effort':
        return [...['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), notSet];
      case 'severity':
        return [...['P0', 'P1', 'P2', 'P3', 'P4'].map((v) => ({ value: v, label: v })), notSet];
      case 'tags': {
        const tags = this.tagChoices();
        for (const t of this.chips.tags) if (!tags.includes(t)) tags.push(t);
        return tags.map((t) => ({ value: t, label: `#${t}` }));
      }
    }
  }

  private renderChips() {
    return html`${FILTER_FIELDS.map((field) => {
      const chosen = this.chips[field];
      const options = this.chipOptions(field);
      const names = chosen.map((v) => options.find((o) => o.value === v)?.label ?? v);
      return html`<details
        class="chip ${chosen.length ? 'active' : ''}"
        data-field=${field}
        @toggle=${(e: Event) => {
          const d = e.target as HTMLDetailsElement;
          if (d.open) for (const o of this.renderRoot.querySelectorAll<HTMLDetailsElement>('details.chip[open]')) if (o !== d) o.open = false;
        }}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            (e.currentTarget as HTMLDetailsElement).open = false;
          }
        }}
      >
        <summary aria-label=${chosen.length ? `${this.t(`field_${field}`)}: ${names.join(', ')}` : this.t(`field_${field}`)}>${this.t(`field_${field}`)}${chosen.length ? `: ${names.join(', ')}` : ''}</summary>
        <div class="popup" role="group" aria-label=${this.t(`field_${field}`)}>
          ${options.length
            ? options.map(
                (o) => html`<label><input type="checkbox" data-value=${o.value} .checked=${chosen.includes(o.value)} @change=${(e: Event) => this.setChip(field, o.value, (e.target as HTMLInputElement).checked)} />${o.label}</label>`,
              )
            : html`<span class="empty-col">${this.t('noTags')}</span>`}
        </div>
      </details>`;
    })}
`;
  }

  private renderBulkBar() {
    const s = this.state!;
    const n = this.selected.size;
    // One card selected by a plain click is shown on the card; the bar is for choosing several.
    if (!n || (this.plainSelection && n === 1)) return nothing;
    const pick = (id: string, label: string, options: { value: string; label: string }[], apply: (v: string) => void) =>
      html`<select
        id=${id}
        aria-label=${label}
        ?disabled=${this.busy}
        @change=${(e: Event) => {
          const el = e.target as HTMLSelectElement;
          const v = el.value;
          el.value = '';
          if (v) apply(v);
        }}
      >
        <option value="" selected>${label}…</option>
        ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
      </select>`;
    const notSet = { value: NONE, label: this.t('notSet') };
    const nullable = <T extends string>(v: string) => (v === NONE ? null : (v as T));
    return html`<div class="bulkbar" role="toolbar" aria-label=${this.t('bulkActions')}>
      <span class="count" role="status" aria-live="polite">${this.t('selectedCount', n)}</span>
      ${pick('bulk-status', this.t('field_status'), s.statuses.map((st) => ({ value: st.key, label: st.label })), (v) => this.bulkEdit({ status: v }))}
      ${pick('bulk-priority', this.t('field_priority'), [...['high', 'medium', 'low'].map((p) => ({ value: p, label: this.t(`priority_${p}`) })), notSet], (v) => this.bulkEdit({ priority: nullable<'high' | 'medium' | 'low'>(v) }))}
      ${pick('bulk-effort', this.t('field_effort'), [...['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), notSet], (v) => this.bulkEdit({ effort: nullable<'XS' | 'S' | 'M' | 'L' | 'XL'>(v) }))}
      ${pick('bulk-type', this.t('field_type'), (s.types ?? []).map((t) => ({ value: t.key, label: t.label })), (v) => this.bulkEdit({ type: v }))}
      <input id="bulk-tag" list="bulk-tag-list" placeholder=${this.t('tagPlaceholder')} aria-label=${this.t('tagPlaceholder')} maxlength="50" @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.bulkTag('add')} />
      <datalist id="bulk-tag-list">${this.tagChoices().map((t) => html`<option value=${t}></option>`)}</datalist>
      <vscode-toolbar-button id="bulk-add-tag" icon="tag" label=${this.t('addTag')} title=${this.t('addTag')} @click=${() => this.bulkTag('add')}></vscode-toolbar-button>
      <vscode-toolbar-button id="bulk-remove-tag" icon="remove" label=${this.t('removeTag')} title=${this.t('removeTag')} @click=${() => this.bulkTag('remove')}></vscode-toolbar-button>
      <vscode-toolbar-button id="bulk-archive" icon="archive" label=${this.t('archive')} title=${this.t('archive')} @click=${() => this.bulkAction('archive')}></vscode-toolbar-button>
      <vscode-toolbar-button id="bulk-delete" icon="trash" label=${this.t('delete')} title=${this.t('delete')} @click=${() => this.bulkAction('delete')}></vscode-toolbar-button>
      <vscode-toolbar-button id="bulk-clear" icon="close" label=${this.t('clearSelection')} title=${this.t('clearSelection')} @click=${() => this.selectAll(false)}></vscode-toolbar-button>
    </div>`;
  }

  private get isPanelOpen(): boolean {
    return this.panelOpen ?? this.init?.view === 'panel';
  }

  private togglePanel(): void {
    this.panelOpen = !this.isPanelOpen;
    this.saveUi();
  }

  /** One line: the filter box, the filter-panel button (with the number of active chips) and help. */
  private renderFilterRow() {
    const n = chipCount(this.chips);
    const open = this.isPanelOpen;
    const label = n ? this.t('filtersActive', n) : this.t('filtersButton');
    return html`<div class="filter">
      <vscode-textfield id="filter" placeholder=${this.t('filterShort')} title=${this.t('filterPlaceholder')} aria-label=${this.t('filterPlaceholder')} .value=${this.filterQuery} @input=${(e: Event) => this.applyFilter((e.target as HTMLInputElement).value)}>
        <vscode-icon slot="content-before" name="search" size="14"></vscode-icon>
      </vscode-textfield>
      <button id="filters-toggle" class="icon-button ${n ? 'active' : ''}" aria-expanded=${open ? 'true' : 'false'} aria-controls="filter-panel" aria-label=${label} title=${label} @click=${() => this.togglePanel()}>
        <vscode-icon name="filter" size="16"></vscode-icon>${n ? html`<span class="count-dot">${n}</span>` : nothing}
      </button>
      ${n || this.filterQuery ? html`<vscode-toolbar-button id="clear-filters" icon="clear-all" label=${this.t('clearFilters')} title=${this.t('clearFilters')} @click=${() => this.clearFilters()}></vscode-toolbar-button>` : nothing}
      <button id="help-toggle" class="icon-button" aria-expanded=${this.showHelp ? 'true' : 'false'} aria-controls="shortcuts" aria-label=${this.t('helpButton')} title=${this.t('helpButton')} @click=${() => (this.showHelp = !this.showHelp)}>
        <vscode-icon name="question" size="16"></vscode-icon>
      </button>
    </div>`;
  }

  /** The filter panel: saved views, Board/List, swimlanes and the chips (collapsed in the sidebar). */
  private renderToolbar() {
    if (!this.isPanelOpen) return nothing;
    const s = this.state!;
    const views = s.views ?? [];
    return html`<div class="toolbar" id="filter-panel" role="group" aria-label=${this.t('filtersButton')}>
        <div class="seg" role="radiogroup" aria-label=${this.t('layout')}>
          <button id="mode-board" role="radio" aria-checked=${this.mode === 'board' ? 'true' : 'false'} @click=${() => this.setMode('board')}><vscode-icon name="project" size="14"></vscode-icon>${this.t('board')}</button>
          <button id="mode-list" role="radio" aria-checked=${this.mode === 'list' ? 'true' : 'false'} @click=${() => this.setMode('list')}><vscode-icon name="list-flat" size="14"></vscode-icon>${this.t('list')}</button>
        </div>
        <select
          id="view-picker"
          aria-label=${this.t('views')}
          @change=${(e: Event) => {
            const el = e.target as HTMLSelectElement;
            const v = el.value;
            el.value = '';
            if (v === '__save') this.saveView();
            else if (v) this.applyView(views.find((x) => x.id === v)?.query ?? '');
          }}
        >
          <option value="" selected>${this.t('views')}…</option>
          ${views.map((v) => html`<option value=${v.id} title=${v.query}>${v.name}</option>`)}
          <option value="__save">${this.t('saveView')}</option>
        </select>
        ${this.mode === 'board'
          ? html`<select
              id="lanes"
              aria-label=${this.t('swimlanes')}
              title=${this.t('swimlanes')}
              .value=${this.lanes}
              @change=${(e: Event) => {
                this.lanes = (e.target as HTMLSelectElement).value as LaneMode;
                this.saveUi();
              }}
            >
              <option value="none" ?selected=${this.lanes === 'none'}>${this.t('lanesNone')}</option>
              <option value="type" ?selected=${this.lanes === 'type'}>${this.t('lanesType')}</option>
              <option value="priority" ?selected=${this.lanes === 'priority'}>${this.t('lanesPriority')}</option>
            </select>`
          : nothing}
        ${this.renderChips()}
      </div>`;
  }

  /** A backlog without items: one clear start instead of five empty columns. */
  private renderStart() {
    const run = (command: 'newItem' | 'importFile' | 'ai.generateItem') => () => this.run(() => host.request(RunCommand, { command }));
    return html`<div class="empty start" id="start" role="region" aria-labelledby="start-title">
      <h2 id="start-title">${this.t('startTitle')}</h2>
      <p>${this.t('startBody')}</p>
      <div class="start-actions">
        <vscode-button id="start-add" icon="add" @click=${run('newItem')}>${this.t('startAdd')}</vscode-button>
        <vscode-button id="start-import" secondary icon="cloud-upload" @click=${run('importFile')}>${this.t('startImport')}</vscode-button>
        <vscode-button id="start-generate" secondary icon="wand" @click=${run('ai.generateItem')}>${this.t('startGenerate')}</vscode-button>
      </div>
    </div>`;
  }

  private renderHelp() {
    if (!this.showHelp) return nothing;
    return html`<div class="help" id="shortcuts" role="dialog" aria-labelledby="shortcuts-title">
      <div class="help-head">
        <h2 id="shortcuts-title">${this.t('shortcuts')}</h2>
        <vscode-toolbar-button id="help-close" icon="close" label=${this.t('close')} title=${this.t('close')} @click=${() => (this.showHelp = false)}></vscode-toolbar-button>
      </div>
      <ul>
        ${(['helpN', 'helpSlash', 'helpArrows', 'helpAltArrows', 'helpEnter', 'helpF2', 'helpDelete', 'helpDrag', 'helpSelect', 'helpSelectAll', 'helpQuestion'] as const).map((k) => html`<li>${this.t(k)}</li>`)}
      </ul>
    </div>`;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.t('loading')}</div>`;
    }
    if (!s.backlog) return html`${this.renderError()}${this.renderEmpty()}`;
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
      ${this.renderError()}
      ${s.problem
        ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>`
        : html`
            <form @submit=${(e: Event) => this.onAdd(e)}>
              <vscode-textfield id="new-title" placeholder=${this.t('addShort')} title=${this.t('addPlaceholder')} aria-label=${this.t('addPlaceholder')} @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}></vscode-textfield>
              <vscode-button id="add-item" type="submit" icon="add" aria-label=${this.t('addTo', s.statuses[0]?.label ?? '')} title=${this.t('addTo', s.statuses[0]?.label ?? '')} ?disabled=${this.busy} @click=${(e: Event) => this.onAdd(e)}>${this.t('add')}</vscode-button>
            </form>
            ${startHere ? nothing : html`${this.renderFilterRow()} ${this.renderToolbar()}`} ${this.renderBulkBar()} ${this.renderHelp()}
            ${filtered && d.visible.length === 0 ? html`<div class="empty-col" role="status">${this.t('noMatch')}</div>` : nothing}
            ${startHere
              ? this.renderStart()
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
              : this.renderBoard(d)}
            <span id="card-help" class="sr-only">${this.t('cardHelp')}</span>
          `}
    `;
  }
}

// Chromium reports a ResizeObserver callback whose layout change needs one more frame (the
// virtualised columns, the text fields) as an "error" event; nothing failed, so it is not reported.
window.addEventListener(
  'error',
  (e) => {
    if (/^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/.test(e.message)) {
      e.stopImmediatePropagation();
      e.preventDefault();
    }
  },
  { capture: true },
);

customElements.define('flowcast-board', BoardApp);
document.body.append(document.createElement('flowcast-board'));

