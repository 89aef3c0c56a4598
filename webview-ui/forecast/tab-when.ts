// <fc-when>: the When tab: the sentences, the percentile dates with likelihood levels, the
// completion-date histogram and the CDF on a real date axis, and the calendar heatmap.
import { LitElement, html, nothing } from 'lit';
import { whenMarkers, type CalendarHeatmap } from '../../src/core/forecast/view';
import type { WhenView } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import './calendar-heatmap';
import './forecast-chart';
import type { ChartSpec } from './forecast-chart';
import { axis, baseOptions, epochDay, isoDay, markerDataset } from './forecast-chart-options';
import { forecastStyles } from './forecast-styles';
import { withAlpha } from './forecast-theme';
import { dateOrNever, dateText, num, pLabel, probText, t } from './forecast-text';
import { likelihoodChip, percentileTable, sentenceList } from './percentile-table';

export class WhenTab extends LitElement {
  static override properties = { view: { attribute: false }, sentences: { attribute: false }, heatmap: { attribute: false } };
  declare view: WhenView | undefined;
  declare sentences: string[];
  declare heatmap: CalendarHeatmap | undefined;
  static override styles = [sharedStyles, forecastStyles];

  constructor() {
    super();
    this.sentences = [];
  }

  private histogramSpec(v: WhenView): ChartSpec {
    return {
      id: 'finishDates',
      title: t('chart.finishDates', v.remaining),
      summary: v.histogram.length ? t('finishRange', dateText(v.histogram[0].date), dateText(v.histogram[v.histogram.length - 1].date)) : t('noFinish'),
      build: (th) => ({
        type: 'bar',
        data: { datasets: [{ label: t('probability'), data: v.histogram.map((h) => ({ x: epochDay(h.date), y: h.probability * 100 })), backgroundColor: th.blue, borderWidth: 0, barThickness: 'flex' }] },
        options: {
          ...baseOptions(th, { tooltipTitle: (x) => dateText(isoDay(x)) }),
          scales: { x: axis(th, { title: t('date'), date: true }), y: axis(th, { title: t('probability'), percent: true, min: 0 }) },
        },
      }),
      columns: [t('date'), t('probability')],
      rows: v.histogram.map((h) => [dateText(h.date), `${num(h.probability * 100, 2)}%`]),
    };
  }

  private cdfSpec(v: WhenView): ChartSpec {
    const markers = whenMarkers(v.percentiles).filter((m) => m.date);
    return {
      id: 'cdf',
      title: t('chart.cdf'),
      summary: whenMarkers(v.percentiles).map((m) => `${pLabel(m.p)} ${dateOrNever(m.date)}`).join('; '),
      build: (th) => ({
        type: 'line',
        data: {
          datasets: [
            { type: 'line', label: t('probabilityDoneBy'), data: v.cdf.map((c) => ({ x: epochDay(c.date), y: c.probability * 100 })), borderColor: th.green, backgroundColor: withAlpha(th.green, 0.15), fill: true, pointRadius: 0, borderWidth: th.contrast ? 3 : 2, stepped: 'after' },
            markerDataset(th, t('percentiles'), markers.map((m) => ({ x: epochDay(m.date!), y: m.p * 100 }))),
          ],
        },
        options: {
          ...baseOptions(th, { legend: true, tooltipTitle: (x) => dateText(isoDay(x)) }),
          scales: { x: axis(th, { title: t('date'), date: true }), y: axis(th, { title: t('probability'), percent: true, min: 0, max: 100 }) },
        },
      }),
      columns: [t('date'), t('probabilityDoneBy')],
      rows: v.cdf.map((c) => [dateText(c.date), probText(c.probability)]),
    };
  }

  override render() {
    const v = this.view;
    if (!v) return nothing;
    return html`
      ${sentenceList(this.sentences)}
      ${percentileTable(
        t('doneBy'),
        whenMarkers(v.percentiles).map((m) => html`<tr data-p=${Math.round(m.p * 100)}><th scope="row">${pLabel(m.p)}</th><td data-date=${m.date ?? ''}>${dateOrNever(m.date)}</td><td>${likelihoodChip(m.level)}</td></tr>`),
        v.notWithinHorizon > 0 ? html`<p class="notice" data-not-within>${t('notWithinHorizonShare', probText(v.notWithinHorizon))}</p>` : nothing,
      )}
      <div class="grid">
        <fc-chart .spec=${this.histogramSpec(v)}></fc-chart>
        <fc-chart .spec=${this.cdfSpec(v)}></fc-chart>
      </div>
      <fc-calendar .heatmap=${this.heatmap}></fc-calendar>
    `;
  }
}

customElements.define('fc-when', WhenTab);
