// The demo backlog of `npm start`: about 60 items with months of status history, seeded through the
// repository's import on a real sql.js file; deterministic for a given day; the dashboard shows
// realistic throughput and cycle times. Also the import's history checks (all or nothing).
import assert from 'node:assert/strict';
import { buildDemoItems, DEMO_WEEKLY_DONE, mulberry32, seedDemoIfEmpty } from '../../src/core/backlog/demo';
import type { PortableItem } from '../../src/core/backlog/model';
import { BacklogService } from '../../src/core/backlog/service';
import { computeDashboard } from '../../src/core/stats';
import { loadSql, tempDir } from './helpers';

const DAY = 86_400_000;
const TODAY = new Date('2026-12-04T15:00:00.000Z');

describe('demo backlog', () => {
  let s: BacklogService;

  beforeEach(async () => {
    s = new BacklogService({ dir: await tempDir('flowcast-demo-'), loadSql, flushDelayMs: 50, now: () => TODAY });
  });

  afterEach(async () => {
    await s.dispose();
  });

  it('the PRNG has a fixed seed: the same numbers every run, none from Math.random', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('is deterministic: the same day gives the same items and histories', () => {
    assert.deepEqual(buildDemoItems(TODAY), buildDemoItems(new Date(TODAY)));
    // Another day: the same items, shifted in time.
    const later = buildDemoItems(new Date(TODAY.getTime() + 7 * DAY));
    assert.deepEqual(
      later.map((i) => [i.id, i.title, i.status, i.priority, i.history!.length]),
      buildDemoItems(TODAY).map((i) => [i.id, i.title, i.status, i.priority, i.history!.length]),
    );
  });

  it('seeds about 60 items of five types, with priorities, efforts, tags, criteria and a blocked chain', async () => {
    assert.equal(await seedDemoIfEmpty(s, 'Demo backlog', TODAY), true);
    assert.equal(await seedDemoIfEmpty(s, 'Demo backlog', TODAY), false, 'only when the workspace has no backlog');
    const items = await s.queryItems({ includeArchived: true });
    assert.ok(items.length >= 55 && items.length <= 65, `${items.length} items`);
    assert.deepEqual([...new Set(items.map((i) => i.type))].sort(), ['BUG', 'DEBT', 'FEAT', 'IDEA', 'TASK']);
    assert.ok(items.filter((i) => i.priority).length >= 40, 'most items have a priority');
    assert.ok(items.filter((i) => i.effort).length >= 40, 'most items have an effort');
    assert.ok(items.every((i) => i.tags.length >= 1));
    assert.ok(items.filter((i) => i.criteria.length).length >= 45);
    assert.ok(items.some((i) => i.archivedAt), 'some finished work is archived');
    const byStatus = (st: string) => items.filter((i) => i.status === st && !i.archivedAt).length;
    assert.ok(byStatus('backlog') > 5 && byStatus('ready') > 2 && byStatus('in_progress') > 1 && byStatus('review') > 0 && byStatus('done') > 30);
    // A chain: A blocks B blocks C, all open.
    const d = computeDashboard((await s.repo()).repo, TODAY);
    const blockedIds = new Set(d.blocked.map((b) => b.id));
    const chain = d.blocked.find((b) => b.blockedBy.some((x) => blockedIds.has(x)));
    assert.ok(chain, `a blocked item whose blocker is itself blocked (${JSON.stringify(d.blocked)})`);
  });

  it('has 4 to 6 months of status history with 2-4 completions most weeks, a few empty weeks, and 1-20 day cycle times (right-skewed)', async () => {
    await seedDemoIfEmpty(s, 'Demo backlog', TODAY);
    const { repo } = await s.repo();
    const items = repo.listItems({ includeArchived: true });
    const times = items.flatMap((i) => repo.statusHistory(i.id).map((h) => Date.parse(h.at)));
    const spanDays = (Math.max(...times) - Math.min(...times)) / DAY;
    assert.ok(spanDays >= 120 && spanDays <= 185, `history spans ${spanDays.toFixed(0)} days`);
    assert.ok(Math.max(...times) <= TODAY.getTime(), 'nothing in the future');
    for (const i of items) {
      const h = repo.statusHistory(i.id);
      assert.equal(h[h.length - 1].to, i.status, `${i.id}'s history ends at its status`);
      assert.equal(h[0].from, null);
      for (let k = 1; k < h.length; k++) assert.ok(h[k].at >= h[k - 1].at, `${i.id}'s history is in order`);
      assert.equal(i.createdAt, h[0].at);
    }
    const d = computeDashboard(repo, TODAY);
    const weeks = d.throughput.map((w) => w.done);
    assert.ok(weeks.length >= 10, `${weeks.length} weeks of throughput`);
    const total = DEMO_WEEKLY_DONE.reduce((a, b) => a + b, 0);
    assert.ok(total >= 35, `${total} items done`);
    assert.ok(weeks.some((w) => w === 0), 'some weeks have no completion');
    assert.ok(weeks.filter((w) => w >= 2 && w <= 4).length >= weeks.length / 2, `most weeks finish 2-4 items: ${weeks.join(',')}`);
    assert.ok(Math.max(...weeks) <= 5);
    // Cycle times from the history: first entry into in progress -> first entry into done.
    const cycles = items
      .map((i) => repo.statusHistory(i.id))
      .filter((h) => h.some((x) => x.to === 'done'))
      .map((h) => (Date.parse(h.find((x) => x.to === 'done')!.at) - Date.parse(h.find((x) => x.to === 'in_progress')!.at)) / DAY)
      .sort((a, b) => a - b);
    assert.ok(cycles[0] >= 0.5 && cycles[cycles.length - 1] <= 21, `cycle times ${cycles[0].toFixed(1)}-${cycles[cycles.length - 1].toFixed(1)} days`);
    const median = cycles[Math.floor(cycles.length / 2)];
    const mean = cycles.reduce((a, b) => a + b, 0) / cycles.length;
    assert.ok(median >= 2 && median <= 7, `median ${median.toFixed(1)} days`);
    assert.ok(mean > median, 'right-skewed: the mean is above the median');
    assert.ok(d.cycleTime.samples.length >= 10 && d.cycleTime.p85 > d.cycleTime.p50, 'the dashboard has cycle times to show');
  });

  it('is one undo step (all or nothing): undoing it leaves an empty backlog', async () => {
    await seedDemoIfEmpty(s, 'Demo backlog', TODAY);
    await s.undo();
    assert.equal((await s.queryItems({ includeArchived: true })).length, 0);
  });

  it('an import with a bad history is refused whole, naming the item and the entry', async () => {
    await s.createBacklog('Checks');
    const { repo } = await s.repo();
    const imp = async (items: PortableItem[]) => repo.importItems(items, []);
    const [a, b] = buildDemoItems(TODAY);
    const bad = { ...b, history: [b.history![0], { from: 'nowhere', to: b.status, at: b.updatedAt }] };
    await assert.rejects(imp([a, bad]), (e: Error) => e.message.includes(`Item ${b.id}: history[1]`) && e.message.includes('"from"'));
    const unordered = { ...b, history: [...b.history!].reverse() };
    await assert.rejects(imp([a, unordered]), new RegExp(`Item ${b.id}: history`));
    const wrongEnd = { ...b, status: 'backlog' };
    await assert.rejects(imp([a, wrongEnd]), /its history ends at "done", not at its status "backlog"/);
    assert.equal((await s.queryItems({ includeArchived: true })).length, 0, 'nothing was written');
  });
});
