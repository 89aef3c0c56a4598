// Entry of the forecast worker thread, built by esbuild as dist/forecastWorker.js. It answers
// { id, ok, result | error } for each { id, slot, request } and polls the shared cancellation
// flag (Int32Array over a SharedArrayBuffer) between trial blocks: a busy worker cannot read
// messages, but it can read the flag.
import { isMainThread, parentPort } from 'node:worker_threads';
import { CancelledError } from './simulate';
import { runRequest, type WorkerInit, type WorkerMessage, type WorkerReply } from './worker';

if (!isMainThread && parentPort) {
  const port = parentPort;
  let flags: Int32Array | undefined;
  port.on('message', (msg: WorkerInit | WorkerMessage) => {
    if ('flags' in msg) {
      flags = new Int32Array(msg.flags);
      return;
    }
    const f = flags;
    try {
      const result = runRequest(msg.request, f ? () => Atomics.load(f, msg.slot) !== 0 : undefined);
      port.postMessage({ id: msg.id, ok: true, result } satisfies WorkerReply);
    } catch (e) {
      const err = e as { message?: string; code?: string; args?: { field?: unknown } };
      port.postMessage({ id: msg.id, ok: false, cancelled: e instanceof CancelledError, error: String(err.message ?? e), code: err.code, field: typeof err.args?.field === 'string' ? err.args.field : undefined } satisfies WorkerReply);
    }
  });
}
