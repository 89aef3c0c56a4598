import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { LATEST_VERSION, migrate, MIGRATIONS, type Migration, userVersion } from '../../src/core/storage/migrations';
import { loadSql } from './helpers';

function schemaOf(db: Database): string[] {
  const r = db.exec("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
  return (r[0]?.values ?? []).map((v) => String(v[0]).replace(/\s+/g, ' '));
}

/** Sample rows valid at each schema version. */
function seed(db: Database, version: number): void {
  if (version >= 1) {
    db.run("INSERT INTO meta VALUES ('name', 'Seeded')");
    db.run("INSERT INTO id_counters VALUES ('BUG', 3)");
    const cols = 'id, type, title, status, rank, created_at, updated_at';
    db.run(`INSERT INTO items (${cols}) VALUES ('BUG-001', 'BUG', 'Crash on save', 'done', 'a0', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')`);
    db.run(`INSERT INTO items (${cols}) VALUES ('BUG-002', 'BUG', 'Typo', 'backlog', 'a1', '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z')`);
  }
  if (version >= 2) db.run("INSERT INTO status_history (item_id, from_status, to_status, at) VALUES ('BUG-001', 'backlog', 'done', '2026-01-02T00:00:00.000Z')");
  if (version >= 3) {
    db.run(`UPDATE items SET description = 'Saving loses data', lists = '{"criteria":[{"text":"no zebra stripes","checked":false}]}' WHERE id = 'BUG-001'`);
    db.run("INSERT INTO item_tags (item_id, tag, position) VALUES ('BUG-001', 'storage', 0)");
    // From v4 the index reads its text from the items_text view, as the repository writes it.
    if (version >= 4) db.run("INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = (SELECT rowid FROM items WHERE id = 'BUG-001')");
    else db.run("INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, description, 'storage' FROM items WHERE id = 'BUG-001'");
  }
}

describe('schema migrations', () => {
  it('versions are consecutive from 1 and LATEST_VERSION is the last', () => {
    MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
    assert.equal(LATEST_VERSION, MIGRATIONS.length);
  });

  for (let from = 0; from < LATEST_VERSION; from++) {
    it(`upgrades a database from version ${from} to ${LATEST_VERSION}, keeping its data, with the same schema as a new one`, async () => {
      const SQL = await loadSql();
      const fresh = new SQL.Database();
      migrate(fresh);
      const old = new SQL.Database();
      migrate(old, MIGRATIONS.slice(0, from));
      assert.equal(userVersion(old), from);
      seed(old, from);
      const r = migrate(old);
      assert.deepEqual(r, { from, to: LATEST_VERSION });
      assert.equal(userVersion(old), LATEST_VERSION);
      assert.deepEqual(schemaOf(old), schemaOf(fresh));
      if (from >= 1) {
        assert.equal(old.exec('SELECT count(*) FROM items')[0].values[0][0], 2);
        assert.equal(old.exec("SELECT value FROM meta WHERE key = 'name'")[0].values[0][0], 'Seeded');
        // v2 backfills one history row per existing item when upgrading from v1
        const history = old.exec('SELECT count(*) FROM status_history')[0].values[0][0];
        assert.equal(history, from === 1 ? 2 : 1);
      }
      // the full-text index is rebuilt from the items: list text and tags are searchable
      const hit = (q: string) => old.exec(`SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.docid WHERE items_fts MATCH '${q}'`)[0]?.values.map((v) => v[0]);
      if (from >= 1) assert.deepEqual(hit('crash'), ['BUG-001']);
      if (from >= 3) {
        assert.deepEqual(hit('zebra'), ['BUG-001']);
        assert.deepEqual(hit('storage'), ['BUG-001']);
      }
      fresh.close();
      old.close();
    });
  }

  it('v5: an item\'s AI analysis goes with the item (cascade) and scores outside 0-100 are refused', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 4));
    seed(db, 4);
    migrate(db, MIGRATIONS.slice(0, 5));
    assert.equal(userVersion(db), 5);
    const add = (id: string, score: number) =>
      db.run("INSERT INTO ai_item_analysis VALUES (?, ?, '[]', 'why', 'h', '2026-01-04T00:00:00.000Z', 'openai', 'gpt')", [id, score]);
    add('BUG-001', 80);
    add('BUG-002', 0);
    assert.throws(() => add('BUG-002', 101), /CHECK constraint failed/);
    assert.throws(() => add('BUG-404', 50), /FOREIGN KEY constraint failed/);
    db.run("INSERT INTO ai_analysis_runs (at, groups, blocking_bugs, insights) VALUES ('2026-01-04T00:00:00.000Z', '[]', '[]', '[]')");
    db.run("DELETE FROM items WHERE id = 'BUG-001'");
    assert.deepEqual(db.exec('SELECT item_id FROM ai_item_analysis')[0].values, [['BUG-002']]);
    assert.equal(db.exec('SELECT count(*) FROM ai_analysis_runs')[0].values[0][0], 1);
    db.close();
  });

  it('a migration that fails is rolled back completely; user_version does not move', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    migrate(db, MIGRATIONS.slice(0, 1));
    const broken: Migration = {
      version: 2,
      description: 'fails half way',
      up(d) {
        d.exec('CREATE TABLE half_done (x)');
        d.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    assert.throws(() => migrate(db, [MIGRATIONS[0], broken]), (e: Error & { code?: string }) => e.code === 'migration_failed' && /schema 2/.test(e.message));
    assert.equal(userVersion(db), 1);
    assert.equal(db.exec("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")[0].values[0][0], 0);
    db.close();
  });

  it('migrating an up-to-date database is a no-op', async () => {
    const SQL = await loadSql();
    const db = new SQL.Database();
    migrate(db);
    const before = schemaOf(db);
    assert.deepEqual(migrate(db), { from: LATEST_VERSION, to: LATEST_VERSION });
    assert.deepEqual(schemaOf(db), before);
    db.close();
  });
});
