// <fc-flow-metrics>: throughput run chart (daily or weekly) with XmR limits and signals, cycle-time
// scatter with 50/70/85/95 lines, aging work in progress per status (click or table opens the
// item), cumulative flow of every status, the predictability score and data warnings.
import { LitElement, html, nothing } from 'lit';
import type { MetricsView } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import './forecast-chart';
import type { ChartSpec } from './forecast-chart';
import { axis, baseOptions, epochDay, hLine, isoDay } from './forecast-chart-options';
import { forecastStyles } from './forecast-styles';
import { withAlpha, type ForecastTheme } from './forecast-theme';
import { dateText, num, pLabel, t } from './forecast-text';

const SERIES: (keyof ForecastTheme)[] = ['blue', 'purple', 'yellow', 'orange', 'green', 'red'];

export class FlowMetricsTab extends LitElement {
  static override properties = { metrics: { attribute: false }, weekly: { state: true } };
  declare metrics: MetricsView | undefined;
  declare weekly: boolean;
  static override styles = [sharedStyles, forecastStyles];

  constructor() {
    super();
    this.weekly = true;
  }

  private open(id: string): void {
    this.dispatchEvent(new CustomEvent('open-item', { detail: id, bubbles: true, composed: true }));
  }

  private throughputSpec(m: MetricsView): ChartSpec {
    const pts = this.weekly ? m.throughputWeekly.map((w) => ({ date: w.weekStart, y: w.count })) : m.throughputDaily.map((d) => ({ date: d.date, y: d.count }));
    const lim = this.weekly ? m.xmr : m.xmrDaily;
    const x0 = pts.length ? epochDay(pts[0].date) : 0;
    const x1 = pts.length ? epochDay(pts[pts.length - 1].date) : 1;
    const signal = new Set(lim.signals.map((s) => s.index));
    return {
      id: 'throughput',
      title: this.weekly ? t('chart.throughputWeekly') : t('chart.throughputDaily'),
      summary: t('xmrSummary', num(lim.mean), num(lim.lnpl), num(lim.unpl), lim.signals.length),
      build: (th) => ({
        type: 'line',
        data: {
          datasets: [
            { type: 'line', label: t('throughput'), data: pts.map((p) => ({ x: epochDay(p.date), y: p.y })), borderColor: th.blue, pointRadius: pts.map((_, i) => (signal.has(i) ? 5 : 2)), pointBackgroundColor: pts.map((_, i) => (signal.has(i) ? th.red : th.blue)), borderWidth: 2 },
            hLine(t('mean'), th.green, x0, x1, lim.mean, []),
            hLine(t('unpl'), th.red, x0, x1, lim.unpl),
            hLine(t('lnpl'), th.red, x0, x1, lim.lnpl),
          ],
        },
        options: { ...baseOptions(th, { legend: true, tooltipTitle: (x) => dateText(isoDay(x)) }), scales: { x: axis(th, { date: true }), y: axis(th, { title: t('items'), min: 0, integer: true }) } },
      }),
      columns: [t('date'), t('items'), t('signal')],
      rows: pts.map((p, i) => [dateText(p.date), p.y, signal.has(i) ? t('yes') : '']),
    };
  }

  private cycleSpec(m: MetricsView): ChartSpec {
    const x0 = epochDay(m.from);
    const x1 = epochDay(m.to);
    return {
      id: 'cycleTime',
      title: t('chart.cycleTime'),
      summary: m.cycleTimePercentiles.map((q) => `${pLabel(q.p)} ${q.days}`).join('; '),
      build: (th) => ({
        type: 'scatter',
        data: {
          datasets: [
            { type: 'scatter', label: t('cycleTimeDays'), data: m.cycleTimes.map((c) => ({ x: epochDay(c.done), y: c.days })), backgroundColor: withAlpha(th.purple, 0.7), pointRadius: 3 },
            ...m.cycleTimePercentiles.map((q, i) => hLine(`${pLabel(q.p)} ${q.days}`, th[SERIES[(i + 2) % SERIES.length]] as string, x0, x1, q.days)),
          ],
        },
        options: { ...baseOptions(th, { legend: true, tooltipTitle: (x) => dateText(isoDay(x)) }), scales: { x: axis(th, { date: true, title: t('doneOn') }), y: axis(th, { title: t('days'), min: 0 }) } },
      }),
      columns: [t('item'), t('doneOn'), t('days')],
      rows: m.cycleTimes.map((c) => [c.id, dateText(c.done), c.days]),
    };
  }

