// Schema migrations, keyed by PRAGMA user_version. Each runs in its own transaction together
// with the user_version bump, so a failed migration leaves the database exactly as it was.
import type { Database } from 'sql.js';
import { FlowcastError, errorMessage } from '../util/errors';

/** 'FLOW' in ASCII: marks a SQLite file as a Flowcast backlog (PRAGMA application_id). */
export const APPLICATION_ID = 0x464c4f57;

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'metadata, per-type ID counters, items',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE id_counters (
          type TEXT PRIMARY KEY,
          next INTEGER NOT NULL CHECK (next >= 1)
        ) WITHOUT ROWID;
        CREATE TABLE items (
          id         TEXT PRIMARY KEY,
          type       TEXT NOT NULL,
          title      TEXT NOT NULL,
          status     TEXT NOT NULL,
          rank       TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX items_status_rank ON items (status, rank);
      `);
    },
  },
  {
    version: 2,
    description: 'status history (feeds throughput and cycle time)',
    up(db) {
      db.exec(`
        CREATE TABLE status_history (
          seq         INTEGER PRIMARY KEY,
          item_id     TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
          from_status TEXT,
          to_status   TEXT NOT NULL,
          at          TEXT NOT NULL
        );
        CREATE INDEX status_history_item ON status_history (item_id, at);
        INSERT INTO status_history (item_id, from_status, to_status, at)
          SELECT id, NULL, status, created_at FROM items ORDER BY created_at, id;
      `);
    },
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function userVersion(db: Database): number {
  const r = db.exec('PRAGMA user_version');
  return Number(r[0]?.values[0]?.[0] ?? 0);
}

export function applicationId(db: Database): number {
  const r = db.exec('PRAGMA application_id');
  return Number(r[0]?.values[0]?.[0] ?? 0);
}

/**
 * Brings the database to the latest schema. Refuses files written by a newer Flowcast and
 * SQLite files that belong to another application; both are left untouched.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const appId = applicationId(db);
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new FlowcastError('not_a_flowcast_db', 'This SQLite file belongs to another application, not Flowcast.');
  }
  const from = userVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (from > latest) {
    throw new FlowcastError(
      'schema_too_new',
      `This backlog was written by a newer Flowcast (schema ${from}; this version reads up to ${latest}). Update Flowcast to open it.`,
      { found: from, supported: latest },
    );
  }
  if (from > 0 && appId === 0) {
    throw new FlowcastError('not_a_flowcast_db', 'This SQLite file was not created by Flowcast.');
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      m.up(db);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw new FlowcastError('migration_failed', `Upgrading the backlog to schema ${m.version} failed: ${errorMessage(err)}`, { version: m.version });
    }
  }
  return { from, to: Math.max(from, latest) };
}
