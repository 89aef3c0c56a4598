// User templates (an item's content saved under a name) and saved views (a named search query):
// list, save, rename, reorder and delete, each as one undoable change.
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import type { ItemFields } from './model';
import { cleanLine } from './fieldRules';
import { requireItem } from './itemQueries';
import type { RepoContext, Row } from './repositoryTypes';
import { reorder } from './workflowStore';

export function listTemplates(db: BacklogDatabase): { id: string; name: string; fields: Partial<ItemFields> }[] {
  return db.query<Row>('SELECT * FROM templates ORDER BY position, name').map((r) => ({ id: String(r.id), name: String(r.name), fields: JSON.parse(String(r.fields)) as Partial<ItemFields> }));
}

/** Saves an item's content (not its status, ID or dates) as a template. */
export function saveTemplate(ctx: RepoContext, name: string, fromItemId: string): { id: string; name: string } {
  const it = requireItem(ctx.db, fromItemId);
  const n = cleanLine(name, 80, 'A template name');
  if (!n) throw new FlowcastError('invalid_input', 'A template needs a name.');
  const { id: _id, rank: _r, createdAt: _c, updatedAt: _u, archivedAt: _a, status: _s, ...fields } = it;
  const id = `user:${ctx.now().getTime().toString(36)}`;
  ctx.undo.change(`Save template ${n}`, (c) => {
    ctx.undo.touchTable('templates');
    const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM templates')[0]?.p ?? 0);
    c.run('INSERT INTO templates (id, name, fields, position) VALUES (?, ?, ?, ?)', [id, n, JSON.stringify(fields), pos]);
  });
  return { id, name: n };
}

export function deleteTemplate(ctx: RepoContext, id: string): void {
  ctx.undo.change('Delete template', (c) => {
    ctx.undo.touchTable('templates');
    c.run('DELETE FROM templates WHERE id = ?', [id]);
  });
}

export function listViews(db: BacklogDatabase): { id: string; name: string; query: string }[] {
  return db.query<Row>('SELECT * FROM saved_views ORDER BY position, name').map((r) => ({ id: String(r.id), name: String(r.name), query: String(r.filter) }));
}

/** A saved view is a named query in the search syntax (e.g. "type:BUG priority:high #ui"). */
export function saveView(ctx: RepoContext, name: string, query: string): { id: string; name: string; query: string } {
  const n = cleanLine(name, 80, 'A view name');
  if (!n) throw new FlowcastError('invalid_input', 'A view needs a name.');
  const q = cleanLine(query, 1000, 'A view filter');
  const id = `view:${ctx.now().getTime().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  ctx.undo.change(`Save view ${n}`, (c) => {
    ctx.undo.touchTable('saved_views');
    const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM saved_views')[0]?.p ?? 0);
    c.run('INSERT INTO saved_views (id, name, filter, position) VALUES (?, ?, ?, ?)', [id, n, q, pos]);
  });
  return { id, name: n, query: q };
}

export function renameView(ctx: RepoContext, id: string, name: string): void {
  const n = cleanLine(name, 80, 'A view name');
  if (!n) throw new FlowcastError('invalid_input', 'A view needs a name.');
  ctx.undo.change(`Rename view ${n}`, (c) => {
    ctx.undo.touchTable('saved_views');
    c.run('UPDATE saved_views SET name = ? WHERE id = ?', [n, id]);
  });
}

export function reorderViews(ctx: RepoContext, ids: string[]): void {
  reorder(ctx, 'saved_views', 'id', listViews(ctx.db).map((v) => v.id), ids, 'view', 'Reorder views');
}

export function deleteView(ctx: RepoContext, id: string): void {
  ctx.undo.change('Delete view', (c) => {
    ctx.undo.touchTable('saved_views');
    c.run('DELETE FROM saved_views WHERE id = ?', [id]);
  });
}
