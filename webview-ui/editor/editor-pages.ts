// The editor's two page layouts: an item (toolbar header, proposal, form, relations, sections) and
// a new item drafted by AI (Create / Discard, AI banner); both show the same banners and form.
import { html, nothing } from 'lit';
import type { EditorApp } from './editor-app';
import { renderForm } from './form-fields';
import { renderAnalysis, renderAttachments, renderHistory, renderLinks, renderWorkItem } from './item-sections';
import './item-forecast';
import { renderProposal } from './proposal-view';
import { renderDraftRelations, renderRelations } from './relations-section';

function renderBanners(app: EditorApp) {
  return html`${app.error
    ? html`<div class="error" role="alert"><span>${app.error}</span><vscode-toolbar-button icon="close" label="×" @click=${() => (app.error = undefined)}></vscode-toolbar-button></div>`
    : nothing}
  ${app.notice ? html`<div class="notice" role="status" id="notice">${app.notice}</div>` : nothing}
  ${app.stale ? html`<div class="stale" role="status"><span>${app.t('changedElsewhere')}</span><vscode-button secondary @click=${() => app.reload()}>${app.t('reload')}</vscode-button></div>` : nothing}`;
}

/** Draft mode: a new item proposed by AI, created only by "Create item". */
export function renderDraft(app: EditorApp) {
  const draft = app.state!.newItem!;
  const problem = app.titleProblem();
  return html`
    <header>
      <span class="id" id="draft-label">${app.t('newItem')}</span>
      ${app.dirty ? html`<span class="dirty" id="dirty" title=${app.t('unsaved')}>● ${app.t('unsaved')}</span>` : nothing}
      <span class="spacer"></span>
      <vscode-button secondary icon="references" id="ai-relations" title=${app.t('suggestRelations')} aria-label=${app.t('suggestRelations')} ?disabled=${app.aiBusy} @click=${() => app.ai('suggestRelations')}><span class="label">${app.t('suggestRelations')}</span></vscode-button>
      <vscode-button secondary id="discard" @click=${() => app.discard()}>${app.t('discard')}</vscode-button>
      <vscode-button id="create" ?disabled=${!!problem || app.creating} @click=${() => app.create()}>${app.t('createItem')}</vscode-button>
    </header>
    <div class="ai-banner" role="status" id="ai-banner">
      <vscode-icon name="sparkle"></vscode-icon>
      <div>
        <strong>${app.t('aiBanner')}</strong>
        <div class="muted">${app.t('aiBannerHint')}</div>
        ${draft.note ? html`<p class="note" id="draft-note">${draft.note}</p>` : nothing}
      </div>
    </div>
    ${renderBanners(app)} ${renderForm(app)} ${renderDraftRelations(app)}
    <section id="attachments">
      <h2>${app.t('attachments')}</h2>
      <p class="muted hint">${app.t('draftAttachments')}</p>
    </section>
  `;
}

/** Item mode: the item's header (AI, copy, archive, Cancel, Save) and all its sections. */
export function renderItem(app: EditorApp) {
  const item = app.state!.item!;
  const problem = app.titleProblem();
  return html`
    <header>
      <span class="id">${item.id}</span>
      ${app.dirty ? html`<span class="dirty" id="dirty" title=${app.t('unsaved')}>● ${app.t('unsaved')}</span>` : nothing}
      <span class="spacer"></span>
      <vscode-button secondary icon="wand" id="ai-refine" title=${app.t('refine')} aria-label=${app.t('refine')} ?disabled=${app.aiBusy} @click=${() => app.ai('refine')}><span class="label">${app.t('refine')}</span></vscode-button>
      <vscode-toolbar-button
        icon="references"
        id="ai-relations"
        label=${app.t('suggestRelations')}
        title=${app.t('suggestRelations')}
        ?disabled=${app.aiBusy}
        @click=${() => app.ai('suggestRelations')}
      ></vscode-toolbar-button>
      <vscode-toolbar-button icon="markdown" label=${app.t('copyMarkdown')} title=${app.t('copyMarkdown')} @click=${() => app.act('copyMarkdown')}></vscode-toolbar-button>
      <vscode-toolbar-button icon="sparkle" label=${app.t('copyPrompt')} title=${app.t('copyPrompt')} @click=${() => app.act('copyPrompt')}></vscode-toolbar-button>
      ${item.archivedAt
        ? html`<vscode-button secondary @click=${() => app.act('restore')}>${app.t('restore')}</vscode-button>`
        : html`<vscode-toolbar-button icon="archive" label=${app.t('archive')} title=${app.t('archive')} @click=${() => app.act('archive')}></vscode-toolbar-button>`}
      <vscode-button secondary id="cancel" ?disabled=${!app.dirty} @click=${() => app.cancel()}>${app.t('cancel')}</vscode-button>
      <vscode-button id="save" ?disabled=${!app.dirty || !!problem || app.saving} @click=${() => app.save()}>${app.t('save')}</vscode-button>
    </header>
    ${renderBanners(app)} ${renderProposal(app)} ${renderForm(app)} ${renderRelations(app)} ${renderAnalysis(app)} ${renderAttachments(app, item)} ${renderLinks(app, item)} ${renderWorkItem(app, item)}
    <fc-item-forecast .itemId=${item.id} .locale=${app.init?.locale ?? 'en'} .t=${(k: string) => app.t(k)}></fc-item-forecast>
    ${renderHistory(app, item)}
  `;
}
