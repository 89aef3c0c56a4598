// The MCP server through the official SDK's client: it lists the backlog tools, every call reaches
// the "extension host" (a bridge on a local socket with a per-session secret) and a write reaches
// the backlog; a malformed call is an error result; a wrong secret is refused; with no host
// running, calls say so clearly.
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BacklogService } from '../../src/core/backlog/service';
import { McpBridge } from '../../src/core/chat/mcpBridge';
import { runTool, TOOLS } from '../../src/core/chat/tools';
import { listAgentChanges } from '../../src/core/chat/agentLog';
import { loadSql, tempDir } from './helpers';

const script = path.join(__dirname, '../../src/core/chat/mcpServer.js');

async function connect(endpointFile: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [script, endpointFile], stderr: 'pipe' }));
  return client;
}

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };

describe('chat: MCP server', function () {
  this.timeout(30_000);
  let s: BacklogService;
  let bridge: McpBridge;
  let dir: string;
  before(async () => {
    dir = await tempDir('flowcast-mcp-');
    s = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    await s.createBacklog('MCP');
    await s.createItem({ title: 'Crash on save', type: 'BUG' });
    bridge = new McpBridge(path.join(dir, 'mcp-endpoint.json'), (name, input) => runTool({ service: s, agent: 'MCP client' }, name, input));
    await bridge.start();
  });
  after(async () => {
    await bridge.stop();
    await s.dispose();
  });

  it('lists the tools and runs each through the host; a write reaches the backlog', async () => {
    const client = await connect(bridge.endpointFile);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS.map((t) => t.name).sort());
      const calls: [string, Record<string, unknown>][] = [
        ['flowcast_search', { query: 'crash' }],
        ['flowcast_get_item', { id: 'BUG-001' }],
        ['flowcast_list_items', { fields: ['id', 'title'] }],
        ['flowcast_create_item', { title: 'Made by MCP', type: 'TASK' }],
        ['flowcast_update_item', { id: 'TASK-001', fields: { priority: 'high' } }],
        ['flowcast_move_item', { id: 'TASK-001', status: 'done' }],
        ['flowcast_add_relation', { from: 'BUG-001', kind: 'blocks', to: 'TASK-001' }],
      ];
      for (const [name, args] of calls) {
        const r = (await client.callTool({ name, arguments: args })) as TextResult;
        assert.equal(r.isError, false, `${name}: ${r.content[0]?.text}`);
      }
      const fc = (await client.callTool({ name: 'flowcast_forecast', arguments: { question: 'when' } })) as TextResult;
      assert.equal(fc.isError, true);
      assert.match(fc.content[0].text, /not available/);
      const item = await s.getItem('TASK-001');
      assert.equal(item?.status, 'done');
      assert.equal(item?.priority, 'high');
      const { repo } = await s.repo();
      assert.equal(listAgentChanges(repo.db)[0].agent, 'MCP client');
      const bad = (await client.callTool({ name: 'flowcast_update_item', arguments: { id: 42 } })) as TextResult;
      assert.equal(bad.isError, true);
      assert.match(bad.content[0].text, /invalid input/);
    } finally {
      await client.close();
    }
  });

  it('refuses a connection without the secret', async () => {
    const { socket } = JSON.parse(await (await import('node:fs/promises')).readFile(bridge.endpointFile, 'utf8')) as { socket: string };
    const closed = await new Promise<boolean>((resolve) => {
      const c = net.createConnection(socket, () => c.write(`${JSON.stringify({ secret: 'wrong' })}\n${JSON.stringify({ id: 1, name: 'flowcast_search', input: { query: 'x' } })}\n`));
      let got = '';
      c.on('data', (d) => (got += String(d)));
      c.on('close', () => resolve(got === ''));
      c.on('error', () => undefined);
    });
    assert.ok(closed, 'closed without an answer');
  });

  it('says clearly that Flowcast is not running when VS Code is closed', async () => {
    const client = await connect(path.join(dir, 'no-such-endpoint.json'));
    try {
      assert.equal((await client.listTools()).tools.length, TOOLS.length);
      const r = (await client.callTool({ name: 'flowcast_search', arguments: { query: 'x' } })) as TextResult;
      assert.equal(r.isError, true);
      assert.match(r.content[0].text, /Flowcast is not running/);
    } finally {
      await client.close();
    }
  });
});
