// The public API returned by activate(): what tests and other extensions can call.
import type { BacklogService, ChangeEvent } from './backlog/service';
import type { Item } from './backlog/model';
import type { ItemFilter, ItemPatch, MoveTarget, NewItemInput } from './backlog/repository';
import type { BacklogInfo } from './storage/registry';
import { API_VERSION, VERSION } from './version';

export interface FlowcastApi {
  readonly version: string;
  readonly apiVersion: number;
  listBacklogs(): Promise<BacklogInfo[]>;
  getActiveBacklog(): Promise<BacklogInfo | undefined>;
  createBacklog(name: string): Promise<BacklogInfo>;
  switchBacklog(id: string): Promise<BacklogInfo>;
  queryItems(filter?: ItemFilter & { backlogId?: string }): Promise<Item[]>;
  getItem(id: string, options?: { backlogId?: string }): Promise<Item | undefined>;
  createItem(input: NewItemInput, options?: { backlogId?: string }): Promise<Item>;
  updateItem(id: string, patch: ItemPatch, options?: { backlogId?: string }): Promise<Item>;
  moveItem(id: string, target: MoveTarget, options?: { backlogId?: string }): Promise<Item>;
  /** Writes pending changes to disk now (they are also written on a short debounce). */
  flush(): Promise<void>;
  onDidChange(listener: (e: ChangeEvent) => void): { dispose(): void };
}

export function createApi(service: () => BacklogService): FlowcastApi {
  return Object.freeze({
    version: VERSION,
    apiVersion: API_VERSION,
    listBacklogs: () => service().listBacklogs(),
    getActiveBacklog: () => service().getActiveBacklog(),
    createBacklog: (name: string) => service().createBacklog(name),
    switchBacklog: (id: string) => service().setActiveBacklog(id),
    queryItems: (f?: ItemFilter & { backlogId?: string }) => service().queryItems(f ?? {}, f?.backlogId),
    getItem: (id: string, o?: { backlogId?: string }) => service().getItem(id, o?.backlogId),
    createItem: (input: NewItemInput, o?: { backlogId?: string }) => service().createItem(input, o?.backlogId),
    updateItem: (id: string, patch: ItemPatch, o?: { backlogId?: string }) => service().updateItem(id, patch, o?.backlogId),
    moveItem: (id: string, target: MoveTarget, o?: { backlogId?: string }) => service().moveItem(id, target, o?.backlogId),
    flush: () => service().flush(),
    onDidChange: (listener: (e: ChangeEvent) => void) => service().onDidChange(listener),
  });
}
