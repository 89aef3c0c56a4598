// <fc-inputs>: the inputs form (source, mode, target date or item count, start, trials, seed,
// history window and the engine's knobs; the source is <fc-source>). Emits "form-change" with the whole form on every edit;
// shows the problems it is given inline next to their field (aria-invalid + message).
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { FormField, PanelForm } from '../../src/core/forecast/view';
import type { AdoChoice, ViewChoice } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { formStyles } from './form-styles';
import './source-picker';
import { errText, num, t } from './forecast-text';

export class ForecastInputs extends LitElement {
  static override properties = { form: { attribute: false }, errors: { attribute: false }, openCount: { type: Number }, views: { attribute: false }, azureDevOps: { attribute: false } };
  declare form: PanelForm | undefined;
  declare views: ViewChoice[];
  declare azureDevOps: AdoChoice | null;
  declare errors: Partial<Record<FormField, string>>;
  declare openCount: number;

  static override styles = [
    sharedStyles,
    forecastStyles,
    formStyles,
  ];

  constructor() {
    super();
    this.errors = {};
    this.openCount = 0;
    this.views = [];
    this.azureDevOps = null;
  }

  private patch(p: Partial<PanelForm>): void {
    if (this.form) this.dispatchEvent(new CustomEvent('form-change', { detail: { ...this.form, ...p }, bubbles: true, composed: true }));
  }

  private set<K extends keyof PanelForm>(key: K, value: PanelForm[K]): void {
    if (!this.form) return;
    this.dispatchEvent(new CustomEvent('form-change', { detail: { ...this.form, [key]: value }, bubbles: true, composed: true }));
  }

  private err(field: FormField) {
    const e = this.errors[field];
    return e ? html`<span class="err" id="err-${field}" role="alert" data-error=${field} data-message=${e}>${errText(field, e)}</span>` : nothing;
  }

  /** A text or number field with its label and inline problem. */
  private text(field: Exclude<FormField, 'growth' | 'sourceKind' | 'mode'>, label: string, type: 'text' | 'date' = 'text', placeholder = ''): TemplateResult {
    const value = this.form?.[field] ?? '';
    const bad = !!this.errors[field];
    return html`<label class="field"
      >${label}
      <input
        id=${`in-${field}`}
        name=${field}
        type=${type}
        inputmode=${type === 'text' ? 'decimal' : nothing}
        .value=${value}
        placeholder=${placeholder}
        aria-invalid=${bad ? 'true' : 'false'}
        aria-describedby=${bad ? `err-${field}` : nothing}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />${this.err(field)}</label
    >`;
  }

  override render() {
    const f = this.form;
    if (!f) return nothing;
    const knobs = f.mode !== 'howMany';
    return html`<section class="panel" aria-label=${t('inputs')}>
      <form @submit=${(e: Event) => e.preventDefault()}>
        <label class="field"
          >${t('mode')}
          <select id="in-mode" .value=${f.mode} @change=${(e: Event) => this.set('mode', (e.target as HTMLSelectElement).value as PanelForm['mode'])}>
            <option value="howMany" ?selected=${f.mode === 'howMany'}>${t('mode.howMany')}</option>
            <option value="when" ?selected=${f.mode === 'when'}>${t('mode.when')}</option>
            <option value="perItem" ?selected=${f.mode === 'perItem'}>${t('mode.perItem')}</option>
          </select>${this.err('mode')}</label
        >
        <fc-source .form=${f} .errors=${this.errors} .views=${this.views} .azureDevOps=${this.azureDevOps} @source-change=${(e: CustomEvent<Partial<PanelForm>>) => this.patch(e.detail)}></fc-source>
        ${f.mode === 'howMany' ? this.text('targetDate', t('targetDate'), 'date') : nothing}
        ${f.mode === 'when' ? this.text('remaining', t('remaining'), 'text', t('openItemsPlaceholder', num(this.openCount, 0))) : nothing}
        ${this.text('start', t('start'), 'date')} ${this.text('trials', t('trials'))} ${this.text('seed', t('seed'))}
        ${f.sourceKind !== 'samples' ? this.text('windowDays', t('windowDays')) : nothing}
        <details ?open=${!!(this.errors.share || this.errors.parallel || this.errors.splitLow || this.errors.splitHigh || this.errors.growth)}>
          <summary>${t('knobs')}</summary>
          <div class="knobs" data-knobs>
            ${this.text('share', t('share'), 'text', '100')}
            ${f.mode === 'perItem' ? this.text('parallel', t('parallel'), 'text', '1') : nothing}
            ${knobs ? html`${this.text('splitLow', t('splitLow'), 'text', '1')} ${this.text('splitHigh', t('splitHigh'), 'text', '1')}` : nothing}
            ${knobs && (f.sourceKind === 'backlog' || f.sourceKind === 'view')
              ? html`<label class="field check"
                  ><input id="in-growth" type="checkbox" .checked=${f.growth} @change=${(e: Event) => this.set('growth', (e.target as HTMLInputElement).checked)} />${t('growth')}${this.err('growth')}</label
                >`
              : nothing}
          </div>
        </details>
      </form>
    </section>`;
  }
}

customElements.define('fc-inputs', ForecastInputs);
