// Low-level row writes shared by every item change: the full-text index entry, the stored fields
// and tags, status and type checks, ranks at a column's edge and the per-type ID counters.
import type { Database } from 'sql.js';
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import { rankBetween } from '../util/rank';
import { type ItemFields, ITEM_ID_RE } from './model';
import type { RepoContext } from './repositoryTypes';

/** The fields stored together as JSON in the `lists` column. */
export const LIST_KEYS = ['specs', 'reproSteps', 'criteria', 'dependencies', 'constraints', 'attachments', 'links'] as const;

export function formatItemId(type: string, n: number): string {
  return `${type}-${String(n).padStart(3, '0')}`;
}

// The full-text index reads its text from the items_text view (external content). So its entry
// must be removed BEFORE a row's text changes (FTS4 reads the old text to unindex it) and added
// again after: unindex() ... change ... index().

export function deleteRow(db: BacklogDatabase, id: string, c: Database): void {
  const r = db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
  if (!r) return;
  c.run('DELETE FROM items_fts WHERE docid = ?', [r.rid]);
  c.run('DELETE FROM items WHERE id = ?', [id]);
}

export function unindex(db: BacklogDatabase, id: string, c: Database): void {
  const r = db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
  if (r) c.run('DELETE FROM items_fts WHERE docid = ?', [r.rid]);
}

export function index(db: BacklogDatabase, id: string, c: Database): void {
  // Bind the rowid as a value: never compute it inside the INSERT ... SELECT (last_insert_rowid()
  // changes while FTS4 writes its own tables, which would index the wrong rows).
  const r = db.query<{ rid: number }>('SELECT rowid AS rid FROM items WHERE id = ?', [id])[0];
  if (r) c.run('INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = ?', [r.rid]);
}

export function writeFields(id: string, f: ItemFields, c: Database): void {
  const lists: Record<string, unknown> = {};
  for (const k of LIST_KEYS) lists[k] = f[k];
  c.run(
    'UPDATE items SET type = ?, title = ?, emoji = ?, severity = ?, priority = ?, effort = ?, component = ?, description = ?, user_story = ?, lists = ?, target_date = ? WHERE id = ?',
    [f.type, f.title, f.emoji, f.severity, f.priority, f.effort, f.component, f.description, f.userStory, JSON.stringify(lists), f.targetDate, id],
  );
  c.run('DELETE FROM item_tags WHERE item_id = ?', [id]);
  f.tags.forEach((t, i) => c.run('INSERT INTO item_tags (item_id, tag, position) VALUES (?, ?, ?)', [id, t, i]));
}

export function checkStatus(db: BacklogDatabase, status: string): void {
  if (!db.query('SELECT 1 FROM statuses WHERE key = ?', [status]).length) throw new FlowcastError('status_unknown', `Unknown status "${status}".`, { status });
}

export function ensureType(ctx: RepoContext, type: string, c: Database): void {
  if (ctx.db.query('SELECT 1 FROM item_types WHERE key = ?', [type]).length) return;
  ctx.undo.touchTable('item_types');
  const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
  c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [type, type, '#8b949e', pos]);
}

export function edgeRank(db: BacklogDatabase, status: string, where: 'top' | 'bottom', exclude?: string): string {
  const r = db.query<{ rank: string }>(`SELECT rank FROM items WHERE status = ? AND id <> ? ORDER BY rank ${where === 'top' ? 'ASC' : 'DESC'} LIMIT 1`, [status, exclude ?? ''])[0];
  return where === 'top' ? rankBetween(null, r?.rank ?? null) : rankBetween(r?.rank ?? null, null);
}

export function nextId(db: BacklogDatabase, type: string, c: Database): string {
  const counter = db.query<{ next: number }>('SELECT next FROM id_counters WHERE type = ?', [type])[0];
  let n = counter?.next ?? 1;
  while (db.query('SELECT 1 FROM items WHERE id = ?', [formatItemId(type, n)]).length) n++;
  c.run('INSERT INTO id_counters (type, next) VALUES (?, ?) ON CONFLICT(type) DO UPDATE SET next = excluded.next', [type, n + 1]);
  return formatItemId(type, n);
}

/** Makes sure the counter of an ID's prefix is past that ID (imported IDs are never reissued). */
export function bumpCounter(id: string, c: Database): void {
  const m = ITEM_ID_RE.exec(id);
  if (!m) return;
  c.run('INSERT INTO id_counters (type, next) VALUES (?, ?) ON CONFLICT(type) DO UPDATE SET next = max(next, excluded.next)', [m[1], Number(m[2]) + 1]);
}
