// <fc-item-forecast>: the item editor's forecast section: the item's P50 / P85 / P95 dates from the
// live backlog-order forecast (the board cards' dates; "not within the horizon" instead of a date
// when that is the honest answer, the reason when there is no forecast at all) and why its date
// moved since the last recorded forecast, one sentence per factor. Rendered in the editor's own
// root (its styles apply); every text is rendered as text.
import { LitElement, html, nothing } from 'lit';
import { EditorForecast, type EditorForecastParams } from '../../src/core/protocol';
import { host } from '../shared/host';

/** The newest forecast the host sent, by item (it may arrive before the section is drawn). */
const latest = new Map<string, EditorForecastParams>();
const live = new Set<ItemForecast>();
host.onNotification(EditorForecast, (p) => {
  latest.set(p.id, p);
  for (const el of live) if (el.itemId === p.id) el.requestUpdate();
});

const PERCENTILES = [['p50', 50], ['p85', 85], ['p95', 95]] as const;

export class ItemForecast extends LitElement {
  static override properties = { itemId: {}, locale: {}, t: { attribute: false } };
  declare itemId: string;
  declare locale: string;
  declare t: (key: string) => string;

  constructor() {
    super();
    this.itemId = '';
    this.locale = 'en';
    this.t = (k) => k;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    live.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    live.delete(this);
  }

  private date(iso: string): string {
    try {
      return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    } catch {
      return iso;
    }
  }

  private dates(f: EditorForecastParams) {
    if (!f.dates) return html`<p class="hint" data-forecast-reason>${f.reason ?? ''}</p>`;
    const d = f.dates;
    return html`<table class="forecast-dates" data-forecast-dates>
      <tbody>
        ${PERCENTILES.map(([k, p]) => {
          const v = d[k];
          return html`<tr data-p=${p}><th scope="row">P${p}</th><td data-date=${v ?? ''}>${v ? this.date(v) : this.t('itemForecastNotWithin')}</td></tr>`;
        })}
      </tbody>
    </table>`;
  }

  private moved(f: EditorForecastParams) {
    if (f.moved)
      return html`<h3>${this.t('itemForecastMoved')}</h3>
        <ul class="factors" data-moved>
          ${f.moved.sentences.map((s) => html`<li>${s}</li>`)}
        </ul>`;
    return f.movedReason ? html`<p class="hint" data-moved-reason>${f.movedReason}</p>` : nothing;
  }

  override render() {
    const f = latest.get(this.itemId);
    return html`<section id="item-forecast" aria-label=${this.t('itemForecast')}>
      <h2>${this.t('itemForecast')}</h2>
      <p class="hint">${this.t('itemForecastHint')}</p>
      ${f ? html`${this.dates(f)} ${this.moved(f)}` : html`<p class="hint" data-forecast-loading>${this.t('itemForecastLoading')}</p>`}
    </section>`;
  }
}

customElements.define('fc-item-forecast', ItemForecast);
