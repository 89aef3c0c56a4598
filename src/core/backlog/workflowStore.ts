// The workflow of a backlog: its item types and statuses (list, add, edit, reorder, delete).
// Every change is one undoable step; deleting a type or status moves its items first.
import { FlowcastError } from '../util/errors';
import type { BacklogDatabase } from '../storage/database';
import { type ItemType, TYPE_KEY_RE, type WorkflowStatus } from './model';
import { cleanLine } from './fieldRules';
import type { RepoContext, Row } from './repositoryTypes';
import { checkStatus, edgeRank } from './rowWrites';

export function listTypes(db: BacklogDatabase): ItemType[] {
  return db.query<Row>('SELECT * FROM item_types ORDER BY position, key').map((r) => ({ key: String(r.key), label: String(r.label), color: String(r.color), position: Number(r.position), hidden: Number(r.hidden) === 1 }));
}

export function listStatuses(db: BacklogDatabase): WorkflowStatus[] {
  return db
    .query<Row>('SELECT * FROM statuses ORDER BY position, key')
    .map((r) => ({ key: String(r.key), label: String(r.label), category: r.category as WorkflowStatus['category'], position: Number(r.position), wipLimit: r.wip_limit === null ? null : Number(r.wip_limit) }));
}

export function addType(ctx: RepoContext, key: string, label: string, color = '#8b949e'): ItemType {
  const k = key.trim().toUpperCase();
  if (!TYPE_KEY_RE.test(k)) throw new FlowcastError('invalid_input', `"${key}" is not a valid type key (A-Z, digits, _; up to 16 characters).`);
  if (ctx.db.query('SELECT 1 FROM item_types WHERE key = ?', [k]).length) throw new FlowcastError('invalid_input', `The type ${k} already exists.`);
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new FlowcastError('invalid_input', 'A colour must look like #1a2b3c.');
  const l = cleanLine(label, 60, 'A type label') || k;
  ctx.undo.change(`Add type ${k}`, (c) => {
    ctx.undo.touchTable('item_types');
    const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
    c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [k, l, color, pos]);
  });
  return listTypes(ctx.db).find((t) => t.key === k)!;
}

export function updateType(ctx: RepoContext, key: string, patch: { label?: string; color?: string; hidden?: boolean }): ItemType {
  const t = listTypes(ctx.db).find((x) => x.key === key);
  if (!t) throw new FlowcastError('invalid_input', `There is no type ${key}.`);
  if (patch.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(patch.color)) throw new FlowcastError('invalid_input', 'A colour must look like #1a2b3c.');
  ctx.undo.change(`Edit type ${key}`, (c) => {
    ctx.undo.touchTable('item_types');
    c.run('UPDATE item_types SET label = ?, color = ?, hidden = ? WHERE key = ?', [
      patch.label !== undefined ? cleanLine(patch.label, 60, 'A type label') || key : t.label,
      patch.color ?? t.color,
      (patch.hidden ?? t.hidden) ? 1 : 0,
      key,
    ]);
  });
  return listTypes(ctx.db).find((x) => x.key === key)!;
}

/** Sets the positions of every row of a table from `keys` (which must list each row once), undoably. */
export function reorder(ctx: RepoContext, table: 'item_types' | 'statuses' | 'saved_views', keyColumn: 'key' | 'id', all: string[], keys: string[], what: string, label: string): void {
  if (keys.length !== all.length || !all.every((k) => keys.includes(k))) throw new FlowcastError('invalid_input', `The new order must list every ${what} once.`);
  ctx.undo.change(label, (c) => {
    ctx.undo.touchTable(table);
    keys.forEach((k, i) => c.run(`UPDATE ${table} SET position = ? WHERE ${keyColumn} = ?`, [i, k]));
  });
}

export function reorderTypes(ctx: RepoContext, keys: string[]): void {
  reorder(ctx, 'item_types', 'key', listTypes(ctx.db).map((t) => t.key), keys, 'type', 'Reorder types');
}

