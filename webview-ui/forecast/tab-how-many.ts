// <fc-how-many>: the How Many tab: the sentences, the percentile table with likelihood levels,
// the P(at least x) curve with 50/70/85/95 markers and the exact-probability histogram (project and
// business as usual stacked when a project share is set).
import type { ChartConfiguration } from 'chart.js';
import { LitElement, html, nothing } from 'lit';
import { howManyMarkers } from '../../src/core/forecast/view';
import type { HowManyView } from '../../src/core/protocol/forecastPanel';
import { sharedStyles } from '../shared/ui';
import './forecast-chart';
import type { ChartSpec } from './forecast-chart';
import { axis, baseOptions, markerDataset } from './forecast-chart-options';
import { forecastStyles } from './forecast-styles';
import { withAlpha, type ForecastTheme } from './forecast-theme';
import { dateText, num, pLabel, probText, t } from './forecast-text';
import { likelihoodChip, percentileTable, sentenceList } from './percentile-table';

const pct = (p: number): string => `${num(p * 100, 2)}%`;

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let x = lo; x <= hi; x++) out.push(x);
  return out;
}

/** An exact-probability bar chart over item counts; several series are stacked. */
function barChart(th: ForecastTheme, values: number[], series: { label: string; colour: string; of: (x: number) => number }[]): ChartConfiguration {
  const stacked = series.length > 1;
  return {
    type: 'bar',
    data: { labels: values.map(String), datasets: series.map((s) => ({ label: s.label, data: values.map((x) => s.of(x) * 100), backgroundColor: s.colour, borderWidth: 0 })) },
    options: {
      ...baseOptions(th, { legend: stacked }),
      scales: { x: { ...axis(th, { title: t('items'), stacked }), type: 'category' }, y: axis(th, { title: t('probability'), percent: true, min: 0, stacked }) },
    },
  };
}

export class HowManyTab extends LitElement {
  static override properties = { view: { attribute: false }, sentences: { attribute: false } };
  declare view: HowManyView | undefined;
  declare sentences: string[];
  static override styles = [sharedStyles, forecastStyles];

  constructor() {
    super();
    this.sentences = [];
  }

  private curveSpec(v: HowManyView): ChartSpec {
    const markers = howManyMarkers(v.percentiles, v.atLeastCurve);
    const curve = v.atLeastCurve.map((c) => ({ x: c.value, y: c.probability * 100 }));
    return {
      id: 'atLeast',
      title: t('chart.atLeast', dateText(v.targetDate)),
      summary: markers.map((m) => t('markerAtLeast', pLabel(m.p), m.value)).join('; '),
      build: (th) => ({
        type: 'line',
        data: {
          datasets: [
            { type: 'line', label: t('probabilityAtLeast'), data: curve, borderColor: th.blue, backgroundColor: withAlpha(th.blue, 0.15), fill: true, pointRadius: 0, borderWidth: th.contrast ? 3 : 2, stepped: 'before' },
            markerDataset(th, t('percentiles'), markers.map((m) => ({ x: m.value, y: m.probability * 100 }))),
          ],
        },
        options: {
          ...baseOptions(th, { legend: true, tooltipTitle: (x) => t('atLeastItems', num(x, 0)) }),
          scales: { x: axis(th, { title: t('items'), integer: true, min: 0 }), y: axis(th, { title: t('probability'), percent: true, min: 0, max: 100 }) },
        },
      }),
      columns: [t('itemsAtLeast'), t('probability')],
      rows: v.atLeastCurve.filter((c) => c.probability > 0).map((c) => [c.value, probText(c.probability)]),
    };
  }

  private histogramSpec(v: HowManyView): ChartSpec {
    if (v.stacked?.length) return this.stackedSpec(v.stacked, v);
    const lo = v.histogram[0]?.value ?? 0;
    const hi = v.histogram[v.histogram.length - 1]?.value ?? 0;
    const by = new Map(v.histogram.map((h) => [h.value, h.probability]));
    return {
      id: 'histogram',
      title: t('chart.exact'),
      summary: t('histogramSummary', lo, hi, num(v.mean)),
      build: (th) => barChart(th, range(lo, hi), [{ label: t('probability'), colour: th.purple, of: (x) => by.get(x) ?? 0 }]),
      columns: [t('itemsExactly'), t('probability')],
      rows: v.histogram.map((h) => [h.value, pct(h.probability)]),
    };
  }

  /** With a project share: the project's and business as usual's items per trial, stacked on one axis. */
  private stackedSpec(bars: NonNullable<HowManyView['stacked']>, v: HowManyView): ChartSpec {
    const lo = bars[0]?.value ?? 0;
    const hi = bars[bars.length - 1]?.value ?? 0;
    const by = new Map(bars.map((b) => [b.value, b]));
    const bauMean = bars.reduce((s, b) => s + b.value * b.bau, 0);
    return {
      id: 'histogram',
      title: t('chart.stacked'),
      summary: t('stackedSummary', num(v.mean), num(bauMean)),
      build: (th) =>
        barChart(th, range(lo, hi), [
          { label: t('project'), colour: th.purple, of: (x) => by.get(x)?.project ?? 0 },
          { label: t('bau'), colour: th.orange, of: (x) => by.get(x)?.bau ?? 0 },
        ]),
      columns: [t('itemsExactly'), t('project'), t('bau')],
      rows: bars.map((b) => [b.value, pct(b.project), pct(b.bau)]),
    };
  }

  override render() {
    const v = this.view;
    if (!v) return nothing;
    const markers = howManyMarkers(v.percentiles, v.atLeastCurve);
    return html`
      ${sentenceList(this.sentences)}
      ${percentileTable(
        t('itemsAtLeast'),
        markers.map((m) => html`<tr data-p=${Math.round(m.p * 100)}><th scope="row">${pLabel(m.p)}</th><td class="num" data-value>${m.value}</td><td>${likelihoodChip(m.level)}</td></tr>`),
        html`<p class="muted">${t('forecastDays', v.forecastDays, dateText(v.targetDate))}</p>`,
      )}
      <div class="grid">
        <fc-chart .spec=${this.curveSpec(v)}></fc-chart>
        <fc-chart .spec=${this.histogramSpec(v)}></fc-chart>
      </div>
    `;
  }
}

customElements.define('fc-how-many', HowManyTab);
