// <fc-trust>: backtest calibration (how often each percentile held), the calibration ledger (past
// forecasts and whether they held) and "why did my date move" for an item, one sentence per factor.
import { LitElement, html, nothing } from 'lit';
import type { TrustView } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import './forecast-chart';
import type { ChartSpec } from './forecast-chart';
import { axis, baseOptions } from './forecast-chart-options';
import { forecastStyles } from './forecast-styles';
import { dateText, num, pLabel, t } from './forecast-text';

export class TrustTab extends LitElement {
  static override properties = { trust: { attribute: false }, moved: { attribute: false }, item: { state: true } };
  declare trust: TrustView | undefined;
  declare moved: string[] | undefined;
  declare item: string;
  static override styles = [sharedStyles, forecastStyles];

  constructor() {
    super();
    this.item = '';
  }

  private calibrationSpec(c: NonNullable<TrustView['calibration']>): ChartSpec {
    const labels = c.percentiles.map((q) => pLabel(q.p));
    return {
      id: 'calibration',
      title: t('chart.calibration', c.weeks, c.horizonDays),
      summary: c.percentiles.map((q) => t('heldRate', pLabel(q.p), num(q.rate * 100, 0))).join('; '),
      build: (th) => ({
        type: 'bar',
        data: {
          labels,
          datasets: [
            { type: 'bar', label: t('held'), data: c.percentiles.map((q) => q.rate * 100), backgroundColor: th.blue },
            { type: 'line', label: t('expected'), data: c.percentiles.map((q) => q.p * 100), borderColor: th.orange, borderDash: [4, 4], pointRadius: 3, fill: false },
          ],
        },
        options: { ...baseOptions(th, { legend: true }), scales: { x: { ...axis(th), type: 'category' }, y: axis(th, { percent: true, min: 0, max: 100 }) } },
      }),
      columns: [t('percentile'), t('held'), t('total'), t('rate')],
      rows: c.percentiles.map((q) => [pLabel(q.p), q.held, q.total, `${num(q.rate * 100, 0)}%`]),
    };
  }

  private explain(): void {
    if (this.item) this.dispatchEvent(new CustomEvent('why-moved', { detail: this.item, bubbles: true, composed: true }));
  }

  override render() {
    const tr = this.trust;
    if (!tr) return html`<p class="muted">${t('loading')}</p>`;
    const value = (q: TrustView['ledger'][number]['percentiles'][number]) => (q.value !== undefined ? String(q.value) : q.date ? dateText(q.date) : t('notWithinHorizon'));
    return html`
      <div class="grid">
        ${tr.calibration && tr.calibration.weeks > 0
          ? html`<fc-chart .spec=${this.calibrationSpec(tr.calibration)}></fc-chart>`
          : html`<section class="panel"><h2>${t('calibration')}</h2><p class="empty">${tr.calibrationProblem ?? t('noCalibration')}</p></section>`}
        <section class="panel" data-why-moved>
          <h2>${t('whyMoved')}</h2>
          ${tr.movable.length
            ? html`<label>${t('item')}
                  <select id="moved-item" @change=${(e: Event) => (this.item = (e.target as HTMLSelectElement).value)}>
                    <option value="">—</option>
                    ${tr.movable.map((id) => html`<option value=${id}>${id}</option>`)}
                  </select></label
                >
                <button type="button" class="link" id="explain" ?disabled=${!this.item} @click=${() => this.explain()}>${t('explain')}</button>
                ${this.moved ? html`<ul class="sentences">${this.moved.map((s) => html`<li>${s}</li>`)}</ul>` : nothing}`
            : html`<p class="empty">${t('noMovable')}</p>`}
        </section>
      </div>
      <section class="panel" data-ledger>
        <h2>${t('ledger', tr.ledger.length)}</h2>
        ${tr.ledgerSentences.length ? html`<ul class="sentences">${tr.ledgerSentences.map((s) => html`<li>${s}</li>`)}</ul>` : nothing}
        ${tr.ledger.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t('ledger', tr.ledger.length)}>
              <table class="data">
                <thead><tr><th scope="col">${t('recorded')}</th><th scope="col">${t('kind')}</th><th scope="col">${t('start')}</th>${[0.5, 0.7, 0.85, 0.95].map((p) => html`<th scope="col">${pLabel(p)}</th>`)}</tr></thead>
                <tbody>
                  ${tr.ledger.map(
                    (r) => html`<tr>
                      <th scope="row">${dateText(r.createdAt.slice(0, 10))}</th>
                      <td>${t(`mode.${r.target}`)}</td>
                      <td>${dateText(r.start)}</td>
                      ${r.percentiles.map((q, i) => html`<td>${value(q)} <span class="muted">${t(`verdict.${r.scores[i]?.verdict ?? 'pending'}`)}</span></td>`)}
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="empty">${t('noLedger')}</p>`}
      </section>
    `;
  }
}

customElements.define('fc-trust', TrustTab);
