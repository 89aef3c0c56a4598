// Publishing items to Azure DevOps and pulling their state back (pure parts, and the REAL
// azure-devops-node-api client against the fake server): the fields each type gets, escaping,
// the type guess, the marker tag, state-category mapping, the stored link (validation, undo,
// migration of a v8 file, every export format).
import assert from 'node:assert/strict';
import path from 'node:path';
import { AdoClient, guessWorkItemType, publishItems, publishMarker, pullStates, workItemFields } from '../../src/core/ado';
import { emptyFields, type Item } from '../../src/core/backlog/model';
import { BacklogRepository } from '../../src/core/backlog/repository';
import { parseCsv, parseFlowcastMarkdown, parseJson, parseTicketFlowMarkdown, toCsv, toFlowcastMarkdown, toJson, toTicketFlowMarkdown } from '../../src/core/io';
import { BacklogDatabase } from '../../src/core/storage/database';
import { APPLICATION_ID, LATEST_VERSION, MIGRATIONS, userVersion } from '../../src/core/storage/migrations';
import { type FlowcastError } from '../../src/core/util/errors';
import { AGILE_FIELDS, current } from '../fakes/ado/adoData';
import { FakeAdoServer } from '../fakes/ado/adoServer';
import { loadSql, openClockedRepo, tempDir } from './helpers';
import { item } from './io-helpers';

