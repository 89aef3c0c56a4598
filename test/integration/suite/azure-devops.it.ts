// Azure DevOps in real VS Code against the local fake server (the real azure-devops-node-api client
// in the extension host): Set PAT and Configure with validated arguments (a bad field is a typed
// error and stores nothing), Sync with its report, a wrong PAT refused with the fix, the PAT never in
// the cache file, and the synced items usable offline once the server is gone.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AzureDevOpsAccess } from '../../../src/ado/azureDevOpsCommands';
import type { ForecastPanelConnection } from '../../../src/forecast/forecastPanel';
import type { SyncReport } from '../../../src/core/ado';
import { fakeGuid, generateItems } from '../../fakes/ado/adoData';
import { FakeAdoServer } from '../../fakes/ado/adoServer';
import { activate, rejectsWithField, waitFor, type TestingApi } from '../helpers';

const PAT = 'itpat4f9a8c7e6d5b4a39xyz';
const PROJECT = 'Fabrikam Fiber';
const TEAM = 'Web Team';
const SPRINT_A = 'Sprint <b>42</b> & "x"';
const WIQL = 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [Microsoft.VSTS.Common.BacklogPriority]';


describe('Azure DevOps (real VS Code, fake Azure DevOps server, real client)', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let ado: AzureDevOpsAccess;
  let fake: FakeAdoServer;
  let home: string | undefined;

  before(async () => {
    api = await activate();
    ado = (api.__testing as unknown as { azureDevOps: AzureDevOpsAccess }).azureDevOps;
    home = (await api.getActiveBacklog())?.id;
    // Connections are per backlog: this suite's own.
    await api.switchBacklog((await api.createBacklog('Azure DevOps suite')).id);
    fake = new FakeAdoServer({ pat: PAT });
    const p = fake.addProject(PROJECT, TEAM);
    const today = Math.floor(Date.now() / 86_400_000);
    generateItems(p, fake.watermarks, { count: 240, endDay: today, days: 120 });
    // Two sprints around today (one name hostile): the panel's calendar labels its days with them.
    const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
    p.teams[0].iterations.push(
      { id: fakeGuid(4), name: SPRINT_A, path: `${PROJECT}\\A`, start: iso(today - 7), finish: iso(today + 6), daysOff: [], members: [] },
      { id: fakeGuid(4), name: 'Sprint 43', path: `${PROJECT}\\B`, start: iso(today + 7), finish: iso(today + 20), daysOff: [], members: [] },
    );
    await fake.start();
  });

  after(async () => {
    await fake.stop();
    if (home) await api.switchBacklog(home);
  });

  it('refuses bad arguments with a typed error naming the field, and stores nothing', async () => {
    await rejectsWithField(vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: 'http://example.com/org', pat: PAT }), 'url', PAT);
    await rejectsWithField(vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: fake.url, pat: 'has spaces in it' }), 'pat', PAT);
    await rejectsWithField(vscode.commands.executeCommand('flowcast.azureDevOps.configure', { url: fake.url, project: '', team: TEAM, query: WIQL }), 'project', PAT);
    await rejectsWithField(vscode.commands.executeCommand('flowcast.azureDevOps.configure', { url: fake.url, project: PROJECT, team: TEAM, query: 'not a query' }), 'query', PAT);
    assert.equal(ado.connection(), undefined, 'no connection stored');
    await rejectsWithField(api.forecast({ op: 'when', source: { kind: 'azureDevOps' }, remaining: 5 }), 'source', PAT);
  });

  it('Set PAT and Configure with arguments, then Sync: every work item with its history, at most 4 requests in flight', async () => {
    assert.equal(await vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: fake.url, pat: PAT }), true);
    const configured = await vscode.commands.executeCommand<{ project: string; team: string }>('flowcast.azureDevOps.configure', { url: fake.url, project: PROJECT, team: TEAM, query: WIQL, timeZone: 'UTC' });
    assert.deepEqual({ project: configured.project, team: configured.team }, { project: PROJECT, team: TEAM });
    const report = await vscode.commands.executeCommand<SyncReport | undefined>('flowcast.azureDevOps.sync');
    assert.ok(report, 'the sync answered');
    assert.equal(report.items, 240);
    assert.equal(report.full, true);
    assert.ok(report.peakInFlight <= 4, `peak ${report.peakInFlight}`);
    assert.ok(fake.counters.peakConcurrency <= 4);
    assert.equal(ado.lastSync()?.syncedAt, report.syncedAt);
  });

  it('the PAT is in SecretStorage only: not in the cache file nor in the stored connection', async () => {
    const cache = ado.cacheFile();
    assert.ok(cache, 'a connection has a cache file');
    const files = (await fs.readdir(path.dirname(cache))).map((f) => path.join(path.dirname(cache), f));
    assert.ok(files.includes(cache), `the cache file exists (${files.join(', ')})`);
    for (const f of files) assert.ok(!(await fs.readFile(f)).includes(Buffer.from(PAT)), `${f} holds no PAT`);
    assert.ok(!JSON.stringify(ado.connection()).includes(PAT));
  });

  it('a wrong PAT is refused (nothing synced, the cache kept) and the right one works again', async () => {
    const before = ado.lastSync()?.syncedAt;
    assert.equal(await vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: fake.url, pat: 'wrongpat0000000000' }), true);
    assert.equal(await vscode.commands.executeCommand('flowcast.azureDevOps.sync'), undefined, 'authentication failed');
    assert.equal(ado.lastSync()?.syncedAt, before);
    assert.equal(await vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: fake.url, pat: PAT }), true);
  });

  it('with the server stopped, When, the backlog order and the flow metrics run from the synced items (offline)', async () => {
    await fake.stop();
    const data = await ado.forecastData();
    assert.ok(data, 'the cache is read offline');
    assert.equal(await ado.forecastData(), data, 'read once while the cache file is unchanged (the panel asks on every backlog change)');
    assert.equal(data.extraction.ids.length, 240);
    assert.ok(data.extraction.ranked.length > 0, 'open items in backlog order');
    assert.ok([...data.extraction.doneMs].filter((x) => !Number.isNaN(x)).length > 100, 'done dates from the state history');
    assert.deepEqual(
      data.extraction.statuses.map((s) => s.category),
      [...data.extraction.statuses.map((s) => s.category)].sort((a, b) => ['todo', 'in_progress', 'done'].indexOf(a) - ['todo', 'in_progress', 'done'].indexOf(b)),
    );
    type WhenAnswer = { result: { kind: string; percentiles: { p: number; date: string | null }[] }; sentence: string };
    const a = (await api.forecast({ op: 'when', source: { kind: 'azureDevOps' }, remaining: 10, seed: 42, trials: 2000 })) as WhenAnswer;
    assert.equal(a.result.kind, 'ok', a.sentence);
    assert.match(a.result.percentiles.find((q) => q.p === 0.85)?.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const again = (await api.forecast({ op: 'when', source: { kind: 'azureDevOps' }, remaining: 10, seed: 42, trials: 2000 })) as WhenAnswer;
    assert.deepEqual(again.result.percentiles, a.result.percentiles, 'same seed, same dates');
    const order = (await api.forecast({ op: 'perItem', source: { kind: 'azureDevOps' }, seed: 42, trials: 1000 })) as { result: { kind: string; items: { id: string }[] } };
    assert.equal(order.result.kind, 'ok');
    assert.deepEqual(
      order.result.items.map((i) => i.id),
      data.extraction.ranked.map((i) => i.id),
      'a date for every open work item, in the query order',
    );
    const m = (await api.forecast({ op: 'metrics', source: { kind: 'azureDevOps' } })) as { metrics: { cycleTimes: unknown[] } };
    assert.ok(Array.isArray(m.metrics.cycleTimes) && m.metrics.cycleTimes.length > 50, 'cycle times from the state history');
  });

  it('the Forecast panel offers the synced items as a source: When with the team calendar and its sprints, the backlog order, flow metrics (validated messages)', async () => {
    await vscode.commands.executeCommand('flowcast.openForecast');
    const panels = (api.__testing as unknown as { forecastPanels: { current?: ForecastPanelConnection } }).forecastPanels;
    const c = await waitFor(() => (panels.current?.isReady ? panels.current : undefined), 'the forecast page is ready');
    type Answer = { kind: string; id: number; result?: Record<string, unknown>; error?: { code: string; message: string; issues?: unknown } };
    const posted: Answer[] = [];
    c.taps.add((m) => posted.push(m as Answer));
    let next = 91_000;
    // The page runs its own forecast when it opens (same run channel): a run it supersedes answers
    // "cancelled", never a failure; ask again then.
    const ask = async (method: string, params: unknown): Promise<Answer> => {
      for (let attempt = 0; ; attempt++) {
        const id = ++next;
        c.receive({ kind: 'request', id, method, params });
        const answer = await waitFor(() => posted.find((m) => m.id === id), `the answer to ${method}`, 60_000);
        if (answer.error?.code !== 'cancelled' || attempt === 3) return answer;
      }
    };
    try {
      const defaults = await ask('forecast/defaults', {});
      const choice = defaults.result?.azureDevOps as { name: string; openCount: number; syncedAt: string | null } | null;
      assert.ok(choice, 'the synced items are offered');
      assert.equal(choice.name, `${PROJECT} / ${TEAM}`);
      const data = await ado.forecastData();
      assert.equal(choice.openCount, data?.extraction.ranked.length);
      const start = String(defaults.result?.start);
      const inputs = { source: { kind: 'azureDevOps' }, mode: 'when', remaining: 30, start, trials: 2000, seed: 7, windowDays: 120 };
      const when = await ask('forecast/run', inputs);
      assert.equal(when.kind, 'response', JSON.stringify(when.error));
      const r = when.result as { ok: boolean; sprints?: { name: string; start: string; finish: string }[]; calendar: { timeZone?: string }; view: { percentiles: { p: number; date: string | null }[] } };
      assert.equal(r.ok, true);
      assert.deepEqual(r.sprints?.map((sp) => sp.name), [SPRINT_A, 'Sprint 43'], 'the sprints come along for the calendar');
      assert.equal(r.calendar.timeZone, 'UTC', 'the team calendar of the connection');
      assert.match(r.view.percentiles.find((q) => q.p === 0.85)?.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
      const order = await ask('forecast/run', { ...inputs, mode: 'perItem', remaining: undefined });
      assert.equal((order.result as { view: { items: unknown[] } }).view.items.length, data?.extraction.ranked.length, 'a date for every open work item');
      const metrics = await ask('forecast/metrics', { source: 'azureDevOps' });
      assert.ok(((metrics.result as { cycleTimes: unknown[] }).cycleTimes.length ?? 0) > 50, 'flow metrics of the synced items');
      const bad = await ask('forecast/metrics', { source: 'jira' });
      assert.equal(bad.kind, 'error');
      assert.equal(bad.error?.code, 'invalid_params');
      assert.match(JSON.stringify(bad.error?.issues), /source/, 'a bad source is refused naming the field');
    } finally {
      c.taps.clear();
    }
  });
});
