// Where a dropped card shows before the host confirms the move (an optimistic move): the card with
// its new status (and lane field) and a provisional rank between its new neighbours, so the board
// redraws at once. The host's answer then replaces it with the stored card; when the position
// cannot be worked out here (a neighbour without a rank), nothing is guessed and the card moves
// when the answer arrives.
import type { Card } from '../protocol';
import { rankBetween } from '../util/rank';
import { byRank } from './view';

export interface DropTarget {
  status: string;
  /** The card it lands above, or */
  before?: string;
  /** the card it lands below (the end of a column). */
  after?: string;
  /** A swimlane drop also sets the lane's field. */
  lane?: { field: 'type'; value: string } | { field: 'priority'; value: 'high' | 'medium' | 'low' | null };
}

export function provisionalMove(items: readonly Card[], id: string, to: DropTarget): Card | undefined {
  const card = items.find((c) => c.id === id);
  if (!card) return undefined;
  const column = items.filter((c) => c.status === to.status && c.id !== id).sort(byRank);
  let prev: Card | undefined;
  let next: Card | undefined;
  if (to.before !== undefined) {
    const i = column.findIndex((c) => c.id === to.before);
    if (i < 0) return undefined;
    next = column[i];
    prev = column[i - 1];
  } else if (to.after !== undefined) {
    const i = column.findIndex((c) => c.id === to.after);
    if (i < 0) return undefined;
    prev = column[i];
    next = column[i + 1];
  } else {
    prev = column[column.length - 1];
  }
  if ((prev && prev.rank === undefined) || (next && next.rank === undefined)) return undefined;
  let rank: string;
  try {
    rank = rankBetween(prev?.rank ?? null, next?.rank ?? null);
  } catch {
    return undefined; // equal or unordered neighbours: let the host decide
  }
  const lane = to.lane ? (to.lane.field === 'type' ? { type: to.lane.value } : { priority: to.lane.value }) : {};
  return { ...card, ...lane, status: to.status, rank };
}
