// The backlog service: what every adapter (commands, tree, webviews, public API) talks to.
// It knows nothing of VS Code; sql.js loading and where the active backlog is remembered are injected.
// Every entry point validates its arguments (src/core/protocol/api.ts): a bad one throws a
// ValidationError naming the field before anything reaches the repository.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { BacklogDatabase, CorruptFileEvent } from '../storage/database';
import { FileState } from '../storage/fileState';
import { type BacklogInfo, BacklogRegistry } from '../storage/registry';
import { Emitter } from '../util/emitter';
import { FlowcastError } from '../util/errors';
import {
  BacklogIdSchema,
  BacklogNameSchema,
  BulkPatchInputSchema,
  CreateOptionsSchema,
  ItemFilterSchema,
  ItemIdListSchema,
  ItemIdSchema,
  ItemPatchInputSchema,
  ImportTypesSchema,
  MoveTargetSchema,
  NewItemInputSchema,
  PortableItemsSchema,
  RelationKindSchema,
  validateArg,
  ValidationError,
} from '../protocol/api';
import * as z from 'zod/mini';
import type { ExternalLink, Item, ItemType, PortableItem, RelationKind, WorkflowStatus } from './model';
import { BacklogRepository, type BulkPatch, type ItemFilter, type ItemPatch, type MoveTarget, type NewItemInput, type NewItemRelation } from './repository';

/** Where the active backlog id is remembered (default: state.json beside the backlogs). */
export interface KeyValueState {
  get(key: string): string | undefined;
  update(key: string, value: string | undefined): PromiseLike<void>;
}

export type ChangeEvent =
  | { kind: 'backlogs' }
  | { kind: 'active'; backlogId: string | undefined }
  | { kind: 'items'; backlogId: string; itemIds: string[] }
  | { kind: 'workflow'; backlogId: string };

export interface ServiceOptions {
  dir: string;
  loadSql: () => Promise<SqlJsStatic>;
  state?: KeyValueState;
  flushDelayMs?: number;
  onFlushError?: (err: unknown) => void;
  onFlushRecovered?: () => void;
  onCorrupt?: (event: CorruptFileEvent) => void;
  now?: () => Date;
}

const ACTIVE_KEY = 'activeBacklog';
const OptionalBacklogId = z.optional(BacklogIdSchema);
const RelationArgs = z.strictObject({ from: ItemIdSchema, kind: RelationKindSchema, to: ItemIdSchema });

export class BacklogService {
  readonly registry: BacklogRegistry;
  private readonly changes = new Emitter<ChangeEvent>();
  readonly onDidChange = this.changes.event;
  private statePromise: Promise<KeyValueState> | undefined;
  private readonly repos = new WeakMap<BacklogDatabase, BacklogRepository>();

  constructor(private readonly opts: ServiceOptions) {
    this.registry = new BacklogRegistry({
      dir: opts.dir,
      loadSql: opts.loadSql,
      flushDelayMs: opts.flushDelayMs,
      onFlushError: opts.onFlushError,
      onFlushRecovered: opts.onFlushRecovered,
      onCorrupt: opts.onCorrupt,
    });
  }

  private state(): Promise<KeyValueState> {
    this.statePromise ??= this.opts.state ? Promise.resolve(this.opts.state) : FileState.load(this.opts.dir);
    return this.statePromise;
  }

  /** A UI preference (JSON), kept with the active backlog in state.json (never item data). */
  async getPreference(key: string): Promise<unknown> {
    const raw = (await this.state()).get(`pref:${key}`);
    try {
      return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      return undefined;
    }
  }

  async setPreference(key: string, value: unknown): Promise<void> {
    await (await this.state()).update(`pref:${key}`, value === undefined ? undefined : JSON.stringify(value));
  }

  listBacklogs(): Promise<BacklogInfo[]> {
    return this.registry.list();
  }

