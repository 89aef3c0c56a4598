// Schema migrations, keyed by PRAGMA user_version. Each runs in its own transaction together
// with the user_version bump, so a failed migration leaves the database exactly as it was.
import type { Database } from 'sql.js';
import { FlowcastError, errorMessage } from '../util/errors';
import { LEDGER_MIGRATION_SQL } from '../forecast/ledger';
import { CHAT_MIGRATION_SQL } from '../chat/schemaSql';

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
  {
    version: 3,
    description: 'full item model, types, workflow statuses, tags, relations, full-text index, undo log, templates, saved views',
    up(db) {
      db.exec(`
        ALTER TABLE items ADD COLUMN emoji TEXT NOT NULL DEFAULT '';
        ALTER TABLE items ADD COLUMN severity TEXT CHECK (severity IN ('P0', 'P1', 'P2', 'P3', 'P4'));
        ALTER TABLE items ADD COLUMN priority TEXT CHECK (priority IN ('high', 'medium', 'low'));
        ALTER TABLE items ADD COLUMN effort TEXT CHECK (effort IN ('XS', 'S', 'M', 'L', 'XL'));
        ALTER TABLE items ADD COLUMN component TEXT NOT NULL DEFAULT '';
        ALTER TABLE items ADD COLUMN description TEXT NOT NULL DEFAULT '';
        ALTER TABLE items ADD COLUMN user_story TEXT NOT NULL DEFAULT '';
        -- JSON object: specs, reproSteps, criteria, dependencies, constraints, attachments, links
        ALTER TABLE items ADD COLUMN lists TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE items ADD COLUMN archived_at TEXT;
        CREATE INDEX items_archived ON items (archived_at);
        CREATE INDEX items_type ON items (type);

        CREATE TABLE item_tags (
          item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
          tag      TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (item_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX item_tags_tag ON item_tags (tag);

        CREATE TABLE item_types (
          key      TEXT PRIMARY KEY,
          label    TEXT NOT NULL,
          color    TEXT NOT NULL,
          position INTEGER NOT NULL,
          hidden   INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        INSERT INTO item_types VALUES
          ('BUG', 'Bug', '#e5534b', 0, 0),
          ('FEAT', 'Feature', '#3fb950', 1, 0),
          ('TASK', 'Task', '#4493f8', 2, 0),
          ('DEBT', 'Technical debt', '#d29922', 3, 0),
          ('IDEA', 'Idea', '#a371f7', 4, 0);
        INSERT INTO item_types (key, label, color, position, hidden)
          SELECT DISTINCT type, type, '#8b949e', 100, 0 FROM items WHERE type NOT IN (SELECT key FROM item_types);

        CREATE TABLE statuses (
          key       TEXT PRIMARY KEY,
          label     TEXT NOT NULL,
          category  TEXT NOT NULL CHECK (category IN ('todo', 'in_progress', 'done')),
          position  INTEGER NOT NULL,
          wip_limit INTEGER CHECK (wip_limit IS NULL OR wip_limit > 0)
        ) WITHOUT ROWID;
        INSERT INTO statuses VALUES
          ('backlog', 'Backlog', 'todo', 0, NULL),
          ('ready', 'Ready', 'todo', 1, NULL),
          ('in_progress', 'In progress', 'in_progress', 2, NULL),
          ('review', 'Review', 'in_progress', 3, NULL),
          ('done', 'Done', 'done', 4, NULL);
        INSERT INTO statuses (key, label, category, position, wip_limit)
          SELECT DISTINCT status, status, 'todo', 100, NULL FROM items WHERE status NOT IN (SELECT key FROM statuses);

        CREATE TABLE relations (
          from_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
          to_id   TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
          kind    TEXT NOT NULL CHECK (kind IN ('blocks', 'relates', 'duplicates')),
          PRIMARY KEY (from_id, to_id, kind),
          CHECK (from_id <> to_id)
        ) WITHOUT ROWID;
        CREATE INDEX relations_to ON relations (to_id);

        -- Full-text index; docid = items.rowid (Flowcast never VACUUMs, so rowids are stable).
        -- body = description, user story, component and the TEXT of every list (not raw JSON).
        CREATE VIRTUAL TABLE items_fts USING fts4 (title, body, tags, tokenize=unicode61 "remove_diacritics=1");
        INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, '', '' FROM items;

        CREATE TABLE undo_log (
          seq    INTEGER PRIMARY KEY,
          label  TEXT NOT NULL,
          at     TEXT NOT NULL,
          change TEXT NOT NULL,
          undone INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE templates (
          id       TEXT PRIMARY KEY,
          name     TEXT NOT NULL,
          fields   TEXT NOT NULL,
          position INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE saved_views (
          id       TEXT PRIMARY KEY,
          name     TEXT NOT NULL,
          filter   TEXT NOT NULL,
          position INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    description: 'full-text index without its own copy of the text (external content: a view over items)',
    up(db) {
      // The view computes the indexed text from the item row itself: title; body = description,
      // user story, component and the TEXT of every list (never raw JSON), one per line; tags.
      // FTS4 reads it back for snippets and for deletes, so the index can never drift from the data.
      db.exec(`
        DROP TABLE items_fts;
        CREATE VIEW items_text AS
          SELECT i.rowid AS rowid,
                 i.title AS title,
                 (SELECT group_concat(t, char(10)) FROM (
                    SELECT i.description AS t WHERE trim(i.description) <> ''
                    UNION ALL SELECT i.user_story WHERE trim(i.user_story) <> ''
                    UNION ALL SELECT i.component WHERE trim(i.component) <> ''
                    UNION ALL SELECT value FROM json_each(i.lists, '$.specs') WHERE trim(value) <> ''
                    UNION ALL SELECT value FROM json_each(i.lists, '$.reproSteps') WHERE trim(value) <> ''
                    UNION ALL SELECT json_extract(value, '$.text') FROM json_each(i.lists, '$.criteria') WHERE trim(json_extract(value, '$.text')) <> ''
                    UNION ALL SELECT value FROM json_each(i.lists, '$.dependencies') WHERE trim(value) <> ''
                    UNION ALL SELECT value FROM json_each(i.lists, '$.constraints') WHERE trim(value) <> ''
                    UNION ALL SELECT json_extract(value, '$.name') FROM json_each(i.lists, '$.attachments') WHERE trim(json_extract(value, '$.name')) <> ''
                 )) AS body,
                 (SELECT group_concat(tag, ' ') FROM (SELECT tag FROM item_tags WHERE item_id = i.id ORDER BY position)) AS tags
            FROM items i;
        CREATE VIRTUAL TABLE items_fts USING fts4 (content="items_text", title, body, tags, tokenize=unicode61 "remove_diacritics=1");
        INSERT INTO items_fts (items_fts) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 5,
    description: 'AI backlog analysis: a priority score per item and the runs (groups, blocking bugs, insights)',
    up(db) {
      // Derived data: deleting an item drops its analysis (cascade); nothing here is exported.
      // content_hash = itemContentHash(item) when it was analysed: a different hash = outdated.
      db.exec(`
        CREATE TABLE ai_item_analysis (
          item_id      TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
          score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
          factors      TEXT NOT NULL, -- JSON [{name, weight?, value?, note}]
          rationale    TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          analysed_at  TEXT NOT NULL,
          provider     TEXT NOT NULL,
          model        TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE ai_analysis_runs (
          id            INTEGER PRIMARY KEY,
          at            TEXT NOT NULL,
          provider      TEXT,
          model         TEXT,
          groups        TEXT NOT NULL, -- JSON [{name, itemIds[], order, reason}]
          blocking_bugs TEXT NOT NULL, -- JSON [{itemId, reason}]
          insights      TEXT NOT NULL, -- JSON string[]
          analysed      INTEGER,
          skipped       INTEGER
        );
      `);
    },
  },
  {
    version: 6,
    description: 'forecast calibration ledger: every forecast a user runs, scored once its period has passed',
    up(db) {
      // Outside undo, never exported with the items; the team calendar and seed live in `meta`.
      db.exec(LEDGER_MIGRATION_SQL);
    },
  },
  {
    version: 7,
    description: 'AI chat: conversations and messages per backlog, and the log of changes made by agents',
    up(db) {
      // Outside undo, never exported with the items.
      db.exec(CHAT_MIGRATION_SQL);
    },
  },
  {
    version: 8,
    description: 'target date per item (ISO yyyy-mm-dd; the board shows the likelihood of meeting it)',
    up(db) {
      // Nullable: existing items have no target date. Not part of the full-text index.
      db.exec('ALTER TABLE items ADD COLUMN target_date TEXT');
    },
  },
  {
    version: 9,
    description: 'the Azure DevOps work item an item was published as (JSON: system, id, url)',
    up(db) {
      // Nullable: existing items were never published. Not part of the full-text index.
      db.exec('ALTER TABLE items ADD COLUMN external TEXT');
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
