// BacklogService.createItem with `relations`: the item and its relations in ONE undoable change,
// all or nothing, announced by one items change (an AI draft created from the item editor).
import assert from 'node:assert/strict';
import type { Item } from '../../src/core/backlog/model';
import { BacklogService, type ChangeEvent } from '../../src/core/backlog/service';
import { loadSql, tempDir } from './helpers';

function ticking() {
  let t = Date.parse('2026-05-01T09:00:00.000Z');
  return () => new Date((t += 1000));
}

const NO_RELATIONS = { blocks: [], blockedBy: [], relates: [], duplicates: [], duplicatedBy: [] };

describe('service: createItem with relations (one undo step, all or nothing)', () => {
  let s: BacklogService;
  let backlogId: string;
  let parser: Item;
  let wizard: Item;
  let events: ChangeEvent[];

  const repo = async () => (await s.repo(backlogId)).repo;
  /** Every item with its relations, the id counters and the undo depth: what must not move on a refusal. */
  const snapshot = async () => {
    const r = await repo();
    return {
      items: r.listItems({ includeArchived: true }).map((i) => ({ ...i, relations: r.relationsOf(i.id) })),
      counters: r.db.query('SELECT * FROM id_counters ORDER BY type'),
      undo: r.undoState(),
    };
  };

  beforeEach(async () => {
    s = new BacklogService({ dir: await tempDir('flowcast-create-rel-'), loadSql, flushDelayMs: 50, now: ticking() });
    backlogId = (await s.createBacklog('Relations')).id;
    parser = await s.createItem({ title: 'Parser crashes', type: 'BUG' });
    wizard = await s.createItem({ title: 'Import wizard', type: 'FEAT' });
    events = [];
    s.onDidChange((e) => events.push(e));
  });

  afterEach(async () => {
    await s.dispose();
  });

  it('creates the item with every relation and fires one items change naming it and the related items', async () => {
    const depth = (await repo()).undoState().depth;
    const item = await s.createItem({ title: 'Export freezes', type: 'BUG', priority: 'high' }, backlogId, {
      position: 'bottom',
      relations: [
        { kind: 'duplicates', other: parser.id },
        { kind: 'blocked-by', other: wizard.id },
        { kind: 'relates', other: wizard.id },
      ],
    });
    assert.equal(item.id, 'BUG-002');
    assert.equal(item.priority, 'high');
    const r = await repo();
    assert.deepEqual(r.relationsOf(item.id), { ...NO_RELATIONS, blockedBy: [wizard.id], relates: [wizard.id], duplicates: [parser.id] });
    assert.deepEqual(r.relationsOf(parser.id), { ...NO_RELATIONS, duplicatedBy: [item.id] });
    assert.deepEqual(r.relationsOf(wizard.id), { ...NO_RELATIONS, blocks: [item.id], relates: [item.id] });
    assert.deepEqual(
      r.listItems({ status: ['backlog'] }).map((i) => i.id),
      [wizard.id, parser.id, item.id],
      'position applies (bottom of its column)',
    );
    assert.deepEqual(events, [{ kind: 'items', backlogId, itemIds: [item.id, parser.id, wizard.id] }], 'one items change, no workflow change');
    assert.equal(r.undoState().depth, depth + 1, 'one undo step');
    assert.equal(r.undoState().undo, 'Create Export freezes');
  });

  it('one undo removes the item and all its relations; redo brings them back', async () => {
    const before = await snapshot();
    const item = await s.createItem({ title: 'Export freezes', type: 'BUG' }, backlogId, {
      relations: [
        { kind: 'blocks', other: parser.id },
        { kind: 'duplicates', other: wizard.id },
      ],
    });
    const undone = await s.undo(backlogId);
    assert.equal(undone?.label, 'Create Export freezes');
    const r = await repo();
    assert.equal(r.getItem(item.id), undefined);
    assert.deepEqual(r.relationsOf(parser.id), NO_RELATIONS);
    assert.deepEqual(r.relationsOf(wizard.id), NO_RELATIONS);
    assert.deepEqual((await snapshot()).items, before.items, 'the other items are as before');
    await s.redo(backlogId);
    assert.deepEqual(r.relationsOf(item.id), { ...NO_RELATIONS, blocks: [parser.id], duplicates: [wizard.id] });
    assert.deepEqual(r.relationsOf(parser.id), { ...NO_RELATIONS, blockedBy: [item.id] });
  });

  it('an unknown relation target creates nothing (no item, no relation, no id used, no undo step, no event)', async () => {
    const before = await snapshot();
    await assert.rejects(
      s.createItem({ title: 'Orphan', type: 'BUG' }, backlogId, {
        relations: [
          { kind: 'duplicates', other: parser.id },
          { kind: 'blocks', other: 'TASK-999' },
        ],
      }),
      (e: Error & { code?: string }) => e.code === 'item_not_found' && /TASK-999/.test(e.message),
    );
    // The ID the item would get (BUG-002) is not known beforehand: it cannot be a target either.
    await assert.rejects(s.createItem({ title: 'Self', type: 'BUG' }, backlogId, { relations: [{ kind: 'relates', other: 'BUG-002' }] }), /There is no item BUG-002/);
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(events, []);
  });

  it('a relation refused while creating (a cycle of "blocks") rolls the whole creation back', async () => {
    const before = await snapshot();
    await assert.rejects(
      s.createItem({ title: 'Loop', type: 'TASK' }, backlogId, {
        relations: [
          { kind: 'blocks', other: parser.id },
          { kind: 'blocked-by', other: parser.id },
        ],
      }),
      (e: Error & { code?: string }) => e.code === 'relation_cycle',
    );
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(events, []);
  });

  it('without relations it creates a plain item; a type that did not exist yet also fires a workflow change', async () => {
    const item = await s.createItem({ title: 'Spike it', type: 'SPIKE' }, backlogId);
    assert.deepEqual(await s.listTypes(backlogId).then((t) => t.some((x) => x.key === 'SPIKE')), true);
    assert.deepEqual(events, [
      { kind: 'items', backlogId, itemIds: [item.id] },
      { kind: 'workflow', backlogId },
    ]);
  });
});
