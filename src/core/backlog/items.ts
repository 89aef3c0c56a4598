// Item rows. This layer enforces the rules that must hold whatever UI calls it:
// IDs from a per-type counter that never goes back, status changes recorded in history.
import type { ItemSummary } from '../protocol/messages';
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import { rankBetween } from '../util/rank';
import { DEFAULT_STATUS, DEFAULT_STATUSES, DEFAULT_TYPE } from './workflow';

export interface NewItem {
  title: string;
  type?: string;
  status?: string;
}

interface ItemRow {
  id: string;
  type: string;
  title: string;
  status: string;
  rank: string;
  created_at: string;
  updated_at: string;
}

const TYPE_RE = /^[A-Z][A-Z0-9_]{0,15}$/;

function toSummary(r: ItemRow): ItemSummary {
  return { id: r.id, type: r.type, title: r.title, status: r.status, rank: r.rank, createdAt: r.created_at, updatedAt: r.updated_at };
}

function checkStatus(status: string): void {
  if (!DEFAULT_STATUSES.some((s) => s.key === status)) {
    throw new FlowcastError('status_unknown', `Unknown status "${status}".`, { status });
  }
}

export function formatItemId(type: string, n: number): string {
  return `${type}-${String(n).padStart(3, '0')}`;
}

/** Creates an item at the top of its status column. */
export function createItem(db: BacklogDatabase, input: NewItem, now = new Date()): ItemSummary {
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new FlowcastError('invalid_input', 'An item needs a title.');
  if (title.length > 300) throw new FlowcastError('invalid_input', 'An item title can have at most 300 characters.');
  const type = (input.type ?? DEFAULT_TYPE).toUpperCase();
  if (!TYPE_RE.test(type)) throw new FlowcastError('invalid_input', `"${type}" is not a valid item type (A-Z, digits, _; up to 16 characters).`);
  const status = input.status ?? DEFAULT_STATUS;
  checkStatus(status);
  const at = now.toISOString();
  return db.write((c) => {
    const counter = db.query<{ next: number }>('SELECT next FROM id_counters WHERE type = ?', [type])[0];
    // The counter only goes up; skip numbers that exist anyway (e.g. imported IDs).
    let n = counter?.next ?? 1;
    while (db.query('SELECT 1 FROM items WHERE id = ?', [formatItemId(type, n)]).length) n++;
    const id = formatItemId(type, n);
    c.run('INSERT INTO id_counters (type, next) VALUES (?, ?) ON CONFLICT(type) DO UPDATE SET next = excluded.next', [type, n + 1]);
    const first = db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank LIMIT 1', [status])[0];
    const rank = rankBetween(null, first?.rank ?? null);
    c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, type, title, status, rank, at, at]);
    c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, status, at]);
    return { id, type, title, status, rank, createdAt: at, updatedAt: at };
  });
}

export function getItem(db: BacklogDatabase, id: string): ItemSummary | undefined {
  const row = db.query<ItemRow>('SELECT * FROM items WHERE id = ?', [id])[0];
  return row ? toSummary(row) : undefined;
}

export function listItems(db: BacklogDatabase): ItemSummary[] {
  return db.query<ItemRow>('SELECT * FROM items ORDER BY status, rank').map(toSummary);
}

export interface ItemPatch {
  title?: string;
  status?: string;
}

/** Updates title and/or status; a status change goes to the bottom of the target column. */
export function updateItem(db: BacklogDatabase, id: string, patch: ItemPatch, now = new Date()): ItemSummary {
  const current = getItem(db, id);
  if (!current) throw new FlowcastError('item_not_found', `There is no item ${id}.`, { id });
  const title = patch.title === undefined ? current.title : patch.title.replace(/\s+/g, ' ').trim();
  if (!title) throw new FlowcastError('invalid_input', 'An item needs a title.');
  if (title.length > 300) throw new FlowcastError('invalid_input', 'An item title can have at most 300 characters.');
  const status = patch.status ?? current.status;
  checkStatus(status);
  const at = now.toISOString();
  return db.write((c) => {
    let rank = current.rank;
    if (status !== current.status) {
      const last = db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank DESC LIMIT 1', [status])[0];
      rank = rankBetween(last?.rank ?? null, null);
      c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, current.status, status, at]);
    }
    c.run('UPDATE items SET title = ?, status = ?, rank = ?, updated_at = ? WHERE id = ?', [title, status, rank, at, id]);
    return { ...current, title, status, rank, updatedAt: at };
  });
}

export interface StatusChange {
  itemId: string;
  from: string | null;
  to: string;
  at: string;
}

export function statusHistory(db: BacklogDatabase, id: string): StatusChange[] {
  return db
    .query<{ item_id: string; from_status: string | null; to_status: string; at: string }>('SELECT * FROM status_history WHERE item_id = ? ORDER BY seq', [id])
    .map((r) => ({ itemId: r.item_id, from: r.from_status, to: r.to_status, at: r.at }));
}
