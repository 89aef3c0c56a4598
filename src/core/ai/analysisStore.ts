// Where the AI backlog analysis lives (schema v5): one priority score per item, with its factors
// and rationale, and the runs (groups, blocking bugs, insights). Derived data: it is never part of
// an export, and deleting an item drops its analysis (foreign key cascade).
//
// An analysis is "stale" when the item changed in a way that matters for prioritisation since it
// was scored: its content hash (itemContentHash) differs from the stored one. Re-running an
// analysis only sends the items that need it (itemsNeedingAnalysis).
//
// Every write goes through BacklogDatabase.write: one transaction, then the debounced atomic flush.
import { createHash } from 'node:crypto';
import type { Criterion, Item } from '../backlog/model';
import type { BacklogDatabase } from '../storage/database';
import { FlowcastError } from '../util/errors';

/** The fields an item's priority depends on (what the hash covers). */
export type AnalysedFields = Pick<Item, 'type' | 'title' | 'description' | 'userStory' | 'priority' | 'severity' | 'effort' | 'status' | 'criteria' | 'dependencies' | 'tags'>;

export interface AnalysisFactor {
  name: string;
  /** How much this factor counts (as the model gave it; often 0..1). */
  weight?: number;
  /** The factor's value for the item (as the model gave it; often 0..100). */
  value?: number;
  note: string;
}

export interface ItemScoreInput {
  itemId: string;
  /** Integer 0..100. */
  score: number;
  factors: AnalysisFactor[];
  rationale: string;
  /** itemContentHash of the item AS SENT to the model. */
  contentHash: string;
  provider: string;
  model: string;
  /**
   * ISO time the item's content was read for the analysis (the run's start, not the time the
   * answer came back): an item edited after it is re-checked for staleness.
   */
  at: string;
}

export interface ItemAnalysis {
  itemId: string;
  score: number;
  factors: AnalysisFactor[];
  rationale: string;
  contentHash: string;
  analysedAt: string;
  provider: string;
  model: string;
  /** The item changed (in a field that matters) since it was analysed. */
  stale: boolean;
}

export interface ScoreInfo {
  score: number;
  analysedAt: string;
  stale: boolean;
}

export interface AnalysisGroup {
  name: string;
  itemIds: string[];
  /** Suggested order of the group (1 = first). */
  order: number;
  reason: string;
}

/** A group as given to saveRun: without `order`, the list order is the suggested order. */
export type AnalysisGroupInput = Omit<AnalysisGroup, 'order'> & { order?: number };

export interface BlockingBug {
  itemId: string;
  reason: string;
}

export interface AnalysisRunInput {
  /** ISO time of the run. */
  at: string;
  provider: string | null;
  model: string | null;
  groups: AnalysisGroupInput[];
  blockingBugs: BlockingBug[];
  insights: string[];
  /** Items sent to the model in this run. */
  analysed: number | null;
  /** Items left out because their analysis was still current. */
  skipped: number | null;
}

export interface AnalysisRun extends Omit<AnalysisRunInput, 'groups'> {
  id: number;
  groups: AnalysisGroup[];
}

/** Runs kept in the database (older ones are dropped when a run is saved). */
export const RUNS_KEPT = 20;

const HASH_VERSION = 1;
const MAX_FACTORS = 20;

function clip(s: unknown, max: number): string {
  const t = typeof s === 'string' ? s : typeof s === 'number' || typeof s === 'boolean' ? String(s) : '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function finite(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** An ISO time in UTC as toISOString writes it (so times compare as text); throws when invalid. */
function isoTime(at: string): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new FlowcastError('invalid_input', `"${at}" is not a valid time.`);
  return new Date(t).toISOString();
}

