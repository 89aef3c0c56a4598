// The Forecast page: holds the inputs form and the latest answer, runs the forecast as inputs
// change (at once after a quiet spell, debounced while typing; a stale run is cancelled and its
// answer ignored; invalid inputs run nothing), switches tabs and builds exports from exactly what
// is shown.
import { LitElement, html, css, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { calendarHeatmap, compileCalendar, calendarSvg, formToInputs, perItemCsv, perItemRows, summaryJson, trialsCsv, defaultCount, type CalendarHeatmap, type FormField, type PanelForm, type PerItemRow } from '../../src/core/forecast/view';
import { Init, RpcError } from '../../src/core/protocol';
import {
  ExplainDateMove, ForecastBacklogChanged, GetPanelDefaults, GetPanelMetrics, GetPanelTrust, OpenItemFromForecast, PickPanelCsv, RunPanelForecast, SavePanelExport,
  type MetricsView, type PanelDefaults, type PanelInputs, type RunResult, type TrustView,
} from '../../src/core/protocol/forecastPanel';
import { getViewState, host, onProtocolError, setViewState } from '../shared/host';
import { sharedStyles } from '../shared/ui';
import type { ForecastChart } from './forecast-chart';
import type { ExportChoice } from './export-bar';
import { forecastStyles } from './forecast-styles';
import { dateText, monthText, probText, setText, t, weekdayNames } from './forecast-text';
import './export-bar';
import './forecast-inputs';
import './forecast-tab-bar';
import './tab-backlog-order';
import './tab-flow-metrics';
import './tab-how-many';
import './tab-trust';
import './tab-when';

const DEBOUNCE_MS = 250;
type Tab = 'howMany' | 'when' | 'perItem' | 'metrics' | 'trust';
type Ok = Extract<RunResult, { ok: true }>;

export class ForecastApp extends LitElement {
  static override properties = {
    ready: { state: true }, defaults: { state: true }, form: { state: true }, errors: { state: true }, result: { state: true }, tab: { state: true },
    busy: { state: true }, error: { state: true }, metrics: { state: true }, trust: { state: true }, moved: { state: true }, exportStatus: { state: true },
  };
  declare ready: boolean;
  declare defaults: PanelDefaults | undefined;
  declare form: PanelForm | undefined;
  declare errors: Partial<Record<FormField, string>>;
  declare result: RunResult | undefined;
  declare tab: Tab;
  declare busy: boolean;
  declare error: string | undefined;
  declare metrics: MetricsView | undefined;
  declare trust: TrustView | undefined;
  declare moved: string[] | undefined;
  declare exportStatus: string;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the form last changed: a change after a quiet spell runs at once, a burst (typing) once it pauses. */
  private lastChange = 0;
  private running: AbortController | undefined;
  private runId = 0;
  /** The inputs the shown result was computed from (the JSON export writes these). */
  private shownInputs: PanelInputs | undefined;

  static override styles = [
    sharedStyles,
    forecastStyles,
    css`
      :host { padding: 12px 16px 24px; max-width: 1500px; box-sizing: border-box; }
      header { display: flex; align-items: center; gap: 10px; margin-bottom: 10px; }
      h1 { font-size: 1.3em; font-weight: 600; margin: 0; flex: 1; }
      .status { display: flex; gap: 8px; align-items: center; min-height: 22px; color: var(--vscode-descriptionForeground); }
      .refusal { font-size: 1.1em; }
    `,
  ];

  constructor() {
    super();
    this.ready = false;
    this.errors = {};
    this.tab = 'when';
    this.busy = false;
    this.exportStatus = '';
    host.onNotification(Init, (p) => {
      setText(p.strings, p.locale);
      document.documentElement.lang = p.locale;
      this.ready = true;
      void this.loadDefaults();
    });
    host.onNotification(ForecastBacklogChanged, (b) => {
      if (this.defaults) this.defaults = { ...this.defaults, backlog: b.backlog, openCount: b.openCount, views: b.views, azureDevOps: b.azureDevOps };
      this.metrics = undefined;
      this.trust = undefined;
      if (this.tab === 'metrics' || this.tab === 'trust') this.loadTab(this.tab);
      if (this.form?.sourceKind === 'backlog' || this.form?.sourceKind === 'view' || this.form?.sourceKind === 'azureDevOps') this.schedule(0);
    });
    onProtocolError((e) => (this.error = e.message));
  }

  private async loadDefaults(): Promise<void> {
    try {
      const d = await host.request(GetPanelDefaults, {});
      this.defaults = d;
      const saved = getViewState<{ view?: string; form?: PanelForm; tab?: Tab }>();
      const targetDate = new Date(Date.parse(`${d.start}T00:00:00Z`) + 29 * 86_400_000).toISOString().slice(0, 10);
      this.form = saved?.view === 'forecast' && saved.form ? saved.form : {
        sourceKind: 'backlog', samples: '', per: 'day', mode: 'when', targetDate, remaining: '', start: d.start, trials: String(d.trials), seed: String(d.seed),
        windowDays: String(d.windowDays), share: '', parallel: '', splitLow: '', splitHigh: '', growth: false,
      };
      this.tab = saved?.tab ?? this.form.mode;
      this.schedule(0);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** The default number of items of the chosen source. */
  private openCount(): number {
    return this.form && this.defaults ? defaultCount(this.form, this.defaults.openCount, this.defaults.views, this.defaults.azureDevOps?.openCount) : 0;
  }

  private async pickCsv(): Promise<void> {
    try {
      const r = await host.request(PickPanelCsv, {});
      if (r.picked && this.form) this.onForm({ ...this.form, sourceKind: 'csv', csvFile: r.fileId, csvName: r.name, csvOpen: r.openRows });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  private save(): void {
    setViewState({ view: 'forecast', form: this.form, tab: this.tab });
  }

  private onForm(f: PanelForm): void {
    performance.mark('flowcast:forecast-input'); // the benchmark measures input -> charts drawn
    const modeChanged = this.form?.mode !== f.mode;
    if (this.metricsSource(this.form) !== this.metricsSource(f)) this.metrics = undefined; // the Flow metrics tab follows the source
    this.form = f;
    if (modeChanged) this.tab = f.mode;
    this.save();
    this.schedule(DEBOUNCE_MS);
  }

  /** Validates now (marks problems inline) and runs after `delay` when the inputs are valid. */
  private schedule(delay: number, record = false): void {
    if (!this.form || !this.defaults) return;
    const v = formToInputs(this.form, this.openCount());
    if (this.timer) clearTimeout(this.timer);
    if (v.errors) {
      this.errors = v.errors;
      this.running?.abort();
      this.runId++;
      this.busy = false;
      return;
    }
    this.errors = {};
    const inputs = record ? { ...v.inputs, record: true } : v.inputs;
    const now = Date.now();
    const quiet = now - this.lastChange > DEBOUNCE_MS;
    if (delay > 0) this.lastChange = now;
    this.timer = setTimeout(() => void this.run(inputs), quiet ? 0 : delay);
  }

  private async run(inputs: PanelInputs): Promise<void> {
    this.running?.abort();
    const ctrl = new AbortController();
    this.running = ctrl;
    const id = ++this.runId;
    this.busy = true;
    try {
      performance.mark('flowcast:forecast-request');
      const r = await host.request(RunPanelForecast, inputs, { signal: ctrl.signal });
      if (id !== this.runId) return; // a newer run started: this answer is stale
      this.result = r;
      void this.measureDrawn();
      this.shownInputs = inputs;
      this.error = undefined;
      if (inputs.record) this.trust = undefined;
    } catch (err) {
      if (id !== this.runId || (err instanceof RpcError && err.code === 'cancelled')) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (id === this.runId) this.busy = false;
    }
  }

  /** User Timing for the benchmark: the charts (drawn synchronously by the tabs' updates) are on screen at the next frame. */
  private async measureDrawn(): Promise<void> {
    await this.updateComplete;
    requestAnimationFrame(() => {
      performance.measure('flowcast:forecast-run', 'flowcast:forecast-request');
      if (performance.getEntriesByName('flowcast:forecast-input').length) performance.measure('flowcast:forecast-update', 'flowcast:forecast-input');
    });
  }

  /** Flow metrics are of the local backlog, or of the synced Azure DevOps items when they are the source. */
  private metricsSource(f: PanelForm | undefined): 'backlog' | 'azureDevOps' {
    return f?.sourceKind === 'azureDevOps' ? 'azureDevOps' : 'backlog';
  }

  private loadTab(tab: Tab): void {
    if (tab === 'metrics' && !this.metrics) void host.request(GetPanelMetrics, { source: this.metricsSource(this.form) }).then((m) => (this.metrics = m), (e: Error) => (this.error = e.message));
    if (tab === 'trust' && !this.trust) void host.request(GetPanelTrust, {}).then((x) => (this.trust = x), (e: Error) => (this.error = e.message));
  }

  private onTab(tab: Tab): void {
    this.tab = tab;
    if ((tab === 'howMany' || tab === 'when' || tab === 'perItem') && this.form && this.form.mode !== tab) this.onForm({ ...this.form, mode: tab });
    this.loadTab(tab);
    this.save();
  }

  // ------------------------------------------------------------------ view-models

  private get ok(): Ok | undefined {
    const r = this.result;
    return r?.ok && r.view.mode === this.tab ? r : undefined;
  }

  private heatmap(r: Ok): CalendarHeatmap | undefined {
    if (r.view.mode !== 'when') return undefined;
    const cal = compileCalendar(r.calendar);
    return calendarHeatmap({ start: r.start, cdf: r.view.cdf, p95: r.view.percentiles.find((q) => q.p === 0.95)?.date ?? null, notWithinHorizon: r.view.notWithinHorizon, isWorking: (d) => cal.isWorking(d), sprints: r.sprints });
  }

  private rows(r: Ok): PerItemRow[] {
    return r.view.mode === 'perItem' ? perItemRows(r.view.items) : [];
  }

  // ------------------------------------------------------------------ exports

  private choices(): ExportChoice[] {
    const r = this.ok;
    if (this.tab === 'howMany' && r) return [{ kind: 'png', chart: 'atLeast', label: t('export.pngCurve') }, { kind: 'png', chart: 'histogram', label: t('export.pngHistogram') }, { kind: 'json', label: t('export.json') }, { kind: 'csv', chart: 'trials', label: t('export.trialsCsv') }];
    if (this.tab === 'when' && r) return [{ kind: 'png', chart: 'finishDates', label: t('export.pngHistogram') }, { kind: 'png', chart: 'cdf', label: t('export.pngCdf') }, { kind: 'svg', label: t('export.svg') }, { kind: 'json', label: t('export.json') }, { kind: 'csv', chart: 'trials', label: t('export.trialsCsv') }];
    if (this.tab === 'perItem' && r) return [{ kind: 'csv', label: t('export.csv') }, { kind: 'json', label: t('export.json') }];
    return [];
  }

  private content(c: ExportChoice, r: Ok): string | undefined {
    if (c.kind === 'png') {
      const tab = this.renderRoot.querySelector(`[data-tab-panel="${this.tab}"] > *`);
      const chart = tab?.shadowRoot?.querySelector<ForecastChart>(`fc-chart`) ? [...(tab.shadowRoot.querySelectorAll<ForecastChart>('fc-chart'))].find((x) => x.spec?.id === c.chart) : undefined;
      return chart?.pngDataUrl();
    }
    if (c.kind === 'csv' && c.chart === 'trials') {
      const v = r.view;
      if (v.mode === 'howMany') return trialsCsv({ mode: 'howMany', items: v.trialItems, bau: v.trialBau });
      return v.mode === 'when' ? trialsCsv({ mode: 'when', finishDays: v.trialDays }) : undefined;
    }
    if (c.kind === 'csv') return perItemCsv(this.rows(r));
    if (c.kind === 'svg') {
      const h = this.heatmap(r);
      return h && calendarSvg(h, { title: t('chart.calendar'), weekdays: weekdayNames(), month: monthText, probability: probText, footer: t('notWithinHorizonShare', probText(h.notWithinHorizon)) });
    }
    const v = r.view;
    const percentiles = v.mode === 'perItem' ? (v.items[v.items.length - 1]?.percentiles ?? []) : v.percentiles;
    return summaryJson({
      generatedAt: r.generatedAt, engineVersion: r.engineVersion, seed: r.seed, trials: r.trials, mode: v.mode, inputs: this.shownInputs, history: r.history,
      percentiles: percentiles.map((q) => ({ ...q })), notWithinHorizon: v.mode === 'when' ? v.notWithinHorizon : v.mode === 'perItem' ? (v.items[v.items.length - 1]?.notWithinHorizon ?? 0) : null, sentences: r.sentences,
    });
  }

  private async exportFile(c: ExportChoice): Promise<void> {
    const r = this.ok;
    if (!r) return;
    const content = this.content(c, r);
    if (!content) return;
    const name = `forecast-${r.view.mode}${c.chart ? `-${c.chart}` : ''}${c.chart === 'trials' ? `-seed${r.seed}` : ''}-${r.start}`;
    try {
      const res = await host.request(SavePanelExport, { kind: c.kind, name, content });
      this.exportStatus = res.saved ? t('exported', res.path ?? name) : '';
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  // ------------------------------------------------------------------ rendering

  private renderTab() {
    if (this.tab === 'metrics') return html`<fc-flow-metrics .metrics=${this.metrics}></fc-flow-metrics>`;
    if (this.tab === 'trust') return html`<fc-trust .trust=${this.trust} .moved=${this.moved} @why-moved=${(e: CustomEvent<string>) => this.whyMoved(e.detail)}></fc-trust>`;
    const r = this.result;
    if (r && !r.ok) return html`<p class="notice refusal" role="status" data-refusal=${r.kind}>${r.sentence}</p>`;
    const ok = this.ok;
    if (!ok) return html`<p class="muted">${this.busy ? t('running') : Object.keys(this.errors).length ? t('fixInputs') : t('loading')}</p>`;
    if (ok.view.mode === 'howMany') return html`<fc-how-many .view=${ok.view} .sentences=${ok.sentences}></fc-how-many>`;
    if (ok.view.mode === 'when') return html`<fc-when .view=${ok.view} .sentences=${ok.sentences} .heatmap=${this.heatmap(ok)}></fc-when>`;
    return html`<fc-backlog-order .rows=${this.rows(ok)} .start=${ok.start}></fc-backlog-order>`;
  }

  private whyMoved(itemId: string): void {
    void host.request(ExplainDateMove, { itemId }).then((r) => (this.moved = r.sentences), (e: Error) => (this.moved = [e.message]));
  }

  override render() {
    if (!this.ready || !this.form) return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${t('loading')}</div>`;
    const r = this.result;
    const tabs = (['howMany', 'when', 'perItem', 'metrics', 'trust'] as const).map((id) => ({ id, label: t(`tab.${id}`) }));
    return html`
      <header>
        <h1 id="forecast-title">${this.defaults?.backlog?.name ?? t('noBacklog')} <span class="muted">· ${t('title')}</span></h1>
      </header>
      ${this.error ? html`<div class="error" role="alert"><span>${this.error}</span></div>` : nothing}
      <fc-inputs .form=${this.form} .errors=${this.errors} .openCount=${this.openCount()} .views=${this.defaults?.views ?? []} .azureDevOps=${this.defaults?.azureDevOps ?? null}
        @form-change=${(e: CustomEvent<PanelForm>) => this.onForm(e.detail)} @pick-csv=${() => void this.pickCsv()}></fc-inputs>
      <div class="status" role="status" aria-live="polite" data-run-status>
        ${this.busy ? html`<vscode-progress-ring></vscode-progress-ring>${t('running')}` : r ? html`<span data-generated=${r.generatedAt}>${r.ok ? t('generated', dateText(r.generatedAt.slice(0, 10)), r.seed, r.trials, r.engineVersion) : ''}</span>` : nothing}
      </div>
      <fc-tab-bar .tabs=${tabs} .active=${this.tab} @tab-change=${(e: CustomEvent<Tab>) => this.onTab(e.detail)}></fc-tab-bar>
      <fc-export-bar .choices=${this.choices()} .canRecord=${!!this.ok} .status=${this.exportStatus}
        @export=${(e: CustomEvent<ExportChoice>) => void this.exportFile(e.detail)} @record=${() => this.schedule(0, true)}></fc-export-bar>
      <div role="tabpanel" aria-labelledby="tab-${this.tab}" data-tab-panel=${this.tab}
        @open-item=${(e: CustomEvent<string>) => void host.request(OpenItemFromForecast, { id: e.detail }).catch((err: Error) => (this.error = err.message))}>${this.renderTab()}</div>
    `;
  }
}

customElements.define('flowcast-forecast', ForecastApp);
document.body.append(document.createElement('flowcast-forecast'));
