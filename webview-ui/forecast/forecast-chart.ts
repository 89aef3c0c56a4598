// <fc-chart>: one chart.js chart (no eval: only the registered controllers) with its heading, an
// accessible name, a keyboard-reachable canvas and a table of its numbers as the text alternative.
// Re-themes itself when VS Code switches theme; `pngDataUrl()` gives exactly what is drawn.
import { LitElement, html, css, nothing } from 'lit';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { sharedStyles } from '../shared/ui';
import { forecastStyles } from './forecast-styles';
import { readTheme, watchTheme, type ForecastTheme } from './forecast-theme';
import { t } from './forecast-text';

Chart.register(BarController, LineController, ScatterController, BarElement, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

/** Table rows beyond this are summarised (the chart still has all of them). */
const MAX_TABLE_ROWS = 400;

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence for screen readers (the canvas's accessible name). */
  summary: string;
  build: (theme: ForecastTheme) => ChartConfiguration;
  columns: string[];
  rows: (string | number)[][];
  height?: number;
}

/** Paints the theme's background first, so a PNG export looks like the screen. */
function background(colour: string): Plugin {
  return {
    id: 'fcBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

export class ForecastChart extends LitElement {
  static override properties = { spec: { attribute: false } };
  declare spec: ChartSpec | undefined;
  private chart: Chart | undefined;
  private theme: ForecastTheme = readTheme();
  private stopWatch: (() => void) | undefined;

  static override styles = [
    sharedStyles,
    forecastStyles,
    css`
      figure {
        margin: 0;
      }
      .box {
        position: relative;
        min-width: 0;
      }
      canvas {
        display: block;
      }
      details {
        margin-top: 6px;
      }
      summary {
        cursor: pointer;
        color: var(--vscode-descriptionForeground);
        font-size: 0.9em;
      }
      .table-wrap {
        max-height: 260px;
        overflow: auto;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopWatch = watchTheme(() => {
      this.theme = readTheme();
      this.draw(true);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopWatch?.();
    this.chart?.destroy();
    this.chart = undefined;
  }

  /** The chart as drawn, as a PNG data URL (for the export). */
  pngDataUrl(): string | undefined {
    return this.chart?.toBase64Image('image/png', 1);
  }

  override updated(): void {
    this.draw(false);
  }

  private draw(rethemed: boolean): void {
    const spec = this.spec;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!spec || !canvas) return;
    // Height through the CSSOM (a style attribute would need 'unsafe-inline' under the page's CSP).
    const box = canvas.parentElement;
    if (box) box.style.height = `${spec.height ?? 240}px`;
    const cfg = spec.build(this.theme);
    cfg.plugins = [...(cfg.plugins ?? []), background(this.theme.background)];
    cfg.options = { responsive: true, maintainAspectRatio: false, animation: false, ...cfg.options };
    if (this.chart && this.chart.canvas === canvas && !rethemed && (this.chart.config as { type?: string }).type === cfg.type) {
      this.chart.data = cfg.data;
      if (cfg.options) this.chart.options = cfg.options;
      this.chart.update('none');
      return;
    }
    this.chart?.destroy();
    this.chart = new Chart(canvas, cfg);
  }

  override render() {
    const s = this.spec;
    if (!s) return nothing;
    const rows = s.rows.slice(0, MAX_TABLE_ROWS);
    return html`<figure class="panel" data-chart=${s.id} aria-labelledby="h">
      <h2 id="h">${s.title}</h2>
      <div class="box">
        <canvas tabindex="0" role="img" aria-label=${`${s.title}. ${s.summary}`} aria-describedby="alt"></canvas>
      </div>
      <details>
        <summary>${t('showTable')}</summary>
        <div class="table-wrap">
          <table class="data" id="alt" data-alt=${s.id}>
            <caption class="sr-only">${s.title}</caption>
            <thead>
              <tr>${s.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
            </thead>
            <tbody>
              ${rows.map((r) => html`<tr>${r.map((v, i) => (i === 0 ? html`<th scope="row">${v}</th>` : html`<td class="num">${v}</td>`))}</tr>`)}
            </tbody>
          </table>
          ${s.rows.length > rows.length ? html`<p class="muted">${t('tableRowsShown', rows.length, s.rows.length)}</p>` : nothing}
        </div>
      </details>
    </figure>`;
  }

}

customElements.define('fc-chart', ForecastChart);
