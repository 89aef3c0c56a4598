// Render helper for one proposal of the review list: its row (checkbox, number, title, choices,
// "edited" badge with undo, details toggle), its problems and warnings, and its keyboard handling.
import { html, nothing } from 'lit';
import type { ReviewState } from '../../src/core/protocol';
import { renderChoice, renderDetails } from './proposal-fields';
import type { ReviewModel } from './review-model';
import type { ReviewView } from './review-view';

/** Space toggles the focused row, Enter opens its details, arrows move between rows. */
function onRowKey(model: ReviewModel, e: KeyboardEvent, key: string): void {
  if (e.target !== e.currentTarget) return;
  const row = e.currentTarget as HTMLElement;
  if (e.key === ' ') {
    e.preventDefault();
    model.toggle(key);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    model.toggleDetails(key);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
    next?.focus();
  }
}

export function renderRow(view: ReviewView, p: ReviewState['proposals'][number], index: number) {
  const key = p.key;
  const f = view.model.fieldsOf(key);
  const selected = view.model.isSelected(key);
  const problems = view.model.problems(key);
  const open = view.model.isExpanded(key);
  const changed = view.model.isChanged(key);
  const label = f.title.trim() || view.t('proposal', index + 1);
  const problemId = `problem-${key}`;
  return html`<li
    class=${`row${selected ? ' selected' : ''}${problems.length ? ' invalid' : ''}`}
    data-key=${key}
    tabindex="0"
    aria-label=${`${view.t('proposal', index + 1)}: ${label}`}
    @keydown=${(e: KeyboardEvent) => onRowKey(view.model, e, key)}
  >
    <div class="line">
      <input type="checkbox" class="check" aria-label=${view.t('select', label)} .checked=${selected} @change=${(e: Event) => view.model.toggle(key, (e.target as HTMLInputElement).checked)} />
      <span class="num" aria-hidden="true">${index + 1}</span>
      <input
        class="text title"
        aria-label=${`${view.t('title')} (${view.t('proposal', index + 1)})`}
        aria-invalid=${problems.length && !f.title.trim() ? 'true' : 'false'}
        aria-describedby=${problems.length ? problemId : nothing}
        .value=${f.title}
        @input=${(e: Event) => view.model.set(key, 'title', (e.target as HTMLInputElement).value)}
      />
      ${renderChoice(view, key, 'type', index)} ${renderChoice(view, key, 'status', index)} ${renderChoice(view, key, 'priority', index)} ${renderChoice(view, key, 'severity', index)}
      ${renderChoice(view, key, 'effort', index)}
      ${changed
        ? html`<span class="badge edited">${view.t('edited')}</span
            ><vscode-toolbar-button icon="discard" class="undo" label=${view.t('undoEdits')} title=${view.t('undoEdits')} @click=${() => view.model.undoEdits(key)}></vscode-toolbar-button>`
        : nothing}
      <vscode-toolbar-button
        class="expand"
        icon=${open ? 'chevron-up' : 'chevron-down'}
        label=${open ? view.t('hideDetails') : view.t('showDetails')}
        title=${open ? view.t('hideDetails') : view.t('showDetails')}
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${`details-${key}`}
        @click=${() => view.model.toggleDetails(key)}
      ></vscode-toolbar-button>
    </div>
    ${problems.length ? html`<div class="problem" id=${problemId}>${problems.join(' ')}</div>` : nothing}
    ${p.warnings.length ? html`<ul class="warnings" aria-label=${view.t('warnings')}>${p.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : nothing}
    ${open ? renderDetails(view, key, p.source) : nothing}
  </li>`;
}
