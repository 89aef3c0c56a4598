// Typed message transport shared by the extension host and every webview.
//
// Wire format (every message is one JSON-serialisable envelope):
//   ready         webview -> host   "my listeners are installed, send me state"
//   request       either direction  { id, method, params }      answered by response | error
//   chunk         host -> webview   { id, data }                 streamed part of a request's answer
//   response      answer            { id, result }               also ends a stream
//   error         answer            { id | null, error }         id null: the message had no usable id
//   cancel        webview -> host   { id }                       aborts the handler's AbortSignal
//   notification  either direction  { method, params }           fire and forget
//
// Methods are declared once as descriptors (method name + zod schemas), so both sides share
// one definition and every inbound payload is validated before any handler sees it.
import * as z from 'zod/mini';
import type { Schema } from './zod';
import './zod';

export const PROTOCOL_VERSION = 1;

export const ErrorCodeSchema = z.enum([
  'invalid_message',
  'unknown_method',
  'invalid_params',
  'invalid_result',
  'handler_error',
  'cancelled',
  'disposed',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const WireErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string().check(z.maxLength(4000)),
  issues: z.optional(z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50))),
});
export type WireError = z.infer<typeof WireErrorSchema>;

const Id = z.int().check(z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
const Method = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[a-zA-Z][\w.-]*\/[\w.-]+$/));

export const EnvelopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ready'), view: z.string().check(z.minLength(1), z.maxLength(64)), protocol: z.int() }),
  z.strictObject({ kind: z.literal('request'), id: Id, method: Method, params: z.unknown() }),
  z.strictObject({ kind: z.literal('chunk'), id: Id, data: z.unknown() }),
  z.strictObject({ kind: z.literal('response'), id: Id, result: z.unknown() }),
  z.strictObject({ kind: z.literal('error'), id: z.nullable(Id), error: WireErrorSchema }),
  z.strictObject({ kind: z.literal('cancel'), id: Id }),
  z.strictObject({ kind: z.literal('notification'), method: Method, params: z.unknown() }),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A request/response method. `chunk` is set for methods that stream partial results. */
export interface RequestType<P, R, C = never> {
  readonly kind: 'request';
  readonly method: string;
  readonly params: Schema<P>;
  readonly result: Schema<R>;
  readonly chunk?: Schema<C>;
}

export interface NotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: Schema<P>;
}

export function defineRequest<P, R>(method: string, params: Schema<P>, result: Schema<R>): RequestType<P, R> {
  return { kind: 'request', method, params, result };
}

export function defineStream<P, C, R>(method: string, params: Schema<P>, chunk: Schema<C>, result: Schema<R>): RequestType<P, R, C> {
  return { kind: 'request', method, params, result, chunk };
}

export function defineNotification<P>(method: string, params: Schema<P>): NotificationType<P> {
  return { kind: 'notification', method, params };
}

