// <fc-export-bar>: the export buttons of the current tab (PNG of a chart, SVG of the calendar,
// JSON summary, CSV of per-item dates) and "Record in the ledger". Emits "export" / "record".
import { LitElement, html, css, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { forecastStyles } from './forecast-styles';
import { t } from './forecast-text';

export interface ExportChoice {
  kind: 'png' | 'svg' | 'json' | 'csv';
  /** For PNG: the chart id; for a CSV, "trials" marks the trial results (else the per-item dates). */
  chart?: string;
  label: string;
}

export class ExportBar extends LitElement {
  static override properties = { choices: { attribute: false }, canRecord: { type: Boolean }, status: {} };
  declare choices: ExportChoice[];
  declare canRecord: boolean;
  declare status: string;
  static override styles = [
    forecastStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        margin: 12px 0;
      }
    `,
  ];

  constructor() {
    super();
    this.choices = [];
    this.canRecord = false;
    this.status = '';
  }

  private fire(name: string, detail?: ExportChoice): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    if (!this.choices.length && !this.canRecord) return nothing;
    return html`<div class="bar" role="toolbar" aria-label=${t('exports')}>
      ${this.choices.map((c) => html`<vscode-button secondary data-export=${c.chart ? `${c.kind}:${c.chart}` : c.kind} @click=${() => this.fire('export', c)}>${c.label}</vscode-button>`)}
      ${this.canRecord ? html`<vscode-button secondary id="record" @click=${() => this.fire('record')}>${t('record')}</vscode-button>` : nothing}
      <span class="muted" role="status" data-export-status>${this.status}</span>
    </div>`;
  }
}

customElements.define('fc-export-bar', ExportBar);
