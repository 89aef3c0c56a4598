// The item's read-mostly sections under the form: the AI analysis, the attachments (thumbnails,
// remove, attach; a drop target), the code links and the status history. Render helpers of <flowcast-editor>.
import { html, nothing } from 'lit';
import type { EditorItem } from '../../src/core/protocol';
import type { EditorApp } from './editor-app';

/**
 * The item's AI priority from the last backlog analysis: the score (the board's sparkle badge),
 * the rationale, the factors and when/with what it was analysed; marked outdated when the item
 * changed since. Nothing when the item was never analysed. Everything is rendered as text.
 */
export function renderAnalysis(app: EditorApp) {
  const a = app.state?.analysis;
  if (!a) return nothing;
  const label = app.tf('aiScoreLabel', a.score);
  const when = new Date(a.analysedAt);
  const date = Number.isNaN(when.getTime()) ? a.analysedAt : when.toLocaleString(app.init?.locale);
  const by = [a.provider, a.model].filter(Boolean).join('/');
  return html`<section id="ai-analysis" class=${a.stale ? 'ai-analysis is-stale' : 'ai-analysis'} aria-label=${app.t('aiPriority')}>
    <h2>
      ${app.t('aiPriority')}
      <span class=${a.stale ? 'badge ai stale' : 'badge ai'} id="ai-score" role="img" title=${label} aria-label=${label}><vscode-icon name="sparkle" size="12"></vscode-icon>${a.score}</span>
      ${a.stale ? html`<span class="badge outdated" id="ai-outdated">${app.t('aiOutdated')}</span>` : nothing}
    </h2>
    ${a.stale ? html`<p class="hint" id="ai-stale-hint">${app.t('aiOutdatedHint')}</p>` : nothing}
    ${a.rationale ? html`<p class="note" id="ai-rationale">${a.rationale}</p>` : nothing}
    ${a.factors.length
      ? html`<ul class="factors" id="ai-factors" aria-label=${app.t('aiFactors')}>
          ${a.factors.map((f) => html`<li><strong class="factor-name">${f.name}</strong>${f.name && f.note ? ' — ' : ''}<span class="factor-note">${f.note}</span></li>`)}
        </ul>`
      : nothing}
    <p class="muted meta" id="ai-meta">${by ? app.tf('aiAnalysedWith', date, by) : date}</p>
  </section>`;
}

export function renderAttachments(app: EditorApp, item: EditorItem) {
  return html`<section id="attachments" class=${app.dropping ? 'dropping' : ''}>
    <h2>${app.t('attachments')}</h2>
    <div class="thumbs">
      ${item.attachments.map(
        (a) =>
          html`<figure>
            ${a.image && a.uri ? html`<img src=${a.uri} alt=${a.name} />` : html`<vscode-icon name="file" size="32"></vscode-icon>`}
            <figcaption>${a.name}<vscode-toolbar-button icon="close" label=${`${app.t('remove')} ${a.name}`} @click=${() => app.act('removeAttachment', { path: a.path })}></vscode-toolbar-button></figcaption>
          </figure>`,
      )}
    </div>
    <p class="muted hint">${app.t('pasteHint')}</p>
    <vscode-button secondary icon="file-add" @click=${() => app.act('attachFile')}>${app.t('attach')}</vscode-button>
  </section>`;
}

export function renderLinks(app: EditorApp, item: EditorItem) {
  return item.links.length
    ? html`<section>
        <h2>${app.t('links')}</h2>
        ${item.links.map((l) => html`<div><button class="link" @click=${() => app.act('openLink', { path: l.file, line: l.line })}>${l.file}:${l.line}</button></div>`)}
      </section>`
    : nothing;
}

/** The Azure DevOps work item the item was published as (opens in the browser); nothing when never published. */
export function renderWorkItem(app: EditorApp, item: EditorItem) {
  return typeof item.workItem === 'number'
    ? html`<section id="work-item">
        <h2>Azure DevOps</h2>
        <button class="link" @click=${() => app.act('openWorkItem')}>${app.tf('openWorkItem', item.workItem)}</button>
      </section>`
    : nothing;
}

export function renderHistory(app: EditorApp, item: EditorItem) {
  const s = app.state!;
  const fmt = (iso: string) => new Date(iso).toLocaleString(app.init?.locale);
  const statusLabel = (k: string | null) => (k ? (s.statuses.find((x) => x.key === k)?.label ?? k) : '');
  return html`<section>
    <h2>${app.t('history')}</h2>
    <ol class="timeline" id="history">
      ${item.history.map((h) => html`<li>${h.from ? `${statusLabel(h.from)} → ` : ''}${statusLabel(h.to)} · ${fmt(h.at)}</li>`)}
    </ol>
    <p class="muted">${app.t('created')} ${fmt(item.createdAt)} · ${app.t('updated')} ${fmt(item.updatedAt)}${item.archivedAt ? ` · ${app.t('archived')} ${fmt(item.archivedAt)}` : ''}</p>
  </section>`;
}
