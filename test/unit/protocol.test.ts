// Contract tests: the host dispatcher and the webview client, connected by an in-memory channel
// with postMessage semantics (structured clone, asynchronous delivery).
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import {
  BoardStateChanged,
  type Channel,
  CreateItem,
  createMemoryChannelPair,
  defineNotification,
  defineRequest,
  defineStream,
  Endpoint,
  parseEnvelope,
  ReadyGate,
  RpcError,
  type WireError,
} from '../../src/core/protocol';
import { CancelledError } from '../../src/core/forecast/simulate';
import { sleep } from './helpers';

const Echo = defineRequest('test/echo', z.strictObject({ text: z.string().check(z.maxLength(10)) }), z.object({ text: z.string() }));
const Count = defineStream('test/count', z.object({ to: z.int().check(z.gte(0), z.lte(100)) }), z.number(), z.object({ total: z.number() }));
const Slow = defineRequest('test/slow', z.object({}), z.object({ ok: z.boolean() }));
const Ping = defineNotification('test/ping', z.object({ n: z.number() }));

function recordingChannel(ch: Channel): { ch: Channel; sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    ch: {
      post: (m) => {
        sent.push(m);
        ch.post(m);
      },
      onMessage: (l) => ch.onMessage(l),
    },
  };
}

function connect(opts: { onHandlerError?: (method: string, err: unknown) => void } = {}) {
  const [a, b] = createMemoryChannelPair();
  const hostRejected: WireError[] = [];
  const rec = recordingChannel(a);
  const gate = new ReadyGate(rec.ch);
  const host = new Endpoint(gate, { onRejected: (e) => hostRejected.push(e), onHandlerError: opts.onHandlerError });
  const webviewRejected: WireError[] = [];
  const webview = new Endpoint(b, { onRejected: (e) => webviewRejected.push(e) });
  return { host, webview, gate, hostRejected, webviewRejected, hostSent: rec.sent, rawToHost: b };
}

describe('protocol: requests and responses', () => {
  it('a valid request reaches its handler and the typed result comes back', async () => {
    const { host, webview } = connect();
    host.handle(Echo, (p) => ({ text: p.text.toUpperCase() }));
    assert.deepEqual(await webview.request(Echo, { text: 'hi' }), { text: 'HI' });
  });

  it('invalid params are rejected with the failing fields and the handler never runs', async () => {
    const { host, webview, hostRejected } = connect();
    let calls = 0;
    host.handle(Echo, (p) => {
      calls++;
      return p;
    });
    await assert.rejects(
      webview.request(Echo, { text: 'far too long text' }),
      (e: RpcError) => e instanceof RpcError && e.code === 'invalid_params' && /nothing was changed/.test(e.message) && e.issues!.some((i) => i.startsWith('text:')),
    );
    await assert.rejects(webview.request(Echo, { text: 'ok', extra: 1 } as never), (e: RpcError) => e.code === 'invalid_params');
    assert.equal(calls, 0);
    assert.equal(hostRejected.length, 2);
  });

  it('an unknown method gets an unknown_method error', async () => {
    const { webview } = connect();
    await assert.rejects(webview.request(Echo, { text: 'x' }), (e: RpcError) => e.code === 'unknown_method' && e.message.includes('test/echo'));
  });

  it('a handler that throws gives the caller a generic error, without internal details', async () => {
    const { host, webview } = connect();
    host.handle(Echo, () => {
      throw new Error('secret internal path /home/x');
    });
    await assert.rejects(webview.request(Echo, { text: 'x' }), (e: RpcError) => e.code === 'handler_error' && !e.message.includes('/home/x'));
  });

  it('a handler whose work a newer request superseded (the engine\'s CancelledError) answers cancelled, not a failure, and logs nothing', async () => {
    const errors: string[] = [];
    const { host, webview } = connect({ onHandlerError: (m: string) => errors.push(m) });
    host.handle(Echo, () => {
      throw new CancelledError();
    });
    await assert.rejects(webview.request(Echo, { text: 'x' }), (e: RpcError) => e.code === 'cancelled');
    assert.deepEqual(errors, []);
  });

  it('a user-facing error message is passed through to the caller', async () => {
    const { host, webview } = connect();
    host.handle(Echo, () => {
      throw Object.assign(new Error('A backlog named "X" already exists.'), { userFacing: true });
    });
    await assert.rejects(webview.request(Echo, { text: 'x' }), /already exists/);
  });

  it('a malformed result is rejected on the receiving side', async () => {
    const { host, webview } = connect();
    host.handle(Echo, () => ({ text: 42 }) as never);
    await assert.rejects(webview.request(Echo, { text: 'x' }), (e: RpcError) => e.code === 'invalid_result');
  });

  it('real schemas: items/create trims the title and refuses an empty one', async () => {
    const { host, webview } = connect();
    const seen: string[] = [];
    host.handle(CreateItem, (p) => {
      seen.push(p.title);
      return { id: 'TASK-001', type: 'TASK', title: p.title, status: 'backlog', rank: 'a0', createdAt: 'x', updatedAt: 'x' };
    });
    await webview.request(CreateItem, { title: '  Fix   the login  ' });
    await assert.rejects(webview.request(CreateItem, { title: '   ' }), (e: RpcError) => e.code === 'invalid_params');
    assert.deepEqual(seen, ['Fix the login']);
  });
});

