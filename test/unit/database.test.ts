import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../src/core/storage/atomicFile';
import { BacklogDatabase, type CorruptFileEvent } from '../../src/core/storage/database';
import { APPLICATION_ID, LATEST_VERSION } from '../../src/core/storage/migrations';
import { loadSql, sleep, tempDir, waitFor } from './helpers';

async function openAt(file: string, extra: Partial<Parameters<typeof BacklogDatabase.open>[0]> = {}) {
  return BacklogDatabase.open({ SQL: await loadSql(), file, flushDelayMs: 50, ...extra });
}

function countRows(bytes: Uint8Array, SQL: Awaited<ReturnType<typeof loadSql>>): number {
  const db = new SQL.Database(bytes);
  try {
    return Number(db.exec('SELECT count(*) FROM meta')[0].values[0][0]);
  } finally {
    db.close();
  }
}

describe('BacklogDatabase on disk', () => {
  it('a new database is written to disk at once, marked as Flowcast, at the latest schema', async () => {
    const file = path.join(await tempDir(), 'a.db');
    const db = await openAt(file);
    assert.equal(db.created, true);
    const SQL = await loadSql();
    const copy = new SQL.Database(await fs.readFile(file));
    assert.equal(copy.exec('PRAGMA application_id')[0].values[0][0], APPLICATION_ID);
    assert.equal(copy.exec('PRAGMA user_version')[0].values[0][0], LATEST_VERSION);
    copy.close();
    await db.close();
  });

  it('a change is flushed to disk by the debounce without an explicit flush', async () => {
    const file = path.join(await tempDir(), 'a.db');
    const db = await openAt(file, { flushDelayMs: 40 });
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    assert.equal(db.isDirty, true);
    await waitFor(() => !db.isDirty, 2000);
    const SQL = await loadSql();
    assert.equal(countRows(await fs.readFile(file), SQL), 1);
    await db.close();
  });

  it('many quick writes are coalesced into few disk writes', async () => {
    const file = path.join(await tempDir(), 'a.db');
    let writes = 0;
    const db = await openAt(file, {
      flushDelayMs: 50,
      write: async (f, d) => {
        writes++;
        await writeFileAtomic(f, d);
      },
    });
    writes = 0;
    for (let i = 0; i < 50; i++) db.write((c) => c.run('INSERT INTO meta VALUES (?, ?)', [`k${i}`, 'v']));
    await waitFor(() => !db.isDirty, 2000);
    assert.ok(writes >= 1 && writes <= 2, `wrote ${writes} times`);
    await db.close();
  });

  it('a failed transaction is rolled back and nothing is marked to save', async () => {
    const file = path.join(await tempDir(), 'a.db');
    const db = await openAt(file);
    await db.flush();
    assert.throws(() =>
      db.write((c) => {
        c.run("INSERT INTO meta VALUES ('a', '1')");
        c.run("INSERT INTO meta VALUES ('a', '2')"); // primary key violation
      }),
    );
    assert.equal(db.query('SELECT * FROM meta').length, 0);
    assert.equal(db.isDirty, false);
    await db.close();
  });

  it('an atomic flush leaves no temporary files behind', async () => {
    const dir = await tempDir();
    const db = await openAt(path.join(dir, 'a.db'));
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    await db.flush();
    assert.deepEqual(await fs.readdir(dir), ['a.db']);
    await db.close();
  });

  it('temporary files left by a crash are cleaned up on open, and the database is intact', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    const db = await openAt(file);
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    await db.close();
    await fs.writeFile(path.join(dir, '.a.db.123.abcdef.tmp'), 'half written');
    const again = await openAt(file);
    assert.equal(again.query('SELECT * FROM meta').length, 1);
    assert.deepEqual(await fs.readdir(dir), ['a.db']);
    await again.close();
  });

  it('foreign keys stay enforced after a flush (export() resets pragmas)', async () => {
    const file = path.join(await tempDir(), 'a.db');
    const db = await openAt(file);
    await db.flush();
    db.write((c) => c.run("INSERT INTO meta VALUES ('x', 'y')"));
    await db.flush();
    assert.equal(db.query<{ foreign_keys: number }>('PRAGMA foreign_keys')[0].foreign_keys, 1);
    assert.throws(() => db.write((c) => c.run("INSERT INTO status_history (item_id, to_status, at) VALUES ('NOPE-1', 'done', 'now')")), /FOREIGN KEY/);
    await db.close();
  });

  it('a failing flush keeps the data in memory, reports once, retries and recovers', async () => {
    const file = path.join(await tempDir(), 'a.db');
    let fail = false;
    let errors = 0;
    let recovered = 0;
    const db = await openAt(file, {
      flushDelayMs: 20,
      onFlushError: () => errors++,
      onFlushRecovered: () => recovered++,
      write: async (f, d) => {
        if (fail) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await writeFileAtomic(f, d);
      },
    });
    fail = true;
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    await assert.rejects(db.flush(), /kept in memory/);
    await assert.rejects(db.flush(), /ENOSPC/);
    assert.equal(errors, 1, 'the error is reported once, not on every retry');
    assert.equal(db.isFailing, true);
    assert.equal(db.query('SELECT * FROM meta').length, 1, 'data is still in memory');
    fail = false;
    await waitFor(() => !db.isDirty, 5000); // the scheduled retry succeeds by itself
    assert.equal(recovered, 1);
    assert.equal(countRows(await fs.readFile(file), await loadSql()), 1);
    await db.close();
  });

  it('a corrupt file is moved aside untouched and a new backlog is started', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    const garbage = Buffer.from('this is not a sqlite database, but it is somebody\'s data'.repeat(50));
    await fs.writeFile(file, garbage);
    const events: CorruptFileEvent[] = [];
    const db = await openAt(file, { onCorrupt: (e) => events.push(e), now: () => new Date('2026-01-02T03:04:05.678Z') });
    assert.equal(events.length, 1);
    assert.equal(path.basename(events[0].movedTo), 'a.corrupt-2026-01-02T03-04-05-678Z.db');
    assert.deepEqual(await fs.readFile(events[0].movedTo), garbage, 'the corrupt file is byte-for-byte intact');
    assert.equal(db.created, true);
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    await db.close();
    assert.deepEqual(await fs.readFile(events[0].movedTo), garbage, 'still intact after new writes');
    assert.deepEqual((await fs.readdir(dir)).sort(), ['a.corrupt-2026-01-02T03-04-05-678Z.db', 'a.db']);
  });

  it('a truncated database (half a SQLite file) is moved aside too', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    const db = await openAt(file);
    for (let i = 0; i < 200; i++) db.write((c) => c.run('INSERT INTO meta VALUES (?, ?)', [`k${i}`, 'x'.repeat(500)]));
    await db.close();
    const full = await fs.readFile(file);
    await fs.writeFile(file, full.subarray(0, Math.floor(full.length / 2)));
    const events: CorruptFileEvent[] = [];
    const again = await openAt(file, { onCorrupt: (e) => events.push(e) });
    assert.equal(events.length, 1);
    await again.close();
  });

  it('an empty file is moved aside, not silently treated as a new backlog', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    await fs.writeFile(file, '');
    const events: CorruptFileEvent[] = [];
    const db = await openAt(file, { onCorrupt: (e) => events.push(e) });
    assert.equal(events.length, 1);
    assert.match(events[0].reason, /empty/);
    await db.close();
  });

  it('a database from a newer Flowcast is refused and left byte-for-byte untouched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    const SQL = await loadSql();
    const future = new SQL.Database();
    future.exec(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${LATEST_VERSION + 5}; CREATE TABLE t (x);`);
    const bytes = future.export();
    future.close();
    await fs.writeFile(file, bytes);
    await assert.rejects(openAt(file), (e: Error & { code?: string }) => e.code === 'schema_too_new' && /newer Flowcast/.test(e.message));
    assert.deepEqual(new Uint8Array(await fs.readFile(file)), bytes);
    assert.deepEqual(await fs.readdir(dir), ['a.db']);
  });

  it('a SQLite file of another application is refused and left untouched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.db');
    const SQL = await loadSql();
    const other = new SQL.Database();
    other.exec('PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE t (x);');
    const bytes = other.export();
    other.close();
    await fs.writeFile(file, bytes);
    await assert.rejects(openAt(file), (e: Error & { code?: string }) => e.code === 'not_a_flowcast_db');
    assert.deepEqual(new Uint8Array(await fs.readFile(file)), bytes);
  });

  it('close() writes pending changes (the deactivate path)', async () => {
    const file = path.join(await tempDir(), 'a.db');
    const db = await openAt(file, { flushDelayMs: 500 });
    db.write((c) => c.run("INSERT INTO meta VALUES ('k', 'v')"));
    await db.close();
    assert.equal(countRows(await fs.readFile(file), await loadSql()), 1);
    await sleep(1);
  });
});
