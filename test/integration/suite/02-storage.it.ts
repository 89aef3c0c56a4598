import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import type { ItemSummary } from '../../../src/core/protocol/messages';
import { activate, exists, readRowsFromDisk, RESTART_BACKLOG, RESTART_DEBOUNCED, RESTART_FLUSHED, waitFor } from '../helpers';

describe('backlog storage (real VS Code, sql.js file on disk)', () => {
  it('"New Backlog" with a name creates the database file and makes it active', async () => {
    const api = await activate();
    const info = await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Integration backlog');
    assert.equal(info.name, 'Integration backlog');
    assert.ok(await exists(path.join(api.__testing.storageDir, `${info.id}.db`)));
    assert.equal((await api.getActiveBacklog())?.id, info.id);
    assert.ok(api.__testing.isSqlJsLoaded(), 'sql.js is loaded now that a backlog is used');
  });

  it('an item written through the command is flushed to disk and read back from the file', async () => {
    const api = await activate();
    const active = (await api.getActiveBacklog())!;
    const item = await vscode.commands.executeCommand<ItemSummary>('flowcast.quickAdd', 'Written by the integration test');
    assert.match(item.id, /^TASK-\d{3}$/);
    await api.flush();
    const rows = await readRowsFromDisk(path.join(api.__testing.storageDir, `${active.id}.db`), 'SELECT id, title, status FROM items');
    assert.deepEqual(rows, [{ id: item.id, title: 'Written by the integration test', status: 'backlog' }]);
  });

  it('the debounced write reaches the disk without an explicit flush', async () => {
    const api = await activate();
    const active = (await api.getActiveBacklog())!;
    const item = await api.createItem({ title: 'Debounced', type: 'BUG' });
    const file = path.join(api.__testing.storageDir, `${active.id}.db`);
    await waitFor(async () => (await readRowsFromDisk(file, `SELECT id FROM items WHERE id = '${item.id}'`)).length === 1, 'the debounced flush', 5000);
  });

  it('after closing and reopening the database from disk, the rows are still there', async () => {
    const api = await activate();
    const before = await api.queryItems();
    await api.__testing.reopen();
    const after = await api.queryItems();
    assert.deepEqual(after, before);
    assert.ok(after.length >= 2);
  });

  it('a status change keeps the ID and is persisted', async () => {
    const api = await activate();
    const [first] = await api.queryItems();
    const moved = await api.updateItem(first.id, { status: 'in_progress' });
    assert.equal(moved.id, first.id);
    await api.__testing.reopen();
    assert.equal((await api.getItem(first.id))?.status, 'in_progress');
  });

  it('prepares items that a new extension host must find after this one is gone', async () => {
    const api = await activate();
    const b = await api.createBacklog(RESTART_BACKLOG);
    await api.createItem({ title: RESTART_FLUSHED }, { backlogId: b.id });
    await api.flush();
    await api.createItem({ title: RESTART_DEBOUNCED }, { backlogId: b.id });
    assert.equal((await api.queryItems({ backlogId: b.id })).length, 2);
  });

  it('a corrupt backlog file is moved aside (never overwritten) and an empty backlog is started', async () => {
    const api = await activate();
    const file = path.join(api.__testing.storageDir, 'broken.db');
    const garbage = Buffer.from('definitely not SQLite '.repeat(100));
    await fs.writeFile(file, garbage);
    const list = await api.listBacklogs();
    assert.ok(list.some((b) => b.id === 'broken'), 'an unknown .db file is adopted, not ignored');
    assert.deepEqual(await api.queryItems({ backlogId: 'broken' }), []);
    const names = await fs.readdir(api.__testing.storageDir);
    const aside = names.find((n) => /^broken\.corrupt-.*\.db$/.test(n));
    assert.ok(aside, `moved aside: ${names.join(', ')}`);
    assert.deepEqual(await fs.readFile(path.join(api.__testing.storageDir, aside)), garbage);
  });
});