/** Error raised on the calling side when the other side answers with an error. */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The minimal transport both ends need: post a message, receive messages. */
export interface Channel {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

/** Formats zod issues as short "path: message" lines (never echoing the offending values). */
export function formatIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string[] {
  return error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parses an inbound envelope; returns either the envelope or an error naming what is wrong. */
export function parseEnvelope(raw: unknown): { ok: true; envelope: Envelope } | { ok: false; id: number | null; error: WireError } {
  const parsed = EnvelopeSchema.safeParse(raw);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const id = raw && typeof raw === 'object' && 'id' in raw && Id.safeParse((raw).id).success ? (raw as { id: number }).id : null;
  const kind = raw && typeof raw === 'object' && 'kind' in raw ? String((raw).kind).slice(0, 40) : undefined;
  return {
    ok: false,
    id,
    error: {
      code: 'invalid_message',
      message: kind !== undefined ? `Malformed "${kind}" message: it was ignored.` : `Malformed message (${describe(raw)}, no known "kind"): it was ignored.`,
      issues: formatIssues(parsed.error),
    },
  };
}

export interface RequestContext<C> {
  /** Aborted when the caller cancels or the endpoint is disposed. */
  readonly signal: AbortSignal;
  /** Sends one streamed part of the answer (only for stream methods). */
  chunk(data: C): void;
}

type Handler = (params: unknown, ctx: RequestContext<unknown>) => unknown;

interface Pending {
  type: RequestType<unknown, unknown, unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  onChunk?: (chunk: unknown) => void;
  cleanup(): void;
}

export interface EndpointOptions {
  /** Called for every inbound message that was rejected (for logging). */
  onRejected?(error: WireError): void;
  /** Called when a handler throws (for logging); the caller gets a generic message. */
  onHandlerError?(method: string, error: unknown): void;
}

/**
 * One end of a connection. The host uses `handle` (requests from the webview) and `notify`;
 * the webview uses `request` and `onNotification`. Both sides validate everything they receive.
 */
export class Endpoint {
  private readonly handlers = new Map<string, { type: RequestType<unknown, unknown, unknown>; fn: Handler }>();
  private readonly notificationHandlers = new Map<string, { type: NotificationType<unknown>; fns: Set<(p: unknown) => void> }>();
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Map<number, AbortController>();
  private readonly readyListeners = new Set<(view: string) => void>();
  private nextId = 1;
  private disposed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly channel: Channel,
    private readonly options: EndpointOptions = {},
  ) {
    this.unsubscribe = channel.onMessage((m) => this.receive(m));
  }

  /** Registers the handler of a request method. */
  handle<P, R, C>(type: RequestType<P, R, C>, fn: (params: P, ctx: RequestContext<C>) => R | Promise<R>): () => void {
    if (this.handlers.has(type.method)) throw new Error(`handler for ${type.method} already registered`);
    this.handlers.set(type.method, { type: type, fn: fn as Handler });
    return () => this.handlers.delete(type.method);
  }

  onNotification<P>(type: NotificationType<P>, fn: (params: P) => void): () => void {
    let entry = this.notificationHandlers.get(type.method);
    if (!entry) {
      entry = { type: type, fns: new Set() };
      this.notificationHandlers.set(type.method, entry);
    }
    const f = fn as (p: unknown) => void;
    entry.fns.add(f);
    return () => entry.fns.delete(f);
  }

  onReady(fn: (view: string) => void): () => void {
    this.readyListeners.add(fn);
    return () => this.readyListeners.delete(fn);
  }

  /** Announces that this side's listeners are installed (webview side). */
  ready(view: string): void {
    this.channel.post({ kind: 'ready', view, protocol: PROTOCOL_VERSION });
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    if (this.disposed) return;
    this.channel.post({ kind: 'notification', method: type.method, params });
  }

  /** Sends a request and resolves with the validated result. Chunks go to `onChunk`. */
  request<P, R, C>(type: RequestType<P, R, C>, params: P, opts: { signal?: AbortSignal; onChunk?: (chunk: C) => void } = {}): Promise<R> {
    if (this.disposed) return Promise.reject(new RpcError('disposed', 'The connection is closed.'));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.channel.post({ kind: 'cancel', id });
        reject(new RpcError('cancelled', 'Cancelled.'));
      };
      if (opts.signal?.aborted) {
        reject(new RpcError('cancelled', 'Cancelled.'));
        return;
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        type: type,
        resolve: resolve,
        reject,
        onChunk: opts.onChunk as ((c: unknown) => void) | undefined,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      this.channel.post({ kind: 'request', id, method: type.method, params });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    for (const ctrl of this.running.values()) ctrl.abort();
    this.running.clear();
    for (const p of this.pending.values()) {
      p.cleanup();
      p.reject(new RpcError('disposed', 'The connection was closed before an answer came.'));
    }
    this.pending.clear();
  }

  private reject(id: number | null, error: WireError): void {
    this.options.onRejected?.(error);
    this.channel.post({ kind: 'error', id, error });
  }

  private receive(raw: unknown): void {
    if (this.disposed) return;
    const parsed = parseEnvelope(raw);
    if (!parsed.ok) {
      // Never answer an error with an error (avoids ping-pong between two confused ends).
      if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === 'error') {
        this.options.onRejected?.(parsed.error);
        return;
      }
      this.reject(parsed.id, parsed.error);
      return;
    }
    const m = parsed.envelope;
    switch (m.kind) {
      case 'ready':
        if (m.protocol !== PROTOCOL_VERSION) {
          this.reject(null, { code: 'invalid_message', message: `Protocol version ${m.protocol} is not supported (expected ${PROTOCOL_VERSION}). Reload the view.` });
          return;
        }
        for (const fn of [...this.readyListeners]) fn(m.view);
        return;
      case 'request':
        void this.dispatch(m.id, m.method, m.params);
        return;
      case 'cancel':
        this.running.get(m.id)?.abort();
        return;
      case 'notification': {
        const entry = this.notificationHandlers.get(m.method);
        if (!entry) {
          this.reject(null, { code: 'unknown_method', message: `Unknown notification "${m.method}": it was ignored.` });
          return;
        }
        const p = entry.type.params.safeParse(m.params);
        if (!p.success) {
          this.reject(null, { code: 'invalid_params', message: `Invalid parameters for "${m.method}": it was ignored.`, issues: formatIssues(p.error) });
          return;
        }
        for (const fn of [...entry.fns]) fn(p.data);
        return;
      }
      case 'chunk': {
        const p = this.pending.get(m.id);
        if (!p?.type.chunk) return;
        const c = p.type.chunk.safeParse(m.data);
        if (c.success) p.onChunk?.(c.data);
        return;
      }
      case 'response': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.cleanup();
        const r = p.type.result.safeParse(m.result);
        if (r.success) p.resolve(r.data);
        else p.reject(new RpcError('invalid_result', `The answer to "${p.type.method}" was malformed.`, formatIssues(r.error)));
        return;
      }
      case 'error': {
        if (m.id === null) {
          this.options.onRejected?.(m.error);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.cleanup();
        p.reject(new RpcError(m.error.code, m.error.message, m.error.issues));
        return;
      }
    }
  }