  /** The remembered active backlog; falls back to the first one when it is gone. */
  async getActiveBacklog(): Promise<BacklogInfo | undefined> {
    const all = await this.registry.list();
    const id = (await this.state()).get(ACTIVE_KEY);
    return all.find((b) => b.id === id) ?? all[0];
  }

  async setActiveBacklog(id: string): Promise<BacklogInfo> {
    validateArg(BacklogIdSchema, id, 'id');
    const info = await this.registry.get(id);
    await (await this.state()).update(ACTIVE_KEY, id);
    this.changes.fire({ kind: 'active', backlogId: id });
    return info;
  }

  /** Creates a backlog and makes it the active one. */
  async createBacklog(name: string): Promise<BacklogInfo> {
    validateArg(BacklogNameSchema, name, 'name');
    const info = await this.registry.create(name);
    await (await this.state()).update(ACTIVE_KEY, info.id);
    this.changes.fire({ kind: 'backlogs' });
    this.changes.fire({ kind: 'active', backlogId: info.id });
    return info;
  }

  async renameBacklog(id: string, name: string): Promise<BacklogInfo> {
    validateArg(BacklogIdSchema, id, 'id');
    validateArg(BacklogNameSchema, name, 'name');
    const info = await this.registry.rename(id, name);
    this.changes.fire({ kind: 'backlogs' });
    return info;
  }

  async deleteBacklog(id: string): Promise<{ trashedTo: string }> {
    validateArg(BacklogIdSchema, id, 'id');
    const wasActive = (await this.getActiveBacklog())?.id === id;
    const result = await this.registry.delete(id);
    if (wasActive) await (await this.state()).update(ACTIVE_KEY, undefined);
    this.changes.fire({ kind: 'backlogs' });
    if (wasActive) this.changes.fire({ kind: 'active', backlogId: (await this.getActiveBacklog())?.id });
    return result;
  }

  /** The repository of a backlog (the active one by default). */
  async repo(backlogId?: string): Promise<{ id: string; repo: BacklogRepository }> {
    validateArg(OptionalBacklogId, backlogId, 'backlogId');
    const id = backlogId ?? (await this.getActiveBacklog())?.id;
    if (!id) throw new FlowcastError('no_active_backlog', 'There is no backlog yet. Create one first.');
    const db = await this.registry.openDatabase(id);
    let repo = this.repos.get(db);
    if (!repo) {
      repo = new BacklogRepository(db, this.opts.now);
      this.repos.set(db, repo);
    }
    return { id, repo };
  }

  private async mutate<T>(backlogId: string | undefined, fn: (repo: BacklogRepository) => T, ids: (r: T) => string[]): Promise<T> {
    const { id, repo } = await this.repo(backlogId);
    const result = fn(repo);
    this.changes.fire({ kind: 'items', backlogId: id, itemIds: ids(result) });
    return result;
  }

  /**
   * Writes derived data (AI analysis) in one transaction, outside undo/redo: it is not an edit of
   * the items. Boards showing `itemIds` refresh.
   */
  async writeDerived(backlogId: string | undefined, itemIds: string[], fn: (db: BacklogDatabase) => void): Promise<void> {
    const { id, repo } = await this.repo(backlogId);
    repo.db.write(() => fn(repo.db));
    this.changes.fire({ kind: 'items', backlogId: id, itemIds });
  }

  /**
   * Creates an item, with its `relations` (to existing items) in the same undo step, all or
   * nothing: an unknown target or a cycle of "blocks" throws and creates nothing. Fires one items
   * change naming the new item and the related ones (plus a workflow change when the item's type
   * did not exist yet and was added, so type lists refresh).
   */
  async createItem(rawInput: NewItemInput, backlogId?: string, rawOpts: { position?: 'top' | 'bottom'; relations?: readonly NewItemRelation[] } = {}): Promise<Item> {
    const input: NewItemInput = validateArg(NewItemInputSchema, rawInput, 'input');
    const opts = validateArg(CreateOptionsSchema, rawOpts, 'options') ?? {};
    const { id, repo } = await this.repo(backlogId);
    const types = repo.listTypes().length;
    const related = [...new Set((opts.relations ?? []).map((r) => r.other))];
    const item = await this.mutate(id, (r) => r.createItem(input, { position: opts.position, relations: opts.relations }), (i) => [i.id, ...related.filter((x) => x !== i.id)]);
    if (repo.listTypes().length !== types) this.changes.fire({ kind: 'workflow', backlogId: id });
    return item;
  }

