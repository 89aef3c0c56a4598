// One extraction of a backlog's history for forecasts and flow metrics (pure; reads the sql.js
// database of a BacklogRepository with a few aggregate queries, columns into typed arrays).
//
// Definitions (the same as the dashboard's, src/core/stats/dashboard.ts):
// - A completion is an item's FIRST entry into a done-category status (status_history). Archived
//   items count; deleted items do not (their history is gone).
// - Start = first entry into an in_progress-category status, if it is not after the completion.
// - Open = not archived and not in a done-category status (a status missing from the workflow
//   counts as open). Ranked open items follow the board: columns nearest to done first (status
//   position descending), then the column's rank.
// - Blocked-by: "blocks" relations between two open items.
import type { BacklogRepository } from '../backlog/repository';
import type { Effort } from '../backlog/model';

export interface ExtractedStatus {
  key: string;
  label: string;
  category: 'todo' | 'in_progress' | 'done';
  position: number;
}

export interface RankedItem {
  id: string;
  title: string;
  status: string;
  effort: Effort | null;
  /** Open items that block this one (ids). */
  blockedBy: string[];
  /** Target date (YYYY-MM-DD) or null. */
  targetDate?: string | null;
}

export interface BacklogExtraction {
  statuses: ExtractedStatus[];
  /** One entry per item (active and archived): ids and times as Unix ms (NaN = none). */
  ids: string[];
  createdMs: Float64Array;
  startMs: Float64Array;
  doneMs: Float64Array;
  effort: (Effort | null)[];
  /** Current status key per item. */
  status: string[];
  archived: Uint8Array;
  /** Open items in board order. */
  ranked: RankedItem[];
  /** Every status change (only with `transitions: true`): item index, status key, time. */
  transitions?: { item: Int32Array; status: string[]; ms: Float64Array };
}

type Repo = Pick<BacklogRepository, 'db' | 'listStatuses'>;

/** Runs a query and calls `row` with each row as an array (no per-row object). */
function scan(repo: Repo, sql: string, row: (r: unknown[]) => void): void {
  const stmt = repo.db.connection.prepare(sql);
  try {
    while (stmt.step()) row(stmt.get());
  } finally {
    stmt.free();
  }
}

function scanWith(repo: Repo, sql: string, params: string[], row: (r: unknown[]) => void): void {
  const stmt = repo.db.connection.prepare(sql);
  try {
    stmt.bind(params);
    while (stmt.step()) row(stmt.get());
  } finally {
    stmt.free();
  }
}


/** Reads everything forecasts and flow metrics need in a few queries, into typed-array columns. */
export function extractBacklog(repo: Repo, opts: { transitions?: boolean } = {}): BacklogExtraction {
  const statuses: ExtractedStatus[] = repo.listStatuses().map((s, i) => ({ key: s.key, label: s.label, category: s.category, position: i }));
  const ids: string[] = [];
  const created: number[] = [];
  const effort: (Effort | null)[] = [];
  const status: string[] = [];
  const archivedL: number[] = [];
  const doneKeys = statuses.filter((s) => s.category === 'done').map((s) => s.key);
  const startedKeys = statuses.filter((s) => s.category === 'in_progress').map((s) => s.key);
  const inList = (keys: string[]) => `(${keys.map(() => '?').join(', ')})`;
  const firstDone: number[] = [];
  const firstStart: number[] = [];
  const jdMs = (v: unknown) => (typeof v === 'number' ? Math.round((v - 2440587.5) * 86_400_000) : NaN);
  // One row per item; first entries by correlated lookups on the (item_id, at) index.
  scanWith(
    repo,
    `SELECT id, status, effort, archived_at IS NOT NULL, created_at,
            (SELECT min(julianday(h.at)) FROM status_history h WHERE h.item_id = items.id AND h.to_status IN ${inList(doneKeys)}),
            (SELECT min(julianday(h.at)) FROM status_history h WHERE h.item_id = items.id AND h.to_status IN ${inList(startedKeys)})
       FROM items ORDER BY rowid`,
    [...doneKeys, ...startedKeys],
    (r) => {
      ids.push(r[0] as string);
      status.push(r[1] as string);
      effort.push((r[2] as Effort | null) ?? null);
      archivedL.push(Number(r[3]));
      created.push(Date.parse(r[4] as string));
      firstDone.push(jdMs(r[5]));
      firstStart.push(jdMs(r[6]));
    },
  );
  const n = ids.length;
  const createdMs = Float64Array.from(created);
  const startMs = Float64Array.from(firstStart);
  const doneMs = Float64Array.from(firstDone);
  const archived = Uint8Array.from(archivedL);
  const trItem: number[] = [];
  const trStatus: string[] = [];
  const trMs: number[] = [];
  const keep = !!opts.transitions;
  if (keep) {
    // Every transition (flow metrics): one plain scan of the history.
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) index.set(ids[i], i);
    scan(repo, 'SELECT item_id, to_status, at FROM status_history NOT INDEXED', (r) => {
      const i = index.get(r[0] as string);
      const ms = Date.parse(r[2] as string);
      if (i === undefined || Number.isNaN(ms)) return;
      trItem.push(i);
      trStatus.push(r[1] as string);
      trMs.push(ms);
    });
  }
  for (let i = 0; i < n; i++) if (startMs[i] > doneMs[i]) startMs[i] = NaN;

  // Board order: open columns nearest to done first, each by rank (the (status, rank) index, no sort);
  // then items in a status missing from the workflow (damaged data), by rank.
  const ranked: RankedItem[] = [];
  const pushRow = (r: unknown[]) => ranked.push({ id: r[0] as string, title: r[1] as string, status: r[2] as string, effort: (r[3] as Effort | null) ?? null, blockedBy: [], targetDate: (r[4] as string | null) ?? null });
  const openKeys = statuses.filter((s) => s.category !== 'done').map((s) => s.key).reverse();
  for (const key of openKeys) scanWith(repo, 'SELECT id, title, status, effort, target_date FROM items WHERE status = ? AND archived_at IS NULL ORDER BY rank, id', [key], pushRow);
  scanWith(repo, `SELECT id, title, status, effort, target_date FROM items WHERE archived_at IS NULL AND status NOT IN (${statuses.map(() => '?').join(', ')}) ORDER BY rank, id`, statuses.map((s) => s.key), pushRow);
  const byId = new Map(ranked.map((r) => [r.id, r]));
  for (const e of repo.db.query<{ f: string; t: string }>("SELECT from_id AS f, to_id AS t FROM relations WHERE kind = 'blocks'")) {
    const blocked = byId.get(e.t);
    if (blocked && byId.has(e.f)) blocked.blockedBy.push(e.f);
  }

  const out: BacklogExtraction = { statuses, ids, createdMs, startMs, doneMs, effort, status, archived, ranked };
  if (keep) {
    // in time order (stable for equal times: scan order is insertion order)
    const order = Array.from(trMs.keys()).sort((a, b) => trMs[a] - trMs[b] || a - b);
    out.transitions = { item: Int32Array.from(order, (k) => trItem[k]), status: order.map((k) => trStatus[k]), ms: Float64Array.from(order, (k) => trMs[k]) };
  }
  return out;
}