function full(over: Partial<Item>): Item {
  return { ...emptyFields(), type: (over.id ?? 'FEAT-001').split('-')[0], id: 'FEAT-001', rank: 'a0', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', archivedAt: null, external: null, ...over };
}

describe('Azure DevOps publish: work item fields', () => {
  it('a story gets title, description (Markdown as HTML, raw HTML escaped), user story, acceptance criteria, tags with the marker and priority', () => {
    const f = workItemFields(
      full({ title: 'Export <b>CSV</b>', emoji: '📄', description: 'Use **bold** <img src=x onerror=alert(1)>', userStory: 'As a lead', criteria: [{ text: 'one row', checked: true }, { text: 'two', checked: false }], tags: ['export', 'ui'], priority: 'medium', specs: ['RFC 4180'] }),
      AGILE_FIELDS['User Story'],
      'flowcast:abc123:FEAT-001',
    );
    assert.equal(f['System.Title'], '📄 Export <b>CSV</b>');
    const d = String(f['System.Description']);
    assert.match(d, /<strong>bold<\/strong>/);
    assert.match(d, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.ok(!/<img/.test(d), d);
    assert.match(d, /<blockquote><p>As a lead<\/p>\n<\/blockquote>/);
    assert.match(d, /<h3>Specifications<\/h3><ul><li>RFC 4180<\/li><\/ul>/);
    assert.equal(f['Microsoft.VSTS.Common.AcceptanceCriteria'], '<ul><li>☑ one row</li><li>☐ two</li></ul>');
    assert.equal(f['System.Tags'], 'export; ui; flowcast:abc123:FEAT-001');
    assert.equal(f['Microsoft.VSTS.Common.Priority'], 2);
    assert.equal(f['Microsoft.VSTS.Common.Severity'], undefined, 'a story has no severity field');
  });

  it('sends only the fields the type has: a Task puts its criteria in the description, a Bug its text in the repro steps; a long title is cut to 255', () => {
    const t = workItemFields(full({ type: 'TASK', title: 'x'.repeat(300), criteria: [{ text: 'done', checked: false }] }), AGILE_FIELDS.Task, 'm');
    assert.equal(String(t['System.Title']).length, 255);
    assert.equal(t['Microsoft.VSTS.Common.AcceptanceCriteria'], undefined);
    assert.match(String(t['System.Description']), /<h3>Acceptance criteria<\/h3><ul><li>☐ done<\/li><\/ul>/);
    const b = workItemFields(full({ type: 'BUG', description: 'Boom', reproSteps: ['a', 'b'], severity: 'P3' }), AGILE_FIELDS.Bug, 'm');
    assert.equal(b['System.Description'], undefined);
    assert.equal(b['Microsoft.VSTS.TCM.ReproSteps'], '<p>Boom</p>\n<h3>Steps to reproduce</h3><ol><li>a</li><li>b</li></ol>');
    assert.equal(b['Microsoft.VSTS.Common.Severity'], '3 - Medium');
    for (const k of [...Object.keys(t), ...Object.keys(b)]) assert.ok(AGILE_FIELDS.Task.includes(k) || AGILE_FIELDS.Bug.includes(k), k);
  });

  it('guesses the usual type per local type in each process, and the marker differs per backlog', () => {
    assert.equal(guessWorkItemType('BUG', ['Bug', 'Task', 'User Story']), 'Bug');
    assert.equal(guessWorkItemType('FEAT', ['Bug', 'Task', 'User Story']), 'User Story');
    assert.equal(guessWorkItemType('FEAT', ['Bug', 'Task', 'Product Backlog Item']), 'Product Backlog Item');
    assert.equal(guessWorkItemType('BUG', ['Issue', 'Task', 'Epic']), 'Issue', 'Basic process');
    assert.equal(guessWorkItemType('DEBT', ['Bug', 'Task', 'User Story']), 'Task');
    assert.notEqual(publishMarker('backlog-a', 'FEAT-001'), publishMarker('backlog-b', 'FEAT-001'));
    assert.match(publishMarker('backlog-a', 'FEAT-001'), /^flowcast:[0-9a-f]{6}:FEAT-001$/);
  });
});

describe('Azure DevOps publish and pull back (fake server, real client)', () => {
  const PAT = 'unit-pub-pat-1234567890';
  let fake: FakeAdoServer;
  let client: AdoClient;
  before(async () => {
    fake = new FakeAdoServer({ pat: PAT });
    fake.addProject('Fiber', 'Web');
    await fake.start();
    client = new AdoClient({ url: fake.url, project: 'Fiber', team: 'Web' }, { pat: PAT }, { backoffMs: 10, timeoutMs: 2000 });
  });
  after(async () => {
    client.dispose();
    await fake.stop();
  });

  it('a refused field fails that item only; the others are created and returned; an unknown type refuses everything before any request', async () => {
    const types = await client.typeStates();
    await assert.rejects(publishItems({ client, backlogId: 'b', items: [full({ id: 'FEAT-001' })], typeMap: { FEAT: 'Epic' }, types }), /no work item type "Epic"/);
    assert.deepEqual(fake.created, []);
    const out = await publishItems({
      client,
      backlogId: 'b',
      items: [full({ id: 'TASK-001', title: 'T', criteria: [{ text: 'c', checked: false }] }), full({ id: 'FEAT-002', title: 'S' })],
      typeMap: { TASK: 'Task', FEAT: 'User Story' },
      types: types.map((t) => (t.type === 'Task' ? { ...t, fields: [] } : t)),
    });
    // a type whose field list is unknown gets every field: the server refuses the ones the type lacks
    assert.equal(out.failed.length, 1);
    assert.equal(out.failed[0].itemId, 'TASK-001');
    assert.match(out.failed[0].message, /TF51535: Cannot find field/);
    assert.deepEqual(out.linked.map((l) => l.itemId), ['FEAT-002']);
    assert.equal(fake.created.length, 1);
  });

  it('pull back maps each state through its category to the first local status of that category; removed and missing work items are reported, not moved', async () => {
    const p = fake.projects[0];
    const id = fake.created[0];
    current(p.items.get(id)!)['System.State'] = 'Resolved';
    const statuses = [
      { key: 'backlog', label: 'Backlog', category: 'todo' as const, position: 0, wipLimit: null },
      { key: 'doing', label: 'Doing', category: 'in_progress' as const, position: 1, wipLimit: null },
      { key: 'review', label: 'Review', category: 'in_progress' as const, position: 2, wipLimit: null },
      { key: 'done', label: 'Done', category: 'done' as const, position: 3, wipLimit: null },
    ];
    const link = (n: number) => ({ system: 'azureDevOps' as const, id: n, url: `${fake.url}/x/${n}` });
    const items = [full({ id: 'FEAT-002', status: 'backlog', external: link(id) }), full({ id: 'FEAT-003', status: 'review', external: link(id) }), full({ id: 'FEAT-004', external: link(424242) }), full({ id: 'FEAT-005' })];
    const types = await client.typeStates();
    const auto = await pullStates({ client, items, statuses, types, doneDate: 'auto' });
    assert.deepEqual(auto.states.map((s) => [s.itemId, s.state, s.category, s.moveTo]), [['FEAT-002', 'Resolved', 'in_progress', 'doing'], ['FEAT-003', 'Resolved', 'in_progress', undefined]]);
    assert.deepEqual(auto.missing, [{ itemId: 'FEAT-004', workItemId: 424242 }]);
    const resolvedIsDone = await pullStates({ client, items, statuses, types, doneDate: 'resolved' });
    assert.deepEqual(resolvedIsDone.states.map((s) => s.moveTo), ['done', 'done'], 'the done-date rule "resolved" makes Resolved done');
    current(p.items.get(id)!)['System.State'] = 'Removed';
    const removed = await pullStates({ client, items, statuses, types, doneDate: 'auto' });
    assert.deepEqual(removed.states.map((s) => [s.category, s.moveTo]), [['removed', undefined], ['removed', undefined]]);
  });
});

describe('the published work item stored on an item', () => {
  const link = { system: 'azureDevOps' as const, id: 1234, url: 'https://dev.azure.com/fabrikam/Fiber%20Web/_workitems/edit/1234' };

  it('is validated (an address that is not https is refused, naming the field), stored in one undo step, and read back on cards and exports', async () => {
    const { repo, db } = await openClockedRepo();
    const a = repo.createItem({ title: 'Publish me' });
    assert.throws(() => repo.setExternalLinks([{ itemId: a.id, link: { ...link, url: 'javascript:alert(1)' } }]), (e: FlowcastError) => e.code === 'invalid_input' && e.args?.field === 'link.url');
    assert.throws(() => repo.setExternalLinks([{ itemId: a.id, link: { ...link, url: 'http://evil.example/x' } }]), /https/);
    assert.equal(repo.requireItem(a.id).external, null);
    repo.setExternalLinks([{ itemId: a.id, link }]);
    assert.deepEqual(repo.requireItem(a.id).external, link);
    assert.deepEqual(repo.listCardFields().find((c) => c.id === a.id)?.external, link);
    assert.deepEqual(repo.portableItems()[0].external, link);
    assert.equal(repo.undo()?.label, `Link ${a.id} to its work item`);
    assert.equal(repo.requireItem(a.id).external, null);
    await db.close();
  });

  it('round-trips through Flowcast Markdown, TicketFlow Markdown, JSON and CSV', () => {
    const items = [item({ id: 'FEAT-001', external: link }), item({ id: 'BUG-002' })];
    const types = [{ key: 'FEAT', label: 'Feature' }, { key: 'BUG', label: 'Bug' }];
    assert.match(toFlowcastMarkdown(items, { backlogName: 'P', types }), /\*\*Azure DevOps:\*\* #1234 https:\/\/dev\.azure\.com\/fabrikam\/Fiber%20Web\/_workitems\/edit\/1234/);
    for (const back of [
      parseFlowcastMarkdown(toFlowcastMarkdown(items, { backlogName: 'P', types })).items,
      parseTicketFlowMarkdown(toTicketFlowMarkdown(items, { projectName: 'P', types })).items,
      parseJson(toJson(items, { backlogName: 'P', types })).items,
      parseCsv(toCsv(items)).items,
    ]) {
      assert.deepEqual(back.find((i) => i.id === 'FEAT-001')?.external, link);
      assert.equal(back.find((i) => i.id === 'BUG-002')?.external, null);
    }
  });

  it('a backlog file written at schema 8 opens at the latest schema with no item published', async () => {
    const SQL = await loadSql();
    const file = path.join(await tempDir(), 'v8.db');
    const old = new SQL.Database();
    for (const m of MIGRATIONS.slice(0, 8)) {
      m.up(old);
      old.exec(`PRAGMA user_version = ${m.version}`);
    }
    old.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    old.run("INSERT INTO items (id, type, title, status, rank, created_at, updated_at, target_date) VALUES ('FEAT-001', 'FEAT', 'Old', 'backlog', 'a0', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-06-30')");
    old.run("INSERT INTO status_history (item_id, from_status, to_status, at) VALUES ('FEAT-001', NULL, 'backlog', '2026-01-01T00:00:00.000Z')");
    old.run("INSERT INTO items_fts (docid, title, body, tags) SELECT rowid, title, body, tags FROM items_text WHERE rowid = (SELECT rowid FROM items WHERE id = 'FEAT-001')");
    const { promises: fs } = await import('node:fs');
    await fs.writeFile(file, old.export());
    old.close();
    const db = await BacklogDatabase.open({ SQL, file, flushDelayMs: 10, onCorrupt: (c) => assert.fail(`the old file was read as corrupt: ${c.reason}`) });
    assert.equal(userVersion(db.connection), LATEST_VERSION);
    const repo = new BacklogRepository(db);
    assert.equal(repo.requireItem('FEAT-001').external, null);
    assert.equal(repo.requireItem('FEAT-001').targetDate, '2026-06-30');
    await db.close();
  });
});
