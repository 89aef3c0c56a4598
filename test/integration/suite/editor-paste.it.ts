import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as vscode from 'vscode';
import type { Item } from '../../../src/core/backlog/model';
import type { ItemEditorManager } from '../../../src/editor/itemEditor';
import type { WebviewConnection } from '../../../src/platform/webviewConnection';
import { activate, type TestingApi, waitFor } from '../helpers';

interface Posted {
  kind: string;
  id?: number | null;
  method?: string;
  result?: { done?: boolean; path?: string };
  error?: { code: string; message: string; issues?: string[] };
  params?: { item?: { attachments?: { path: string; image: boolean; uri: string | null }[] } };
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mNgYGAAAAAEAAHI6uv5AAAAAElFTkSuQmCC', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

describe('item editor: pasting an image (real VS Code)', () => {
  let api: TestingApi;
  let item: Item;
  let panel: vscode.WebviewPanel;
  let conn: WebviewConnection;
  let dir: string;
  const posted: Posted[] = [];
  let nextId = 7000;

  /** Feeds a request as if the editor page had sent it and waits for its answer. */
  async function send(method: string, params: unknown): Promise<Posted> {
    const id = nextId++;
    conn.receive({ kind: 'request', id, method, params });
    return waitFor(() => posted.find((m) => m.id === id && (m.kind === 'response' || m.kind === 'error')), `the answer to request ${id}`);
  }

  async function files(): Promise<string[]> {
    return (await fs.readdir(dir).catch(() => [] as string[])).sort();
  }

  before(async () => {
    api = await activate();
    // Use the active backlog (switching would change what the restart suite expects).
    if (!(await api.getActiveBacklog())) await api.createBacklog('Paste suite');
    item = await api.createItem({ title: 'Needs a screenshot' });
    const editors = (api.__testing as unknown as { editors: ItemEditorManager }).editors;
    panel = await editors.show(item.id);
    conn = await waitFor(() => editors.connectionOf(item.id), 'the editor connection');
    conn.taps.add((m) => posted.push(m as Posted));
    dir = path.join(await api.__testing.service.attachmentsDir(), item.id);
  });

  after(() => {
    conn?.taps.clear();
    panel?.dispose();
  });

  it('a PasteImage message stores the PNG, adds it to the item and pushes its thumbnail to the page', async () => {
    const answer = await send('editor/pasteImage', { id: item.id, mime: 'image/png', base64: PNG.toString('base64') });
    assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    assert.equal(answer.result?.done, true);
    const stored = answer.result.path!;
    assert.match(stored, new RegExp(`^${item.id}/pasted-image-\\d{8}-\\d{6}\\.png$`));
    assert.deepEqual(await fs.readFile(path.join(dir, path.basename(stored))), PNG, 'the exact bytes are on disk');
    assert.deepEqual((await api.getItem(item.id))?.attachments, [{ path: stored, name: path.basename(stored) }]);
    const state = await waitFor(
      () => posted.find((m) => m.method === 'editor/state' && m.params?.item?.attachments?.some((a) => a.path === stored)),
      'an editor/state with the new attachment',
    );
    const shown = state.params!.item!.attachments!.find((a) => a.path === stored)!;
    assert.equal(shown.image, true);
    assert.ok(shown.uri && /^https?:|^vscode-/.test(shown.uri), `a webview URI for the thumbnail, got ${shown.uri}`);
  });

  it('a dropped image keeps its file name, with the extension of its real type', async () => {
    const answer = await send('editor/pasteImage', { id: item.id, mime: 'image/gif', name: 'Diagram 1.jpeg', base64: GIF.toString('base64') });
    assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    assert.equal(answer.result?.path, `${item.id}/Diagram 1.gif`);
    assert.deepEqual(await fs.readFile(path.join(dir, 'Diagram 1.gif')), GIF);
  });

  it('bytes that do not match the declared type change nothing and get a clear error', async () => {
    const before = await api.getItem(item.id);
    const filesBefore = await files();
    const gifAsPng = await send('editor/pasteImage', { id: item.id, mime: 'image/png', base64: GIF.toString('base64') });
    const html = await send('editor/pasteImage', { id: item.id, mime: 'image/webp', base64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64') });
    const otherItem = await send('editor/pasteImage', { id: 'TASK-999', mime: 'image/png', base64: PNG.toString('base64') });
    for (const a of [gifAsPng, html]) {
      assert.equal(a.kind, 'error');
      assert.equal(a.error?.code, 'handler_error');
    }
    assert.match(gifAsPng.error!.message, /not a PNG image .*first bytes.*nothing was attached/);
    assert.match(html.error!.message, /not a WebP image/);
    assert.match(otherItem.error!.message, new RegExp(`edits ${item.id}, not TASK-999`));
    assert.deepEqual(await api.getItem(item.id), before, 'the item did not change');
    assert.deepEqual(await files(), filesBefore, 'no file was written');
  });

  it('malformed PasteImage messages are refused before any handler runs', async () => {
    const before = await api.getItem(item.id);
    const filesBefore = await files();
    const b64 = PNG.toString('base64');
    const bad: [string, unknown][] = [
      ['an SVG (scriptable) type', { id: item.id, mime: 'image/svg+xml', base64: b64 }],
      ['a name with folders', { id: item.id, mime: 'image/png', name: '../../escape.png', base64: b64 }],
      ['not base64', { id: item.id, mime: 'image/png', base64: 'iVBOR w0K!!' }],
      ['bytes instead of base64', { id: item.id, mime: 'image/png', base64: [...PNG] }],
      ['an unexpected key', { id: item.id, mime: 'image/png', base64: b64, path: '/etc/passwd' }],
      ['an invalid item id', { id: 'TASK-1; DROP TABLE items', mime: 'image/png', base64: b64 }],
      ['no params', undefined],
    ];
    for (const [what, params] of bad) {
      const a = await send('editor/pasteImage', params);
      assert.equal(a.kind, 'error', what);
      assert.equal(a.error?.code, 'invalid_params', what);
      assert.match(a.error.message, /Invalid parameters for "editor\/pasteImage": nothing was changed/, what);
    }
    assert.deepEqual(await api.getItem(item.id), before, 'the item did not change');
    assert.deepEqual(await files(), filesBefore, 'no file was written');
  });
});
