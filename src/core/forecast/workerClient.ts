// Client of the forecast workers: a small pool (at most 2 worker threads, each started lazily and
// ended after its own idle timeout). A request goes to an idle worker, or starts a second worker
// when the first is busy with another channel's run, so a quick forecast never waits behind a long
// one; otherwise it queues. A newer request on a channel cancels the stale one (through a shared
// flag the busy worker polls, or by leaving the queue). Without a worker path it runs inline.
import { Worker } from 'node:worker_threads';
import { FlowcastError, type FlowcastErrorCode } from '../util/errors';
import { CancelledError } from './simulate';
import { runRequest, type ForecastRequest, type WorkerMessage, type WorkerReply } from './worker';

const SLOTS = 256;

export interface WorkerClientOptions {
  /** Path of the built worker (the host: path.join(extensionPath, 'dist', 'forecastWorker.js')); undefined = inline. */
  workerPath?: string;
  /** End the worker after this many idle ms (default 30 s). */
  idleMs?: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  slot: number;
  channel: string;
  request: ForecastRequest;
}

/** One worker thread of the pool and the request it is running (if any). */
interface Slot {
  worker: Worker;
  /** Id of the request in flight (it may already be cancelled: the worker still has to reply). */
  current: number | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

/** At most this many worker threads. */
const POOL = 2;

export class ForecastWorkerClient {
  private readonly workers: Slot[] = [];
  private readonly queue: number[] = [];
  private readonly flags = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly pending = new Map<number, Pending>();
  private readonly latest = new Map<string, number>();
  private nextId = 1;
  /** Workers started so far (tests read it to see lazy start and idle shutdown). */
  started = 0;

  constructor(private readonly opts: WorkerClientOptions = {}) {}

  /** True while at least one worker thread is alive. */
  get running(): boolean {
    return this.workers.length > 0;
  }

  /** Worker threads alive now (at most 2). */
  get poolSize(): number {
    return this.workers.length;
  }

  /** Runs a request; a newer request on the same channel rejects this one with CancelledError. */
  run<T = unknown>(channel: string, request: ForecastRequest): Promise<T> {
    const id = this.nextId++;
    const slot = id % SLOTS;
    Atomics.store(this.flags, slot, 0);
    const stale = this.latest.get(channel);
    if (stale !== undefined) this.cancel(stale);
    this.latest.set(channel, id);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot, channel, request });
      if (!this.opts.workerPath) {
        setImmediate(() => {
          try {
            const r = runRequest(request, () => Atomics.load(this.flags, slot) !== 0);
            this.settle({ id, ok: true, result: r });
          } catch (e) {
            this.settle({ id, ok: false, cancelled: e instanceof CancelledError, error: String((e as Error).message), code: (e as FlowcastError).code, field: (e as FlowcastError).args?.field as string | undefined });
          }
        });
        return;
      }
      this.queue.push(id);
      this.dispatch();
    });
  }

  /** Cancels one request: a running one stops at its next trial block, a queued one leaves the queue; the promise rejects now. */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    Atomics.store(this.flags, p.slot, 1);
    this.pending.delete(id);
    const q = this.queue.indexOf(id);
    if (q >= 0) this.queue.splice(q, 1);
    if (this.latest.get(p.channel) === id) this.latest.delete(p.channel);
    p.reject(new CancelledError());
  }

  /** Ends every worker now (pending requests reject). */
  async dispose(): Promise<void> {
    for (const id of [...this.pending.keys()]) this.cancel(id);
    const all = this.workers.splice(0);
    for (const s of all) if (s.idleTimer) clearTimeout(s.idleTimer);
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  /**
   * Sends queued requests to idle workers. With none idle, a second worker starts only when every
   * busy worker runs a live request (a worker finishing a cancelled run is free in a moment).
   */
  private dispatch(): void {
    while (this.queue.length) {
      let s = this.workers.find((w) => w.current === undefined);
      if (!s) {
        const freeingSoon = this.workers.some((w) => w.current !== undefined && !this.pending.has(w.current));
        if (this.workers.length >= POOL || freeingSoon) return;
        s = this.startWorker();
      }
      const id = this.queue.shift()!;
      const p = this.pending.get(id);
      if (!p) continue;
      if (s.idleTimer) clearTimeout(s.idleTimer);
      s.idleTimer = undefined;
      s.current = id;
      s.worker.postMessage({ id, slot: p.slot, request: p.request } satisfies WorkerMessage);
    }
  }

  private startWorker(): Slot {
    const w = new Worker(this.opts.workerPath!);
    this.started++;
    const s: Slot = { worker: w, current: undefined, idleTimer: undefined };
    w.postMessage({ flags: this.flags.buffer });
    w.on('message', (m: WorkerReply) => {
      if (s.current === m.id) s.current = undefined;
      this.settle(m);
      this.afterReply(s);
    });
    w.on('error', (e) => this.lost(s, e));
    w.on('exit', () => this.lost(s, new Error('forecast worker exited')));
    this.workers.push(s);
    return s;
  }

  /** A worker failed or exited: its request in flight rejects; queued requests go elsewhere. */
  private lost(s: Slot, e: unknown): void {
    const i = this.workers.indexOf(s);
    if (i < 0) return;
    this.workers.splice(i, 1);
    if (s.idleTimer) clearTimeout(s.idleTimer);
    const id = s.current;
    s.current = undefined;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (p && id !== undefined) {
      this.pending.delete(id);
      if (this.latest.get(p.channel) === id) this.latest.delete(p.channel);
      p.reject(e);
    }
    this.dispatch();
  }

  /** After a reply: next queued request, or the worker's idle timer. */
  private afterReply(s: Slot): void {
    this.dispatch();
    if (s.current !== undefined || !this.workers.includes(s)) return;
    if (s.idleTimer) clearTimeout(s.idleTimer);
    s.idleTimer = setTimeout(() => {
      const i = this.workers.indexOf(s);
      if (i < 0 || s.current !== undefined) return;
      this.workers.splice(i, 1);
      void s.worker.terminate();
    }, this.opts.idleMs ?? 30_000);
    s.idleTimer.unref();
  }

  private settle(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.latest.get(p.channel) === m.id) this.latest.delete(p.channel);
    if (m.ok) p.resolve(m.result);
    else if (m.cancelled) p.reject(new CancelledError());
    else p.reject(m.code ? new FlowcastError(m.code as FlowcastErrorCode, m.error, m.field ? { field: m.field } : {}) : new Error(m.error));
  }
}
