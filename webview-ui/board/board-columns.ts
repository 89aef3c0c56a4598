// The board's columns and swimlanes: column heads with WIP limits, the drop marker, and virtualised
// card lists (only the visible cards of a long column are in the DOM).
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { stylePropertyMap } from '@vscode-elements/elements/dist/includes/style-property-map.js';
import type { BoardState, Card } from '../../src/core/protocol';
import type { Column, Lane } from '../../src/core/board/view';
import type { BoardApp } from './board-app';
import type { Derived } from './board-derived';
import { renderCardGuarded } from './board-card';

/** Columns with more cards than this render only their visible part (virtualised). */
const VIRTUALIZE_ABOVE = 60;
const MARKER = { id: '__marker' } as const;
type Entry = Card | typeof MARKER;

export function renderEntry(app: BoardApp, e: Entry) {
  return e === MARKER ? html`<li class="drop-marker" aria-hidden="true"></li>` : renderCardGuarded(app, e as Card);
}

export function renderColumnHead(app: BoardApp, status: BoardState['statuses'][number], count: number) {
  const over = status.wipLimit != null && count > status.wipLimit;
  return html`<h2>
    ${status.label}
    ${status.wipLimit != null
      ? html`<span class="wip" title=${over ? app.t('overWip') : ''}>${count}/${status.wipLimit}</span>${over ? html`<vscode-icon name="warning" size="12" label=${app.t('overWip')}></vscode-icon>` : nothing}`
      : html`<vscode-badge variant="counter">${count}</vscode-badge>`}
  </h2>`;
}

export function renderColumn(app: BoardApp, lane: Lane, col: Column, totals: Map<string, number>) {
  const { status, cards } = col;
  const total = totals.get(status.key) ?? cards.length;
  const over = status.wipLimit != null && total > status.wipLimit;
  const d = app.dropAt;
  const marker = d?.lane === lane.key && d.status === status.key ? d.index : -1;
  // Keyed by item ID, so a card keeps its DOM node (a drag in progress is never disturbed); the
  // drop marker is an entry placed before the card at the drop index (the dragged card is not
  // counted, as in dropIndex()). Only the visible part of the column is rendered.
  let entries: Entry[] = cards;
  if (marker >= 0) {
    entries = [];
    let n = 0;
    for (const c of cards) {
      if (c.id !== app.dnd.dragging) {
        if (n === marker) entries.push(MARKER);
        n++;
      }
      entries.push(c);
    }
    if (marker >= n) entries.push(MARKER);
  }
  return html`<section
    class="column ${over ? 'over-wip' : ''}"
    aria-label=${lane.key ? `${lane.label} · ${status.label}` : status.label}
    data-status=${status.key}
    data-lane=${lane.key}
    @dragover=${(e: DragEvent) => app.dnd.onDragOver(e, lane.key, status.key, cards)}
    @dragleave=${(e: DragEvent) => {
      if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node)) app.dropAt = null;
    }}
    @drop=${(e: DragEvent) => app.dnd.onDrop(e, lane, status.key, cards)}
  >
    ${app.lanes === 'none' ? renderColumnHead(app, status, total) : nothing}
    ${entries.length
      ? html`<div class="col-scroll">
          <ul class="cards" role="list">
            ${cards.length > VIRTUALIZE_ABOVE
              ? virtualize({ items: entries, keyFunction: (e: Entry) => e.id, renderItem: (e: Entry) => html`${renderEntry(app, e)}` })
              : repeat(entries, (e) => e.id, (e) => renderEntry(app, e))}
          </ul>
        </div>`
      : html`<div class="empty-col">${app.t('noItems')}</div>`}
  </section>`;
}

export function renderBoard(app: BoardApp, d: Derived) {
  const s = app.state!;
  const totals = new Map<string, number>();
  for (const l of d.lanes) for (const c of l.columns) totals.set(c.status.key, (totals.get(c.status.key) ?? 0) + c.cards.length);
  // The first cards of a large backlog came first; the column counts are the backlog's until the rest is there.
  if (s.partial && d.visible === s.items) for (const [k, n] of Object.entries(s.partial.counts)) totals.set(k, n);
  if (app.lanes === 'none') {
    const lane = d.lanes[0];
    return html`<div class="board-wrap ${app.scrollMore ? 'more-right' : ''}">
      <div class="board" id="board" role="region" aria-label=${app.t('board')} @scroll=${app.checkScroll}>
        <div class="columns">${lane.columns.map((c) => renderColumn(app, lane, c, totals))}</div>
      </div>
      ${app.scrollMore
        ? html`<button id="scroll-right" class="scroll-right" aria-label=${app.t('scrollMore')} title=${app.t('scrollMore')} @click=${() => app.scrollColumns()}><vscode-icon name="chevron-right" size="16"></vscode-icon></button>`
        : nothing}
    </div>`;
  }
  return html`<div class="board-wrap ${app.scrollMore ? 'more-right' : ''}"><div class="board has-lanes" id="board" role="region" aria-label=${app.t('board')} @scroll=${app.checkScroll}>
    <div class="columns lane-heads" aria-hidden="true">${s.statuses.map((st) => html`<section class="column-head">${renderColumnHead(app, st, totals.get(st.key) ?? 0)}</section>`)}</div>
    ${repeat(
      d.lanes,
      (l) => l.key,
      (l) =>
        html`<section class="lane" data-lane=${l.key} aria-label=${l.label}>
          <h3 class="lane-head">
            ${app.lanes === 'type' ? html`<span class="lane-swatch" .style=${stylePropertyMap({ '--type-color': app.typeColor(l.key) || 'transparent' })}></span>` : nothing}
            ${l.label}<vscode-badge variant="counter">${l.count}</vscode-badge>
          </h3>
          <div class="columns">${l.columns.map((c) => renderColumn(app, l, c, totals))}</div>
        </section>`,
    )}
  </div>
  ${app.scrollMore
    ? html`<button id="scroll-right" class="scroll-right" aria-label=${app.t('scrollMore')} title=${app.t('scrollMore')} @click=${() => app.scrollColumns()}><vscode-icon name="chevron-right" size="16"></vscode-icon></button>`
    : nothing}</div>`;
}
