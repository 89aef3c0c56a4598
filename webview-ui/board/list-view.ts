// The list view of the board: a sortable table of every field with a column chooser, the same
// filters and selection as the board, and virtualised rows (only the visible rows are in the DOM).
import { LitElement, html, css, nothing } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { revealAndFocus } from '../shared/reveal';
import { sharedStyles, cardContext } from '../shared/ui';
import { stylePropertyMap } from '@vscode-elements/elements/dist/includes/style-property-map.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import type { Card, StatusView, TypeView } from '../../src/core/protocol';
import { LIST_COLUMNS, type ListColumn, type SortSpec } from '../../src/core/board/view';

export interface RowClick {
  id: string;
  toggle: boolean;
  range: boolean;
}

const WIDTHS: Record<ListColumn, string> = {
  id: '90px',
  type: '90px',
  title: 'minmax(220px, 3fr)',
  status: '110px',
  priority: '80px',
  effort: '60px',
  severity: '70px',
  tags: 'minmax(100px, 1fr)',
  component: 'minmax(90px, 1fr)',
  targetDate: '100px',
  criteria: '70px',
  blocked: '70px',
  createdAt: '100px',
  updatedAt: '100px',
  aiScore: '80px',
};

export class FlowcastList extends LitElement {
  static override properties = {
    rows: { attribute: false },
    columns: { attribute: false },
    sort: { attribute: false },
    selected: { attribute: false },
    statuses: { attribute: false },
    types: { attribute: false },
    t: { attribute: false },
    chooser: { state: true },
  };

  declare rows: Card[];
  declare columns: ListColumn[];
  declare sort: SortSpec;
  declare selected: ReadonlySet<string>;
  declare statuses: StatusView[];
  declare types: TypeView[];
  declare t: (key: string, ...args: (string | number)[]) => string;
  declare chooser: boolean;

  constructor() {
    super();
    this.rows = [];
    this.columns = [];
    this.sort = { column: 'id', dir: 'asc' };
    this.selected = new Set();
    this.statuses = [];
    this.types = [];
    this.t = (k) => k;
    this.chooser = false;
  }

