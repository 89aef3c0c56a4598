// The host side of forecasting: resolves a source (the local backlog, typed samples or a CSV of
// dates), the backlog's team calendar and seed, runs the engine in its worker thread (a newer
// request of the same kind cancels a stale one), records what users run in the calibration
// ledger, and returns results with their plain sentences and Markdown report. Used by the
// commands and the public API; no UI here.
import type { BacklogService } from '../core/backlog/service';
import type { BacklogRepository } from '../core/backlog/repository';
import {
  backlogSource,
  DEFAULT_WINDOW_DAYS,
  unitsOf,
  howManySentence,
  markdownReport,
  parseCsvDates,
  parseSamples,
  refusalSentence,
  whenSentence,
  type CsvDateColumns,
  type HowManyResult,
  type Locale,
  type Outcome,
  type PerItemForecast,
  type TeamCalendar,
  type WeightMap,
  type WhenResult,
  type BacklogExtraction,
} from '../core/forecast';
import { loadCalendar, loadSeed } from '../core/forecast/backlogSettings';
import type { Calibration, HowManyBacktest, WhenBacktest } from '../core/forecast/backtest';
import { LedgerStore, ledgerRecord, scoreEntry, summarize, summarySentence, type LedgerRecord, type Verdict } from '../core/forecast/ledger';
import type { FlowMetrics, Predictability } from '../core/forecast/metrics';
import type { ForecastRequest, SourceSpec as WorkerSource } from '../core/forecast/worker';
import type { ForecastWorkerClient } from '../core/forecast/workerClient';
import { compileCalendar, dayOf } from '../core/forecast/calendar';
import { attributeDateChange, attributionSentences, type Attribution, type AttributionSide } from '../core/forecast/attribution';
import { FlowcastError } from '../core/util/errors';
import type { AdoForecastData } from '../core/ado';
import { ExtractionCache } from './extractionCache';

/** Where the history comes from, as callers give it. */
export type SourceSpec =
  | { kind: 'backlog' }
  | { kind: 'azureDevOps' }
  | { kind: 'samples'; samples: number[] | string; per?: 'day' | 'week' }
  | { kind: 'csv'; text: string; columns: CsvDateColumns; timeZone?: string };

export interface CommonInputs {
  backlogId?: string;
  source?: SourceSpec;
  /** First forecast day (YYYY-MM-DD); default today in the calendar's time zone. */
  start?: string;
  trials?: number;
  seed?: number;
  share?: number;
  window?: { from?: string; to?: string };
  calendar?: TeamCalendar;
  /** Count effort units instead of items. */
  weights?: WeightMap;
  /** Record the forecast in the backlog's calibration ledger (commands and the panel do). */
  record?: boolean;
  /** Runs on the same channel cancel each other (default: one channel per operation); the card dates and the status bar use their own. */
  channel?: string;
}

export interface Answer<R> {
  backlogId: string;
  result: Outcome<R>;
  /** The P85 sentence (or the guard's reason when there is no forecast). */
  sentence: string;
  sentences: string[];
  markdown: string;
  /** The ledger record's id when the forecast was recorded. */
  ledgerId?: string;
}

export interface LedgerView {
  records: (LedgerRecord & { scores: { p: number; verdict: Verdict }[] })[];
  summary: ReturnType<typeof summarize>;
  sentences: string[];
}

export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The synced Azure DevOps items of the active connection (set by the Azure DevOps feature). */
export type AzureDevOpsData = () => Promise<AdoForecastData | undefined>;

interface Resolved {
  /** Where the history came from, as the caller named it (the ledger scores only the backlog's own). */
  from: SourceSpec['kind'];
  backlogId: string;
  repo: BacklogRepository;
  source: WorkerSource;
  calendar: TeamCalendar;
  seed: number;
  start: string;
  today: string;
  openCount: number;
}

export class ForecastHost {
  /** Plugged in by the Azure DevOps feature when it starts. */
  azureDevOps: AzureDevOpsData | undefined;
  private readonly azureDevOpsListeners = new Set<() => void>();
  private readonly recordListeners = new Set<(backlogId: string) => void>();

  /** Called with the backlog's id after a forecast was recorded in its calibration ledger. */
  onDidRecord(listener: (backlogId: string) => void): { dispose(): void } {
    this.recordListeners.add(listener);
    return { dispose: () => this.recordListeners.delete(listener) };
  }

  /** Told by the Azure DevOps feature after a sync: views showing its items refresh. */
  azureDevOpsChanged(): void {
    for (const l of [...this.azureDevOpsListeners]) l();
  }

