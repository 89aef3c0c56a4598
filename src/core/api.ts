// The public API returned by activate(): what tests and other extensions can call.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ChangeEvent, BacklogService } from './backlog/service';
import type { Item } from './backlog/model';
import type { ItemFilter, ItemPatch, MoveTarget, NewItemInput } from './backlog/repository';
import { detectFormat, ImportError, type ImportFormat, parseBacklog, serializeBacklog } from './io';
import { searchItems, type SearchResult } from './search';
import type { BacklogInfo } from './storage/registry';
import { writeFileAtomic } from './storage/atomicFile';
import { API_VERSION, VERSION } from './version';

export type FileFormat = ImportFormat;

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
  /** Full-text search with the query syntax of "Search Items" (type:BUG #tag "phrase" -word…). */
  search(query: string, options?: { backlogId?: string; limit?: number; includeArchived?: boolean }): Promise<SearchResult>;
  /** Imports a file (all-or-nothing). Throws ImportError (message + line) on a malformed file. */
  importFile(file: string, options?: { backlogId?: string; format?: FileFormat }): Promise<{ created: string[]; renamed: Record<string, string> }>;
  /** Exports every item (archived included) of a backlog to a file. */
  exportFile(file: string, options?: { backlogId?: string; format?: FileFormat }): Promise<{ count: number }>;
  /** Writes pending changes to disk now (they are also written on a short debounce). */
  flush(): Promise<void>;
  onDidChange(listener: (e: ChangeEvent) => void): { dispose(): void };
}

function formatOf(file: string, text: string, given?: FileFormat): FileFormat {
  const f = given ?? detectFormat(path.basename(file), text);
  if (!f) throw new ImportError('Unknown file format: use .md (TicketFlow or Flowcast Markdown), .json or .csv, or pass options.format.', null, 'any');
  return f;
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
    search: async (query: string, o?: { backlogId?: string; limit?: number; includeArchived?: boolean }) => {
      const { repo } = await service().repo(o?.backlogId);
      return searchItems(repo.db, query, { limit: o?.limit, includeArchived: o?.includeArchived });
    },
    importFile: async (file: string, o?: { backlogId?: string; format?: FileFormat }) => {
      const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
      const parsed = parseBacklog(formatOf(file, text, o?.format), text);
      return service().importItems(parsed.items, parsed.types, o?.backlogId);
    },
    exportFile: async (file: string, o?: { backlogId?: string; format?: FileFormat }) => {
      const s = service();
      const { id, repo } = await s.repo(o?.backlogId);
      const name = (await s.registry.get(id)).name;
      const items = repo.portableItems();
      const types = repo.listTypes();
      const ext = path.extname(file).toLowerCase();
      const format: FileFormat = o?.format ?? (ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : 'flowcast-md');
      await writeFileAtomic(file, serializeBacklog(format, items, { name, types }));
      return { count: items.length };
    },
    flush: () => service().flush(),
    onDidChange: (listener: (e: ChangeEvent) => void) => service().onDidChange(listener),
  });
}
