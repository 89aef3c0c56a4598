// The sync cache of one Azure DevOps connection: a sql.js database in a file of its own (never the
// backlog's file), written with the backlogs' atomic-write helper. A sync works on an in-memory
// copy and writes it once at the end, so an interrupted sync leaves the previous cache intact.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import type { TeamCalendar } from '../forecast/calendar';
import { removeStaleTempFiles, writeFileAtomic } from '../storage/atomicFile';
import type { Sprint } from './capacity';
import type { Transition } from './states';

export const CACHE_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
  id INTEGER PRIMARY KEY, rev INTEGER NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, state TEXT NOT NULL,
  created_ms REAL, changed_ms REAL, closed_ms REAL, resolved_ms REAL, state_change_ms REAL, query_order INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS transitions (item_id INTEGER NOT NULL, rev INTEGER NOT NULL, state TEXT NOT NULL, at_ms REAL NOT NULL, PRIMARY KEY (item_id, rev)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS type_states (type TEXT NOT NULL, state TEXT NOT NULL, category TEXT NOT NULL, PRIMARY KEY (type, state)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sprints (id TEXT PRIMARY KEY, name TEXT NOT NULL, start TEXT NOT NULL, finish TEXT NOT NULL);
`;

export interface CachedItem {
  id: number;
  rev: number;
  type: string;
  title: string;
  state: string;
  createdMs: number;
  changedMs: number;
  closedMs: number;
  resolvedMs: number;
  stateChangeMs: number;
  queryOrder: number;
}

/** Everything forecasts and metrics read from a cache. */
export interface CacheSnapshot {
  connectionKey: string;
  syncedAt: string | null;
  items: CachedItem[];
  /** State history per item id, in time order. */
  history: Map<number, Transition[]>;
  typeStates: { type: string; state: string; category: string }[];
  sprints: Sprint[];
  calendar: TeamCalendar;
  warnings: string[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
const nullable = (v: number) => (Number.isNaN(v) ? null : v);

export class AdoCache {
  private constructor(
    readonly db: Database,
    readonly file: string,
  ) {}

  /** Opens the cache file into memory (a missing or unreadable file gives an empty cache). */
  static async open(SQL: SqlJsStatic, file: string): Promise<AdoCache> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await removeStaleTempFiles(path.dirname(file), path.basename(file));
    let db: Database | undefined;
    try {
      const bytes = await fs.readFile(file);
      db = new SQL.Database(bytes);
      db.exec('SELECT count(*) FROM sqlite_master');
      const v = db.exec("SELECT value FROM meta WHERE key = 'schema'")[0]?.values[0]?.[0];
      if (Number(v) !== CACHE_SCHEMA_VERSION) throw new Error('other schema');
    } catch {
      db?.close();
      db = new SQL.Database(); // a cache can always be rebuilt from the server
    }
    db.exec(SCHEMA);
    db.run("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [String(CACHE_SCHEMA_VERSION)]);
    return new AdoCache(db, file);
  }

  getMeta(key: string): string | undefined {
    const r = this.db.exec('SELECT value FROM meta WHERE key = ?', [key])[0];
    return r ? String(r.values[0][0]) : undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT OR REPLACE INTO meta VALUES (?, ?)', [key, value]);
  }

  /** Empties the cache (connection changed): the next sync is a full one. */
  reset(): void {
    this.db.exec("DELETE FROM items; DELETE FROM transitions; DELETE FROM type_states; DELETE FROM sprints; DELETE FROM meta WHERE key <> 'schema';");
  }

  itemIds(): Set<number> {
    const out = new Set<number>();
    const stmt = this.db.prepare('SELECT id FROM items');
    try {
      while (stmt.step()) out.add(stmt.get()[0] as number);
    } finally {
      stmt.free();
    }
    return out;
  }

  /** The last known state per item (from its history), for transitions of later revisions. */
  lastStates(): Map<number, string> {
    const out = new Map<number, string>();
    const stmt = this.db.prepare('SELECT item_id, state FROM transitions ORDER BY item_id, rev');
    try {
      while (stmt.step()) {
        const r = stmt.get();
        out.set(r[0] as number, r[1] as string);
      }
    } finally {
      stmt.free();
    }
    return out;
  }

  upsertItems(items: readonly CachedItem[]): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    try {
      for (const i of items) stmt.run([i.id, i.rev, i.type, i.title, i.state, nullable(i.createdMs), nullable(i.changedMs), nullable(i.closedMs), nullable(i.resolvedMs), nullable(i.stateChangeMs), i.queryOrder]);
    } finally {
      stmt.free();
    }
  }

  addTransitions(itemId: number, list: readonly Transition[]): void {
    const stmt = this.db.prepare('INSERT OR REPLACE INTO transitions VALUES (?, ?, ?, ?)');
    try {
      for (const t of list) stmt.run([itemId, t.rev, t.state, t.ms]);
    } finally {
      stmt.free();
    }
  }

  /** Keeps only `ids` (the query's current result) and sets their order. */
  setQueryOrder(ids: readonly number[]): void {
    this.db.exec('CREATE TEMP TABLE IF NOT EXISTS q (id INTEGER PRIMARY KEY, pos INTEGER); DELETE FROM q;');
    const stmt = this.db.prepare('INSERT OR IGNORE INTO q VALUES (?, ?)');
    try {
      ids.forEach((id, pos) => stmt.run([id, pos]));
    } finally {
      stmt.free();
    }
    this.db.exec('DELETE FROM items WHERE id NOT IN (SELECT id FROM q); DELETE FROM transitions WHERE item_id NOT IN (SELECT id FROM q);');
    this.db.exec('UPDATE items SET query_order = (SELECT pos FROM q WHERE q.id = items.id); DROP TABLE q;');
  }

  replaceTypeStates(list: readonly { type: string; state: string; category: string }[]): void {
    this.db.exec('DELETE FROM type_states');
    const stmt = this.db.prepare('INSERT OR REPLACE INTO type_states VALUES (?, ?, ?)');
    try {
      for (const s of list) stmt.run([s.type, s.state, s.category]);
    } finally {
      stmt.free();
    }
  }

  replaceSprints(list: readonly Sprint[]): void {
    this.db.exec('DELETE FROM sprints');
    for (const s of list) this.db.run('INSERT OR REPLACE INTO sprints VALUES (?, ?, ?, ?)', [s.id, s.name, s.start, s.finish]);
  }

  /** Writes the whole cache atomically (readers see the old or the new file, never a mix). */
  async save(): Promise<void> {
    await writeFileAtomic(this.file, this.db.export());
  }

  close(): void {
    this.db.close();
  }

  snapshot(): CacheSnapshot {
    const items: CachedItem[] = [];
    const stmt = this.db.prepare('SELECT id, rev, type, title, state, created_ms, changed_ms, closed_ms, resolved_ms, state_change_ms, query_order FROM items ORDER BY query_order');
    try {
      while (stmt.step()) {
        const r = stmt.get();
        items.push({ id: r[0] as number, rev: r[1] as number, type: r[2] as string, title: r[3] as string, state: r[4] as string, createdMs: num(r[5]), changedMs: num(r[6]), closedMs: num(r[7]), resolvedMs: num(r[8]), stateChangeMs: num(r[9]), queryOrder: r[10] as number });
      }
    } finally {
      stmt.free();
    }
    const history = new Map<number, Transition[]>();
    const h = this.db.prepare('SELECT item_id, rev, state, at_ms FROM transitions ORDER BY item_id, rev');
    try {
      while (h.step()) {
        const r = h.get();
        const id = r[0] as number;
        let list = history.get(id);
        if (!list) history.set(id, (list = []));
        list.push({ rev: r[1] as number, state: r[2] as string, ms: r[3] as number });
      }
    } finally {
      h.free();
    }
    const typeStates = (this.db.exec('SELECT type, state, category FROM type_states')[0]?.values ?? []).map((r) => ({ type: String(r[0]), state: String(r[1]), category: String(r[2]) }));
    const sprints = (this.db.exec('SELECT id, name, start, finish FROM sprints ORDER BY start')[0]?.values ?? []).map((r) => ({ id: String(r[0]), name: String(r[1]), start: String(r[2]), finish: String(r[3]) }));
    const json = <T>(key: string, fallback: T): T => {
      try {
        const v = this.getMeta(key);
        return v === undefined ? fallback : (JSON.parse(v) as T);
      } catch {
        return fallback;
      }
    };
    return { connectionKey: this.getMeta('connection') ?? '', syncedAt: this.getMeta('syncedAt') ?? null, items, history, typeStates, sprints, calendar: json<TeamCalendar>('calendar', {}), warnings: json<string[]>('warnings', []) };
  }
}

/** Reads a cache file for forecasts (offline); undefined when there is none yet. */
export async function readCacheSnapshot(SQL: SqlJsStatic, file: string): Promise<CacheSnapshot | undefined> {
  try {
    await fs.access(file);
  } catch {
    return undefined;
  }
  const cache = await AdoCache.open(SQL, file);
  try {
    const s = cache.snapshot();
    return s.syncedAt ? s : undefined;
  } finally {
    cache.close();
  }
}
