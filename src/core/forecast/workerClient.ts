// Client of the forecast worker: starts the worker lazily, sends requests by id, cancels the
// stale request of a channel when a newer one arrives (through a shared flag the busy worker
// polls), and ends the worker after an idle timeout. Without a worker path it runs inline.
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
}

export class ForecastWorkerClient {
  private worker: Worker | undefined;
  private readonly flags = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly pending = new Map<number, Pending>();
  private readonly latest = new Map<string, number>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Workers started so far (tests read it to see lazy start and idle shutdown). */
  started = 0;

  constructor(private readonly opts: WorkerClientOptions = {}) {}

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Runs a request; a newer request on the same channel rejects this one with CancelledError. */
  run<T = unknown>(channel: string, request: ForecastRequest): Promise<T> {
    const id = this.nextId++;
    const slot = id % SLOTS;
    Atomics.store(this.flags, slot, 0);
    const stale = this.latest.get(channel);
    if (stale !== undefined) this.cancel(stale);
    this.latest.set(channel, id);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, slot, channel });
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
      this.ensureWorker().postMessage({ id, slot, request } satisfies WorkerMessage);
    });
  }

  /** Cancels one request: the worker stops at its next trial block; the promise rejects now. */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    Atomics.store(this.flags, p.slot, 1);
    this.pending.delete(id);
    if (this.latest.get(p.channel) === id) this.latest.delete(p.channel);
    p.reject(new CancelledError());
  }

  /** Ends the worker now (pending requests reject). */
  async dispose(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const id of [...this.pending.keys()]) this.cancel(id);
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.opts.workerPath!);
    this.started++;
    w.postMessage({ flags: this.flags.buffer });
    w.on('message', (m: WorkerReply) => this.settle(m));
    w.on('error', (e) => {
      for (const id of [...this.pending.keys()]) {
        const p = this.pending.get(id)!;
        this.pending.delete(id);
        p.reject(e);
      }
      this.worker = undefined;
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  private settle(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (p) {
      this.pending.delete(m.id);
      if (this.latest.get(p.channel) === m.id) this.latest.delete(p.channel);
      if (m.ok) p.resolve(m.result);
      else if (m.cancelled) p.reject(new CancelledError());
      else p.reject(m.code ? new FlowcastError(m.code as FlowcastErrorCode, m.error, m.field ? { field: m.field } : {}) : new Error(m.error));
    }
    if (!this.pending.size && this.worker) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        const w = this.worker;
        this.worker = undefined;
        void w?.terminate();
      }, this.opts.idleMs ?? 30_000);
      this.idleTimer.unref();
    }
  }
}
