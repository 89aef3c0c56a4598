// The calibration ledger: every forecast a user runs is recorded (inputs, seed, engine version,
// percentiles); once its period has passed it is scored against what happened ("our 85%
// forecasts held 21 times out of 24"). Pure model + a store over the backlog's sql.js database in
// table `forecast_ledger` (created by LEDGER_MIGRATION_SQL; written outside undo).
import { randomUUID } from 'node:crypto';
import type { Database } from 'sql.js';
import { FlowcastError } from '../util/errors';
import { dayOf, isoOf } from './calendar';
import type { HowManyResult, PerItemForecast, WhenResult } from './forecast';
import type { Locale } from './sentences';

/** Creates the ledger table; the lead wires it into src/core/storage/migrations.ts. */
export const LEDGER_MIGRATION_SQL = `
  CREATE TABLE forecast_ledger (
    id             TEXT PRIMARY KEY,
    created_at     TEXT NOT NULL,
    target         TEXT NOT NULL CHECK (target IN ('howMany', 'when', 'perItem')),
    source_kind    TEXT NOT NULL,
    seed           INTEGER NOT NULL,
    engine_version TEXT NOT NULL,
    start          TEXT NOT NULL,
    horizon_end    TEXT,
    record         TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX forecast_ledger_created ON forecast_ledger (created_at);
`;

export interface LedgerRecord {
  id: string;
  createdAt: string;
  target: 'howMany' | 'when' | 'perItem';
  sourceKind: string;
  /** The request as given (JSON), so the forecast can be re-run exactly. */
  inputs: unknown;
  seed: number;
  engineVersion: string;
  /** First forecast day (YYYY-MM-DD). */
  start: string;
  /** The day after which every percentile can be scored (How Many: the target date; When: the P95 date, null if beyond horizon). */
  horizonEnd: string | null;
  /** How Many: `remaining` is absent; When: the number of items. */
  remaining?: number;
  percentiles: { p: number; value?: number; date?: string | null }[];
}

/** Builds a record from a forecast result (How Many or When; per-item records keep the first item's dates). */
export function ledgerRecord(result: HowManyResult | WhenResult | PerItemForecast, inputs: unknown, sourceKind: string, now: Date, id: string = randomUUID()): LedgerRecord {
  const base = { id, createdAt: now.toISOString(), sourceKind, inputs, seed: result.seed, engineVersion: result.engineVersion, start: result.start };
  if ('targetDate' in result) return { ...base, target: 'howMany', horizonEnd: result.targetDate, percentiles: result.percentiles.map((q) => ({ p: q.p, value: q.value })) };
  if ('remaining' in result) return { ...base, target: 'when', remaining: result.remaining, horizonEnd: result.percentiles[3].date, percentiles: result.percentiles.map((q) => ({ p: q.p, date: q.date })) };
  const last = result.items[result.items.length - 1];
  return { ...base, target: 'perItem', remaining: result.items.length, horizonEnd: last?.percentiles[3].date ?? null, percentiles: (last?.percentiles ?? []).map((q) => ({ p: q.p, date: q.date })) };
}

/** What happened since a record's start: units done per working day (days ascending). */
export interface ActualHistory {
  days: ArrayLike<number>;
  samples: ArrayLike<number>;
}

export type Verdict = 'held' | 'missed' | 'pending';

