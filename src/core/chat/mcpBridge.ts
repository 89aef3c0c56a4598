// The extension host's end of the MCP server: a local socket (a Unix socket in a private folder, or
// a Windows named pipe; never a network port) that the stdio MCP server (dist/mcpServer.js) talks
// to. The host stays the only writer of the database. A connection must first send the per-session
// secret written, with the socket path, to an endpoint file only the user can read.
// Wire format: one JSON object per line. Client → {secret} then {id, name, input}; host → {id, ok, text}.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ToolResult } from './tools';

export interface McpEndpoint {
  socket: string;
  secret: string;
  pid: number;
}

export interface BridgeRequest {
  id: number;
  name: string;
  input: unknown;
}

export interface BridgeReply {
  id: number;
  ok: boolean;
  text: string;
}

const MAX_LINE = 1_000_000;

function socketPath(): string {
  const tag = randomBytes(8).toString('hex');
  return process.platform === 'win32' ? `\\\\.\\pipe\\flowcast-mcp-${tag}` : path.join(os.tmpdir(), `flowcast-mcp-${tag}.sock`);
}

function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Splits a socket's data into JSON lines (a line longer than MAX_LINE closes the socket). */
export function onJsonLines(sock: net.Socket, handle: (value: unknown) => void): void {
  let buf = '';
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > MAX_LINE && !buf.includes('\n')) return void sock.destroy();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      try {
        handle(JSON.parse(line));
      } catch {
        sock.destroy();
        return;
      }
    }
  });
}

export class McpBridge {
  private server: net.Server | undefined;
  private endpoint: McpEndpoint | undefined;

  constructor(
    /** Where the endpoint (socket path + secret) is written for the MCP server script. */
    readonly endpointFile: string,
    private readonly call: (name: string, input: unknown) => Promise<ToolResult>,
  ) {}

  async start(): Promise<McpEndpoint> {
    if (this.endpoint) return this.endpoint;
    const endpoint: McpEndpoint = { socket: socketPath(), secret: randomBytes(32).toString('hex'), pid: process.pid };
    const server = net.createServer((sock) => this.serve(sock, endpoint.secret));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(endpoint.socket, () => resolve());
    });
    if (process.platform !== 'win32') await fs.chmod(endpoint.socket, 0o600);
    await fs.mkdir(path.dirname(this.endpointFile), { recursive: true });
    await fs.writeFile(this.endpointFile, JSON.stringify(endpoint), { mode: 0o600 });
    this.server = server;
    this.endpoint = endpoint;
    return endpoint;
  }

  private serve(sock: net.Socket, secret: string): void {
    let authed = false;
    const timer = setTimeout(() => !authed && sock.destroy(), 5000);
    sock.on('close', () => clearTimeout(timer));
    sock.on('error', () => undefined);
    onJsonLines(sock, (msg) => {
      const m = msg as { secret?: unknown } & Partial<BridgeRequest>;
      if (!authed) {
        if (!sameSecret(m?.secret, secret)) return void sock.destroy();
        authed = true;
        clearTimeout(timer);
        sock.write(`${JSON.stringify({ ready: true })}\n`);
        return;
      }
      const id = typeof m.id === 'number' ? m.id : -1;
      if (typeof m.name !== 'string') return void sock.write(`${JSON.stringify({ id, ok: false, text: 'Error: malformed request.' } satisfies BridgeReply)}\n`);
      void this.call(m.name, m.input).then(
        (r) => sock.write(`${JSON.stringify({ id, ok: r.ok, text: r.text } satisfies BridgeReply)}\n`),
        (e: unknown) => sock.write(`${JSON.stringify({ id, ok: false, text: `Error: ${e instanceof Error ? e.message : String(e)}` } satisfies BridgeReply)}\n`),
      );
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.endpoint = undefined;
    await fs.rm(this.endpointFile, { force: true }).catch(() => undefined);
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
