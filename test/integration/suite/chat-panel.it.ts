// The chat panel in real VS Code against the fake OpenAI server (real SDK): the answer streams
// into the page, Stop ends the request at once, a proposed action changes nothing until Apply,
// Apply then Undo, history most recent first after the panel is reopened, and a forecast question
// answered by the engine (no model request).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatPanelManager } from '../../../src/chat/chatPanel';
import type { ChatState } from '../../../src/core/protocol/chat';
import { startFakeAiServer, type FakeAiServer } from '../../fakes/aiServer';
import { activate, type TestingApi, waitFor } from '../helpers';

const KEY = 'sk-test-chat-0123456789abcdef';
type Posted = { kind: string; id?: number; method?: string; params?: unknown; data?: unknown; result?: unknown; error?: { code: string; message: string } };

async function setAi(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('flowcast.ai');
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Global);
}

describe('chat panel (real VS Code, fake provider server)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let server: FakeAiServer;
  let home: string | undefined;
  let chats: ChatPanelManager;
  let posted: Posted[];
  let nextId = 9000;

  async function openPanel(): Promise<void> {
    await vscode.commands.executeCommand('flowcast.openChat');
    const conn = await waitFor(() => chats.current, 'the chat connection');
    posted = [];
    conn.conn.taps.add((m) => posted.push(m as Posted));
    await waitFor(() => conn.isReady, 'the chat page to say ready');
  }

  function send(method: string, params: unknown): { id: number; answer: Promise<Posted> } {
    const id = nextId++;
    chats.current!.conn.receive({ kind: 'request', id, method, params });
    return { id, answer: waitFor(() => posted.find((m) => m.id === id && (m.kind === 'response' || m.kind === 'error')), `the answer to ${method}`) };
  }

  const lastState = () => posted.filter((m) => m.method === 'chat/state').map((m) => m.params as ChatState).at(-1);

  before(async () => {
    api = await activate();
    home = (await api.getActiveBacklog())?.id;
    chats = (api.__testing as unknown as { chats: ChatPanelManager }).chats;
    server = await startFakeAiServer({ validKeys: [KEY] });
    await api.switchBacklog((await api.createBacklog('Chat panel suite')).id);
    await api.createItem({ title: 'Login crashes', type: 'BUG' });
    await setAi({ provider: 'openai', 'openai.baseUrl': server.openaiBaseUrl, 'openai.model': 'gpt-4o-mini', timeoutSeconds: 10 });
    assert.equal(await vscode.commands.executeCommand('flowcast.ai.setApiKey', { provider: 'openai', key: KEY }), true);
    await openPanel();
  });

  after(async () => {
    chats.dispose();
    await setAi({ provider: undefined, 'openai.baseUrl': undefined, 'openai.model': undefined, timeoutSeconds: undefined });
    await server.close();
    if (home) await api.switchBacklog(home);
  });

  it('streams the answer into the page; a proposed action changes nothing until Apply; Apply then Undo', async () => {
    server.reply('BUG-001 should be closed first.\n```flowcast-actions\n{"actions":[{"kind":"status","id":"BUG-001","status":"done"}]}\n```');
    const { id, answer } = send('chat/send', { text: 'What next?', useSelection: false, useFile: false });
    const r = await answer;
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    const chunks = posted.filter((m) => m.kind === 'chunk' && m.id === id);
    assert.ok(chunks.length > 1, `streamed in ${chunks.length} chunk(s)`);
    assert.equal(server.lastRequest()?.stream, true);
    const message = (r.result as { message: { id: number; content: string; actions: { status: string; summary: string }[] } }).message;
    assert.equal(message.content, 'BUG-001 should be closed first.');
    assert.deepEqual(message.actions.map((a) => [a.status, a.summary]), [['proposed', 'BUG-001: status backlog → done']]);
    assert.equal((await api.getItem('BUG-001'))?.status, 'backlog', 'nothing changed before Apply');
    const applied = await send('chat/apply', { messageId: message.id }).answer;
    assert.equal((applied.result as { ok: boolean }).ok, true);
    assert.equal((await api.getItem('BUG-001'))?.status, 'done');
    await waitFor(() => lastState()?.messages[0]?.actions[0]?.status === 'applied', 'the card to show Applied');
    await vscode.commands.executeCommand('flowcast.undo');
    assert.equal((await api.getItem('BUG-001'))?.status, 'backlog', 'one undo step');
  });

  it('Stop cancels the request at once and closes the HTTP request on the server', async () => {
    server.reply({ fault: 'slow', delayMs: 8000, text: 'too late' });
    const { id, answer } = send('chat/send', { text: 'Something slow', useSelection: false, useFile: false });
    await waitFor(() => server.chatRequests().length > 0 && server.pending() === 0, 'the request to reach the server');
    const t0 = Date.now();
    chats.current!.conn.receive({ kind: 'cancel', id });
    const r = await answer;
    assert.equal(r.kind, 'error');
    assert.equal(r.error?.code, 'cancelled');
    assert.ok(Date.now() - t0 < 2000, `cancelled after ${Date.now() - t0} ms`);
    const slow = server.chatRequests().at(-1)!;
    await waitFor(() => slow.abortedByClient, 'the server to see the connection closed before its answer');
    assert.equal(slow.abortedByClient, true);
  });

  it('opens on the most recent conversation after a reopen; a new one is listed first', async () => {
    await send('chat/new', {}).answer;
    server.reply('Second conversation answer');
    assert.equal((await send('chat/send', { text: 'Second topic', useSelection: false, useFile: false }).answer).kind, 'response');
    chats.dispose();
    await openPanel();
    const s = await waitFor(() => lastState(), 'the state');
    assert.equal(s.conversation?.title, 'Second topic');
    assert.deepEqual(s.messages.map((m) => m.role), ['assistant', 'user'], 'newest first');
    assert.equal(s.conversations[0].title, 'Second topic');
    assert.equal(s.conversations.length, 2);
  });

  it('the chat also opens as a view (in the panel, movable to the secondary side bar) on the same history', async () => {
    assert.equal(await vscode.commands.executeCommand('flowcast.openChatView'), true);
    const view = await waitFor(() => chats.view?.current, 'the chat view connection');
    const seen: Posted[] = [];
    view.conn.taps.add((m) => seen.push(m as Posted));
    await waitFor(() => view.isReady, 'the chat view page to say ready');
    server.reply('Answered in the view');
    view.conn.receive({ kind: 'request', id: 99_001, method: 'chat/send', params: { text: 'From the view', useSelection: false, useFile: false } });
    const r = await waitFor(() => seen.find((m) => m.id === 99_001 && (m.kind === 'response' || m.kind === 'error')), 'the answer in the view');
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    const state = await waitFor(() => seen.filter((m) => m.method === 'chat/state').map((m) => m.params as ChatState).find((x) => x.messages.some((m) => m.content === 'Answered in the view')), 'the view state');
    assert.equal(state.conversation?.title, 'Second topic', 'the view continues the most recent conversation');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  it('"When will the open bugs be done?" is answered by the forecasting engine, not the model', async () => {
    const before = server.chatRequests().length;
    const r = await send('chat/send', { text: 'When will the open bugs be done?', useSelection: false, useFile: false }).answer;
    assert.equal(r.kind, 'response', JSON.stringify(r.error));
    assert.equal(server.chatRequests().length, before, 'no model request');
  });
});
