// The dashboard page: totals, charts (chart.js, themed from VS Code's CSS variables) and lists of
// items needing attention. Every chart has a text alternative (aria-label + a visually hidden
// table); every item ID is a button that opens the item. The sections, the chart data and the
// styles live in their own modules; this element holds the state and talks to the host.
import { LitElement, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { Init, type InitParams } from '../../src/core/protocol';
import { type DashboardBucket, type DashboardState, DashboardStateChanged, GetDashboard, OpenItemFromDashboard } from '../../src/core/protocol/dashboard';
import { ChartThemeController } from '../shared/chart-theme';
import { ThemedCharts } from '../shared/themed-chart';
import { fillPlaceholders } from '../shared/text-format';
import { sharedStyles, tracked } from '../shared/ui';
import { host, onProtocolError, setViewState } from '../shared/host';
import { dashboardChartSpecs } from './dashboard-charts';
import { renderData } from './dashboard-sections';
import { dashboardStyles } from './dashboard-styles';
import type { BucketDimension, DashboardText } from './dashboard-text';

export class DashboardApp extends LitElement implements DashboardText {
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
  /** The theme's colours, re-read (and the charts redrawn) when VS Code's theme changes. */
  private readonly themeColors = new ChartThemeController(this, () => this.syncCharts());
  private readonly charts = new ThemedCharts();

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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.charts.destroyAll();
  }

  t(key: string, ...args: (string | number)[]): string {
    return fillPlaceholders(this.init?.strings[key] ?? key, args);
  }

  get locale(): string {
    return this.init?.locale ?? 'en';
  }

  num(n: number): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 }).format(n);
  }

  label(dim: BucketDimension, b: DashboardBucket): string {
    return this.state?.labels[`${dim}:${b.key}`] ?? b.label;
  }

  list(parts: string[]): string {
    return new Intl.ListFormat(this.locale, { style: 'narrow', type: 'unit' }).format(parts);
  }

  static override styles = [sharedStyles, dashboardStyles];

  // ------------------------------------------------------------------ actions

  private run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    return tracked(this, fn);
  }

  private refresh(): void {
    void this.run(async () => {
      this.state = await host.request(GetDashboard, {});
    });
  }

  openItem(id: string): void {
    void this.run(() => host.request(OpenItemFromDashboard, { id }));
  }

  // ------------------------------------------------------------------ charts

  /** Creates, updates or destroys the charts so they match the rendered canvases and the theme. */
  private syncCharts(): void {
    const d = this.state?.data;
    const theme = this.themeColors.theme;
    this.charts.sync(this.renderRoot, d ? dashboardChartSpecs(d, theme, this) : [], theme, this.t('items'));
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
      ${s.problem ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>` : s.data ? renderData(this, s.data) : nothing}
    `;
  }
}

customElements.define('flowcast-dashboard', DashboardApp);
document.body.append(document.createElement('flowcast-dashboard'));
