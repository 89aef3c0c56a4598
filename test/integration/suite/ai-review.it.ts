import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emptyFields } from '../../../src/core/backlog/model';
import type { ReviewPanelManager, ReviewSession } from '../../../src/ai/reviewPanel';
import type { EditableFields, ReviewState } from '../../../src/core/protocol';
import type { WebviewConnection } from '../../../src/platform/webviewConnection';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import { activate, type TestingApi, waitFor, withWindowStub } from '../helpers';

interface Posted {
  kind: string;
  id?: number | null;
  method?: string;
  result?: { created?: string[]; cancelled?: boolean; discarded?: boolean };
  error?: { code: string; message: string; issues?: string[] };
  params?: unknown;
}

function fields(f: Partial<EditableFields> & { title: string }): EditableFields {
  const { attachments: _a, links: _l, ...empty } = emptyFields();
  return { ...empty, ...f };
}



describe('AI bulk extraction: the review list and its all-or-nothing import (real VS Code)', () => {
  let api: TestingApi;
  let reviews: ReviewPanelManager;
  let home: BacklogInfo | undefined;
  let nextId = 12_000;

  /** An open review list with the page's end: every message the host posts is recorded. */
  interface Open {
    session: ReviewSession;
    conn: WebviewConnection;
    posted: Posted[];
    send(method: string, params: unknown): Promise<Posted>;
    /** The latest state the page was sent that satisfies `pred`. */
    state(pred: (s: ReviewState) => boolean, what: string): Promise<ReviewState>;
  }

  async function open(proposals: Parameters<ReviewSession['add']>[0], onCancel?: () => void): Promise<Open> {
    const backlogId = (await api.getActiveBacklog())!.id;
    const session = reviews.open({ backlogId, title: 'Review test', onCancel });
    const conn = reviews.connectionOf(session)!;
    assert.ok(conn, 'the session has a connection');
    const posted: Posted[] = [];
    conn.taps.add((m) => posted.push(m as Posted));
    session.add(proposals);
    // The real page loads (dist/webview/review.js) and says ready: only then is the state sent.
    await waitFor(() => conn.isReady, 'the review page to say ready');
    return {
      session,
      conn,
      posted,
      send: async (method, params) => {
        const id = nextId++;
        conn.receive({ kind: 'request', id, method, params });
        return waitFor(() => posted.find((m) => m.id === id && (m.kind === 'response' || m.kind === 'error')), `the answer to ${method} #${id}`);
      },
      state: (pred, what) =>
        waitFor(
          () =>
            posted
              .filter((m) => m.method === 'review/state')
              .map((m) => m.params as ReviewState)
              .reverse()
              .find(pred),
          what,
        ),
    };
  }

  async function undoDepth(): Promise<number> {
    return (await api.__testing.service.repo()).repo.undoState().depth;
  }

  async function count(): Promise<number> {
    return (await api.__testing.service.repo()).repo.countItems(true);
  }

  before(async () => {
    api = await activate();
    reviews = (api.__testing as unknown as { reviews: ReviewPanelManager }).reviews;
    assert.ok(reviews, 'extension.ts exposes the ReviewPanelManager as __testing.reviews');
    home = await api.getActiveBacklog();
    await api.createBacklog('Review suite');
  });

  after(async () => {
    for (const s of reviews?.openSessions() ?? []) s.dispose();
    if (home) await api.switchBacklog(home.id);
  });

  it('imports the 2 selected of 3 proposals (one with an edited title, one with a type override) as exactly 2 items in ONE undo step, then closes', async () => {
    const r = await open([
      { fields: fields({ title: 'Proposal one', type: 'FEAT', priority: 'high', criteria: [{ text: 'done when done', checked: false }] }), source: 'one from the notes' },
      { fields: fields({ title: 'Proposal two (not selected)' }), warnings: ['unsure'] },
      { fields: fields({ title: 'Proposal three', description: 'keeps its description' }) },
    ]);
    r.session.finish();
    const s = await r.state((x) => x.proposals.length === 3 && x.running === null, 'a state with the 3 proposals, finished');
    assert.deepEqual(
      s.proposals.map((p) => [p.fields.title, p.source ?? null, p.warnings]),
      [
        ['Proposal one', 'one from the notes', []],
        ['Proposal two (not selected)', null, ['unsure']],
        ['Proposal three', null, []],
      ],
    );
    const [k1, , k3] = s.proposals.map((p) => p.key);
    const before = await count();
    const depth = await undoDepth();
    let imported: string[] | undefined;
    r.session.onDidImport = (ids) => (imported = ids);

    const answer = await r.send('review/import', {
      items: [
        { key: k1, fields: { ...s.proposals[0].fields, title: '  Edited   title ' } },
        { key: k3, type: 'BUG' },
      ],
    });

    assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    const created = answer.result!.created!;
    assert.equal(created.length, 2);
    assert.equal(await count(), before + 2, 'exactly 2 items created');
    const [a, b] = await Promise.all(created.map(async (id) => (await api.getItem(id))!));
    assert.deepEqual([a.title, a.type, a.priority, a.criteria], ['Edited title', 'FEAT', 'high', [{ text: 'done when done', checked: false }]]);
    assert.deepEqual([b.title, b.type, b.description], ['Proposal three', 'BUG', 'keeps its description']);
    assert.match(b.id, /^BUG-\d+$/, 'the type override decides the ID prefix');
    assert.equal((await api.queryItems({ includeArchived: true })).filter((i) => i.title.startsWith('Proposal two')).length, 0, 'the unselected proposal was not imported');
    assert.equal(await undoDepth(), depth + 1, 'one undo step');
    assert.deepEqual(imported, created, 'onDidImport gets the new IDs');
    await waitFor(() => r.session.disposed, 'the review panel to close after the import');

    const undone = await vscode.commands.executeCommand<{ label: string; itemIds: string[] }>('flowcast.undo');
    assert.deepEqual(undone?.itemIds.sort(), [...created].sort(), 'one undo removes both items');
    assert.equal(await count(), before);
  });

  it('every field the review list edits (severity, component, emoji, specs, steps, dependencies, constraints, checked criteria) is stored as sent', async () => {
    const r = await open([{ fields: fields({ title: 'Crash on save', type: 'BUG', severity: 'P2', specs: ['from the AI'] }) }]);
    r.session.finish();
    const s = await r.state((x) => x.proposals.length === 1, 'a state with the proposal');
    assert.deepEqual([s.proposals[0].fields.severity, s.proposals[0].fields.specs], ['P2', ['from the AI']], 'the page is sent the severity and the lists');
    const edited: EditableFields = {
      ...s.proposals[0].fields,
      severity: 'P0',
      component: 'storage',
      emoji: '💥',
      specs: ['Saving never loses data'],
      reproSteps: ['Open a file', 'Press Ctrl+S'],
      dependencies: ['the new file API'],
      constraints: ['no data migration'],
      criteria: [{ text: 'Saving works', checked: true }],
    };
    const answer = await r.send('review/import', { items: [{ key: s.proposals[0].key, fields: edited }] });
    assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    const item = (await api.getItem(answer.result!.created![0]))!;
    assert.deepEqual(
      [item.severity, item.component, item.emoji, item.specs, item.reproSteps, item.dependencies, item.constraints, item.criteria],
      ['P0', 'storage', '💥', ['Saving never loses data'], ['Open a file', 'Press Ctrl+S'], ['the new file API'], ['no data migration'], [{ text: 'Saving works', checked: true }]],
    );
    await waitFor(() => r.session.disposed, 'the review panel to close after the import');
  });

  it('an invalid selected proposal makes the import create nothing and answer a clear error; the list stays open and can then be imported', async () => {
    const r = await open([
      { fields: fields({ title: 'Valid one' }) },
      { fields: fields({ title: 'Bad status', status: 'someday' }) },
      { fields: fields({ title: 'Valid two' }) },
    ]);
    r.session.finish();
    const s = await r.state((x) => x.proposals.length === 3, 'a state with the 3 proposals');
    assert.equal(s.proposals[1].fields.status, 'someday', 'a status the backlog does not have is shown as it is, for the user to fix');
    const keys = s.proposals.map((p) => p.key);
    const before = await count();
    const depth = await undoDepth();

    const refused = await r.send('review/import', { items: keys.map((key) => ({ key })) });
    assert.equal(refused.kind, 'error');
    assert.equal(refused.error?.code, 'handler_error');
    assert.equal(refused.error?.message, 'Nothing was imported: 1 of the 3 selected proposals cannot be imported. "Bad status": the status "someday" does not exist in this backlog.');
    const unknownKey = await r.send('review/import', { items: [{ key: keys[0] }, { key: 'p99999' }] });
    assert.match(unknownKey.error?.message ?? '', /^Nothing was imported: 1 of the 2 selected proposals cannot be imported\. proposal p99999 is not in this list/);
    const badType = await r.send('review/import', { items: [{ key: keys[0], type: 'NOSUCH' }] });
    assert.match(badType.error?.message ?? '', /"Valid one": the type "NOSUCH" does not exist in this backlog/);
    const emptyTitle = await r.send('review/import', { items: [{ key: keys[0], fields: { ...s.proposals[0].fields, title: '   ' } }] });
    assert.equal(emptyTitle.error?.code, 'invalid_params', 'an edited empty title is refused by the schema');
    assert.deepEqual(emptyTitle.error?.issues, ['items.0.fields.title: title is empty']);
    assert.equal(await count(), before, 'nothing was created');
    assert.equal(await undoDepth(), depth, 'no undo step recorded');
    assert.equal(r.session.disposed, false, 'the list stays open with the user\'s edits');

    const fixed = await r.send('review/import', { items: [{ key: keys[0] }, { key: keys[1], status: 'ready' }, { key: keys[2] }] });
    assert.equal(fixed.kind, 'response', JSON.stringify(fixed.error));
    const made = fixed.result?.created ?? [];
    assert.equal(made.length, 3);
    assert.equal((await api.getItem(made[1]))?.status, 'ready');
    assert.equal(await undoDepth(), depth + 1);
  });

  it('proposals added while the list is open reach the page, with the AI\'s type and status names matched to the backlog\'s keys', async () => {
    const r = await open([{ fields: fields({ title: 'First' }) }]);
    r.session.progress(1, 3);
    await r.state((x) => x.proposals.length === 1 && x.running?.done === 1 && x.running.total === 3, 'a running state (1 of 3)');
    r.session.add([{ fields: fields({ title: 'Streamed in', type: 'Feature', status: 'In progress' }), warnings: ['check the scope'] }]);
    r.session.progress(2, 3);
    const s = await r.state((x) => x.proposals.length === 2 && x.running?.done === 2, 'a state with the streamed proposal');
    assert.deepEqual([s.proposals[1].fields.type, s.proposals[1].fields.status, s.proposals[1].warnings], ['FEAT', 'in_progress', ['check the scope']]);
    r.session.finish('Stopped early: the provider was rate limited.');
    const done = await r.state((x) => x.running === null && x.problem !== null, 'a finished state with its problem');
    assert.equal(done.problem, 'Stopped early: the provider was rate limited.');
    r.session.dispose();
    assert.equal(r.session.disposed, true);
  });

  it('Cancel extraction calls onCancel once and keeps the proposals; closing a running list cancels it too', async () => {
    let cancels = 0;
    const r = await open([{ fields: fields({ title: 'Kept after cancel' }) }], () => cancels++);
    r.session.progress(1, 4);
    await r.state((x) => x.running?.done === 1, 'a running state');

    const answer = await r.send('review/cancel', {});
    assert.equal(answer.result?.cancelled, true);
    assert.equal(cancels, 1, 'onCancel was called');
    assert.equal(r.session.cancelled, true);
    const s = await r.state((x) => x.running === null, 'a state that is no longer running');
    assert.equal(s.proposals.length, 1, 'the proposals received so far stay');
    assert.equal((await r.send('review/cancel', {})).result?.cancelled, false, 'a second cancel does nothing');
    r.session.progress(2, 4);
    assert.equal(cancels, 1);
    r.session.dispose();

    let closedCancels = 0;
    const running = await open([], () => closedCancels++);
    running.session.panel.dispose();
    await waitFor(() => running.session.disposed, 'the panel to close');
    assert.equal(closedCancels, 1, 'closing a list whose extraction runs stops the extraction');

    let finishedCancels = 0;
    const finished = await open([], () => finishedCancels++);
    finished.session.finish();
    finished.session.dispose();
    assert.equal(finishedCancels, 0, 'closing a finished list cancels nothing');
  });

  it('Discard asks first when there are proposals, and closes without importing only when confirmed', async () => {
    const r = await open([{ fields: fields({ title: 'Maybe discarded' }) }]);
    r.session.finish();
    const before = await count();
    const asked: string[] = [];
    const kept = await withWindowStub('showWarningMessage', async (msg) => (asked.push(String(msg)), undefined), () => r.send('review/discard', {}));
    assert.equal(kept.result?.discarded, false);
    assert.deepEqual(asked, ['Discard this proposal?']);
    assert.equal(r.session.disposed, false, 'answering no keeps the list');

    const gone = await withWindowStub('showWarningMessage', async () => 'Discard', () => r.send('review/discard', {}));
    assert.equal(gone.result?.discarded, true);
    await waitFor(() => r.session.disposed, 'the list to close');
    assert.equal(await count(), before, 'nothing was imported');
  });

  it('a malformed import message (no items, unknown key shape, extra field) is refused and creates nothing', async () => {
    const r = await open([{ fields: fields({ title: 'Untouched' }) }]);
    const before = await count();
    const cases: [unknown, string][] = [
      [{ items: [] }, 'items: no proposals selected'],
      [{ items: [{ key: 'x1' }] }, 'items.0.key: must be a proposal key like p12'],
      [{ items: [{ key: 'p1', colour: 'red' }] }, 'items.0: unexpected key: colour'],
      [{ items: [{ key: 'p1', status: 'In Progress' }] }, 'items.0.status: must be a status key like in_progress'],
    ];
    for (const [params, issue] of cases) {
      const a = await r.send('review/import', params);
      assert.equal(a.error?.code, 'invalid_params', JSON.stringify(params));
      assert.deepEqual(a.error?.issues, [issue]);
    }
    assert.equal(await count(), before);
    r.session.dispose();
  });
});
