// The backlog service: what every adapter (commands, tree, webviews, public API) talks to.
// It knows nothing of VS Code; the active-backlog memory and sql.js loading are injected.
import type { SqlJsStatic } from 'sql.js';
import type { ItemSummary } from '../protocol/messages';
import type { BacklogDatabase, CorruptFileEvent } from '../storage/database';
import { type BacklogInfo, BacklogRegistry } from '../storage/registry';
import { FileState } from '../storage/fileState';
import { Emitter } from '../util/emitter';
import { FlowcastError } from '../util/errors';
import { createItem, getItem, type ItemPatch, listItems, type NewItem, updateItem } from './items';

/** Where the active backlog id is remembered (default: state.json beside the backlogs). */
export interface KeyValueState {
  get(key: string): string | undefined;
  update(key: string, value: string | undefined): PromiseLike<void>;
}

export type ChangeEvent = { kind: 'backlogs' } | { kind: 'active'; backlogId: string | undefined } | { kind: 'items'; backlogId: string; itemIds: string[] };

export interface ServiceOptions {
  dir: string;
  loadSql: () => Promise<SqlJsStatic>;
  state?: KeyValueState;
  flushDelayMs?: number;
  onFlushError?: (err: unknown) => void;
  onFlushRecovered?: () => void;
  onCorrupt?: (event: CorruptFileEvent) => void;
}

const ACTIVE_KEY = 'activeBacklog';

export class BacklogService {
  readonly registry: BacklogRegistry;
  private readonly changes = new Emitter<ChangeEvent>();
  readonly onDidChange = this.changes.event;
  private statePromise: Promise<KeyValueState> | undefined;

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
    const info = await this.registry.get(id);
    await (await this.state()).update(ACTIVE_KEY, id);
    this.changes.fire({ kind: 'active', backlogId: id });
    return info;
  }

  /** Creates a backlog and makes it the active one. */
  async createBacklog(name: string): Promise<BacklogInfo> {
    const info = await this.registry.create(name);
    await (await this.state()).update(ACTIVE_KEY, info.id);
    this.changes.fire({ kind: 'backlogs' });
    this.changes.fire({ kind: 'active', backlogId: info.id });
    return info;
  }

  async renameBacklog(id: string, name: string): Promise<BacklogInfo> {
    const info = await this.registry.rename(id, name);
    this.changes.fire({ kind: 'backlogs' });
    return info;
  }

  async deleteBacklog(id: string): Promise<{ trashedTo: string }> {
    const wasActive = (await this.getActiveBacklog())?.id === id;
    const result = await this.registry.delete(id);
    if (wasActive) await (await this.state()).update(ACTIVE_KEY, undefined);
    this.changes.fire({ kind: 'backlogs' });
    if (wasActive) this.changes.fire({ kind: 'active', backlogId: (await this.getActiveBacklog())?.id });
    return result;
  }

  private async resolve(backlogId?: string): Promise<{ id: string; db: BacklogDatabase }> {
    const id = backlogId ?? (await this.getActiveBacklog())?.id;
    if (!id) throw new FlowcastError('no_active_backlog', 'There is no backlog yet. Create one first.');
    return { id, db: await this.registry.openDatabase(id) };
  }

  async createItem(input: NewItem, backlogId?: string): Promise<ItemSummary> {
    const { id, db } = await this.resolve(backlogId);
    const item = createItem(db, input);
    this.changes.fire({ kind: 'items', backlogId: id, itemIds: [item.id] });
    return item;
  }

  async updateItem(itemId: string, patch: ItemPatch, backlogId?: string): Promise<ItemSummary> {
    const { id, db } = await this.resolve(backlogId);
    const item = updateItem(db, itemId, patch);
    this.changes.fire({ kind: 'items', backlogId: id, itemIds: [item.id] });
    return item;
  }

  async getItem(itemId: string, backlogId?: string): Promise<ItemSummary | undefined> {
    const { db } = await this.resolve(backlogId);
    return getItem(db, itemId);
  }

  async queryItems(backlogId?: string): Promise<ItemSummary[]> {
    const { db } = await this.resolve(backlogId);
    return listItems(db);
  }

  /** Writes every open backlog to disk now. */
  flush(): Promise<void> {
    return this.registry.flushAll();
  }

  /** Closes a backlog and reads it back from disk (proves what is persisted). */
  async reopen(backlogId?: string): Promise<void> {
    const { id } = await this.resolve(backlogId);
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
