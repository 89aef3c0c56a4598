// Forecast sources: one interface, three implementations (local backlog, typed samples, CSV of
// dates from any tracker). A source turns its data into a daily throughput history in units for a
// given calendar and window, optionally a created-per-day history (scope growth) and ranked items.
import { EFFORTS, type Effort } from '../backlog/model';
import { readCsvRecords } from '../io/csv';
import { FlowcastError } from '../util/errors';
import { localDay, type CompiledCalendar } from './calendar';
import type { BacklogExtraction } from './extract';
import { buildDailyHistory, historyFromSamples, spreadWeekly, type DailyHistory, type HistoryWindow } from './history';

/** Units per effort size (editable); `unsized` is used for items without an effort. */
export interface WeightMap {
  units: Record<Effort, number>;
  unsized: number;
}
export const DEFAULT_EFFORT_UNITS: WeightMap = { units: { XS: 1, S: 2, M: 3, L: 5, XL: 8 }, unsized: 3 };

export interface SourceItem {
  id: string;
  title: string;
  effort: Effort | null;
  /** Ids of listed items blocking this one. */
  blockedBy: string[];
  /** The item's target date (YYYY-MM-DD), when it has one. */
  targetDate?: string | null;
}

export interface ForecastSource {
  readonly kind: 'backlog' | 'samples' | 'csv' | (string & {});
  /** Daily throughput in units (1 per item, or effort units when `weights` is given). */
  history(cal: CompiledCalendar, window: HistoryWindow, weights?: WeightMap): DailyHistory;
  /** Items created per history day (scope growth); undefined when the source has no created dates. */
  createdHistory?(cal: CompiledCalendar, window: HistoryWindow): Float64Array;
  /** Open items in rank order (per-item forecasts). */
  rankedItems?(): SourceItem[];
  /** True when the history has real dates (a window applies). */
  readonly dated: boolean;
}

export function unitsOf(effort: Effort | null, weights?: WeightMap): number {
  if (!weights) return 1;
  return (effort ? weights.units[effort] : undefined) ?? weights.unsized;
}

/** The local backlog, from one extraction. */
export function backlogSource(x: BacklogExtraction): ForecastSource {
  const doneIdx: number[] = [];
  for (let i = 0; i < x.ids.length; i++) if (!Number.isNaN(x.doneMs[i])) doneIdx.push(i);
  return {
    kind: 'backlog',
    dated: true,
    history(cal, window, weights) {
      const days = new Int32Array(doneIdx.length);
      const units = weights ? new Float64Array(doneIdx.length) : undefined;
      doneIdx.forEach((i, k) => {
        days[k] = cal.dayOfInstant(x.doneMs[i]);
        if (units) units[k] = unitsOf(x.effort[i], weights);
      });
      return buildDailyHistory(cal, days, units, window);
    },
    createdHistory(cal, window) {
      const days: number[] = [];
      for (let i = 0; i < x.ids.length; i++) if (!Number.isNaN(x.createdMs[i])) days.push(cal.dayOfInstant(x.createdMs[i]));
      return buildDailyHistory(cal, days, undefined, { from: window.from ?? window.to - 89, to: window.to }).samples;
    },
    rankedItems: () => x.ranked.map((r) => ({ id: r.id, title: r.title, effort: r.effort, blockedBy: r.blockedBy, targetDate: r.targetDate ?? null })),
  };
}

/** Parses typed throughput numbers ("3, 5, 0 7"): non-negative numbers separated by commas, semicolons or spaces. */
export function parseSamples(text: string, field = 'samples'): number[] {
  const tokens = text.split(/[\s,;]+/).filter((t) => t !== '');
  if (!tokens.length) throw new FlowcastError('invalid_input', `${field}: type at least one number`, { field });
  if (tokens.length > 10_000) throw new FlowcastError('invalid_input', `${field}: at most 10000 numbers`, { field });
  return tokens.map((t, i) => {
    const v = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v)) throw new FlowcastError('invalid_input', `${field}[${i}]: "${t.slice(0, 20)}" is not a number >= 0`, { field: `${field}[${i}]` });
    return v;
  });
}

