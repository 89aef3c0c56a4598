import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Item } from '../../src/core/backlog/model';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { BacklogService, type ChangeEvent } from '../../src/core/backlog/service';
import { BacklogDatabase } from '../../src/core/storage/database';
import { loadSql, tempDir } from './helpers';

/** A repository on a real sql.js database file in a new temp dir, with a clock that ticks 1 s per call. */
async function openRepo() {
  const file = path.join(await tempDir('flowcast-bulk-'), 'b.db');
  const db = await BacklogDatabase.open({ SQL: await loadSql(), file, flushDelayMs: 50 });
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  return { repo: new BacklogRepository(db, () => new Date((t += 1000))), db, file };
}

function ticking() {
  let t = Date.parse('2026-04-01T09:00:00.000Z');
  return () => new Date((t += 1000));
}

/** Every item, archived ones too, by id (the whole observable state of the items). */
function snapshot(repo: BacklogRepository): Record<string, Item> {
  return Object.fromEntries(repo.listItems({ includeArchived: true }).map((i) => [i.id, i]));
}

const columnIds = (repo: BacklogRepository, status: string) => repo.listItems({ status: [status] }).map((i) => i.id);

describe('repository: bulkUpdate', () => {
  it('sets every given field on every listed item as ONE undo step; undo restores every item, redo re-applies', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', priority: 'low', effort: 'XL' });
    const b = repo.createItem({ title: 'b', type: 'FEAT', severity: 'P3' });
    const c = repo.createItem({ title: 'c', tags: ['keep'] });
    const bystander = repo.createItem({ title: 'not selected' });
    const before = snapshot(repo);
    const depth = repo.undoState().depth;

    const changed = repo.bulkUpdate([a.id, b.id, c.id], { status: 'in_progress', type: 'BUG', priority: 'high', effort: 'S', severity: 'P1', addTags: ['bulk'] });

    assert.deepEqual(changed.map((i) => i.id).sort(), [a.id, b.id, c.id].sort());
    for (const id of [a.id, b.id, c.id]) {
      const it = repo.getItem(id)!;
      assert.deepEqual([it.id, it.status, it.type, it.priority, it.effort, it.severity], [id, 'in_progress', 'BUG', 'high', 'S', 'P1'], `${id}: fields set, id unchanged`);
      assert.ok(it.tags.includes('bulk'));
    }
    assert.deepEqual(repo.getItem(c.id)!.tags, ['keep', 'bulk'], 'existing tags kept, new one appended');
    assert.deepEqual(repo.getItem(bystander.id), before[bystander.id], 'an item that was not listed is untouched');
    assert.deepEqual(repo.undoState(), { undo: 'Edit 3 items', redo: null, depth: depth + 1 }, 'one undo step for the whole change');
    const after = snapshot(repo);

    assert.equal(repo.undo()?.label, 'Edit 3 items');
    assert.deepEqual(snapshot(repo), before, 'one undo restores every item exactly (fields, ranks, times)');
    assert.deepEqual(repo.statusHistory(a.id).length, 1, 'the status history entry goes with the undo');
    assert.equal(repo.redo()?.label, 'Edit 3 items');
    assert.deepEqual(snapshot(repo), after, 'redo re-applies the whole change');
    await db.close();
  });

  it('clears fields when given null, and leaves fields that are not in the patch alone', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', priority: 'high', effort: 'M', severity: 'P2', tags: ['x'] });
    repo.bulkUpdate([a.id], { priority: null, severity: null });
    const it = repo.getItem(a.id)!;
    assert.deepEqual([it.priority, it.severity, it.effort, it.tags, it.status, it.type], [null, null, 'M', ['x'], 'backlog', 'TASK']);
    await db.close();
  });

  it('returns only the items that actually changed; unchanged items keep their update time; no change at all records no undo step', async () => {
    const { repo, db } = await openRepo();
    const same = repo.createItem({ title: 'already high', priority: 'high' });
    const other = repo.createItem({ title: 'low', priority: 'low' });
    const changed = repo.bulkUpdate([same.id, other.id], { priority: 'high' });
    assert.deepEqual(
      changed.map((i) => i.id),
      [other.id],
    );
    assert.equal(repo.getItem(same.id)!.updatedAt, same.updatedAt, 'the unchanged item was not rewritten');
    const depth = repo.undoState().depth;
    const stamp = repo.getItem(other.id)!.updatedAt;
    assert.deepEqual(repo.bulkUpdate([same.id, other.id], { priority: 'high', addTags: [], removeTags: ['absent'] }), []);
    assert.equal(repo.undoState().depth, depth, 'nothing changed: nothing to undo');
    assert.equal(repo.getItem(other.id)!.updatedAt, stamp);
    await db.close();
  });

  it('an unknown id anywhere in the list throws item_not_found and changes nothing', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a' });
    const b = repo.createItem({ title: 'b' });
    const before = snapshot(repo);
    const depth = repo.undoState().depth;
    assert.throws(() => repo.bulkUpdate([a.id, b.id, 'TASK-999'], { priority: 'high' }), (e: Error & { code?: string }) => e.code === 'item_not_found' && /TASK-999/.test(e.message));
    assert.deepEqual(snapshot(repo), before);
    assert.equal(repo.undoState().depth, depth);
    await db.close();
  });

  it('an unknown status or type throws and changes nothing (no type is created)', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a' });
    const before = snapshot(repo);
    const types = repo.listTypes();
    const depth = repo.undoState().depth;
    assert.throws(() => repo.bulkUpdate([a.id], { status: 'nowhere', priority: 'high' }), (e: Error & { code?: string }) => e.code === 'status_unknown' && /nowhere/.test(e.message));
    assert.throws(() => repo.bulkUpdate([a.id], { type: 'NOPE', priority: 'high' }), (e: Error & { code?: string }) => e.code === 'invalid_input' && /NOPE/.test(e.message));
    assert.deepEqual(snapshot(repo), before);
    assert.deepEqual(repo.listTypes(), types);
    assert.equal(repo.undoState().depth, depth);
    await db.close();
  });

  it('a failure on a later item rolls back the items already changed (all or nothing)', async () => {
    const { repo, db } = await openRepo();
    const first = repo.createItem({ title: 'first', tags: ['x'] });
    // 500 tags is the most an item can have: adding one more fails for this item only.
    const full = repo.createItem({ title: 'full', tags: Array.from({ length: 500 }, (_, i) => `t${i}`) });
    const before = snapshot(repo);
    const depth = repo.undoState().depth;
    assert.throws(() => repo.bulkUpdate([first.id, full.id], { priority: 'high', addTags: ['one-more'] }), /at most 500/);
    assert.deepEqual(snapshot(repo), before, 'the first item is not left half-changed');
    assert.equal(repo.undoState().depth, depth);
    await db.close();
  });

  it('adds a tag once per item, whatever its case, and removes tags ignoring case', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', tags: ['urgent', 'ui'] });
    const b = repo.createItem({ title: 'b', tags: ['backend'] });
    const c = repo.createItem({ title: 'c' });
    repo.bulkUpdate([a.id, b.id, c.id], { addTags: ['Urgent', 'URGENT', 'Perf'], removeTags: ['UI', 'BackEnd'] });
    assert.deepEqual(repo.getItem(a.id)!.tags, ['urgent', 'perf']);
    assert.deepEqual(repo.getItem(b.id)!.tags, ['urgent', 'perf']);
    assert.deepEqual(repo.getItem(c.id)!.tags, ['urgent', 'perf']);
    await db.close();
  });

  // BUG (reported, not fixed here): src/core/backlog/repository.ts bulkUpdate compares tags with
  // fold = trim + lowercase, but stored tags are normalised by normaliseFields (leading "#"
  // dropped, spaces -> "-"). Adding "needs review" or "#urgent" to an item that already has
  // "needs-review" / "urgent" builds a different list, so the item is rewritten (updatedAt bumped,
  // an undo step recorded) and returned as "changed" although its tags end up identical.
  it('adding a tag the item already has in normalised form ("#urgent", "needs review") is not a change', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', tags: ['urgent', 'needs-review'] });
    const depth = repo.undoState().depth;
    assert.deepEqual(repo.bulkUpdate([a.id], { addTags: ['#urgent', 'needs review'] }), []);
    assert.equal(repo.getItem(a.id)!.updatedAt, a.updatedAt);
    assert.equal(repo.undoState().depth, depth);
    await db.close();
  });

  it('items moved to another status go to the bottom of the new column in their previous relative order', async () => {
    const { repo, db } = await openRepo();
    const done1 = repo.createItem({ title: 'done 1', status: 'done' }, { position: 'bottom' });
    const done2 = repo.createItem({ title: 'done 2', status: 'done' }, { position: 'bottom' });
    const [p, q, r, s] = ['p', 'q', 'r', 's'].map((t) => repo.createItem({ title: t }, { position: 'bottom' }));
    assert.deepEqual(columnIds(repo, 'backlog'), [p.id, q.id, r.id, s.id]);
    // listed in another order than the column's: the column order wins
    repo.bulkUpdate([s.id, p.id, r.id], { status: 'done' });
    assert.deepEqual(columnIds(repo, 'done'), [done1.id, done2.id, p.id, r.id, s.id]);
    assert.deepEqual(columnIds(repo, 'backlog'), [q.id]);
    await db.close();
  });

  // BUG (reported, not fixed here): src/core/backlog/repository.ts bulkUpdate orders the moved items
  // by their raw rank strings across columns. Ranks are only comparable inside one column, so items
  // taken from several columns are interleaved instead of keeping the order the board and the list
  // show (column in workflow order, then rank): here backlog [B1, B2] + ready [R1, R2] moved to done
  // become [B1, R1, B2, R2].
  it('items moved from several columns keep board order (column by column) at the bottom of the new one', async () => {
    const { repo, db } = await openRepo();
    const [b1, b2] = ['B1', 'B2'].map((t) => repo.createItem({ title: t }, { position: 'bottom' }));
    const [r1, r2] = ['R1', 'R2'].map((t) => repo.createItem({ title: t, status: 'ready' }, { position: 'bottom' }));
    repo.bulkUpdate([b1.id, b2.id, r1.id, r2.id], { status: 'done' });
    assert.deepEqual(columnIds(repo, 'done'), [b1.id, b2.id, r1.id, r2.id]);
    await db.close();
  });

  it('writes one status history entry per moved item, none for items already in that status', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a' });
    const b = repo.createItem({ title: 'b', status: 'review' });
    const already = repo.createItem({ title: 'c', status: 'done' });
    repo.bulkUpdate([a.id, b.id, already.id], { status: 'done' });
    assert.deepEqual(
      repo.statusHistory(a.id).map((h) => [h.from, h.to]),
      [
        [null, 'backlog'],
        ['backlog', 'done'],
      ],
    );
    assert.deepEqual(
      repo.statusHistory(b.id).map((h) => [h.from, h.to]),
      [
        [null, 'review'],
        ['review', 'done'],
      ],
    );
    assert.deepEqual(
      repo.statusHistory(already.id).map((h) => [h.from, h.to]),
      [[null, 'done']],
    );
    await db.close();
  });

  it('a repeated id is changed once and counted once', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a' });
    const changed = repo.bulkUpdate([a.id, a.id, a.id], { status: 'ready', addTags: ['x'] });
    assert.equal(changed.length, 1);
    assert.deepEqual(repo.getItem(a.id)!.tags, ['x']);
    assert.equal(repo.statusHistory(a.id).length, 2);
    assert.equal(repo.undoState().undo, 'Edit 1 item');
    await db.close();
  });

  it('the change and its undo are on disk: reopening the file gives the same items and can still undo it', async () => {
    const first = await openRepo();
    const a = first.repo.createItem({ title: 'a' });
    const b = first.repo.createItem({ title: 'b' });
    const before = snapshot(first.repo);
    first.repo.bulkUpdate([a.id, b.id], { effort: 'L', status: 'review' });
    const after = snapshot(first.repo);
    await first.db.close();
    const db = await BacklogDatabase.open({ SQL: await loadSql(), file: first.file, flushDelayMs: 50 });
    const repo = new BacklogRepository(db);
    assert.deepEqual(snapshot(repo), after);
    repo.undo();
    assert.deepEqual(snapshot(repo), before);
    await db.close();
  });
});

