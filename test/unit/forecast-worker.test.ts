// The forecast worker pool: a real worker_threads run of the compiled entry, cancellation of a
// stale run by a newer request on the same channel, a quick request of another channel answered
// while a long run is in flight (second worker, at most two), idle shutdown, typed errors across
// the thread, and the inline fallback giving the same numbers.
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

  it('a quick request of another channel completes while a long run is in flight (second worker)', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER });
    let longSettled = false;
    const long = client.run('perItem', { op: 'spin', ms: 20_000 }).finally(() => (longSettled = true));
    long.catch(() => undefined);
    await sleep(100);
    const t0 = Date.now();
    const quick = await client.run<HowManyResult>('howMany', REQUEST);
    assert.equal(quick.kind, 'ok');
    assert.ok(Date.now() - t0 < 10_000, 'the quick request did not wait for the 20 s run');
    assert.equal(longSettled, false, 'the long run is still in flight');
    assert.equal(client.started, 2);
    assert.equal(client.poolSize, 2);
    await client.dispose();
    await assert.rejects(long, CancelledError);
  });

  it('never starts more than two workers: a third channel queues and runs when a worker frees', async () => {
    client = new ForecastWorkerClient({ workerPath: WORKER });
    const long = client.run('a', { op: 'spin', ms: 20_000 });
    long.catch(() => undefined);
    const short = client.run<{ spun: number }>('b', { op: 'spin', ms: 300 });
    const third = client.run<HowManyResult>('c', REQUEST);
    await sleep(50);
    assert.equal(client.poolSize, 2);
    assert.deepEqual(await short, { spun: 300 });
    assert.equal((await third).kind, 'ok');
    assert.equal(client.started, 2);
    await client.dispose();
    await assert.rejects(long, CancelledError);
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
