// patchLanes (the board's incremental regroup after a move or an edit) must equal a full groupLanes.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { groupLanes, type LaneMode, patchLanes } from '../../src/core/board/view';
import type { Card, StatusView, TypeView } from '../../src/core/protocol/messages';

const STATUSES: StatusView[] = ['backlog', 'ready', 'doing', 'done'].map((key) => ({ key, label: key, category: key === 'done' ? 'done' : 'todo' }));
const TYPES: TypeView[] = ['TASK', 'BUG', 'FEAT'].map((key) => ({ key, label: key, color: '' }));
const label = (_m: 'type' | 'priority', k: string) => k;

const cardArb = (id: string) =>
  fc.record({
    status: fc.constantFrom('backlog', 'ready', 'doing', 'done', 'unknown'),
    rank: fc.constantFrom('a', 'b', 'c', 'm', 'x', 'xa'),
    type: fc.constantFrom('TASK', 'BUG', 'FEAT'),
    priority: fc.constantFrom<Card['priority']>('high', 'medium', 'low', null),
  }).map((f): Card => ({ id, title: id, emoji: '', effort: null, severity: null, tags: [], criteriaDone: 0, criteriaTotal: 0, blocked: false, ...f }));

describe('patchLanes: the board regroups only the columns a change touches', () => {
  it('equals a full groupLanes after any removals, updates and additions, in every lane mode (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => cardArb(`T-${i}`)))),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 40 }).chain((k) => fc.array(cardArb(`T-${k}`), { maxLength: 1 })),
        fc.constantFrom<LaneMode>('none', 'type', 'priority'),
        (cards, removeIdx, upserts, mode) => {
          const before = groupLanes(cards, STATUSES, mode, TYPES, label);
          const removed = new Set(removeIdx.map((i) => `T-${i}`));
          const changed = new Set([...removed, ...upserts.map((c) => c.id)]);
          const after = [...cards.filter((c) => !changed.has(c.id)), ...upserts];
          const patched = patchLanes(before, removed, upserts, mode);
          const full = groupLanes(after, STATUSES, mode, TYPES, label);
          if (patched === undefined) {
            assert.notEqual(mode, 'none', 'without lanes a patch is always possible');
            return;
          }
          assert.deepEqual(patched, full);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps the array of every column the change does not touch (so those columns are not re-rendered)', () => {
    const cards: Card[] = ['backlog', 'ready', 'doing'].flatMap((status, s) => [0, 1, 2].map((i) => ({ id: `T-${s * 3 + i}`, title: '', emoji: '', status, rank: `r${i}`, type: 'TASK', priority: null, effort: null, severity: null, tags: [], criteriaDone: 0, criteriaTotal: 0, blocked: false })));
    const before = groupLanes(cards, STATUSES, 'none', TYPES, label);
    const moved = { ...cards[0], status: 'ready', rank: 'r1a' };
    const after = patchLanes(before, new Set(), [moved], 'none')!;
    assert.notEqual(after[0].columns[0].cards, before[0].columns[0].cards, 'the column it left is new');
    assert.notEqual(after[0].columns[1].cards, before[0].columns[1].cards, 'the column it entered is new');
    assert.equal(after[0].columns[2].cards, before[0].columns[2].cards, 'an untouched column keeps its array');
    assert.deepEqual(after[0].columns[1].cards.map((c) => c.id), ['T-3', 'T-4', 'T-0', 'T-5']);
    assert.deepEqual(before[0].columns[0].cards.map((c) => c.id), ['T-0', 'T-1', 'T-2'], 'the previous lanes are not changed');
  });

  it('asks for a full regroup when a card enters a lane that is not shown yet', () => {
    const a: Card = { id: 'T-1', title: '', emoji: '', status: 'backlog', rank: 'a', type: 'TASK', priority: 'high', effort: null, severity: null, tags: [], criteriaDone: 0, criteriaTotal: 0, blocked: false };
    const before = groupLanes([a], STATUSES, 'priority', TYPES, label);
    assert.equal(patchLanes(before, new Set(), [{ ...a, id: 'T-2', priority: 'low' }], 'priority'), undefined);
  });
});
