// The bulk bar shown when several cards are selected: status, priority, effort, type, tags,
// archive and delete for all of them at once.
import { html, nothing } from 'lit';
import { BulkAction, BulkEdit, type BulkPatch } from '../../src/core/protocol';
import { NONE } from '../../src/core/board/view';
import { host } from '../shared/host';
import type { BoardApp } from './board-app';

export function renderBulkBar(app: BoardApp) {
  const s = app.state!;
  const n = app.selected.size;
  // One card selected by a plain click is shown on the card; the bar is for choosing several.
  if (!n || (app.plainSelection && n === 1)) return nothing;
  const pick = (id: string, label: string, options: { value: string; label: string }[], apply: (v: string) => void) =>
    html`<select
      id=${id}
      aria-label=${label}
      ?disabled=${app.busy}
      @change=${(e: Event) => {
        const el = e.target as HTMLSelectElement;
        const v = el.value;
        el.value = '';
        if (v) apply(v);
      }}
    >
      <option value="" selected>${label}…</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>`;
  const notSet = { value: NONE, label: app.t('notSet') };
  const nullable = <T extends string>(v: string) => (v === NONE ? null : (v as T));
  return html`<div class="bulkbar" role="toolbar" aria-label=${app.t('bulkActions')}>
    <span class="count" role="status" aria-live="polite">${app.t('selectedCount', n)}</span>
    ${pick('bulk-status', app.t('field_status'), s.statuses.map((st) => ({ value: st.key, label: st.label })), (v) => bulkEdit(app, { status: v }))}
    ${pick('bulk-priority', app.t('field_priority'), [...['high', 'medium', 'low'].map((p) => ({ value: p, label: app.t(`priority_${p}`) })), notSet], (v) => bulkEdit(app, { priority: nullable<'high' | 'medium' | 'low'>(v) }))}
    ${pick('bulk-effort', app.t('field_effort'), [...['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), notSet], (v) => bulkEdit(app, { effort: nullable<'XS' | 'S' | 'M' | 'L' | 'XL'>(v) }))}
    ${pick('bulk-type', app.t('field_type'), (s.types ?? []).map((t) => ({ value: t.key, label: t.label })), (v) => bulkEdit(app, { type: v }))}
    <input id="bulk-tag" list="bulk-tag-list" placeholder=${app.t('tagPlaceholder')} aria-label=${app.t('tagPlaceholder')} maxlength="50" @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && bulkTag(app, 'add')} />
    <datalist id="bulk-tag-list">${app.tagChoices().map((t) => html`<option value=${t}></option>`)}</datalist>
    <vscode-toolbar-button id="bulk-add-tag" icon="tag" label=${app.t('addTag')} title=${app.t('addTag')} @click=${() => bulkTag(app, 'add')}></vscode-toolbar-button>
    <vscode-toolbar-button id="bulk-remove-tag" icon="remove" label=${app.t('removeTag')} title=${app.t('removeTag')} @click=${() => bulkTag(app, 'remove')}></vscode-toolbar-button>
    <vscode-toolbar-button id="bulk-archive" icon="archive" label=${app.t('archive')} title=${app.t('archive')} @click=${() => bulkAction(app, 'archive')}></vscode-toolbar-button>
    <vscode-toolbar-button id="bulk-delete" icon="trash" label=${app.t('delete')} title=${app.t('delete')} @click=${() => bulkAction(app, 'delete')}></vscode-toolbar-button>
    <vscode-toolbar-button id="bulk-clear" icon="close" label=${app.t('clearSelection')} title=${app.t('clearSelection')} @click=${() => app.selectAll(false)}></vscode-toolbar-button>
  </div>`;
}

export function bulkEdit(app: BoardApp, patch: BulkPatch): void {
  const ids = [...app.selected];
  if (!ids.length) return;
  void app.run(() => host.request(BulkEdit, { ids, patch }));
}


export function bulkAction(app: BoardApp, action: 'archive' | 'delete'): void {
  const ids = [...app.selected];
  if (!ids.length) return;
  void app.run(async () => {
    const r = await host.request(BulkAction, { ids, action });
    if (r.count) app.selected = new Set();
  });
}


export function bulkTag(app: BoardApp, op: 'add' | 'remove'): void {
  const input = app.renderRoot.querySelector<HTMLInputElement>('#bulk-tag');
  const tag = input?.value.trim().replace(/^#/, '');
  if (!tag) {
    input?.focus();
    return;
  }
  bulkEdit(app, op === 'add' ? { addTags: [tag] } : { removeTags: [tag] });
  if (input) input.value = '';
}
