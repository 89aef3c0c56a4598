// <fc-source>: where the forecast's history comes from: the local backlog, a saved view of the
// board (its open items are the default count), the synced Azure DevOps items (once a sync ran),
// typed samples, or a CSV file the host reads after its open dialog. Emits "source-change" with the form fields it changed and "pick-csv".
import { LitElement, html, css, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { FormField, PanelForm } from '../../src/core/forecast/view';
import type { AdoChoice, ViewChoice } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { formStyles } from './form-styles';
import { errText, num, t } from './forecast-text';

export class SourcePicker extends LitElement {
  static override properties = { form: { attribute: false }, errors: { attribute: false }, views: { attribute: false }, azureDevOps: { attribute: false } };
  declare form: PanelForm | undefined;
  declare errors: Partial<Record<FormField, string>>;
  declare views: ViewChoice[];
  declare azureDevOps: AdoChoice | null;
  static override styles = [sharedStyles, forecastStyles, formStyles, css`:host { display: contents; } .csv { display: flex; gap: 6px; align-items: center; padding-top: 14px; }`];

  constructor() {
    super();
    this.errors = {};
    this.views = [];
    this.azureDevOps = null;
  }

  private change(p: Partial<PanelForm>): void {
    this.dispatchEvent(new CustomEvent('source-change', { detail: p, bubbles: true, composed: true }));
  }

  private onSelect(value: string): void {
    if (value.startsWith('view:')) this.change({ sourceKind: 'view', viewId: value.slice(5) });
    else this.change({ sourceKind: value as PanelForm['sourceKind'] });
  }

  private err(field: FormField) {
    const e = this.errors[field];
    return e ? html`<span class="err" id="err-${field}" role="alert" data-error=${field} data-message=${e}>${errText(field, e)}</span>` : nothing;
  }

  private samples(f: PanelForm) {
    return html`<label class="field"
        >${t('samples')}
        <textarea id="in-samples" .value=${f.samples} placeholder="3, 0, 5, 2" aria-invalid=${this.errors.samples ? 'true' : 'false'} @input=${(e: Event) => this.change({ samples: (e.target as HTMLTextAreaElement).value })}></textarea>${this.err('samples')}</label
      >
      <label class="field"
        >${t('per')}
        <select id="in-per" .value=${f.per} @change=${(e: Event) => this.change({ per: (e.target as HTMLSelectElement).value as PanelForm['per'] })}>
          <option value="day" ?selected=${f.per === 'day'}>${t('per.day')}</option>
          <option value="week" ?selected=${f.per === 'week'}>${t('per.week')}</option>
        </select></label
      >`;
  }

  private csv(f: PanelForm) {
    return html`<div class="csv">
      <vscode-button secondary id="in-csv" @click=${() => this.dispatchEvent(new CustomEvent('pick-csv', { bubbles: true, composed: true }))}>${t('source.csvPick')}</vscode-button>
      <span class="muted" data-csv-name>${f.csvName ? t('source.csvPicked', f.csvName, num(f.csvOpen ?? 0, 0)) : t('source.csvNone')}</span>
    </div>`;
  }

  override render() {
    const f = this.form;
    if (!f) return nothing;
    const selected = f.sourceKind === 'view' ? `view:${f.viewId ?? ''}` : f.sourceKind;
    return html`<label class="field"
        >${t('source')}
        <select id="in-source" .value=${selected} aria-invalid=${this.errors.sourceKind ? 'true' : 'false'} @change=${(e: Event) => this.onSelect((e.target as HTMLSelectElement).value)}>
          <option value="backlog" ?selected=${selected === 'backlog'}>${t('source.backlog')}</option>
          ${this.views.map((v) => html`<option value=${`view:${v.id}`} ?selected=${selected === `view:${v.id}`}>${t('source.view', v.name, num(v.openCount, 0))}</option>`)}
          ${this.azureDevOps || selected === 'azureDevOps'
            ? html`<option value="azureDevOps" ?selected=${selected === 'azureDevOps'}>${this.azureDevOps ? t('source.azureDevOps', this.azureDevOps.name, num(this.azureDevOps.openCount, 0)) : t('source.azureDevOpsNone')}</option>`
            : nothing}
          <option value="samples" ?selected=${selected === 'samples'}>${t('source.samples')}</option>
          <option value="csv" ?selected=${selected === 'csv'}>${t('source.csv')}</option>
        </select>${this.err('sourceKind')}</label
      >
      ${f.sourceKind === 'samples' ? this.samples(f) : nothing} ${f.sourceKind === 'csv' ? this.csv(f) : nothing}`;
  }
}

customElements.define('fc-source', SourcePicker);
