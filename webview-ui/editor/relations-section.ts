// The editor's relations: an item's relations (removable chips), a draft's pending relations, and
// the "kind + item ID + Add" row under both. Render helpers of <flowcast-editor>.
import { html, nothing } from 'lit';
import type { EditorApp } from './editor-app';

export type RelKind = 'blocks' | 'blocked-by' | 'relates' | 'duplicates';

export function renderRelations(app: EditorApp) {
  const r = app.state!.item!.relations;
  const groups: [RelKind | 'duplicatedBy', string[]][] = [
    ['blocks', r.blocks],
    ['blocked-by', r.blockedBy],
    ['relates', r.relates],
    ['duplicates', r.duplicates],
    ['duplicatedBy', r.duplicatedBy],
  ];
  const title = (id: string) => app.state!.others.find((o) => o.id === id)?.title ?? '';
  return html`<section id="relations">
    <h2>${app.t('relations')}</h2>
    ${groups.every(([, ids]) => !ids.length) ? html`<div class="muted">${app.t('empty')}</div>` : nothing}
    ${groups
      .filter(([, ids]) => ids.length)
      .map(
        ([kind, ids]) =>
          html`<div>
            <span class="muted">${app.t(kind)}:</span>
            <span class="chips">
              ${ids.map(
                (id) =>
                  html`<span class="chip" data-relation=${`${kind}:${id}`} title=${title(id)}
                    >${id}${kind !== 'duplicatedBy'
                      ? html`<vscode-toolbar-button icon="close" label=${`${app.t('remove')} ${id}`} @click=${() => app.relation('remove', kind, id)}></vscode-toolbar-button>`
                      : nothing}</span
                  >`,
              )}
            </span>
          </div>`,
      )}
    ${renderRelationAdd(app, (kind, other) => app.relation('add', kind, other))}
  </section>`;
}

/** Draft mode: the relations the item will get on Create (removable; more can be added). */
export function renderDraftRelations(app: EditorApp) {
  const rels = app.state!.newItem!.relations;
  const title = (id: string) => app.state!.others.find((o) => o.id === id)?.title ?? '';
  return html`<section id="relations">
    <h2>${app.t('relations')}</h2>
    <p class="muted hint">${app.t('pendingRelations')}</p>
    ${rels.length
      ? html`<div class="chips" id="pending-relations">
          ${rels.map(
            (r) =>
              html`<span class="chip" data-relation=${`${r.kind}:${r.other}`} title=${title(r.other)}
                ><span class="muted">${app.t(r.kind)}:</span> ${r.other}<vscode-toolbar-button
                  icon="close"
                  label=${`${app.t('remove')} ${r.other}`}
                  @click=${() => app.draftRelation('removeRelation', r.kind, r.other)}
                ></vscode-toolbar-button
              ></span>`,
          )}
        </div>`
      : html`<div class="muted">${app.t('empty')}</div>`}
    ${renderRelationAdd(app, (kind, other) => app.draftRelation('addRelation', kind, other))}
  </section>`;
}

/** The "kind + item ID + Add" row under the relations. */
function renderRelationAdd(app: EditorApp, add: (kind: RelKind, other: string) => unknown) {
  return html`<div class="rel-add">
    <select id="rel-kind" aria-label=${app.t('relations')} .value=${app.relKind} @change=${(e: Event) => (app.relKind = (e.target as HTMLSelectElement).value as RelKind)}>
      ${(['blocks', 'blocked-by', 'relates', 'duplicates'] as RelKind[]).map((k) => html`<option value=${k} ?selected=${k === app.relKind}>${app.t(k)}</option>`)}
    </select>
    <input
      class="native"
      id="rel-id"
      list="rel-ids"
      placeholder=${app.t('relationId')}
      aria-label=${app.t('relationId')}
      .value=${app.relId}
      @input=${(e: Event) => (app.relId = (e.target as HTMLInputElement).value)}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && add(app.relKind, app.relId)}
    />
    <datalist id="rel-ids">${app.state!.others.map((o) => html`<option value=${o.id}>${o.title}</option>`)}</datalist>
    <vscode-button secondary icon="add" id="rel-add" @click=${() => add(app.relKind, app.relId)}>${app.t('add')}</vscode-button>
  </div>`;
}

