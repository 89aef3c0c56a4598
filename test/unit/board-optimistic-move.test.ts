// The board's optimistic move: a dropped card is drawn at once where it will be stored, between the
// neighbours it was dropped between; when the position cannot be worked out nothing is guessed.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { provisionalMove } from '../../src/core/board/optimisticMove';
import { groupColumns } from '../../src/core/board/view';
import type { Card, StatusView } from '../../src/core/protocol/messages';
import { rankBetween } from '../../src/core/util/rank';

const STATUSES: StatusView[] = ['backlog', 'doing', 'done'].map((key) => ({ key, label: key, category: key === 'done' ? 'done' : key === 'doing' ? 'in_progress' : 'todo' }));

function cards(perColumn: number[]): Card[] {
  const out: Card[] = [];
  STATUSES.forEach((s, k) => {
    let rank: string | null = null;
    for (let i = 0; i < perColumn[k]; i++) {
      rank = rankBetween(rank, null);
      out.push({ id: `T-${k}${String(i).padStart(3, '0')}`, type: 'T', title: 't', emoji: '', status: s.key, priority: null, effort: null, severity: null, tags: [], criteriaDone: 0, criteriaTotal: 0, blocked: false, rank });
    }
  });
  return out;
}

const order = (items: Card[], status: string) => groupColumns(items, STATUSES).find((c) => c.status.key === status)!.cards.map((c) => c.id);

describe('board: optimistic move (the card drawn before the host answers)', () => {
  it('lands exactly where dropped: above a card, below the last one, or in an empty column (property)', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(6), fc.nat(6), fc.nat(6)), fc.nat(100), fc.nat(2), fc.nat(100), (sizes, pick, to, at) => {
        const items = cards(sizes);
        if (!items.length) return;
        const moving = items[pick % items.length];
        const status = STATUSES[to].key;
        const others = order(items, status).filter((id) => id !== moving.id);
        const index = at % (others.length + 1);
        const before = others[index];
        const after = before ? undefined : others[others.length - 1];
        const moved = provisionalMove(items, moving.id, { status, before, after });
        assert.ok(moved, 'every card has a rank here');
        const next = [...items.filter((c) => c.id !== moving.id), moved];
        const expected = [...others.slice(0, index), moving.id, ...others.slice(index)];
        assert.deepEqual(order(next, status), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a swimlane drop sets the lane field too', () => {
    const items = cards([2, 1, 0]);
    assert.equal(provisionalMove(items, 'T-0000', { status: 'doing', lane: { field: 'priority', value: 'high' } })?.priority, 'high');
    assert.equal(provisionalMove(items, 'T-0000', { status: 'doing', lane: { field: 'type', value: 'BUG' } })?.type, 'BUG');
  });

  it('guesses nothing when a neighbour has no rank, the neighbour is unknown, or the card is gone', () => {
    const items = cards([2, 2, 0]);
    const noRank = items.map((c) => (c.id === 'T-1000' ? { ...c, rank: undefined } : c));
    assert.equal(provisionalMove(noRank, 'T-0000', { status: 'doing', before: 'T-1000' }), undefined);
    assert.equal(provisionalMove(items, 'T-0000', { status: 'doing', before: 'T-9999' }), undefined);
    assert.equal(provisionalMove(items, 'T-9999', { status: 'doing' }), undefined);
  });
});
