// Relations between items ("blocks", "relates", "duplicates"): adding one refuses a cycle of
// "blocks" with a message naming the cycle; "blocked-by" is stored as the inverse "blocks".
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';
import { RELATION_KINDS, type RelationKind } from './model';
import { requireItem } from './itemQueries';
import type { RepoContext } from './repositoryTypes';

/** The path of "blocks" edges from `start` to `goal`, if any (for cycle detection). */
export function blocksPath(db: BacklogDatabase, start: string, goal: string): string[] | null {
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
    for (const r of db.query<{ to_id: string }>("SELECT to_id FROM relations WHERE from_id = ? AND kind = 'blocks'", [cur])) {
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
export function addRelation(ctx: RepoContext, from: string, kind: RelationKind | 'blocked-by', to: string): void {
  if (kind === 'blocked-by') return addRelation(ctx, to, 'blocks', from);
  if (!RELATION_KINDS.includes(kind)) throw new FlowcastError('invalid_input', `Unknown relation "${String(kind)}".`);
  if (from === to) throw new FlowcastError('invalid_input', 'An item cannot be related to itself.');
  requireItem(ctx.db, from);
  requireItem(ctx.db, to);
  if (kind === 'blocks') {
    const back = blocksPath(ctx.db, to, from);
    if (back) {
      const cycle = [from, ...back].join(' → ');
      throw new FlowcastError('relation_cycle', `${from} cannot block ${to}: that would make a cycle ${cycle}.`, { cycle });
    }
  }
  if (kind === 'relates' && ctx.db.query("SELECT 1 FROM relations WHERE from_id = ? AND to_id = ? AND kind = 'relates'", [to, from]).length) return;
  ctx.undo.change(`Link ${from} ${kind} ${to}`, (c) => {
    ctx.undo.touchItem(from);
    ctx.undo.touchItem(to);
    c.run('INSERT OR IGNORE INTO relations (from_id, to_id, kind) VALUES (?, ?, ?)', [from, to, kind]);
  });
}

export function removeRelation(ctx: RepoContext, from: string, kind: RelationKind | 'blocked-by', to: string): void {
  if (kind === 'blocked-by') return removeRelation(ctx, to, 'blocks', from);
  ctx.undo.change(`Unlink ${from} ${kind} ${to}`, (c) => {
    ctx.undo.touchItem(from);
    ctx.undo.touchItem(to);
    c.run('DELETE FROM relations WHERE from_id = ? AND to_id = ? AND kind = ?', [from, to, kind]);
    if (kind === 'relates') c.run("DELETE FROM relations WHERE from_id = ? AND to_id = ? AND kind = 'relates'", [to, from]);
  });
}
