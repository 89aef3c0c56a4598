import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Item } from '../../../src/core/backlog/model';
import { itemContentHash, saveItemScores } from '../../../src/core/ai/analysisStore';
import type { BacklogInfo } from '../../../src/core/storage/registry';
import type { EditableFields, EditorState } from '../../../src/core/protocol';
import { editableFieldsOf, type ItemEditorManager } from '../../../src/editor/itemEditor';
import type { WebviewConnection } from '../../../src/platform/webviewConnection';
import { activate, sleep, type TestingApi, waitFor } from '../helpers';

interface Posted {
  kind: string;
  id?: number | null;
  method?: string;
  result?: { id?: string; done?: boolean; updatedAt?: string };
  error?: { code: string; message: string };
  params?: EditorState;
}

/** Drives one editor page's host side: feeds messages as if the page sent them, records the answers. */
class PageDriver {
  readonly posted: Posted[] = [];
  private next = 9000 + Math.floor(Math.random() * 1000) * 100;
  constructor(readonly conn: WebviewConnection) {
    conn.taps.add((m) => this.posted.push(m as Posted));
  }

  async request(method: string, params: unknown): Promise<Posted> {
    const id = this.next++;
    this.conn.receive({ kind: 'request', id, method, params });
    return waitFor(() => this.posted.find((m) => m.id === id && (m.kind === 'response' || m.kind === 'error')), `the answer to ${method} (${id})`);
  }

  lastState(): EditorState | undefined {
    return [...this.posted].reverse().find((m) => m.method === 'editor/state')?.params;
  }

  notify(method: string, params: unknown): void {
    this.conn.receive({ kind: 'notification', method, params });
  }

  /** The first editor/state pushed from now on that matches. */
  async nextState(what: string, match: (s: EditorState) => boolean, trigger?: () => unknown): Promise<EditorState> {
    const from = this.posted.length;
    await trigger?.();
    const m = await waitFor(() => this.posted.slice(from).find((x) => x.method === 'editor/state' && x.params && match(x.params)), what);
    return m.params!;
  }
}

function draftFields(over: Partial<EditableFields> = {}): EditableFields {
  return {
    type: 'BUG',
    title: 'Export freezes the window',
    emoji: '',
    status: 'backlog',
    severity: 'P2',
    priority: 'high',
    effort: 'M',
    targetDate: null,
    component: 'export',
    tags: ['export'],
    description: 'Exporting 5,000 items blocks the UI.',
    userStory: '',
    specs: ['Write in chunks'],
    reproSteps: ['Export 5,000 items'],
    criteria: [{ text: 'The window stays responsive', checked: false }],
    dependencies: [],
    constraints: [],
    ...over,
  };
}

