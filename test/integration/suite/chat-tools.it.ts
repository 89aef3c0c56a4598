// Issue #16 in real VS Code: every backlog tool through vscode.lm.invokeTool (the confirmation of
// write tools included), the agent log, and the @flowcast participant's handler driven with a
// recorded stream and the scripted test model: proposed changes change nothing until Apply, Apply
// is one undo step.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { prepareToolInvocation, toolContext } from '../../../src/chat/lmTools';
import { createChatHandler } from '../../../src/chat/participant';
import { TOOLS } from '../../../src/core/chat/tools';
import { activate, type TestingApi, waitFor } from '../helpers';

const TEST_LM_EXTENSION = 'flowcast-test.flowcast-lm-test';

function text(r: vscode.LanguageModelToolResult): string {
  return r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

async function invoke(name: string, input: object): Promise<string> {
  return text(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
}

/** A ChatResponseStream that records what the handler sends. */
function recordingStream(): { stream: vscode.ChatResponseStream; markdown: string[]; buttons: vscode.Command[] } {
  const markdown: string[] = [];
  const buttons: vscode.Command[] = [];
  const md = (v: string | vscode.MarkdownString) => markdown.push(typeof v === 'string' ? v : v.value);
  const stream = {
    markdown: md,
    button: (c: vscode.Command) => buttons.push(c),
    progress: () => undefined,
    anchor: () => undefined,
    reference: () => undefined,
    filetree: () => undefined,
    push: () => undefined,
  } as unknown as vscode.ChatResponseStream;
  return { stream, markdown, buttons };
}

describe('chat: language model tools and the @flowcast participant (real VS Code)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let previous: BacklogInfo | undefined;

  before(async () => {
    api = await activate();
    previous = await api.getActiveBacklog();
    await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'Chat tools suite');
    await api.createItem({ title: 'Login crashes on submit', type: 'BUG' });
    await api.createItem({ title: 'Export to CSV', type: 'FEAT' });
  });

  after(async () => {
    if (previous) await vscode.commands.executeCommand('flowcast.switchBacklog', previous.id);
  });

  it('registers every tool with VS Code', async () => {
    await waitFor(() => TOOLS.every((t) => vscode.lm.tools.some((x) => x.name === t.name)), 'the Flowcast tools');
    const tool = vscode.lm.tools.find((t) => t.name === 'flowcast_list_items');
    assert.equal((tool?.inputSchema as { type?: string } | undefined)?.type, 'object');
  });

  it('runs every tool through vscode.lm.invokeTool; errors are results; changes are in the agent log', async () => {
    assert.match(await invoke('flowcast_search', { query: 'login' }), /"total":1/);
    assert.match(await invoke('flowcast_get_item', { id: 'BUG-001' }), /Login crashes on submit/);
    assert.match(await invoke('flowcast_list_items', {}), /"total":2/);
    assert.match(await invoke('flowcast_create_item', { title: 'Written by an agent', type: 'TASK' }), /TASK-001/);
    assert.match(await invoke('flowcast_update_item', { id: 'TASK-001', fields: { priority: 'high' } }), /priority/);
    assert.match(await invoke('flowcast_move_item', { id: 'TASK-001', status: 'done' }), /"status":"done"/);
    assert.match(await invoke('flowcast_add_relation', { from: 'BUG-001', kind: 'blocks', to: 'FEAT-001' }), /Relation added/);
    assert.match(await invoke('flowcast_add_relation', { from: 'FEAT-001', kind: 'blocks', to: 'BUG-001' }), /^Error: .*cycle/);
    assert.match(await invoke('flowcast_update_item', { id: 'not an id', fields: {} }), /^Error: invalid input/);
    assert.match(await invoke('flowcast_forecast', { question: 'howMany' }), /^Error: targetDate/);
    const item = await api.getItem('TASK-001');
    assert.equal(item?.status, 'done');
    const log = await vscode.commands.executeCommand<string>('flowcast.showAgentLog');
    assert.match(log, /VS Code agent \| flowcast\\_add\\_relation \| Linked BUG-001 blocks FEAT-001/);
    assert.match(log, /Created TASK-001/);
  });

  it('write tools confirm with the exact change; read tools only show progress', async () => {
    const ctx = toolContext(api.__testing.service, undefined, 'test');
    const p = await prepareToolInvocation(ctx, 'flowcast_update_item', { id: 'TASK-001', fields: { priority: 'low' } });
    const msg = p?.confirmationMessages?.message;
    assert.match(typeof msg === 'string' ? msg : (msg?.value ?? ''), /priority: high → low/);
    const read = await prepareToolInvocation(ctx, 'flowcast_search', { query: 'x' });
    assert.equal(read?.confirmationMessages, undefined);
    const inv = read?.invocationMessage;
    assert.match(typeof inv === 'string' ? inv : (inv?.value ?? ''), /Searching/);
  });

  it('the participant streams, proposes a change that waits for Apply, and Apply is one undo step', async () => {
    const ext = vscode.extensions.getExtension(TEST_LM_EXTENSION);
    assert.ok(ext, 'the test model extension is loaded');
    await ext.activate();
    const [model] = await waitFor(async () => {
      const m = await vscode.lm.selectChatModels({ vendor: 'flowcast-test', family: 'echo' });
      return m.length ? m : undefined;
    }, 'the test model');
    const answer = 'BUG-001 blocks FEAT-001; close it first.\n```flowcast-actions\n{"actions":[{"kind":"status","id":"BUG-001","status":"done"},{"kind":"archive","ids":["BUG-404"]}]}\n```';
    await vscode.commands.executeCommand('flowcastTestLm.script', [{ parts: [answer.slice(0, 20), answer.slice(20)] }]);
    const rec = recordingStream();
    const handler = createChatHandler({ service: api.__testing.service });
    const request = { prompt: 'What next?', command: 'next', model, references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    await handler(request, { history: [] }, rec.stream, new vscode.CancellationTokenSource().token);
    const shown = rec.markdown.join('');
    assert.ok(shown.includes('close it first'), shown);
    assert.ok(!shown.includes('"actions"'), 'the actions block is not shown as text');
    assert.match(shown, /\[BUG-001\]\(command:flowcast\.openItem\?[^)]+\): status backlog → done/, 'the ID is a link that opens the item');
    assert.match(shown, /refused: .*BUG-404/);
    assert.equal((await api.getItem('BUG-001'))?.status, 'backlog', 'nothing changed before Apply');
    assert.equal(rec.buttons.length, 1);
    const r = await vscode.commands.executeCommand<{ ok: boolean }>(rec.buttons[0].command, ...((rec.buttons[0].arguments ?? []) as unknown[]));
    assert.ok(r.ok);
    assert.equal((await api.getItem('BUG-001'))?.status, 'done');
    await vscode.commands.executeCommand('flowcast.undo');
    assert.equal((await api.getItem('BUG-001'))?.status, 'backlog', 'undone in one step');
  });

  it('/forecast answers from the engine', async () => {
    const rec = recordingStream();
    const handler = createChatHandler({ service: api.__testing.service, forecasts: api.__testing.forecasts });
    await handler({ prompt: 'bugs', command: 'forecast' } as unknown as vscode.ChatRequest, { history: [] }, rec.stream, new vscode.CancellationTokenSource().token);
    assert.ok(rec.markdown.join('').length > 10, rec.markdown.join(''));
  });
});
