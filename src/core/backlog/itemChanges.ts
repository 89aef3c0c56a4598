// Changes to items: create (one or many), edit, move, bulk edit, archive, restore and delete.
// Each is one undoable change; a status change is recorded in the item's history.
import { FlowcastError } from '../util/errors';
import { rankBetween } from '../util/rank';
import { emptyFields, type ExternalLink, type Item, type ItemFields, RELATION_KINDS } from './model';
import { ExternalLinkSchema } from '../io/validate';
import { given, normaliseFields, normaliseTag } from './fieldRules';
import { listItems, requireItem } from './itemQueries';
import { addRelation } from './relationChanges';
import type { BulkPatch, ItemPatch, MoveTarget, NewItemInput, NewItemRelation, RepoContext } from './repositoryTypes';
import { checkStatus, deleteRow, edgeRank, ensureType, index, nextId, unindex, writeFields } from './rowWrites';
import { listStatuses, listTypes } from './workflowStore';

/**
 * Creates an item. Quick capture puts it at the top of its column; others at the bottom.
 * `relations` are added in the same undoable change, all or nothing: every target must exist
 * (checked before anything is written), and a relation that still fails (a cycle of "blocks")
 * rolls the creation back.
 */
export function createItem(ctx: RepoContext, input: NewItemInput, opts: { position?: 'top' | 'bottom'; label?: string; relations?: readonly NewItemRelation[] } = {}): Item {
  const fields = normaliseFields({ ...emptyFields(), ...given(input) });
  checkStatus(ctx.db, fields.status);
  const relations = opts.relations ?? [];
  for (const r of relations) {
    if (r.kind !== 'blocked-by' && !RELATION_KINDS.includes(r.kind)) throw new FlowcastError('invalid_input', `Unknown relation "${String(r.kind)}".`);
    requireItem(ctx.db, r.other);
  }
  const at = ctx.now().toISOString();
  return ctx.undo.change(opts.label ?? `Create ${fields.title}`, (c) => {
    ensureType(ctx, fields.type, c);
    const id = nextId(ctx.db, fields.type, c);
    const rank = edgeRank(ctx.db, fields.status, opts.position ?? 'top');
    c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, at, at]);
    ctx.undo.touchItem(id);
    ctx.undo.recording!.items[id].before = null;
    writeFields(id, fields, c);
    c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, at]);
    index(ctx.db, id, c);
    // Nested changes join this one: one undo step removes the item and its relations.
    for (const r of relations) addRelation(ctx, id, r.kind, r.other);
    return requireItem(ctx.db, id);
  });
}

/**
 * Creates many items as ONE undoable change, all-or-nothing: every input is validated first (an
 * invalid one throws, naming its position, and nothing is written). Each item goes to the bottom
 * of its status column, in the given order.
 */
export function createItems(ctx: RepoContext, inputs: NewItemInput[], opts: { label?: string } = {}): Item[] {
  const prepared = inputs.map((input, i) => {
    let fields: ItemFields;
    try {
      fields = normaliseFields({ ...emptyFields(), ...given(input) });
    } catch (err) {
      throw new FlowcastError('invalid_input', `Item ${i + 1} of ${inputs.length}: ${(err as Error).message}`);
    }
    if (!ctx.db.query('SELECT 1 FROM statuses WHERE key = ?', [fields.status]).length) {
      throw new FlowcastError('status_unknown', `Item ${i + 1} of ${inputs.length}: unknown status "${fields.status}".`, { status: fields.status });
    }
    return fields;
  });
  if (!prepared.length) return [];
  const at = ctx.now().toISOString();
  return ctx.undo.change(opts.label ?? `Create ${prepared.length} item${prepared.length === 1 ? '' : 's'}`, (c) => {
    const ids: string[] = [];
    const last = new Map<string, string | null>();
    for (const fields of prepared) {
      ensureType(ctx, fields.type, c);
      const id = nextId(ctx.db, fields.type, c);
      const prev = last.has(fields.status) ? last.get(fields.status)! : (ctx.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank DESC LIMIT 1', [fields.status])[0]?.rank ?? null);
      const rank = rankBetween(prev, null);
      last.set(fields.status, rank);
      c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, at, at]);
      ctx.undo.touchItem(id);
      if (ctx.undo.recording?.items[id]) ctx.undo.recording.items[id].before = null;
      writeFields(id, fields, c);
      c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, at]);
      index(ctx.db, id, c);
      ids.push(id);
    }
    return listItems(ctx.db, { ids, includeArchived: true }).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  });
}

