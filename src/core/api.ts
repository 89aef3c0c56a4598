// The public API returned by activate(): what tests and other extensions can call.
// Every argument is validated with the schemas of src/core/protocol/api.ts (agents call this with
// model-made JSON): a bad one throws a ValidationError (code invalid_input, `field` = the bad field)
// before anything reaches the backlog; nothing wrong-typed is silently ignored.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ChangeEvent, BacklogService } from './backlog/service';
import type { Item } from './backlog/model';
import type { ItemFilter, ItemPatch, MoveTarget, NewItemInput } from './backlog/repository';
import { detectFormat, exportWarnings, ImportError, type ImportFormat, parseBacklog, serializeBacklog } from './io';
import {
  BacklogIdSchema,
  BacklogOptionsSchema,
  FileOptionsSchema,
  FilePathSchema,
  ItemFilterSchema,
  ItemIdSchema,
  SearchOptionsSchema,
  SearchQuerySchema,
  validateArg,
  ValidationError,
} from './protocol/api';
import { searchItems, type SearchResult } from './search';
import type { BacklogInfo } from './storage/registry';
import { writeFileAtomic } from './storage/atomicFile';
import { API_VERSION, VERSION } from './version';
import { ForecastApiRequestSchema, type ForecastApiRequest } from './protocol/forecastArgs';
import { FlowcastError } from './util/errors';
import { parseForecastInput } from './protocol/forecast';

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
  /** `warnings` names the items the target tool will not show (TicketFlow: IDs with digits in the prefix, prose-like type labels). */
  exportFile(file: string, options?: { backlogId?: string; format?: FileFormat }): Promise<{ count: number; warnings: string[] }>;
  /** Writes pending changes to disk now (they are also written on a short debounce). */
  flush(): Promise<void>;
  onDidChange(listener: (e: ChangeEvent) => void): { dispose(): void };
  /**
   * Monte Carlo forecasts and flow metrics (see README "Forecasting"): `op` is howMany, when,
   * perItem, backtest, metrics or whyMoved; any source (the backlog, typed samples, a CSV of
   * dates). Validated: a bad request throws a typed error naming the field.
   */
  forecast(request: ForecastApiRequest): Promise<unknown>;
}

/** Runs a validated forecast request (the extension host provides it). */
export type Forecaster = (request: ForecastApiRequest) => Promise<unknown>;

function formatOf(file: string, text: string, given?: FileFormat): FileFormat {
  const f = given ?? detectFormat(path.basename(file), text);
  if (!f) throw new ImportError('Unknown file format: use .md (TicketFlow or Flowcast Markdown), .json or .csv, or pass options.format.', null, 'any');
  return f;
}

/** A file's text; an unreadable file is an ImportError naming it (not a raw ENOENT). */
async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : `it cannot be read (${code ?? 'error'})`;
    throw new ImportError(`Cannot import ${path.basename(file)}: ${why}.`, null, 'any');
  }
}

/** The backlog id of `{ backlogId? }` options, validated. */
function options(o: unknown): string | undefined {
  return validateArg(BacklogOptionsSchema, o, 'options')?.backlogId;
}

export function createApi(service: () => BacklogService, forecaster?: Forecaster): FlowcastApi {
  return Object.freeze({
    version: VERSION,
    apiVersion: API_VERSION,
    listBacklogs: () => service().listBacklogs(),
    getActiveBacklog: () => service().getActiveBacklog(),
    createBacklog: (name: string) => service().createBacklog(name),
    switchBacklog: async (id: string) => service().setActiveBacklog(validateArg(BacklogIdSchema, id, 'id')),
    queryItems: async (f?: ItemFilter & { backlogId?: string }) => {
      const filter = validateArg(ItemFilterSchema, f, 'filter');
      return service().queryItems(filter ?? {}, filter?.backlogId);
    },
    getItem: async (id: string, o?: { backlogId?: string }) => service().getItem(validateArg(ItemIdSchema, id, 'id'), options(o)),
    createItem: async (input: NewItemInput, o?: { backlogId?: string }) => service().createItem(input, options(o)),
    updateItem: async (id: string, patch: ItemPatch, o?: { backlogId?: string }) => service().updateItem(id, patch, options(o)),
    moveItem: async (id: string, target: MoveTarget, o?: { backlogId?: string }) => service().moveItem(id, target, options(o)),
    search: async (query: string, o?: { backlogId?: string; limit?: number; includeArchived?: boolean }) => {
      validateArg(SearchQuerySchema, query, 'query');
      validateArg(SearchOptionsSchema, o, 'options');
      const { repo } = await service().repo(o?.backlogId);
      return searchItems(repo.db, query, { limit: o?.limit, includeArchived: o?.includeArchived });
    },
    importFile: async (file: string, o?: { backlogId?: string; format?: FileFormat }) => {
      validateArg(FilePathSchema, file, 'file');
      validateArg(FileOptionsSchema, o, 'options');
      const { repo } = await service().repo(o?.backlogId);
      const text = (await readText(file)).replace(/^\uFEFF/, '');
      const parsed = parseBacklog(formatOf(file, text, o?.format), text, new Date(), repo.listTypes().map((t) => t.key));
      return service().importItems(parsed.items, parsed.types, o?.backlogId);
    },
    exportFile: async (file: string, o?: { backlogId?: string; format?: FileFormat }) => {
      validateArg(FilePathSchema, file, 'file');
      validateArg(FileOptionsSchema, o, 'options');
      const s = service();
      const { id, repo } = await s.repo(o?.backlogId);
      const name = (await s.registry.get(id)).name;
      const items = repo.portableItems();
      const types = repo.listTypes();
      const ext = path.extname(file).toLowerCase();
      const format: FileFormat = o?.format ?? (ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : 'flowcast-md');
      await writeFileAtomic(file, serializeBacklog(format, items, { name, types }));
      return { count: items.length, warnings: exportWarnings(format, items, types) };
    },
    flush: () => service().flush(),
    forecast: async (request: unknown) => {
      const req = parseForecastInput(ForecastApiRequestSchema, request);
      if (!forecaster) throw new FlowcastError('invalid_input', 'forecast: forecasting is not available in this host', { field: 'forecast' });
      return forecaster(req);
    },
    onDidChange: (listener: (e: ChangeEvent) => void) => {
      if (typeof listener !== 'function') throw new ValidationError([{ field: 'listener', message: 'expected function' }]);
      return service().onDidChange(listener);
    },
  });
}
