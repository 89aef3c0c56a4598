// Backlog analytics for the dashboard. Pure: reads the repository's database with a handful of
// aggregate queries (no per-item objects are built), so 10,000 items take a few tens of ms.
//
// Definitions:
// - active = not archived; done = active and in a done-category status; open = active and not done.
// - Groupings (status, type, priority, effort) count active items; labels are keys (the host
//   localises them).
// - A completion is an item's FIRST entry into a done-category status (status_history); an item
//   that leaves done and comes back counts once, at its first completion. Archived items count
//   (archiving finished work is common); deleted items do not (their history is gone).
// - Completions and starts come from the forecasts' history extraction (one definition).
// - Cycle time runs from the first entry into an in_progress-category status before that
//   completion (or, if none, the item's creation) to the completion.
import type { BacklogRepository } from '../backlog/repository';
import { extractBacklog } from '../forecast/extract';
import { EFFORTS, PRIORITIES } from '../backlog/model';
import { CYCLE_TIME_BUCKETS, type DashboardBucket, type DashboardData } from '../protocol/dashboard';

export type { DashboardData, DashboardBucket } from '../protocol/dashboard';

const DAY_MS = 86_400_000;

/** SQL: an ISO time column as integer Unix milliseconds (NULL when it is not a valid time). */
function msOf(col: string): string {
  return `CAST(round((julianday(${col}) - 2440587.5) * 86400000.0) AS INTEGER)`;
}

/** SQL: `col IN (?, ?, …)` for a list of values (SQLite accepts an empty list). */
function inList(col: string, values: readonly string[]): string {
  return `${col} IN (${values.map(() => '?').join(', ')})`;
}

export const STALE_AFTER_DAYS = 30;
export const STALE_LIMIT = 50;
export const BLOCKED_LIMIT = 50;
export const TOP_BLOCKERS = 10;
export const THROUGHPUT_WEEKS = 12;
export const CYCLE_TIME_DAYS = 90;

const NONE = 'none';