  private async dispatch(id: number, method: string, rawParams: unknown): Promise<void> {
    const entry = this.handlers.get(method);
    if (!entry) {
      this.reject(id, { code: 'unknown_method', message: `Unknown request "${method}": nothing was changed.` });
      return;
    }
    if (this.running.has(id)) {
      this.reject(id, { code: 'invalid_message', message: `Request id ${id} is already in use: nothing was changed.` });
      return;
    }
    const params = entry.type.params.safeParse(rawParams);
    if (!params.success) {
      this.reject(id, { code: 'invalid_params', message: `Invalid parameters for "${method}": nothing was changed.`, issues: formatIssues(params.error) });
      return;
    }
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    const ctx: RequestContext<unknown> = {
      signal: ctrl.signal,
      chunk: (data) => {
        if (!ctrl.signal.aborted && !this.disposed) this.channel.post({ kind: 'chunk', id, data });
      },
    };
    try {
      const result = await entry.fn(params.data, ctx);
      if (this.disposed) return;
      if (ctrl.signal.aborted) this.channel.post({ kind: 'error', id, error: { code: 'cancelled', message: 'Cancelled.' } });
      else this.channel.post({ kind: 'response', id, result });
    } catch (err) {
      if (this.disposed) return;
      if (ctrl.signal.aborted || isSuperseded(err)) {
        this.channel.post({ kind: 'error', id, error: { code: 'cancelled', message: 'Cancelled.' } });
      } else {
        this.options.onHandlerError?.(method, err);
        const message = err instanceof Error && (err as { userFacing?: boolean }).userFacing ? err.message : `"${method}" failed. See the Flowcast log for details.`;
        this.channel.post({ kind: 'error', id, error: { code: 'handler_error', message } });
      }
    } finally {
      this.running.delete(id);
    }
  }
}

/** A handler whose work was superseded by a newer request (the forecast engine's CancelledError) answers "cancelled", not a failure. */
function isSuperseded(err: unknown): boolean {
  return err instanceof Error && err.name === 'CancelledError';
}

/**
 * Host-side channel wrapper that holds outgoing messages until the webview says it is ready,
 * and goes back to holding when the webview is torn down (hidden view, reload).
 */
export class ReadyGate implements Channel {
  private queue: unknown[] = [];
  private open = false;

  constructor(
    private readonly inner: Channel,
    private readonly maxQueue = 1000,
  ) {}

  get isReady(): boolean {
    return this.open;
  }

  post(message: unknown): void {
    if (this.open) {
      this.inner.post(message);
      return;
    }
    // Answers (response/error/chunk) go out at once: they reply to a live page.
    const kind = (message as { kind?: string } | null)?.kind;
    if (kind === 'response' || kind === 'error' || kind === 'chunk') {
      this.inner.post(message);
      return;
    }
    this.queue.push(message);
    if (this.queue.length > this.maxQueue) this.queue.shift();
  }

  onMessage(listener: (message: unknown) => void): () => void {
    return this.inner.onMessage((m) => {
      if ((m as { kind?: string } | null)?.kind === 'ready') this.markReady();
      listener(m);
    });
  }

  /** The page went away: hold messages until the next ready. */
  reset(): void {
    this.open = false;
    this.queue = [];
  }

  private markReady(): void {
    this.open = true;
    const q = this.queue;
    this.queue = [];
    for (const m of q) this.inner.post(m);
  }
}

/** Two connected in-memory channels with postMessage semantics (structured clone, async). */
export function createMemoryChannelPair(): [Channel, Channel] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const make = (self: 0 | 1): Channel => ({
    post(message) {
      const copy = structuredClone(message);
      const target = listeners[self === 0 ? 1 : 0];
      queueMicrotask(() => {
        for (const l of [...target]) l(copy);
      });
    },
    onMessage(listener) {
      listeners[self].add(listener);
      return () => listeners[self].delete(listener);
    },
  });
  return [make(0), make(1)];
}
