import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, sleep, waitFor } from '../helpers';

interface Posted {
  kind: string;
  id?: number | null;
  method?: string;
  result?: { id?: string };
  error?: { code: string; message: string };
  params?: { items?: unknown[] };
}

describe('board webview (real VS Code)', () => {
  it('the Board view opens and its webview completes the ready handshake', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('flowcast.board.focus');
    const c = await waitFor(() => api.__testing.boardConnections().find((x) => x.isReady), 'a ready board webview');
    assert.ok(c.handshakes >= 1);
  });

  it('after the view is hidden and shown again, the webview resyncs with a new handshake', async () => {
    const api = await activate();
    const c = api.__testing.boardConnections().find((x) => x.isReady)!;
    const before = c.handshakes;
    await vscode.commands.executeCommand('workbench.view.explorer');
    await sleep(500);
    await vscode.commands.executeCommand('flowcast.board.focus');
    await waitFor(() => api.__testing.boardConnections().some((x) => x.isReady && x.handshakes > before), 'a second handshake after re-show');
  });

  it('a valid message from the webview creates an item and is answered', async () => {
    const api = await activate();
    const c = api.__testing.boardConnections().find((x) => x.isReady)!.connection;
    const posted: Posted[] = [];
    c.taps.add((m) => posted.push(m as Posted));
    c.receive({ kind: 'request', id: 1001, method: 'items/create', params: { title: 'From the webview channel' } });
    const answer = await waitFor(() => posted.find((m) => m.id === 1001), 'the answer');
    assert.equal(answer.kind, 'response');
    assert.ok(await api.getItem(answer.result!.id!));
    c.taps.clear();
  });

  it('malformed webview messages are rejected with a clear error and change nothing', async () => {
    const api = await activate();
    const c = api.__testing.boardConnections().find((x) => x.isReady)!.connection;
    const before = await api.queryItems();
    const posted: Posted[] = [];
    c.taps.add((m) => posted.push(m as Posted));
    c.receive('<script>alert(1)</script>');
    c.receive({ kind: 'request', id: 2001, method: 'items/create', params: { title: '' } });
    c.receive({ kind: 'request', id: 2002, method: 'items/create', params: { title: 'x', status: 'DROP TABLE items' } });
    c.receive({ kind: 'request', id: 2003, method: 'items/delete-everything', params: {} });
    c.receive({ kind: 'request', id: 2004, method: 'items/move', params: { id: 'TASK-001; --', status: 'done' } });
    await waitFor(() => posted.filter((m) => m.kind === 'error').length >= 5, 'five error answers');
    const errors = posted.filter((m) => m.kind === 'error');
    assert.equal(errors.find((m) => m.id === null)?.error?.code, 'invalid_message');
    assert.equal(errors.find((m) => m.id === 2001)?.error?.code, 'invalid_params');
    assert.equal(errors.find((m) => m.id === 2002)?.error?.code, 'invalid_params');
    assert.equal(errors.find((m) => m.id === 2003)?.error?.code, 'unknown_method');
    assert.equal(errors.find((m) => m.id === 2004)?.error?.code, 'invalid_params');
    for (const e of errors) assert.ok(e.error!.message.length > 10, 'the message says what is wrong');
    assert.deepEqual(await api.queryItems(), before, 'nothing changed');
    c.taps.clear();
  });

  it('"Open Board" opens the same board in an editor tab, which also completes the handshake', async () => {
    const api = await activate();
    const before = api.__testing.boardConnections().length;
    await vscode.commands.executeCommand('flowcast.openBoard');
    await waitFor(() => api.__testing.boardConnections().length > before && api.__testing.boardConnections().filter((x) => x.isReady).length >= 2, 'a ready board panel');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a change made elsewhere is pushed to the open board', async () => {
    const api = await activate();
    const c = api.__testing.boardConnections().find((x) => x.isReady)!.connection;
    const posted: Posted[] = [];
    c.taps.add((m) => posted.push(m as Posted));
    const item = await api.createItem({ title: 'Pushed to the board' });
    // a small change travels as an incremental update (board/items) with just the changed card
    const pushed = await waitFor(
      () => posted.find((m) => m.method === 'board/items' && JSON.stringify(m.params).includes(item.id)),
      'a board/items update with the new item',
    );
    const upsert = (pushed.params as unknown as { upsert: { id: string }[] }).upsert;
    assert.deepEqual(upsert.map((c) => c.id), [item.id]);
    c.taps.clear();
  });
});