  /** Creates many items in one undo step, all-or-nothing (see BacklogRepository.createItems). */
  async createItems(rawInputs: NewItemInput[], backlogId?: string): Promise<Item[]> {
    const list = validateArg(z.array(z.unknown()).check(z.maxLength(10_000)), rawInputs, 'inputs');
    const inputs: NewItemInput[] = list.map((input, i) => {
      try {
        return validateArg(NewItemInputSchema, input, `inputs[${i}]`);
      } catch (err) {
        throw err instanceof ValidationError ? new ValidationError(err.issues, `Item ${i + 1} of ${list.length}: `) : err;
      }
    });
    const { id, repo } = await this.repo(backlogId);
    const types = repo.listTypes().length;
    const created = await this.mutate(id, (r) => r.createItems(inputs), (items) => items.map((i) => i.id));
    // A type named by an input that did not exist yet was added: the type lists must refresh.
    if (repo.listTypes().length !== types) this.changes.fire({ kind: 'workflow', backlogId: id });
    return created;
  }

  async updateItem(itemId: string, rawPatch: ItemPatch, backlogId?: string): Promise<Item> {
    validateArg(ItemIdSchema, itemId, 'id');
    const patch: ItemPatch = validateArg(ItemPatchInputSchema, rawPatch, 'patch');
    return this.mutate(backlogId, (r) => r.updateItem(itemId, patch), (i) => [i.id]);
  }

  /** Moves an item; `set` changes fields in the same undoable step (a drop into another swimlane). */
  async moveItem(itemId: string, rawTarget: MoveTarget, backlogId?: string, rawSet?: ItemPatch): Promise<Item> {
    validateArg(ItemIdSchema, itemId, 'id');
    const target: MoveTarget = validateArg(MoveTargetSchema, rawTarget, 'target');
    const set: ItemPatch | undefined = validateArg(z.optional(ItemPatchInputSchema), rawSet, 'set');
    return this.mutate(
      backlogId,
      (r) =>
        set && Object.keys(set).length
          ? r.change(`Move ${itemId}`, () => {
              r.moveItem(itemId, target);
              return r.updateItem(itemId, set);
            })
          : r.moveItem(itemId, target),
      (i) => [i.id],
    );
  }

  /** One patch to many items, one undo step (see BacklogRepository.bulkUpdate). */
  async bulkUpdate(ids: string[], patch: BulkPatch, backlogId?: string): Promise<Item[]> {
    validateArg(ItemIdListSchema, ids, 'ids');
    validateArg(BulkPatchInputSchema, patch, 'patch');
    return this.mutate(backlogId, (r) => r.bulkUpdate(ids, patch), () => ids);
  }

  async archiveItems(ids: string[], backlogId?: string): Promise<Item[]> {
    validateArg(ItemIdListSchema, ids, 'ids');
    return this.mutate(backlogId, (r) => r.archiveItems(ids), () => ids);
  }

  /** Stores (null: removes) the work items items were published as; boards showing them refresh. */
  async setExternalLinks(links: readonly { itemId: string; link: ExternalLink | null }[], backlogId?: string): Promise<Item[]> {
    return this.mutate(backlogId, (r) => r.setExternalLinks(links), () => links.map((l) => l.itemId));
  }

