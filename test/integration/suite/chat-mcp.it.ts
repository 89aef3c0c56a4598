// Issue #16 in real VS Code: the MCP server definition Flowcast offers VS Code (through
// vscode.lm.registerMcpServerDefinitionProvider) is started with the official SDK's client, the way
// VS Code or an agent in a terminal starts it: it lists the backlog tools, a write made through it
// reaches the running extension's backlog (one writer: the extension host), a malformed call is an
// error result, and "Copy MCP Server Command" gives the same server and endpoint.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { McpHost } from '../../../src/chat/mcpProvider';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { TOOLS } from '../../../src/core/chat/tools';
import { activate, type TestingApi } from '../helpers';

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };

describe('chat: the MCP server offered to VS Code (real VS Code, official SDK client)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let mcp: McpHost;
  let previous: BacklogInfo | undefined;
  let client: Client | undefined;

  before(async () => {
    api = await activate();
    mcp = (api.__testing as unknown as { mcp: McpHost }).mcp;
    previous = await api.getActiveBacklog();
    await vscode.commands.executeCommand<BacklogInfo>('flowcast.newBacklog', 'MCP suite');
    await api.createItem({ title: 'Crash when the cache is empty', type: 'BUG' });
  });

  after(async () => {
    await client?.close();
    if (previous) await vscode.commands.executeCommand('flowcast.switchBacklog', previous.id);
  });

  it('offers one stdio server definition to VS Code, and the terminal command starts the same one', async () => {
    assert.equal(mcp.offeredToVsCode, true, 'this VS Code has registerMcpServerDefinitionProvider');
    const defs = await mcp.definitions();
    assert.equal(defs.length, 1);
    assert.equal(defs[0].label, 'Flowcast');
    assert.match(defs[0].args[0], /dist[\\/]mcpServer\.js$/);
    const line = await vscode.commands.executeCommand<string>('flowcast.copyMcpCommand');
    const quoted = [...line.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(quoted.slice(1), defs[0].args, 'same script, same endpoint file');
  });

  it('the SDK client lists every tool; a write reaches the running backlog; a malformed call is an error result', async () => {
    const [def] = await mcp.definitions();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (typeof v === 'string') env[k] = v;
    for (const [k, v] of Object.entries(def.env)) if (typeof v === 'string') env[k] = v;
    client = new Client({ name: 'flowcast-it', version: '1' });
    await client.connect(new StdioClientTransport({ command: def.command, args: def.args, env, stderr: 'pipe' }));
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS.map((t) => t.name).sort());

    const found = (await client.callTool({ name: 'flowcast_search', arguments: { query: 'cache' } })) as TextResult;
    assert.equal(found.isError, false, found.content[0]?.text);
    assert.match(found.content[0].text, /BUG-001/);

    const made = (await client.callTool({ name: 'flowcast_create_item', arguments: { title: 'Made by an agent over MCP', type: 'TASK' } })) as TextResult;
    assert.equal(made.isError, false, made.content[0]?.text);
    const item = (await api.queryItems()).find((i) => i.title === 'Made by an agent over MCP');
    assert.ok(item, 'the item is in the backlog the extension host owns');

    const bad = (await client.callTool({ name: 'flowcast_update_item', arguments: { id: 42 } })) as TextResult;
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /invalid input/);
  });
});
