// How the editor page folds a new state from the host into what the user is editing.
// Pure (no DOM), so the unit tests can check it in Node.
import type { EditableFields } from '../../src/core/protocol';

/** The saved version the page's edits are based on. */
export interface EditBase {
  fields: EditableFields;
  updatedAt: string;
}

/**
 * - `reset`: show the saved fields (first load, another item, or a change while nothing is unsaved);
 * - `rebase`: keep the unsaved edits and adopt the new version as their base, because the change
 *   touched none of the editable fields (an attachment pasted or removed, say): saving then
 *   overwrites nothing that changed elsewhere;
 * - `stale`: keep the edits, but the fields changed elsewhere: tell the user (saving is refused);
 * - `keep`: nothing the edits depend on changed.
 */
export type MergeDecision = 'reset' | 'rebase' | 'stale' | 'keep';

export function sameFields(a: EditableFields, b: EditableFields): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted object keys, so key order never makes equal fields look different. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

export function mergeDecision(o: { base: EditBase | undefined; editing: boolean; sameItem: boolean; dirty: boolean; incoming: EditBase }): MergeDecision {
  if (!o.base || !o.editing || !o.sameItem) return 'reset';
  if (o.base.updatedAt === o.incoming.updatedAt) return 'keep';
  if (!o.dirty) return 'reset';
  return sameFields(o.base.fields, o.incoming.fields) ? 'rebase' : 'stale';
}
