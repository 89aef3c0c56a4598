// Azure DevOps faults with the REAL client against the fake server: each fault's message, retries
// (Retry-After honoured), timeouts, resets, 20,000-result queries, settings errors, the PAT never shown.
import assert from 'node:assert/strict';
import { AdoClient, AdoError, doneDate, flowCategory, parseConnection, parseQueryRef, redact, StateCategories, withCreatedWindow } from '../../src/core/ado';
import { addItem } from '../fakes/ado/adoData';
import { PAT, PROJECT, setup, TEAM } from './ado-sync.test';

describe('Azure DevOps faults and rules', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => (env = await setup()));
  afterEach(() => env.fake.stop());
  const client = (pat = PAT, extra: Record<string, unknown> = {}) => new AdoClient({ url: env.fake.url, project: PROJECT, team: TEAM }, { pat }, { backoffMs: 10, timeoutMs: 500, ...extra });
  const failure = async (p: Promise<unknown>): Promise<AdoError> => {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof AdoError, String(err));
      assert.ok(!err.message.includes(PAT) && !err.message.includes(Buffer.from(`:${PAT}`).toString('base64')), 'PAT in message');
      return err;
    }
    throw new Error('expected a failure');
  };

  it('401, 403 and a 203 HTML sign-in page are "authentication failed" with the fix, never the PAT', async () => {
    let e = await failure(client('wrong-token-123456').workingDays());
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /authentication failed \(HTTP 401.*Set Azure DevOps PAT/);
    env.fake.fault({ fault: { kind: 'status', status: 403, body: JSON.stringify({ message: `denied for ${PAT}` }) } });
    e = await failure(client().workingDays());
    assert.match(e.message, /authentication failed \(HTTP 403/);
    env.fake.opts.badAuthAs203 = true;
    e = await failure(client('wrong-token-123456').iterations());
    assert.match(e.message, /authentication failed \(the server answered with a sign-in page\)/);
  });

  it('404 names the missing project, team or saved query', async () => {
    const c = (project: string, team: string) => new AdoClient({ url: env.fake.url, project, team }, { pat: PAT });
    assert.match((await failure(c('Nope & Co', TEAM).workingDays())).message, /project "Nope & Co" was not found/);
    assert.match((await failure(c(PROJECT, 'Ghost Team').workingDays())).message, /team "Ghost Team" was not found/);
    const e = await failure(client().runSavedQuery('0e0e0e0e-1111-4222-8333-444444444444'));
    assert.equal(e.missing, 'query');
    assert.match(e.message, /saved query 0e0e0e0e-1111-4222-8333-444444444444 was not found/);
  });

  it('429 waits for Retry-After, 503 and 500 are retried, resets and slow answers are retried then reported', async () => {
    env.fake.fault({ match: /teamsettings$/, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const t0 = Date.now();
    const c = client();
    assert.deepEqual(await c.workingDays(), [1, 2, 3, 4, 5]);
    assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After');
    env.fake.fault({ match: /teamsettings$/, fault: { kind: 'status', status: 503 } });
    env.fake.fault({ match: /teamsettings$/, fault: { kind: 'status', status: 500 } });
    env.fake.fault({ match: /teamsettings$/, fault: { kind: 'reset' } });
    assert.deepEqual(await c.workingDays(), [1, 2, 3, 4, 5]);
    assert.ok(c.transport.stats.retries >= 4);
    env.fake.fault({ match: /teamsettings$/, times: 10, fault: { kind: 'slow', delayMs: 1500 } });
    const e = await failure(client(PAT, { maxRetries: 1 }).workingDays());
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /no answer within/);
    env.fake.clearFaults();
    env.fake.fault({ times: 10, fault: { kind: 'status', status: 500 } });
    assert.match((await failure(client(PAT, { maxRetries: 2 }).workingDays())).message, /server error \(HTTP 500\) after 3 attempts/);
  });

  it('a query over 20,000 results is split by created-date windows; a link query gets a clear message', async () => {
    env.fake.opts.wiqlLimit = 40;
    for (let i = 1; i <= 100; i++) addItem(env.p, env.fake.watermarks, i, 'Bug', `b${i}`, new Date(Date.UTC(2025, 0, 1) + i * 3 * 86_400_000).toISOString());
    const report = await env.sync();
    assert.equal(report.items, 100);
    const link = parseConnection({ url: env.fake.url, project: PROJECT, team: TEAM, query: 'SELECT [System.Id] FROM WorkItemLinks', timeZone: 'UTC' });
    await assert.rejects(env.sync({ connection: link }), /more than 20,000 work items.*Narrow it/);
    assert.equal(withCreatedWindow('SELECT [System.Id] FROM WorkItems WHERE [System.State] = \'New\' OR [System.State] = \'Active\' ORDER BY [System.Id]', '2025-01-01', '2025-02-01'), "SELECT [System.Id] FROM WorkItems WHERE ([System.State] = 'New' OR [System.State] = 'Active') AND [System.CreatedDate] >= '2025-01-01' AND [System.CreatedDate] < '2025-02-01' ORDER BY [System.Id]");
  });

  it('at most 4 requests in flight; batches never exceed 200 ids', async () => {
    for (let i = 1; i <= 1000; i++) addItem(env.p, env.fake.watermarks, i, 'Bug', `b${i}`, '2025-12-01T00:00:00Z');
    env.fake.opts.latencyMs = 20;
    const report = await env.sync();
    assert.ok(report.peakInFlight <= 4 && env.fake.counters.peakConcurrency <= 4, `peak ${env.fake.counters.peakConcurrency}`);
    const sizes = env.fake.log.filter((l) => l.endpoint === 'workitemsbatch').map((l) => (l.body as { ids: number[] }).ids.length);
    assert.deepEqual(sizes, [200, 200, 200, 200, 200]);
  });

  it('settings: a bad field is named, https only (http for loopback), names never rejected, queries parsed', () => {
    const base = { url: 'https://dev.azure.com/fabrikam', project: 'A & B (c)', team: "Team 'x'", query: '0e0e0e0e-1111-4222-8333-444444444444' };
    assert.equal(parseConnection(base).organization, 'fabrikam');
    assert.throws(() => parseConnection({ ...base, url: 'http://dev.azure.com/fabrikam' }), /Azure DevOps url: must be an https URL/);
    assert.equal(parseConnection({ ...base, url: 'http://127.0.0.1:8080/tfs/Default' }).url, 'http://127.0.0.1:8080/tfs/Default');
    assert.throws(() => parseConnection({ ...base, project: '  ' }), /Azure DevOps project: is empty/);
    assert.throws(() => parseConnection({ ...base, query: 'hello' }), /Azure DevOps query:/);
    assert.throws(() => parseConnection({ ...base, doneDate: 'changed' }), /Azure DevOps doneDate: expected one of/);
    assert.throws(() => parseConnection({ ...base, timeZone: 'Mars/Olympus' }), /Azure DevOps timeZone/);
    assert.deepEqual(parseQueryRef('https://dev.azure.com/f/P/_queries/query-edit/0E0E0E0E-1111-4222-8333-444444444444/'), { kind: 'saved', id: '0e0e0e0e-1111-4222-8333-444444444444' });
    assert.deepEqual(parseQueryRef('https://dev.azure.com/f/P/_queries/query/0e0e0e0e-1111-4222-8333-444444444444'), { kind: 'saved', id: '0e0e0e0e-1111-4222-8333-444444444444' });
    assert.equal(redact(`a ${PAT} b ${Buffer.from(`:${PAT}`).toString('base64')}`, [PAT]), 'a *** b ***');
  });

  it('state categories map to to-do / in progress / done; done-date rules never use ChangedDate', () => {
    assert.deepEqual(['Proposed', 'InProgress', 'Resolved', 'Completed', 'Removed'].map((c) => flowCategory(c, 'auto')), ['todo', 'in_progress', 'in_progress', 'done', 'removed']);
    assert.equal(flowCategory('Resolved', 'resolved'), 'done');
    const cats = new StateCategories([{ type: 'Bug', state: 'Closed', category: 'Completed' }, { type: 'Bug', state: 'Active', category: 'InProgress' }]);
    const catOf = (s: string) => cats.category('Bug', s, 'auto');
    const hist = [{ rev: 1, state: 'Active', ms: 100 }, { rev: 2, state: 'Closed', ms: 200 }];
    const f = { closedMs: 300, resolvedMs: 250, stateChangeMs: 210 };
    assert.equal(doneDate('auto', 'done', 'Completed', f, hist, catOf), 300);
    assert.equal(doneDate('auto', 'done', 'Completed', { ...f, closedMs: NaN }, hist, catOf), 250);
    assert.equal(doneDate('auto', 'done', 'Completed', { closedMs: NaN, resolvedMs: NaN, stateChangeMs: 210 }, hist, catOf), 210);
    assert.equal(doneDate('auto', 'done', 'Resolved', { closedMs: NaN, resolvedMs: NaN, stateChangeMs: 210 }, hist, catOf), 200);
    assert.equal(doneDate('closed', 'done', 'Completed', { ...f, closedMs: NaN }, hist, catOf), NaN);
    assert.equal(doneDate('resolved', 'done', 'Completed', f, hist, catOf), 250);
    assert.equal(doneDate('stateChange', 'done', 'Completed', f, hist, catOf), 200);
    assert.equal(doneDate('auto', 'in_progress', 'InProgress', f, hist, catOf), NaN);
  });
});