function parseJson<T>(raw: unknown, fallback: T): T {
  try {
    return typeof raw === 'string' ? ((JSON.parse(raw) as T) ?? fallback) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * A stable hash (sha256, hex) of what an item's priority depends on: type, title, description,
 * user story, priority, severity, effort, status, acceptance criteria (their text, not whether
 * they are checked), dependencies and tags (in any order). Rank, emoji, component, dates and the
 * other lists do not count: reordering the board does not make an analysis stale.
 */
export function itemContentHash(item: AnalysedFields): string {
  const canonical = JSON.stringify([
    HASH_VERSION,
    item.type,
    item.title,
    item.status,
    item.priority ?? null,
    item.severity ?? null,
    item.effort ?? null,
    item.description,
    item.userStory,
    item.criteria.map((c) => c.text),
    item.dependencies,
    [...item.tags].sort(),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Current content hashes of these items, read from the database (only the columns needed). */
function currentHashes(db: BacklogDatabase, ids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(',');
    const rows = db.query<Record<string, string | null>>(
      `SELECT id, type, title, status, priority, severity, effort, description, user_story,
              json_extract(lists, '$.criteria') AS criteria, json_extract(lists, '$.dependencies') AS dependencies
         FROM items WHERE id IN (${marks})`,
      chunk,
    );
    const tags = new Map<string, string[]>();
    for (const t of db.query<{ item_id: string; tag: string }>(`SELECT item_id, tag FROM item_tags WHERE item_id IN (${marks})`, chunk)) {
      let l = tags.get(t.item_id);
      if (!l) tags.set(t.item_id, (l = []));
      l.push(t.tag);
    }
    for (const r of rows) {
      const id = String(r.id);
      out.set(
        id,
        itemContentHash({
          type: String(r.type),
          title: String(r.title),
          status: String(r.status),
          priority: (r.priority as Item['priority']) ?? null,
          severity: (r.severity as Item['severity']) ?? null,
          effort: (r.effort as Item['effort']) ?? null,
          description: String(r.description ?? ''),
          userStory: String(r.user_story ?? ''),
          criteria: parseJson<Criterion[]>(r.criteria, []),
          dependencies: parseJson<string[]>(r.dependencies, []),
          tags: tags.get(id) ?? [],
        }),
      );
    }
  }
  return out;
}

/** The items that were never analysed or whose content changed since (in the given order). */
export function itemsNeedingAnalysis<T extends AnalysedFields & { id: string }>(db: BacklogDatabase, items: readonly T[]): T[] {
  const stored = new Map(db.query<{ item_id: string; content_hash: string }>('SELECT item_id, content_hash FROM ai_item_analysis').map((r) => [r.item_id, r.content_hash]));
  return items.filter((it) => stored.get(it.id) !== itemContentHash(it));
}

function cleanFactors(factors: readonly AnalysisFactor[]): AnalysisFactor[] {
  const list: readonly Partial<AnalysisFactor>[] = Array.isArray(factors) ? factors : [];
  return list.slice(0, MAX_FACTORS).map((f) => {
    const out: AnalysisFactor = { name: clip(f?.name, 200), note: clip(f?.note, 1000) };
    const weight = finite(f?.weight);
    const value = finite(f?.value);
    if (weight !== undefined) out.weight = weight;
    if (value !== undefined) out.value = value;
    return out;
  });
}

/**
 * Saves item scores in one transaction (replacing earlier ones). Rows for items that no longer
 * exist (deleted while the model was answering) are skipped. Returns how many were saved.
 * Throws (and saves nothing) when a score is not an integer from 0 to 100 or a time is invalid.
 */
export function saveItemScores(db: BacklogDatabase, rows: readonly ItemScoreInput[]): number {
  for (const r of rows) {
    if (!Number.isInteger(r.score) || r.score < 0 || r.score > 100) {
      throw new FlowcastError('invalid_input', `The AI score of ${r.itemId} must be a whole number from 0 to 100 (got ${String(r.score)}).`);
    }
    isoTime(r.at);
  }
  if (!rows.length) return 0;
  return db.write((c) => {
    let saved = 0;
    const stmt = c.prepare(
      `INSERT OR REPLACE INTO ai_item_analysis (item_id, score, factors, rationale, content_hash, analysed_at, provider, model)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)`,
    );
    try {
      for (const r of rows) {
        stmt.run([r.itemId, r.score, JSON.stringify(cleanFactors(r.factors)), clip(r.rationale, 4000), r.contentHash, isoTime(r.at), clip(r.provider, 100), clip(r.model, 200), r.itemId]);
        saved += c.getRowsModified();
      }
    } finally {
      stmt.free();
    }
    return saved;
  });
}

/** Saves a run (groups, blocking bugs, insights) and keeps only the last RUNS_KEPT. Returns its id. */
export function saveRun(db: BacklogDatabase, run: AnalysisRunInput): number {
  const groups: AnalysisGroup[] = (run.groups ?? []).map((g, i) => ({ name: clip(g.name, 300), itemIds: (g.itemIds ?? []).map(String), order: finite(g.order) ?? i + 1, reason: clip(g.reason, 2000) }));
  const bugs = (run.blockingBugs ?? []).map((b) => ({ itemId: String(b.itemId), reason: clip(b.reason, 2000) }));
  const insights = (run.insights ?? []).map((s) => clip(s, 2000));
  return db.write((c) => {
    c.run('INSERT INTO ai_analysis_runs (at, provider, model, groups, blocking_bugs, insights, analysed, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      isoTime(run.at),
      run.provider,
      run.model,
      JSON.stringify(groups),
      JSON.stringify(bugs),
      JSON.stringify(insights),
      finite(run.analysed) ?? null,
      finite(run.skipped) ?? null,
    ]);
    const id = Number(c.exec('SELECT last_insert_rowid()')[0].values[0][0]);
    c.run(`DELETE FROM ai_analysis_runs WHERE id NOT IN (SELECT id FROM ai_analysis_runs ORDER BY id DESC LIMIT ${RUNS_KEPT})`);
    return id;
  });
}

/** The last run, if any. */
export function latestRun(db: BacklogDatabase): AnalysisRun | undefined {
  const r = db.query<Record<string, string | number | null>>('SELECT * FROM ai_analysis_runs ORDER BY id DESC LIMIT 1')[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    at: String(r.at),
    provider: r.provider === null ? null : String(r.provider),
    model: r.model === null ? null : String(r.model),
    groups: parseJson<AnalysisGroup[]>(r.groups, []),
    blockingBugs: parseJson<BlockingBug[]>(r.blocking_bugs, []),
    insights: parseJson<string[]>(r.insights, []),
    analysed: r.analysed === null ? null : Number(r.analysed),
    skipped: r.skipped === null ? null : Number(r.skipped),
  };
}

/**
 * Score, time and staleness of every analysed item (or of `ids`). Cheap enough for every board
 * state: one query; the content hash is recomputed only for items updated after their analysis
 * (a board reorder bumps updatedAt but not the hash, so such items are checked, not assumed stale).
 */
export function loadScores(db: BacklogDatabase, ids?: readonly string[]): Map<string, ScoreInfo> {
  const out = new Map<string, ScoreInfo>();
  if (ids && !ids.length) return out;
  // Times are ISO strings in UTC (toISOString; saveItemScores normalises `at`), so they compare
  // as text, which is several times faster than julianday() on a large backlog.
  const sql = `SELECT a.item_id, a.score, a.analysed_at, a.content_hash, i.updated_at > a.analysed_at
                 FROM ai_item_analysis a JOIN items i ON i.id = a.item_id`;
  const rows: [string, number, string, string, number][] = [];
  const read = (where: string, params: string[]) => {
    const stmt = db.connection.prepare(`${sql}${where}`);
    try {
      stmt.bind(params);
      while (stmt.step()) rows.push(stmt.get() as [string, number, string, string, number]);
    } finally {
      stmt.free();
    }
  };
  if (!ids) read('', []);
  else for (let i = 0; i < ids.length; i += 500) read(` WHERE a.item_id IN (${ids.slice(i, i + 500).map(() => '?').join(',')})`, ids.slice(i, i + 500));
  const check = rows.filter((r) => Number(r[4]) === 1).map((r) => r[0]);
  const now = check.length ? currentHashes(db, check) : new Map<string, string>();
  for (const [id, score, at, hash, maybe] of rows) {
    out.set(id, { score: Number(score), analysedAt: String(at), stale: Number(maybe) === 1 && now.get(id) !== hash });
  }
  return out;
}

function rowToAnalysis(r: Record<string, string | number | null>, currentHash: string | undefined): ItemAnalysis {
  return {
    itemId: String(r.item_id),
    score: Number(r.score),
    factors: parseJson<AnalysisFactor[]>(r.factors, []),
    rationale: String(r.rationale),
    contentHash: String(r.content_hash),
    analysedAt: String(r.analysed_at),
    provider: String(r.provider),
    model: String(r.model),
    stale: currentHash !== String(r.content_hash),
  };
}

/** The full analysis of one item (factors, rationale), or undefined when it was never analysed. */
export function loadItemAnalysis(db: BacklogDatabase, itemId: string): ItemAnalysis | undefined {
  const r = db.query<Record<string, string | number | null>>('SELECT * FROM ai_item_analysis WHERE item_id = ?', [itemId])[0];
  return r ? rowToAnalysis(r, currentHashes(db, [itemId]).get(itemId)) : undefined;
}

/** Every item analysis (for the report), with staleness. */
export function loadItemAnalyses(db: BacklogDatabase): ItemAnalysis[] {
  const rows = db.query<Record<string, string | number | null>>('SELECT * FROM ai_item_analysis ORDER BY score DESC, item_id');
  const hashes = currentHashes(
    db,
    rows.map((r) => String(r.item_id)),
  );
  return rows.map((r) => rowToAnalysis(r, hashes.get(String(r.item_id))));
}

/** Forgets every analysis and run of the backlog. */
export function clearAnalysis(db: BacklogDatabase): void {
  db.write((c) => {
    c.run('DELETE FROM ai_item_analysis');
    c.run('DELETE FROM ai_analysis_runs');
  });
}

/** A raw analysis row, kept across an undo/redo (see keepAnalysis). */
export type KeptAnalysisRow = Record<string, string | number | null>;

/**
 * Undo and redo rewrite an item by deleting and re-inserting its row, which cascades to its
 * analysis. Call keepAnalysis(db, ids) before and restoreKeptAnalysis(db, kept) after, inside
 * the same write, to keep it (rows whose item is gone are skipped).
 */
export function keepAnalysis(db: BacklogDatabase, ids: readonly string[]): KeptAnalysisRow[] {
  const out: KeptAnalysisRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(...db.query<KeptAnalysisRow>(`SELECT * FROM ai_item_analysis WHERE item_id IN (${chunk.map(() => '?').join(',')})`, chunk));
  }
  return out;
}

export function restoreKeptAnalysis(db: BacklogDatabase, rows: readonly KeptAnalysisRow[]): void {
  if (!rows.length) return;
  db.write((c) => {
    for (const r of rows) {
      c.run(
        `INSERT OR REPLACE INTO ai_item_analysis (item_id, score, factors, rationale, content_hash, analysed_at, provider, model)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)`,
        [r.item_id, r.score, r.factors, r.rationale, r.content_hash, r.analysed_at, r.provider, r.model, r.item_id],
      );
    }
  });
}
