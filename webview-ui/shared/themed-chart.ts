// Charts (chart.js) drawn in the colours of the active VS Code theme: what one chart shows (a spec),
// its chart.js configuration, and a set of charts kept in step with the canvases a page renders.
// Only the chart types and parts the pages use are registered, to keep the bundles small.
import { ArcElement, BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ChartTheme } from './chart-theme';

Chart.register(DoughnutController, BarController, ArcElement, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export type ChartKind = 'doughnut' | 'bar';

/** What one chart shows; turned into a chart.js configuration with the current theme. */
export interface ChartSpec {
  /** Matches the data-chart attribute of the chart's canvas. */
  id: string;
  kind: ChartKind;
  labels: string[];
  values: number[];
  colors: string[];
  /** Tooltip titles (defaults to the labels). */
  titles?: string[];
  xTitle?: string;
}

/** The chart.js configuration of a spec in a theme; `datasetLabel` names the values (e.g. "Items"). */
export function themedChartConfig(spec: ChartSpec, th: ChartTheme, datasetLabel: string): ChartConfiguration<ChartKind, number[], string> {
  const font = { family: th.font, size: 12 };
  const tooltip = {
    backgroundColor: th.hoverBg,
    titleColor: th.hoverFg,
    bodyColor: th.hoverFg,
    borderColor: th.hoverBorder,
    borderWidth: 1,
    titleFont: font,
    bodyFont: font,
    callbacks: spec.titles ? { title: (items: { dataIndex: number }[]) => spec.titles?.[items[0]?.dataIndex ?? 0] ?? '' } : {},
  };
  const dataset = {
    data: spec.values,
    backgroundColor: spec.colors,
    borderColor: spec.kind === 'doughnut' ? th.background : spec.colors,
    borderWidth: spec.kind === 'doughnut' ? 2 : 0,
    label: datasetLabel,
  };
  const base = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    color: th.fg,
    borderColor: th.grid,
    font,
  };
  if (spec.kind === 'doughnut') {
    return {
      type: 'doughnut',
      data: { labels: spec.labels, datasets: [dataset] },
      options: { ...base, cutout: '55%', plugins: { legend: { position: 'right', labels: { color: th.fg, font, boxWidth: 12 } }, tooltip } },
    };
  }
  const axis = { grid: { color: th.grid }, border: { color: th.grid }, ticks: { color: th.muted, font } };
  return {
    type: 'bar',
    data: { labels: spec.labels, datasets: [dataset] },
    options: {
      ...base,
      plugins: { legend: { display: false }, tooltip },
      scales: {
        x: { ...axis, grid: { display: false }, title: spec.xTitle ? { display: true, text: spec.xTitle, color: th.muted, font } : { display: false } },
        y: { ...axis, beginAtZero: true, ticks: { ...axis.ticks, precision: 0 } },
      },
    },
  };
}

/** The charts of a page, one per canvas[data-chart]. */
export class ThemedCharts {
  private readonly charts = new Map<string, { kind: ChartKind; chart: Chart<ChartKind, number[], string> }>();

  /** Creates, updates or destroys the charts so they match the rendered canvases and the theme. */
  sync(root: ParentNode, specs: ChartSpec[], theme: ChartTheme, datasetLabel: string): void {
    const wanted = new Map(specs.map((s) => [s.id, s]));
    for (const [id, c] of this.charts) {
      const canvas = root.querySelector<HTMLCanvasElement>(`canvas[data-chart="${id}"]`);
      if (!wanted.has(id) || c.chart.canvas !== canvas) {
        c.chart.destroy();
        this.charts.delete(id);
      }
    }
    for (const spec of wanted.values()) {
      const canvas = root.querySelector<HTMLCanvasElement>(`canvas[data-chart="${spec.id}"]`);
      if (!canvas) continue;
      const cfg = themedChartConfig(spec, theme, datasetLabel);
      const existing = this.charts.get(spec.id);
      if (existing && existing.kind === spec.kind) {
        existing.chart.data = cfg.data;
        if (cfg.options) existing.chart.options = cfg.options;
        existing.chart.update('none');
      } else {
        existing?.chart.destroy();
        this.charts.set(spec.id, { kind: spec.kind, chart: new Chart(canvas, cfg) });
      }
    }
  }

  destroyAll(): void {
    for (const c of this.charts.values()) c.chart.destroy();
    this.charts.clear();
  }
}
