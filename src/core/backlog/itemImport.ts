// Importing items into a backlog, all-or-nothing: everything is validated first (fields, statuses,
// status histories), then written in one undoable change with IDs kept when free.
import { FlowcastError } from '../util/errors';
import { rankBetween } from '../util/rank';
import { ITEM_ID_RE, type PortableItem, type StatusChange, TYPE_KEY_RE } from './model';
import { cleanLine, normaliseFields } from './fieldRules';
import { blocksPath } from './relationChanges';
import type { RepoContext } from './repositoryTypes';
import { bumpCounter, ensureType, index, nextId, writeFields } from './rowWrites';
import { listStatuses } from './workflowStore';

/**
 * Imports items all-or-nothing: validates everything first, then writes in one transaction.
 * IDs are kept when free; a taken ID gets a new number (reported in `renamed`); relations
 * follow renamed IDs. Missing types are created.
 */
export function importItems(ctx: RepoContext, items: PortableItem[], types: { key: string; label: string }[] = []): { created: string[]; renamed: Record<string, string> } {
  const prepared = items.map((it, i) => {
    try {
      const f = normaliseFields(it);
      return { src: it, fields: f };
    } catch (err) {
      throw new FlowcastError('invalid_input', `Item ${i + 1} (${it.id || 'no id'}): ${(err as Error).message}`);
    }
  });
  const knownStatuses = new Set(listStatuses(ctx.db).map((s) => s.key));
  for (const p of prepared) if (!knownStatuses.has(p.fields.status)) throw new FlowcastError('status_unknown', `Item ${p.src.id}: unknown status "${p.fields.status}".`, { status: p.fields.status });
  for (const p of prepared) if (p.src.history) checkHistory(p.src.id, p.src.history, p.fields.status, knownStatuses);
  const renamed: Record<string, string> = {};
  const created: string[] = [];
  ctx.undo.change(`Import ${items.length} items`, (c) => {
    for (const t of types) {
      const k = t.key.toUpperCase();
      if (TYPE_KEY_RE.test(k) && !ctx.db.query('SELECT 1 FROM item_types WHERE key = ?', [k]).length) {
        ctx.undo.touchTable('item_types');
        const pos = Number(ctx.db.query<{ p: number }>('SELECT coalesce(max(position), -1) + 1 AS p FROM item_types')[0]?.p ?? 0);
        c.run('INSERT INTO item_types (key, label, color, position, hidden) VALUES (?, ?, ?, ?, 0)', [k, cleanLine(t.label, 60, 'A type label') || k, '#8b949e', pos]);
      }
    }
    const ranks = new Map<string, string | null>();
    for (const { src, fields } of prepared) {
      ensureType(ctx, fields.type, c);
      let id = src.id;
      if (!ITEM_ID_RE.test(id) || ctx.db.query('SELECT 1 FROM items WHERE id = ?', [id]).length) {
        const m = ITEM_ID_RE.exec(id);
        id = nextId(ctx.db, m ? m[1] : fields.type, c);
        if (src.id) renamed[src.id] = id;
      } else bumpCounter(id, c);
      const last = ranks.has(fields.status) ? ranks.get(fields.status)! : (ctx.db.query<{ rank: string }>('SELECT rank FROM items WHERE status = ? ORDER BY rank DESC LIMIT 1', [fields.status])[0]?.rank ?? null);
      const rank = rankBetween(last, null);
      ranks.set(fields.status, rank);
      const at = ctx.now().toISOString();
      c.run('INSERT INTO items (id, type, title, status, rank, created_at, updated_at, archived_at, external) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [id, fields.type, fields.title, fields.status, rank, src.createdAt || at, src.updatedAt || at, src.archivedAt ?? null, src.external ? JSON.stringify(src.external) : null]);
      ctx.undo.touchItem(id);
      if (ctx.undo.recording?.items[id]) ctx.undo.recording.items[id].before = null;
      writeFields(id, fields, c);
      if (src.history?.length) for (const h of src.history) c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)', [id, h.from, h.to, h.at]);
      else c.run('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, NULL, ?, ?)', [id, fields.status, src.createdAt || at]);
      index(ctx.db, id, c);
      created.push(id);
    }
    const idOf = (x: string) => renamed[x] ?? x;
    for (const { src } of prepared) {
      for (const r of src.relations ?? []) {
        const from = idOf(src.id);
        const to = idOf(r.to);
        if (from === to) continue;
        if (!ctx.db.query('SELECT 1 FROM items WHERE id = ?', [to]).length) throw new FlowcastError('invalid_input', `Item ${src.id}: its relation points to ${r.to}, which is neither in the file nor in the backlog.`);
        if (r.kind === 'blocks') {
          const back = blocksPath(ctx.db, to, from);
          if (back) throw new FlowcastError('relation_cycle', `Importing would create a cycle of "blocks": ${[from, ...back].join(' → ')}.`, { cycle: [from, ...back].join(' → ') });
        }
        c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) VALUES (?, ?, ?)', [from, to, r.kind]);
      }
    }
  });
  return { created, renamed };
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