  onAzureDevOpsChanged(listener: () => void): { dispose(): void } {
    this.azureDevOpsListeners.add(listener);
    return { dispose: () => this.azureDevOpsListeners.delete(listener) };
  }

  /** The backlogs' histories as read for forecasts, until they change. */
  private readonly extractions: ExtractionCache;

  constructor(
    private readonly service: BacklogService,
    private readonly client: ForecastWorkerClient,
    private readonly locale: () => Locale,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.extractions = new ExtractionCache(service);
  }

  /** A backlog's history for forecasts (read once per change of the backlog). Treat it as read-only. */
  async extraction(backlogId?: string, opts: { transitions?: boolean } = {}): Promise<{ backlogId: string; repo: BacklogRepository; extraction: BacklogExtraction }> {
    const { id, repo } = await this.service.repo(backlogId);
    return { backlogId: id, repo, extraction: this.extractions.get(id, repo, opts) };
  }

  /** What the pickers need before asking: the start day and the number of open items. */
  async defaults(backlogId?: string): Promise<{ start: string; openCount: number; seed: number; calendar: TeamCalendar }> {
    const { id, repo } = await this.service.repo(backlogId);
    const calendar = loadCalendar(repo);
    return { start: todayIn(calendar.timeZone, this.now()), openCount: this.extractions.get(id, repo).ranked.length, seed: loadSeed(repo, id), calendar };
  }

  /** Source, calendar, seed and start for a request; a CSV is parsed here so bad rows surface with their lines. */
  private async resolve(o: CommonInputs): Promise<Resolved> {
    const { id, repo } = await this.service.repo(o.backlogId);
    const calendar = o.calendar ?? loadCalendar(repo);
    compileCalendar(calendar);
    const seed = o.seed ?? loadSeed(repo, id);
    const spec = o.source ?? { kind: 'backlog' };
    let source: WorkerSource;
    let openCount = 0;
    let teamCalendar = calendar;
    if (spec.kind === 'backlog') {
      const extraction = this.extractions.get(id, repo);
      source = { kind: 'backlog', extraction };
      openCount = extraction.ranked.length;
    } else if (spec.kind === 'azureDevOps') {
      const data = await this.azureDevOps?.();
      if (!data) throw new FlowcastError('invalid_input', 'source: no Azure DevOps data for this backlog yet: run "Flowcast: Configure Azure DevOps Connection", then "Sync Azure DevOps"', { field: 'source' });
      // The synced items in the query's order; the team calendar (working days, days off, capacity) comes from Azure DevOps.
      source = { kind: 'backlog', extraction: data.extraction };
      openCount = data.extraction.ranked.length;
      if (!o.calendar) teamCalendar = data.calendar;
    } else if (spec.kind === 'samples') {
      source = { kind: 'samples', samples: typeof spec.samples === 'string' ? parseSamples(spec.samples) : spec.samples, per: spec.per ?? 'day' };
    } else {
      const timeZone = spec.timeZone ?? calendar.timeZone;
      const parsed = parseCsvDates(spec.text, spec.columns, timeZone);
      source = { kind: 'csv', text: spec.text, columns: spec.columns, timeZone };
      openCount = parsed.openRows;
    }
    compileCalendar(teamCalendar);
    const today = todayIn(teamCalendar.timeZone, this.now());
    return { from: spec.kind, backlogId: id, repo, source, calendar: teamCalendar, seed, start: o.start ?? today, today, openCount };
  }

  private run<T>(channel: string, r: Resolved, request: ForecastRequest): Promise<T> {
    return this.client.run<T>(`${channel}:${r.backlogId}`, request);
  }

  private record(r: Resolved, result: HowManyResult | WhenResult | PerItemForecast, inputs: CommonInputs, answer: { ledgerId?: string }): void {
    const { source: _s, ...rest } = inputs;
    // A backlog-order forecast keeps what it was computed from, so "why did my date move" can
    // re-run it with one factor changed at a time.
    const snapshot = 'items' in result && r.from === 'backlog' ? this.snapshot(r, inputs) : undefined;
    const rec = ledgerRecord(result, { ...rest, source: r.from, ...(snapshot ? { snapshot } : {}) }, r.from === 'azureDevOps' ? 'azure-devops' : r.source.kind, this.now());
    new LedgerStore(r.repo.db).add(rec);
    answer.ledgerId = rec.id;
    for (const l of [...this.recordListeners]) l(r.backlogId);
  }