/** Changes fields of an item. A status change is recorded in the history; the ID never changes. */
export function updateItem(ctx: RepoContext, id: string, patch: ItemPatch, opts: { label?: string } = {}): Item {
  const current = requireItem(ctx.db, id);
  const fields = normaliseFields({ ...current, ...given(patch) });
  if (fields.status !== current.status) checkStatus(ctx.db, fields.status);
  const at = ctx.now().toISOString();
  return ctx.undo.change(opts.label ?? `Edit ${id}`, (c) => {
    ctx.undo.touchItem(id);
    ensureType(ctx, fields.type, c);
    unindex(ctx.db, id, c);
    writeFields(id, fields, c);
    if (fields.status !== current.status) {
      c.run('UPDATE items SET status = ?, rank = ? WHERE id = ?', [fields.status, edgeRank(ctx.db, fields.status, 'bottom', id), id]);
      c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, current.status, fields.status, at]);
    }
    c.run('UPDATE items SET updated_at = ? WHERE id = ?', [at, id]);
    index(ctx.db, id, c);
    return requireItem(ctx.db, id);
  });
}

/** Moves an item to a status and/or an exact place in a column; only its own row is rewritten. */
export function moveItem(ctx: RepoContext, id: string, target: MoveTarget): Item {
  const current = requireItem(ctx.db, id);
  const status = target.status ?? current.status;
  checkStatus(ctx.db, status);
  const neighbour = (nid: string) => {
    const n = requireItem(ctx.db, nid);
    if (n.status !== status) throw new FlowcastError('invalid_input', `${nid} is not in the target column.`);
    return n;
  };
  let rank: string;
  if (target.before) {
    const b = neighbour(target.before);
    const prev = ctx.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? AND rank < ? AND id <> ? ORDER BY rank DESC LIMIT 1', [status, b.rank, id])[0];
    rank = rankBetween(prev?.rank ?? null, b.rank);
  } else if (target.after) {
    const a = neighbour(target.after);
    const next = ctx.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? AND rank > ? AND id <> ? ORDER BY rank ASC LIMIT 1', [status, a.rank, id])[0];
    rank = rankBetween(a.rank, next?.rank ?? null);
  } else if (target.position) {
    rank = edgeRank(ctx.db, status, target.position, id);
  } else {
    rank = status === current.status ? current.rank : edgeRank(ctx.db, status, 'bottom', id);
  }
  const at = ctx.now().toISOString();
  return ctx.undo.change(`Move ${id}`, (c) => {
    ctx.undo.touchItem(id);
    c.run('UPDATE items SET status = ?, rank = ?, updated_at = ? WHERE id = ?', [status, rank, at, id]);
    if (status !== current.status) c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, current.status, status, at]);
    return requireItem(ctx.db, id);
  });
}

/**
 * Applies one patch to many items as a single undoable change. Every ID is checked first, so an
 * unknown ID changes nothing. Items moved to another status go to the bottom of that column in
 * their previous relative order. Returns the items that actually changed.
 */
