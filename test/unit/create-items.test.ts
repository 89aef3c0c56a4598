// BacklogRepository.createItems / BacklogService.createItems: many items in one all-or-nothing,
// one-undo-step change (the import of a bulk extraction's review list).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Item } from '../../src/core/backlog/model';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogService, type ChangeEvent } from '../../src/core/backlog/service';
import { BacklogDatabase } from '../../src/core/storage/database';
import { loadSql, tempDir } from './helpers';

function ticking() {
  let t = Date.parse('2026-05-01T09:00:00.000Z');
  return () => new Date((t += 1000));
}

async function openRepo() {
  const file = path.join(await tempDir('flowcast-create-items-'), 'b.db');
  const db = await BacklogDatabase.open({ SQL: await loadSql(), file, flushDelayMs: 50 });
  return { repo: new BacklogRepository(db, ticking()), db };
}

/** Every item (archived too) by id, plus the counters and the undo log: the observable state. */
function snapshot(repo: BacklogRepository) {
  return {
    items: Object.fromEntries(repo.listItems({ includeArchived: true }).map((i) => [i.id, i])) as Record<string, Item>,
    types: repo.listTypes(),
    counters: repo.db.query('SELECT * FROM id_counters ORDER BY type'),
    undo: repo.undoState(),
    fts: repo.db.query('SELECT count(*) AS n FROM items_fts'),
  };
}

const column = (repo: BacklogRepository, status: string) => repo.listItems({ status: [status] }).map((i) => i.title);

