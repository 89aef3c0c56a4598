// What the board and list views show, computed without a DOM: chip filters, columns, swimlanes,
// table sorting and range selection. Shared by the webview (rendering) and the unit tests.
import type { Card, StatusView, TypeView } from '../protocol/messages';
import { AT_RISK } from './targets';

/** `forecast` holds AT_RISK (src/core/board/targets.ts) when only cards at risk of missing their target date are shown. */
export const FILTER_FIELDS = ['type', 'status', 'priority', 'effort', 'severity', 'tags', 'forecast'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
/** Chosen values per field; an empty list = no filter on that field. */
export type ChipFilter = Record<FilterField, string[]>;

export function emptyChips(): ChipFilter {
  return { type: [], status: [], priority: [], effort: [], severity: [], tags: [], forecast: [] };
}

export function chipCount(f: ChipFilter): number {
  return FILTER_FIELDS.reduce((n, k) => n + f[k].length, 0);
}

/** The value meaning "not set" for priority / effort / severity chips. */
export const NONE = '(none)';

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Values of one field OR together, fields AND together (as in the search syntax). The "At risk"
 * chip asks `atRisk` (which knows the forecast dates); without it no card is at risk.
 */
export function matchesChips(card: Card, f: ChipFilter, atRisk?: (card: Card) => boolean): boolean {
  if (f.type.length && !f.type.includes(card.type)) return false;
  if (f.status.length && !f.status.includes(card.status)) return false;
  if (f.priority.length && !f.priority.includes(card.priority ?? NONE)) return false;
  if (f.effort.length && !f.effort.includes(card.effort ?? NONE)) return false;
  if (f.severity.length && !f.severity.includes(card.severity ?? NONE)) return false;
  if (f.tags.length) {
    const have = new Set(card.tags.map(fold));
    if (!f.tags.some((t) => have.has(fold(t)))) return false;
  }
  if (f.forecast?.length && !atRisk?.(card)) return false;
  return true;
}

function quote(v: string): string {
  return /^[^\s"():]+$/.test(v) ? v : `"${v.replace(/"/g, '')}"`;
}

/**
 * The chips and the text as one query of the search language (what a saved view stores).
 * "Not set" chips and values with a comma or a double quote have no search equivalent and are
 * left out (the result says which fields).
 */
export function chipsToQuery(f: ChipFilter, text: string): { query: string; dropped: string[] } {
  const parts: string[] = [];
  const dropped: string[] = [];
  const keys: Record<FilterField, string> = { type: 'type', status: 'status', priority: 'priority', effort: 'effort', severity: 'severity', tags: 'tag', forecast: '' };
  for (const field of FILTER_FIELDS) {
    for (const v of f[field] ?? []) {
      // "At risk" depends on the forecast of the moment: the board applies is:at-risk itself.
      if (field === 'forecast') {
        if (v === AT_RISK && !parts.includes(AT_RISK_TERM)) parts.push(AT_RISK_TERM);
        continue;
      }
      // "Not set" has no search equivalent; the search language splits values on commas and has
      // no escape for double quotes, so such values cannot be saved either.
      if (v === NONE || /[,"]/.test(v)) dropped.push(field);
      else parts.push(`${keys[field]}:${quote(v)}`);
    }
  }
  const t = text.trim();
  if (t) parts.push(t);
  return { query: parts.join(' '), dropped };
}

/** The search term of the "At risk" chip (a saved view keeps it in its query). */
export const AT_RISK_TERM = 'is:at-risk';
const AT_RISK_RE = /(^|\s)is:at-?risk(?=\s|$)/gi;

/** A query without its is:at-risk terms, and whether it had one (the board turns it into the chip). */
export function takeAtRisk(query: string): { query: string; atRisk: boolean } {
  let atRisk = false;
  const rest = query.replace(AT_RISK_RE, () => {
    atRisk = true;
    return ' ';
  });
  return { query: atRisk ? rest.replace(/\s+/g, ' ').trim() : query, atRisk };
}

/** Every tag in use, most used first (ties by name), for the tag chip's choices. */
export function tagsInUse(cards: readonly Card[]): string[] {
  const counts = new Map<string, { tag: string; n: number }>();
  for (const c of cards) {
    for (const t of c.tags) {
      const k = fold(t);
      const e = counts.get(k);
      if (e) e.n++;
      else counts.set(k, { tag: t, n: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || a.tag.localeCompare(b.tag)).map((e) => e.tag);
}

export const byRank = (a: Card, b: Card) => {
  const ra = a.rank ?? '';
  const rb = b.rank ?? '';
  return ra < rb ? -1 : ra > rb ? 1 : a.id < b.id ? -1 : 1;
};

export interface Column {
  status: StatusView;
  cards: Card[];
}

/** Cards per status column, in rank order; cards whose status is unknown are not shown. */
export function groupColumns(cards: readonly Card[], statuses: readonly StatusView[]): Column[] {
  const by = new Map<string, Card[]>(statuses.map((s) => [s.key, []]));
  for (const c of cards) by.get(c.status)?.push(c);
  return statuses.map((s) => ({ status: s, cards: by.get(s.key)!.sort(byRank) }));
}

export type LaneMode = 'none' | 'type' | 'priority';

export interface Lane {
  /** Type key, priority, or NONE; '' when there are no lanes. */
  key: string;
  label: string;
  columns: Column[];
  /** Cards shown in the lane's columns. */
  count: number;
}

/**
 * Swimlanes (rows) of columns. Type lanes follow the type order, priority lanes go high to low,
 * then "not set"; lanes without cards are left out.
 */
export function groupLanes(
  cards: readonly Card[],
  statuses: readonly StatusView[],
  mode: LaneMode,
  types: readonly TypeView[],
  label: (mode: 'type' | 'priority', key: string) => string,
): Lane[] {
  const shown = (columns: Column[]) => columns.reduce((n, col) => n + col.cards.length, 0);
  if (mode === 'none') {
    const columns = groupColumns(cards, statuses);
    return [{ key: '', label: '', columns, count: shown(columns) }];
  }
  const order = mode === 'type' ? types.map((t) => t.key) : ['high', 'medium', 'low'];
  const keyOf = (c: Card) => (mode === 'type' ? c.type : (c.priority ?? NONE));
  const buckets = new Map<string, Card[]>();
  for (const c of cards) {
    const k = keyOf(c);
    const b = buckets.get(k);
    if (b) b.push(c);
    else buckets.set(k, [c]);
  }
  const keys = [...buckets.keys()].sort((a, b) => {
    const ia = a === NONE ? Infinity : order.indexOf(a) < 0 ? order.length : order.indexOf(a);
    const ib = b === NONE ? Infinity : order.indexOf(b) < 0 ? order.length : order.indexOf(b);
    return ia - ib || a.localeCompare(b);
  });
  return keys.map((k) => {
    const columns = groupColumns(buckets.get(k)!, statuses);
    return { key: k, label: label(mode, k), columns, count: shown(columns) };
  });
}

/**
 * The lanes after a few cards changed (removed, added or updated), without regrouping the whole
 * backlog: only the columns a changed card leaves or enters get new arrays; every other column keeps
 * its array (and the view keeps its rendered cards). Returns undefined when the change needs a full
 * `groupLanes` (a card enters a lane that is not shown, or a lane becomes empty). Equal to
 * `groupLanes` on the changed card list (unit-tested).
 */
export function patchLanes(lanes: readonly Lane[], removed: ReadonlySet<string>, upserts: readonly Card[], mode: LaneMode): Lane[] | undefined {
  const gone = new Set(removed);
  for (const c of upserts) gone.add(c.id);
  const keyOf = (c: Card) => (mode === 'none' ? '' : mode === 'type' ? c.type : (c.priority ?? NONE));
  const next = lanes.map((l) => ({ ...l, columns: l.columns.map((col) => (col.cards.some((c) => gone.has(c.id)) ? { status: col.status, cards: col.cards.filter((c) => !gone.has(c.id)) } : col)) }));
  for (const card of upserts) {
    const lane = next.find((l) => l.key === keyOf(card));
    if (!lane) return undefined;
    const i = lane.columns.findIndex((col) => col.status.key === card.status);
    if (i < 0) continue; // an unknown status is not shown (as in groupColumns)
    const col = lane.columns[i];
    const cards = col === lanes.find((l) => l.key === lane.key)?.columns[i] ? [...col.cards] : col.cards;
    let lo = 0;
    let hi = cards.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byRank(cards[mid], card) < 0) lo = mid + 1;
      else hi = mid;
    }
    cards.splice(lo, 0, card);
    lane.columns[i] = { status: col.status, cards };
  }
  for (const l of next) l.count = l.columns.reduce((n, col) => n + col.cards.length, 0);
  if (mode !== 'none' && next.some((l) => l.count === 0)) return undefined;
  return next;
}

// ---------------------------------------------------------------- list view

export const LIST_COLUMNS = ['id', 'type', 'title', 'status', 'priority', 'effort', 'severity', 'tags', 'component', 'targetDate', 'criteria', 'blocked', 'createdAt', 'updatedAt', 'aiScore'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];
export const DEFAULT_LIST_COLUMNS: ListColumn[] = ['id', 'type', 'title', 'status', 'priority', 'effort', 'tags', 'updatedAt'];

export interface SortSpec {
  column: ListColumn;
  dir: 'asc' | 'desc';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const PRIORITY_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };
const EFFORT_ORDER: Record<string, number> = { XS: 0, S: 1, M: 2, L: 3, XL: 4 };

/** IDs sort by type then number (BUG-2 before BUG-10). */
function idKey(id: string): [string, number] {
  const i = id.lastIndexOf('-');
  return [id.slice(0, i), Number(id.slice(i + 1))];
}

/**
 * Rows sorted by one column; empty values always sort last, ties keep board order (status, rank).
 * Statuses sort in workflow order, priorities high to low, efforts small to large.
 */
export function sortRows(cards: readonly Card[], sort: SortSpec, statuses: readonly StatusView[]): Card[] {
  const statusIndex = new Map(statuses.map((s, i) => [s.key, i]));
  const boardOrder = (a: Card, b: Card) => (statusIndex.get(a.status) ?? 1e9) - (statusIndex.get(b.status) ?? 1e9) || byRank(a, b);
  const value = (c: Card): string | number | null => {
    switch (sort.column) {
      case 'id':
        return null; // compared below
      case 'type':
        return c.type;
      case 'title':
        return c.title;
      case 'status':
        return statusIndex.get(c.status) ?? 1e9;
      case 'priority':
        return c.priority ? PRIORITY_ORDER[c.priority] : null;
      case 'effort':
        return c.effort ? EFFORT_ORDER[c.effort] : null;
      case 'severity':
        return c.severity;
      case 'tags':
        return c.tags.length ? c.tags.join(' ') : null;
      case 'component':
        return c.component ? c.component : null;
      case 'targetDate':
        return c.targetDate ?? null;
      case 'criteria':
        return c.criteriaTotal ? c.criteriaDone / c.criteriaTotal : null;
      case 'blocked':
        return c.blocked ? 0 : 1;
      case 'createdAt':
        return c.createdAt ?? null;
      case 'updatedAt':
        return c.updatedAt ?? null;
      case 'aiScore':
        return typeof c.aiScore === 'number' ? c.aiScore : null;
    }
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  const cmp = (a: Card, b: Card): number => {
    if (sort.column === 'id') {
      const [ta, na] = idKey(a.id);
      const [tb, nb] = idKey(b.id);
      return sign * (ta < tb ? -1 : ta > tb ? 1 : na - nb);
    }
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? boardOrder(a, b) : va === null ? 1 : -1;
    const d = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return d !== 0 ? sign * d : boardOrder(a, b);
  };
  return [...cards].sort(cmp);
}

// ---------------------------------------------------------------- selection

/**
 * The selection after a click. `order` is what the user sees, top to bottom; plain click selects
 * one, toggle (Ctrl/Cmd) adds or removes one, range (Shift) selects from the anchor to the target
 * (added to the selection when toggle is held too).
 */
export function clickSelection(
  current: ReadonlySet<string>,
  order: readonly string[],
  anchor: string | null,
  target: string,
  mods: { toggle: boolean; range: boolean },
): { selected: Set<string>; anchor: string } {
  if (mods.range && anchor !== null) {
    const a = order.indexOf(anchor);
    const b = order.indexOf(target);
    if (a >= 0 && b >= 0) {
      const [from, to] = a < b ? [a, b] : [b, a];
      const selected = mods.toggle ? new Set(current) : new Set<string>();
      for (let i = from; i <= to; i++) selected.add(order[i]);
      return { selected, anchor };
    }
  }
  if (mods.toggle) {
    const selected = new Set(current);
    if (selected.has(target)) selected.delete(target);
    else selected.add(target);
    return { selected, anchor: target };
  }
  return { selected: new Set([target]), anchor: target };
}

/** Drops selected ids that are no longer visible (filtered out, deleted, archived). */
export function pruneSelection(selected: ReadonlySet<string>, visible: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const id of selected) if (visible.has(id)) out.add(id);
  return out;
}
