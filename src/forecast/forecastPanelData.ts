// What the Forecast panel's host answers with, built from ForecastHost: a run of the inputs form
// (How Many / When / backlog order; from the backlog, a saved view, typed samples, a picked CSV or
// the synced Azure DevOps items with their team calendar and sprints)
// trimmed to what the page draws, the saved views with their open items, the flow metrics with localised
// data warnings, and the trust view (calibration, ledger, items whose date move can be explained).
import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { backlogSource, compileCalendar, dataWarnings, dayOf, isoOf, xmr, type BacklogExtraction, type DataWarning, type TeamCalendar } from '../core/forecast';
import { loadCalendar } from '../core/forecast/backlogSettings';
import { stackedHistogram } from '../core/forecast/view/trials';
import { openItemsOfView, viewsWithOpenItems } from '../core/forecast/savedViews';
import type { AdoChoice, MetricsView, PanelInputs, RunResult, TrustView, ViewChoice } from '../core/protocol/forecastPanel';
import { FlowcastError } from '../core/util/errors';
import { statusLabel } from '../platform/messages';
import type { Answer, CommonInputs, ForecastHost, SourceSpec } from './forecastHost';

type AnyAnswer = Answer<{ kind: string }> & { result: { kind: string; history: RunResult['history'] } };

/** The engine source of the panel's source: a saved view forecasts from the backlog's history (its items are the default count). */
async function panelSource(forecasts: ForecastHost, src: PanelInputs['source'], csvFile: (id: string) => SourceSpec | undefined): Promise<SourceSpec> {
  if (src.kind === 'samples') return { kind: 'samples', samples: src.text, per: src.per };
  if (src.kind === 'azureDevOps') return { kind: 'azureDevOps' };
  if (src.kind === 'csv') {
    const spec = csvFile(src.fileId);
    if (!spec) throw new FlowcastError('invalid_input', 'source.fileId: that CSV file is no longer loaded; choose it again', { field: 'source.fileId' });
    return spec;
  }
  if (src.kind === 'view') {
    const { repo, extraction } = await forecasts.extraction();
    openItemsOfView(repo, extraction.ranked, src.viewId); // an unknown view is refused, naming the field
  }
  return { kind: 'backlog' };
}

/** Saved views of a backlog with their open-item counts (the panel's source picker). */
export async function panelViews(forecasts: ForecastHost, backlogId: string | undefined): Promise<ViewChoice[]> {
  if (!backlogId) return [];
  const { repo, extraction } = await forecasts.extraction(backlogId);
  return viewsWithOpenItems(repo, extraction.ranked).map((v) => ({ id: v.id, name: v.name, openCount: v.openIds.length }));
}

/** The synced Azure DevOps items of the active backlog as the source picker shows them; null before a first sync. */
export async function panelAzureDevOps(forecasts: ForecastHost): Promise<AdoChoice | null> {
  const data = await forecasts.azureDevOps?.();
  if (!data) return null;
  return { name: data.label ?? 'Azure DevOps', openCount: data.extraction.ranked.length, syncedAt: data.syncedAt };
}

/** Runs the panel's inputs on the host's engine and trims the answer to what the page shows. */
export async function runPanelForecast(service: BacklogService, forecasts: ForecastHost, i: PanelInputs, now: () => Date = () => new Date(), csvFile: (id: string) => SourceSpec | undefined = () => undefined): Promise<RunResult> {
  const t0 = Date.now();
  const start = dayOf(i.start, 'start');
  const source = await panelSource(forecasts, i.source, csvFile);
  const common: CommonInputs = {
    source,
    start: i.start,
    trials: i.trials,
    seed: i.seed,
    share: i.share,
    record: i.record,
    ...(source.kind !== 'samples' ? { window: { from: isoOf(start - i.windowDays), to: isoOf(start - 1) } } : {}),
  };
  const generatedAt = now().toISOString();
  let answer: AnyAnswer;
  let view: Extract<RunResult, { ok: true }>['view'] | undefined;
  if (i.mode === 'howMany') {
    const a = await forecasts.howMany({ ...common, targetDate: i.targetDate ?? i.start });
    answer = a;
    const r = a.result;
    if (r.kind === 'ok')
      view = {
        mode: 'howMany', targetDate: r.targetDate, forecastDays: r.forecastDays, percentiles: r.percentiles, histogram: r.distribution.histogram, atLeastCurve: r.distribution.atLeastCurve, mean: r.distribution.mean,
        trialItems: Array.from(r.totals), ...(r.bau ? { trialBau: Array.from(r.bau), stacked: stackedHistogram(r.totals, r.bau) } : {}),
      };
  } else if (i.mode === 'when') {
    const a = await forecasts.when({ ...common, remaining: i.remaining, split: i.split, growth: i.growth });
    answer = a;
    const r = a.result;
    if (r.kind === 'ok')
      view = {
        mode: 'when', remaining: r.remaining, percentiles: r.percentiles, histogram: r.distribution.histogram, cdf: r.distribution.cdf, notWithinHorizon: r.distribution.notWithinHorizon,
        trialDays: Array.from(r.finish, (f) => (f < 0 ? -1 : r.days[f])),
      };
  } else {
    const a = await forecasts.perItem({ ...common, parallel: i.parallel, split: i.split, growth: i.growth });
    answer = a;
    const r = a.result;
    if (r.kind === 'ok') {
      const { extraction } = await forecasts.extraction(a.backlogId);
      const blocked = new Set(extraction.ranked.filter((it) => it.blockedBy.length > 0).map((it) => it.id));
      view = { mode: 'perItem', items: r.items.map((it) => ({ ...it, blocked: blocked.has(it.id) })) };
    }
  }
  const r = answer.result as { kind: string; seed: number; trials: number; engineVersion: string; start: string; history: RunResult['history'] };
  if (!view) return { ok: false, kind: r.kind, sentence: answer.sentence, history: r.history, generatedAt };
  const { repo } = await service.repo(answer.backlogId);
  // Azure DevOps brings its team calendar (working days, days off, capacity) and its sprints.
  const ado = source.kind === 'azureDevOps' ? await forecasts.azureDevOps?.() : undefined;
  const calendar = ado?.calendar ?? loadCalendar(repo);
  return {
    ok: true,
    seed: r.seed,
    trials: r.trials,
    engineVersion: r.engineVersion,
    start: r.start,
    history: r.history,
    generatedAt,
    sentences: answer.sentences,
    view,
    calendar: JSON.parse(JSON.stringify(calendar)) as Extract<RunResult, { ok: true }>['calendar'],
    ...(ado ? { sprints: ado.sprints.map((sp) => ({ name: sp.name, start: sp.start, finish: sp.finish })) } : {}),
    ...(answer.ledgerId ? { ledgerId: answer.ledgerId } : {}),
    ms: Date.now() - t0,
  };
}

