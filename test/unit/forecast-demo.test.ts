// The demo backlog of `npm start` gives real forecasts (not "not enough data"): How Many, When, the
// backlog order with its blocked chain respected, and flow metrics, through the same ForecastHost
// the commands and the API use (engine run inline here; the worker is covered by forecast-worker).
import assert from 'node:assert/strict';
import { seedDemoIfEmpty } from '../../src/core/backlog/demo';
import { BacklogService } from '../../src/core/backlog/service';
import { ForecastWorkerClient } from '../../src/core/forecast/workerClient';
import { ForecastHost } from '../../src/forecast/forecastHost';
import { loadSql, tempDir } from './helpers';

const TODAY = new Date('2026-12-04T15:00:00.000Z');

describe('forecasts on the demo backlog', () => {
  let s: BacklogService;
  let host: ForecastHost;

  before(async () => {
    s = new BacklogService({ dir: await tempDir('flowcast-demo-forecast-'), loadSql, flushDelayMs: 50, now: () => TODAY });
    assert.equal(await seedDemoIfEmpty(s, 'Demo', TODAY), true);
    host = new ForecastHost(s, new ForecastWorkerClient(), () => 'en', () => TODAY);
  });

  after(async () => {
    await host.dispose();
    await s.dispose();
  });

  it('How Many by a date 30 days ahead is a real forecast with monotone percentiles and a sentence', async () => {
    const a = await host.howMany({ targetDate: '2027-01-03' });
    assert.equal(a.result.kind, 'ok', a.sentence);
    if (a.result.kind !== 'ok') return;
    const v = a.result.percentiles.map((q) => q.value);
    assert.ok(v[0] >= v[1] && v[1] >= v[2] && v[2] >= v[3] && v[0] > 0, v.join(', '));
    assert.match(a.sentence, /^85% chance to finish at least \d+ items? by 3 January 2027$/);
  });

  it('When the open items are done: dates for every percentile, later for higher confidence', async () => {
    const a = await host.when({});
    assert.equal(a.result.kind, 'ok', a.sentence);
    if (a.result.kind !== 'ok') return;
    assert.ok(a.result.remaining > 10, `${a.result.remaining} open items`);
    const dates = a.result.percentiles.map((q) => q.date);
    assert.ok(dates.every((d) => d !== null && d > '2026-12-04'), dates.join(', '));
    assert.deepEqual([...dates].sort(), dates);
  });

  it('the backlog order gives each open item its dates, and no blocked item is done before its blocker', async () => {
    const a = await host.perItem({});
    assert.equal(a.result.kind, 'ok', a.sentence);
    if (a.result.kind !== 'ok') return;
    const { repo } = await s.repo();
    const byId = new Map(a.result.items.map((i) => [i.id, i]));
    const blocked = repo.allRelations().filter((r) => r.kind === 'blocks' && byId.has(r.from) && byId.has(r.to));
    assert.ok(blocked.length >= 2, 'the demo has a chain of blocked open items');
    for (const r of blocked) {
      const before = byId.get(r.from)!.percentiles;
      const after = byId.get(r.to)!.percentiles;
      before.forEach((q, i) => assert.ok((after[i].date ?? '9999') >= (q.date ?? '9999'), `${r.to} before its blocker ${r.from} at P${q.p * 100}`));
    }
  });

  it('flow metrics: weekly throughput, cycle times and every status in the cumulative flow', async () => {
    const { metrics } = await host.metrics({ from: '2026-08-01' });
    assert.ok(metrics.throughputWeekly.reduce((n, w) => n + w.count, 0) > 20);
    assert.ok(metrics.cycleTimes.length > 20 && metrics.cycleTimes.every((c) => c.days >= 1));
    const { repo } = await s.repo();
    assert.equal(metrics.cfd.statuses.length, repo.listStatuses().length);
  });
});
