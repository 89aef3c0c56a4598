import assert from 'node:assert/strict';
import { type BacklogRepository } from '../../src/core/backlog/repository';
import { DashboardDataSchema } from '../../src/core/protocol/dashboard';
import { computeDashboard, cycleTimeBucket, isoWeekStart, percentile } from '../../src/core/stats';
import { openClockedRepo } from './helpers';

const DAY = 86_400_000;

const openRepo = openClockedRepo;

describe('stats: helpers', () => {
  it('ISO weeks start on Monday 00:00 UTC (a Sunday belongs to the week of the previous Monday)', () => {
    assert.equal(isoWeekStart(new Date('2026-03-08T23:59:59.999Z')).toISOString(), '2026-03-02T00:00:00.000Z'); // Sunday
    assert.equal(isoWeekStart(new Date('2026-03-09T00:00:00.000Z')).toISOString(), '2026-03-09T00:00:00.000Z'); // Monday
    assert.equal(isoWeekStart(new Date('2026-03-18T12:00:00.000Z')).toISOString(), '2026-03-16T00:00:00.000Z'); // Wednesday
    assert.equal(isoWeekStart(new Date('2026-01-01T08:00:00.000Z')).toISOString(), '2025-12-29T00:00:00.000Z'); // across a year
  });

  it('percentiles use the nearest rank and are 0 without samples', () => {
    assert.equal(percentile([], 50), 0);
    assert.equal(percentile([7], 95), 7);
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(percentile(v, 50), 5);
    assert.equal(percentile(v, 85), 9);
    assert.equal(percentile(v, 95), 10);
    assert.equal(percentile(v, 100), 10);
  });

  it('histogram buckets are [0,1) [1,2) [2,4) [4,8) [8,16) [16,∞) days', () => {
    assert.deepEqual(
      [0, 0.9, 1, 1.9, 2, 3.9, 4, 7.9, 8, 15.9, 16, 400].map(cycleTimeBucket),
      ['0-1', '0-1', '1-2', '1-2', '2-4', '2-4', '4-8', '4-8', '8-16', '8-16', '16+', '16+'],
    );
  });
});

