// Keyboard control of the board: global shortcuts (n, /, ?, Escape, Ctrl+A) and card keys (arrows
// to move focus, Alt+arrows to move the card, Space, Enter, F2, Delete).
import type { Column, Lane } from '../../src/core/board/view';
import { revealAndFocus } from '../shared/reveal';
import type { BoardApp } from './board-app';
import type { FlowcastList } from './list-view';

export class BoardKeyboard {
  constructor(private readonly app: BoardApp) {}

  onGlobalKey(e: KeyboardEvent): void {
    const path = e.composedPath();
    if (path.some((el) => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable))) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a' && this.app.state?.backlog) {
      e.preventDefault();
      this.app.selectAll();
      // VS Code may also run its "select all" on the page's text: clear that text selection.
      for (const ms of [0, 50, 150]) setTimeout(() => window.getSelection()?.removeAllRanges(), ms);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const focus = (id: string) => this.app.renderRoot.querySelector<HTMLElement>(`#${id} input`)?.focus() ?? this.app.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
    if (e.key === 'n') {
      e.preventDefault();
      focus('new-title');
    } else if (e.key === '/') {
      e.preventDefault();
      focus('filter');
    } else if (e.key === '?') {
      e.preventDefault();
      this.app.showHelp = !this.app.showHelp;
    } else if (e.key === 'Escape') {
      if (this.app.showHelp) this.app.showHelp = false;
      else if (this.app.selected.size) this.app.selected = new Set();
    }
  }

  onCardKey(e: KeyboardEvent, id: string): void {
    if (this.app.editing === id) return;
    // Look the card up now (the template may be older than the current state).
    const where = this.locate(id);
    if (!where) return;
    const cols = where.lane.columns;
    const { colIndex, index: idx } = where;
    const cards = where.column.cards;
    const card = cards[idx];
    if (e.altKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      const next = cols[colIndex + (e.key === 'ArrowRight' ? 1 : -1)];
      if (next) this.app.move(card.id, next.status.key);
      return;
    }
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (e.key === 'ArrowUp' && idx > 0) this.app.move(card.id, card.status, cards[idx - 1].id);
      if (e.key === 'ArrowDown' && idx < cards.length - 1) this.app.move(card.id, card.status, undefined, cards[idx + 1].id);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const target = cards[e.key === 'ArrowDown' ? Math.min(idx + 1, cards.length - 1) : Math.max(idx - 1, 0)];
        if (e.shiftKey && target) this.app.select(target.id, { toggle: false, range: true });
        this.focusCard(target?.id);
        break;
      }
      case 'ArrowRight':
      case 'ArrowLeft': {
        e.preventDefault();
        const step = e.key === 'ArrowRight' ? 1 : -1;
        for (let c = colIndex + step; c >= 0 && c < cols.length; c += step) {
          const target = cols[c].cards;
          if (target.length) {
            this.focusCard(target[Math.min(idx, target.length - 1)].id);
            break;
          }
        }
        break;
      }
      case ' ':
        e.preventDefault();
        this.app.select(card.id, { toggle: true, range: false });
        break;
      case 'Enter':
        e.preventDefault();
        this.app.act(card.id, 'open');
        break;
      case 'F2':
        e.preventDefault();
        this.app.startEdit(card.id);
        break;
      case 'Delete':
        e.preventDefault();
        this.app.act(card.id, 'delete');
        break;
    }
  }

  /** Focuses a card, scrolling its (virtualised) column to it first when it is not rendered. */
  focusCard(id: string | undefined): void {
    if (!id) return;
    if (this.app.mode === 'list') {
      this.app.renderRoot.querySelector<FlowcastList>('flowcast-list')?.focusRow(id);
      return;
    }
    const el = this.app.renderRoot.querySelector<HTMLElement>(`li.card[data-id="${CSS.escape(id)}"]`);
    if (el) {
      el.focus();
      return;
    }
    const where = this.locate(id);
    if (!where) return;
    const ul = this.app.renderRoot.querySelector<HTMLElement>(`section.column[data-lane="${CSS.escape(where.lane.key)}"][data-status="${CSS.escape(where.column.status.key)}"] ul.cards`);
    if (ul) revealAndFocus(ul, where.index, where.column.cards.length, () => this.app.renderRoot.querySelector<HTMLElement>(`li.card[data-id="${CSS.escape(id)}"]`));
  }


  locate(id: string): { lanes: Lane[]; laneIndex: number; lane: Lane; colIndex: number; column: Column; index: number } | undefined {
    const lanes = this.app.derived().lanes;
    for (let l = 0; l < lanes.length; l++) {
      const cols = lanes[l].columns;
      for (let c = 0; c < cols.length; c++) {
        const index = cols[c].cards.findIndex((x) => x.id === id);
        if (index >= 0) return { lanes, laneIndex: l, lane: lanes[l], colIndex: c, column: cols[c], index };
      }
    }
    return undefined;
  }
}
