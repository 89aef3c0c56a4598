// The AI's proposed changes to an item, field by field, as diffs with Accept / Reject.
// Render helpers of <flowcast-editor>; what is pending and what accepting does is in proposal.ts.
import { html, nothing } from 'lit';
import type { DiffSegment, EditableFieldKey, FieldChange } from '../../src/core/protocol';
import type { EditorApp } from './editor-app';
import { pendingChanges } from './proposal';

/** Item mode: the AI's proposed changes, field by field, each with Accept / Reject. */
export function renderProposal(app: EditorApp) {
  const p = app.state?.proposal;
  const pending = pendingChanges(p, app.decided);
  const showHint = app.accepted.length > 0 && app.dirty;
  if (!p || (!pending.length && !showHint)) return nothing;
  const fields = pending.map((c) => c.field);
  return html`<section id="proposal" class="proposal" aria-label=${app.t('proposal')}>
    <h2>
      <vscode-icon name="sparkle"></vscode-icon>${app.t('proposal')} ${pending.length ? html`<span class="muted">(${pending.length})</span>` : nothing}
      ${pending.length
        ? html`<span class="actions">
            <vscode-button id="accept-all" @click=${() => app.decide(fields, true)}>${app.t('acceptAll')}</vscode-button>
            <vscode-button secondary id="reject-all" @click=${() => app.decide(fields, false)}>${app.t('rejectAll')}</vscode-button>
          </span>`
        : nothing}
    </h2>
    ${p.note ? html`<p class="note" id="proposal-note">${p.note}</p>` : nothing}
    ${pending.some((c) => c.changedSince) ? html`<div class="stale" role="status" id="proposal-stale"><span>${app.t('proposalStale')}</span></div>` : nothing}
    ${showHint ? html`<p class="hint" id="accepted-hint">${app.t('acceptedHint')}</p>` : nothing}
    ${pending.map(
      (c) =>
        html`<div class="change" data-field=${c.field}>
          <div class="change-head">
            <strong>${app.t(c.field)}</strong>
            ${c.changedSince ? html`<span class="badge">${app.t('changedSince')}</span>` : nothing}
            <span class="spacer"></span>
            <vscode-button class="accept" title=${`${app.t('accept')}: ${app.t(c.field)}`} @click=${() => app.decide([c.field], true)}>${app.t('accept')}</vscode-button>
            <vscode-button secondary class="reject" title=${`${app.t('reject')}: ${app.t(c.field)}`} @click=${() => app.decide([c.field], false)}>${app.t('reject')}</vscode-button>
          </div>
          ${renderDiff(app, c)}
        </div>`,
    )}
  </section>`;
}

function renderDiff(app: EditorApp, c: FieldChange) {
  const d = c.diff;
  switch (d.kind) {
    case 'value':
      return html`<div class="diff diff-value">
        <span class="sr-only">${app.t('before')}:</span><del class="diff-del">${valueLabel(app, c.field, d.before)}</del>
        <span aria-hidden="true">→</span>
        <span class="sr-only">${app.t('after')}:</span><ins class="diff-ins">${valueLabel(app, c.field, d.after)}</ins>
      </div>`;
    case 'text': {
      const before = d.segments.filter((x) => x.op !== 'ins').map((x) => x.text).join('');
      const after = d.segments.filter((x) => x.op !== 'del').map((x) => x.text).join('');
      return html`<div class="diff diff-text">${renderSegments(d.segments)}</div>
        ${before.includes('\n') || after.includes('\n') || before.length + after.length > 160
          ? html`<details class="both">
              <summary>${app.t('before')} / ${app.t('after')}</summary>
              <div class="cols">
                <div><h4>${app.t('before')}</h4><div class="pre before">${before || app.t('emptyValue')}</div></div>
                <div><h4>${app.t('after')}</h4><div class="pre after">${after || app.t('emptyValue')}</div></div>
              </div>
            </details>`
          : nothing}`;
    }
    case 'list': {
      const mark = { eq: '', ins: '+', del: '−', chg: '~' } as const;
      const what = { eq: '', ins: app.t('added'), del: app.t('removed'), chg: app.t('changed') } as const;
      return html`<ul class="diff diff-list">
        ${d.rows.map(
          (r) =>
            html`<li class=${`row row-${r.op}`}>
              <span class="mark" title=${what[r.op]} aria-hidden="true">${mark[r.op]}</span>${r.op !== 'eq' ? html`<span class="sr-only">${what[r.op]}:</span>` : nothing}
              <span class="row-text">${renderSegments(r.segments)}</span>
            </li>`,
        )}
      </ul>`;
    }
  }
}

/** A choice's label (type, status, priority) for a value diff; null is "None". */
function valueLabel(app: EditorApp, field: EditableFieldKey, v: string | null): string {
  if (v === null) return app.t('none');
  if (v === '') return app.t('emptyValue');
  if (field === 'type') return app.state?.types.find((t) => t.key === v)?.label ?? v;
  if (field === 'status') return app.state?.statuses.find((x) => x.key === v)?.label ?? v;
  if (field === 'priority') return app.t(v);
  return v;
}

function renderSegments(segments: DiffSegment[]) {
  return segments.map((x) =>
    x.op === 'ins' ? html`<ins class="diff-ins">${x.text}</ins>` : x.op === 'del' ? html`<del class="diff-del">${x.text}</del>` : html`<span class="diff-eq">${x.text}</span>`,
  );
}

