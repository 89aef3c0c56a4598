// Azure DevOps sync with the REAL azure-devops-node-api client against the fake server: capacity
// vector of the reference, done dates, delta sync, escaping of names, the cache and the engine source.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AdoCache, AdoClient, azureDevOpsSource, extractionFromCache, parseConnection, readCacheSnapshot, syncAge, syncAzureDevOps, type AdoConnection } from '../../src/core/ado';
import { CompiledCalendar, dayOf, howMany, isoOf, when } from '../../src/core/forecast';
import { addItem, fakeGuid, reviseItem, type FakeProject } from '../fakes/ado/adoData';
import { FakeAdoServer } from '../fakes/ado/adoServer';
import { loadSql, tempDir } from './helpers';

export const PAT = 'pat-secret-4f9a8c7e6d5b4a39';
export const PROJECT = "Fabrikam & Co (Ünïcode) 'x'";
export const TEAM = 'Team West / Ops';

/** The reference's capacity sprint plus a future sprint with no capacity planned. */
export function addReferenceSprints(p: FakeProject): void {
  const m = (name: string, cap: number | undefined, off: { start: string; end: string }[] = []) => ({ id: fakeGuid(5), displayName: name, activities: cap === undefined ? [] : [{ name: 'Development', capacityPerDay: cap }], daysOff: off });
  p.teams[0].iterations.push(
    { id: fakeGuid(4), name: 'Sprint 1', path: `${p.name}\\Sprint 1`, start: '2026-01-05', finish: '2026-01-16', daysOff: [{ start: '2026-01-06', end: '2026-01-06' }], members: [m('u1', 6, [{ start: '2026-01-07', end: '2026-01-08' }]), m('u2', 4, [{ start: '2026-01-08', end: '2026-01-08' }]), m('u3', 0)] },
    { id: fakeGuid(4), name: 'Sprint 2', path: `${p.name}\\Sprint 2`, start: '2026-01-19', finish: '2026-01-30', daysOff: [], members: [] },
    { id: fakeGuid(4), name: 'No dates', path: `${p.name}\\No dates`, daysOff: [], members: [] },
  );
}