  private snapshot(r: Resolved, o: CommonInputs): AttributionSide {
    if (r.source.kind !== 'backlog') throw new Error('unreachable');
    const x = r.source.extraction;
    const cal = compileCalendar(r.calendar);
    const to = o.window?.to ? dayOf(o.window.to, 'window.to') : dayOf(r.start) - 1;
    const from = o.window?.from ? dayOf(o.window.from, 'window.from') : to - DEFAULT_WINDOW_DAYS + 1;
    const samples = Array.from(backlogSource(x).history(cal, { from, to }, o.weights).samples);
    return { start: r.start, samples, calendar: r.calendar, items: x.ranked.map((it) => ({ id: it.id, weight: unitsOf(it.effort, o.weights), blockedBy: it.blockedBy })) };
  }

  /** Why the P85 date of an item moved between the last two recorded backlog-order forecasts. */
  async whyMoved(o: { backlogId?: string; itemId: string }): Promise<{ backlogId: string; attribution: Attribution; sentences: string[]; from: string; to: string }> {
    const { id, repo } = await this.service.repo(o.backlogId);
    const withItem = new LedgerStore(repo.db)
      .list()
      .filter((rec) => rec.target === 'perItem')
      .map((rec) => ({ rec, snap: (rec.inputs as { snapshot?: AttributionSide } | null)?.snapshot }))
      .filter((e): e is { rec: LedgerRecord; snap: AttributionSide } => !!e.snap && e.snap.items.some((it) => it.id === o.itemId));
    if (withItem.length < 2)
      throw new FlowcastError('invalid_input', `itemId: ${o.itemId} needs two recorded forecasts of the backlog order that include it (found ${withItem.length}); run "Forecast the Backlog Order" again after a change`, { field: 'itemId' });
    const [before, after] = withItem.slice(-2);
    const attribution = attributeDateChange(before.snap, after.snap, o.itemId, { seed: after.rec.seed });
    return { backlogId: id, attribution, sentences: attributionSentences(attribution, this.locale()), from: before.rec.createdAt, to: after.rec.createdAt };
  }

  async howMany(o: CommonInputs & { targetDate: string }): Promise<Answer<HowManyResult>> {
    const r = await this.resolve(o);
    const result = await this.run<Outcome<HowManyResult>>(o.channel ?? 'howMany', r, {
      op: 'howMany',
      source: r.source,
      options: { start: r.start, targetDate: o.targetDate, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window, weights: o.weights },
    });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? result.percentiles.map((q) => howManySentence(q.p, q.value, result.targetDate, loc)) : [refusalSentence(result, loc)];
    const answer: Answer<HowManyResult> = { backlogId: r.backlogId, result, sentences, sentence: pick85(result, sentences), markdown: markdownReport(result, loc) };
    if (o.record && result.kind === 'ok') this.record(r, result, o, answer);
    return answer;
  }

  async when(o: CommonInputs & { remaining?: number; split?: { low: number; high: number }; growth?: boolean }): Promise<Answer<WhenResult>> {
    const r = await this.resolve(o);
    const remaining = o.remaining ?? r.openCount;
    const result = await this.run<Outcome<WhenResult>>(o.channel ?? 'when', r, {
      op: 'when',
      source: r.source,
      options: { start: r.start, remaining, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window, weights: o.weights, split: o.split, growth: o.growth },
    });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? result.percentiles.map((q) => whenSentence(q.p, remaining, q.date, loc)) : [refusalSentence(result, loc)];
    const answer: Answer<WhenResult> = { backlogId: r.backlogId, result, sentences, sentence: pick85(result, sentences), markdown: markdownReport(result, loc) };
    if (o.record && result.kind === 'ok') this.record(r, result, { ...o, remaining } as CommonInputs, answer);
    return answer;
  }

  async perItem(o: CommonInputs & { parallel?: number; split?: { low: number; high: number }; growth?: boolean }): Promise<Answer<PerItemForecast>> {
    const r = await this.resolve({ ...o, source: o.source?.kind === 'azureDevOps' ? o.source : { kind: 'backlog' } });
    const result = await this.run<Outcome<PerItemForecast>>(o.channel ?? 'perItem', r, {
      op: 'perItem',
      source: r.source,
      options: { start: r.start, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window, weights: o.weights, parallel: o.parallel, split: o.split, growth: o.growth },
    });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? [] : [refusalSentence(result, loc)];
    const answer: Answer<PerItemForecast> = { backlogId: r.backlogId, result, sentences, sentence: sentences[0] ?? '', markdown: markdownReport(result, loc) };
    if (o.record && result.kind === 'ok' && result.items.length) this.record(r, result, o, answer);
    return answer;
  }

