// The review list of a bulk extraction: every proposal with a checkbox, editable inline, then ONE
// import of the selection. Proposals may keep arriving while the list is open (the extraction
// streams); the user's edits and choices are kept in this page and sent only on import.
// Everything the AI wrote is untrusted: it is rendered as text only (lit text bindings).
// This element holds the page state and talks to the host; the edits and the selection are kept in
// a ReviewModel, the rows, fields and toolbar are render helpers, the styles their own module.
import { LitElement, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { CancelExtraction, DiscardReview, ImportProposals, Init, type InitParams, type ReviewState, ReviewStateChanged } from '../../src/core/protocol';
import { host, onProtocolError } from '../shared/host';
import { fillPlaceholders } from '../shared/text-format';
import { sharedStyles, tracked } from '../shared/ui';
import { renderRow } from './proposal-row';
import { type ListKey, ReviewModel } from './review-model';
import { reviewStyles } from './review-styles';
import { renderSelectionToolbar } from './review-toolbar';
import type { ReviewView } from './review-view';

export class ReviewApp extends LitElement implements ReviewView {
  static override properties = {
    state: { state: true },
    init: { state: true },
    rev: { state: true },
    busy: { state: true },
    error: { state: true },
    fixAsked: { state: true },
  };

  declare state: ReviewState | undefined;
  declare init: InitParams | undefined;
  /** Bumped on every local change (edits, selection), to re-render. */
  declare rev: number;
  declare busy: boolean;
  declare error: string | undefined;
  /** An import was refused because selected rows need a fix: say so until they are fixed. */
  declare fixAsked: boolean;

  /** The user's edits, selection and opened details, kept here until the import. */
  readonly model = new ReviewModel(this);

  constructor() {
    super();
    this.rev = 0;
    this.busy = false;
    this.fixAsked = false;
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
    });
    host.onNotification(ReviewStateChanged, (s) => this.receive(s));
    onProtocolError((e) => (this.error = e.message));
  }

  protected override willUpdate(): void {
    // The rows that needed a fix are fixed: the message goes.
    if (this.fixAsked && !this.model.needingFix().length) this.fixAsked = false;
  }

  t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.length ? fillPlaceholders(s, args) : s;
  }

  private receive(s: ReviewState): void {
    this.model.receive(s);
    this.state = s;
  }

  bump(): void {
    this.rev++;
  }

  // ---------------------------------------------------------------- actions

  private async importSelected(): Promise<void> {
    if (this.busy) return;
    const keys = this.model.selectedKeys();
    if (!keys.length) {
      this.error = this.t('nothingSelected');
      return;
    }
    const bad = this.model.needingFix();
    if (bad.length) {
      this.fixAsked = true;
      this.focusRow(bad[0]);
      return;
    }
    // On success the host closes this panel; on failure the edits stay and the message shows.
    await tracked(this, () => host.request(ImportProposals, { items: keys.map((k) => this.model.selection(k)) }));
  }

  private async cancelExtraction(): Promise<void> {
    await tracked(this, () => host.request(CancelExtraction, {}));
  }

  private async discard(): Promise<void> {
    await tracked(this, () => host.request(DiscardReview, {}));
  }

  private focusRow(key: string): void {
    void this.updateComplete.then(() => {
      const row = this.renderRoot.querySelector<HTMLElement>(`li.row[data-key="${key}"]`);
      row?.scrollIntoView({ block: 'nearest' });
      row?.focus();
    });
  }

  /** After "Add": the new (last) entry of a list gets the focus, ready to type in. */
  focusNewEntry(key: string, list: ListKey | 'criteria'): void {
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`li.row[data-key="${key}"] section[data-list="${list}"] ul.entries > li:last-child input.text`)?.focus();
    });
  }

  // ---------------------------------------------------------------- rendering

  static override styles = [sharedStyles, reviewStyles];

  override render() {
    const s = this.state;
    if (!s || !this.init) return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.init ? this.t('loading') : ''}</div>`;
    const total = s.proposals.length;
    const count = this.model.selectedKeys().length;
    const running = s.running;
    const fix = this.fixAsked ? this.model.needingFix().length : 0;
    return html`
      <header>
        <h1>${this.t('heading')}</h1>
        ${s.backlogName ? html`<span class="into">${this.t('into', s.backlogName)}</span>` : nothing}
        <span class="spacer"></span>
        ${running ? html`<vscode-button secondary id="cancel" icon="debug-stop" ?disabled=${this.busy} @click=${() => this.cancelExtraction()}>${this.t('cancelExtraction')}</vscode-button>` : nothing}
        <vscode-button secondary id="discard" ?disabled=${this.busy} @click=${() => this.discard()}>${this.t('discard')}</vscode-button>
        <vscode-button id="import" ?disabled=${count === 0 || this.busy} @click=${() => this.importSelected()}>${count ? this.t('importCount', count) : this.t('import')}</vscode-button>
      </header>
      ${running
        ? html`<div class="progress">
            <vscode-progress-bar id="progress" aria-label=${this.t('runningStart')} .value=${running.total ? running.done : undefined} .max=${running.total || 1} ?indeterminate=${!running.total}></vscode-progress-bar>
            <span role="status" aria-live="polite">${running.total ? this.t('running', running.done, running.total) : this.t('runningStart')}</span>
          </div>`
        : nothing}
      ${s.problem ? html`<div class="notice" role="status" id="problem">${s.problem}</div>` : nothing}
      ${fix ? html`<div class="error" role="alert" id="fix-first"><span>${this.t('fixFirst', fix)}</span></div>` : nothing}
      ${this.error
        ? html`<div class="error" role="alert" id="error"><span>${this.error}</span><vscode-toolbar-button icon="close" label=${this.t('close')} @click=${() => (this.error = undefined)}></vscode-toolbar-button></div>`
        : nothing}
      ${total ? renderSelectionToolbar(this, s, count, total) : html`<p class="muted" id="empty">${running ? this.t('waiting') : this.t('nothing')}</p>`}
      <ul class="rows" aria-label=${this.t('heading')}>
        ${repeat(
          s.proposals,
          (p) => p.key,
          (p, i) => renderRow(this, p, i),
        )}
      </ul>
    `;
  }
}

customElements.define('flowcast-review', ReviewApp);
document.body.append(document.createElement('flowcast-review'));
