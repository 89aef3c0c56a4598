// The chat's pure core: history store (most recent first, paging), proposed actions (parse,
// preview by dry run, refusal reasons, applied as ONE undo step, all or nothing), the context
// within a budget, and the shared backlog tools (small replies, errors as results, agent log).
import assert from 'node:assert/strict';
import { BacklogService } from '../../src/core/backlog/service';
import { ChatHistoryStore } from '../../src/core/chat/historyStore';
import { applyActions, extractActions, previewActions, visibleText } from '../../src/core/chat/actions';
import { backlogSummary, buildChatContext, fitHistory, relevantItemIds, tellingQuery } from '../../src/core/chat/context';
import { confirmationFor, LIST_DEFAULT_LIMIT, runTool, TOOLS, toolJsonSchema, type ToolContext } from '../../src/core/chat/tools';
import { listAgentChanges } from '../../src/core/chat/agentLog';
import { loadSql, tempDir } from './helpers';

function ticking(): () => Date {
  let t = Date.parse('2026-05-01T09:00:00.000Z');
  return () => new Date((t += 1000));
}

describe('chat core', () => {
  let s: BacklogService;
  beforeEach(async () => {
    s = new BacklogService({ dir: await tempDir('flowcast-chat-'), loadSql, flushDelayMs: 50, now: ticking() });
    await s.createBacklog('Chat');
    await s.createItem({ title: 'Login page crashes on submit', type: 'BUG', description: 'The login form throws' });
    await s.createItem({ title: 'Export to CSV', type: 'FEAT' });
    await s.createItem({ title: 'Refactor the parser', type: 'TASK' });
  });
  afterEach(() => s.dispose());

  describe('history store', () => {
    it('lists conversations and messages most recent first, with paging', async () => {
      const { repo } = await s.repo();
      const h = new ChatHistoryStore(repo.db, ticking());
      const a = h.createConversation('First question');
      const b = h.createConversation('Second question');
      for (let i = 0; i < 7; i++) h.addMessage(a.id, i % 2 ? 'assistant' : 'user', `m${i}`);
      assert.deepEqual(h.listConversations().conversations.map((c) => c.id), [a.id, b.id], 'a was updated last');
      assert.equal(h.latestConversation()?.id, a.id);
      const p1 = h.messages(a.id, { limit: 3 });
      assert.deepEqual(p1.messages.map((m) => m.content), ['m6', 'm5', 'm4']);
      assert.equal(p1.hasMore, true);
      const p2 = h.messages(a.id, { limit: 3, before: p1.messages[2].id });
      assert.deepEqual(p2.messages.map((m) => m.content), ['m3', 'm2', 'm1']);
      const p3 = h.messages(a.id, { limit: 3, before: p2.messages[2].id });
      assert.deepEqual(p3.messages.map((m) => m.content), ['m0']);
      assert.equal(p3.hasMore, false);
      const page = h.listConversations({ limit: 1 });
      assert.equal(page.hasMore, true);
      assert.deepEqual(h.listConversations({ limit: 1, before: page.conversations[0].id }).conversations.map((c) => c.id), [b.id]);
      h.deleteConversation(a.id);
      assert.equal(h.latestConversation()?.id, b.id);
    });
  });

  describe('proposed actions', () => {
    it('parses the fenced block and hides it from the prose (even while streaming)', () => {
      const text = 'Here is the plan.\n```flowcast-actions\n{"actions":[{"kind":"status","id":"BUG-001","status":"done"}]}\n```';
      const r = extractActions(text);
      assert.equal(r.text, 'Here is the plan.');
      assert.deepEqual(r.actions, [{ kind: 'status', id: 'BUG-001', status: 'done' }]);
      assert.equal(visibleText('Plan\n```flowcast-actions\n{"acti'), 'Plan');
      const bad = extractActions('x\n```flowcast-actions\n{"actions":[{"kind":"explode"}]}\n```');
      assert.equal(bad.actions.length, 0);
      assert.match(bad.invalid ?? '', /do not match/);
      assert.match(extractActions('```flowcast-actions\n{oops\n```').invalid ?? '', /not valid JSON/);
    });

    it('previews without changing anything and says why an action is refused', async () => {
      const { repo } = await s.repo();
      await s.addRelation('BUG-001', 'blocks', 'FEAT-001');
      const depth = repo.undoState().depth;
      const previews = previewActions(repo, [
        { kind: 'status', id: 'BUG-001', status: 'done' },
        { kind: 'update', id: 'FEAT-001', fields: { priority: 'high' } },
        { kind: 'relate', from: 'FEAT-001', relation: 'blocks', to: 'BUG-001' },
        { kind: 'archive', ids: ['TASK-99'] },
        { kind: 'create', fields: { title: 'Write tests', type: 'TASK' }, relations: [{ kind: 'relates', to: 'FEAT-001' }] },
      ]);
      assert.equal(previews[0].summary, 'BUG-001: status backlog → done');
      assert.equal(previews[0].refusal, undefined);
      assert.deepEqual(previews[1].changes, [{ field: 'priority', before: '—', after: 'high' }]);
      assert.match(previews[2].refusal ?? '', /cycle/);
      assert.match(previews[3].refusal ?? '', /TASK-99/);
      assert.equal(previews[4].refusal, undefined);
      assert.equal(repo.getItem('BUG-001')?.status, 'backlog', 'nothing changed');
      assert.equal(repo.getItem('TASK-002'), undefined, 'the dry run created nothing');
      assert.equal(repo.undoState().depth, depth, 'no undo step');
    });

    it('applies several actions as ONE undo step, and all or nothing', async () => {
      const { repo } = await s.repo();
      const depth = repo.undoState().depth;
      const r = await applyActions(
        s,
        [
          { kind: 'status', id: 'BUG-001', status: 'done' },
          { kind: 'create', fields: { title: 'Write tests', type: 'TASK', criteria: ['covers login'] }, relations: [{ kind: 'relates', to: 'FEAT-001' }] },
          { kind: 'relate', from: 'TASK-001', relation: 'blocks', to: 'FEAT-001' },
        ],
        'Chat: 3 changes',
      );
      assert.ok(r.ok);
      assert.deepEqual(r.created, ['TASK-002']);
      assert.equal(repo.getItem('BUG-001')?.status, 'done');
      assert.deepEqual(repo.getItem('TASK-002')?.criteria, [{ text: 'covers login', checked: false }]);
      assert.equal(repo.undoState().depth, depth + 1);
      await s.undo();
      assert.equal(repo.getItem('BUG-001')?.status, 'backlog');
      assert.equal(repo.getItem('TASK-002'), undefined);
      const refused = await applyActions(s, [{ kind: 'status', id: 'BUG-001', status: 'done' }, { kind: 'update', id: 'FEAT-9', fields: { title: 'x' } }], 'Chat');
      assert.equal(refused.ok, false);
      assert.ok(!refused.ok && refused.index === 1 && /FEAT-9/.test(refused.reason));
      assert.equal(repo.getItem('BUG-001')?.status, 'backlog', 'rolled back');
    });
  });

  describe('context', () => {
    it('includes the items relevant to the question (full-text), within the budget', async () => {
      const { repo } = await s.repo();
      for (let i = 0; i < 200; i++) await s.createItem({ title: `Filler item number ${i}`, description: 'x'.repeat(200) });
      const c = buildChatContext({ repo, backlogName: 'Chat', question: 'Why does the login crash? See FEAT-001', budgetTokens: 2000 });
      assert.deepEqual(c.itemIds.slice(0, 2), ['FEAT-001', 'BUG-001']);
      assert.match(c.text, /Backlog "Chat": 203 active items/);
      assert.ok(c.tokens <= 2000);
      const small = buildChatContext({ repo, backlogName: 'Chat', question: 'filler item', budgetTokens: 300 });
      assert.ok(small.text.length <= 1200 + 50, `${small.text.length}`);
      const h = fitHistory([{ role: 'assistant', content: 'b'.repeat(40) }, { role: 'user', content: 'a'.repeat(40) }, { role: 'user', content: 'old'.repeat(100) }], 25);
      assert.deepEqual(h.map((m) => m.content[0]), ['a', 'b'], 'the most recent turns, in order');
    });
  });

  describe('context on a large backlog', () => {
    it('leaves out stop words and words in most items, so a question does not score every item; counts leave archived items out', async () => {
      const { repo } = await s.repo();
      await s.createItems(Array.from({ length: 60 }, (_, i) => ({ title: `Screen ${i} is empty`, type: 'TASK', description: 'The list is empty when it loads.' })));
      await s.archiveItems(['TASK-002']);
      assert.equal(tellingQuery(repo, 'Why does the login crash when the screen is empty?'), 'login OR crash', 'screen and empty are in most items; why/does/when are stop words');
      assert.equal(tellingQuery(repo, 'Why is it empty?'), 'empty', 'when every word is common, the rarest stays');
      assert.equal(tellingQuery(repo, 'why?'), '');
      assert.deepEqual(relevantItemIds(repo, 'Why does the login crash when the screen is empty?'), ['BUG-001']);
      assert.match(backlogSummary(repo, 'Chat'), /Backlog "Chat": 62 active items\./);
      assert.match(backlogSummary(repo, 'Chat'), /TASK: [^,;]+, 60/);
    });
  });

  describe('tools', () => {
    const ctx = (): ToolContext => ({ service: s, agent: 'test agent', now: ticking() });

    it('every tool has a JSON schema and a description', () => {
      assert.equal(TOOLS.length, 8);
      for (const t of TOOLS) {
        assert.equal(toolJsonSchema(t).type, 'object', t.name);
        assert.ok(t.description.length > 20);
      }
    });

    it('list and search replies are small by default, with the total', async () => {
      for (let i = 0; i < 60; i++) await s.createItem({ title: `Task ${i}`, description: 'y'.repeat(3000) });
      const list = await runTool(ctx(), 'flowcast_list_items', {});
      const data = list.data as { total: number; returned: number; items: Record<string, unknown>[] };
      assert.equal(data.total, 63);
      assert.equal(data.returned, LIST_DEFAULT_LIMIT);
      assert.deepEqual(Object.keys(data.items[0]), ['id', 'title', 'type', 'status']);
      assert.ok(list.text.length < 4000, `${list.text.length} bytes`);
      const sr = await runTool(ctx(), 'flowcast_search', { query: 'task' });
      assert.equal((sr.data as { total: number }).total, 60);
      assert.ok(sr.text.length < 8000, `${sr.text.length} bytes`);
    });

    it('writes are one undo step each and recorded in the agent log; errors are results', async () => {
      const { repo } = await s.repo();
      const created = await runTool(ctx(), 'flowcast_create_item', { title: 'From an agent', type: 'bug', priority: 'high' });
      assert.ok(created.ok, created.text);
      assert.equal((created.data as { id: string }).id, 'BUG-002');
      assert.ok((await runTool(ctx(), 'flowcast_move_item', { id: 'BUG-002', status: 'done' })).ok);
      assert.ok((await runTool(ctx(), 'flowcast_update_item', { id: 'BUG-002', fields: { title: 'Renamed' } })).ok);
      assert.ok((await runTool(ctx(), 'flowcast_add_relation', { from: 'BUG-002', kind: 'blocks', to: 'FEAT-001' })).ok);
      const cycle = await runTool(ctx(), 'flowcast_add_relation', { from: 'FEAT-001', kind: 'blocks', to: 'BUG-002' });
      assert.equal(cycle.ok, false);
      assert.match(cycle.text, /^Error: .*cycle/);
      const bad = await runTool(ctx(), 'flowcast_update_item', { id: 'nope', fields: {} });
      assert.equal(bad.ok, false);
      assert.match(bad.text, /invalid input.*id/);
      assert.equal((await runTool(ctx(), 'flowcast_get_item', { id: 'BUG-77' })).ok, false);
      const log = listAgentChanges(repo.db);
      assert.deepEqual(log.map((e) => e.tool), ['flowcast_add_relation', 'flowcast_update_item', 'flowcast_move_item', 'flowcast_create_item']);
      assert.equal(log[0].agent, 'test agent');
      await s.undo();
      await s.undo();
      assert.equal(repo.getItem('BUG-002')?.title, 'From an agent', 'one undo per tool call');
      const conf = await confirmationFor(ctx(), 'flowcast_update_item', { id: 'BUG-002', fields: { priority: 'low' } });
      assert.match(conf?.message ?? '', /priority: high → low/);
      assert.equal(await confirmationFor(ctx(), 'flowcast_search', { query: 'x' }), undefined);
    });

    it('agents set and clear a target date; an impossible date is refused naming the field', async () => {
      assert.ok((await runTool(ctx(), 'flowcast_update_item', { id: 'FEAT-001', fields: { targetDate: '2027-03-12' } })).ok);
      assert.equal((await s.getItem('FEAT-001'))?.targetDate, '2027-03-12');
      const bad = await runTool(ctx(), 'flowcast_update_item', { id: 'FEAT-001', fields: { targetDate: '2027-02-30' } });
      assert.equal(bad.ok, false);
      assert.match(bad.text, /targetDate/);
      assert.ok((await runTool(ctx(), 'flowcast_update_item', { id: 'FEAT-001', fields: { targetDate: null } })).ok);
      assert.equal((await s.getItem('FEAT-001'))?.targetDate, null);
    });

    it('forecast answers from the engine, or says it is not available', async () => {
      const none = await runTool(ctx(), 'flowcast_forecast', { question: 'when', type: 'BUG' });
      assert.match(none.text, /not available/);
      const asked: unknown[] = [];
      const r = await runTool({ ...ctx(), forecast: async (q) => (asked.push(q), { sentences: ['85% chance by 2026-06-01.'] }) }, 'flowcast_forecast', { question: 'when', type: 'BUG' });
      assert.deepEqual(asked, [{ kind: 'when', remaining: 1 }]);
      assert.match(r.text, /2026-06-01/);
    });
  });
});
