// Target dates on items (issue #14): the v8 migration of an existing backlog file, repository
// writes, undo and redo, validation (repository and public-API schemas), and the editor's diff.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { diffField } from '../../src/core/backlog/fieldDiff';
import { isIsoDate, normaliseTargetDate } from '../../src/core/backlog/fieldRules';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { parseFlowcastMarkdown, parseTicketFlowMarkdown, toFlowcastMarkdown, toTicketFlowMarkdown } from '../../src/core/io';
import { ItemPatchInputSchema, NewItemInputSchema, validateArg, ValidationError } from '../../src/core/protocol/api';
import { BacklogDatabase } from '../../src/core/storage/database';
import { APPLICATION_ID, LATEST_VERSION, MIGRATIONS, userVersion } from '../../src/core/storage/migrations';
import { FlowcastError } from '../../src/core/util/errors';
import { loadSql, openClockedRepo, tempDir } from './helpers';
import { item } from './io-helpers';

describe('target dates on items', () => {
  it('a backlog file written at schema 7 opens at the latest schema: its items keep every field and have no target date, and one can then be set and persists', async () => {
    const SQL = await loadSql();
    const file = path.join(await tempDir(), 'old.db');
    const old = new SQL.Database();
    for (const m of MIGRATIONS.slice(0, 7)) {
      m.up(old);
      old.exec(`PRAGMA user_version = ${m.version}`);
    }
    old.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    old.run(
      "INSERT INTO items (id, type, title, status, rank, created_at, updated_at, priority, description) VALUES ('FEAT-001', 'FEAT', 'Export', 'ready', 'a0', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 'high', 'As CSV')",
    );
    old.run("INSERT INTO status_history (item_id, from_status, to_status, at) VALUES ('FEAT-001', NULL, 'ready', '2026-01-01T00:00:00.000Z')");
    old.run("INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = (SELECT rowid FROM items WHERE id = 'FEAT-001')");
    await fs.writeFile(file, old.export());
    old.close();

    const db = await BacklogDatabase.open({ SQL, file, flushDelayMs: 10, onCorrupt: (c) => assert.fail(`the old file was read as corrupt: ${c.reason}`) });
    assert.equal(userVersion(db.connection), LATEST_VERSION);
    const repo = new BacklogRepository(db, () => new Date('2026-02-01T00:00:00.000Z'));
    const it = repo.requireItem('FEAT-001');
    assert.equal(it.targetDate, null);
    assert.equal(it.priority, 'high');
    assert.equal(it.description, 'As CSV');
    repo.updateItem('FEAT-001', { targetDate: '2026-03-31' });
    await db.close();

    const again = await BacklogDatabase.open({ SQL, file, flushDelayMs: 10 });
    const repo2 = new BacklogRepository(again, () => new Date('2026-02-01T00:00:00.000Z'));
    assert.equal(repo2.requireItem('FEAT-001').targetDate, '2026-03-31');
    assert.equal(repo2.listCardFields().find((c) => c.id === 'FEAT-001')?.targetDate, '2026-03-31');
    await again.close();
  });

  it('create, edit, clear, undo and redo carry the target date; export (portable items) holds it', async () => {
    const { repo, db } = await openClockedRepo();
    const a = repo.createItem({ title: 'With a date', targetDate: '2026-04-30' });
    assert.equal(a.targetDate, '2026-04-30');
    assert.equal(repo.createItem({ title: 'Without' }).targetDate, null);
    repo.updateItem(a.id, { targetDate: '2026-05-15' });
    repo.updateItem(a.id, { targetDate: null });
    assert.equal(repo.requireItem(a.id).targetDate, null);
    repo.undo();
    assert.equal(repo.requireItem(a.id).targetDate, '2026-05-15');
    repo.undo();
    assert.equal(repo.requireItem(a.id).targetDate, '2026-04-30');
    repo.redo();
    assert.equal(repo.requireItem(a.id).targetDate, '2026-05-15');
    // A patch without the field keeps it.
    repo.updateItem(a.id, { title: 'Renamed' });
    assert.equal(repo.requireItem(a.id).targetDate, '2026-05-15');
    assert.equal(repo.portableItems().find((p) => p.id === a.id)?.targetDate, '2026-05-15');
    await db.close();
  });

  it('the repository refuses a target date that is not a real YYYY-MM-DD date (typed error naming the field) and changes nothing', async () => {
    const { repo, db } = await openClockedRepo();
    const a = repo.createItem({ title: 'x', targetDate: '2026-01-31' });
    for (const bad of ['2026-02-30', '2026-13-01', '31/12/2026', '2026-1-5', '2026-03-31T10:00:00Z']) {
      assert.throws(
        () => repo.updateItem(a.id, { targetDate: bad }),
        (e: unknown) => e instanceof FlowcastError && e.code === 'invalid_input' && e.args.field === 'targetDate' && /target date/.test(e.message),
        bad,
      );
    }
    assert.equal(repo.requireItem(a.id).targetDate, '2026-01-31');
    // Blank text means none; surrounding blanks are dropped.
    assert.equal(normaliseTargetDate('  '), null);
    assert.equal(normaliseTargetDate(' 2028-02-29 '), '2028-02-29');
    assert.equal(isIsoDate('2027-02-29'), false);
    await db.close();
  });

  it('the public API schemas accept a date or null and name input.targetDate for anything else', () => {
    assert.equal(validateArg(NewItemInputSchema, { title: 't', targetDate: '2026-03-31' }, 'input').targetDate, '2026-03-31');
    assert.equal(validateArg(ItemPatchInputSchema, { targetDate: null }, 'patch').targetDate, null);
    for (const bad of ['2026-02-30', 20260331, '', 'soon']) {
      assert.throws(
        () => validateArg(ItemPatchInputSchema, { targetDate: bad }, 'patch'),
        (e: unknown) => e instanceof ValidationError && e.field === 'patch.targetDate',
        String(bad),
      );
    }
  });

  it("the editor's proposal diff shows a target date change as a value (before / after)", () => {
    assert.deepEqual(diffField('targetDate', null, '2026-03-31'), { kind: 'value', before: null, after: '2026-03-31' });
    assert.equal(diffField('targetDate', '2026-03-31', '2026-03-31'), null);
  });

  it('Flowcast Markdown writes a "**Target date:**" line (also read as "Date cible"); TicketFlow Markdown keeps the date in the flowcast comment TicketFlow ignores', () => {
    const it = item({ id: 'FEAT-001', title: 'Export', targetDate: '2026-03-31' });
    const md = toFlowcastMarkdown([it], { backlogName: 'B', types: [] });
    assert.match(md, /^\*\*Target date:\*\* 2026-03-31$/m);
    assert.equal(parseFlowcastMarkdown(md).items[0].targetDate, '2026-03-31');
    assert.equal(parseFlowcastMarkdown(md.replace('**Target date:**', '**Date cible:**')).items[0].targetDate, '2026-03-31');
    const tf = toTicketFlowMarkdown([it], { projectName: 'P', types: [], locale: 'fr' });
    assert.doesNotMatch(tf, /^\*\*[^*]*:\*\* 2026-03-31/m);
    assert.match(tf, /^<!-- flowcast: .*"targetDate":"2026-03-31".* -->$/m);
    assert.equal(parseTicketFlowMarkdown(tf).items[0].targetDate, '2026-03-31');
  });
});