  private agingSpec(m: MetricsView): ChartSpec {
    const statuses = [...new Set(m.age.map((a) => a.status))];
    const label = (s: string) => m.statusLabels[s] ?? s;
    return {
      id: 'aging',
      title: t('chart.aging'),
      summary: t('agingSummary', m.age.length),
      build: (th) => ({
        type: 'scatter',
        data: {
          datasets: [
            { type: 'scatter', label: t('ageDays'), data: m.age.map((a, i) => ({ x: statuses.indexOf(a.status) + ((i % 7) - 3) * 0.04, y: a.days })), backgroundColor: th.orange, pointRadius: 4 },
            ...m.cycleTimePercentiles.map((q, i) => hLine(`${pLabel(q.p)} ${q.days}`, th[SERIES[(i + 2) % SERIES.length]] as string, -0.5, Math.max(0.5, statuses.length - 0.5), q.days)),
          ],
        },
        options: {
          ...baseOptions(th, { legend: true }),
          onClick: (_e, els) => {
            const el = els.find((x) => x.datasetIndex === 0);
            if (el) this.open(m.age[el.index].id);
          },
          scales: {
            x: { ...axis(th, { min: -0.5, max: Math.max(0.5, statuses.length - 0.5) }), ticks: { stepSize: 1, color: th.muted, callback: (v: number | string) => (Number.isInteger(Number(v)) ? label(statuses[Number(v)] ?? '') : '') } },
            y: axis(th, { title: t('ageDays'), min: 0 }),
          },
        },
      }),
      columns: [t('item'), t('status'), t('ageDays')],
      rows: m.age.map((a) => [a.id, label(a.status), a.days]),
    };
  }

  private cfdSpec(m: MetricsView): ChartSpec {
    const { statuses, days, counts } = m.cfd;
    const label = (s: string) => m.statusLabels[s] ?? s;
    const order = [...statuses.keys()].reverse(); // done at the bottom of the stack
    return {
      id: 'cfd',
      title: t('chart.cfd'),
      summary: t('cfdSummary', statuses.length, days.length),
      build: (th) => ({
        type: 'line',
        data: {
          datasets: order.map((s, k) => ({
            type: 'line' as const,
            label: label(statuses[s]),
            data: days.map((d, i) => ({ x: epochDay(d), y: counts[i][s] })),
            borderColor: th[SERIES[s % SERIES.length]] as string,
            backgroundColor: withAlpha(th[SERIES[s % SERIES.length]] as string, 0.45),
            fill: k === 0 ? 'origin' : '-1',
            pointRadius: 0,
            borderWidth: 1,
          })),
        },
        options: { ...baseOptions(th, { legend: true, tooltipTitle: (x) => dateText(isoDay(x)) }), scales: { x: axis(th, { date: true }), y: axis(th, { title: t('items'), min: 0, stacked: true, integer: true }) } },
      }),
      columns: [t('date'), ...statuses.map(label)],
      rows: days.map((d, i) => [dateText(d), ...counts[i]]).filter((_, i, a) => i % Math.max(1, Math.ceil(a.length / 120)) === 0 || i === a.length - 1),
    };
  }

  override render() {
    const m = this.metrics;
    if (!m) return html`<p class="muted">${t('loading')}</p>`;
    const p = m.predictability;
    return html`
      <section class="panel" data-predictability>
        <h2>${t('predictability')}</h2>
        <p>${p.score === null ? t('predictabilityNone', p.reason ?? '') : t('predictabilityScore', num(p.score * 100, 0), t(`predictability.${p.label ?? 'watch'}`), p.p50 ?? 0, p.p95 ?? 0)}</p>
        ${m.warnings.length ? html`<ul data-warnings>${m.warnings.map((w) => html`<li class="notice">${w}</li>`)}</ul>` : html`<p class="muted">${t('noWarnings')}</p>`}
        ${m.doneWithoutStart ? html`<p class="muted">${t('doneWithoutStart', m.doneWithoutStart)}</p>` : nothing}
      </section>
      <p>
        <label><input type="checkbox" id="weekly" .checked=${this.weekly} @change=${(e: Event) => (this.weekly = (e.target as HTMLInputElement).checked)} /> ${t('weekly')}</label>
      </p>
      <div class="grid">
        <fc-chart .spec=${this.throughputSpec(m)}></fc-chart>
        <fc-chart .spec=${this.cycleSpec(m)}></fc-chart>
        <fc-chart .spec=${this.agingSpec(m)}></fc-chart>
        <fc-chart .spec=${this.cfdSpec(m)}></fc-chart>
      </div>
      ${m.age.length
        ? html`<section class="panel"><h2>${t('agingItems')}</h2><p>${m.age.slice(0, 50).map((a) => html`<button type="button" class="link" @click=${() => this.open(a.id)}>${a.id}</button> `)}</p></section>`
        : nothing}
    `;
  }
}

customElements.define('fc-flow-metrics', FlowMetricsTab);
