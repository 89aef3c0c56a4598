// The board's filter row (text filter, filter-panel button, clear, help) and the filter panel:
// saved views, Board/List, swimlanes and the field chips (the Forecast chip: "At risk").
import { html, nothing } from 'lit';
import { SaveView } from '../../src/core/protocol';
import { FILTER_FIELDS, type FilterField, type LaneMode, NONE, chipCount, chipsToQuery, emptyChips } from '../../src/core/board/view';
import { AT_RISK } from '../../src/core/board/targets';
import { host } from '../shared/host';
import type { BoardApp } from './board-app';

function chipOptions(app: BoardApp, field: FilterField): { value: string; label: string }[] {
  const s = app.state!;
  const notSet = { value: NONE, label: app.t('notSet') };
  switch (field) {
    case 'type':
      return (s.types ?? []).map((t) => ({ value: t.key, label: t.label }));
    case 'status':
      return s.statuses.map((st) => ({ value: st.key, label: st.label }));
    case 'priority':
      return [...['high', 'medium', 'low'].map((p) => ({ value: p, label: app.t(`priority_${p}`) })), notSet];
    case 'effort':
      return [...['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), notSet];
    case 'severity':
      return [...['P0', 'P1', 'P2', 'P3', 'P4'].map((v) => ({ value: v, label: v })), notSet];
    case 'forecast':
      return [{ value: AT_RISK, label: app.t('atRisk') }];
    case 'tags': {
      const tags = app.tagChoices();
      for (const t of app.chips.tags) if (!tags.includes(t)) tags.push(t);
      return tags.map((t) => ({ value: t, label: `#${t}` }));
    }
  }
}

export function renderChips(app: BoardApp) {
  return html`${FILTER_FIELDS.map((field) => {
    const chosen = app.chips[field] ?? [];
    const options = chipOptions(app, field);
    const names = chosen.map((v) => options.find((o) => o.value === v)?.label ?? v);
    return html`<details
      class="chip ${chosen.length ? 'active' : ''}"
      data-field=${field}
      @toggle=${(e: Event) => {
        const d = e.target as HTMLDetailsElement;
        if (d.open) for (const o of app.renderRoot.querySelectorAll<HTMLDetailsElement>('details.chip[open]')) if (o !== d) o.open = false;
      }}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          (e.currentTarget as HTMLDetailsElement).open = false;
        }
      }}
    >
      <summary aria-label=${chosen.length ? `${app.t(`field_${field}`)}: ${names.join(', ')}` : app.t(`field_${field}`)}>${app.t(`field_${field}`)}${chosen.length ? `: ${names.join(', ')}` : ''}</summary>
      <div class="popup" role="group" aria-label=${app.t(`field_${field}`)}>
        ${options.length
          ? options.map(
              (o) => html`<label><input type="checkbox" data-value=${o.value} .checked=${chosen.includes(o.value)} @change=${(e: Event) => app.setChip(field, o.value, (e.target as HTMLInputElement).checked)} />${o.label}</label>`,
            )
          : html`<span class="empty-col">${app.t('noTags')}</span>`}
      </div>
    </details>`;
  })}
`;
}

