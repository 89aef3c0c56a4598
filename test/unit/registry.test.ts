import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BacklogRegistry, slugify, validateBacklogName } from '../../src/core/storage/registry';
import { loadSql, tempDir } from './helpers';

async function registry(dir?: string) {
  return new BacklogRegistry({ dir: dir ?? (await tempDir()), loadSql, flushDelayMs: 50 });
}

describe('backlog registry', () => {
  it('creates a backlog as <slug>.db and lists it with its name', async () => {
    const r = await registry();
    const b = await r.create('Équipe Café  Sprint');
    assert.equal(b.id, 'equipe-cafe-sprint');
    assert.equal(b.name, 'Équipe Café Sprint');
    await fs.access(path.join(r.dir, 'equipe-cafe-sprint.db'));
    assert.deepEqual((await r.list()).map((x) => x.name), ['Équipe Café Sprint']);
    await r.closeAll();
  });

  it('refuses empty, too long, control-character and duplicate (case-insensitive) names', async () => {
    const r = await registry();
    await r.create('Main');
    await assert.rejects(r.create('  '), /empty/);
    await assert.rejects(r.create('x'.repeat(81)), /at most 80/);
    await assert.rejects(r.create('bad\u0007name'), /control/);
    await assert.rejects(r.create('MAIN'), (e: Error & { code?: string }) => e.code === 'backlog_name_taken');
    assert.equal((await r.list()).length, 1);
    await r.closeAll();
  });

  it('gives distinct files to names with the same slug', async () => {
    const r = await registry();
    const a = await r.create('Web app');
    const b = await r.create('Web-App!');
    assert.notEqual(a.id, b.id);
    assert.equal(b.id, 'web-app-2');
    await r.closeAll();
  });

  it('renames a backlog without changing its file', async () => {
    const r = await registry();
    const a = await r.create('Alpha');
    await r.rename(a.id, 'Beta');
    assert.deepEqual(await r.list(), [{ ...a, name: 'Beta' }]);
    const db = await r.openDatabase(a.id);
    assert.equal(db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'name'")[0].value, 'Beta');
    await r.closeAll();
  });

  it('delete moves the file to trash/ (recoverable) and removes it from the list', async () => {
    const r = await registry();
    const a = await r.create('Doomed');
    const { trashedTo } = await r.delete(a.id, new Date('2026-05-06T07:08:09.000Z'));
    assert.equal(path.basename(trashedTo), 'doomed.deleted-2026-05-06T07-08-09-000Z.db');
    await fs.access(trashedTo);
    assert.deepEqual(await r.list(), []);
    await assert.rejects(r.openDatabase(a.id), (e: Error & { code?: string }) => e.code === 'backlog_not_found');
  });

  it('a lost or corrupt manifest is rebuilt from the database files (no backlog disappears)', async () => {
    const dir = await tempDir();
    const r1 = await registry(dir);
    await r1.create('One');
    await r1.create('Two');
    await r1.closeAll();
    await fs.writeFile(path.join(dir, 'backlogs.json'), '{ not json');
    const r2 = await registry(dir);
    assert.deepEqual((await r2.list()).map((b) => b.id).sort(), ['one', 'two']);
    assert.ok((await fs.readdir(dir)).some((n) => n.startsWith('backlogs.corrupt-')), 'the unreadable manifest is kept');
  });

  it('corrupt backlog files (.corrupt-*.db) are never listed as backlogs', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'x.corrupt-2026.db'), 'junk');
    const r = await registry(dir);
    assert.deepEqual(await r.list(), []);
  });

  it('data written through one registry is read back by a fresh one from disk', async () => {
    const dir = await tempDir();
    const r1 = await registry(dir);
    const b = await r1.create('Persist');
    (await r1.openDatabase(b.id)).write((c) => c.run("INSERT INTO meta VALUES ('probe', '42')"));
    await r1.closeAll();
    const r2 = await registry(dir);
    const db = await r2.openDatabase(b.id);
    assert.equal(db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'probe'")[0].value, '42');
    await r2.closeAll();
  });

  it('slugify and validateBacklogName normalise whitespace and accents', () => {
    assert.equal(slugify('  Ça   marche!! '), 'ca-marche');
    assert.equal(slugify('!!!'), 'backlog');
    assert.equal(validateBacklogName('  a \t b '), 'a b');
  });
});

describe('backlog registry: concurrent close and open', () => {
  it('opening a backlog while it is being closed waits for the final write (no stale read, no lost temp file)', async () => {
    const r = await registry();
    const b = await r.create('Race');
    const db = await r.openDatabase(b.id);
    db.write((c) => c.run("INSERT INTO meta VALUES ('last', 'written before reopen')"));
    const [, again] = await Promise.all([r.reopen(b.id), r.openDatabase(b.id)]);
    assert.equal(again.query<{ value: string }>("SELECT value FROM meta WHERE key = 'last'")[0]?.value, 'written before reopen');
    await r.closeAll();
  });
});
