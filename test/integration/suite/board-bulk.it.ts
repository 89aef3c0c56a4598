import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Item } from '../../../src/core/backlog/model';
import type { BoardConnection } from '../../../src/board/boardConnection';
import type { BoardPrefs, BoardState, Card, InitParams } from '../../../src/core/protocol/messages';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, sleep, type TestingApi, waitFor, withWindowStub } from '../helpers';

interface Posted {
  kind: string;
  id?: number | null;
  method?: string;
  result?: { count?: number; saved?: boolean; id?: string; status?: string };
  error?: { code: string; message: string; issues?: string[] };
  params?: unknown;
}



describe('board: bulk edit, bulk actions, saved views, lanes and layout prefs (real VS Code)', () => {
  let api: TestingApi;
  let home: BacklogInfo | undefined;
  let conn: BoardConnection;
  let savedPrefs: unknown;
  const posted: Posted[] = [];
  const tap = (m: unknown) => posted.push(m as Posted);
  let nextId = 9100;

  /** Feeds a request exactly as the board page posts it and waits for its answer. */
  async function send(method: string, params: unknown): Promise<Posted> {
    const id = nextId++;
    conn.receive({ kind: 'request', id, method, params });
    return waitFor(() => posted.find((m) => m.id === id && (m.kind === 'response' || m.kind === 'error')), `the answer to ${method} #${id}`);
  }

  async function undoDepth(): Promise<number> {
    return (await api.__testing.service.repo()).repo.undoState().depth;
  }

  async function items(ids: string[]): Promise<Item[]> {
    return Promise.all(ids.map(async (id) => (await api.getItem(id))!));
  }

  before(async () => {
    api = await activate();
    // A backlog of its own; the one active before is made active again afterwards (the restart
    // suite checks which backlog was active last).
    home = await api.getActiveBacklog();
    await api.createBacklog('Board bulk suite');
    savedPrefs = await api.__testing.service.getPreference('board.sidebar');
    await vscode.commands.executeCommand('flowcast.board.focus');
    const c = await waitFor(() => api.__testing.boardConnections().find((x) => x.isReady && (x.connection as unknown as { place: string }).place === 'sidebar'), 'a ready sidebar board');
    conn = c.connection;
    conn.taps.add(tap);
  });

  after(async () => {
    conn?.taps.delete(tap);
    await api.__testing.service.setPreference('board.sidebar', savedPrefs);
    if (home) await api.switchBacklog(home.id);
  });

  it('a BulkEdit message changes every listed item in one undo step, the board gets the new cards, and "Flowcast: Undo" restores them all', async () => {
    const made = await Promise.all(['Bulk one', 'Bulk two', 'Bulk three'].map((title, i) => api.createItem({ title, priority: i === 0 ? 'low' : null, tags: i === 1 ? ['old'] : [] })));
    const ids = made.map((i) => i.id);
    const before = await items(ids);
    const depth = await undoDepth();
    const mark = posted.length;

    const answer = await send('items/bulkEdit', { ids, patch: { status: 'review', priority: 'high', effort: 'S', addTags: ['Bulk'], removeTags: ['OLD'] } });

    assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    assert.equal(answer.result?.count, 3);
    for (const it of await items(ids)) {
      assert.deepEqual([it.status, it.priority, it.effort, it.tags], ['review', 'high', 'S', ['bulk']], it.id);
    }
    assert.equal(await undoDepth(), depth + 1, 'one undo step for the three items');
    const pushed = await waitFor(
      () =>
        posted.slice(mark).find((m) => {
          // an incremental update (board/items), or a full state if another change was pending
          const cards = m.method === 'board/items' ? (m.params as { upsert: Card[] }).upsert : m.method === 'board/state' ? (m.params as BoardState).items : [];
          return ids.every((id) => cards.some((c) => c.id === id && c.status === 'review' && c.priority === 'high' && c.tags.join() === 'bulk'));
        }),
      'a board update with the three changed cards',
    );
    assert.ok(pushed);

    const undone = await vscode.commands.executeCommand<{ label: string; itemIds: string[] }>('flowcast.undo');
    assert.equal(undone?.label, 'Edit 3 items');
    assert.deepEqual(await items(ids), before, 'one undo restores every item');
    assert.equal(await undoDepth(), depth);
  });

  it('a malformed BulkEdit (unknown patch field, bad status key, no ids) is refused with an error naming the problem and changes nothing', async () => {
    const a = await api.createItem({ title: 'Not to be bulk-edited' });
    const before = await api.queryItems({ includeArchived: true });
    const depth = await undoDepth();
    const cases: [string, unknown, RegExp][] = [
      ['an unknown patch field', { ids: [a.id], patch: { colour: 'red' } }, /^patch: unexpected key: colour$/],
      ['a status that is not a status key', { ids: [a.id], patch: { status: 'In Progress' } }, /^patch\.status: must be a status key/],
      ['no ids', { ids: [], patch: { priority: 'high' } }, /^ids: no items selected$/],
      ['a malformed id', { ids: ['TASK-1; DROP TABLE items'], patch: { priority: 'high' } }, /^ids\.0: must look like TYPE-123$/],
      ['a bad priority', { ids: [a.id], patch: { priority: 'urgent' } }, /^patch\.priority: /],
      ['a tag list that is not a list', { ids: [a.id], patch: { addTags: 'x' } }, /^patch\.addTags: /],
    ];
    for (const [what, params, issue] of cases) {
      const r = await send('items/bulkEdit', params);
      assert.equal(r.kind, 'error', what);
      assert.equal(r.error?.code, 'invalid_params', what);
      assert.match(r.error.message, /Invalid parameters for "items\/bulkEdit": nothing was changed/, what);
      assert.ok(
        r.error.issues?.some((i) => issue.test(i)),
        `${what}: ${JSON.stringify(r.error.issues)}`,
      );
    }
    // Well-formed but impossible: refused by the service, with its message.
    const refused: [string, unknown, RegExp][] = [
      ['an unknown status', { ids: [a.id], patch: { status: 'nowhere' } }, /Unknown status "nowhere"/],
      ['an unknown type', { ids: [a.id], patch: { type: 'NOPE' } }, /Unknown type "NOPE"/],
      ['an unknown item', { ids: [a.id, 'TASK-998'], patch: { priority: 'low' } }, /There is no item TASK-998/],
    ];
    for (const [what, params, message] of refused) {
      const r = await send('items/bulkEdit', params);
      assert.equal(r.kind, 'error', what);
      assert.equal(r.error?.code, 'handler_error', what);
      assert.match(r.error.message, message, what);
    }
    assert.deepEqual(await api.queryItems({ includeArchived: true }), before, 'nothing changed');
    assert.equal(await undoDepth(), depth, 'no undo step');
  });

  it('BulkAction archive archives every listed item in one undo step', async () => {
    const made = await Promise.all(['Archive me 1', 'Archive me 2'].map((title) => api.createItem({ title })));
    const ids = made.map((i) => i.id);
    const depth = await undoDepth();
    const r = await send('items/bulkAction', { ids, action: 'archive' });
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    assert.equal(r.result?.count, 2);
    for (const it of await items(ids)) assert.ok(it.archivedAt, `${it.id} is archived`);
    assert.ok(!(await api.queryItems()).some((i) => ids.includes(i.id)), 'archived items leave the board');
    assert.equal(await undoDepth(), depth + 1);
    await vscode.commands.executeCommand('flowcast.undo');
    for (const it of await items(ids)) assert.equal(it.archivedAt, null, `${it.id} is back after one undo`);
  });

  it('BulkAction delete asks a modal confirmation naming the count; confirmed, it deletes every item in one undo step', async () => {
    const made = await Promise.all(['Delete me 1', 'Delete me 2', 'Delete me 3'].map((title) => api.createItem({ title })));
    const ids = made.map((i) => i.id);
    const before = await items(ids);
    const asked: { message: string; options: { modal?: boolean; detail?: string }; buttons: unknown[] }[] = [];
    const r = await withWindowStub(
      'showWarningMessage',
      async (message, options, ...buttons) => {
        asked.push({ message: message as string, options: options as { modal?: boolean }, buttons });
        return buttons[0]; // the "Delete" button
      },
      () => send('items/bulkAction', { ids: [...ids, ids[0]], action: 'delete' }),
    );
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    assert.equal(r.result?.count, 3, 'a repeated id counts once');
    assert.equal(asked.length, 1, 'asked once');
    assert.equal(asked[0].message, 'Delete 3 items?');
    assert.equal(asked[0].options.modal, true, 'a modal dialog');
    assert.match(asked[0].options.detail ?? '', /undo/i);
    assert.deepEqual(asked[0].buttons, ['Delete']);
    for (const id of ids) assert.equal(await api.getItem(id), undefined, `${id} is deleted`);
    const undone = await vscode.commands.executeCommand<{ label: string }>('flowcast.undo');
    assert.equal(undone?.label, 'Delete 3 items');
    assert.deepEqual(await items(ids), before, 'one undo brings all three back');
  });

  it('BulkAction delete dismissed, malformed or naming an unknown item deletes nothing', async () => {
    const made = await Promise.all(['Keep me 1', 'Keep me 2'].map((title) => api.createItem({ title })));
    const ids = made.map((i) => i.id);
    const before = await api.queryItems({ includeArchived: true });
    const depth = await undoDepth();
    let asked = 0;
    await withWindowStub(
      'showWarningMessage',
      async () => {
        asked++;
        return undefined; // Escape / Cancel
      },
      async () => {
        const dismissed = await send('items/bulkAction', { ids, action: 'delete' });
        assert.equal(dismissed.kind, 'response');
        assert.equal(dismissed.result?.count, 0, 'dismissed: nothing deleted');
        const malformed = await send('items/bulkAction', { ids, action: 'purge' });
        assert.equal(malformed.error?.code, 'invalid_params');
        assert.ok(malformed.error.issues?.some((i) => /^action: expected one of: archive, delete$/.test(i)), JSON.stringify(malformed.error.issues));
        const empty = await send('items/bulkAction', { ids: [], action: 'delete' });
        assert.ok(empty.error?.issues?.includes('ids: no items selected'), JSON.stringify(empty.error));
      },
    );
    assert.equal(asked, 1, 'only the well-formed request asked; malformed ones never reach the dialog');
    await withWindowStub(
      'showWarningMessage',
      async (_m, _o, ...buttons) => buttons[0],
      async () => {
        const unknown = await send('items/bulkAction', { ids: [ids[0], 'TASK-997'], action: 'delete' });
        assert.equal(unknown.error?.code, 'handler_error');
        assert.match(unknown.error.message, /There is no item TASK-997/);
      },
    );
    assert.deepEqual(await api.queryItems({ includeArchived: true }), before, 'nothing deleted');
    assert.equal(await undoDepth(), depth);
  });

  it('SaveView with a name saves the view and the next board state push lists it in views', async () => {
    const mark = posted.length;
    const r = await send('views/save', { query: 'type:BUG priority:high #ui', name: '  Hot UI bugs ' });
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    assert.equal(r.result?.saved, true);
    const push = await waitFor(
      () => posted.slice(mark).find((m) => m.method === 'board/state' && (m.params as BoardState).views?.some((v) => v.name === 'Hot UI bugs')),
      'a board/state push with the new view',
    );
    const view = (push.params as BoardState).views!.find((v) => v.name === 'Hot UI bugs')!;
    assert.equal(view.query, 'type:BUG priority:high #ui');
    assert.deepEqual(
      (await api.__testing.service.repo()).repo.listViews().map((v) => [v.name, v.query]),
      [['Hot UI bugs', 'type:BUG priority:high #ui']],
    );
  });

  it('SaveView without a name asks for one: the answer names the view; a cancelled prompt saves nothing', async () => {
    const repo = () => api.__testing.service.repo().then((x) => x.repo);
    const count = (await repo()).listViews().length;
    const prompts: unknown[] = [];
    await withWindowStub(
      'showInputBox',
      async (options) => {
        prompts.push(options);
        return undefined;
      },
      async () => {
        const r = await send('views/save', { query: 'status:done' });
        assert.equal(r.result?.saved, false);
      },
    );
    assert.equal((await repo()).listViews().length, count, 'cancelled: no view');
    await withWindowStub(
      'showInputBox',
      async (options) => {
        prompts.push(options);
        return 'Finished work';
      },
      async () => {
        const r = await send('views/save', { query: 'status:done' });
        assert.equal(r.result?.saved, true);
      },
    );
    assert.equal(prompts.length, 2);
    assert.match((prompts[0] as { prompt: string }).prompt, /status:done/, 'the prompt shows the query');
    assert.ok((await repo()).listViews().some((v) => v.name === 'Finished work' && v.query === 'status:done'));
    const bad = await send('views/save', { query: '', name: 'x' });
    assert.equal(bad.error?.code, 'invalid_params');
    assert.ok(bad.error.issues?.some((i) => i.startsWith('query:')), JSON.stringify(bad.error.issues));
  });

  it('MoveItem with lane {priority: low} moves the item and sets its priority in one undo step', async () => {
    const a = await api.createItem({ title: 'Dropped in the low lane', priority: 'high' });
    const before = (await api.getItem(a.id))!;
    const depth = await undoDepth();
    const r = await send('items/move', { id: a.id, status: 'in_progress', lane: { field: 'priority', value: 'low' } });
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    assert.deepEqual([r.result?.id, r.result?.status], [a.id, 'in_progress']);
    const moved = (await api.getItem(a.id))!;
    assert.deepEqual([moved.status, moved.priority], ['in_progress', 'low']);
    assert.equal(await undoDepth(), depth + 1, 'one undo step');
    const undone = await vscode.commands.executeCommand<{ label: string }>('flowcast.undo');
    assert.equal(undone?.label, `Move ${a.id}`);
    assert.deepEqual(await api.getItem(a.id), before, 'one undo restores both the status and the priority');
  });

  it('MoveItem into the "not set" priority lane or a type lane sets that; a malformed lane is refused and changes nothing', async () => {
    const a = await api.createItem({ title: 'Lane hopper', priority: 'medium' });
    const none = await send('items/move', { id: a.id, status: 'ready', lane: { field: 'priority', value: null } });
    assert.equal(none.kind, 'response', JSON.stringify(none.error));
    assert.equal((await api.getItem(a.id))?.priority, null);
    const typed = await send('items/move', { id: a.id, status: 'ready', lane: { field: 'type', value: 'BUG' } });
    assert.equal(typed.kind, 'response', JSON.stringify(typed.error));
    const after = (await api.getItem(a.id))!;
    assert.deepEqual([after.id, after.type, after.status], [a.id, 'BUG', 'ready'], 'the type changes, the id does not');
    for (const lane of [{ field: 'effort', value: 'M' }, { field: 'priority', value: 'urgent' }, { field: 'type', value: 'bug' }]) {
      const bad = await send('items/move', { id: a.id, status: 'done', lane });
      assert.equal(bad.error?.code, 'invalid_params', JSON.stringify(lane));
      assert.ok(bad.error.issues?.some((i) => i.startsWith('lane')), JSON.stringify(bad.error.issues));
    }
    assert.deepEqual(await api.getItem(a.id), after, 'the refused moves changed nothing');
  });

  it('a SaveBoardPrefs notification is stored (state.json) and a board that completes the ready handshake afterwards gets those prefs in its Init', async () => {
    const prefs: BoardPrefs = { mode: 'list', lanes: 'priority', listColumns: ['id', 'title', 'priority', 'effort'], sort: { column: 'priority', dir: 'desc' } };
    conn.receive({ kind: 'notification', method: 'board/prefs', params: { prefs } });
    await waitFor(async () => JSON.stringify(await api.__testing.service.getPreference('board.sidebar')) === JSON.stringify(prefs), 'the stored prefs');
    const stateFile = path.join(api.__testing.storageDir, 'state.json');
    await waitFor(async () => {
      const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as Record<string, string>;
      return state['pref:board.sidebar'] !== undefined && JSON.stringify(JSON.parse(state['pref:board.sidebar'])) === JSON.stringify(prefs);
    }, 'the prefs in state.json');

    // Hide the board (its page is torn down) and show it again: the new page says ready.
    const c = api.__testing.boardConnections().find((x) => x.connection === conn)!;
    const handshakes = c.handshakes;
    const mark = posted.length;
    await vscode.commands.executeCommand('workbench.view.explorer');
    await sleep(500);
    await vscode.commands.executeCommand('flowcast.board.focus');
    await waitFor(() => api.__testing.boardConnections().some((x) => x.connection === conn && x.isReady && x.handshakes > handshakes), 'a new handshake of the sidebar board');
    const init = await waitFor(() => posted.slice(mark).find((m) => m.method === 'host/init'), 'the Init message of the new page');
    const params = init.params as InitParams;
    assert.equal(params.view, 'sidebar');
    assert.deepEqual(params.prefs, prefs);
  });

  it('malformed prefs (unknown list column, unknown mode, extra top-level key) are refused and nothing is stored; unknown keys inside prefs are dropped', async () => {
    const stored = await api.__testing.service.getPreference('board.sidebar');
    assert.ok(stored, 'the previous test stored prefs');
    const bad: [unknown, RegExp][] = [
      [{ prefs: { listColumns: ['id', 'colour'] } }, /^prefs\.listColumns\.1: expected one of/],
      [{ prefs: { mode: 'grid' } }, /^prefs\.mode: expected one of/],
      [{ prefs: { sort: { column: 'title', dir: 'sideways' } } }, /^prefs\.sort\.dir: /],
      [{ prefs: { listColumns: [] } }, /^prefs\.listColumns: /],
      [{ prefs: {}, items: [{ id: 'TASK-001' }] }, /^\(root\): unexpected key: items$/],
    ];
    for (const [params, issue] of bad) {
      const mark = posted.length;
      conn.receive({ kind: 'notification', method: 'board/prefs', params });
      const err = await waitFor(() => posted.slice(mark).find((m) => m.kind === 'error' && m.id === null), `the refusal of ${JSON.stringify(params)}`);
      assert.equal(err.error?.code, 'invalid_params');
      assert.match(err.error.message, /Invalid parameters for "board\/prefs": it was ignored/);
      assert.ok(
        err.error.issues?.some((i) => issue.test(i)),
        JSON.stringify(err.error.issues),
      );
    }
    await sleep(200);
    assert.deepEqual(await api.__testing.service.getPreference('board.sidebar'), stored, 'nothing was stored');

    // Extra keys inside prefs are not refused but never stored (state.json holds no item data).
    conn.receive({ kind: 'notification', method: 'board/prefs', params: { prefs: { mode: 'board', items: [{ id: 'TASK-001', title: 'secret' }] } } });
    await waitFor(async () => JSON.stringify(await api.__testing.service.getPreference('board.sidebar')) === JSON.stringify({ mode: 'board' }), 'the prefs without the extra key');
    const text = await fs.readFile(path.join(api.__testing.storageDir, 'state.json'), 'utf8');
    assert.ok(!text.includes('secret'), 'no item data in state.json');
  });
});
