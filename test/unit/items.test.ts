import assert from 'node:assert/strict';
import path from 'node:path';
import { BacklogService, type ChangeEvent } from '../../src/core/backlog/service';
import { createItem, formatItemId, listItems, statusHistory, updateItem } from '../../src/core/backlog/items';
import { BacklogDatabase } from '../../src/core/storage/database';
import { loadSql, tempDir } from './helpers';

async function db() {
  return BacklogDatabase.open({ SQL: await loadSql(), file: path.join(await tempDir(), 'b.db'), flushDelayMs: 50 });
}

function memoryState() {
  const m = new Map<string, string | undefined>();
  return { get: (k: string) => m.get(k), update: async (k: string, v: string | undefined) => void m.set(k, v) };
}

describe('items', () => {
  it('IDs are TYPE-NNN from a per-type counter', async () => {
    const d = await db();
    assert.equal(createItem(d, { title: 'a', type: 'BUG' }).id, 'BUG-001');
    assert.equal(createItem(d, { title: 'b', type: 'BUG' }).id, 'BUG-002');
    assert.equal(createItem(d, { title: 'c', type: 'FEAT' }).id, 'FEAT-001');
    assert.equal(formatItemId('BUG', 1000), 'BUG-1000');
    await d.close();
  });

  it('the counter never reuses a number, even when an item row is gone', async () => {
    const d = await db();
    createItem(d, { title: 'a', type: 'BUG' });
    const b = createItem(d, { title: 'b', type: 'BUG' });
    d.write((c) => c.run('DELETE FROM items WHERE id = ?', [b.id]));
    assert.equal(createItem(d, { title: 'c', type: 'BUG' }).id, 'BUG-003');
    await d.close();
  });

  it('new items land at the top of their column', async () => {
    const d = await db();
    createItem(d, { title: 'first' });
    createItem(d, { title: 'second' });
    createItem(d, { title: 'third' });
    assert.deepEqual(
      listItems(d).map((i) => i.title),
      ['third', 'second', 'first'],
    );
    await d.close();
  });

  it('a status change keeps the ID and is recorded in the status history with a timestamp', async () => {
    const d = await db();
    const it0 = createItem(d, { title: 'Work', type: 'TASK' }, new Date('2026-03-01T10:00:00.000Z'));
    const moved = updateItem(d, it0.id, { status: 'in_progress' }, new Date('2026-03-02T10:00:00.000Z'));
    updateItem(d, it0.id, { status: 'done' }, new Date('2026-03-03T10:00:00.000Z'));
    assert.equal(moved.id, it0.id);
    assert.deepEqual(statusHistory(d, it0.id), [
      { itemId: it0.id, from: null, to: 'backlog', at: '2026-03-01T10:00:00.000Z' },
      { itemId: it0.id, from: 'backlog', to: 'in_progress', at: '2026-03-02T10:00:00.000Z' },
      { itemId: it0.id, from: 'in_progress', to: 'done', at: '2026-03-03T10:00:00.000Z' },
    ]);
    await d.close();
  });

  it('refuses an empty title, an unknown status or type, and changes nothing', async () => {
    const d = await db();
    assert.throws(() => createItem(d, { title: '   ' }), /needs a title/);
    assert.throws(() => createItem(d, { title: 'x', status: 'nope' }), /Unknown status/);
    assert.throws(() => createItem(d, { title: 'x', type: 'bad type' }), /not a valid item type/);
    assert.equal(listItems(d).length, 0);
    assert.equal(d.query('SELECT * FROM id_counters').length, 0);
    await d.close();
  });
});

describe('backlog service', () => {
  it('remembers the active backlog and falls back to another one when it is deleted', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState(), flushDelayMs: 50 });
    const a = await s.createBacklog('A');
    const b = await s.createBacklog('B');
    assert.equal((await s.getActiveBacklog())?.id, b.id);
    await s.setActiveBacklog(a.id);
    assert.equal((await s.getActiveBacklog())?.id, a.id);
    await s.deleteBacklog(a.id);
    assert.equal((await s.getActiveBacklog())?.id, b.id);
    await s.dispose();
  });

  it('fires one change event per change, naming the items', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState(), flushDelayMs: 50 });
    const events: ChangeEvent[] = [];
    s.onDidChange((e) => events.push(e));
    const b = await s.createBacklog('A');
    const item = await s.createItem({ title: 'x' });
    assert.deepEqual(events, [{ kind: 'backlogs' }, { kind: 'active', backlogId: b.id }, { kind: 'items', backlogId: b.id, itemIds: [item.id] }]);
    await s.dispose();
  });

  it('creating an item with no backlog gives an actionable error', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState() });
    await assert.rejects(s.createItem({ title: 'x' }), (e: Error & { code?: string }) => e.code === 'no_active_backlog' && /Create one first/.test(e.message));
    await s.dispose();
  });
});

describe('active backlog memory on disk', () => {
  it('survives a new service instance (a restart) through state.json, written atomically', async () => {
    const dir = await tempDir();
    const s1 = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    await s1.createBacklog('One');
    const two = await s1.createBacklog('Two');
    const one = (await s1.listBacklogs()).find((b) => b.name === 'One')!;
    await s1.setActiveBacklog(one.id);
    await s1.dispose();
    const s2 = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    assert.equal((await s2.getActiveBacklog())?.id, one.id);
    assert.notEqual(one.id, two.id);
    await s2.dispose();
  });
});
