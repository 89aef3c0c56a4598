// Everything that reads or changes one backlog's items, types and workflow. Rules enforced here
// hold for every caller (commands, webviews, API, import):
// - IDs are TYPE-NNN from a per-type counter that only goes up; changing type or status never
//   changes an ID or drops a relation.
// - Every status change is recorded (status history feeds throughput and cycle time).
// - Ranks are fractional keys: moving one item rewrites one row.
// - A cycle of "blocks" relations is refused with a message naming the cycle.
// - Every user change is recorded in the undo log (in the database, so undo survives a reload).
// This class is the surface; the work is done by one module per concern, all sharing a RepoContext.
import type { Database } from 'sql.js';
import type { BacklogDatabase } from '../storage/database';
import type { ExternalLink, Item, ItemFields, ItemType, PortableItem, Relation, RelationKind, WorkflowStatus } from './model';
import * as changes from './itemChanges';
import { importItems } from './itemImport';
import * as queries from './itemQueries';
import { addRelation, removeRelation } from './relationChanges';
import type { BulkPatch, CardFields, ItemFilter, ItemPatch, MoveTarget, NewItemInput, NewItemRelation, RepoContext } from './repositoryTypes';
import * as templatesAndViews from './templateViewStore';
import { UndoLog } from './undoLog';
import * as workflow from './workflowStore';

export type { BulkPatch, CardFields, ItemFilter, ItemPatch, MoveTarget, NewItemInput, NewItemRelation } from './repositoryTypes';
export { normaliseFields, normaliseTag } from './fieldRules';
export { formatItemId } from './rowWrites';
export { UNDO_LIMIT, UNDO_MAX_ITEMS } from './undoLog';

export class BacklogRepository {
  private readonly ctx: RepoContext;

  constructor(
    readonly db: BacklogDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    const clock = () => this.now();
    this.ctx = { db, now: clock, undo: new UndoLog(db, clock) };
  }

  // ---------------------------------------------------------------- reading (itemQueries.ts)

  getItem(id: string): Item | undefined {
    return queries.getItem(this.db, id);
  }

  requireItem(id: string): Item {
    return queries.requireItem(this.db, id);
  }

  /** Items ordered by workflow position then rank. */
  listItems(filter: ItemFilter = {}): Item[] {
    return queries.listItems(this.db, filter);
  }

  /** What a board card needs of every active item (or of `ids`), without the long text fields. */
  listCardFields(ids?: string[]): CardFields[] {
    return queries.listCardFields(this.db, ids);
  }

  countItems(includeArchived = false): number {
    return queries.countItems(this.db, includeArchived);
  }

  listTypes(): ItemType[] {
    return workflow.listTypes(this.db);
  }

  listStatuses(): WorkflowStatus[] {
    return workflow.listStatuses(this.db);
  }

  relationsOf(id: string): { blocks: string[]; blockedBy: string[]; relates: string[]; duplicates: string[]; duplicatedBy: string[] } {
    return queries.relationsOf(this.db, id);
  }

  allRelations(): Relation[] {
    return queries.allRelations(this.db);
  }

  statusHistory(id: string): { from: string | null; to: string; at: string }[] {
    return queries.statusHistory(this.db, id);
  }

  /** Every item with its outgoing relations (export). */
  portableItems(filter: ItemFilter = { includeArchived: true }): PortableItem[] {
    return queries.portableItems(this.db, filter);
  }

  // ---------------------------------------------------------------- undo (undoLog.ts)

  /** Runs `fn` as one undoable user change named `label` (nested calls join the outer change). */
  change<T>(label: string, fn: (c: Database) => T): T {
    return this.ctx.undo.change(label, fn);
  }

  /** Undoes the last change; returns its label and the items it touched, or undefined. */
  undo(): { label: string; itemIds: string[] } | undefined {
    return this.ctx.undo.undo();
  }

  redo(): { label: string; itemIds: string[] } | undefined {
    return this.ctx.undo.redo();
  }

  undoState(): { undo: string | null; redo: string | null; depth: number } {
    return this.ctx.undo.undoState();
  }

  // ---------------------------------------------------------------- item changes (itemChanges.ts)

  /** Creates an item (quick capture at the top of its column), with `relations`, as one undoable change. */
  createItem(input: NewItemInput, opts: { position?: 'top' | 'bottom'; label?: string; relations?: readonly NewItemRelation[] } = {}): Item {
    return changes.createItem(this.ctx, input, opts);
  }

  /** Creates many items as ONE undoable change, all-or-nothing, each at the bottom of its column. */
  createItems(inputs: NewItemInput[], opts: { label?: string } = {}): Item[] {
    return changes.createItems(this.ctx, inputs, opts);
  }

  /** Changes fields of an item. A status change is recorded in the history; the ID never changes. */
  updateItem(id: string, patch: ItemPatch, opts: { label?: string } = {}): Item {
    return changes.updateItem(this.ctx, id, patch, opts);
  }

