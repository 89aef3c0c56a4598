// The host side of forecasting: resolves a source (the local backlog, typed samples or a CSV of
// dates), the backlog's team calendar and seed, runs the engine, and returns the result with its
// plain sentences and Markdown report. Used by the commands and the public API.
import type { BacklogService } from '../core/backlog/service';
import {
  backlogSource,
  csvSource,
  extractBacklog,
  howMany,
  howManySentence,
  markdownReport,
  parseCsvDates,
  parseSamples,
  perItem,
  refusalSentence,
  samplesSource,
  when,
  whenSentence,
  type CsvDateColumns,
  type ForecastSource,
  type HowManyResult,
  type Locale,
  type Outcome,
  type PerItemForecast,
  type TeamCalendar,
  type WhenResult,
} from '../core/forecast';
import { loadCalendar, loadSeed } from '../core/forecast/backlogSettings';

/** Where the history comes from. */
export type SourceSpec =
  | { kind: 'backlog' }
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
}

export interface Answer<R> {
  backlogId: string;
  result: Outcome<R>;
  /** The P85 sentence (or the guard's reason when there is no forecast). */
  sentence: string;
  sentences: string[];
  markdown: string;
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

export class ForecastHost {
  constructor(
    private readonly service: BacklogService,
    private readonly locale: () => Locale,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** What the pickers need before asking: the start day and the number of open items. */
  async defaults(backlogId?: string): Promise<{ start: string; openCount: number; seed: number; calendar: TeamCalendar }> {
    const { id, repo } = await this.service.repo(backlogId);
    const calendar = loadCalendar(repo);
    return { start: todayIn(calendar.timeZone, this.now()), openCount: extractBacklog(repo).ranked.length, seed: loadSeed(repo, id), calendar };
  }

  /** Source, calendar, seed and start for a request. */
  async resolve(o: CommonInputs): Promise<{ backlogId: string; source: ForecastSource; calendar: TeamCalendar; seed: number; start: string; openCount: number }> {
    const { id, repo } = await this.service.repo(o.backlogId);
    const calendar = o.calendar ?? loadCalendar(repo);
    const seed = o.seed ?? loadSeed(repo, id);
    const start = o.start ?? todayIn(calendar.timeZone, this.now());
    const spec = o.source ?? { kind: 'backlog' };
    let source: ForecastSource;
    let openCount = 0;
    if (spec.kind === 'backlog') {
      const x = extractBacklog(repo);
      source = backlogSource(x);
      openCount = x.ranked.length;
    } else if (spec.kind === 'samples') {
      source = samplesSource(typeof spec.samples === 'string' ? parseSamples(spec.samples) : spec.samples, spec.per ?? 'day');
    } else {
      source = csvSource(parseCsvDates(spec.text, spec.columns, spec.timeZone ?? calendar.timeZone));
    }
    return { backlogId: id, source, calendar, seed, start, openCount };
  }

  async howMany(o: CommonInputs & { targetDate: string }): Promise<Answer<HowManyResult>> {
    const r = await this.resolve(o);
    const result = howMany(r.source, { start: r.start, targetDate: o.targetDate, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? result.percentiles.map((q) => howManySentence(q.p, q.value, result.targetDate, loc)) : [refusalSentence(result, loc)];
    return { backlogId: r.backlogId, result, sentences, sentence: pick85(result, sentences), markdown: markdownReport(result, loc) };
  }

  async when(o: CommonInputs & { remaining?: number }): Promise<Answer<WhenResult>> {
    const r = await this.resolve(o);
    const remaining = o.remaining ?? r.openCount;
    const result = when(r.source, { start: r.start, remaining, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? result.percentiles.map((q) => whenSentence(q.p, remaining, q.date, loc)) : [refusalSentence(result, loc)];
    return { backlogId: r.backlogId, result, sentences, sentence: pick85(result, sentences), markdown: markdownReport(result, loc) };
  }

  async perItem(o: CommonInputs & { parallel?: number }): Promise<Answer<PerItemForecast>> {
    const r = await this.resolve(o);
    const result = perItem(r.source, { start: r.start, seed: r.seed, trials: o.trials, share: o.share, calendar: r.calendar, window: o.window, parallel: o.parallel });
    const loc = this.locale();
    const sentences = result.kind === 'ok' ? [] : [refusalSentence(result, loc)];
    return { backlogId: r.backlogId, result, sentences, sentence: sentences[0] ?? '', markdown: markdownReport(result, loc) };
  }
}

function pick85(result: { kind: string }, sentences: string[]): string {
  return result.kind === 'ok' ? (sentences[2] ?? sentences[0] ?? '') : (sentences[0] ?? '');
}
