// Everything that reads or changes one backlog's items, types and workflow. Rules enforced here
// hold for every caller (commands, webviews, API, import):
// - IDs are TYPE-NNN from a per-type counter that only goes up; changing type or status never
//   changes an ID or drops a relation.
// - Every status change is recorded (status history feeds throughput and cycle time).
// - Ranks are fractional keys: moving one item rewrites one row.
// - A cycle of "blocks" relations is refused with a message naming the cycle.
// - Every user change is recorded in the undo log (in the database, so undo survives a reload).
import type { Database } from 'sql.js';
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import { rankBetween } from '../util/rank';
import { keepAnalysis, restoreKeptAnalysis } from '../ai/analysisStore';
import {
  type Attachment,
  type CodeLink,
  type Criterion,
  EFFORTS,
  type Effort,
  emptyFields,
  type Item,
  type ItemFields,
  type ItemType,
  ITEM_ID_RE,
  PRIORITIES,
  type Priority,
  type PortableItem,
  RELATION_KINDS,
  type Relation,
  type RelationKind,
  SEVERITIES,
  type Severity,
  type StatusChange,
  TYPE_KEY_RE,
  type WorkflowStatus,
} from './model';

export const UNDO_LIMIT = 200;
/** Changes touching more items than this are applied but cannot be undone (the log is cleared). */
export const UNDO_MAX_ITEMS = 1000;

type Row = Record<string, string | number | null>;

interface ItemSnapshot {
  row: Row;
  tags: string[];
  relations: { from_id: string; to_id: string; kind: string }[];
  history: Row[];
}

interface ChangeRecord {
  items: Record<string, { before: ItemSnapshot | null; after: ItemSnapshot | null }>;
  tables: Record<string, { before: Row[]; after: Row[] }>;
}

export interface ItemFilter {
  includeArchived?: boolean;
  archivedOnly?: boolean;
  status?: string[];
  type?: string[];
  ids?: string[];
}

export type NewItemInput = Partial<ItemFields> & { title: string };
/** A relation a new item gets when it is created (`other` must exist). */
export interface NewItemRelation {
  kind: RelationKind | 'blocked-by';
  other: string;
}
export type ItemPatch = Partial<ItemFields>;

/** The fields of an item a board card shows (see listCardFields). */
export type CardFields = Pick<Item, 'id' | 'type' | 'title' | 'emoji' | 'status' | 'severity' | 'priority' | 'effort' | 'component' | 'tags' | 'rank' | 'createdAt' | 'updatedAt'> & {
  criteriaTotal: number;
  criteriaDone: number;
};

/** A change to many items: fields to set (undefined = keep), tags to add and remove. */
export interface BulkPatch {
  status?: string;
  type?: string;
  priority?: Priority | null;
  effort?: Effort | null;
  severity?: Severity | null;
  addTags?: string[];
  removeTags?: string[];
}

export interface MoveTarget {
  status?: string;
  /** Place directly before this item (same status). */
  before?: string;
  /** Place directly after this item (same status). */
  after?: string;
  /** Or at the top / bottom of the column (default: bottom when the status changes, else unchanged). */
  position?: 'top' | 'bottom';
}

const LIST_KEYS = ['specs', 'reproSteps', 'criteria', 'dependencies', 'constraints', 'attachments', 'links'] as const;
type SnapshotTable = 'item_types' | 'statuses' | 'templates' | 'saved_views';

function cleanText(s: string, max: number, what: string): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  if (t.length > max) throw new FlowcastError('invalid_input', `${what} can have at most ${max} characters.`);
  return t;
}

function cleanLine(s: string, max: number, what: string): string {
  return cleanText(s, max, what).replace(/\s+/g, ' ').trim();
}

function cleanList(list: unknown, what: string): string[] {
  if (!Array.isArray(list)) throw new FlowcastError('invalid_input', `${what} must be a list.`);
  if (list.length > 500) throw new FlowcastError('invalid_input', `${what} can have at most 500 entries.`);
  return list.map((v) => {
    if (typeof v !== 'string') throw new FlowcastError('invalid_input', `${what} must contain text.`);
    return cleanText(v, 10_000, what);
  });
}