  /** Moves items to statuses as one undoable change (state pulled back from Azure DevOps). */
  async moveItemsToStatuses(moves: readonly { itemId: string; status: string }[], label: string, backlogId?: string): Promise<Item[]> {
    return this.mutate(backlogId, (r) => r.moveItemsToStatuses(moves, label), () => moves.map((m) => m.itemId));
  }

  async restoreItems(ids: string[], backlogId?: string): Promise<Item[]> {
    validateArg(ItemIdListSchema, ids, 'ids');
    return this.mutate(backlogId, (r) => r.restoreItems(ids), () => ids);
  }

  async deleteItems(ids: string[], backlogId?: string): Promise<void> {
    validateArg(ItemIdListSchema, ids, 'ids');
    return this.mutate(backlogId, (r) => r.deleteItems(ids), () => ids);
  }

  async addRelation(from: string, kind: RelationKind | 'blocked-by', to: string, backlogId?: string): Promise<void> {
    validateArg(RelationArgs, { from, kind, to }, 'relation');
    return this.mutate(backlogId, (r) => r.addRelation(from, kind, to), () => [from, to]);
  }

  async removeRelation(from: string, kind: RelationKind | 'blocked-by', to: string, backlogId?: string): Promise<void> {
    validateArg(RelationArgs, { from, kind, to }, 'relation');
    return this.mutate(backlogId, (r) => r.removeRelation(from, kind, to), () => [from, to]);
  }

  async undo(backlogId?: string): Promise<{ label: string; itemIds: string[] } | undefined> {
    const { id, repo } = await this.repo(backlogId);
    const r = repo.undo();
    if (r) {
      this.changes.fire({ kind: 'items', backlogId: id, itemIds: r.itemIds });
      this.changes.fire({ kind: 'workflow', backlogId: id });
    }
    return r;
  }

  async redo(backlogId?: string): Promise<{ label: string; itemIds: string[] } | undefined> {
    const { id, repo } = await this.repo(backlogId);
    const r = repo.redo();
    if (r) {
      this.changes.fire({ kind: 'items', backlogId: id, itemIds: r.itemIds });
      this.changes.fire({ kind: 'workflow', backlogId: id });
    }
    return r;
  }

  /** Changes to types or statuses (fires a workflow change). */
  async workflow<T>(fn: (repo: BacklogRepository) => T, backlogId?: string): Promise<T> {
    const { id, repo } = await this.repo(backlogId);
    const result = fn(repo);
    this.changes.fire({ kind: 'workflow', backlogId: id });
    this.changes.fire({ kind: 'items', backlogId: id, itemIds: [] });
    return result;
  }

  async importItems(items: PortableItem[], types: { key: string; label: string }[], backlogId?: string): Promise<{ created: string[]; renamed: Record<string, string> }> {
    validateArg(PortableItemsSchema, items, 'items');
    validateArg(ImportTypesSchema, types, 'types');
    const r = await this.mutate(backlogId, (repo) => repo.importItems(items, types), (x) => x.created);
    this.changes.fire({ kind: 'workflow', backlogId: (await this.repo(backlogId)).id });
    return r;
  }

  /** Folder holding a backlog's attachment files (paths in items are relative to it). */
  async attachmentsDir(backlogId?: string): Promise<string> {
    const { id } = await this.repo(backlogId);
    return path.join(this.opts.dir, 'attachments', id);
  }

  /**
   * Copies a file into the backlog's attachments folder and adds it to the item. The copy is
   * named <ITEM-ID>/<file name> (a number is added if the name is taken); the source is untouched.
   */
  async attachFile(itemId: string, sourceFile: string, backlogId?: string): Promise<Item> {
    validateArg(ItemIdSchema, itemId, 'id');
    validateArg(z.string().check(z.minLength(1), z.maxLength(4096)), sourceFile, 'file');
    const stat = await fs.stat(sourceFile);
    if (!stat.isFile()) throw new FlowcastError('invalid_input', `${path.basename(sourceFile)} is not a file.`);
    return this.storeAttachment(itemId, path.basename(sourceFile), stat.size, backlogId, (target) => fs.copyFile(sourceFile, target, fs.constants.COPYFILE_EXCL));
  }