describe('repository: createItems (bulk import of proposals)', () => {
  it('creates every item with its fields, at the bottom of its column in the given order, as ONE undo step', async () => {
    const { repo, db } = await openRepo();
    repo.createItem({ title: 'already here', status: 'backlog' });
    repo.createItem({ title: 'already ready', status: 'ready' });
    const depth = repo.undoState().depth;

    const created = repo.createItems([
      { title: 'First', type: 'FEAT', priority: 'high', effort: 'S', tags: ['Notes'], criteria: [{ text: 'works', checked: false }], description: 'from the notes' },
      { title: 'Second', type: 'BUG', status: 'ready', severity: 'P2' },
      { title: 'Third', type: 'FEAT' },
    ]);

    assert.deepEqual(
      created.map((i) => [i.id, i.title, i.type, i.status]),
      [
        ['FEAT-001', 'First', 'FEAT', 'backlog'],
        ['BUG-001', 'Second', 'BUG', 'ready'],
        ['FEAT-002', 'Third', 'FEAT', 'backlog'],
      ],
      'returned in the given order with new ids',
    );
    const first = repo.getItem('FEAT-001')!;
    assert.deepEqual([first.priority, first.effort, first.tags, first.criteria, first.description], ['high', 'S', ['notes'], [{ text: 'works', checked: false }], 'from the notes']);
    assert.equal(repo.getItem('BUG-001')!.severity, 'P2');
    assert.deepEqual(column(repo, 'backlog'), ['already here', 'First', 'Third'], 'appended at the bottom in the given order');
    assert.deepEqual(column(repo, 'ready'), ['already ready', 'Second']);
    assert.deepEqual(repo.statusHistory('FEAT-002').map((h) => [h.from, h.to]), [[null, 'backlog']], 'the creation is in the status history');
    assert.deepEqual(repo.undoState(), { undo: 'Create 3 items', redo: null, depth: depth + 1 }, 'one undo step');
    assert.deepEqual(
      repo.db.query<{ id: string }>("SELECT i.id FROM items_fts f JOIN items i ON i.rowid = f.docid WHERE items_fts MATCH 'notes'").map((r) => r.id),
      ['FEAT-001'],
      'the new items are in the full-text index',
    );
    await db.close();
  });

  it('one undo removes every created item (and its index entries); redo brings them all back', async () => {
    const { repo, db } = await openRepo();
    repo.createItem({ title: 'kept' });
    const before = snapshot(repo);

    const created = repo.createItems([{ title: 'a' }, { title: 'b', type: 'NEWTYPE' }, { title: 'c', status: 'done' }], { label: 'Import 3 proposals' });
    const after = snapshot(repo);
    assert.equal(created.length, 3);
    assert.ok(after.types.some((t) => t.key === 'NEWTYPE'), 'a missing type is created');

    assert.deepEqual(repo.undo(), { label: 'Import 3 proposals', itemIds: created.map((i) => i.id) });
    const undone = snapshot(repo);
    assert.deepEqual(undone.items, before.items, 'every created item is gone, the others untouched');
    assert.deepEqual(undone.types, before.types, 'the type it added is gone too');
    assert.deepEqual(undone.fts, before.fts, 'no index entry left behind');

    assert.equal(repo.redo()?.label, 'Import 3 proposals');
    assert.deepEqual(snapshot(repo).items, after.items, 'redo restores every item exactly');
    await db.close();
  });

  it('an invalid 3rd input throws, naming it, and creates nothing (items, counters, types, undo log unchanged)', async () => {
    const { repo, db } = await openRepo();
    repo.createItem({ title: 'kept' });
    const before = snapshot(repo);

    assert.throws(
      () => repo.createItems([{ title: 'ok one', type: 'FEAT' }, { title: 'ok two', type: 'OTHER' }, { title: '   ' }, { title: 'never reached' }]),
      (e: Error & { code?: string }) => e.code === 'invalid_input' && /^Item 3 of 4: An item needs a title\.$/.test(e.message),
    );
    assert.deepEqual(snapshot(repo), before, 'nothing was written');

    assert.throws(
      () => repo.createItems([{ title: 'ok' }, { title: 'ok too' }, { title: 'bad status', status: 'someday' }]),
      (e: Error & { code?: string }) => e.code === 'status_unknown' && /^Item 3 of 3: unknown status "someday"\.$/.test(e.message),
    );
    assert.throws(() => repo.createItems([{ title: 'ok' }, { title: 'ok' }, { title: 'bad type', type: 'not a type!' }]), /^FlowcastError: Item 3 of 3: "not a type!" is not a valid item type/);
    assert.throws(() => repo.createItems([{ title: 'ok' }, { title: 'ok' }, { title: 'x'.repeat(301) }]), /Item 3 of 3: A title can have at most 300 characters/);
    assert.deepEqual(snapshot(repo), before, 'still nothing written');
    await db.close();
  });

  it('an empty list creates nothing and records no undo step', async () => {
    const { repo, db } = await openRepo();
    const before = snapshot(repo);
    assert.deepEqual(repo.createItems([]), []);
    assert.deepEqual(snapshot(repo), before);
    await db.close();
  });
});

describe('service: createItems', () => {
  it('fires one items event naming every created id (the board refreshes), and a workflow event when a type was added', async () => {
    const s = new BacklogService({ dir: await tempDir('flowcast-create-items-svc-'), loadSql, flushDelayMs: 50, now: ticking() });
    const backlog = await s.createBacklog('Extraction');
    const events: ChangeEvent[] = [];
    s.onDidChange((e) => events.push(e));

    const created = await s.createItems([{ title: 'one' }, { title: 'two', type: 'BUG' }]);
    assert.deepEqual(events, [{ kind: 'items', backlogId: backlog.id, itemIds: created.map((i) => i.id) }]);

    events.length = 0;
    const more = await s.createItems([{ title: 'three', type: 'SPIKE' }], backlog.id);
    assert.deepEqual(events, [
      { kind: 'items', backlogId: backlog.id, itemIds: [more[0].id] },
      { kind: 'workflow', backlogId: backlog.id },
    ]);

    events.length = 0;
    await assert.rejects(s.createItems([{ title: 'fine' }, { title: '' }]), /Item 2 of 2/);
    assert.deepEqual(events, [], 'a refused import fires nothing');
    assert.equal((await s.repo()).repo.countItems(), 3);
    const undone = await s.undo();
    assert.equal(undone?.label, 'Create 1 item');
    await s.dispose();
  });
});
