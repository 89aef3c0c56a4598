// The Flowcast MCP server (bundled as dist/mcpServer.js; run with Node over stdio). It offers the
// backlog tools of src/core/chat/tools.ts and forwards each call to the running VS Code extension
// host over its local socket (the host is the only writer of the database). With VS Code closed,
// every call says so clearly. Usage: node dist/mcpServer.js [endpoint file]
// (default: $FLOWCAST_MCP_ENDPOINT).
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { TOOLS, toolJsonSchema } from './tools';
import { type BridgeReply, type McpEndpoint, onJsonLines } from './mcpBridge';

const NOT_RUNNING = 'Flowcast is not running: open VS Code with the Flowcast extension on this workspace, then try again. (The backlog is only changed by VS Code, so nothing is read or written while it is closed.)';

/** One authenticated connection to the extension host, opened on first use and reopened after a drop. */
class HostConnection {
  private sock: net.Socket | undefined;
  private ready: Promise<net.Socket> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: BridgeReply) => void>();

  constructor(private readonly endpointFile: string | undefined) {}

  private endpoint(): McpEndpoint | undefined {
    if (!this.endpointFile) return undefined;
    try {
      return JSON.parse(readFileSync(this.endpointFile, 'utf8')) as McpEndpoint;
    } catch {
      return undefined;
    }
  }

  private connect(): Promise<net.Socket> {
    this.ready ??= new Promise<net.Socket>((resolve, reject) => {
      const ep = this.endpoint();
      if (!ep) return reject(new Error(NOT_RUNNING));
      const sock = net.createConnection(ep.socket);
      const fail = () => {
        this.ready = undefined;
        this.sock = undefined;
        for (const [id, done] of this.waiting) done({ id, ok: false, text: `Error: ${NOT_RUNNING}` });
        this.waiting.clear();
        reject(new Error(NOT_RUNNING));
      };
      sock.once('error', fail);
      sock.once('close', fail);
      sock.once('connect', () => sock.write(`${JSON.stringify({ secret: ep.secret })}\n`));
      onJsonLines(sock, (msg) => {
        const m = msg as Partial<BridgeReply> & { ready?: boolean };
        if (m.ready) {
          this.sock = sock;
          return resolve(sock);
        }
        const done = typeof m.id === 'number' ? this.waiting.get(m.id) : undefined;
        if (done) {
          this.waiting.delete(m.id!);
          done({ id: m.id!, ok: !!m.ok, text: String(m.text ?? '') });
        }
      });
    });
    return this.ready;
  }

  async call(name: string, input: unknown): Promise<BridgeReply> {
    let sock: net.Socket;
    try {
      sock = await this.connect();
    } catch {
      return { id: 0, ok: false, text: `Error: ${NOT_RUNNING}` };
    }
    const id = this.nextId++;
    return new Promise<BridgeReply>((resolve) => {
      this.waiting.set(id, resolve);
      sock.write(`${JSON.stringify({ id, name, input })}\n`);
    });
  }

  close(): void {
    this.sock?.destroy();
  }
}

export async function runMcpServer(endpointFile: string | undefined, version: string): Promise<void> {
  const host = new HostConnection(endpointFile);
  const server = new Server({ name: 'flowcast', version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: toolJsonSchema(t) as { type: 'object' }, annotations: { readOnlyHint: t.readOnly } })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const r = await host.call(req.params.name, req.params.arguments ?? {});
    return { content: [{ type: 'text' as const, text: r.text }], isError: !r.ok };
  });
  const transport = new StdioServerTransport();
  transport.onclose = () => host.close();
  await server.connect(transport);
}

if (require.main === module) {
  runMcpServer(process.argv[2] ?? process.env.FLOWCAST_MCP_ENDPOINT, process.env.FLOWCAST_VERSION ?? '0').catch((e: unknown) => {
    process.stderr.write(`flowcast mcp: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
