// Render helpers for a proposal's fields: a choice (type, status, priority, severity, effort) as a
// select, and the details section (component, emoji, tags, texts, criteria and the lists of text
// entries, the source quote). Everything is bound as text: what the AI wrote is untrusted.
import { html, nothing } from 'lit';
import { LISTS, type ListKey } from './review-model';
import type { ReviewView } from './review-view';

export type ChoiceKey = 'type' | 'status' | 'priority' | 'severity' | 'effort';

const PRIORITIES = ['high', 'medium', 'low'] as const;
const SEVERITIES = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
const EFFORTS = ['XS', 'S', 'M', 'L', 'XL'] as const;

export function renderChoice(view: ReviewView, key: string, field: ChoiceKey, index: number) {
  const s = view.state!;
  const f = view.model.fieldsOf(key);
  const value = f[field] ?? '';
  let options: { value: string; label: string }[];
  let nullable = false;
  if (field === 'type') options = s.types.map((t) => ({ value: t.key, label: t.label }));
  else if (field === 'status') options = s.statuses.map((x) => ({ value: x.key, label: x.label }));
  else if (field === 'priority') {
    options = PRIORITIES.map((p) => ({ value: p, label: view.t(p) }));
    nullable = true;
  } else if (field === 'severity') {
    options = SEVERITIES.map((v) => ({ value: v, label: v }));
    nullable = true;
  } else {
    options = EFFORTS.map((v) => ({ value: v, label: v }));
    nullable = true;
  }
  // A value the backlog does not have (the AI's guess) stays visible until the user picks one.
  const unknown = !nullable && !options.some((o) => o.value === value);
  return html`<select
    class=${field}
    aria-label=${`${view.t(field)} (${view.t('proposal', index + 1)})`}
    title=${view.t(field)}
    aria-invalid=${unknown ? 'true' : 'false'}
    .value=${value}
    @change=${(e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      view.model.set(key, field, v === '' && nullable ? null : v);
    }}
  >
    ${nullable ? html`<option value="" ?selected=${value === ''}>${view.t(field)}: ${view.t('none')}</option>` : nothing}
    ${unknown ? html`<option value=${value} selected disabled>${value || '—'}</option>` : nothing}
    ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
  </select>`;
}

export function renderDetails(view: ReviewView, key: string, source: string | undefined) {
  const f = view.model.fieldsOf(key);
  const criteria = f.criteria;
  const setCriterion = (i: number, c: Partial<{ text: string; checked: boolean }>) =>
    view.model.set(
      key,
      'criteria',
      view.model.fieldsOf(key).criteria.map((x, j) => (j === i ? { ...x, ...c } : x)),
    );
  const criteriaHead = `criteria-${key}`;
  return html`<div class="details" id=${`details-${key}`}>
    <div class="fields">
      <label
        >${view.t('component')}
        <input class="text component" maxlength="200" .value=${f.component} @input=${(e: Event) => view.model.set(key, 'component', (e.target as HTMLInputElement).value)}
      /></label>
      <label class="short"
        >${view.t('emoji')}
        <input class="text emoji" maxlength="16" .value=${f.emoji} @input=${(e: Event) => view.model.set(key, 'emoji', (e.target as HTMLInputElement).value)}
      /></label>
      <label class="wide"
        >${view.t('tags')}
        <input
          class="text tags"
          placeholder=${view.t('tagsHint')}
          .value=${f.tags.join(', ')}
          @change=${(e: Event) =>
            view.model.set(
              key,
              'tags',
              (e.target as HTMLInputElement).value
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            )}
      /></label>
    </div>
    <label
      >${view.t('description')}
      <textarea class="description" rows="4" .value=${f.description} @input=${(e: Event) => view.model.set(key, 'description', (e.target as HTMLTextAreaElement).value)}></textarea>
    </label>
    <label
      >${view.t('userStory')}
      <textarea class="user-story" rows="2" .value=${f.userStory} @input=${(e: Event) => view.model.set(key, 'userStory', (e.target as HTMLTextAreaElement).value)}></textarea>
    </label>
    <div class="lists">
      <section class="list" data-list="criteria" role="group" aria-labelledby=${criteriaHead}>
        <h3 id=${criteriaHead}>${view.t('criteria')}</h3>
        <ul class="entries criteria">
          ${criteria.map(
            (c, i) =>
              html`<li>
                <input
                  type="checkbox"
                  class="check"
                  aria-label=${`${view.t('criteria')} ${i + 1}: ${view.t('done')}`}
                  title=${view.t('done')}
                  .checked=${c.checked}
                  @change=${(e: Event) => setCriterion(i, { checked: (e.target as HTMLInputElement).checked })}
                />
                <input class="text" maxlength="10000" aria-label=${`${view.t('criteria')} ${i + 1}`} .value=${c.text} @input=${(e: Event) => setCriterion(i, { text: (e.target as HTMLInputElement).value })} />
                ${renderRemoveButton(view, view.t('criteria'), i, () =>
                  view.model.set(
                    key,
                    'criteria',
                    view.model.fieldsOf(key).criteria.filter((_, j) => j !== i),
                  ),
                )}
              </li>`,
          )}
        </ul>
        ${renderAddButton(view, 'add add-criterion', () => {
          view.model.set(key, 'criteria', [...view.model.fieldsOf(key).criteria, { text: '', checked: false }]);
          view.focusNewEntry(key, 'criteria');
        })}
      </section>
      ${LISTS.map((list) => renderList(view, key, list))}
    </div>
    ${source !== undefined
      ? html`<div>
          <h3>${view.t('source')}</h3>
          <blockquote class="source">${source}</blockquote>
        </div>`
      : nothing}
  </div>`;
}

/** One list of text entries (specifications, steps…): a field per entry, Remove, Add. */
function renderList(view: ReviewView, key: string, list: ListKey) {
  const entries = view.model.fieldsOf(key)[list];
  const head = `${list}-${key}`;
  const setAt = (i: number, v: string) =>
    view.model.set(
      key,
      list,
      view.model.fieldsOf(key)[list].map((x, j) => (j === i ? v : x)),
    );
  return html`<section class="list" data-list=${list} role="group" aria-labelledby=${head}>
    <h3 id=${head}>${view.t(list)}</h3>
    <ul class="entries">
      ${entries.map(
        (v, i) =>
          html`<li>
            <input class="text" maxlength="10000" aria-label=${`${view.t(list)} ${i + 1}`} .value=${v} @input=${(e: Event) => setAt(i, (e.target as HTMLInputElement).value)} />
            ${renderRemoveButton(view, view.t(list), i, () =>
              view.model.set(
                key,
                list,
                view.model.fieldsOf(key)[list].filter((_, j) => j !== i),
              ),
            )}
          </li>`,
      )}
    </ul>
    ${renderAddButton(view, 'add', () => {
      view.model.set(key, list, [...view.model.fieldsOf(key)[list], '']);
      view.focusNewEntry(key, list);
    })}
  </section>`;
}

/** The Remove button of entry `i` of a list named `listName`. */
function renderRemoveButton(view: ReviewView, listName: string, i: number, remove: () => void) {
  return html`<vscode-toolbar-button icon="close" label=${`${view.t('remove')}: ${listName} ${i + 1}`} title=${view.t('remove')} @click=${remove}></vscode-toolbar-button>`;
}

/** The Add button under a list (`className`: its classes). */
function renderAddButton(view: ReviewView, className: string, add: () => void) {
  return html`<vscode-button secondary icon="add" class=${className} @click=${add}>${view.t('add')}</vscode-button>`;
}
