// <fc-inputs>: the inputs form (source, mode, target date or item count, start, trials, seed,
// history window and the engine's knobs). Emits "form-change" with the whole form on every edit;
// shows the problems it is given inline next to their field (aria-invalid + message).
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import type { FormField, PanelForm } from '../../src/core/forecast/view';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { num, t } from './forecast-text';

export class ForecastInputs extends LitElement {
  static override properties = { form: { attribute: false }, errors: { attribute: false }, openCount: { type: Number } };
  declare form: PanelForm | undefined;
  declare errors: Partial<Record<FormField, string>>;
  declare openCount: number;

  static override styles = [
    sharedStyles,
    forecastStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 14px;
        align-items: flex-start;
      }
      label.field {
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.9em;
        color: var(--vscode-descriptionForeground);
      }
      input,
      select,
      textarea {
        font: inherit;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
        border-radius: 2px;
        padding: 3px 5px;
      }
      input[type='number'] {
        width: 7.5em;
      }
      textarea {
        width: 18em;
        height: 2.6em;
      }
      [aria-invalid='true'] {
        border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
      }
      .err {
        color: var(--vscode-errorForeground);
        font-size: 0.85em;
        max-width: 16em;
      }
      .check {
        flex-direction: row;
        align-items: center;
        padding-top: 16px;
      }
      details {
        flex-basis: 100%;
      }
      details form {
        margin-top: 6px;
      }
    `,
  ];

  constructor() {
    super();
    this.errors = {};
    this.openCount = 0;
  }

  private set<K extends keyof PanelForm>(key: K, value: PanelForm[K]): void {
    if (!this.form) return;
    this.dispatchEvent(new CustomEvent('form-change', { detail: { ...this.form, [key]: value }, bubbles: true, composed: true }));
  }

  private err(field: FormField) {
    const e = this.errors[field];
    return e ? html`<span class="err" id="err-${field}" role="alert" data-error=${field}>${e}</span>` : nothing;
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
        <label class="field"
          >${t('source')}
          <select id="in-source" .value=${f.sourceKind} aria-invalid=${this.errors.sourceKind ? 'true' : 'false'} @change=${(e: Event) => this.set('sourceKind', (e.target as HTMLSelectElement).value as PanelForm['sourceKind'])}>
            <option value="backlog" ?selected=${f.sourceKind === 'backlog'}>${t('source.backlog')}</option>
            <option value="samples" ?selected=${f.sourceKind === 'samples'}>${t('source.samples')}</option>
          </select>${this.err('sourceKind')}</label
        >
        ${f.sourceKind === 'samples'
          ? html`<label class="field"
                >${t('samples')}
                <textarea id="in-samples" .value=${f.samples} placeholder="3, 0, 5, 2" aria-invalid=${this.errors.samples ? 'true' : 'false'} @input=${(e: Event) => this.set('samples', (e.target as HTMLTextAreaElement).value)}></textarea>${this.err('samples')}</label
              >
              <label class="field"
                >${t('per')}
                <select id="in-per" .value=${f.per} @change=${(e: Event) => this.set('per', (e.target as HTMLSelectElement).value as PanelForm['per'])}>
                  <option value="day" ?selected=${f.per === 'day'}>${t('per.day')}</option>
                  <option value="week" ?selected=${f.per === 'week'}>${t('per.week')}</option>
                </select></label
              >`
          : nothing}
        ${f.mode === 'howMany' ? this.text('targetDate', t('targetDate'), 'date') : nothing}
        ${f.mode === 'when' ? this.text('remaining', t('remaining'), 'text', t('openItemsPlaceholder', num(this.openCount, 0))) : nothing}
        ${this.text('start', t('start'), 'date')} ${this.text('trials', t('trials'))} ${this.text('seed', t('seed'))}
        ${f.sourceKind === 'backlog' ? this.text('windowDays', t('windowDays')) : nothing}
        <details ?open=${!!(this.errors.share || this.errors.parallel || this.errors.splitLow || this.errors.splitHigh || this.errors.growth)}>
          <summary>${t('knobs')}</summary>
          <form @submit=${(e: Event) => e.preventDefault()}>
            ${this.text('share', t('share'), 'text', '100')}
            ${f.mode === 'perItem' ? this.text('parallel', t('parallel'), 'text', '1') : nothing}
            ${knobs ? html`${this.text('splitLow', t('splitLow'), 'text', '1')} ${this.text('splitHigh', t('splitHigh'), 'text', '1')}` : nothing}
            ${knobs && f.sourceKind === 'backlog'
              ? html`<label class="field check"
                  ><input id="in-growth" type="checkbox" .checked=${f.growth} @change=${(e: Event) => this.set('growth', (e.target as HTMLInputElement).checked)} />${t('growth')}${this.err('growth')}</label
                >`
              : nothing}
          </form>
        </details>
      </form>
    </section>`;
  }
}

customElements.define('fc-inputs', ForecastInputs);