export async function setup(opts: { latencyMs?: number } = {}) {
  const fake = new FakeAdoServer({ pat: PAT, latencyMs: opts.latencyMs });
  const p = fake.addProject(PROJECT, TEAM);
  addReferenceSprints(p);
  await fake.start();
  const dir = await tempDir('flowcast-ado-');
  const connection = parseConnection({ url: fake.url, project: PROJECT, team: TEAM, query: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project', timeZone: 'UTC' });
  const SQL = await loadSql();
  const file = path.join(dir, 'ado-cache.sqlite');
  const sync = (extra: Partial<Parameters<typeof syncAzureDevOps>[0]> = {}) => syncAzureDevOps({ SQL, file, connection, auth: { pat: PAT }, transport: { backoffMs: 20, timeoutMs: 2000 }, now: () => new Date('2026-01-20T12:00:00Z'), ...extra });
  return { fake, p, dir, file, SQL, connection, sync };
}

describe('Azure DevOps sync (fake server, real client)', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => (env = await setup()));
  afterEach(() => env.fake.stop());

  it('turns team settings into the capacity vector of the reference exactly (finishDate inclusive, unplanned sprint = 1.0)', async () => {
    await env.sync();
    const snap = (await readCacheSnapshot(env.SQL, env.file))!;
    const cal = new CompiledCalendar(snap.calendar);
    const r = (iso: string) => cal.ratio(dayOf(iso));
    assert.equal(r('2026-01-05'), 1);
    assert.equal(r('2026-01-06'), 0);
    assert.equal(r('2026-01-07'), 5 / 11);
    assert.equal(r('2026-01-08'), 1 / 11);
    for (const d of ['2026-01-09', '2026-01-12', '2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16']) assert.equal(r(d), 1, d);
    for (let d = dayOf('2026-01-19'); d <= dayOf('2026-01-30'); d++) if (cal.isWorking(d) || [1, 2, 3, 4, 5].includes(((d + 3) % 7) + 1)) assert.equal(r(isoOf(d)), 1);
    assert.equal(r('2026-01-10'), 0, 'weekend');
    assert.deepEqual(snap.sprints.map((s) => [s.name, s.start, s.finish]), [['Sprint 1', '2026-01-05', '2026-01-16'], ['Sprint 2', '2026-01-19', '2026-01-30']]);
    assert.deepEqual(snap.warnings, []);
  });

  it('reads the legacy {count, value} capacity shape the same way', async () => {
    env.p.teams[0].iterations[0].capacityShape = 'legacy';
    await env.sync();
    const cal = new CompiledCalendar((await readCacheSnapshot(env.SQL, env.file))!.calendar);
    assert.equal(cal.ratio(dayOf('2026-01-07')), 5 / 11);
  });

  it('one failing sprint request degrades that sprint to ratio 1.0 with a warning instead of aborting', async () => {
    env.fake.fault({ match: new RegExp(`${env.p.teams[0].iterations[0].id}/capacities`), times: 20, fault: { kind: 'status', status: 500 } });
    const report = await env.sync({ transport: { backoffMs: 1, maxRetries: 2 } });
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0], /Sprint 1.*full capacity/);
    const cal = new CompiledCalendar((await readCacheSnapshot(env.SQL, env.file))!.calendar);
    assert.equal(cal.ratio(dayOf('2026-01-06')), 1);
    assert.equal(cal.ratio(dayOf('2026-01-08')), 1);
  });

  it('syncs items with state history, escapes names, and forecasts from the cache offline', async () => {
    const w = env.fake.watermarks;
    for (let i = 1; i <= 30; i++) {
      const it = addItem(env.p, w, i, i % 3 ? 'User Story' : 'Bug', `Story ${i}`, `2025-11-${String((i % 25) + 1).padStart(2, '0')}T09:00:00Z`);
      if (i <= 20) {
        reviseItem(it, w, `2025-12-${String((i % 25) + 1).padStart(2, '0')}T10:00:00Z`, { 'System.State': 'Active' });
        reviseItem(it, w, `2026-01-${String((i % 15) + 1).padStart(2, '0')}T23:30:00Z`, { 'System.State': 'Closed' });
      }
    }
    reviseItem(env.p.items.get(30)!, w, '2026-01-02T10:00:00Z', { 'System.State': 'Removed' });
    const report = await env.sync();
    assert.equal(report.full, true);
    assert.equal(report.items, 30);
    assert.ok(report.peakInFlight <= 4);
    await env.fake.stop(); // offline from here
    const snap = (await readCacheSnapshot(env.SQL, env.file))!;
    const data = extractionFromCache(snap, 'auto');
    assert.equal(data.removed, 1);
    assert.equal(data.extraction.ids.length, 29);
    const done = [...data.extraction.doneMs].filter((x) => !Number.isNaN(x));
    assert.equal(done.length, 20);
    assert.ok([...data.extraction.startMs].filter((x) => !Number.isNaN(x)).length >= 20);
    assert.equal(data.extraction.ranked.length, 9);
    assert.deepEqual(data.extraction.statuses.map((s) => [s.key, s.category]), [['New', 'todo'], ['Active', 'in_progress'], ['Resolved', 'in_progress'], ['Closed', 'done']]);
    const source = azureDevOpsSource(data);
    assert.equal(source.kind, 'azure-devops');
    const hm = howMany(source, { start: '2026-01-19', targetDate: '2026-01-30', seed: 7, trials: 2000, calendar: data.calendar, window: { from: '2025-12-01', to: '2026-01-16' } });
    assert.equal(hm.kind, 'ok');
    const wh = when(source, { start: '2026-01-19', remaining: 5, seed: 7, trials: 2000, calendar: data.calendar, window: { from: '2025-12-01', to: '2026-01-16' } });
    assert.equal(wh.kind, 'ok');
  });

  it('a delta re-sync fetches only the changed and new items', async () => {
    const w = env.fake.watermarks;
    for (let i = 1; i <= 450; i++) addItem(env.p, w, i, 'User Story', `S${i}`, '2025-12-01T09:00:00Z');
    await env.sync();
    reviseItem(env.p.items.get(7)!, w, '2026-01-19T10:00:00Z', { 'System.State': 'Active' });
    reviseItem(env.p.items.get(300)!, w, '2026-01-19T11:00:00Z', { 'System.State': 'Active' });
    addItem(env.p, w, 451, 'Bug', 'new bug', '2026-01-19T12:00:00Z');
    env.fake.resetCounters();
    const report = await env.sync();
    assert.equal(report.full, false);
    const batches = env.fake.log.filter((l) => l.endpoint === 'workitemsbatch').map((l) => (l.body as { ids: number[] }).ids);
    assert.deepEqual(batches.flat().sort((a, b) => a - b), [7, 300, 451]);
    assert.equal(report.fetched, 3);
    assert.equal(env.fake.counters.byEndpoint.revisions, 1);
    const snap = (await readCacheSnapshot(env.SQL, env.file))!;
    assert.equal(snap.items.length, 451);
    assert.deepEqual(snap.history.get(7)!.map((t) => t.state), ['New', 'Active']);
  });

  it('an item entering the query later gets its earlier history from its updates; created work items get an id and URL', async () => {
    const w = env.fake.watermarks;
    const bugs = parseConnection({ url: env.fake.url, project: PROJECT, team: TEAM, query: "SELECT [System.Id] FROM WorkItems WHERE [System.WorkItemType] = 'Bug'", timeZone: 'UTC' });
    addItem(env.p, w, 1, 'Bug', 'bug', '2025-12-01T09:00:00Z');
    const story = addItem(env.p, w, 2, 'User Story', 'story', '2025-12-01T09:00:00Z');
    reviseItem(story, w, '2025-12-03T09:00:00Z', { 'System.State': 'Active' });
    await env.sync({ connection: bugs });
    reviseItem(story, w, '2026-01-19T09:00:00Z', { 'System.WorkItemType': 'Bug' });
    env.fake.resetCounters();
    await env.sync({ connection: bugs });
    assert.equal(env.fake.counters.byEndpoint.updates, 1);
    const snap = (await readCacheSnapshot(env.SQL, env.file))!;
    assert.deepEqual(snap.history.get(2)!.map((t) => t.state), ['New', 'Active']);
    const client = new AdoClient({ url: env.fake.url, project: PROJECT, team: TEAM }, { pat: PAT });
    const created = await client.createWorkItem('User Story', { 'System.Title': 'Published', 'System.Description': '<p>Hi</p>' });
    client.dispose();
    assert.ok(created.id > 0);
    assert.match(created.url, /_workitems\/edit\//);
    assert.equal(env.p.items.get(created.id)!.revisions[0].fields['System.Title'], 'Published');
  });

  it('an interrupted sync leaves the previous cache intact (all-or-nothing)', async () => {
    addItem(env.p, env.fake.watermarks, 1, 'Bug', 'one', '2025-12-01T09:00:00Z');
    await env.sync();
    const before = await fs.readFile(env.file);
    addItem(env.p, env.fake.watermarks, 2, 'Bug', 'two', '2025-12-02T09:00:00Z');
    env.fake.fault({ match: /workitemsbatch/, times: 50, fault: { kind: 'status', status: 500 } });
    await assert.rejects(env.sync({ transport: { backoffMs: 1, maxRetries: 1 } }), /server error \(HTTP 500\)/);
    assert.deepEqual(await fs.readFile(env.file), before);
    const ac = new AbortController();
    env.fake.clearFaults();
    const p = env.sync({ transport: { signal: ac.signal }, onProgress: (x) => x.stage === 'items' && ac.abort() });
    await assert.rejects(p, /cancelled/);
    assert.deepEqual(await fs.readFile(env.file), before);
    const cache = await AdoCache.open(env.SQL, env.file);
    assert.equal(cache.snapshot().items.length, 1);
    cache.close();
  });
});

describe('Azure DevOps sync age (the status bar words it in the UI language)', () => {
  it('rounds the time since the last sync to just now, minutes, hours and days; no sync is "never"', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    assert.deepEqual(syncAge(null, now), { kind: 'never' });
    assert.deepEqual(syncAge(ago(30), now), { kind: 'justNow' });
    assert.deepEqual(syncAge(ago(5 * 60), now), { kind: 'minutes', n: 5 });
    assert.deepEqual(syncAge(ago(3 * 3600), now), { kind: 'hours', n: 3 });
    assert.deepEqual(syncAge(ago(3 * 86400), now), { kind: 'days', n: 3 });
    assert.deepEqual(syncAge(new Date(now + 60_000).toISOString(), now), { kind: 'justNow' }, 'a clock ahead is not a negative age');
  });
});

export type { AdoConnection };
