// Render helpers for the review page's selection toolbar: select all / none, the count, and the
// bulk "Set type" / "Set status" choices applied to every selected proposal.
import { html, type TemplateResult } from 'lit';
import type { ReviewState } from '../../src/core/protocol';
import type { ReviewView } from './review-view';

/** The toolbar over a non-empty list; `count` of the `total` proposals are selected. */
export function renderSelectionToolbar(view: ReviewView, s: ReviewState, count: number, total: number): TemplateResult {
  return html`<div class="toolbar" role="toolbar" aria-label=${view.t('selectedCount', count, total)}>
    <label
      ><input
        type="checkbox"
        class="check"
        id="select-all"
        .checked=${count === total}
        .indeterminate=${count > 0 && count < total}
        @change=${(e: Event) => view.model.selectAll((e.target as HTMLInputElement).checked)}
      />${count === total ? view.t('selectNone') : view.t('selectAll')}</label
    >
    <span class="count" id="count" aria-live="polite">${view.t('selectedCount', count, total)}</span>
    <span class="spacer"></span>
    ${renderBulk(view, 'type', view.t('setType'), s.types.map((t) => ({ value: t.key, label: t.label })), count === 0)}
    ${renderBulk(view, 'status', view.t('setStatus'), s.statuses.map((x) => ({ value: x.key, label: x.label })), count === 0)}
  </div>`;
}

function renderBulk(view: ReviewView, field: 'type' | 'status', label: string, options: { value: string; label: string }[], disabled: boolean) {
  return html`<select
    id=${`bulk-${field}`}
    aria-label=${label}
    ?disabled=${disabled}
    @change=${(e: Event) => {
      const el = e.target as HTMLSelectElement;
      const v = el.value;
      el.value = '';
      if (v) view.model.setForSelected(field, v);
    }}
  >
    <option value="" selected>${label}</option>
    ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
  </select>`;
}