/** Typed samples: daily numbers, or weekly numbers spread over the team's working days (see spreadWeekly). */
export function samplesSource(samples: readonly number[], per: 'day' | 'week' = 'day'): ForecastSource {
  return {
    kind: 'samples',
    dated: false,
    history: (cal) => historyFromSamples(per === 'week' ? spreadWeekly(samples, cal.workingDaysPerWeek) : samples),
  };
}

// ---- CSV of dates

export interface CsvDateColumns {
  /** Header of the done-date column (required). */
  done: string;
  start?: string;
  created?: string;
  /** Header of an effort column (XS..XL), for weights. */
  effort?: string;
}

export interface CsvRowProblem {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** Bad rows of a CSV of dates: nothing was imported. */
export class CsvDatesError extends FlowcastError {
  constructor(readonly problems: CsvRowProblem[]) {
    super('import_failed', `CSV: ${problems.length} bad row(s), nothing imported: ${problems.slice(0, 5).map((p) => `line ${p.line} ${p.column}: ${p.reason}`).join('; ')}`, { rows: problems.length });
    this.name = 'CsvDatesError';
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function validDay(y: number, mo: number, d: number): number | undefined {
  const t = Date.UTC(y, mo - 1, d);
  const dt = new Date(t);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d ? t / 86_400_000 : undefined;
}

/**
 * A tracker date as a calendar day in `tz`. Accepts: ISO dates and times (with Z or an offset:
 * converted to `tz`; without: the wall-clock date), `YYYY-MM-DD HH:mm[:ss]`, Jira
 * `DD/MMM/YY h:mm AM`, and `MM/DD/YYYY [h:mm[ AM]]`. Returns undefined when not recognised.
 */
export function parseTrackerDate(raw: string, tz?: string): number | undefined {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (m) {
    const day = validDay(+m[1], +m[2], +m[3]);
    if (day === undefined || (m[4] && (+m[4] > 23 || +m[5] > 59))) return undefined;
    if (!m[7]) return day;
    const ms = Date.parse(s.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : localDay(ms, tz);
  }
  m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([AP]M)?)?$/i.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    const y = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    if (!mo || (m[4] && (+m[4] > (m[6] ? 12 : 23) || +m[5] > 59))) return undefined;
    return validDay(y, mo, +m[1]);
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?\s*([AP]M)?)?$/i.exec(s);
  if (m) {
    if (m[4] && (+m[4] > (m[6] ? 12 : 23) || +m[5] > 59)) return undefined;
    return validDay(+m[3], +m[1], +m[2]);
  }
  return undefined;
}

export interface CsvDates {
  done: Int32Array;
  start: Float64Array;
  created: Float64Array;
  effort: (Effort | null)[];
  /** Rows without a done date (open work), counted, not imported as completions. */
  openRows: number;
}

/** The records of a CSV file (BOM dropped); a malformed file is a CsvDatesError with its line. */
function csvRecords(text: string): ReturnType<typeof readCsvRecords> {
  try {
    return readCsvRecords(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const l = (e as { line?: unknown }).line;
    throw new CsvDatesError([{ line: typeof l === 'number' ? l : 0, column: '', value: '', reason: e instanceof Error ? e.message : String(e) }]);
  }
}

/** Parses a CSV export; any bad row makes it throw a CsvDatesError listing every bad row (nothing imported). */
export function parseCsvDates(text: string, cols: CsvDateColumns, tz?: string): CsvDates {
  const records = csvRecords(text);
  if (!records.length) throw new CsvDatesError([{ line: 1, column: '', value: '', reason: 'the file is empty' }]);
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = (name: string | undefined, what: string): number => {
    if (name === undefined) return -1;
    const i = header.indexOf(name.trim().toLowerCase());
    if (i < 0) throw new CsvDatesError([{ line: records[0].line, column: name, value: '', reason: `no column named "${name.slice(0, 60)}" (${what})` }]);
    return i;
  };
  const ci = { done: col(cols.done, 'done date'), start: col(cols.start, 'start date'), created: col(cols.created, 'created date'), effort: col(cols.effort, 'effort') };
  const problems: CsvRowProblem[] = [];
  const done: number[] = [];
  const start: number[] = [];
  const created: number[] = [];
  const effort: (Effort | null)[] = [];
  let openRows = 0;
  for (const r of records.slice(1)) {
    const cell = (i: number) => (i >= 0 ? (r.fields[i] ?? '').trim() : '');
    const date = (i: number, name: string | undefined): number => {
      const v = cell(i);
      if (v === '') return NaN;
      const d = parseTrackerDate(v, tz);
      if (d === undefined) {
        problems.push({ line: r.line, column: name ?? '', value: v.slice(0, 40), reason: 'not a date (expected e.g. 2026-03-02, 2026-03-02 14:05, 02/Mar/26 2:05 PM or 03/02/2026)' });
        return NaN;
      }
      return d;
    };
    const d = date(ci.done, cols.done);
    const s = date(ci.start, cols.start);
    const c = date(ci.created, cols.created);
    let e: Effort | null = null;
    const ev = cell(ci.effort);
    if (ev) {
      e = EFFORTS.find((x) => x.toLowerCase() === ev.toLowerCase()) ?? null;
      if (!e) problems.push({ line: r.line, column: cols.effort ?? '', value: ev.slice(0, 40), reason: 'not an effort (XS, S, M, L, XL)' });
    }
    if (!Number.isNaN(s) && !Number.isNaN(d) && s > d) problems.push({ line: r.line, column: cols.start ?? '', value: cell(ci.start).slice(0, 40), reason: 'start date after done date' });
    if (Number.isNaN(d)) {
      if (cell(ci.done) === '') openRows++;
      if (!Number.isNaN(c)) created.push(c);
      continue;
    }
    done.push(d);
    start.push(s);
    created.push(c);
    effort.push(e);
  }
  if (problems.length) throw new CsvDatesError(problems);
  return { done: Int32Array.from(done), start: Float64Array.from(start), created: Float64Array.from(created.filter((x) => !Number.isNaN(x))), effort, openRows };
}

/**
 * A CSV of throughput: one row per period (oldest first), `column` holds the items finished in it.
 * Every bad cell is reported with its line (a CsvDatesError); empty cells are refused too.
 */
export function parseThroughputCsv(text: string, column: string): number[] {
  const records = csvRecords(text);
  const header = (records[0]?.fields ?? []).map((h) => h.trim().toLowerCase());
  const ci = header.indexOf(column.trim().toLowerCase());
  if (ci < 0) throw new CsvDatesError([{ line: records[0]?.line ?? 1, column, value: '', reason: `no column named "${column.slice(0, 60)}" (throughput)` }]);
  const problems: CsvRowProblem[] = [];
  const out: number[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.every((f) => f.trim() === '')) continue;
    const v = (r.fields[ci] ?? '').trim();
    if (/^\d+(\.\d+)?$/.test(v)) out.push(Number(v));
    else problems.push({ line: r.line, column, value: v.slice(0, 40), reason: v === '' ? 'empty (expected the items finished in the period)' : 'not a number >= 0' });
  }
  if (!problems.length && !out.length) problems.push({ line: records[0]?.line ?? 1, column, value: '', reason: 'no rows under the header' });
  if (problems.length) throw new CsvDatesError(problems);
  return out;
}

/** A CSV of dates as a source (parse first with parseCsvDates: errors surface before any forecast). */
export function csvSource(data: CsvDates): ForecastSource {
  return {
    kind: 'csv',
    dated: true,
    history(cal, window, weights) {
      const units = weights ? Float64Array.from(data.effort, (e) => unitsOf(e, weights)) : undefined;
      return buildDailyHistory(cal, data.done, units, window);
    },
    createdHistory: data.created.length ? (cal, window) => buildDailyHistory(cal, data.created, undefined, { from: window.from ?? window.to - 89, to: window.to }).samples : undefined,
  };
}