describe('stats: computeDashboard', () => {
  // "now" is Wednesday 2026-03-18 12:00 UTC: the current ISO week starts on Monday 2026-03-16,
  // the 12 weeks start on 2025-12-29, and the 90-day window on 2025-12-18 12:00.
  const NOW = new Date('2026-03-18T12:00:00.000Z');

  async function scenario() {
    const o = await openRepo();
    const { repo, at } = o;
    at('2026-01-01T00:00:00.000Z', () => repo.addStatus('Shipped', 'done'));
    const mk = (iso: string, input: Parameters<BacklogRepository['createItem']>[0]) => at(iso, () => repo.createItem(input).id);
    const move = (iso: string, id: string, status: string) => at(iso, () => repo.moveItem(id, { status }));

    // A: in progress on Wednesday, done on a SUNDAY evening -> week of Monday 2026-03-02; 4.5 days.
    const A = mk('2026-03-02T09:00:00.000Z', { title: 'A', type: 'BUG', priority: 'high', effort: 'M', criteria: [{ text: 'a1', checked: true }, { text: 'a2', checked: true }] });
    move('2026-03-04T09:00:00.000Z', A, 'in_progress');
    move('2026-03-08T21:00:00.000Z', A, 'done');
    // B: never in progress: from creation (Sunday) to done on Monday 00:00 -> week 2026-03-09; 1.0 day.
    const B = mk('2026-03-08T00:00:00.000Z', { title: 'B', type: 'FEAT', effort: 'XS' });
    move('2026-03-09T00:00:00.000Z', B, 'done');
    // C: first completion 2026-02-12 (2.0 days after its first start); reopened and done again
    // 2026-03-17: counts ONCE, in the week of 2026-02-09.
    const C = mk('2026-02-01T00:00:00.000Z', { title: 'C' });
    move('2026-02-10T09:00:00.000Z', C, 'in_progress');
    move('2026-02-12T09:00:00.000Z', C, 'done');
    move('2026-02-20T09:00:00.000Z', C, 'in_progress');
    move('2026-03-17T09:00:00.000Z', C, 'done');
    // D: created done long ago: outside both windows.
    const D = mk('2025-11-01T00:00:00.000Z', { title: 'D', status: 'done' });
    // E: open, untouched since 2026-01-10 12:00 -> stale, 67 days; criteria half checked.
    const E = mk('2026-01-10T12:00:00.000Z', { title: 'E <b>old</b>', priority: 'medium', effort: 'XL', criteria: [{ text: 'e1', checked: true }, { text: 'e2', checked: false }] });
    // F: open, updated exactly 30 days before now -> stale, 30 days.
    const F = mk('2026-02-16T12:00:00.000Z', { title: 'F', status: 'ready', priority: 'low' });
    // G: open, last updated 29.9 days before now -> not stale.
    const G = mk('2026-02-10T00:00:00.000Z', { title: 'G' });
    move('2026-02-16T14:24:00.000Z', G, 'in_progress');
    // H: archived (with unchecked criteria): counted only as archived.
    const H = mk('2026-01-01T00:00:00.000Z', { title: 'H', criteria: [{ text: 'h1', checked: false }] });
    // I: created straight into in progress; done 2.5 days later -> week 2026-03-09.
    const I = mk('2026-03-12T00:00:00.000Z', { title: 'I', status: 'in_progress' });
    move('2026-03-14T12:00:00.000Z', I, 'done');
    // J: started in "review" (in_progress category) -> 10.0 days, week 2026-03-09.
    const J = mk('2026-03-01T00:00:00.000Z', { title: 'J' });
    move('2026-03-03T00:00:00.000Z', J, 'review');
    move('2026-03-13T00:00:00.000Z', J, 'done');
    // K: done in a custom done-category status -> 1.25 days, shown as 1.3; week 2026-03-16.
    const K = mk('2026-03-15T00:00:00.000Z', { title: 'K' });
    move('2026-03-15T00:00:00.000Z', K, 'in_progress');
    move('2026-03-16T06:00:00.000Z', K, 'shipped');
    // L: completed in the first of the 12 weeks (2025-12-29), 10.0 days after creation.
    const L = mk('2025-12-20T00:00:00.000Z', { title: 'L', criteria: [] });
    move('2025-12-30T00:00:00.000Z', L, 'done');
    // N: open and fresh, blocked only by a done item and an archived one -> not blocked.
    const N = mk('2026-03-17T00:00:00.000Z', { title: 'N' });

    at('2026-03-17T10:00:00.000Z', () => {
      repo.addRelation(E, 'blocks', F);
      repo.addRelation(E, 'blocks', G);
      repo.addRelation(G, 'blocks', F);
      repo.addRelation(E, 'blocks', A); // A is done: not "blocked"
      repo.addRelation(D, 'blocks', N); // D is done: not an open blocker
      repo.addRelation(H, 'blocks', N); // H is archived: not an open blocker
      repo.addRelation(E, 'relates', N); // not a "blocks" relation
    });
    at('2026-03-01T00:00:00.000Z', () => repo.archiveItems([H]));
    return { ...o, ids: { A, B, C, D, E, F, G, H, I, J, K, L, N } };
  }

  it('computes every field from a controlled history', async () => {
    const { repo, db, ids } = await scenario();
    const d = computeDashboard(repo, NOW);
    assert.ok(DashboardDataSchema.safeParse(d).success, 'valid against the protocol schema');

    assert.deepEqual(d.totals, { active: 12, archived: 1, done: 8, open: 4 });
    assert.deepEqual(d.byStatus, [
      { key: 'backlog', label: 'backlog', count: 2 },
      { key: 'ready', label: 'ready', count: 1 },
      { key: 'in_progress', label: 'in_progress', count: 1 },
      { key: 'review', label: 'review', count: 0 },
      { key: 'done', label: 'done', count: 7 },
      { key: 'shipped', label: 'shipped', count: 1 },
    ]);
    assert.deepEqual(d.byType, [
      { key: 'BUG', label: 'BUG', count: 1, color: '#e5534b' },
      { key: 'FEAT', label: 'FEAT', count: 1, color: '#3fb950' },
      { key: 'TASK', label: 'TASK', count: 10, color: '#4493f8' },
      { key: 'DEBT', label: 'DEBT', count: 0, color: '#d29922' },
      { key: 'IDEA', label: 'IDEA', count: 0, color: '#a371f7' },
    ]);
    assert.deepEqual(
      d.byPriority.map((b) => [b.key, b.count]),
      [
        ['high', 1],
        ['medium', 1],
        ['low', 1],
        ['none', 9],
      ],
    );
    assert.deepEqual(
      d.byEffort.map((b) => [b.key, b.count]),
      [
        ['XS', 1],
        ['S', 0],
        ['M', 1],
        ['L', 0],
        ['XL', 1],
        ['none', 9],
      ],
    );

    assert.deepEqual(d.stale, [
      { id: ids.E, title: 'E <b>old</b>', daysSinceUpdate: 67 },
      { id: ids.F, title: 'F', daysSinceUpdate: 30 },
    ]);
    assert.equal(d.staleCount, 2);

    assert.deepEqual(d.blocked, [
      { id: ids.F, title: 'F', blockedBy: [ids.E, ids.G].sort() },
      { id: ids.G, title: 'G', blockedBy: [ids.E] },
    ]);
    assert.equal(d.blockedCount, 2);
    assert.deepEqual(d.topBlockers, [
      { id: ids.E, title: 'E <b>old</b>', blocks: 2 },
      { id: ids.G, title: 'G', blocks: 1 },
    ]);

    assert.deepEqual(d.criteria, { itemsWithCriteria: 2, itemsComplete: 1, checked: 3, total: 4 });

    assert.deepEqual(d.throughput, [
      { weekStart: '2025-12-29', done: 1 }, // L
      { weekStart: '2026-01-05', done: 0 },
      { weekStart: '2026-01-12', done: 0 },
      { weekStart: '2026-01-19', done: 0 },
      { weekStart: '2026-01-26', done: 0 },
      { weekStart: '2026-02-02', done: 0 },
      { weekStart: '2026-02-09', done: 1 }, // C (first completion only)
      { weekStart: '2026-02-16', done: 0 },
      { weekStart: '2026-02-23', done: 0 },
      { weekStart: '2026-03-02', done: 1 }, // A, done on Sunday 2026-03-08
      { weekStart: '2026-03-09', done: 3 }, // B (Monday 00:00), I, J
      { weekStart: '2026-03-16', done: 1 }, // K; not C's second completion
    ]);

    assert.deepEqual(d.cycleTime.samples, [1, 1.3, 2, 2.5, 4.5, 10, 10]);
    assert.equal(d.cycleTime.p50, 2.5);
    assert.equal(d.cycleTime.p85, 10);
    assert.equal(d.cycleTime.p95, 10);
    assert.deepEqual(d.cycleTime.histogram, [
      { bucket: '0-1', count: 0 },
      { bucket: '1-2', count: 2 },
      { bucket: '2-4', count: 2 },
      { bucket: '4-8', count: 1 },
      { bucket: '8-16', count: 2 },
      { bucket: '16+', count: 0 },
    ]);
    await db.close();
  });

  it('archived items keep their completion (throughput) and unblock what they blocked', async () => {
    const { repo, db, at, ids } = await scenario();
    at('2026-03-18T00:00:00.000Z', () => repo.archiveItems([ids.B, ids.E]));
    const d = computeDashboard(repo, NOW);
    assert.deepEqual(d.totals, { active: 10, archived: 3, done: 7, open: 3 });
    assert.equal(d.throughput[10].done, 3, 'B still counts in its week');
    assert.equal(d.cycleTime.samples.length, 7);
    assert.deepEqual(d.blocked, [{ id: ids.F, title: 'F', blockedBy: [ids.G] }]);
    assert.deepEqual(d.topBlockers, [{ id: ids.G, title: 'G', blocks: 1 }]);
    assert.deepEqual(
      d.stale.map((s) => s.id),
      [ids.F],
    );
    await db.close();
  });

  it('the windows move with "now": the 90-day cycle time and the 12 weeks', async () => {
    const { repo, db } = await scenario();
    // 2026-04-01: 90 days back is 2026-01-01 12:00, so L (2025-12-30) drops out of cycle time;
    // the 12 weeks start on 2026-01-12.
    const d = computeDashboard(repo, new Date('2026-04-01T12:00:00.000Z'));
    assert.deepEqual(d.cycleTime.samples, [1, 1.3, 2, 2.5, 4.5, 10]);
    assert.equal(d.throughput[0].weekStart, '2026-01-12');
    assert.equal(d.throughput[11].weekStart, '2026-03-30');
    assert.equal(
      d.throughput.reduce((n, w) => n + w.done, 0),
      6,
    );
    assert.equal(d.stale.find((s) => s.title === 'F')?.daysSinceUpdate, 44);
    await db.close();
  });

  it('an empty backlog gives zeros everywhere', async () => {
    const { repo, db } = await openRepo();
    const d = computeDashboard(repo, NOW);
    assert.deepEqual(d.totals, { active: 0, archived: 0, done: 0, open: 0 });
    assert.equal(d.byStatus.length, 5);
    assert.ok(d.byStatus.every((b) => b.count === 0));
    assert.deepEqual(d.stale, []);
    assert.deepEqual(d.blocked, []);
    assert.deepEqual(d.topBlockers, []);
    assert.deepEqual(d.criteria, { itemsWithCriteria: 0, itemsComplete: 0, checked: 0, total: 0 });
    assert.equal(d.throughput.length, 12);
    assert.ok(d.throughput.every((w) => w.done === 0));
    assert.deepEqual(d.cycleTime, {
      samples: [],
      p50: 0,
      p85: 0,
      p95: 0,
      histogram: ['0-1', '1-2', '2-4', '4-8', '8-16', '16+'].map((bucket) => ({ bucket, count: 0 })),
    });
    await db.close();
  });

  it('caps the stale and blocked lists (with the full counts) and the top blockers', async () => {
    const { repo, db, at } = await openRepo();
    const ids = at('2026-01-01T00:00:00.000Z', () => Array.from({ length: 70 }, (_, i) => repo.createItem({ title: `old ${i}` }).id));
    at('2026-01-02T00:00:00.000Z', () => {
      for (let i = 0; i < 58; i++) repo.addRelation(ids[i % 12], 'blocks', ids[12 + i]);
    });
    const d = computeDashboard(repo, NOW);
    assert.equal(d.stale.length, 50);
    assert.equal(d.staleCount, 70);
    assert.equal(d.blocked.length, 50);
    assert.equal(d.blockedCount, 58); // ids[12..69], each blocked by one of ids[0..11]
    assert.equal(d.topBlockers.length, 10);
    assert.ok(DashboardDataSchema.safeParse(d).success);
    await db.close();
  });

  it('computes every figure of a 10,000-item backlog exactly (its time is printed; speed is checked by npm run bench)', async function () {
    this.timeout(60_000);
    const { repo, db } = await openRepo();
    const statuses = ['backlog', 'ready', 'in_progress', 'review', 'done'];
    const priorities = ['high', 'medium', 'low', null];
    const efforts = ['XS', 'S', 'M', 'L', 'XL', null];
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    let archived = 0;
    let doneActive = 0;
    let doneAll = 0;
    db.write((c) => {
      const ins = c.prepare('INSERT INTO items (id, type, title, status, rank, created_at, updated_at, archived_at, priority, effort, lists) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const hist = c.prepare('INSERT INTO status_history (item_id, from_status, to_status, at) VALUES (?, ?, ?, ?)');
      const rel = c.prepare("INSERT INTO relations (from_id, to_id, kind) VALUES (?, ?, 'blocks')");
      for (let n = 1; n <= 10_000; n++) {
        const id = `TASK-${String(n).padStart(5, '0')}`;
        const status = statuses[n % 5];
        const created = base + (n % 70) * DAY;
        const isArchived = n % 10 === 0;
        if (isArchived) archived++;
        else if (status === 'done') doneActive++;
        if (status === 'done') doneAll++;
        const lists = JSON.stringify({ criteria: n % 3 === 0 ? [{ text: 'c', checked: n % 2 === 0 }, { text: 'd', checked: true }] : [] });
        ins.run([id, 'TASK', `Item ${n}`, status, `a${n}`, iso(created), iso(created + DAY), isArchived ? iso(created + 2 * DAY) : null, priorities[n % 4], efforts[n % 6], lists]);
        hist.run([id, null, 'backlog', iso(created)]);
        if (status !== 'backlog') hist.run([id, 'backlog', 'in_progress', iso(created + DAY / 2)]);
        if (status !== 'backlog' && status !== 'in_progress') hist.run([id, 'in_progress', status, iso(created + DAY)]);
        if (n > 1 && n % 7 === 0) rel.run([`TASK-${String(n - 1).padStart(5, '0')}`, id]);
      }
      ins.free();
      hist.free();
      rel.free();
    });
    const now = new Date('2026-03-18T12:00:00.000Z');
    computeDashboard(repo, now); // warm-up (statement compilation)
    const times: number[] = [];
    let d = computeDashboard(repo, now);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      d = computeDashboard(repo, now);
      times.push(performance.now() - t0);
    }
    const median = times.sort((a, b) => a - b)[1];
    // Speed is proven by `npm run bench`, not by a timed assertion (the machines are shared and noisy).
    console.log(`      computeDashboard(10,000 items): median ${median.toFixed(1)} ms`);

    assert.equal(archived, 1000);
    assert.deepEqual(d.totals, { active: 10_000 - archived, archived, done: doneActive, open: 10_000 - archived - doneActive });
    assert.equal(
      d.byStatus.reduce((n, b) => n + b.count, 0),
      9000,
    );
    assert.equal(d.byStatus.find((b) => b.key === 'done')?.count, doneActive);
    assert.equal(d.byType[2].count, 9000);
    assert.equal(
      d.byPriority.reduce((n, b) => n + b.count, 0),
      9000,
    );
    assert.equal(
      d.byEffort.reduce((n, b) => n + b.count, 0),
      9000,
    );
    assert.equal(d.stale.length, 50);
    assert.ok(d.blockedCount > 0);
    assert.equal(d.criteria.total, d.criteria.itemsWithCriteria * 2);
    // Every item now in "done" (archived or not) was completed within the 12 weeks, 0.5 day after it started.
    assert.equal(
      d.throughput.reduce((n, w) => n + w.done, 0),
      doneAll,
    );
    assert.equal(d.cycleTime.samples.length, doneAll);
    assert.equal(d.cycleTime.p95, 0.5);
    assert.ok(DashboardDataSchema.safeParse(d).success);
    await db.close();
  });
});