export function bulkUpdate(ctx: RepoContext, ids: string[], patch: BulkPatch): Item[] {
  const items = [...new Set(ids)].map((id) => requireItem(ctx.db, id));
  if (patch.status !== undefined) checkStatus(ctx.db, patch.status);
  if (patch.type !== undefined && !listTypes(ctx.db).some((t) => t.key === patch.type)) throw new FlowcastError('invalid_input', `Unknown type "${patch.type}".`);
  const fold = normaliseTag;
  const remove = new Set((patch.removeTags ?? []).map(fold));
  // Moved items keep the order the board shows: column by column, then rank.
  const position = new Map(listStatuses(ctx.db).map((st, i) => [st.key, i]));
  const ordered =
    patch.status !== undefined
      ? [...items].sort((a, b) => (position.get(a.status) ?? 1e9) - (position.get(b.status) ?? 1e9) || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      : items;
  return ctx.undo.change(`Edit ${items.length} item${items.length === 1 ? '' : 's'}`, () => {
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
      if (Object.keys(p).length) changed.push(updateItem(ctx, item.id, p));
    }
    return changed;
  });
}

/** Archives items (kept whole: every field, relation and history entry). */
export function archiveItems(ctx: RepoContext, ids: string[]): Item[] {
  for (const id of ids) requireItem(ctx.db, id);
  const at = ctx.now().toISOString();
  return ctx.undo.change(ids.length === 1 ? `Archive ${ids[0]}` : `Archive ${ids.length} items`, (c) => {
    for (const id of ids) {
      ctx.undo.touchItem(id);
      c.run('UPDATE items SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL', [at, at, id]);
    }
    return ids.map((id) => requireItem(ctx.db, id));
  });
}

export function restoreItems(ctx: RepoContext, ids: string[]): Item[] {
  for (const id of ids) requireItem(ctx.db, id);
  const at = ctx.now().toISOString();
  return ctx.undo.change(ids.length === 1 ? `Restore ${ids[0]}` : `Restore ${ids.length} items`, (c) => {
    for (const id of ids) {
      ctx.undo.touchItem(id);
      c.run('UPDATE items SET archived_at = NULL, updated_at = ? WHERE id = ?', [at, id]);
    }
    return ids.map((id) => requireItem(ctx.db, id));
  });
}

/** Deletes items for good (their numbers are never reissued; undo brings them back). */
export function deleteItems(ctx: RepoContext, ids: string[]): void {
  for (const id of ids) requireItem(ctx.db, id);
  ctx.undo.change(ids.length === 1 ? `Delete ${ids[0]}` : `Delete ${ids.length} items`, (c) => {
    for (const id of ids) {
      ctx.undo.touchItem(id);
      for (const r of ctx.db.query<{ from_id: string; to_id: string }>('SELECT from_id, to_id FROM relations WHERE from_id = ? OR to_id = ?', [id, id])) {
        ctx.undo.touchItem(r.from_id === id ? r.to_id : r.from_id);
      }
    }
    for (const id of ids) deleteRow(ctx.db, id, c);
  });
}

/**
 * Stores the work items items were published as (one undoable change; a null link unlinks). The
 * link is validated: a work item number and an https address (http only on a loopback host).
 */
export function setExternalLinks(ctx: RepoContext, links: readonly { itemId: string; link: ExternalLink | null }[]): Item[] {
  for (const l of links) {
    requireItem(ctx.db, l.itemId);
    if (l.link !== null) {
      const r = ExternalLinkSchema.safeParse(l.link);
      if (!r.success) throw new FlowcastError('invalid_input', `${l.itemId}: the work item link ${r.error.issues[0].path.join('.') || 'link'} ${r.error.issues[0].message}.`, { field: `link.${r.error.issues[0].path.join('.')}` });
    }
  }
  if (!links.length) return [];
  const at = ctx.now().toISOString();
  return ctx.undo.change(links.length === 1 ? `Link ${links[0].itemId} to its work item` : `Link ${links.length} items to their work items`, (c) => {
    for (const l of links) {
      ctx.undo.touchItem(l.itemId);
      c.run('UPDATE items SET external = ?, updated_at = ? WHERE id = ?', [l.link ? JSON.stringify({ system: l.link.system, id: l.link.id, url: l.link.url }) : null, at, l.itemId]);
    }
    return links.map((l) => requireItem(ctx.db, l.itemId));
  });
}