/** Validates and normalises every field of an item (used for create, update and import). */
/** How a tag is stored: no leading #, spaces as dashes, lower case. */
export function normaliseTag(t: string): string {
  return t.trim().replace(/^#/, '').replace(/\s+/g, '-').toLowerCase();
}

export function normaliseFields(input: ItemFields): ItemFields {
  const title = cleanLine(input.title, 300, 'A title');
  if (!title) throw new FlowcastError('invalid_input', 'An item needs a title.');
  const type = input.type.toUpperCase();
  if (!TYPE_KEY_RE.test(type)) throw new FlowcastError('invalid_input', `"${input.type}" is not a valid item type (A-Z, digits, _; up to 16 characters).`);
  if (input.severity !== null && !SEVERITIES.includes(input.severity)) throw new FlowcastError('invalid_input', `Severity must be one of ${SEVERITIES.join(', ')}.`);
  if (input.priority !== null && !PRIORITIES.includes(input.priority)) throw new FlowcastError('invalid_input', `Priority must be one of ${PRIORITIES.join(', ')}.`);
  if (input.effort !== null && !EFFORTS.includes(input.effort)) throw new FlowcastError('invalid_input', `Effort must be one of ${EFFORTS.join(', ')}.`);
  const tags = [...new Set(cleanList(input.tags, 'Tags').map(normaliseTag).filter(Boolean))];
  if (tags.some((t) => t.length > 50)) throw new FlowcastError('invalid_input', 'A tag can have at most 50 characters.');
  const criteria: Criterion[] = (Array.isArray(input.criteria) ? input.criteria : []).map((c) => ({ text: cleanText(String(c.text ?? ''), 10_000, 'A criterion'), checked: c.checked === true }));
  const attachments: Attachment[] = (Array.isArray(input.attachments) ? input.attachments : []).map((a) => {
    const p = String(a.path ?? '').replace(/\\/g, '/');
    if (!p || p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.split('/').includes('..')) {
      throw new FlowcastError('invalid_input', `Attachment path "${p}" must be relative to the backlog's attachments folder.`);
    }
    return { path: p, name: cleanLine(String(a.name ?? ''), 300, 'An attachment name') };
  });
  const links: CodeLink[] = (Array.isArray(input.links) ? input.links : []).map((l) => {
    const line = Number(l.line);
    if (!Number.isInteger(line) || line < 1) throw new FlowcastError('invalid_input', 'A code link needs a line number from 1.');
    return { file: cleanLine(String(l.file ?? ''), 1000, 'A code link').replace(/\\/g, '/'), line };
  });
  return {
    type,
    title,
    emoji: cleanLine(input.emoji ?? '', 16, 'An emoji'),
    status: input.status,
    severity: input.severity,
    priority: input.priority,
    effort: input.effort,
    component: cleanLine(input.component ?? '', 200, 'A component'),
    tags,
    description: cleanText(input.description ?? '', 100_000, 'A description'),
    userStory: cleanText(input.userStory ?? '', 20_000, 'A user story'),
    specs: cleanList(input.specs, 'Specifications'),
    reproSteps: cleanList(input.reproSteps, 'Reproduction steps'),
    criteria,
    dependencies: cleanList(input.dependencies, 'Dependencies'),
    constraints: cleanList(input.constraints, 'Constraints'),
    attachments,
    links,
  };
}

/** Drops keys whose value is undefined: an optional argument left out means "not given". */
function given<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function formatItemId(type: string, n: number): string {
  return `${type}-${String(n).padStart(3, '0')}`;
}

/** The one-column fields of an item row, as both full items and board cards read them. */
function scalarFields(r: Row): Pick<Item, 'id' | 'type' | 'title' | 'emoji' | 'status' | 'severity' | 'priority' | 'effort' | 'component'> {
  return {
      id: String(r.id),
      type: String(r.type),
      title: String(r.title),
      emoji: String(r.emoji ?? ''),
      status: String(r.status),
      severity: (r.severity as Severity | null) ?? null,
      priority: (r.priority as Priority | null) ?? null,
      effort: (r.effort as Effort | null) ?? null,
      component: String(r.component ?? ''),
  };
}

export class BacklogRepository {
  private recording: ChangeRecord | null = null;
  private recordingDepth = 0;
  private oversized = false;

  constructor(
    readonly db: BacklogDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---------------------------------------------------------------- reading

  private rowToItem(r: Row, tags: string[]): Item {
    const lists = JSON.parse(String(r.lists ?? '{}')) as Partial<Pick<ItemFields, (typeof LIST_KEYS)[number]>>;
    const base = emptyFields();
    return {
      ...scalarFields(r),
      tags,
      description: String(r.description ?? ''),
      userStory: String(r.user_story ?? ''),
      specs: lists.specs ?? base.specs,
      reproSteps: lists.reproSteps ?? base.reproSteps,
      criteria: lists.criteria ?? base.criteria,
      dependencies: lists.dependencies ?? base.dependencies,
      constraints: lists.constraints ?? base.constraints,
      attachments: lists.attachments ?? base.attachments,
      links: lists.links ?? base.links,
      rank: String(r.rank),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
      archivedAt: (r.archived_at as string | null) ?? null,
    };
  }

  private tagsOf(ids: string[]): Map<string, string[]> {
    const map = new Map<string, string[]>();
    if (!ids.length) return map;
    const rows = ids.length > 500 ? this.db.query<{ item_id: string; tag: string }>('SELECT item_id, tag FROM item_tags ORDER BY item_id, position') : this.db.query<{ item_id: string; tag: string }>(`SELECT item_id, tag FROM item_tags WHERE item_id IN (${ids.map(() => '?').join(',')}) ORDER BY item_id, position`, ids);
    for (const r of rows) {
      let l = map.get(r.item_id);
      if (!l) map.set(r.item_id, (l = []));
      l.push(r.tag);
    }
    return map;
  }

  getItem(id: string): Item | undefined {
    const row = this.db.query<Row>('SELECT * FROM items WHERE id = ?', [id])[0];
    return row ? this.rowToItem(row, this.tagsOf([id]).get(id) ?? []) : undefined;
  }

  requireItem(id: string): Item {
    const it = this.getItem(id);
    if (!it) throw new FlowcastError('item_not_found', `There is no item ${id}.`, { id });
    return it;
  }

  /** Items ordered by workflow position then rank. */
  listItems(filter: ItemFilter = {}): Item[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.archivedOnly) where.push('i.archived_at IS NOT NULL');
    else if (!filter.includeArchived) where.push('i.archived_at IS NULL');
    for (const [col, values] of [
      ['i.status', filter.status],
      ['i.type', filter.type],
      ['i.id', filter.ids],
    ] as const) {
      if (values?.length) {
        where.push(`${col} IN (${values.map(() => '?').join(',')})`);
        params.push(...values);
      }
    }
    const rows = this.db.query<Row>(
      `SELECT i.* FROM items i LEFT JOIN statuses s ON s.key = i.status ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY coalesce(s.position, 1000), i.status, i.rank`,
      params,
    );
    const tags = this.tagsOf(rows.map((r) => String(r.id)));
    return rows.map((r) => this.rowToItem(r, tags.get(String(r.id)) ?? []));
  }

  /**
   * What a board card needs of every active item (or of `ids`), without the long text fields:
   * one narrow query (only the criteria are read from the JSON lists).
   */
  listCardFields(ids?: string[]): CardFields[] {
    const where = ['i.archived_at IS NULL'];
    if (ids) where.push(`i.id IN (${ids.map(() => '?').join(',') || "''"})`);
    const rows = this.db.query<Row>(
      `SELECT i.id, i.type, i.title, i.emoji, i.status, i.severity, i.priority, i.effort, i.component, i.rank, i.created_at, i.updated_at,
              json_extract(i.lists, '$.criteria') AS criteria
         FROM items i WHERE ${where.join(' AND ')}`,
      ids ?? [],
    );
    const tags = this.tagsOf(rows.map((r) => String(r.id)));
    return rows.map((r) => {
      const criteria = r.criteria ? (JSON.parse(String(r.criteria)) as Criterion[]) : [];
      return {
        ...scalarFields(r),
        tags: tags.get(String(r.id)) ?? [],
        rank: String(r.rank),
        createdAt: String(r.created_at),
        updatedAt: String(r.updated_at),
        criteriaTotal: criteria.length,
        criteriaDone: criteria.filter((c) => c.checked).length,
      };
    });
  }

  countItems(includeArchived = false): number {
    return Number(this.db.query<{ n: number }>(`SELECT count(*) AS n FROM items ${includeArchived ? '' : 'WHERE archived_at IS NULL'}`)[0]?.n ?? 0);
  }

  listTypes(): ItemType[] {
    return this.db.query<Row>('SELECT * FROM item_types ORDER BY position, key').map((r) => ({ key: String(r.key), label: String(r.label), color: String(r.color), position: Number(r.position), hidden: Number(r.hidden) === 1 }));
  }

  listStatuses(): WorkflowStatus[] {
    return this.db
      .query<Row>('SELECT * FROM statuses ORDER BY position, key')
      .map((r) => ({ key: String(r.key), label: String(r.label), category: r.category as WorkflowStatus['category'], position: Number(r.position), wipLimit: r.wip_limit === null ? null : Number(r.wip_limit) }));
  }

  relationsOf(id: string): { blocks: string[]; blockedBy: string[]; relates: string[]; duplicates: string[]; duplicatedBy: string[] } {
    const out = this.db.query<{ to_id: string; kind: string }>('SELECT to_id, kind FROM relations WHERE from_id = ? ORDER BY to_id', [id]);
    const inc = this.db.query<{ from_id: string; kind: string }>('SELECT from_id, kind FROM relations WHERE to_id = ? ORDER BY from_id', [id]);
    return {
      blocks: out.filter((r) => r.kind === 'blocks').map((r) => r.to_id),
      blockedBy: inc.filter((r) => r.kind === 'blocks').map((r) => r.from_id),
      relates: [...new Set([...out.filter((r) => r.kind === 'relates').map((r) => r.to_id), ...inc.filter((r) => r.kind === 'relates').map((r) => r.from_id)])].sort(),
      duplicates: out.filter((r) => r.kind === 'duplicates').map((r) => r.to_id),
      duplicatedBy: inc.filter((r) => r.kind === 'duplicates').map((r) => r.from_id),
    };
  }

  allRelations(): Relation[] {
    return this.db.query<{ from_id: string; to_id: string; kind: RelationKind }>('SELECT * FROM relations ORDER BY from_id, to_id, kind').map((r) => ({ from: r.from_id, to: r.to_id, kind: r.kind }));
  }

  statusHistory(id: string): { from: string | null; to: string; at: string }[] {
    return this.db.query<{ from_status: string | null; to_status: string; at: string }>('SELECT from_status, to_status, at FROM status_history WHERE item_id = ? ORDER BY seq', [id]).map((r) => ({ from: r.from_status, to: r.to_status, at: r.at }));
  }

  /** Every item with its outgoing relations (export). */
  portableItems(filter: ItemFilter = { includeArchived: true }): PortableItem[] {
    const rels = this.allRelations();
    return this.listItems(filter).map((it) => ({ ...it, relations: rels.filter((r) => r.from === it.id).map((r) => ({ kind: r.kind, to: r.to })) }));
  }

  // ---------------------------------------------------------------- undo recording

  /** Runs `fn` as one undoable user change named `label` (nested calls join the outer change). */
  change<T>(label: string, fn: (c: Database) => T): T {
    return this.db.write((c) => {
      const outer = this.recordingDepth === 0;
      if (outer) {
        this.recording = { items: {}, tables: {} };
        this.oversized = false;
      }
      this.recordingDepth++;
      try {
        const result = fn(c);
        if (outer) this.commitRecording(label, c);
        return result;
      } finally {
        this.recordingDepth--;
        if (outer) this.recording = null;
      }
    });
  }

  private touchItem(id: string): void {
    const rec = this.recording;
    if (!rec || this.oversized || id in rec.items) return;
    if (Object.keys(rec.items).length >= UNDO_MAX_ITEMS) {
      this.oversized = true;
      return;
    }
    rec.items[id] = { before: this.snapshotItem(id), after: null };
  }

  private touchTable(table: SnapshotTable): void {
    const rec = this.recording;
    if (!rec || table in rec.tables) return;
    rec.tables[table] = { before: this.db.query<Row>(`SELECT * FROM ${table}`), after: [] };
  }

  private commitRecording(label: string, c: Database): void {
    const rec = this.recording!;
    if (this.oversized) {
      c.run('DELETE FROM undo_log');
      return;
    }
    if (!Object.keys(rec.items).length && !Object.keys(rec.tables).length) return;
    for (const id of Object.keys(rec.items)) rec.items[id].after = this.snapshotItem(id);
    for (const t of Object.keys(rec.tables)) rec.tables[t].after = this.db.query<Row>(`SELECT * FROM ${t}`);
    c.run('DELETE FROM undo_log WHERE undone = 1');
    c.run('INSERT INTO undo_log (label, at, change, undone) VALUES (?, ?, ?, 0)', [label, this.now().toISOString(), JSON.stringify(rec)]);
    c.run(`DELETE FROM undo_log WHERE seq NOT IN (SELECT seq FROM undo_log ORDER BY seq DESC LIMIT ${UNDO_LIMIT})`);
  }

  private snapshotItem(id: string): ItemSnapshot | null {
    const row = this.db.query<Row>('SELECT rowid AS _rowid, * FROM items WHERE id = ?', [id])[0];
    if (!row) return null;
    return {
      row,
      tags: this.db.query<{ tag: string }>('SELECT tag FROM item_tags WHERE item_id = ? ORDER BY position', [id]).map((r) => r.tag),
      relations: this.db.query<{ from_id: string; to_id: string; kind: string }>('SELECT * FROM relations WHERE from_id = ? OR to_id = ?', [id, id]),
      history: this.db.query<Row>('SELECT * FROM status_history WHERE item_id = ? ORDER BY seq', [id]),
    };
  }

  private restore(rec: ChangeRecord, side: 'before' | 'after', c: Database): string[] {
    const ids = Object.keys(rec.items);
    // Re-inserting a row cascades away its AI analysis (derived data, not part of the change): keep it.
    const kept = keepAnalysis(this.db, ids);
    for (const id of ids) this.deleteRow(id, c);
    for (const id of ids) {
      const s = rec.items[id][side];
      if (!s) continue;
      const { _rowid, ...cols } = s.row;
      const names = Object.keys(cols);
      c.run(`INSERT INTO items (rowid, ${names.join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`, [_rowid ?? null, ...names.map((n) => cols[n] ?? null)]);
      s.tags.forEach((t, i) => c.run('INSERT INTO item_tags (item_id, tag, position) VALUES (?, ?, ?)', [id, t, i]));
      for (const h of s.history) c.run('INSERT OR REPLACE INTO status_history (seq, item_id, from_status, to_status, at) VALUES (?, ?, ?, ?, ?)', [h.seq ?? null, id, h.from_status ?? null, h.to_status ?? null, h.at ?? null]);
      this.index(id, c);
    }
    for (const id of ids) {
      const s = rec.items[id][side];
      for (const r of s?.relations ?? []) {
        c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?) AND EXISTS (SELECT 1 FROM items WHERE id = ?)', [r.from_id, r.to_id, r.kind, r.from_id, r.to_id]);
      }
    }
    restoreKeptAnalysis(this.db, kept);
    for (const [table, snap] of Object.entries(rec.tables)) {
      c.run(`DELETE FROM ${table}`);
      for (const row of snap[side]) {
        const names = Object.keys(row);
        c.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, names.map((n) => row[n] ?? null));
      }
    }
    return ids;
  }

  /** Undoes the last change; returns its label and the items it touched, or undefined. */
  undo(): { label: string; itemIds: string[] } | undefined {
    const entry = this.db.query<{ seq: number; label: string; change: string }>('SELECT seq, label, change FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1')[0];
    if (!entry) return undefined;
    return this.db.write((c) => {
      const ids = this.restore(JSON.parse(entry.change) as ChangeRecord, 'before', c);
      c.run('UPDATE undo_log SET undone = 1 WHERE seq = ?', [entry.seq]);
      return { label: entry.label, itemIds: ids };
    });
  }

  redo(): { label: string; itemIds: string[] } | undefined {
    const entry = this.db.query<{ seq: number; label: string; change: string }>('SELECT seq, label, change FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1')[0];
    if (!entry) return undefined;
    return this.db.write((c) => {
      const ids = this.restore(JSON.parse(entry.change) as ChangeRecord, 'after', c);
      c.run('UPDATE undo_log SET undone = 0 WHERE seq = ?', [entry.seq]);
      return { label: entry.label, itemIds: ids };
    });
  }

  undoState(): { undo: string | null; redo: string | null; depth: number } {
    const u = this.db.query<{ label: string }>('SELECT label FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1')[0];
    const r = this.db.query<{ label: string }>('SELECT label FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1')[0];
    const n = this.db.query<{ n: number }>('SELECT count(*) AS n FROM undo_log WHERE undone = 0')[0];
    return { undo: u?.label ?? null, redo: r?.label ?? null, depth: Number(n?.n ?? 0) };
  }

  // ---------------------------------------------------------------- low-level row writes

  // The full-text index reads its text from the items_text view (external content). So its entry
  // must be removed BEFORE a row's text changes (FTS4 reads the old text to unindex it) and added
  // again after: unindex() ... change ... index().

  private deleteRow(id: string, c: Database): void {
    const r = this.db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
    if (!r) return;
    c.run('DELETE FROM items_fts WHERE docid = ?', [r.rid]);
    c.run('DELETE FROM items WHERE id = ?', [id]);
  }

  private unindex(id: string, c: Database): void {
    const r = this.db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
    if (r) c.run('DELETE FROM items_fts WHERE docid = ?', [r.rid]);
  }

  private index(id: string, c: Database): void {
    // Bind the rowid as a value: never compute it inside the INSERT ... SELECT (last_insert_rowid()
    // changes while FTS4 writes its own tables, which would index the wrong rows).
    const r = this.db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
    if (r) c.run('INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = ?', [r.rid]);
  }

  private writeFields(id: string, f: ItemFields, c: Database): void {
    const lists: Record<string, unknown> = {};
    for (const k of LIST_KEYS) lists[k] = f[k];
    c.run(
      'UPDATE items SET type = ?, title = ?, emoji = ?, severity = ?, priority = ?, effort = ?, component = ?, description = ?, user_story = ?, lists = ? WHERE id = ?',
      [f.type, f.title, f.emoji, f.severity, f.priority, f.effort, f.component, f.description, f.userStory, JSON.stringify(lists), id],
    );
    c.run('DELETE FROM item_tags WHERE item_id = ?', [id]);
    f.tags.forEach((t, i) => c.run('INSERT INTO item_tags (item_id, tag, position) VALUES (?, ?, ?)', [id, t, i]));
  }

  private checkStatus(status: string): void {
    if (!this.db.query('SELECT 1 FROM statuses WHERE key = ?', [status]).length) throw new FlowcastError('status_unknown', `Unknown status "${status}".`, { status });
  }

  private ensureType(type: string, c: Database): void {
    if (this.db.query('SELECT 1 FROM item_types WHERE key = ?', [type]).length) return;
    this.touchTable('item_types');
    const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
    c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [type, type, '#8b949e', pos]);
  }

  private edgeRank(status: string, where: 'top' | 'bottom', exclude?: string): string {
    const r = this.db.query<{ rank: string }>(`SELECT rank FROM items WHERE status = ? AND id <> ? ORDER BY rank ${where === 'top' ? 'ASC' : 'DESC'} LIMIT 1`, [status, exclude ?? ''])[0];
    return where === 'top' ? rankBetween(null, r?.rank ?? null) : rankBetween(r?.rank ?? null, null);
  }

  private nextId(type: string, c: Database): string {
    const counter = this.db.query<{ next: number }>('SELECT next FROM id_counters WHERE type = ?', [type])[0];
    let n = counter?.next ?? 1;
    while (this.db.query('SELECT 1 FROM items WHERE id = ?', [formatItemId(type, n)]).length) n++;
    c.run('INSERT INTO id_counters (type, next) VALUES (?, ?) ON CONFLICT(type) DO UPDATE SET next = excluded.next', [type, n + 1]);
    return formatItemId(type, n);
  }

  /** Makes sure the counter of an ID's prefix is past that ID (imported IDs are never reissued). */
  private bumpCounter(id: string, c: Database): void {
    const m = ITEM_ID_RE.exec(id);
    if (!m) return;
    c.run('INSERT INTO id_counters (type, next) VALUES (?, ?) ON CONFLICT(type) DO UPDATE SET next = max(next, excluded.next)', [m[1], Number(m[2]) + 1]);
  }

  // ---------------------------------------------------------------- item changes

  /**
   * Creates an item. Quick capture puts it at the top of its column; others at the bottom.
   * `relations` are added in the same undoable change, all or nothing: every target must exist
   * (checked before anything is written), and a relation that still fails (a cycle of "blocks")
   * rolls the creation back.
   */
  createItem(input: NewItemInput, opts: { position?: 'top' | 'bottom'; label?: string; relations?: readonly NewItemRelation[] } = {}): Item {
    const fields = normaliseFields({ ...emptyFields(), ...given(input) });
    this.checkStatus(fields.status);
    const relations = opts.relations ?? [];
    for (const r of relations) {
      if (r.kind !== 'blocked-by' && !RELATION_KINDS.includes(r.kind)) throw new FlowcastError('invalid_input', `Unknown relation "${String(r.kind)}".`);
      this.requireItem(r.other);
    }
    const at = this.now().toISOString();
    return this.change(opts.label ?? `Create ${fields.title}`, (c) => {
      this.ensureType(fields.type, c);
      const id = this.nextId(fields.type, c);
      const rank = this.edgeRank(fields.status, opts.position ?? 'top');
      c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, at, at]);
      this.touchItem(id);
      this.recording!.items[id].before = null;
      this.writeFields(id, fields, c);
      c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, at]);
      this.index(id, c);
      // Nested changes join this one: one undo step removes the item and its relations.
      for (const r of relations) this.addRelation(id, r.kind, r.other);
      return this.requireItem(id);
    });
  }

  /**
   * Creates many items as ONE undoable change, all-or-nothing: every input is validated first (an
   * invalid one throws, naming its position, and nothing is written). Each item goes to the bottom
   * of its status column, in the given order.
   */
  createItems(inputs: NewItemInput[], opts: { label?: string } = {}): Item[] {
    const prepared = inputs.map((input, i) => {
      let fields: ItemFields;
      try {
        fields = normaliseFields({ ...emptyFields(), ...given(input) });
      } catch (err) {
        throw new FlowcastError('invalid_input', `Item ${i + 1} of ${inputs.length}: ${(err as Error).message}`);
      }
      if (!this.db.query('SELECT 1 FROM statuses WHERE key = ?', [fields.status]).length) {
        throw new FlowcastError('status_unknown', `Item ${i + 1} of ${inputs.length}: unknown status "${fields.status}".`, { status: fields.status });
      }
      return fields;
    });
    if (!prepared.length) return [];
    const at = this.now().toISOString();
    return this.change(opts.label ?? `Create ${prepared.length} item${prepared.length === 1 ? '' : 's'}`, (c) => {
      const ids: string[] = [];
      const last = new Map<string, string | null>();
      for (const fields of prepared) {
        this.ensureType(fields.type, c);
        const id = this.nextId(fields.type, c);
        const prev = last.has(fields.status) ? last.get(fields.status)! : (this.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank DESC LIMIT 1', [fields.status])[0]?.rank ?? null);
        const rank = rankBetween(prev, null);
        last.set(fields.status, rank);
        c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, at, at]);
        this.touchItem(id);
        if (this.recording?.items[id]) this.recording.items[id].before = null;
        this.writeFields(id, fields, c);
        c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, at]);
        this.index(id, c);
        ids.push(id);
      }
      return this.listItems({ ids, includeArchived: true }).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    });
  }

  /** Changes fields of an item. A status change is recorded in the history; the ID never changes. */
  updateItem(id: string, patch: ItemPatch, opts: { label?: string } = {}): Item {
    const current = this.requireItem(id);
    const fields = normaliseFields({ ...current, ...given(patch) });
    if (fields.status !== current.status) this.checkStatus(fields.status);
    const at = this.now().toISOString();
    return this.change(opts.label ?? `Edit ${id}`, (c) => {
      this.touchItem(id);
      this.ensureType(fields.type, c);
      this.unindex(id, c);
      this.writeFields(id, fields, c);
      if (fields.status !== current.status) {
        c.run('UPDATE items SET status = ?, rank = ? WHERE id = ?', [fields.status, this.edgeRank(fields.status, 'bottom', id), id]);
        c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, current.status, fields.status, at]);
      }
      c.run('UPDATE items SET updated_at = ? WHERE id = ?', [at, id]);
      this.index(id, c);
      return this.requireItem(id);
    });
  }

  /** Moves an item to a status and/or an exact place in a column; only its own row is rewritten. */
  moveItem(id: string, target: MoveTarget): Item {
    const current = this.requireItem(id);
    const status = target.status ?? current.status;
    this.checkStatus(status);
    const neighbour = (nid: string) => {
      const n = this.requireItem(nid);
      if (n.status !== status) throw new FlowcastError('invalid_input', `${nid} is not in the target column.`);
      return n;
    };
    let rank: string;
    if (target.before) {
      const b = neighbour(target.before);
      const prev = this.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? AND rank < ? AND id <> ? ORDER BY rank DESC LIMIT 1', [status, b.rank, id])[0];
      rank = rankBetween(prev?.rank ?? null, b.rank);
    } else if (target.after) {
      const a = neighbour(target.after);
      const next = this.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? AND rank > ? AND id <> ? ORDER BY rank ASC LIMIT 1', [status, a.rank, id])[0];
      rank = rankBetween(a.rank, next?.rank ?? null);
    } else if (target.position) {
      rank = this.edgeRank(status, target.position, id);
    } else {
      rank = status === current.status ? current.rank : this.edgeRank(status, 'bottom', id);
    }
    const at = this.now().toISOString();
    return this.change(`Move ${id}`, (c) => {
      this.touchItem(id);
      c.run('UPDATE items SET status = ?, rank = ?, updated_at = ? WHERE id = ?', [status, rank, at, id]);
      if (status !== current.status) c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, current.status, status, at]);
      return this.requireItem(id);
    });
  }

  /**
   * Applies one patch to many items as a single undoable change. Every ID is checked first, so an
   * unknown ID changes nothing. Items moved to another status go to the bottom of that column in
   * their previous relative order. Returns the items that actually changed.
   */
  bulkUpdate(ids: string[], patch: BulkPatch): Item[] {
    const items = [...new Set(ids)].map((id) => this.requireItem(id));
    if (patch.status !== undefined) this.checkStatus(patch.status);
    if (patch.type !== undefined && !this.listTypes().some((t) => t.key === patch.type)) throw new FlowcastError('invalid_input', `Unknown type "${patch.type}".`);
    const fold = normaliseTag;
    const remove = new Set((patch.removeTags ?? []).map(fold));
    // Moved items keep the order the board shows: column by column, then rank.
    const position = new Map(this.listStatuses().map((st, i) => [st.key, i]));
    const ordered =
      patch.status !== undefined
        ? [...items].sort((a, b) => (position.get(a.status) ?? 1e9) - (position.get(b.status) ?? 1e9) || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
        : items;
    return this.change(`Edit ${items.length} item${items.length === 1 ? '' : 's'}`, () => {
      const changed: Item[] = [];
      for (const item of ordered) {
        const p: ItemPatch = {};
        if (patch.status !== undefined && patch.status !== item.status) p.status = patch.status;
        if (patch.type !== undefined && patch.type !== item.type) p.type = patch.type;
        if (patch.priority !== undefined && patch.priority !== item.priority) p.priority = patch.priority;
        if (patch.effort !== undefined && patch.effort !== item.effort) p.effort = patch.effort;
        if (patch.severity !== undefined && patch.severity !== item.severity) p.severity = patch.severity;
        if (patch.addTags?.length || remove.size) {
          const tags = item.tags.filter((t) => !remove.has(fold(t)));
          for (const t of patch.addTags ?? []) if (!tags.some((x) => fold(x) === fold(t))) tags.push(fold(t));
          if (tags.join('\n') !== item.tags.join('\n')) p.tags = tags;
        }
        if (Object.keys(p).length) changed.push(this.updateItem(item.id, p));
      }
      return changed;
    });
  }

  /** Archives items (kept whole: every field, relation and history entry). */
  archiveItems(ids: string[]): Item[] {
    for (const id of ids) this.requireItem(id);
    const at = this.now().toISOString();
    return this.change(ids.length === 1 ? `Archive ${ids[0]}` : `Archive ${ids.length} items`, (c) => {
      for (const id of ids) {
        this.touchItem(id);
        c.run('UPDATE items SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL', [at, at, id]);
      }
      return ids.map((id) => this.requireItem(id));
    });
  }

  restoreItems(ids: string[]): Item[] {
    for (const id of ids) this.requireItem(id);
    const at = this.now().toISOString();
    return this.change(ids.length === 1 ? `Restore ${ids[0]}` : `Restore ${ids.length} items`, (c) => {
      for (const id of ids) {
        this.touchItem(id);
        c.run('UPDATE items SET archived_at = NULL, updated_at = ? WHERE id = ?', [at, id]);
      }
      return ids.map((id) => this.requireItem(id));
    });
  }

  /** Deletes items for good (their numbers are never reissued; undo brings them back). */
  deleteItems(ids: string[]): void {
    for (const id of ids) this.requireItem(id);
    this.change(ids.length === 1 ? `Delete ${ids[0]}` : `Delete ${ids.length} items`, (c) => {
      for (const id of ids) {
        this.touchItem(id);
        for (const r of this.db.query<{ from_id: string; to_id: string }>('SELECT from_id, to_id FROM relations WHERE from_id = ? OR to_id = ?', [id, id])) {
          this.touchItem(r.from_id === id ? r.to_id : r.from_id);
        }
      }
      for (const id of ids) this.deleteRow(id, c);
    });
  }

  // ---------------------------------------------------------------- relations

  /** The path of "blocks" edges from `start` to `goal`, if any (for cycle detection). */
  private blocksPath(start: string, goal: string): string[] | null {
    const prev = new Map<string, string>();
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length) {
      const cur = queue.shift()!;
      if (cur === goal) {
        const path = [goal];
        while (path[0] !== start) path.unshift(prev.get(path[0])!);
        return path;
      }
      for (const r of this.db.query<{ to_id: string }>("SELECT to_id FROM relations WHERE from_id = ? AND kind = 'blocks'", [cur])) {
        if (!seen.has(r.to_id)) {
          seen.add(r.to_id);
          prev.set(r.to_id, cur);
          queue.push(r.to_id);
        }
      }
    }
    return null;
  }

  /** Adds `from kind to` ("blocked-by" is stored as the inverse "blocks"). */
  addRelation(from: string, kind: RelationKind | 'blocked-by', to: string): void {
    if (kind === 'blocked-by') return this.addRelation(to, 'blocks', from);
    if (!RELATION_KINDS.includes(kind)) throw new FlowcastError('invalid_input', `Unknown relation "${String(kind)}".`);
    if (from === to) throw new FlowcastError('invalid_input', 'An item cannot be related to itself.');
    this.requireItem(from);
    this.requireItem(to);
    if (kind === 'blocks') {
      const back = this.blocksPath(to, from);
      if (back) {
        const cycle = [from, ...back].join(' → ');
        throw new FlowcastError('relation_cycle', `${from} cannot block ${to}: that would make a cycle ${cycle}.`, { cycle });
      }
    }
    if (kind === 'relates' && this.db.query("SELECT 1 FROM relations WHERE from_id = ? AND to_id = ? AND kind = 'relates'", [to, from]).length) return;
    this.change(`Link ${from} ${kind} ${to}`, (c) => {
      this.touchItem(from);
      this.touchItem(to);
      c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) VALUES (?, ?, ?)', [from, to, kind]);
    });
  }

  removeRelation(from: string, kind: RelationKind | 'blocked-by', to: string): void {
    if (kind === 'blocked-by') return this.removeRelation(to, 'blocks', from);
    this.change(`Unlink ${from} ${kind} ${to}`, (c) => {
      this.touchItem(from);
      this.touchItem(to);
      c.run('DELETE FROM relations WHERE from_id = ? AND to_id = ? AND kind = ?', [from, to, kind]);
      if (kind === 'relates') c.run("DELETE FROM relations WHERE from_id = ? AND to_id = ? AND kind = 'relates'", [to, from]);
    });
  }

  // ---------------------------------------------------------------- types and statuses

  addType(key: string, label: string, color = '#8b949e'): ItemType {
    const k = key.trim().toUpperCase();
    if (!TYPE_KEY_RE.test(k)) throw new FlowcastError('invalid_input', `"${key}" is not a valid type key (A-Z, digits, _; up to 16 characters).`);
    if (this.db.query('SELECT 1 FROM item_types WHERE key = ?', [k]).length) throw new FlowcastError('invalid_input', `The type ${k} already exists.`);
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new FlowcastError('invalid_input', 'A colour must look like #1a2b3c.');
    const l = cleanLine(label, 60, 'A type label') || k;
    this.change(`Add type ${k}`, (c) => {
      this.touchTable('item_types');
      const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
      c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [k, l, color, pos]);
    });
    return this.listTypes().find((t) => t.key === k)!;
  }

  updateType(key: string, patch: { label?: string; color?: string; hidden?: boolean }): ItemType {
    const t = this.listTypes().find((x) => x.key === key);
    if (!t) throw new FlowcastError('invalid_input', `There is no type ${key}.`);
    if (patch.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(patch.color)) throw new FlowcastError('invalid_input', 'A colour must look like #1a2b3c.');
    this.change(`Edit type ${key}`, (c) => {
      this.touchTable('item_types');
      c.run('UPDATE item_types SET label = ?, color = ?, hidden = ? WHERE key = ?', [
        patch.label !== undefined ? cleanLine(patch.label, 60, 'A type label') || key : t.label,
        patch.color ?? t.color,
        (patch.hidden ?? t.hidden) ? 1 : 0,
        key,
      ]);
    });
    return this.listTypes().find((x) => x.key === key)!;
  }

  /** Sets the positions of every row of a table from `keys` (which must list each row once), undoably. */
  private reorder(table: 'item_types' | 'statuses' | 'saved_views', keyColumn: 'key' | 'id', all: string[], keys: string[], what: string, label: string): void {
    if (keys.length !== all.length || !all.every((k) => keys.includes(k))) throw new FlowcastError('invalid_input', `The new order must list every ${what} once.`);
    this.change(label, (c) => {
      this.touchTable(table);
      keys.forEach((k, i) => c.run(`UPDATE ${table} SET position = ? WHERE ${keyColumn} = ?`, [i, k]));
    });
  }

  reorderTypes(keys: string[]): void {
    this.reorder('item_types', 'key', this.listTypes().map((t) => t.key), keys, 'type', 'Reorder types');
  }

  /** Deletes a type; its items (IDs unchanged) move to `moveTo`, which is required when it has items. */
  deleteType(key: string, moveTo?: string): void {
    const count = Number(this.db.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE type = ?', [key])[0]?.n ?? 0);
    if (count > 0 && (!moveTo || moveTo === key)) throw new FlowcastError('type_in_use', `The type ${key} still has ${count} item(s): choose a type to move them to.`, { key, count });
    if (moveTo && !this.db.query('SELECT 1 FROM item_types WHERE key = ?', [moveTo]).length) throw new FlowcastError('invalid_input', `There is no type ${moveTo}.`);
    const ids = this.db.query<{ id: string }>('SELECT id FROM items WHERE type = ?', [key]).map((r) => r.id);
    this.change(`Delete type ${key}`, (c) => {
      this.touchTable('item_types');
      for (const id of ids) {
        this.touchItem(id);
        c.run('UPDATE items SET type = ? WHERE id = ?', [moveTo!, id]);
      }
      c.run('DELETE FROM item_types WHERE key = ?', [key]);
    });
  }

  addStatus(label: string, category: WorkflowStatus['category'], key?: string): WorkflowStatus {
    const l = cleanLine(label, 60, 'A status name');
    if (!l) throw new FlowcastError('invalid_input', 'A status needs a name.');
    const k =
      key ??
      (l
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .replace(/^(\d)/, 's_$1') || 'status');
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(k)) throw new FlowcastError('invalid_input', `"${k}" is not a valid status key.`);
    if (this.db.query('SELECT 1 FROM statuses WHERE key = ?', [k]).length) throw new FlowcastError('invalid_input', `The status ${k} already exists.`);
    this.change(`Add status ${l}`, (c) => {
      this.touchTable('statuses');
      const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM statuses')[0]?.p ?? 0);
      c.run('INSERT INTO statuses (key, label, category, position, wip_limit) VALUES (?, ?, ?, ?, NULL)', [k, l, category, pos]);
    });
    return this.listStatuses().find((s) => s.key === k)!;
  }

  updateStatus(key: string, patch: { label?: string; category?: WorkflowStatus['category']; wipLimit?: number | null }): WorkflowStatus {
    const s = this.listStatuses().find((x) => x.key === key);
    if (!s) throw new FlowcastError('status_unknown', `Unknown status "${key}".`, { status: key });
    if (patch.wipLimit !== undefined && patch.wipLimit !== null && (!Number.isInteger(patch.wipLimit) || patch.wipLimit < 1)) throw new FlowcastError('invalid_input', 'A WIP limit must be a whole number from 1.');
    this.change(`Edit status ${key}`, (c) => {
      this.touchTable('statuses');
      c.run('UPDATE statuses SET label = ?, category = ?, wip_limit = ? WHERE key = ?', [
        patch.label !== undefined ? cleanLine(patch.label, 60, 'A status name') || s.label : s.label,
        patch.category ?? s.category,
        patch.wipLimit !== undefined ? patch.wipLimit : s.wipLimit,
        key,
      ]);
    });
    return this.listStatuses().find((x) => x.key === key)!;
  }

  reorderStatuses(keys: string[]): void {
    this.reorder('statuses', 'key', this.listStatuses().map((s) => s.key), keys, 'status', 'Reorder statuses');
  }

  /** Deletes a status; its items move to `moveTo` (recorded in their history). */
  deleteStatus(key: string, moveTo?: string): void {
    const statuses = this.listStatuses();
    if (statuses.length <= 1) throw new FlowcastError('invalid_input', 'A workflow needs at least one status.');
    const ids = this.db.query<{ id: string }>('SELECT id FROM items WHERE status = ?', [key]).map((r) => r.id);
    if (ids.length && (!moveTo || moveTo === key)) throw new FlowcastError('status_in_use', `The status ${key} still has ${ids.length} item(s): choose a status to move them to.`, { key, count: ids.length });
    if (moveTo) this.checkStatus(moveTo);
    const at = this.now().toISOString();
    this.change(`Delete status ${key}`, (c) => {
      this.touchTable('statuses');
      for (const id of ids) {
        this.touchItem(id);
        c.run('UPDATE items SET status = ?, rank = ?, updated_at = ? WHERE id = ?', [moveTo!, this.edgeRank(moveTo!, 'bottom', id), at, id]);
        c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, key, moveTo!, at]);
      }
      c.run('DELETE FROM statuses WHERE key = ?', [key]);
    });
  }

  // ---------------------------------------------------------------- templates and saved views

  listTemplates(): { id: string; name: string; fields: Partial<ItemFields> }[] {
    return this.db.query<Row>('SELECT * FROM templates ORDER BY position, name').map((r) => ({ id: String(r.id), name: String(r.name), fields: JSON.parse(String(r.fields)) as Partial<ItemFields> }));
  }

  /** Saves an item's content (not its status, ID or dates) as a template. */
  saveTemplate(name: string, fromItemId: string): { id: string; name: string } {
    const it = this.requireItem(fromItemId);
    const n = cleanLine(name, 80, 'A template name');
    if (!n) throw new FlowcastError('invalid_input', 'A template needs a name.');
    const { id: _id, rank: _r, createdAt: _c, updatedAt: _u, archivedAt: _a, status: _s, ...fields } = it;
    const id = `user:${this.now().getTime().toString(36)}`;
    this.change(`Save template ${n}`, (c) => {
      this.touchTable('templates');
      const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM templates')[0]?.p ?? 0);
      c.run('INSERT INTO templates (id, name, fields, position) VALUES (?, ?, ?, ?)', [id, n, JSON.stringify(fields), pos]);
    });
    return { id, name: n };
  }

  deleteTemplate(id: string): void {
    this.change('Delete template', (c) => {
      this.touchTable('templates');
      c.run('DELETE FROM templates WHERE id = ?', [id]);
    });
  }

  listViews(): { id: string; name: string; query: string }[] {
    return this.db.query<Row>('SELECT * FROM saved_views ORDER BY position, name').map((r) => ({ id: String(r.id), name: String(r.name), query: String(r.filter) }));
  }

  /** A saved view is a named query in the search syntax (e.g. "type:BUG priority:high #ui"). */
  saveView(name: string, query: string): { id: string; name: string; query: string } {
    const n = cleanLine(name, 80, 'A view name');
    if (!n) throw new FlowcastError('invalid_input', 'A view needs a name.');
    const q = cleanLine(query, 1000, 'A view filter');
    const id = `view:${this.now().getTime().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
    this.change(`Save view ${n}`, (c) => {
      this.touchTable('saved_views');
      const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM saved_views')[0]?.p ?? 0);
      c.run('INSERT INTO saved_views (id, name, filter, position) VALUES (?, ?, ?, ?)', [id, n, q, pos]);
    });
    return { id, name: n, query: q };
  }

  renameView(id: string, name: string): void {
    const n = cleanLine(name, 80, 'A view name');
    if (!n) throw new FlowcastError('invalid_input', 'A view needs a name.');
    this.change(`Rename view ${n}`, (c) => {
      this.touchTable('saved_views');
      c.run('UPDATE saved_views SET name = ? WHERE id = ?', [n, id]);
    });
  }

  reorderViews(ids: string[]): void {
    this.reorder('saved_views', 'id', this.listViews().map((v) => v.id), ids, 'view', 'Reorder views');
  }

  deleteView(id: string): void {
    this.change('Delete view', (c) => {
      this.touchTable('saved_views');
      c.run('DELETE FROM saved_views WHERE id = ?', [id]);
    });
  }

  // ---------------------------------------------------------------- import

  /**
   * Imports items all-or-nothing: validates everything first, then writes in one transaction.
   * IDs are kept when free; a taken ID gets a new number (reported in `renamed`); relations
   * follow renamed IDs. Missing types are created.
   */
  importItems(items: PortableItem[], types: { key: string; label: string }[] = []): { created: string[]; renamed: Record<string, string> } {
    const prepared = items.map((it, i) => {
      try {
        const f = normaliseFields(it);
        return { src: it, fields: f };
      } catch (err) {
        throw new FlowcastError('invalid_input', `Item ${i + 1} (${it.id || 'no id'}): ${(err as Error).message}`);
      }
    });
    const knownStatuses = new Set(this.listStatuses().map((s) => s.key));
    for (const p of prepared) if (!knownStatuses.has(p.fields.status)) throw new FlowcastError('status_unknown', `Item ${p.src.id}: unknown status "${p.fields.status}".`, { status: p.fields.status });
    for (const p of prepared) if (p.src.history) checkHistory(p.src.id, p.src.history, p.fields.status, knownStatuses);
    const renamed: Record<string, string> = {};
    const created: string[] = [];
    this.change(`Import ${items.length} items`, (c) => {
      for (const t of types) {
        const k = t.key.toUpperCase();
        if (TYPE_KEY_RE.test(k) && !this.db.query('SELECT 1 FROM item_types WHERE key = ?', [k]).length) {
          this.touchTable('item_types');
          const pos = Number(this.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
          c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [k, cleanLine(t.label, 60, 'A type label') || k, '#8b949e', pos]);
        }
      }
      const ranks = new Map<string, string | null>();
      for (const { src, fields } of prepared) {
        this.ensureType(fields.type, c);
        let id = src.id;
        if (!ITEM_ID_RE.test(id) || this.db.query('SELECT 1 FROM items WHERE id = ?', [id]).length) {
          const m = ITEM_ID_RE.exec(id);
          id = this.nextId(m ? m[1] : fields.type, c);
          if (src.id) renamed[src.id] = id;
        } else this.bumpCounter(id, c);
        const last = ranks.has(fields.status) ? ranks.get(fields.status)! : (this.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank DESC LIMIT 1', [fields.status])[0]?.rank ?? null);
        const rank = rankBetween(last, null);
        ranks.set(fields.status, rank);
        const at = this.now().toISOString();
        c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, src.createdAt || at, src.updatedAt || at, src.archivedAt ?? null]);
        this.touchItem(id);
        if (this.recording?.items[id]) this.recording.items[id].before = null;
        this.writeFields(id, fields, c);
        if (src.history?.length) for (const h of src.history) c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, h.from, h.to, h.at]);
        else c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, src.createdAt || at]);
        this.index(id, c);
        created.push(id);
      }
      const idOf = (x: string) => renamed[x] ?? x;
      for (const { src } of prepared) {
        for (const r of src.relations ?? []) {
          const from = idOf(src.id);
          const to = idOf(r.to);
          if (from === to) continue;
          if (!this.db.query('SELECT 1 FROM items WHERE id = ?', [to]).length) throw new FlowcastError('invalid_input', `Item ${src.id}: its relation points to ${r.to}, which is neither in the file nor in the backlog.`);
          if (r.kind === 'blocks') {
            const back = this.blocksPath(to, from);
            if (back) throw new FlowcastError('relation_cycle', `Importing would create a cycle of "blocks": ${[from, ...back].join(' → ')}.`, { cycle: [from, ...back].join(' → ') });
          }
          c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) VALUES (?, ?, ?)', [from, to, r.kind]);
        }
      }
    });
    return { created, renamed };
  }
}

/**
 * Checks an imported status history before anything is written: ISO times in order, known
 * statuses, each change starting where the previous one ended, the last one at the item's status.
 */
function checkHistory(itemId: string, history: readonly StatusChange[], status: string, known: ReadonlySet<string>): void {
  const bad = (i: number, what: string) => new FlowcastError('invalid_input', `Item ${itemId}: history[${i}] ${what}.`);
  let prev: StatusChange | undefined;
  history.forEach((h, i) => {
    if (!known.has(h.to)) throw bad(i, `has an unknown status "${h.to}"`);
    if (typeof h.at !== 'string' || Number.isNaN(Date.parse(h.at))) throw bad(i, `has no valid time ("at")`);
    if (prev ? h.from !== prev.to : h.from !== null) throw bad(i, `"from" must be ${prev ? `"${prev.to}"` : 'null'}`);
    if (prev && Date.parse(h.at) < Date.parse(prev.at)) throw bad(i, `is earlier than the change before it`);
    prev = h;
  });
  if (prev && prev.to !== status) throw new FlowcastError('invalid_input', `Item ${itemId}: its history ends at "${prev.to}", not at its status "${status}".`);
}