  static override styles = [
    sharedStyles,
    css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      flex: 1;
    }
    .tools {
      display: flex;
      justify-content: flex-end;
      position: relative;
    }
    .chooser {
      top: 100%;
      right: 0;
    }
    .table {
      flex: 1;
      min-height: 0;
      overflow: auto;
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    }
    .row {
      display: grid;
      grid-template-columns: var(--cols);
      align-items: center;
      min-width: var(--min-width);
      width: 100%;
      box-sizing: border-box;
      height: 26px;
      border-bottom: 1px solid var(--vscode-editorGroup-border, transparent);
      outline: none;
      cursor: default;
    }
    .head {
      position: sticky;
      top: 0;
      z-index: 2;
      background: var(--vscode-editor-background);
      font-weight: 600;
      border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    }
    .head button {
      all: unset;
      cursor: pointer;
      display: flex;
      align-items: center;
      gap: 2px;
      width: 100%;
      overflow: hidden;
      white-space: nowrap;
    }
    .head button:focus-visible,
    .row:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    .cell {
      padding: 0 6px;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .body {
      min-width: var(--min-width);
    }
    .body .row:hover {
      background: var(--vscode-list-hoverBackground);
    }
    .body .row[aria-selected='true'] {
      background: var(--vscode-list-inactiveSelectionBackground);
      color: var(--vscode-list-inactiveSelectionForeground, inherit);
    }
    .body .row[aria-selected='true']:focus-within,
    .body .row[aria-selected='true']:focus {
      background: var(--vscode-list-activeSelectionBackground);
      color: var(--vscode-list-activeSelectionForeground, inherit);
    }
    .id {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.9em;
    }
    .type {
      border-left: 3px solid var(--type-color, transparent);
    }
    .tag {
      color: var(--vscode-textLink-foreground);
      margin-right: 4px;
    }
    .blocked {
      color: var(--vscode-errorForeground);
    }
    .muted {
      color: var(--vscode-descriptionForeground);
    }
    .ai.stale {
      color: var(--vscode-descriptionForeground);
      text-decoration: underline dashed;
    }
    input[type='checkbox'] {
      margin: 0;
      accent-color: var(--vscode-checkbox-background);
    }
  `,
  ];

  private label(col: ListColumn): string {
    return this.t(`col_${col}`);
  }

  private onSort(col: ListColumn): void {
    const dir = this.sort.column === col && this.sort.dir === 'asc' ? 'desc' : 'asc';
    this.dispatchEvent(new CustomEvent<SortSpec>('sort-change', { detail: { column: col, dir } }));
  }

  private toggleColumn(col: ListColumn, on: boolean): void {
    const next = LIST_COLUMNS.filter((c) => (c === col ? on : this.columns.includes(c)));
    if (!next.length) return;
    this.dispatchEvent(new CustomEvent<ListColumn[]>('columns-change', { detail: next }));
  }

  private rowClick(e: MouseEvent | KeyboardEvent, id: string, forceToggle = false): void {
    this.dispatchEvent(new CustomEvent<RowClick>('row-click', { detail: { id, toggle: forceToggle || e.ctrlKey || e.metaKey, range: e.shiftKey } }));
  }

  /** Focuses a row, scrolling it into view first when it is not rendered. */
  focusRow(id: string): void {
    const el = this.renderRoot.querySelector<HTMLElement>(`.body .row[data-id="${CSS.escape(id)}"]`);
    if (el) {
      el.focus();
      return;
    }
    const body = this.renderRoot.querySelector<HTMLElement>('.body');
    const index = this.rows.findIndex((r) => r.id === id);
    if (body && index >= 0) revealAndFocus(body, index, this.rows.length, () => this.renderRoot.querySelector<HTMLElement>(`.body .row[data-id="${CSS.escape(id)}"]`));
  }

  private onRowKey(e: KeyboardEvent, id: string, index: number): void {
    const go = (i: number) => {
      const r = this.rows[Math.max(0, Math.min(this.rows.length - 1, i))];
      if (!r) return;
      if (e.shiftKey) this.dispatchEvent(new CustomEvent<RowClick>('row-click', { detail: { id: r.id, toggle: false, range: true } }));
      this.focusRow(r.id);
    };
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        go(index + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        go(index - 1);
        break;
      case 'Home':
        e.preventDefault();
        go(0);
        break;
      case 'End':
        e.preventDefault();
        go(this.rows.length - 1);
        break;
      case ' ':
        e.preventDefault();
        this.rowClick(e, id, true);
        break;
      case 'Enter':
        e.preventDefault();
        this.dispatchEvent(new CustomEvent<string>('row-open', { detail: id }));
        break;
    }
  }

  private cell(c: Card, col: ListColumn) {
    switch (col) {
      case 'id':
        return html`<span class="id">${c.id}</span>`;
      case 'type':
        return this.types.find((t) => t.key === c.type)?.label ?? c.type;
      case 'title':
        return html`${c.emoji ? `${c.emoji} ` : ''}${c.title}`;
      case 'status':
        return this.statuses.find((s) => s.key === c.status)?.label ?? c.status;
      case 'priority':
        return c.priority ? this.t(`priority_${c.priority}`) : html`<span class="muted">–</span>`;
      case 'effort':
        return c.effort ?? html`<span class="muted">–</span>`;
      case 'severity':
        return c.severity ?? html`<span class="muted">–</span>`;
      case 'tags':
        return c.tags.map((t) => html`<span class="tag">#${t}</span>`);
      case 'component':
        return c.component ?? '';
      case 'targetDate':
        return c.targetDate ? html`<time datetime=${c.targetDate}>${new Date(`${c.targetDate}T00:00:00`).toLocaleDateString()}</time>` : html`<span class="muted">–</span>`;
      case 'criteria':
        return c.criteriaTotal ? `${c.criteriaDone}/${c.criteriaTotal}` : html`<span class="muted">–</span>`;
      case 'blocked':
        return c.blocked ? html`<span class="blocked">${this.t('blocked')}</span>` : nothing;
      case 'aiScore': {
        if (typeof c.aiScore !== 'number') return html`<span class="muted">–</span>`;
        const when = c.aiAnalysedAt ? new Date(c.aiAnalysedAt).toLocaleDateString() : '';
        const tip = this.t(c.aiStale ? 'aiScoreTooltipStale' : 'aiScoreTooltip', c.aiScore, when);
        return html`<span class="ai ${c.aiStale ? 'stale' : ''}" title=${tip}>${c.aiScore}</span>${c.aiStale ? html`<span class="sr-only">, ${this.t('aiOutdated')}</span>` : nothing}`;
      }
      case 'createdAt':
      case 'updatedAt': {
        const v = c[col];
        return v ? html`<time datetime=${v} title=${new Date(v).toLocaleString()}>${new Date(v).toLocaleDateString()}</time>` : '';
      }
    }
  }

  private renderRow(c: Card, index: number) {
    const selected = this.selected.has(c.id);
    const color = this.types.find((t) => t.key === c.type)?.color;
    return html`<div
      class="row"
      role="row"
      tabindex="0"
      data-id=${c.id}
      data-vscode-context=${cardContext(c.id)}
      aria-rowindex=${index + 2}
      aria-selected=${selected ? 'true' : 'false'}
      @click=${(e: MouseEvent) => this.rowClick(e, c.id)}
      @dblclick=${() => this.dispatchEvent(new CustomEvent<string>('row-open', { detail: c.id }))}
      @keydown=${(e: KeyboardEvent) => this.onRowKey(e, c.id, index)}
    >
      <span class="cell" role="gridcell"
        ><input
          type="checkbox"
          tabindex="-1"
          aria-label=${this.t('selectItem', c.id)}
          .checked=${selected}
          @click=${(e: MouseEvent) => {
            e.stopPropagation();
            this.rowClick(e, c.id, true);
          }}
      /></span>
      ${this.columns.map(
        (col) =>
          html`<span class="cell ${col === 'type' ? 'type' : ''}" role="gridcell" data-col=${col} .style=${stylePropertyMap(col === 'type' && color ? { '--type-color': color } : {})}>${this.cell(c, col)}</span>`,
      )}
    </div>`;
  }

  override render() {
    const template = ['28px', ...this.columns.map((c) => WIDTHS[c])].join(' ');
    const minWidth = `${28 + this.columns.reduce((n, c) => n + (parseInt(WIDTHS[c].replace(/^minmax\(/, ''), 10) || 100), 0)}px`;
    const allSelected = this.rows.length > 0 && this.rows.every((r) => this.selected.has(r.id));
    return html`
      <div class="tools">
        <vscode-toolbar-button id="column-chooser" icon="settings" label=${this.t('columns')} title=${this.t('columns')} aria-expanded=${this.chooser ? 'true' : 'false'} @click=${() => (this.chooser = !this.chooser)}></vscode-toolbar-button>
        ${this.chooser
          ? html`<div class="chooser popup" role="group" aria-label=${this.t('columns')} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.chooser = false)}>
              ${LIST_COLUMNS.map(
                (col) =>
                  html`<label
                    ><input type="checkbox" data-col=${col} .checked=${this.columns.includes(col)} ?disabled=${this.columns.length === 1 && this.columns.includes(col)} @change=${(e: Event) => this.toggleColumn(col, (e.target as HTMLInputElement).checked)} />${this.label(col)}</label
                  >`,
              )}
            </div>`
          : nothing}
      </div>
      <div class="table" role="grid" aria-label=${this.t('list')} aria-rowcount=${this.rows.length + 1} aria-multiselectable="true" .style=${stylePropertyMap({ '--cols': template, '--min-width': minWidth })}>
        <div class="row head" role="row" aria-rowindex="1">
          <span class="cell" role="columnheader"
            ><input
              type="checkbox"
              aria-label=${this.t('selectAll')}
              .checked=${allSelected}
              @click=${(e: MouseEvent) => {
                e.stopPropagation();
                this.dispatchEvent(new CustomEvent<boolean>('select-all', { detail: !allSelected }));
              }}
          /></span>
          ${this.columns.map((col) => {
            const sorted = this.sort.column === col;
            return html`<span class="cell" role="columnheader" aria-sort=${sorted ? (this.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              ><button data-sort=${col} title=${this.t('sortBy', this.label(col))} @click=${() => this.onSort(col)}>
                ${this.label(col)}${sorted ? html`<vscode-icon name=${this.sort.dir === 'asc' ? 'arrow-up' : 'arrow-down'} size="12"></vscode-icon>` : nothing}
              </button></span
            >`;
          })}
        </div>
        <div class="body" role="rowgroup">${virtualize({ items: this.rows, keyFunction: (c: Card) => c.id, renderItem: (c: Card, i: number) => this.renderRow(c, i) })}</div>
      </div>
    `;
  }
}

customElements.define('flowcast-list', FlowcastList);
