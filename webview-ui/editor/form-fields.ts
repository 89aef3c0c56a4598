// The editor's form: title, the choice and text fields of the grid, the two Markdown texts
// (edit / preview), the acceptance criteria and the other lists. Render helpers of <flowcast-editor>.
import { html, nothing } from 'lit';
import type { EditableFields } from '../../src/core/protocol';
import { IsoDateSchema } from '../../src/core/protocol/forecast';
import { renderMarkdown } from '../shared/markdown';
import type { EditorApp } from './editor-app';

type ListKey = 'specs' | 'reproSteps' | 'dependencies' | 'constraints';

/** The tags typed in the Tags field ("a, b," gives ["a", "b"]). */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Why the target date cannot be saved (a text that is not a real YYYY-MM-DD date), or null. */
export function targetDateProblem(f: Pick<EditableFields, 'targetDate'> | undefined): 'targetDateInvalid' | null {
  return f?.targetDate != null && !IsoDateSchema.safeParse(f.targetDate).success ? 'targetDateInvalid' : null;
}

/** The fields of the form (shared by an item and a draft). */
export function renderForm(app: EditorApp) {
  const s = app.state!;
  const f = app.fields!;
  const problem = app.titleProblem();
  return html`<label
      >${app.t('title')}
      <vscode-textfield id="f-title" class="title-field" .value=${f.title} ?invalid=${!!problem} @input=${(e: Event) => app.set('title', (e.target as HTMLInputElement).value)}></vscode-textfield>
      ${problem ? html`<span class="problem" role="alert">${problem}</span>` : nothing}
    </label>
    <div class="grid">
      ${renderSelect(app, 'type', s.types.map((t) => ({ value: t.key, label: t.label })), false)}
      ${renderSelect(app, 'status', s.statuses.map((x) => ({ value: x.key, label: x.label })), false)}
      ${renderSelect(app, 'priority', [{ value: 'high', label: app.t('high') }, { value: 'medium', label: app.t('medium') }, { value: 'low', label: app.t('low') }], true)}
      ${renderSelect(app, 'severity', ['P0', 'P1', 'P2', 'P3', 'P4'].map((v) => ({ value: v, label: v })), true)}
      ${renderSelect(app, 'effort', ['XS', 'S', 'M', 'L', 'XL'].map((v) => ({ value: v, label: v })), true)} ${renderTargetDate(app)}
      <label>${app.t('component')}<vscode-textfield id="f-component" .value=${f.component} @input=${(e: Event) => app.set('component', (e.target as HTMLInputElement).value)}></vscode-textfield></label>
      <label>${app.t('emoji')}<vscode-textfield id="f-emoji" .value=${f.emoji} maxlength="16" @input=${(e: Event) => app.set('emoji', (e.target as HTMLInputElement).value)}></vscode-textfield></label>
      <label
        >${app.t('tags')}<vscode-textfield
          id="f-tags"
          placeholder=${app.t('tagsHint')}
          .value=${app.tagsValue(f.tags)}
          @input=${(e: Event) => {
            // Every keystroke counts (typing ", demo" then Ctrl+S or closing the tab keeps it).
            app.tagsText = (e.target as HTMLInputElement).value;
            app.set('tags', parseTags(app.tagsText));
          }}
          @change=${() => {
            app.tagsText = undefined;
            app.requestUpdate();
          }}
        ></vscode-textfield
      ></label>
    </div>
    ${renderText(app, 'description')} ${renderText(app, 'userStory')} ${renderCriteria(app)} ${renderList(app, 'specs')} ${renderList(app, 'reproSteps')}
    ${renderList(app, 'dependencies')} ${renderList(app, 'constraints')}`;
}

function renderSelect(app: EditorApp, key: 'priority' | 'severity' | 'effort' | 'type' | 'status', known: { value: string; label: string }[], nullable: boolean) {
  const value = (app.fields?.[key] as string | null) ?? '';
  // A value the lists lack (a type an AI draft names, say) is still shown, as itself.
  const options = value && !known.some((o) => o.value === value) ? [{ value, label: value }, ...known] : known;
  return html`<label
    >${app.t(key)}
    <select
      id=${`f-${key}`}
      .value=${value}
      @input=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        app.set(key, (v === '' && nullable ? null : v));
      }}
    >
      ${nullable ? html`<option value="" ?selected=${value === ''}>${app.t('none')}</option>` : nothing}
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
    </select></label
  >`;
}