describe('item editor: AI drafts and proposals (real VS Code)', () => {
  let api: TestingApi;
  let editors: ItemEditorManager;
  let previous: BacklogInfo | undefined;
  let backlog: BacklogInfo;
  let parser: Item;
  let wizard: Item;
  const panels: vscode.WebviewPanel[] = [];

  const count = async () => (await api.queryItems({ backlogId: backlog.id, includeArchived: true })).length;
  /** The open editors of this suite's backlog (other suites may leave theirs open). */
  const mine = () => editors.openEditors().filter((e) => e.key.startsWith(`${backlog.id}/`));
  const relations = async (id: string) => (await api.__testing.service.repo(backlog.id)).repo.relationsOf(id);

  before(async () => {
    api = await activate();
    editors = (api.__testing as unknown as { editors: ItemEditorManager }).editors;
    previous = await api.getActiveBacklog();
    backlog = await api.createBacklog('Editor AI suite');
    parser = await api.createItem({ title: 'Parser crashes on an empty file', type: 'BUG' }, { backlogId: backlog.id });
    wizard = await api.createItem({ title: 'Import wizard', type: 'FEAT' }, { backlogId: backlog.id });
  });

  after(async () => {
    for (const p of panels) p.dispose();
    if (previous) await api.switchBacklog(previous.id);
  });

  describe('draft mode (a new item, created only by Create)', () => {
    let key: string;
    let panel: vscode.WebviewPanel;
    let page: PageDriver;

    it('showDraft opens a tab with the fields, the note and the pending relations, and stores nothing', async () => {
      const before = await count();
      ({ key, panel } = await editors.showDraft(draftFields(), { backlogId: backlog.id, note: 'From: "export is slow"', relations: [{ kind: 'duplicates', other: parser.id }] }));
      panels.push(panel);
      assert.match(key, /^draft-/);
      assert.equal(panel.title, 'New item (AI)');
      page = new PageDriver(await waitFor(() => editors.draftConnection(key), 'the draft connection'));
      // The page loads and asks for its state (or the tap was late: ask again through a relation change).
      const state = await waitFor(() => page.posted.find((m) => m.method === 'editor/state')?.params, 'the first draft state', 10_000).catch(() =>
        page.nextState('a draft state', () => true, () => editors.addDraftRelations(key, [])),
      );
      assert.equal(state.item, null);
      assert.equal(state.newItem?.draftKey, key);
      assert.deepEqual(state.newItem?.fields, draftFields());
      assert.deepEqual(state.newItem?.original, draftFields());
      assert.equal(state.newItem?.note, 'From: "export is slow"');
      assert.deepEqual(state.newItem?.relations, [{ kind: 'duplicates', other: parser.id }]);
      assert.ok(state.types.some((t) => t.key === 'BUG'));
      assert.equal(await count(), before, 'nothing was created');
      assert.deepEqual(
        mine().filter((e) => e.draft).map((e) => e.key),
        [`${backlog.id}/${key}`],
      );
    });

    it('the page reports its edits (getDraftFields follows them); addDraftRelations adds relations once', async () => {
      page.notify('editor/draftChanged', { draftKey: key, dirty: true, fields: draftFields({ title: 'Export freezes the whole window', priority: 'medium' }) });
      await waitFor(() => editors.getDraftFields(key)?.title === 'Export freezes the whole window', 'the reported fields');
      assert.equal(editors.getDraftFields(key)?.priority, 'medium');
      const state = await page.nextState(
        'a state with two relations',
        (s) => s.newItem?.relations.length === 2,
        () =>
          editors.addDraftRelations(key, [
            { kind: 'blocked-by', other: wizard.id },
            { kind: 'duplicates', other: parser.id },
          ]),
      );
      assert.deepEqual(state.newItem?.relations, [
        { kind: 'duplicates', other: parser.id },
        { kind: 'blocked-by', other: wizard.id },
      ]);
      assert.equal(state.newItem?.fields.title, 'Export freezes the whole window', 'the host keeps the page edits');
      assert.throws(() => editors.addDraftRelations('draft-0-nothing', []), /no longer open/);
      assert.equal(editors.getDraftFields('draft-0-nothing'), undefined);
    });

    it('adding a relation to an unknown item from the page is refused; removing one works', async () => {
      const bad = await page.request('editor/draftAction', { draftKey: key, action: 'addRelation', relation: { kind: 'relates', other: 'TASK-99999' } });
      assert.equal(bad.kind, 'error');
      assert.match(bad.error!.message, /TASK-99999/);
      await page.request('editor/draftAction', { draftKey: key, action: 'addRelation', relation: { kind: 'relates', other: wizard.id } });
      const removed = await page.nextState(
        'the relation removed',
        (s) => !!s.newItem && !s.newItem.relations.some((r) => r.kind === 'relates'),
        () => page.request('editor/draftAction', { draftKey: key, action: 'removeRelation', relation: { kind: 'relates', other: wizard.id } }),
      );
      assert.equal(removed.newItem?.relations.length, 2);
    });

    it('Create with a relation to an unknown item says so and creates nothing', async () => {
      const before = await count();
      const answer = await page.request('editor/createItem', {
        draftKey: key,
        fields: draftFields(),
        relations: [
          { kind: 'duplicates', other: parser.id },
          { kind: 'blocks', other: 'TASK-99999' },
        ],
      });
      assert.equal(answer.kind, 'error');
      assert.match(answer.error!.message, /not created.*TASK-99999/);
      assert.equal(await count(), before);
      assert.deepEqual(await relations(parser.id), { blocks: [], blockedBy: [], relates: [], duplicates: [], duplicatedBy: [] });
      assert.ok(editors.getDraftFields(key), 'the draft is still open');
    });

    it('Create makes the item and its relations in one undo step, and the tab becomes its editor', async () => {
      const before = await count();
      const fields = draftFields({ title: '  Export freezes   the whole window ', tags: ['export', 'perf'] });
      const answer = await page.request('editor/createItem', {
        draftKey: key,
        fields,
        relations: [
          { kind: 'duplicates', other: parser.id },
          { kind: 'blocked-by', other: wizard.id },
        ],
      });
      assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
      const id = answer.result!.id!;
      assert.match(id, /^BUG-\d+$/);
      assert.equal(await count(), before + 1);
      const item = (await api.getItem(id, { backlogId: backlog.id }))!;
      assert.deepEqual(editableFieldsOf(item), { ...fields, title: 'Export freezes the whole window' });
      assert.deepEqual(await relations(id), { blocks: [], blockedBy: [wizard.id], relates: [], duplicates: [parser.id], duplicatedBy: [] });
      // The same tab edits the item now.
      assert.equal(panel.title, id);
      assert.equal(editors.connectionOf(id, backlog.id), page.conn);
      assert.deepEqual(mine(), [{ key: `${backlog.id}/${id}`, dirty: false, draft: false }]);
      const state = await waitFor(() => page.lastState()?.item?.id === id && page.lastState(), 'the item state');
      assert.equal(state.newItem, undefined);
      assert.deepEqual(state.item?.relations.duplicates, [parser.id]);
      // Creating again from the same draft is refused.
      const again = await page.request('editor/createItem', { draftKey: key, fields, relations: [] });
      assert.match(again.error!.message, /no longer open/);
      // One undo removes the item and both relations; redo brings them back.
      const undone = await api.__testing.service.undo(backlog.id);
      assert.match(undone!.label, /^Create /);
      assert.equal(await api.getItem(id, { backlogId: backlog.id }), undefined);
      assert.deepEqual((await relations(parser.id)).duplicatedBy, []);
      assert.deepEqual((await relations(wizard.id)).blocks, []);
      await api.__testing.service.redo(backlog.id);
      assert.deepEqual(await relations(id), { blocks: [], blockedBy: [wizard.id], relates: [], duplicates: [parser.id], duplicatedBy: [] });
    });

    it('a draft closed, closed after edits, or discarded creates nothing', async () => {
      const before = await count();
      const a = await editors.showDraft(draftFields({ title: 'Closed as is' }), { backlogId: backlog.id });
      a.panel.dispose();
      const b = await editors.showDraft(draftFields({ title: 'Closed after edits' }), { backlogId: backlog.id });
      const bPage = new PageDriver(await waitFor(() => editors.draftConnection(b.key), 'draft b'));
      bPage.notify('editor/draftChanged', { draftKey: b.key, dirty: true, fields: draftFields({ title: 'Closed after my edits' }) });
      b.panel.dispose();
      const c = await editors.showDraft(draftFields({ title: 'Discarded' }), { backlogId: backlog.id });
      let disposed = false;
      c.panel.onDidDispose(() => (disposed = true));
      const cPage = new PageDriver(await waitFor(() => editors.draftConnection(c.key), 'draft c'));
      cPage.conn.receive({ kind: 'request', id: 1, method: 'editor/draftAction', params: { draftKey: c.key, action: 'discard' } });
      await waitFor(() => disposed, 'the discarded tab to close');
      await sleep(300);
      assert.equal(await count(), before);
      assert.deepEqual(
        mine().filter((e) => e.draft),
        [],
      );
      // The edited draft is offered for reopening (a notification): it is not an item.
      assert.ok(!(await api.queryItems({ backlogId: backlog.id })).some((i) => /^Closed|^Discarded/.test(i.title)));
    });

    it('showDraft refuses invalid fields with a clear error', async () => {
      await assert.rejects(editors.showDraft(draftFields({ type: 'bug!' }), { backlogId: backlog.id }), /draft is not valid: type/);
      await assert.rejects(editors.showDraft(draftFields(), { backlogId: backlog.id, relations: [{ kind: 'blocks', other: 'not an id' }] }), /draft is not valid: relations/);
    });
  });

  describe('AI buttons', () => {
    const calls: { command: string; arg: unknown }[] = [];
    const subs: vscode.Disposable[] = [];
    let saved: ItemEditorManager['aiCommands'];

    before(() => {
      saved = { ...editors.aiCommands };
      for (const command of ['flowcast.itTest.refine', 'flowcast.itTest.suggest']) subs.push(vscode.commands.registerCommand(command, (arg: unknown) => calls.push({ command, arg })));
      editors.aiCommands = { refine: 'flowcast.itTest.refine', suggestRelations: 'flowcast.itTest.suggest' };
    });

    after(() => {
      editors.aiCommands = saved;
      for (const s of subs) s.dispose();
    });

    it('"Refine with AI…" and "Find duplicates & dependencies" run the AI commands with the item, or the draft and its current fields', async () => {
      panels.push(await editors.show(parser.id, backlog.id));
      const itemPage = new PageDriver(await waitFor(() => editors.connectionOf(parser.id, backlog.id), 'the item editor'));
      assert.equal((await itemPage.request('editor/ai', { target: 'item', action: 'refine', id: parser.id })).kind, 'response');
      assert.equal((await itemPage.request('editor/ai', { target: 'item', action: 'suggestRelations', id: parser.id })).kind, 'response');
      const draft = await editors.showDraft(draftFields(), { backlogId: backlog.id });
      panels.push(draft.panel);
      const draftPage = new PageDriver(await waitFor(() => editors.draftConnection(draft.key), 'the draft'));
      const edited = draftFields({ title: 'Typed but not reported yet' });
      assert.equal((await draftPage.request('editor/ai', { target: 'draft', action: 'suggestRelations', draftKey: draft.key, fields: edited })).kind, 'response');
      assert.deepEqual(calls, [
        { command: 'flowcast.itTest.refine', arg: { itemId: parser.id, backlogId: backlog.id } },
        { command: 'flowcast.itTest.suggest', arg: { itemId: parser.id, backlogId: backlog.id } },
        { command: 'flowcast.itTest.suggest', arg: { draftKey: draft.key, fields: edited, backlogId: backlog.id } },
      ]);
      assert.equal(editors.getDraftFields(draft.key)?.title, 'Typed but not reported yet');
      // A request about another item is refused.
      const other = await itemPage.request('editor/ai', { target: 'item', action: 'refine', id: wizard.id });
      assert.match(other.error!.message, new RegExp(`edits ${parser.id}, not ${wizard.id}`));
    });

    it('an AI command that is missing or fails is reported to the page', async () => {
      editors.aiCommands = { refine: 'flowcast.itTest.notRegistered', suggestRelations: 'flowcast.itTest.suggest' };
      const page = new PageDriver(editors.connectionOf(parser.id, backlog.id)!);
      const answer = await page.request('editor/ai', { target: 'item', action: 'refine', id: parser.id });
      assert.equal(answer.kind, 'error');
      assert.match(answer.error!.message, /Refine with AI.*failed.*flowcast\.itTest\.notRegistered/);
    });
  });

  describe('proposal mode (per-field diffs of an existing item)', () => {
    let item: Item;
    let page: PageDriver;

    const current = async () => (await api.getItem(item.id, { backlogId: backlog.id }))!;
    /** Saves like the page: the form's fields, based on the version it loaded. */
    const save = async (fields: EditableFields) => {
      const answer = await page.request('editor/save', { id: item.id, fields, baseUpdatedAt: (await current()).updatedAt });
      assert.equal(answer.kind, 'response', JSON.stringify(answer.error));
    };
    /** Makes the host push a state (any change in the backlog does). */
    const poke = () => api.updateItem(wizard.id, { component: `poke-${Date.now()}` }, { backlogId: backlog.id });

    before(async () => {
      item = await api.createItem(
        { title: 'Export items', type: 'TASK', priority: 'medium', description: 'Export the backlog as CSV.\nKeep the order.', specs: ['CSV'], criteria: [{ text: 'works', checked: false }] },
        { backlogId: backlog.id },
      );
      panels.push(await editors.show(item.id, backlog.id));
      page = new PageDriver(await waitFor(() => editors.connectionOf(item.id, backlog.id), 'the item editor'));
      await waitFor(() => page.conn.isReady, 'the item editor page');
      // Another editor opens on top: this one is hidden (its page is kept) until the proposal reveals it.
      const other = await editors.show(wizard.id, backlog.id);
      panels.push(other);
      await waitFor(() => other.visible && !panels.find((p) => p.title === item.id)?.visible, 'the item editor to be hidden');
    });

    it('showProposal shows only the fields that differ, with their diffs and the note', async () => {
      const state = await page.nextState(
        'a state with a proposal',
        (s) => !!s.proposal,
        () =>
          editors.showProposal(
            item.id,
            { title: 'Export all items', priority: 'high', description: 'Export the backlog as CSV.\nKeep the order.', specs: ['CSV', 'JSON'], component: 'io' },
            { backlogId: backlog.id, note: 'Sharper title.' },
          ),
      );
      const p = state.proposal!;
      assert.equal(p.note, 'Sharper title.');
      assert.deepEqual(
        p.changes.map((c) => c.field),
        ['title', 'priority', 'component', 'specs'],
        'the unchanged description is left out',
      );
      assert.deepEqual(p.proposed, { title: 'Export all items', priority: 'high', component: 'io', specs: ['CSV', 'JSON'] });
      assert.deepEqual(p.changes[0].diff, {
        kind: 'text',
        segments: [
          { op: 'eq', text: 'Export ' },
          { op: 'ins', text: 'all ' },
          { op: 'eq', text: 'items' },
        ],
      });
      assert.deepEqual(p.changes[1].diff, { kind: 'value', before: 'medium', after: 'high' });
      assert.ok(p.changes.every((c) => !c.changedSince));
      assert.deepEqual(editableFieldsOf(await current()), editableFieldsOf(item), 'showing a proposal changes nothing');
    });

    it('accept one field, reject another, save: exactly the accepted field changes; the rest stays proposed', async () => {
      const p = (await page.nextState('the proposal', (s) => !!s.proposal, poke)).proposal!;
      page.notify('editor/proposalDecided', { id: item.id, proposalId: p.id, fields: ['title'] });
      page.notify('editor/proposalDecided', { id: item.id, proposalId: p.id, fields: ['priority'] });
      await save({ ...editableFieldsOf(await current()), title: 'Export all items' });
      const after = await current();
      assert.equal(after.title, 'Export all items');
      assert.equal(after.priority, 'medium', 'rejected');
      assert.deepEqual([after.component, after.specs], ['', ['CSV']], 'undecided fields are not applied');
      const next = await page.nextState('a state after the save', (s) => s.item?.updatedAt === after.updatedAt, poke);
      assert.deepEqual(
        next.proposal?.changes.map((c) => c.field),
        ['component', 'specs'],
      );
      assert.ok(next.proposal.changes.every((c) => !c.changedSince), 'this editor’s own save is not a change "since"');
    });

    it('reject all: nothing changes and the proposal is gone', async () => {
      const before = editableFieldsOf(await current());
      const p = (await page.nextState('the proposal', (s) => !!s.proposal, poke)).proposal!;
      page.notify('editor/proposalDecided', { id: item.id, proposalId: p.id, fields: p.changes.map((c) => c.field) });
      const next = await page.nextState('a state after reject all', () => true, async () => {
        await sleep(100);
        await poke();
      });
      assert.equal(next.proposal, undefined);
      assert.deepEqual(editableFieldsOf(await current()), before);
    });

    it('accept all, save: every proposed field changes in one undo step', async () => {
      const before = await current();
      const proposed: Partial<EditableFields> = { title: 'Export every item', priority: 'low', criteria: [{ text: 'works', checked: false }, { text: 'fast', checked: false }], tags: ['io'] };
      const p = (await page.nextState('a new proposal', (s) => !!s.proposal, () => editors.showProposal(item.id, proposed, { backlogId: backlog.id }))).proposal!;
      assert.deepEqual(
        p.changes.map((c) => c.field),
        ['title', 'priority', 'tags', 'criteria'],
      );
      page.notify('editor/proposalDecided', { id: item.id, proposalId: p.id, fields: p.changes.map((c) => c.field) });
      await save({ ...editableFieldsOf(before), ...proposed });
      const after = await current();
      assert.deepEqual(editableFieldsOf(after), { ...editableFieldsOf(before), ...proposed });
      const undone = await api.__testing.service.undo(backlog.id);
      assert.equal(undone?.label, `Edit ${item.id}`);
      assert.deepEqual(editableFieldsOf(await current()), editableFieldsOf(before), 'one undo restores every field');
      await api.__testing.service.redo(backlog.id);
    });

    it('a field changed elsewhere since the proposal is flagged', async () => {
      const now = await current();
      const p = (
        await page.nextState('a proposal', (s) => !!s.proposal, () => editors.showProposal(item.id, { title: 'Yet another title', component: 'export' }, { backlogId: backlog.id }))
      ).proposal!;
      assert.ok(p.changes.every((c) => !c.changedSince));
      const next = await page.nextState(
        'a flagged proposal',
        (s) => !!s.proposal?.changes.some((c) => c.changedSince),
        () => api.updateItem(item.id, { title: 'Renamed elsewhere' }, { backlogId: backlog.id }),
      );
      assert.deepEqual(
        next.proposal!.changes.map((c) => [c.field, c.changedSince]),
        [
          ['title', true],
          ['component', false],
        ],
      );
      assert.notEqual(now.title, 'Renamed elsewhere');
    });

    it('showProposal refuses invalid values with a clear error and unknown items', async () => {
      await assert.rejects(editors.showProposal(item.id, { title: '   ' }, { backlogId: backlog.id }), /proposal for .* is not valid: title/);
      await assert.rejects(editors.showProposal('TASK-99999', { title: 'x' }, { backlogId: backlog.id }));
    });
  });

  describe('the AI analysis of the item (from "Analyse Backlog with AI")', () => {
    let item: Item;
    let plain: Item;
    let page: PageDriver;
    let plainPage: PageDriver;
    const at = '2026-05-04T10:00:00.000Z';

    before(async () => {
      item = await api.createItem({ title: 'Slow search on big backlogs', type: 'BUG', priority: 'medium' }, { backlogId: backlog.id });
      plain = await api.createItem({ title: 'Never analysed', type: 'TASK' }, { backlogId: backlog.id });
      panels.push(await editors.show(item.id, backlog.id));
      page = new PageDriver(await waitFor(() => editors.connectionOf(item.id, backlog.id), 'the item editor'));
      await waitFor(() => page.conn.isReady, 'the item editor page');
      panels.push(await editors.show(plain.id, backlog.id));
      plainPage = new PageDriver(await waitFor(() => editors.connectionOf(plain.id, backlog.id), 'the other editor'));
      await waitFor(() => plainPage.conn.isReady, 'the other editor page');
    });

    it('an item never analysed has no analysis in its state', async () => {
      const state = await plainPage.nextState('a state of the plain item', (s) => s.item?.id === plain.id, () => api.updateItem(wizard.id, { component: `poke-${Date.now()}` }, { backlogId: backlog.id }));
      assert.equal(state.analysis, undefined);
      assert.equal('analysis' in state, false);
    });

    it('scores saved by the analysis (service.writeDerived) reach the open editor: score, factors, rationale, provider/model, not stale', async () => {
      const state = await page.nextState(
        'a state with the analysis',
        (s) => !!s.analysis,
        () =>
          api.__testing.service.writeDerived(backlog.id, [item.id], (db) =>
            saveItemScores(db, [
              {
                itemId: item.id,
                score: 82,
                factors: [
                  { name: '▲ User impact', note: 'Every search is slow' },
                  { name: '▼ Effort', note: '<b>not html</b>', weight: 0.3, value: 40 },
                ],
                rationale: 'Hurts everyone daily.\nCheap to fix.',
                contentHash: itemContentHash(item),
                provider: 'openai',
                model: 'gpt-4o-mini',
                at,
              },
            ]),
          ),
      );
      assert.deepEqual(state.analysis, {
        score: 82,
        factors: [
          { name: '▲ User impact', note: 'Every search is slow' },
          { name: '▼ Effort', note: '<b>not html</b>' },
        ],
        rationale: 'Hurts everyone daily.\nCheap to fix.',
        analysedAt: at,
        provider: 'openai',
        model: 'gpt-4o-mini',
        stale: false,
      });
      // Another item's editor still shows nothing.
      assert.equal(plainPage.lastState()?.analysis, undefined);
    });

    it('an edit of a field the score depends on marks the analysis stale; a rank-only change does not', async () => {
      const moved = await page.nextState(
        'a state after a move',
        (s) => s.item?.id === item.id && !!s.analysis && s.item.updatedAt !== item.updatedAt,
        () => api.__testing.service.moveItem(item.id, { position: 'bottom' }, backlog.id),
      );
      assert.equal(moved.analysis?.stale, false, 'reordering is not a change of the item');
      const edited = await page.nextState(
        'a stale analysis',
        (s) => s.analysis?.stale === true,
        () => api.updateItem(item.id, { title: 'Search is slow on big backlogs' }, { backlogId: backlog.id }),
      );
      assert.equal(edited.analysis?.score, 82, 'the last score is still shown');
      assert.equal(edited.item?.fields.title, 'Search is slow on big backlogs');
      // Undo restores the analysed content: current again.
      const undone = await page.nextState('the analysis current again', (s) => s.analysis?.stale === false, () => api.__testing.service.undo(backlog.id));
      assert.equal(undone.item?.fields.title, 'Slow search on big backlogs');
    });
  });
});