  /**
   * Writes bytes (a pasted image, say) into the backlog's attachments folder as <ITEM-ID>/<name>
   * and adds them to the item, with the same naming, size limit and no-overwrite rule as attachFile.
   */
  async attachData(itemId: string, name: string, data: Uint8Array, backlogId?: string): Promise<Item> {
    validateArg(ItemIdSchema, itemId, 'id');
    validateArg(z.string().check(z.maxLength(1000)), name, 'name');
    if (!(data instanceof Uint8Array)) throw new ValidationError([{ field: 'data', message: 'expected bytes (Uint8Array)' }]);
    return this.storeAttachment(itemId, name, data.byteLength, backlogId, (target) => fs.writeFile(target, data, { flag: 'wx' }));
  }

  /**
   * Shared by attachFile and attachData: checks the size, then lets `write` create the file
   * exclusively (it must fail with EEXIST when the file exists) under the first free name of
   * name, name-2, name-3… in the item's folder, so an existing file is never overwritten. The item
   * changes only once the file is written; a file whose item could not be updated is removed.
   */
  private async storeAttachment(itemId: string, name: string, size: number, backlogId: string | undefined, write: (target: string) => Promise<void>): Promise<Item> {
    const { repo } = await this.repo(backlogId);
    const item = repo.requireItem(itemId);
    if (size > 25 * 1024 * 1024) throw new FlowcastError('invalid_input', 'Attachments can be at most 25 MB.');
    const dir = path.join(await this.attachmentsDir(backlogId), item.id);
    await fs.mkdir(dir, { recursive: true });
    const original = path.basename(name.replace(/\\/g, '/'));
    const ext = path.extname(original).replace(/[^\p{L}\p{N}.]+/gu, '').slice(0, 16);
    const base = path.basename(original, path.extname(original)).replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80) || 'file';
    let file = `${base}${ext}`;
    for (let i = 2; ; i++) {
      try {
        await write(path.join(dir, file));
        break;
      } catch (err) {
        // The name is taken: try the next number (the existing file is never touched).
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 10_000) throw err;
        file = `${base}-${i}${ext}`;
      }
    }
    try {
      // Read the list again now: another attachment may have been added while this one was written.
      const added = { path: `${item.id}/${file}`, name: original || file };
      return await this.mutate(backlogId, (r) => r.updateItem(item.id, { attachments: [...r.requireItem(item.id).attachments, added] }), (i) => [i.id]);
    } catch (err) {
      await fs.rm(path.join(dir, file), { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async getItem(itemId: string, backlogId?: string): Promise<Item | undefined> {
    validateArg(ItemIdSchema, itemId, 'id');
    return (await this.repo(backlogId)).repo.getItem(itemId);
  }

  async queryItems(filter: ItemFilter = {}, backlogId?: string): Promise<Item[]> {
    validateArg(ItemFilterSchema, filter, 'filter');
    return (await this.repo(backlogId)).repo.listItems(filter);
  }

  async listTypes(backlogId?: string): Promise<ItemType[]> {
    return (await this.repo(backlogId)).repo.listTypes();
  }

  async listStatuses(backlogId?: string): Promise<WorkflowStatus[]> {
    return (await this.repo(backlogId)).repo.listStatuses();
  }

  /** Writes every open backlog to disk now. */
  flush(): Promise<void> {
    return this.registry.flushAll();
  }

  /** Closes a backlog and reads it back from disk (proves what is persisted). */
  async reopen(backlogId?: string): Promise<void> {
    const { id } = await this.repo(backlogId);
    await this.registry.reopen(id);
    this.changes.fire({ kind: 'items', backlogId: id, itemIds: [] });
  }

  async dispose(): Promise<void> {
    try {
      await this.registry.closeAll();
    } finally {
      this.changes.dispose();
    }
  }
}