/** Scores each percentile of a record against what happened by `today` (YYYY-MM-DD). */
export function scoreEntry(r: LedgerRecord, actual: ActualHistory, today: string): { p: number; verdict: Verdict }[] {
  const now = dayOf(today, 'today');
  const start = dayOf(r.start);
  if (r.target === 'howMany') {
    const end = dayOf(r.horizonEnd ?? r.start);
    let done = 0;
    for (let i = 0; i < actual.days.length; i++) if (actual.days[i] >= start && actual.days[i] <= end) done += actual.samples[i];
    return r.percentiles.map((q) => ({ p: q.p, verdict: now <= end ? (done >= (q.value ?? 0) ? 'held' : 'pending') : done >= (q.value ?? 0) ? 'held' : 'missed' }));
  }
  const need = r.remaining ?? 0;
  let acc = 0;
  let doneDay: number | null = need <= 0 ? start : null;
  for (let i = 0; i < actual.days.length && doneDay === null; i++) {
    if (actual.days[i] < start || actual.days[i] >= now) continue;
    if ((acc += actual.samples[i]) >= need) doneDay = actual.days[i];
  }
  return r.percentiles.map((q) => {
    const by = q.date ? dayOf(q.date) : null;
    if (doneDay !== null) return { p: q.p, verdict: by !== null && doneDay <= by ? 'held' : 'missed' };
    return { p: q.p, verdict: by !== null && by < now ? 'missed' : 'pending' };
  });
}

export interface LedgerSummary {
  percentiles: { p: number; held: number; scored: number; pending: number }[];
}

export function summarize(scores: readonly { p: number; verdict: Verdict }[][]): LedgerSummary {
  const ps = [0.5, 0.7, 0.85, 0.95];
  return {
    percentiles: ps.map((p) => {
      const all = scores.flat().filter((s) => Math.abs(s.p - p) < 1e-9);
      return { p, held: all.filter((s) => s.verdict === 'held').length, scored: all.filter((s) => s.verdict !== 'pending').length, pending: all.filter((s) => s.verdict === 'pending').length };
    }),
  };
}

/** "our 85% forecasts held 21 times out of 24" / "nos prévisions à 85 % ont tenu 21 fois sur 24". */
export function summarySentence(s: LedgerSummary['percentiles'][number], locale: Locale = 'en'): string {
  const pc = Math.round(s.p * 100);
  return locale === 'fr' ? `nos prévisions à ${pc}\u00a0% ont tenu ${s.held} fois sur ${s.scored}` : `our ${pc}% forecasts held ${s.held} times out of ${s.scored}`;
}

/** The database a ledger lives in (a BacklogDatabase: `write` persists, `query` reads). */
export interface LedgerDb {
  write<T>(fn: (db: Database) => T): T;
  query<T = Record<string, unknown>>(sql: string, params?: (string | number | null)[]): T[];
}

/** Ledger records in the backlog database, outside undo (written straight through `write`). */
export class LedgerStore {
  constructor(private readonly db: LedgerDb) {}

  add(r: LedgerRecord): void {
    if (!r.id || r.id.length > 100) throw new FlowcastError('invalid_input', 'id: expected 1 to 100 characters', { field: 'id' });
    this.db.write((c) =>
      c.run('INSERT INTO forecast_ledger (id, created_at, target, source_kind, seed, engine_version, start, horizon_end, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        r.id, r.createdAt, r.target, r.sourceKind, r.seed, r.engineVersion, r.start, r.horizonEnd, JSON.stringify(r),
      ]),
    );
  }

  list(): LedgerRecord[] {
    return this.db.query<{ record: string }>('SELECT record FROM forecast_ledger ORDER BY created_at, id').map((row) => JSON.parse(row.record) as LedgerRecord);
  }

  get(id: string): LedgerRecord | undefined {
    const row = this.db.query<{ record: string }>('SELECT record FROM forecast_ledger WHERE id = ?', [id])[0];
    return row ? (JSON.parse(row.record) as LedgerRecord) : undefined;
  }

  delete(id: string): void {
    this.db.write((c) => c.run('DELETE FROM forecast_ledger WHERE id = ?', [id]));
  }

  /** JSON export of every record. */
  exportJson(): string {
    return `${JSON.stringify({ format: 'flowcast-forecast-ledger', version: 1, exportedAt: isoOf(Math.floor(Date.now() / 86_400_000)), records: this.list() }, null, 2)}\n`;
  }
}