describe('backlog service: bulk changes, moves with a lane, preferences', () => {
  async function service(dir?: string) {
    const d = dir ?? (await tempDir('flowcast-bulk-svc-'));
    const s = new BacklogService({ dir: d, loadSql, flushDelayMs: 50, now: ticking() });
    return { s, dir: d };
  }

  it('bulkUpdate returns the changed items and fires one items event naming the listed ids', async () => {
    const { s } = await service();
    const backlog = await s.createBacklog('Bulk');
    const a = await s.createItem({ title: 'a' });
    const b = await s.createItem({ title: 'b', priority: 'low' });
    const events: ChangeEvent[] = [];
    s.onDidChange((e) => events.push(e));
    const changed = await s.bulkUpdate([a.id, b.id], { priority: 'low' });
    assert.deepEqual(
      changed.map((i) => i.id),
      [a.id],
    );
    assert.deepEqual(events, [{ kind: 'items', backlogId: backlog.id, itemIds: [a.id, b.id] }]);
    await s.dispose();
  });

  it('bulkUpdate through the service is one undo step: service.undo restores every item, service.redo re-applies', async () => {
    const { s } = await service();
    await s.createBacklog('Bulk');
    const items = await Promise.all(['a', 'b', 'c'].map((t) => s.createItem({ title: t })));
    const { repo } = await s.repo();
    const before = snapshot(repo);
    await s.bulkUpdate(
      items.map((i) => i.id),
      { status: 'done', priority: 'medium', addTags: ['release'] },
    );
    const after = snapshot(repo);
    const undone = await s.undo();
    assert.equal(undone?.label, 'Edit 3 items');
    assert.deepEqual(undone?.itemIds.sort(), items.map((i) => i.id).sort());
    assert.deepEqual(snapshot(repo), before);
    await s.redo();
    assert.deepEqual(snapshot(repo), after);
    await s.dispose();
  });

  it('bulkUpdate with an unknown id rejects and changes nothing, and fires no event', async () => {
    const { s } = await service();
    await s.createBacklog('Bulk');
    const a = await s.createItem({ title: 'a' });
    const events: ChangeEvent[] = [];
    s.onDidChange((e) => events.push(e));
    await assert.rejects(s.bulkUpdate([a.id, 'BUG-404'], { status: 'done' }), (e: Error & { code?: string }) => e.code === 'item_not_found');
    assert.equal((await s.getItem(a.id))?.status, 'backlog');
    assert.deepEqual(events, []);
    await s.dispose();
  });

  it('moveItem with `set` (a drop into another swimlane) changes status and priority in ONE undo step', async () => {
    const { s } = await service();
    await s.createBacklog('Lanes');
    const a = await s.createItem({ title: 'a', priority: 'high' });
    const { repo } = await s.repo();
    const depth = repo.undoState().depth;
    const before = repo.getItem(a.id)!;
    const moved = await s.moveItem(a.id, { status: 'in_progress' }, undefined, { priority: 'low' });
    assert.deepEqual([moved.id, moved.status, moved.priority], [a.id, 'in_progress', 'low']);
    assert.deepEqual(repo.undoState(), { undo: `Move ${a.id}`, redo: null, depth: depth + 1 });
    assert.deepEqual(
      repo.statusHistory(a.id).map((h) => h.to),
      ['backlog', 'in_progress'],
    );
    await s.undo();
    assert.deepEqual(repo.getItem(a.id), before, 'one undo puts back the status, the priority and the place');
    await s.redo();
    const again = repo.getItem(a.id)!;
    assert.deepEqual([again.status, again.priority], ['in_progress', 'low']);
    await s.dispose();
  });

  it('moveItem with a type lane keeps the id, lands exactly where asked, and clearing the priority (not-set lane) works', async () => {
    const { s } = await service();
    await s.createBacklog('Lanes');
    const target = await s.createItem({ title: 'target', status: 'ready' });
    const other = await s.createItem({ title: 'other', status: 'ready' }, undefined, { position: 'bottom' });
    const a = await s.createItem({ title: 'a', priority: 'medium' });
    const moved = await s.moveItem(a.id, { status: 'ready', before: other.id }, undefined, { type: 'BUG', priority: null });
    assert.deepEqual([moved.id, moved.type, moved.priority, moved.status], [a.id, 'BUG', null, 'ready']);
    const { repo } = await s.repo();
    assert.deepEqual(columnIds(repo, 'ready'), [target.id, a.id, other.id]);
    await s.dispose();
  });

  it('a move with `set` that fails (neighbour not in the target column) changes nothing', async () => {
    const { s } = await service();
    await s.createBacklog('Lanes');
    const a = await s.createItem({ title: 'a' });
    const elsewhere = await s.createItem({ title: 'elsewhere', status: 'done' });
    const { repo } = await s.repo();
    const before = snapshot(repo);
    const depth = repo.undoState().depth;
    await assert.rejects(s.moveItem(a.id, { status: 'ready', before: elsewhere.id }, undefined, { priority: 'high' }), /not in the target column/);
    assert.deepEqual(snapshot(repo), before);
    assert.equal(repo.undoState().depth, depth);
    await s.dispose();
  });

  it('moveItem without `set` (or with an empty one) is a plain move', async () => {
    const { s } = await service();
    await s.createBacklog('Lanes');
    const a = await s.createItem({ title: 'a', priority: 'high' });
    const moved = await s.moveItem(a.id, { status: 'review' }, undefined, {});
    assert.deepEqual([moved.status, moved.priority], ['review', 'high']);
    await s.dispose();
  });

  it('preferences round-trip through state.json and survive a new service instance on the same directory', async () => {
    const { s, dir } = await service();
    await s.createBacklog('Prefs');
    const prefs = { mode: 'list', lanes: 'priority', listColumns: ['id', 'title', 'effort'], sort: { column: 'effort', dir: 'desc' } };
    await s.setPreference('board.sidebar', prefs);
    await s.setPreference('board.panel', { mode: 'board' });
    assert.deepEqual(await s.getPreference('board.sidebar'), prefs);
    await s.dispose();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'state.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(JSON.parse(onDisk['pref:board.sidebar']), prefs);
    const { s: s2 } = await service(dir);
    assert.deepEqual(await s2.getPreference('board.sidebar'), prefs);
    assert.deepEqual(await s2.getPreference('board.panel'), { mode: 'board' });
    assert.equal(await s2.getPreference('never.set'), undefined);
    await s2.setPreference('board.panel', undefined);
    assert.equal(await s2.getPreference('board.panel'), undefined, 'undefined removes the preference');
    await s2.dispose();
    const { s: s3 } = await service(dir);
    assert.equal(await s3.getPreference('board.panel'), undefined, 'and the removal is on disk');
    assert.deepEqual(await s3.getPreference('board.sidebar'), prefs);
    await s3.dispose();
  });

  it('state.json holds preferences and the active backlog only, never item data', async () => {
    const { s, dir } = await service();
    const backlog = await s.createBacklog('Secret project');
    const a = await s.createItem({ title: 'Confidential title', description: 'private description', tags: ['hush'] });
    await s.bulkUpdate([a.id], { priority: 'high', addTags: ['classified'] });
    await s.moveItem(a.id, { status: 'done' }, undefined, { priority: 'low' });
    await s.setPreference('board.sidebar', { mode: 'list', sort: { column: 'title', dir: 'asc' } });
    await s.dispose();
    const text = await fs.readFile(path.join(dir, 'state.json'), 'utf8');
    const state = JSON.parse(text) as Record<string, string>;
    assert.deepEqual(Object.keys(state).sort(), ['activeBacklog', 'pref:board.sidebar']);
    assert.equal(state.activeBacklog, backlog.id);
    for (const secret of [a.id, 'Confidential', 'private', 'hush', 'classified']) assert.ok(!text.includes(secret), `state.json does not contain "${secret}"`);
  });

  it('an unreadable stored preference reads as undefined instead of throwing', async () => {
    const dir = await tempDir('flowcast-bulk-svc-');
    await fs.writeFile(path.join(dir, 'state.json'), JSON.stringify({ 'pref:board.sidebar': '{not json', 'pref:ok': '[1,2]' }));
    const { s } = await service(dir);
    assert.equal(await s.getPreference('board.sidebar'), undefined);
    assert.deepEqual(await s.getPreference('ok'), [1, 2]);
    await s.dispose();
  });
});