  /** How Many and When as of a past date, compared with what happened, plus weekly calibration. */
  async backtest(o: CommonInputs & { asOf: string; targetDate?: string; remaining?: number; horizonDays?: number }): Promise<{ backlogId: string; howMany?: HowManyBacktest; when?: WhenBacktest; calibration: Calibration }> {
    const r = await this.resolve(o);
    const common = { asOf: o.asOf, today: r.today, seed: r.seed, trials: o.trials, calendar: r.calendar };
    const howMany = o.targetDate ? await this.run<HowManyBacktest>('backtestHowMany', r, { op: 'backtestHowMany', source: r.source, options: { ...common, targetDate: o.targetDate } }) : undefined;
    const when = o.remaining !== undefined ? await this.run<WhenBacktest>('backtestWhen', r, { op: 'backtestWhen', source: r.source, options: { ...common, remaining: o.remaining } }) : undefined;
    const calibration = await this.run<Calibration>('calibrate', r, { op: 'calibrate', source: r.source, options: { today: r.today, seed: r.seed, horizonDays: o.horizonDays, calendar: r.calendar } });
    return { backlogId: r.backlogId, howMany, when, calibration };
  }

  /** Flow metrics of the local backlog (throughput, cycle times, aging WIP, CFD, XmR, predictability). */
  async metrics(o: { backlogId?: string; from?: string; source?: { kind: 'backlog' | 'azureDevOps' } } = {}): Promise<{ backlogId: string; metrics: FlowMetrics & { predictability: Predictability } }> {
    const { id, repo } = await this.service.repo(o.backlogId);
    let calendar = loadCalendar(repo);
    let extraction: BacklogExtraction;
    if (o.source?.kind === 'azureDevOps') {
      const r = await this.resolve({ backlogId: id, source: o.source });
      if (r.source.kind !== 'backlog') throw new Error('unreachable');
      extraction = r.source.extraction; // carries every state change of the synced items
      calendar = r.calendar;
    } else {
      extraction = this.extractions.get(id, repo, { transitions: true }); // every status change, for the cumulative flow
    }
    const today = todayIn(calendar.timeZone, this.now());
    const metrics = await this.client.run<FlowMetrics & { predictability: Predictability }>(`metrics:${id}`, {
      op: 'metrics',
      extraction,
      options: { today, from: o.from, calendar, seed: loadSeed(repo, id) },
    });
    return { backlogId: id, metrics };
  }

  /** The calibration ledger of a backlog, each record scored against what happened since. */
  async ledger(backlogId?: string): Promise<LedgerView & { backlogId: string; json: string }> {
    const { id, repo } = await this.service.repo(backlogId);
    const store = new LedgerStore(repo.db);
    const calendar = loadCalendar(repo);
    const cal = compileCalendar(calendar);
    const today = todayIn(calendar.timeZone, this.now());
    const x = this.extractions.get(id, repo);
    const daysMap = new Map<number, number>();
    for (let i = 0; i < x.ids.length; i++) {
      if (Number.isNaN(x.doneMs[i])) continue;
      const d = cal.dayOfInstant(x.doneMs[i]);
      daysMap.set(d, (daysMap.get(d) ?? 0) + 1);
    }
    const days = [...daysMap.keys()].sort((a, b) => a - b);
    const actual = { days, samples: days.map((d) => daysMap.get(d)!) };
    // Only forecasts of this backlog's own history can be scored against it.
    const pending = (rec: LedgerRecord): { p: number; verdict: Verdict }[] => rec.percentiles.map((q) => ({ p: q.p, verdict: 'pending' }));
    const records = store.list().map((rec) => ({ ...rec, scores: rec.sourceKind === 'backlog' ? scoreEntry(rec, actual, today) : pending(rec) }));
    const summary = summarize(records.filter((r) => r.sourceKind === 'backlog').map((r) => r.scores));
    const loc = this.locale();
    return { backlogId: id, records, summary, sentences: summary.percentiles.filter((s) => s.scored > 0).map((s) => summarySentence(s, loc)), json: store.exportJson() };
  }

  dispose(): Promise<void> {
    this.extractions.dispose();
    return this.client.dispose();
  }
}

function pick85(result: { kind: string }, sentences: string[]): string {
  return result.kind === 'ok' ? (sentences[2] ?? sentences[0] ?? '') : (sentences[0] ?? '');
}
