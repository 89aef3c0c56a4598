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

function msOf(col: string): string {
  return `CAST(round((julianday(${col}) - 2440587.5) * 86400000.0) AS INTEGER)`;
}
function inList(col: string, values: readonly string[]): string {
  return `${col} IN (${values.map(() => '?').join(', ')})`;
}

type Repo = Pick<BacklogRepository, 'db' | 'listStatuses'>;

/** Reads everything forecasts and flow metrics need, in a handful of queries. */
export function extractBacklog(repo: Repo, opts: { transitions?: boolean } = {}): BacklogExtraction {
  const db = repo.db;
  const statuses: ExtractedStatus[] = repo.listStatuses().map((s, i) => ({ key: s.key, label: s.label, category: s.category, position: i }));
  const doneKeys = statuses.filter((s) => s.category === 'done').map((s) => s.key);
  const startedKeys = statuses.filter((s) => s.category === 'in_progress').map((s) => s.key);
  const rows = db.query<{ id: string; status: string; effort: Effort | null; archived: number; created: number | null; done_ms: number | null; start_ms: number | null }>(
    `SELECT i.id, i.status, i.effort, i.archived_at IS NOT NULL AS archived, ${msOf('i.created_at')} AS created, h.done_ms, h.start_ms
       FROM items i LEFT JOIN (
         SELECT item_id,
                min(CASE WHEN ${inList('to_status', doneKeys)} THEN ${msOf('at')} END) AS done_ms,
                min(CASE WHEN ${inList('to_status', startedKeys)} THEN ${msOf('at')} END) AS start_ms
           FROM status_history NOT INDEXED GROUP BY item_id) h ON h.item_id = i.id
      ORDER BY i.rowid`,
    [...doneKeys, ...startedKeys],
  );
  const n = rows.length;
  const ids = new Array<string>(n);
  const createdMs = new Float64Array(n);
  const startMs = new Float64Array(n);
  const doneMs = new Float64Array(n);
  const effort = new Array<Effort | null>(n);
  const status = new Array<string>(n);
  const archived = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    ids[i] = r.id;
    createdMs[i] = r.created === null ? NaN : Number(r.created);
    const done = r.done_ms === null ? NaN : Number(r.done_ms);
    const start = r.start_ms === null ? NaN : Number(r.start_ms);
    doneMs[i] = done;
    startMs[i] = start > done ? NaN : start;
    effort[i] = r.effort;
    status[i] = r.status;
    archived[i] = Number(r.archived) ? 1 : 0;
  }

  const ranked: RankedItem[] = db
    .query<{ id: string; title: string; status: string; effort: Effort | null }>(
      `SELECT i.id, i.title, i.status, i.effort FROM items i LEFT JOIN statuses s ON s.key = i.status
        WHERE i.archived_at IS NULL AND coalesce(s.category, 'todo') <> 'done'
        ORDER BY coalesce(s.position, -1) DESC, i.rank, i.id`,
    )
    .map((r) => ({ id: r.id, title: r.title, status: r.status, effort: r.effort, blockedBy: [] }));
  const byId = new Map(ranked.map((r) => [r.id, r]));
  for (const e of db.query<{ f: string; t: string }>("SELECT from_id AS f, to_id AS t FROM relations WHERE kind = 'blocks'")) {
    const blocked = byId.get(e.t);
    if (blocked && byId.has(e.f)) blocked.blockedBy.push(e.f);
  }

  const out: BacklogExtraction = { statuses, ids, createdMs, startMs, doneMs, effort, status, archived, ranked };
  if (opts.transitions) {
    const index = new Map(ids.map((id, i) => [id, i]));
    const tr = db.query<{ item_id: string; to_status: string; ms: number }>(`SELECT item_id, to_status, ${msOf('at')} AS ms FROM status_history ORDER BY item_id, at, seq`);
    const item = new Int32Array(tr.length);
    const st = new Array<string>(tr.length);
    const ms = new Float64Array(tr.length);
    let k = 0;
    for (const r of tr) {
      const i = index.get(r.item_id);
      if (i === undefined) continue;
      item[k] = i;
      st[k] = r.to_status;
      ms[k++] = Number(r.ms);
    }
    out.transitions = { item: item.subarray(0, k), status: st.slice(0, k), ms: ms.subarray(0, k) };
  }
  return out;
}