/** One line: the filter box, the filter-panel button (with the number of active chips) and help. */
export function renderFilterRow(app: BoardApp) {
  const n = chipCount(app.chips);
  const open = app.isPanelOpen;
  const label = n ? app.t('filtersActive', n) : app.t('filtersButton');
  return html`<div class="filter">
    <vscode-textfield id="filter" placeholder=${app.t('filterShort')} title=${app.t('filterPlaceholder')} aria-label=${app.t('filterPlaceholder')} .value=${app.filterQuery} @input=${(e: Event) => app.applyFilter((e.target as HTMLInputElement).value)}>
      <vscode-icon slot="content-before" name="search" size="14"></vscode-icon>
    </vscode-textfield>
    <button id="filters-toggle" class="icon-button ${n ? 'active' : ''}" aria-expanded=${open ? 'true' : 'false'} aria-controls="filter-panel" aria-label=${label} title=${label} @click=${() => app.togglePanel()}>
      <vscode-icon name="filter" size="16"></vscode-icon>${n ? html`<span class="count-dot">${n}</span>` : nothing}
    </button>
    ${n || app.filterQuery ? html`<vscode-toolbar-button id="clear-filters" icon="clear-all" label=${app.t('clearFilters')} title=${app.t('clearFilters')} @click=${() => app.clearFilters()}></vscode-toolbar-button>` : nothing}
    <button id="help-toggle" class="icon-button" aria-expanded=${app.showHelp ? 'true' : 'false'} aria-controls="shortcuts" aria-label=${app.t('helpButton')} title=${app.t('helpButton')} @click=${() => (app.showHelp = !app.showHelp)}>
      <vscode-icon name="question" size="16"></vscode-icon>
    </button>
  </div>`;
}

/** The filter panel: saved views, Board/List, swimlanes and the chips (collapsed in the sidebar). */
export function renderToolbar(app: BoardApp) {
  if (!app.isPanelOpen) return nothing;
  const s = app.state!;
  const views = s.views ?? [];
  return html`<div class="toolbar" id="filter-panel" role="group" aria-label=${app.t('filtersButton')}>
      <div class="seg" role="radiogroup" aria-label=${app.t('layout')}>
        <button id="mode-board" role="radio" aria-checked=${app.mode === 'board' ? 'true' : 'false'} @click=${() => app.setMode('board')}><vscode-icon name="project" size="14"></vscode-icon>${app.t('board')}</button>
        <button id="mode-list" role="radio" aria-checked=${app.mode === 'list' ? 'true' : 'false'} @click=${() => app.setMode('list')}><vscode-icon name="list-flat" size="14"></vscode-icon>${app.t('list')}</button>
      </div>
      <select
        id="view-picker"
        aria-label=${app.t('views')}
        @change=${(e: Event) => {
          const el = e.target as HTMLSelectElement;
          const v = el.value;
          el.value = '';
          if (v === '__save') saveView(app);
          else if (v) applyView(app, views.find((x) => x.id === v)?.query ?? '');
        }}
      >
        <option value="" selected>${app.t('views')}…</option>
        ${views.map((v) => html`<option value=${v.id} title=${v.query}>${v.name}</option>`)}
        <option value="__save">${app.t('saveView')}</option>
      </select>
      ${app.mode === 'board'
        ? html`<select
            id="lanes"
            aria-label=${app.t('swimlanes')}
            title=${app.t('swimlanes')}
            .value=${app.lanes}
            @change=${(e: Event) => {
              app.lanes = (e.target as HTMLSelectElement).value as LaneMode;
              app.saveUi();
            }}
          >
            <option value="none" ?selected=${app.lanes === 'none'}>${app.t('lanesNone')}</option>
            <option value="type" ?selected=${app.lanes === 'type'}>${app.t('lanesType')}</option>
            <option value="priority" ?selected=${app.lanes === 'priority'}>${app.t('lanesPriority')}</option>
          </select>`
        : nothing}
      ${renderChips(app)}
    </div>`;
}

export function saveView(app: BoardApp): void {
  const text = app.filterQuery;
  const { query, dropped } = chipsToQuery(app.chips, text);
  if (!query) {
    app.error = app.t('viewNothing');
    return;
  }
  app.notice = dropped.length ? app.t('viewDropped') : undefined;
  void app.run(() => host.request(SaveView, { query }));
}

export function applyView(app: BoardApp, query: string): void {
  app.chips = emptyChips();
  const field = app.renderRoot.querySelector<HTMLElement & { value: string }>('#filter');
  if (field) field.value = query;
  app.applyFilter(query); // is:at-risk in the view's query turns the "At risk" chip back on
}
