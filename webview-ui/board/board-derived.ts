// The board's derived data: the filtered cards (chips, text, "At risk"), lanes and columns (or sorted list rows) and the tag
// choices, computed once per change of the state or of the view settings; a card patch from the
// host regroups only the columns it touches (patchLanes).
import type { BoardState, Card } from '../../src/core/protocol';
import { chipCount, groupLanes, type Lane, matchesChips, patchLanes, sortRows, tagsInUse } from '../../src/core/board/view';
import { isAtRisk } from '../../src/core/board/targets';
import type { BoardApp } from './board-app';

export interface Derived {
  visible: Card[];
  lanes: Lane[];
  rows: Card[];
  /** What the user sees, in order (Shift+click ranges follow it); computed on first use. */
  order: () => string[];
}

export class BoardDerived {
  constructor(private readonly app: BoardApp) {}

  private cache: { key: unknown[]; value: Derived } | undefined;
  /** The last change pushed by the host as a patch (a move, an edit): lets derived() regroup only the touched columns. */
  lastPatch: { from: BoardState; to: BoardState; removed: Set<string>; upserts: Card[] } | undefined;

  /** Filtered cards, lanes/columns or sorted rows; computed once per change (10,000 cards). */
  get(): Derived {
    const app = this.app;
    const s = app.state!;
    // The "At risk" chip depends on the forecast dates: they are part of the key only while it is on.
    const key = [s, app.filterIds, app.chips, app.mode, app.lanes, app.sort, app.init, app.chips.forecast?.length ? app.forecastDates : undefined];
    const c = this.cache;
    if (c && c.key.every((k, i) => k === key[i])) return c.value;
    const hasChips = chipCount(app.chips) > 0;
    const atRisk = (card: Card) => isAtRisk(card, app.cardDates(card.id));
    const visible = !app.filterIds && !hasChips ? s.items : s.items.filter((card) => (!app.filterIds || app.filterIds.has(card.id)) && (!hasChips || matchesChips(card, app.chips, atRisk)));
    let lanes: Lane[] = [];
    let rows: Card[] = [];
    let order: () => string[];
    if (app.mode === 'list') {
      rows = sortRows(visible, app.sort, s.statuses);
      order = () => rows.map((r) => r.id);
    } else {
      // A patch from the host (a drop, an edit) on an unfiltered board regroups only the columns it touches.
      const p = this.lastPatch;
      const patchable = visible === s.items && p?.to === s && c?.key[0] === p.from && c.value.lanes.length && c.key.every((k, i) => i === 0 || k === key[i]);
      lanes = (patchable && patchLanes(c.value.lanes, p.removed, p.upserts, app.lanes)) || groupLanes(visible, s.statuses, app.lanes, s.types ?? [], (m, k) => app.laneLabel(m, k));
      order = () => lanes.flatMap((l) => l.columns.flatMap((col) => col.cards.map((x) => x.id)));
    }
    let ordered: string[] | undefined;
    const value: Derived = { visible, lanes, rows, order: () => (ordered ??= order()) };
    this.cache = { key, value };
    return value;
  }

  private tagsCache: { items: Card[]; tags: string[] } | undefined;

  /** The 200 most used tags (chip and bulk-bar choices); counted once per change of the items, not per render. */
  tagChoices(): string[] {
    const items = this.app.state!.items;
    if (this.tagsCache?.items !== items) this.tagsCache = { items, tags: tagsInUse(items).slice(0, 200) };
    return [...this.tagsCache.tags];
  }
}