/** Deletes a type; its items (IDs unchanged) move to `moveTo`, which is required when it has items. */
export function deleteType(ctx: RepoContext, key: string, moveTo?: string): void {
  const count = Number(ctx.db.query<{ n: number }>('SELECT count(*) AS n FROM items WHERE type = ?', [key])[0]?.n ?? 0);
  if (count > 0 && (!moveTo || moveTo === key)) throw new FlowcastError('type_in_use', `The type ${key} still has ${count} item(s): choose a type to move them to.`, { key, count });
  if (moveTo && !ctx.db.query('SELECT 1 FROM item_types WHERE key = ?', [moveTo]).length) throw new FlowcastError('invalid_input', `There is no type ${moveTo}.`);
  const ids = ctx.db.query<{ id: string }>('SELECT id FROM items WHERE type = ?', [key]).map((r) => r.id);
  ctx.undo.change(`Delete type ${key}`, (c) => {
    ctx.undo.touchTable('item_types');
    for (const id of ids) {
      ctx.undo.touchItem(id);
      c.run('UPDATE items SET type = ? WHERE id = ?', [moveTo!, id]);
    }
    c.run('DELETE FROM item_types WHERE key = ?', [key]);
  });
}

export function addStatus(ctx: RepoContext, label: string, category: WorkflowStatus['category'], key?: string): WorkflowStatus {
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
  if (ctx.db.query('SELECT 1 FROM statuses WHERE key = ?', [k]).length) throw new FlowcastError('invalid_input', `The status ${k} already exists.`);
  ctx.undo.change(`Add status ${l}`, (c) => {
    ctx.undo.touchTable('statuses');
    const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM statuses')[0]?.p ?? 0);
    c.run('INSERT INTO statuses (key, label, category, position, wip_limit) VALUES (?, ?, ?, ?, NULL)', [k, l, category, pos]);
  });
  return listStatuses(ctx.db).find((s) => s.key === k)!;
}

export function updateStatus(ctx: RepoContext, key: string, patch: { label?: string; category?: WorkflowStatus['category']; wipLimit?: number | null }): WorkflowStatus {
  const s = listStatuses(ctx.db).find((x) => x.key === key);
  if (!s) throw new FlowcastError('status_unknown', `Unknown status "${key}".`, { status: key });
  if (patch.wipLimit !== undefined && patch.wipLimit !== null && (!Number.isInteger(patch.wipLimit) || patch.wipLimit < 1)) throw new FlowcastError('invalid_input', 'A WIP limit must be a whole number from 1.');
  ctx.undo.change(`Edit status ${key}`, (c) => {
    ctx.undo.touchTable('statuses');
    c.run('UPDATE statuses SET label = ?, category = ?, wip_limit = ? WHERE key = ?', [
      patch.label !== undefined ? cleanLine(patch.label, 60, 'A status name') || s.label : s.label,
      patch.category ?? s.category,
      patch.wipLimit !== undefined ? patch.wipLimit : s.wipLimit,
      key,
    ]);
  });
  return listStatuses(ctx.db).find((x) => x.key === key)!;
}

export function reorderStatuses(ctx: RepoContext, keys: string[]): void {
  reorder(ctx, 'statuses', 'key', listStatuses(ctx.db).map((s) => s.key), keys, 'status', 'Reorder statuses');
}

/** Deletes a status; its items move to `moveTo` (recorded in their history). */
export function deleteStatus(ctx: RepoContext, key: string, moveTo?: string): void {
  const statuses = listStatuses(ctx.db);
  if (statuses.length <= 1) throw new FlowcastError('invalid_input', 'A workflow needs at least one status.');
  const ids = ctx.db.query<{ id: string }>('SELECT id FROM items WHERE status = ?', [key]).map((r) => r.id);
  if (ids.length && (!moveTo || moveTo === key)) throw new FlowcastError('status_in_use', `The status ${key} still has ${ids.length} item(s): choose a status to move them to.`, { key, count: ids.length });
  if (moveTo) checkStatus(ctx.db, moveTo);
  const at = ctx.now().toISOString();
  ctx.undo.change(`Delete status ${key}`, (c) => {
    ctx.undo.touchTable('statuses');
    for (const id of ids) {
      ctx.undo.touchItem(id);
      c.run('UPDATE items SET status = ?, rank = ?, updated_at = ? WHERE id = ?', [moveTo!, edgeRank(ctx.db, moveTo!, 'bottom', id), at, id]);
      c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, key, moveTo!, at]);
    }
    c.run('DELETE FROM statuses WHERE key = ?', [key]);
  });
}