/** Monday 00:00 UTC of the ISO week containing `t`. */
export function isoWeekStart(t: Date): Date {
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/** Nearest-rank percentile of ascending-sorted values (0 when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The histogram bucket of a cycle time in days: [0,1), [1,2), [2,4), [4,8), [8,16), [16,∞). */
export function cycleTimeBucket(days: number): (typeof CYCLE_TIME_BUCKETS)[number] {
  if (days < 1) return '0-1';
  if (days < 2) return '1-2';
  if (days < 4) return '2-4';
  if (days < 8) return '4-8';
  if (days < 16) return '8-16';
  return '16+';
}

/** Natural order of item IDs: by prefix, then by number (TASK-9 before TASK-10). */
function compareIds(a: string, b: string): number {
  const ma = /^(.*)-(\d+)$/.exec(a);
  const mb = /^(.*)-(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1]) return Number(ma[2]) - Number(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function computeDashboard(repo: BacklogRepository, now: Date): DashboardData {
  const db = repo.db;
  const statuses = repo.listStatuses();
  const types = repo.listTypes();
  const nowMs = now.getTime();
  // "Done" and "in progress" are decided by the status's category; a status missing from the
  // workflow (possible only in damaged data) counts as open.
  const doneKeys = statuses.filter((s) => s.category === 'done').map((s) => s.key);
  const doneSet = new Set(doneKeys);

  // ---- totals and groupings: one pass over the items.
  const rows = db.query<{ archived: number; status: string; type: string; priority: string | null; effort: string | null; n: number }>(
    'SELECT archived_at IS NOT NULL AS archived, status, type, priority, effort, count(*) AS n FROM items GROUP BY 1, status, type, priority, effort',
  );
  const groups = rows.filter((g) => Number(g.archived) === 0);
  const active = groups.reduce((n, g) => n + Number(g.n), 0);
  const done = groups.reduce((n, g) => n + (doneSet.has(g.status) ? Number(g.n) : 0), 0);
  const archived = rows.reduce((n, g) => n + Number(g.archived) * Number(g.n), 0);
  const totals = { active, archived, done, open: active - done };

  const tally = (pick: (g: (typeof groups)[number]) => string) => {
    const m = new Map<string, number>();
    for (const g of groups) m.set(pick(g), (m.get(pick(g)) ?? 0) + Number(g.n));
    return m;
  };
  const statusCounts = tally((g) => g.status);
  const typeCounts = tally((g) => g.type);
  const priorityCounts = tally((g) => g.priority ?? NONE);
  const effortCounts = tally((g) => g.effort ?? NONE);
  const bucket = (key: string, counts: Map<string, number>, color?: string): DashboardBucket => ({ key, label: key, count: counts.get(key) ?? 0, ...(color ? { color } : {}) });
  const extra = (known: Set<string>, counts: Map<string, number>) =>
    [...counts.keys()].filter((k) => !known.has(k)).sort();

  // Every workflow status in board order (empty ones too), then any unknown status in use.
  const statusKeys = new Set(statuses.map((s) => s.key));
  const byStatus = [...statuses.map((s) => bucket(s.key, statusCounts)), ...extra(statusKeys, statusCounts).map((k) => bucket(k, statusCounts))];
  // Visible types (empty ones too) and hidden types that still have items, in type order.
  const typeKeys = new Set(types.map((t) => t.key));
  const byType = [
    ...types.filter((t) => !t.hidden || typeCounts.has(t.key)).map((t) => bucket(t.key, typeCounts, /^#[0-9a-fA-F]{6}$/.test(t.color) ? t.color : undefined)),
    ...extra(typeKeys, typeCounts).map((k) => bucket(k, typeCounts)),
  ];
  const byPriority = [...PRIORITIES, NONE].map((k) => bucket(k, priorityCounts));
  const byEffort = [...EFFORTS, NONE].map((k) => bucket(k, effortCounts));

  // ---- stale: open items whose last update is 30 days old or more, oldest first.
  const stale: DashboardData['stale'] = [];
  let staleCount = 0;
  for (const r of db.query<{ id: string; title: string; updated: number; total: number }>(
    `SELECT id, title, updated, count(*) OVER () AS total FROM (
       SELECT i.id, i.title, ${msOf('i.updated_at')} AS updated FROM items i WHERE i.archived_at IS NULL AND NOT ${inList('i.status', doneKeys)})
      WHERE updated <= ? ORDER BY updated, id LIMIT ${STALE_LIMIT}`,
    [...doneKeys, nowMs - STALE_AFTER_DAYS * DAY_MS],
  )) {
    staleCount = Number(r.total);
    stale.push({ id: r.id, title: r.title, daysSinceUpdate: Math.floor((nowMs - Number(r.updated)) / DAY_MS) });
  }

  // ---- blocked items and top blockers: "blocks" edges between two open items.
  const edges = db.query<{ blocker: string; blocker_title: string; blocked: string; blocked_title: string }>(
    // CROSS JOIN keeps SQLite from starting with the (much larger) items table.
    `SELECT r.from_id AS blocker, f.title AS blocker_title, r.to_id AS blocked, t.title AS blocked_title
       FROM relations r
       CROSS JOIN items f ON f.id = r.from_id
       CROSS JOIN items t ON t.id = r.to_id
      WHERE r.kind = 'blocks'
        AND f.archived_at IS NULL AND NOT ${inList('f.status', doneKeys)}
        AND t.archived_at IS NULL AND NOT ${inList('t.status', doneKeys)}`,
    [...doneKeys, ...doneKeys],
  );
  const blockedMap = new Map<string, { id: string; title: string; blockedBy: string[] }>();
  const blockerMap = new Map<string, { id: string; title: string; blocks: number }>();
  for (const e of edges) {
    let b = blockedMap.get(e.blocked);
    if (!b) blockedMap.set(e.blocked, (b = { id: e.blocked, title: e.blocked_title, blockedBy: [] }));
    b.blockedBy.push(e.blocker);
    let k = blockerMap.get(e.blocker);
    if (!k) blockerMap.set(e.blocker, (k = { id: e.blocker, title: e.blocker_title, blocks: 0 }));
    k.blocks++;
  }
  const blockedAll = [...blockedMap.values()];
  for (const b of blockedAll) b.blockedBy.sort(compareIds);
  blockedAll.sort((a, b) => b.blockedBy.length - a.blockedBy.length || compareIds(a.id, b.id));
  const topBlockers = [...blockerMap.values()].sort((a, b) => b.blocks - a.blocks || compareIds(a.id, b.id)).slice(0, TOP_BLOCKERS);

  // ---- acceptance criteria of active items.
  const crit = db.query<{ items: number | null; complete: number | null; checked: number | null; total: number | null }>(
    `SELECT count(*) AS items, sum(checked = total) AS complete, sum(checked) AS checked, sum(total) AS total FROM (
       SELECT json_array_length(c) AS total, (SELECT count(*) FROM json_each(c) WHERE json_extract(value, '$.checked') = 1) AS checked
         FROM (SELECT json_extract(lists, '$.criteria') AS c FROM items
                WHERE archived_at IS NULL
                  -- cheap pre-check: lists are stored as compact JSON and most items have no criteria
                  AND instr(lists, '"criteria":[]') = 0 AND json_valid(lists))
        WHERE json_type(c) = 'array' AND json_array_length(c) > 0)`,
  )[0];
  const criteria = { itemsWithCriteria: Number(crit?.items ?? 0), itemsComplete: Number(crit?.complete ?? 0), checked: Number(crit?.checked ?? 0), total: Number(crit?.total ?? 0) };

  // ---- completions since the earliest day either chart needs (one row per completed item).
  const currentWeek = isoWeekStart(now).getTime();
  const firstWeek = currentWeek - (THROUGHPUT_WEEKS - 1) * 7 * DAY_MS;
  const cycleFrom = nowMs - CYCLE_TIME_DAYS * DAY_MS;
  // One history extraction serves the dashboard and the forecasts (src/core/forecast/extract.ts):
  // the same completions (first entry into a done status) and starts (first in-progress entry).
  const x = extractBacklog(repo);
  const since = Math.min(firstWeek, cycleFrom);
  const completions: { done_ms: number; start_ms: number | null; created_ms: number | null }[] = [];
  for (let i = 0; i < x.ids.length; i++) {
    const doneMs = x.doneMs[i];
    if (Number.isNaN(doneMs) || doneMs < since) continue;
    completions.push({ done_ms: doneMs, start_ms: Number.isNaN(x.startMs[i]) ? null : x.startMs[i], created_ms: Number.isNaN(x.createdMs[i]) ? null : x.createdMs[i] });
  }

  const weekly = new Array<number>(THROUGHPUT_WEEKS).fill(0);
  const samples: number[] = [];
  for (const c of completions) {
    const doneMs = Number(c.done_ms);
    const week = Math.floor((doneMs - firstWeek) / (7 * DAY_MS));
    if (week >= 0 && week < THROUGHPUT_WEEKS) weekly[week]++;
    if (doneMs >= cycleFrom && doneMs <= nowMs) {
      const start = c.start_ms ?? c.created_ms;
      const startMs = start === null ? doneMs : Math.min(doneMs, Number(start));
      samples.push(round1((doneMs - startMs) / DAY_MS));
    }
  }
  samples.sort((a, b) => a - b);
  const histogram = CYCLE_TIME_BUCKETS.map((b) => ({ bucket: b, count: 0 }));
  for (const s of samples) histogram[CYCLE_TIME_BUCKETS.indexOf(cycleTimeBucket(s))].count++;

  return {
    totals,
    byStatus,
    byType,
    byPriority,
    byEffort,
    stale,
    staleCount,
    blocked: blockedAll.slice(0, BLOCKED_LIMIT),
    blockedCount: blockedAll.length,
    topBlockers,
    criteria,
    throughput: weekly.map((n, i) => ({ weekStart: new Date(firstWeek + i * 7 * DAY_MS).toISOString().slice(0, 10), done: n })),
    cycleTime: { samples, p50: percentile(samples, 50), p85: percentile(samples, 85), p95: percentile(samples, 95), histogram },
  };
}
