// The forecast worker: a real worker_threads run of the compiled entry, cancellation of a stale
// run by a newer request on the same channel, idle shutdown, typed errors across the thread, and
// the inline fallback giving the same numbers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { CancelledError, ForecastWorkerClient, type HowManyResult } from '../../src/core/forecast';
import { sleep, waitFor } from './helpers';

const WORKER = path.join(__dirname, '../../src/core/forecast/workerEntry.js');
const SAMPLES = { kind: 'samples' as const, samples: [2, 3, 1, 0, 4, 2, 2, 3, 1, 2, 5] };
const REQUEST = { op: 'howMany' as const, source: SAMPLES, options: { start: '2026-03-02', targetDate: '2026-04-30', seed: 11, trials: 5000 } };

describe('forecast worker', () => {
  let client: ForecastWorkerClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  it('starts lazily, answers in a real worker thread, and gives the same numbers as inline', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER });
    assert.equal(client.running, false);
    const r = await client.run<HowManyResult>('a', REQUEST);
    assert.equal(client.started, 1);
    const inline = await new ForecastWorkerClient().run<HowManyResult>('a', REQUEST);
    assert.equal(r.kind, 'ok');
    assert.deepEqual(r.percentiles, inline.percentiles);
    assert.deepEqual(Array.from(r.totals), Array.from(inline.totals));
  });

  it('a newer request on the same channel cancels the stale busy run; other channels are untouched', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER });
    const stale = client.run('panel', { op: 'spin', ms: 20_000 });
    const other = client.run<HowManyResult>('command', REQUEST);
    const t0 = Date.now();
    await sleep(100);
    const fresh = client.run<HowManyResult>('panel', REQUEST);
    await assert.rejects(stale, CancelledError);
    const r = await fresh;
    assert.equal(r.kind, 'ok');
    assert.equal((await other).kind, 'ok');
    assert.ok(Date.now() - t0 < 10_000, 'the stale run stopped at its next check, long before 20 s');
  });

  it('ends the worker after the idle timeout and starts a new one on the next request', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER, idleMs: 100 });
    await client.run('a', REQUEST);
    await waitFor(() => !client!.running, 3000);
    await client.run('a', REQUEST);
    assert.equal(client.started, 2);
  });

  it('a bad input comes back as a typed error naming the field', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER });
    await assert.rejects(client.run('a', { ...REQUEST, options: { ...REQUEST.options, targetDate: '2026-02-30' } }), (e: unknown) => (e as { code?: string; args?: { field?: string } }).code === 'invalid_input' && (e as { args: { field: string } }).args.field === 'targetDate');
  });
});
