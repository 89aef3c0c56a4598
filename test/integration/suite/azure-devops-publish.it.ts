// Publish and pull back in real VS Code against the local fake Azure DevOps server (the real
// azure-devops-node-api client in the extension host): two items become work items with the fields
// their types have (text as escaped HTML), re-publishing creates nothing, a create whose answer was
// lost is found by its marker tag instead of being created twice, and the work items' states come
// back as local statuses in one undoable change.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PublishOutcome, PullOutcome } from '../../../src/core/ado';
import type { BacklogService } from '../../../src/core/backlog/service';
import { current, reviseItem } from '../../fakes/ado/adoData';
import { FakeAdoServer } from '../../fakes/ado/adoServer';
import { activate, rejectsWithField, type TestingApi } from '../helpers';

const PAT = 'pubpat7c6d5e4f3a2b1c0d9xyz';
const PROJECT = 'Fabrikam Fiber';
const TEAM = 'Web Team';
const WIQL = 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project';


describe('Azure DevOps publish and pull back (real VS Code, fake Azure DevOps server, real client)', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let fake: FakeAdoServer;
  let home: string | undefined;
  let bug: string;
  let story: string;
  let task: string;
  const publish = (args: unknown) => vscode.commands.executeCommand<PublishOutcome>('flowcast.azureDevOps.publish', args);

  before(async () => {
    api = await activate();
    home = (await api.getActiveBacklog())?.id;
    await api.switchBacklog((await api.createBacklog('Azure DevOps publish suite')).id);
    fake = new FakeAdoServer({ pat: PAT });
    fake.addProject(PROJECT, TEAM);
    await fake.start();
    assert.equal(await vscode.commands.executeCommand('flowcast.azureDevOps.setPat', { url: fake.url, pat: PAT }), true);
    await vscode.commands.executeCommand('flowcast.azureDevOps.configure', { url: fake.url, project: PROJECT, team: TEAM, query: WIQL, timeZone: 'UTC' });
    bug = (await api.createItem({ title: 'Crash when saving <b>drafts</b>', type: 'BUG', priority: 'high', severity: 'P1', description: 'Saving throws. <script>alert(1)</script>', reproSteps: ['Open a draft', 'Press **Save**'], criteria: [{ text: 'No crash', checked: false }] })).id;
    story = (await api.createItem({ title: 'Export the board as CSV', type: 'FEAT', tags: ['export'], userStory: 'As a lead I want a CSV', criteria: [{ text: 'One row per item', checked: true }] })).id;
    task = (await api.createItem({ title: 'Write the release notes', type: 'TASK' })).id;
  });

  after(async () => {
    await fake.stop();
    if (home) await api.switchBacklog(home);
  });

  it('refuses bad arguments with a typed error naming the field, and creates nothing', async () => {
    await rejectsWithField(publish({ ids: [] }), 'ids');
    await rejectsWithField(publish({ ids: ['not an id'] }), 'ids.0');
    await rejectsWithField(publish({ ids: [bug], typeMap: { BUG: '' } }), 'typeMap.BUG');
    await rejectsWithField(vscode.commands.executeCommand('flowcast.azureDevOps.pullState', { extra: 1 }), 'arguments');
    await assert.rejects(Promise.resolve(publish({ ids: [bug] })), /typeMap\.BUG/, 'no type chosen yet for BUG: said, not guessed');
    assert.deepEqual(fake.created, []);
    assert.equal((await api.getItem(bug))?.external, null);
  });

  it('publishes two items: one work item each, with the fields its type has (escaped HTML, marker tag), and the links stored on the items', async () => {
    const out = await publish({ ids: [bug, story], typeMap: { BUG: 'Bug', FEAT: 'User Story' } });
    assert.deepEqual(out.failed, []);
    assert.deepEqual(out.linked.map((l) => [l.itemId, l.found]), [[bug, false], [story, false]]);
    assert.equal(fake.created.length, 2);
    const p = fake.projects[0];
    const wBug = current(p.items.get(out.linked[0].link.id)!);
    assert.equal(wBug['System.WorkItemType'], 'Bug');
    assert.equal(wBug['System.Title'], 'Crash when saving <b>drafts</b>', 'a title is plain text');
    assert.equal(wBug['System.Description'], undefined, 'an Agile Bug has no description: its text leads the repro steps');
    const repro = String(wBug['Microsoft.VSTS.TCM.ReproSteps']);
    assert.match(repro, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'raw HTML in the item stays text');
    assert.ok(!repro.includes('<script'), repro);
    assert.match(repro, /<ol><li>Open a draft<\/li><li>Press <strong>Save<\/strong><\/li><\/ol>/);
    assert.equal(wBug['Microsoft.VSTS.Common.Priority'], 1);
    assert.equal(wBug['Microsoft.VSTS.Common.Severity'], '1 - Critical');
    assert.match(String(wBug['System.Tags']), /flowcast:[0-9a-f]{6}:BUG-\d+/);
    const wStory = current(p.items.get(out.linked[1].link.id)!);
    assert.match(String(wStory['System.Description']), /<blockquote>/);
    assert.match(String(wStory['Microsoft.VSTS.Common.AcceptanceCriteria']), /☑ One row per item/);
    assert.match(String(wStory['System.Tags']), /^export; flowcast:/);
    const linked = await api.getItem(bug);
    assert.deepEqual(linked?.external, { system: 'azureDevOps', id: out.linked[0].link.id, url: `${fake.url}/${encodeURIComponent(PROJECT)}/_workitems/edit/${out.linked[0].link.id}` });
  });

  it('re-publishing the same items creates nothing', async () => {
    const out = await publish({ ids: [bug, story] });
    assert.deepEqual(out.skipped.map((s) => s.itemId), [bug, story]);
    assert.deepEqual(out.linked, []);
    assert.equal(fake.created.length, 2, 'no new work item');
  });

  it('a create whose answer was lost is reported, and the next publish links the work item the server made instead of creating another', async () => {
    fake.fault({ match: /^POST .*\/_apis\/wit\/workitems\/\$Task/i, fault: { kind: 'dropResponse' } });
    const first = await publish({ ids: [task], typeMap: { TASK: 'Task' } });
    assert.equal(first.failed.length, 1, 'the lost answer is a failure of that item');
    assert.ok(!first.failed[0].message.includes(PAT), 'the PAT is never in a message');
    assert.equal(fake.created.length, 3, 'the server did create it');
    assert.equal((await api.getItem(task))?.external, null);
    const again = await publish({ ids: [task] });
    assert.deepEqual(again.linked.map((l) => [l.itemId, l.found, l.link.id]), [[task, true, fake.created[2]]]);
    assert.equal(fake.created.length, 3, 'found by its marker tag: not created twice');
    assert.equal((await api.getItem(task))?.external?.id, fake.created[2]);
  });

  it('pulls the work items\' states back: each item moves to the first status of its state category, recorded in its history, as one undo step', async () => {
    const p = fake.projects[0];
    const at = new Date().toISOString();
    const bugWi = (await api.getItem(bug))!.external!.id;
    const storyWi = (await api.getItem(story))!.external!.id;
    reviseItem(p.items.get(bugWi)!, fake.watermarks, at, { 'System.State': 'Active' });
    reviseItem(p.items.get(storyWi)!, fake.watermarks, at, { 'System.State': 'Closed' });
    const out = await vscode.commands.executeCommand<PullOutcome & { moved: string[] }>('flowcast.azureDevOps.pullState');
    assert.deepEqual([...out.moved].sort(), [bug, story].sort());
    assert.deepEqual(out.missing, []);
    const service = (api.__testing as unknown as { service: BacklogService }).service;
    const statuses = (await service.repo()).repo.listStatuses();
    const first = (cat: string) => statuses.find((s) => s.category === cat)!.key;
    assert.equal((await api.getItem(bug))?.status, first('in_progress'));
    assert.equal((await api.getItem(story))?.status, first('done'));
    assert.deepEqual((await service.repo()).repo.statusHistory(story).map((h) => h.to), ['backlog', first('done')], 'the move is in the history (cycle time, throughput)');
    assert.equal((await api.getItem(task))?.status, 'backlog', 'New is a to-do state: the task stays');
    const again = await vscode.commands.executeCommand<{ moved: string[] }>('flowcast.azureDevOps.pullState');
    assert.deepEqual(again.moved, [], 'nothing moves twice');
    const undone = (await service.repo()).repo.undo();
    assert.match(undone?.label ?? '', /Pull state of 2 items from Azure DevOps/);
    assert.equal((await api.getItem(bug))?.status, 'backlog', 'one undo step takes both moves back');
    assert.equal((await api.getItem(story))?.status, 'backlog');
  });
});
