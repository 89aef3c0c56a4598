// One backlog = one SQLite database held in memory by sql.js and written to disk atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { FlowcastError, errorMessage } from '../util/errors';
import { removeStaleTempFiles, writeFileAtomic } from './atomicFile';
import { migrate, type Migration, MIGRATIONS } from './migrations';

export interface CorruptFileEvent {
  file: string;
  movedTo: string;
  reason: string;
}

export interface OpenOptions {
  SQL: SqlJsStatic;
  file: string;
  /** Debounce between a change and its write to disk (<= 500 ms). */
  flushDelayMs?: number;
  migrations?: readonly Migration[];
  /** A flush failed (reported once until a flush succeeds again). */
  onFlushError?: (err: unknown) => void;
  /** A flush succeeded after failures. */
  onFlushRecovered?: () => void;
  /** The file on disk could not be read as a database and was moved aside. */
  onCorrupt?: (event: CorruptFileEvent) => void;
  /** For tests: the write function (defaults to an atomic write). */
  write?: (file: string, data: Uint8Array) => Promise<void>;
  now?: () => Date;
}

const MAX_RETRY_DELAY_MS = 30_000;

function corruptName(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.corrupt-${stamp}${ext || '.db'}`;
}

export class BacklogDatabase {
  private generation = 0;
  private flushedGeneration = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failing = false;
  private retryDelay = 0;
  private closed = false;
  private txDepth = 0;

  private constructor(
    private db: Database,
    readonly file: string,
    private readonly opts: OpenOptions,
    /** True when the file did not exist (or was moved aside) and this is a new database. */
    readonly created: boolean,
  ) {
    this.configureConnection();
  }

  /**
   * Opens (or creates) the database at `file`. A file that is not a readable SQLite database
   * is renamed to `<name>.corrupt-<timestamp>.db` (never overwritten) and a new one is started.
   * A file from a newer Flowcast, or another application, is refused and left untouched.
   */
  static async open(opts: OpenOptions): Promise<BacklogDatabase> {
    const { SQL, file } = opts;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await removeStaleTempFiles(path.dirname(file), path.basename(file));
    let bytes: Uint8Array | undefined;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let db: Database | undefined;
    let created = bytes === undefined;
    if (bytes !== undefined) {
      try {
        if (bytes.byteLength === 0) throw new Error('the file is empty');
        db = new SQL.Database(bytes);
        const check = db.exec('PRAGMA quick_check');
        const verdict = String(check[0]?.values[0]?.[0] ?? '');
        if (verdict !== 'ok') throw new Error(`integrity check: ${verdict.slice(0, 200)}`);
      } catch (err) {
        db?.close();
        db = undefined;
        const movedTo = corruptName(file, (opts.now ?? (() => new Date()))());
        await fs.rename(file, movedTo);
        opts.onCorrupt?.({ file, movedTo, reason: errorMessage(err) });
        created = true;
      }
    }
    db ??= new SQL.Database();
    try {
      db.exec('PRAGMA foreign_keys = ON');
      migrate(db, opts.migrations ?? MIGRATIONS);
    } catch (err) {
      db.close();
      throw err;
    }
    const handle = new BacklogDatabase(db, file, opts, created);
    if (created) {
      // A new database is written at once so that it exists on disk.
      handle.generation++;
      await handle.flush();
    }
    return handle;
  }

  /** The sql.js connection. Use `write` for changes so they are persisted. */
  get connection(): Database {
    if (this.closed) throw new Error('database is closed');
    return this.db;
  }

  get isDirty(): boolean {
    return this.generation !== this.flushedGeneration;
  }

  /** Grows with every committed write (never goes back): a cache of what was read can compare it. */
  get writeGeneration(): number {
    return this.generation;
  }

  get isFailing(): boolean {
    return this.failing;
  }

  /** Runs `fn` in a transaction (nested calls join the outer one), then schedules a flush. */
  write<T>(fn: (db: Database) => T): T {
    const db = this.connection;
    if (this.txDepth > 0) return fn(db);
    db.exec('BEGIN');
    this.txDepth++;
    try {
      const result = fn(db);
      db.exec('COMMIT');
      this.markDirty();
      return result;
    } catch (err) {
      try {
        db.exec('ROLLBACK');
      } catch {
        /* SQLite already rolled the transaction back */
      }
      throw err;
    } finally {
      this.txDepth--;
    }
  }

  /** Runs a read-only query and returns rows as objects. */
  query<T = Record<string, unknown>>(sql: string, params: (string | number | null)[] = []): T[] {
    const stmt = this.connection.prepare(sql);
    try {
      stmt.bind(params);
      const rows: T[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject() as T);
      return rows;
    } finally {
      stmt.free();
    }
  }

  markDirty(): void {
    this.generation++;
    this.schedule(this.opts.flushDelayMs ?? 300);
  }

  /**
   * Writes the current state to disk now. Rejects if the write fails; the data stays in memory
   * and a retry is scheduled.
   */
  async flush(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight.catch(() => undefined);
    }
    if (!this.isDirty || this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const gen = this.generation;
    // export() closes and reopens the connection: pragmas and functions must be re-applied.
    const bytes = this.db.export();
    this.configureConnection();
    const write = this.opts.write ?? writeFileAtomic;
    const p = (async () => {
      try {
        await write(this.file, bytes);
        this.flushedGeneration = Math.max(this.flushedGeneration, gen);
        this.retryDelay = 0;
        if (this.failing) {
          this.failing = false;
          this.opts.onFlushRecovered?.();
        }
        if (this.isDirty) this.schedule(this.opts.flushDelayMs ?? 300);
      } catch (err) {
        if (!this.failing) {
          this.failing = true;
          this.opts.onFlushError?.(err);
        }
        this.retryDelay = Math.min(MAX_RETRY_DELAY_MS, this.retryDelay ? this.retryDelay * 2 : 1000);
        this.schedule(this.retryDelay);
        throw new FlowcastError('flush_failed', `Could not save the backlog to ${this.file}: ${errorMessage(err)}. Your changes are kept in memory and saving will be retried.`);
      }
    })();
    this.inFlight = p;
    try {
      await p;
    } finally {
      if (this.inFlight === p) this.inFlight = undefined;
    }
  }

  /** Flushes and releases the connection. Throws if the final flush fails (data not lost: caller decides). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.closed = true;
    this.db.close();
  }

  /** Releases without writing (used when the file is deleted). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.closed = true;
    this.db.close();
  }

  private schedule(delay: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined /* reported through onFlushError, retried */);
    }, delay);
    this.timer.unref?.();
  }

  private configureConnection(): void {
    this.db.exec('PRAGMA foreign_keys = ON');
  }
}
