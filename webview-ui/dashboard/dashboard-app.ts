// The dashboard page: totals, charts (chart.js, themed from VS Code's CSS variables) and lists of
// items needing attention. Every chart has a text alternative (aria-label + a visually hidden
// table); every item ID is a button that opens the item.
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
// Only what the charts use is registered, to keep the bundle small.
import { ArcElement, BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';
import { Init, type InitParams } from '../../src/core/protocol';
import { type DashboardBucket, type DashboardData, type DashboardState, DashboardStateChanged, GetDashboard, OpenItemFromDashboard } from '../../src/core/protocol/dashboard';
import { sharedStyles, tracked } from '../shared/ui';
import { host, onProtocolError, setViewState } from '../shared/host';

Chart.register(DoughnutController, BarController, ArcElement, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours of the active VS Code theme, read from its CSS variables. */
interface Theme {
  fg: string;
  muted: string;
  grid: string;
  background: string;
  hoverBg: string;
  hoverFg: string;
  hoverBorder: string;
  font: string;
  blue: string;
  red: string;
  yellow: string;
  green: string;
  orange: string;
  purple: string;
}

function readTheme(): Theme {
  const cs = getComputedStyle(document.documentElement);
  const v = (names: string[], fallback: string) => {
    for (const n of names) {
      const x = cs.getPropertyValue(n).trim();
      if (x) return x;
    }
    return fallback;
  };
  const fg = v(['--vscode-foreground'], '#cccccc');
  return {
    fg,
    muted: v(['--vscode-descriptionForeground'], fg),
    grid: v(['--vscode-panel-border', '--vscode-widget-border', '--vscode-contrastBorder'], 'rgba(128, 128, 128, 0.35)'),
    background: v(['--vscode-editor-background'], 'transparent'),
    hoverBg: v(['--vscode-editorHoverWidget-background', '--vscode-editor-background'], '#252526'),
    hoverFg: v(['--vscode-editorHoverWidget-foreground', '--vscode-foreground'], fg),
    hoverBorder: v(['--vscode-editorHoverWidget-border', '--vscode-widget-border'], 'transparent'),
    font: v(['--vscode-font-family'], 'system-ui, sans-serif'),
    blue: v(['--vscode-charts-blue'], '#3794ff'),
    red: v(['--vscode-charts-red'], '#f14c4c'),
    yellow: v(['--vscode-charts-yellow'], '#cca700'),
    green: v(['--vscode-charts-green'], '#89d185'),
    orange: v(['--vscode-charts-orange'], '#d18616'),
    purple: v(['--vscode-charts-purple'], '#b180d7'),
  };
}

type ChartKind = 'doughnut' | 'bar';

/** What one chart shows; turned into a chart.js configuration with the current theme. */
interface ChartSpec {
  id: string;
  kind: ChartKind;
  labels: string[];
  values: number[];
  colors: string[];
  /** Tooltip titles (defaults to the labels). */
  titles?: string[];
  xTitle?: string;
}

const PRIORITY_COLORS: Record<string, keyof Theme> = { high: 'red', medium: 'yellow', low: 'blue', none: 'muted' };
const EFFORT_COLORS: Record<string, keyof Theme> = { XS: 'green', S: 'blue', M: 'purple', L: 'orange', XL: 'red', none: 'muted' };
const SERIES: (keyof Theme)[] = ['blue', 'purple', 'yellow', 'orange', 'green', 'red'];

export class DashboardApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare state: DashboardState | undefined;
  declare init: InitParams | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  private theme: Theme = readTheme();
  private readonly charts = new Map<string, { kind: ChartKind; chart: Chart<ChartKind, number[], string> }>();
  private themeObserver: MutationObserver | undefined;
  private themeFrame = 0;

  constructor() {
    super();
    this.busy = false;
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
      setViewState({ view: 'dashboard', v: 1 });
    });
    host.onNotification(DashboardStateChanged, (s) => {
      this.state = s;
    });
    onProtocolError((e) => {
      this.error = e.message;
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // VS Code switches vscode-light / vscode-dark / vscode-high-contrast on <body> and rewrites the
    // --vscode-* variables on <html> when the theme changes: re-read the colours, once per frame.
    this.themeObserver = new MutationObserver(() => {
      if (this.themeFrame) return;
      this.themeFrame = requestAnimationFrame(() => {
        this.themeFrame = 0;
        this.theme = readTheme();
        this.syncCharts();
      });
    });
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.themeObserver?.disconnect();
    if (this.themeFrame) cancelAnimationFrame(this.themeFrame);
    this.themeFrame = 0;
    for (const c of this.charts.values()) c.chart.destroy();
    this.charts.clear();
  }

  private t(key: string, ...args: (string | number)[]): string {
    const s = this.init?.strings[key] ?? key;
    return args.reduce<string>((acc, a, i) => acc.replace(`{${i}}`, String(a)), s);
  }

  private get locale(): string {
    return this.init?.locale ?? 'en';
  }

  private num(n: number): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 }).format(n);
  }

  private label(dim: 'status' | 'type' | 'priority' | 'effort', b: DashboardBucket): string {
    return this.state?.labels[`${dim}:${b.key}`] ?? b.label;
  }

  private list(parts: string[]): string {
    return new Intl.ListFormat(this.locale, { style: 'narrow', type: 'unit' }).format(parts);
  }

  static override styles = [
    sharedStyles,
    css`
    :host {
      display: block;
      box-sizing: border-box;
      padding: 12px 16px 24px;
      max-width: 1400px;
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 12px;
    }
    h1 {
      font-size: 1.3em;
      font-weight: 600;
      margin: 0;
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    h1 .muted {
      color: var(--vscode-descriptionForeground);
      font-weight: normal;
    }
    h2 {
      font-size: 0.85em;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      font-weight: 600;
      color: var(--vscode-descriptionForeground);
      margin: 0 0 8px;
    }
    .totals {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      align-items: start;
      gap: 8px;
      margin-bottom: 12px;
    }
    .total,
    .panel {
      background: var(--vscode-sideBar-background, var(--vscode-editor-background));
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      border-radius: 4px;
      padding: 10px 12px;
      min-width: 0;
    }
    .total .value {
      display: block;
      font-size: 1.8em;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      line-height: 1.2;
    }
    .total .label {
      color: var(--vscode-descriptionForeground);
    }
    .total .sub {
      display: block;
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
      margin-top: 2px;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
      gap: 12px;
      margin-bottom: 12px;
    }
    figure {
      margin: 0;
    }
    .canvas-box {
      position: relative;
      height: 220px;
      min-width: 0;
    }
    .canvas-box canvas {
      display: block;
    }
    .percentiles {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: 8px 0 0;
      font-variant-numeric: tabular-nums;
    }
    .empty {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
      margin: 0;
      padding: 8px 0;
    }
    .lists {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
      gap: 12px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
      max-height: 360px;
      overflow-y: auto;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 2px 8px;
      min-width: 0;
    }
    li .title {
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    li .meta {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
      font-variant-numeric: tabular-nums;
    }
    li .by {
      flex-basis: 100%;
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
      padding-left: 12px;
    }
    button.item {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.9em;
      color: var(--vscode-textLink-foreground);
      background: none;
      border: none;
      padding: 0;
      cursor: pointer;
      white-space: nowrap;
    }
    button.item:hover {
      color: var(--vscode-textLink-activeForeground);
      text-decoration: underline;
    }
    button.item:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: 1px;
    }
    .more {
      color: var(--vscode-descriptionForeground);
      font-size: 0.9em;
      margin: 6px 0 0;
    }
    .error {
      margin-bottom: 12px;
    }
  `,
  ];

  // ------------------------------------------------------------------ actions

  private run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return tracked(this, fn);
  }

  private refresh(): void {
    void this.run(async () => {
      this.state = await host.request(GetDashboard, {});
    });
  }

  private openItem(id: string): void {
    void this.run(() => host.request(OpenItemFromDashboard, { id }));
  }

  // ------------------------------------------------------------------ charts

  private specs(d: DashboardData): ChartSpec[] {
    const th = this.theme;
    const nonEmpty = (bs: DashboardBucket[]) => bs.filter((b) => b.count > 0);
    const status = nonEmpty(d.byStatus);
    const types = nonEmpty(d.byType);
    const dateFmt = new Intl.DateTimeFormat(this.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const longDate = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const weekDate = (w: string) => new Date(`${w}T00:00:00Z`);
    const statusIndex = new Map(d.byStatus.map((b, i) => [b.key, i]));
    return [
      {
        id: 'status',
        kind: 'doughnut',
        labels: status.map((b) => this.label('status', b)),
        values: status.map((b) => b.count),
        colors: status.map((b) => th[SERIES[(statusIndex.get(b.key) ?? 0) % SERIES.length]]),
      },
      {
        id: 'type',
        kind: 'doughnut',
        labels: types.map((b) => this.label('type', b)),
        values: types.map((b) => b.count),
        colors: types.map((b, i) => b.color ?? th[SERIES[i % SERIES.length]]),
      },
      {
        id: 'priority',
        kind: 'bar',
        labels: d.byPriority.map((b) => this.label('priority', b)),
        values: d.byPriority.map((b) => b.count),
        colors: d.byPriority.map((b) => th[PRIORITY_COLORS[b.key] ?? 'blue']),
      },
      {
        id: 'effort',
        kind: 'bar',
        labels: d.byEffort.map((b) => this.label('effort', b)),
        values: d.byEffort.map((b) => b.count),
        colors: d.byEffort.map((b) => th[EFFORT_COLORS[b.key] ?? 'blue']),
      },
      {
        id: 'throughput',
        kind: 'bar',
        labels: d.throughput.map((w) => dateFmt.format(weekDate(w.weekStart))),
        titles: d.throughput.map((w) => this.t('weekOf', longDate.format(weekDate(w.weekStart)))),
        values: d.throughput.map((w) => w.done),
        colors: d.throughput.map(() => th.blue),
      },
      {
        id: 'cycle',
        kind: 'bar',
        labels: d.cycleTime.histogram.map((h) => h.bucket),
        values: d.cycleTime.histogram.map((h) => h.count),
        colors: d.cycleTime.histogram.map(() => th.purple),
        xTitle: this.t('days'),
      },
    ];
  }

  private config(spec: ChartSpec): ChartConfiguration<ChartKind, number[], string> {
    const th = this.theme;
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
      label: this.t('items'),
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

  /** Creates, updates or destroys the charts so they match the rendered canvases and the theme. */
  private syncCharts(): void {
    const d = this.state?.data;
    const wanted = new Map((d ? this.specs(d) : []).map((s) => [s.id, s]));
    for (const [id, c] of this.charts) {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-chart="${id}"]`);
      if (!wanted.has(id) || c.chart.canvas !== canvas) {
        c.chart.destroy();
        this.charts.delete(id);
      }
    }
    for (const spec of wanted.values()) {
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-chart="${spec.id}"]`);
      if (!canvas) continue;
      const cfg = this.config(spec);
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

  override updated(): void {
    this.syncCharts();
  }

  // ------------------------------------------------------------------ rendering

  private renderError() {
    if (!this.error) return nothing;
    return html`<div class="error" role="alert">
      <span>${this.error}</span>
      <vscode-toolbar-button icon="close" label=${this.t('error')} @click=${() => (this.error = undefined)}></vscode-toolbar-button>
    </div>`;
  }

  private itemButton(id: string): TemplateResult {
    return html`<button type="button" class="item" data-id=${id} title=${this.t('openItem', id)} @click=${() => this.openItem(id)}>${id}</button>`;
  }

  /** A chart with its heading, its accessible name (the numbers) and a visually hidden table. */
  private renderChart(id: string, title: string, column: string, rows: [string, number][], opts: { empty?: string; extra?: TemplateResult } = {}): TemplateResult {
    const total = rows.reduce((n, r) => n + r[1], 0);
    const alt = `${title}: ${this.list(rows.map(([k, v]) => `${k} ${this.num(v)}`))}`;
    return html`<figure class="panel" data-figure=${id} aria-labelledby="h-${id}">
      <h2 id="h-${id}">${title}</h2>
      ${opts.empty !== undefined && total === 0
        ? html`<p class="empty">${opts.empty}</p>`
        : html`<div class="canvas-box"><canvas data-chart=${id} role="img" aria-label=${alt}></canvas></div>`}
      ${opts.extra ?? nothing}
      <table class="sr-only">
        <caption>
          ${title}
        </caption>
        <thead>
          <tr>
            <th scope="col">${column}</th>
            <th scope="col">${this.t('items')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${this.num(v)}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
  }

  private renderTotals(d: DashboardData): TemplateResult {
    const c = d.criteria;
    const card = (key: string, value: string, label: string, sub?: string) =>
      html`<div class="total" data-total=${key}><span class="value">${value}</span><span class="label">${label}</span>${sub ? html`<span class="sub">${sub}</span>` : nothing}</div>`;
    return html`<section class="totals" aria-label=${this.t('title')}>
      ${card('active', this.num(d.totals.active), this.t('active'))} ${card('open', this.num(d.totals.open), this.t('open'))}
      ${card('done', this.num(d.totals.done), this.t('done'))} ${card('archived', this.num(d.totals.archived), this.t('archived'))}
      ${card(
        'criteria',
        `${this.num(c.checked)}/${this.num(c.total)}`,
        this.t('criteria'),
        c.total ? `${this.t('criteriaChecked', this.num(c.checked), this.num(c.total))} · ${this.t('criteriaItems', this.num(c.itemsComplete), this.num(c.itemsWithCriteria))}` : undefined,
      )}
    </section>`;
  }

  private renderLists(d: DashboardData): TemplateResult {
    const more = (shown: number, all: number) => (all > shown ? html`<p class="more">${this.t('showing', this.num(shown), this.num(all))}</p>` : nothing);
    return html`<div class="lists">
      <section class="panel" data-list="stale" aria-labelledby="h-stale">
        <h2 id="h-stale">${this.t('stale')} (${this.num(d.staleCount)})</h2>
        ${d.stale.length
          ? html`<ul>
              ${d.stale.map((s) => html`<li>${this.itemButton(s.id)}<span class="title">${s.title}</span><span class="meta">${this.t('staleDays', this.num(s.daysSinceUpdate))}</span></li>`)}
            </ul>`
          : html`<p class="empty">${this.t('noStale')}</p>`}
        ${more(d.stale.length, d.staleCount)}
      </section>
      <section class="panel" data-list="blocked" aria-labelledby="h-blocked">
        <h2 id="h-blocked">${this.t('blocked')} (${this.num(d.blockedCount)})</h2>
        ${d.blocked.length
          ? html`<ul>
              ${d.blocked.map(
                (b) =>
                  html`<li>
                    ${this.itemButton(b.id)}<span class="title">${b.title}</span>
                    <span class="by">${this.t('blockedBy')}: ${b.blockedBy.map((x, i) => html`${i ? ', ' : ''}${this.itemButton(x)}`)}</span>
                  </li>`,
              )}
            </ul>`
          : html`<p class="empty">${this.t('noBlocked')}</p>`}
        ${more(d.blocked.length, d.blockedCount)}
      </section>
      <section class="panel" data-list="blockers" aria-labelledby="h-blockers">
        <h2 id="h-blockers">${this.t('topBlockers')}</h2>
        ${d.topBlockers.length
          ? html`<ul>
              ${d.topBlockers.map((b) => html`<li>${this.itemButton(b.id)}<span class="title">${b.title}</span><span class="meta">${this.t('blocks', this.num(b.blocks))}</span></li>`)}
            </ul>`
          : html`<p class="empty">${this.t('noBlockers')}</p>`}
      </section>
    </div>`;
  }

  private renderData(d: DashboardData): TemplateResult {
    const rows = (dim: 'status' | 'type' | 'priority' | 'effort', bs: DashboardBucket[]): [string, number][] => bs.map((b) => [this.label(dim, b), b.count]);
    const longDate = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const ct = d.cycleTime;
    const percentiles = ct.samples.length
      ? html`<p class="percentiles" data-percentiles>
          <span>${this.t('p50', this.num(ct.p50))}</span><span>${this.t('p85', this.num(ct.p85))}</span><span>${this.t('p95', this.num(ct.p95))}</span>
        </p>`
      : undefined;
    return html`
      ${this.renderTotals(d)}
      <div class="grid">
        ${this.renderChart('status', this.t('byStatus'), this.t('status'), rows('status', d.byStatus), { empty: this.t('noItems') })}
        ${this.renderChart('type', this.t('byType'), this.t('type'), rows('type', d.byType), { empty: this.t('noItems') })}
        ${this.renderChart('priority', this.t('byPriority'), this.t('priority'), rows('priority', d.byPriority))}
        ${this.renderChart('effort', this.t('byEffort'), this.t('effort'), rows('effort', d.byEffort))}
        ${this.renderChart(
          'throughput',
          this.t('throughput'),
          this.t('week'),
          d.throughput.map((w) => [longDate.format(new Date(`${w.weekStart}T00:00:00Z`)), w.done]),
        )}
        ${this.renderChart(
          'cycle',
          this.t('cycleTime'),
          this.t('days'),
          ct.histogram.map((h) => [h.bucket, h.count]),
          { empty: this.t('noCycleTime'), extra: percentiles },
        )}
      </div>
      ${this.renderLists(d)}
    `;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.t('loading')}</div>`;
    }
    if (!s.backlog) return html`${this.renderError()}<p class="empty" id="no-backlog">${this.t('noBacklog')}</p>`;
    return html`
      <header>
        <h1 id="dashboard-title" title=${s.backlog.name}>${s.backlog.name} <span class="muted">· ${this.t('title')}</span></h1>
        <vscode-toolbar-button id="refresh" icon="refresh" label=${this.t('refresh')} title=${this.t('refresh')} ?disabled=${this.busy} @click=${() => this.refresh()}></vscode-toolbar-button>
      </header>
      ${this.renderError()}
      ${s.problem ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>` : s.data ? this.renderData(s.data) : nothing}
    `;
  }
}

customElements.define('flowcast-dashboard', DashboardApp);
document.body.append(document.createElement('flowcast-dashboard'));