function warningText(w: DataWarning): string {
  switch (w.kind) {
    case 'shortHistory':
      return vscode.l10n.t('Short history: {0} working days (30 to 90 recommended).', w.days);
    case 'longZeroRun':
      return vscode.l10n.t('{0} working days in a row without a finished item (from {1}).', w.days, w.from ?? '—');
    case 'halvesDiffer':
      return vscode.l10n.t('The two halves of the history differ: {0} then {1} items per working day.', w.firstMean.toFixed(2), w.secondMean.toFixed(2));
  }
}

/** Flow metrics of the active backlog (or of its synced Azure DevOps items) with localised warnings and status labels. */
export async function panelMetrics(forecasts: ForecastHost, source: 'backlog' | 'azureDevOps' = 'backlog'): Promise<MetricsView> {
  const { backlogId, metrics } = await forecasts.metrics({ source: { kind: source } });
  const statusLabels: Record<string, string> = {};
  let extraction: BacklogExtraction;
  let calendar: TeamCalendar;
  const ado = source === 'azureDevOps' ? await forecasts.azureDevOps?.() : undefined;
  if (ado) {
    ({ extraction, calendar } = ado);
    for (const st of ado.extraction.statuses) statusLabels[st.key] = st.label; // Azure DevOps state names, as the team wrote them
  } else {
    const local = await forecasts.extraction(backlogId);
    extraction = local.extraction;
    calendar = loadCalendar(local.repo);
    for (const st of local.repo.listStatuses()) statusLabels[st.key] = statusLabel(st.key, st.label);
  }
  const history = backlogSource(extraction).history(compileCalendar(calendar), { from: dayOf(metrics.from), to: dayOf(metrics.to) });
  const p = metrics.predictability;
  return {
    ...metrics,
    xmrDaily: xmr(metrics.throughputDaily.map((d) => d.count)),
    predictability: p.score === null ? { score: null, reason: p.reason } : { score: p.score, label: p.label, p50: p.p50, p95: p.p95 },
    warnings: dataWarnings(history).map(warningText),
    statusLabels,
  };
}

/** Calibration (weekly backtests), the scored ledger and the items two recorded backlog-order forecasts include. */
export async function panelTrust(forecasts: ForecastHost, today: string): Promise<TrustView> {
  const ledger = await forecasts.ledger();
  let calibration: TrustView['calibration'] = null;
  let calibrationProblem: string | null = null;
  try {
    calibration = (await forecasts.backtest({ asOf: isoOf(dayOf(today) - 14) })).calibration;
  } catch (err) {
    calibrationProblem = err instanceof Error ? err.message : String(err);
  }
  const seen = new Map<string, number>();
  for (const rec of ledger.records) {
    const snap = (rec.inputs as { snapshot?: { items?: { id: string }[] } } | null)?.snapshot;
    if (rec.target !== 'perItem' || !snap?.items) continue;
    for (const it of snap.items) seen.set(it.id, (seen.get(it.id) ?? 0) + 1);
  }
  return {
    calibration,
    calibrationProblem,
    ledger: ledger.records
      .slice(-200)
      .reverse()
      .map((r) => ({ id: r.id, createdAt: r.createdAt, target: r.target, start: r.start, horizonEnd: r.horizonEnd, ...(r.remaining !== undefined ? { remaining: r.remaining } : {}), percentiles: r.percentiles, scores: r.scores })),
    ledgerSentences: ledger.sentences,
    movable: [...seen].filter(([, n]) => n >= 2).map(([id]) => id).slice(0, 500),
  };
}