describe('protocol: malformed messages', () => {
  const cases: [string, unknown][] = [
    ['a string', 'hello'],
    ['null', null],
    ['an array', [1, 2]],
    ['no kind', { id: 1, method: 'test/echo' }],
    ['unknown kind', { kind: 'explode', id: 1 }],
    ['request without id', { kind: 'request', method: 'test/echo', params: {} }],
    ['negative id', { kind: 'request', id: -1, method: 'test/echo', params: {} }],
    ['method with bad characters', { kind: 'request', id: 3, method: '../../etc', params: {} }],
    ['extra envelope field', { kind: 'request', id: 4, method: 'test/echo', params: { text: 'a' }, admin: true }],
  ];
  for (const [name, raw] of cases) {
    it(`is answered with an invalid_message error and changes nothing: ${name}`, async () => {
      const { host, hostRejected, rawToHost, hostSent } = connect();
      let calls = 0;
      host.handle(Echo, (p) => {
        calls++;
        return p;
      });
      rawToHost.post(raw);
      await sleep(5);
      assert.equal(calls, 0);
      assert.equal(hostRejected.length, 1);
      assert.equal(hostRejected[0].code, 'invalid_message');
      const answer = hostSent.find((m) => (m as { kind: string }).kind === 'error') as { id: number | null; error: WireError };
      assert.ok(answer, 'an error was posted back');
      assert.equal(answer.error.code, 'invalid_message');
    });
  }

  it('keeps the id of a malformed request so the caller can match the error', () => {
    const r = parseEnvelope({ kind: 'request', id: 7, method: 'test/echo' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.id, 7);
  });

  it('never answers a malformed error with another error (no ping-pong)', async () => {
    const { hostRejected, rawToHost, hostSent } = connect();
    rawToHost.post({ kind: 'error', id: 'x', error: {} });
    await sleep(5);
    assert.equal(hostRejected.length, 1);
    assert.equal(hostSent.length, 0);
  });

  it('notifications with invalid params are dropped and reported', async () => {
    const { host, webview, hostRejected } = connect();
    const got: number[] = [];
    host.onNotification(Ping, (p) => got.push(p.n));
    webview.notify(Ping, { n: 1 });
    webview.notify(Ping, { n: 'two' } as never);
    await sleep(5);
    assert.deepEqual(got, [1]);
    assert.equal(hostRejected[0].code, 'invalid_params');
  });
});

describe('protocol: streams and cancellation', () => {
  it('a stream delivers every chunk in order, then the final result', async () => {
    const { host, webview } = connect();
    host.handle(Count, async (p, ctx) => {
      for (let i = 1; i <= p.to; i++) ctx.chunk(i);
      return { total: p.to };
    });
    const chunks: number[] = [];
    const result = await webview.request(Count, { to: 5 }, { onChunk: (c) => chunks.push(c) });
    assert.deepEqual(chunks, [1, 2, 3, 4, 5]);
    assert.deepEqual(result, { total: 5 });
  });

  it('cancelling aborts the handler signal and rejects the caller with cancelled', async () => {
    const { host, webview } = connect();
    let aborted = false;
    host.handle(Slow, (_p, ctx) => {
      return new Promise((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ ok: false });
        });
      });
    });
    const ctrl = new AbortController();
    const pending = webview.request(Slow, {}, { signal: ctrl.signal });
    await sleep(5);
    ctrl.abort();
    await assert.rejects(pending, (e: RpcError) => e.code === 'cancelled');
    await sleep(5);
    assert.ok(aborted, 'the host handler saw the abort');
  });

  it('disposing an endpoint rejects its pending requests', async () => {
    const { host, webview } = connect();
    host.handle(Slow, () => new Promise(() => undefined));
    const pending = webview.request(Slow, {});
    webview.dispose();
    await assert.rejects(pending, (e: RpcError) => e.code === 'disposed');
  });
});

describe('protocol: ready handshake', () => {
  it('host notifications are queued until the webview is ready, then delivered in order', async () => {
    const { host, webview, gate } = connect();
    const got: number[] = [];
    host.notify(Ping, { n: 1 });
    host.notify(Ping, { n: 2 });
    await sleep(5);
    assert.equal(gate.isReady, false);
    webview.onNotification(Ping, (p) => got.push(p.n));
    webview.ready('board');
    await sleep(5);
    assert.equal(gate.isReady, true);
    assert.deepEqual(got, [1, 2]);
  });

  it('after a reset (view hidden) messages wait for the next ready, and onReady fires again to resync', async () => {
    const { host, webview, gate } = connect();
    let readies = 0;
    host.onReady(() => {
      readies++;
      host.notify(BoardStateChanged, { backlog: null, backlogCount: 0, statuses: [], items: [], problem: null });
    });
    const states: unknown[] = [];
    webview.onNotification(BoardStateChanged, (s) => states.push(s));
    webview.ready('board');
    await sleep(5);
    gate.reset();
    host.notify(Ping, { n: 9 });
    await sleep(5);
    assert.equal(states.length, 1);
    webview.ready('board');
    await sleep(5);
    assert.equal(readies, 2);
    assert.equal(states.length, 2, 'state was pushed again on the second ready');
  });

  it('a ready with another protocol version is refused', async () => {
    const { host, rawToHost, hostRejected } = connect();
    let readies = 0;
    host.onReady(() => readies++);
    rawToHost.post({ kind: 'ready', view: 'board', protocol: 999 });
    await sleep(5);
    assert.equal(readies, 0);
    assert.match(hostRejected[0].message, /not supported/);
  });
});
