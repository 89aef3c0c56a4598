// Drag and drop of cards between columns, lanes and positions, and the User Timing marks that
// `npm run bench` reads (first card painted; drop -> persisted -> card re-rendered).
import type { Card } from '../../src/core/protocol';
import { type Lane, NONE } from '../../src/core/board/view';
import type { BoardApp } from './board-app';

const DRAG_MIME = 'application/x-flowcast-item';

export class BoardDragDrop {
  /** The ID of the card being dragged from this board, if any. */
  dragging: string | null = null;

  constructor(private readonly app: BoardApp) {}


  onDragStart(e: DragEvent, card: Card): void {
    this.dragging = card.id;
    e.dataTransfer?.setData(DRAG_MIME, card.id);
    e.dataTransfer?.setData('text/plain', card.id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  }

  onDragEnd(): void {
    this.dragging = null;
    this.app.dropAt = null;
  }

  /**
   * The index among the column's cards (without the dragged one) where the pointer would drop.
   * Only the visible part of a column is rendered: indexes come from the cards' positions in data.
   */
  dropIndex(e: DragEvent, column: HTMLElement, cards: Card[]): number {
    const dragged = this.dragging ? cards.findIndex((c) => c.id === this.dragging) : -1;
    const indexOf = (id: string) => {
      const i = cards.findIndex((c) => c.id === id);
      return dragged >= 0 && dragged < i ? i - 1 : i;
    };
    const rendered = [...column.querySelectorAll<HTMLElement>('li.card')].filter((el) => el.dataset.id !== this.dragging);
    rendered.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    for (const el of rendered) {
      const r = el.getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) return indexOf(el.dataset.id!);
    }
    const last = rendered[rendered.length - 1];
    return last ? indexOf(last.dataset.id!) + 1 : 0;
  }

  onDragOver(e: DragEvent, lane: string, status: string, cards: Card[]): void {
    if (!this.dragging && !e.dataTransfer?.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const index = this.dropIndex(e, e.currentTarget as HTMLElement, cards);
    const d = this.app.dropAt;
    if (d?.lane !== lane || d.status !== status || d.index !== index) this.app.dropAt = { lane, status, index };
  }

  onDrop(e: DragEvent, lane: Lane, status: string, cards: Card[]): void {
    e.preventDefault();
    const id = e.dataTransfer?.getData(DRAG_MIME) || this.dragging;
    const index = this.dropIndex(e, e.currentTarget as HTMLElement, cards);
    this.app.dropAt = null;
    this.dragging = null;
    if (!id) return;
    const others = cards.filter((c) => c.id !== id);
    const before = others[index]?.id;
    const after = before ? undefined : others[others.length - 1]?.id;
    const card = this.app.state?.items.find((c) => c.id === id);
    const laneValue = this.laneValue(lane);
    const sameLane = !laneValue || !card || (laneValue.field === 'type' ? card.type === laneValue.value : card.priority === laneValue.value);
    if (card && card.status === status && sameLane) {
      const pos = cards.findIndex((c) => c.id === id);
      if (cards[pos + 1]?.id === before && (before !== undefined || pos === cards.length - 1)) return; // dropped where it was
    }
    performance.mark(`flowcast:drop:${id}`);
    this.pendingDrops.set(id, status);
    this.pendingConfirms.set(id, status);
    this.watchRendering();
    this.app.move(id, status, before, after, sameLane ? undefined : laneValue);
  }


  /** Drops waiting to be seen re-rendered in their column (User Timing: flowcast:dnd). */
  private readonly pendingDrops = new Map<string, string>();
  /** Drops waiting for the host's stored card (User Timing: flowcast:dnd-stored). */
  private readonly pendingConfirms = new Map<string, string>();

  /** The host sent stored cards: a drop it confirms ends its round trip. */
  confirmed(cards: readonly { id: string; status: string }[]): void {
    for (const c of cards) {
      if (this.pendingConfirms.get(c.id) !== c.status) continue;
      this.pendingConfirms.delete(c.id);
      performance.measure('flowcast:dnd-stored', `flowcast:drop:${c.id}`);
    }
  }
  private watching = false;

  /**
   * Virtualised columns render their cards after their own layout pass, so the User Timing marks
   * read by `npm run bench` (first card painted, drop re-rendered) are checked once per frame.
   */
  watchRendering(): void {
    if (this.watching) return;
    this.watching = true;
    let frames = 0;
    const tick = () => {
      if (!performance.getEntriesByName('flowcast:first-card').length && this.app.renderRoot.querySelector('li.card, .body .row')) performance.mark('flowcast:first-card');
      for (const [id, status] of this.pendingDrops) {
        if (this.app.renderRoot.querySelector(`section.column[data-status="${status}"] li.card[data-id="${id}"]`) && this.app.state?.items.find((c) => c.id === id)?.status === status) {
          this.pendingDrops.delete(id);
          performance.measure('flowcast:dnd', `flowcast:drop:${id}`);
        }
      }
      const waiting = this.pendingDrops.size > 0 || (!performance.getEntriesByName('flowcast:first-card').length && !!this.app.state?.items.length);
      if (waiting && ++frames < 600) requestAnimationFrame(tick);
      else this.watching = false;
    };
    tick();
  }

  laneValue(lane: Lane): { field: 'type'; value: string } | { field: 'priority'; value: 'high' | 'medium' | 'low' | null } | undefined {
    if (this.app.lanes === 'type') return { field: 'type', value: lane.key };
    if (this.app.lanes === 'priority') return { field: 'priority', value: lane.key === NONE ? null : (lane.key as 'high' | 'medium' | 'low') };
    return undefined;
  }
}