/** The target date: a date picker; empty = none. The page checks the text, the host again. */
function renderTargetDate(app: EditorApp) {
  const problem = targetDateProblem(app.fields);
  return html`<label
    >${app.t('targetDate')}
    <vscode-textfield
      id="f-targetDate"
      type="date"
      .value=${app.fields?.targetDate ?? ''}
      ?invalid=${!!problem}
      @input=${(e: Event) => {
        const v = (e.target as HTMLInputElement).value.trim();
        app.set('targetDate', v === '' ? null : v);
      }}
    ></vscode-textfield>
    ${problem ? html`<span class="problem" role="alert">${app.t(problem)}</span>` : nothing}
  </label>`;
}

function renderText(app: EditorApp, key: 'description' | 'userStory') {
  const f = app.fields!;
  const showPreview = app.preview[key] && f[key].trim() !== '';
  return html`<section>
    <h2>
      ${app.t(key)}
      <vscode-toolbar-button
        class="toggle"
        icon=${showPreview ? 'edit' : 'open-preview'}
        label=${showPreview ? app.t('edit') : app.t('preview')}
        title=${showPreview ? app.t('edit') : app.t('preview')}
        id=${`toggle-${key}`}
        @click=${() => (app.preview = { ...app.preview, [key]: !showPreview })}
      ></vscode-toolbar-button>
    </h2>
    ${showPreview
      ? html`<div class="md" id=${`md-${key}`} @dblclick=${() => (app.preview = { ...app.preview, [key]: false })}>${renderMarkdown(f[key])}</div>`
      : html`<vscode-textarea
          id=${`f-${key}`}
          rows=${key === 'description' ? 8 : 3}
          resize="vertical"
          .value=${f[key]}
          @input=${(e: Event) => app.set(key, (e.target as HTMLTextAreaElement).value)}
        ></vscode-textarea>`}
  </section>`;
}

function renderList(app: EditorApp, key: ListKey) {
  const list = app.fields![key];
  const setAt = (i: number, v: string) => app.set(key, list.map((x, j) => (j === i ? v : x)));
  const swap = (i: number, j: number) => {
    if (j < 0 || j >= list.length) return;
    const next = [...list];
    [next[i], next[j]] = [next[j], next[i]];
    app.set(key, next);
  };
  return html`<section data-list=${key}>
    <h2>${app.t(key)}</h2>
    <ul class="rows">
      ${list.map(
        (v, i) =>
          html`<li>
            <vscode-textfield aria-label=${`${app.t(key)} ${i + 1}`} .value=${v} @input=${(e: Event) => setAt(i, (e.target as HTMLInputElement).value)}></vscode-textfield>
            <vscode-toolbar-button icon="arrow-up" label=${app.t('moveUp')} ?disabled=${i === 0} @click=${() => swap(i, i - 1)}></vscode-toolbar-button>
            <vscode-toolbar-button icon="arrow-down" label=${app.t('moveDown')} ?disabled=${i === list.length - 1} @click=${() => swap(i, i + 1)}></vscode-toolbar-button>
            <vscode-toolbar-button icon="close" label=${app.t('remove')} @click=${() => app.set(key, list.filter((_, j) => j !== i))}></vscode-toolbar-button>
          </li>`,
      )}
    </ul>
    <vscode-button secondary icon="add" class="add" @click=${() => app.set(key, [...list, ''])}>${app.t('add')}</vscode-button>
  </section>`;
}

function renderCriteria(app: EditorApp) {
  const list = app.fields!.criteria;
  const setAt = (i: number, v: Partial<{ text: string; checked: boolean }>) => app.set('criteria', list.map((x, j) => (j === i ? { ...x, ...v } : x)));
  const done = list.filter((c) => c.checked).length;
  return html`<section data-list="criteria">
    <h2>${app.t('criteria')} <span class="muted">${list.length ? `${done}/${list.length}` : ''}</span></h2>
    <ul class="rows">
      ${list.map(
        (c, i) =>
          html`<li>
            <vscode-checkbox aria-label=${c.text} .checked=${c.checked} @change=${(e: Event) => setAt(i, { checked: (e.target as HTMLInputElement).checked })}></vscode-checkbox>
            <vscode-textfield aria-label=${`${app.t('criteria')} ${i + 1}`} .value=${c.text} @input=${(e: Event) => setAt(i, { text: (e.target as HTMLInputElement).value })}></vscode-textfield>
            <vscode-toolbar-button icon="close" label=${app.t('remove')} @click=${() => app.set('criteria', list.filter((_, j) => j !== i))}></vscode-toolbar-button>
          </li>`,
      )}
    </ul>
    <vscode-button secondary icon="add" class="add" @click=${() => app.set('criteria', [...list, { text: '', checked: false }])}>${app.t('add')}</vscode-button>
  </section>`;
}