  /** Moves an item to a status and/or an exact place in a column; only its own row is rewritten. */
  moveItem(id: string, target: MoveTarget): Item {
    return changes.moveItem(this.ctx, id, target);
  }

  /** Applies one patch to many items as a single undoable change; returns the items that changed. */
  bulkUpdate(ids: string[], patch: BulkPatch): Item[] {
    return changes.bulkUpdate(this.ctx, ids, patch);
  }

  /** Archives items (kept whole: every field, relation and history entry). */
  /** Stores (or, with null, removes) the work items items were published as: one undoable change. */
  setExternalLinks(links: readonly { itemId: string; link: ExternalLink | null }[]): Item[] {
    return changes.setExternalLinks(this.ctx, links);
  }

  /** Moves items to statuses as ONE undoable change (all or nothing; each change is recorded in the item's history). */
  moveItemsToStatuses(moves: readonly { itemId: string; status: string }[], label: string): Item[] {
    if (!moves.length) return [];
    return this.ctx.undo.change(label, () => moves.map((m) => changes.moveItem(this.ctx, m.itemId, { status: m.status })));
  }

  archiveItems(ids: string[]): Item[] {
    return changes.archiveItems(this.ctx, ids);
  }

  restoreItems(ids: string[]): Item[] {
    return changes.restoreItems(this.ctx, ids);
  }

  /** Deletes items for good (their numbers are never reissued; undo brings them back). */
  deleteItems(ids: string[]): void {
    changes.deleteItems(this.ctx, ids);
  }

  // ---------------------------------------------------------------- relations (relationChanges.ts)

  /** Adds `from kind to` ("blocked-by" is stored as the inverse "blocks"). */
  addRelation(from: string, kind: RelationKind | 'blocked-by', to: string): void {
    addRelation(this.ctx, from, kind, to);
  }

  removeRelation(from: string, kind: RelationKind | 'blocked-by', to: string): void {
    removeRelation(this.ctx, from, kind, to);
  }

  // ---------------------------------------------------------------- types and statuses (workflowStore.ts)

  addType(key: string, label: string, color = '#8b949e'): ItemType {
    return workflow.addType(this.ctx, key, label, color);
  }

  updateType(key: string, patch: { label?: string; color?: string; hidden?: boolean }): ItemType {
    return workflow.updateType(this.ctx, key, patch);
  }

  reorderTypes(keys: string[]): void {
    workflow.reorderTypes(this.ctx, keys);
  }

  /** Deletes a type; its items (IDs unchanged) move to `moveTo`, which is required when it has items. */
  deleteType(key: string, moveTo?: string): void {
    workflow.deleteType(this.ctx, key, moveTo);
  }

  addStatus(label: string, category: WorkflowStatus['category'], key?: string): WorkflowStatus {
    return workflow.addStatus(this.ctx, label, category, key);
  }

  updateStatus(key: string, patch: { label?: string; category?: WorkflowStatus['category']; wipLimit?: number | null }): WorkflowStatus {
    return workflow.updateStatus(this.ctx, key, patch);
  }

  reorderStatuses(keys: string[]): void {
    workflow.reorderStatuses(this.ctx, keys);
  }

  /** Deletes a status; its items move to `moveTo` (recorded in their history). */
  deleteStatus(key: string, moveTo?: string): void {
    workflow.deleteStatus(this.ctx, key, moveTo);
  }

  // ---------------------------------------------------------------- templates and saved views (templateViewStore.ts)

  listTemplates(): { id: string; name: string; fields: Partial<ItemFields> }[] {
    return templatesAndViews.listTemplates(this.db);
  }

  /** Saves an item's content (not its status, ID or dates) as a template. */
  saveTemplate(name: string, fromItemId: string): { id: string; name: string } {
    return templatesAndViews.saveTemplate(this.ctx, name, fromItemId);
  }

  deleteTemplate(id: string): void {
    templatesAndViews.deleteTemplate(this.ctx, id);
  }

  listViews(): { id: string; name: string; query: string }[] {
    return templatesAndViews.listViews(this.db);
  }

  /** A saved view is a named query in the search syntax (e.g. "type:BUG priority:high #ui"). */
  saveView(name: string, query: string): { id: string; name: string; query: string } {
    return templatesAndViews.saveView(this.ctx, name, query);
  }

  renameView(id: string, name: string): void {
    templatesAndViews.renameView(this.ctx, id, name);
  }

  reorderViews(ids: string[]): void {
    templatesAndViews.reorderViews(this.ctx, ids);
  }

  deleteView(id: string): void {
    templatesAndViews.deleteView(this.ctx, id);
  }

  // ---------------------------------------------------------------- import (itemImport.ts)

  /** Imports items all-or-nothing; a taken ID gets a new number (reported in `renamed`). */
  importItems(items: PortableItem[], types: { key: string; label: string }[] = []): { created: string[]; renamed: Record<string, string> } {
    return importItems(this.ctx, items, types);
  }
}
