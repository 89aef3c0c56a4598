// The forecast engine's Azure DevOps source (pure, offline): a cache snapshot becomes the same
// BacklogExtraction the local backlog gives, so How Many / When / per-item forecasts and the flow
// metrics (cycle time, aging WIP, cumulative flow) run unchanged; the team calendar comes along.
import type { TeamCalendar } from '../forecast/calendar';
import type { BacklogExtraction, ExtractedStatus, RankedItem } from '../forecast/extract';
import { backlogSource, type ForecastSource } from '../forecast/sources';
import type { Sprint } from './capacity';
import type { CacheSnapshot } from './cache';
import type { DoneDateRule } from './settings';
import { doneDate, StateCategories, startDate, type FlowCategory } from './states';

export interface AdoForecastData {
  extraction: BacklogExtraction;
  calendar: TeamCalendar;
  sprints: Sprint[];
  syncedAt: string | null;
  warnings: string[];
  /** Items left out because their state is in the Removed category. */
  removed: number;
  /** "Project / Team" of the connection (set by the host, which knows it). */
  label?: string;
}

const ORDER: Record<Exclude<FlowCategory, 'removed'>, number> = { todo: 0, in_progress: 1, done: 2 };

/** The snapshot as an extraction: statuses are the ADO state names (to-do first, done last). */
export function extractionFromCache(s: CacheSnapshot, rule: DoneDateRule): AdoForecastData {
  const cats = new StateCategories(s.typeStates);
  // one status per state name; its category from the first type that has it
  const statusCat = new Map<string, Exclude<FlowCategory, 'removed'>>();
  const noteState = (type: string, state: string) => {
    const c = cats.category(type, state, rule);
    if (c !== 'removed' && !statusCat.has(state)) statusCat.set(state, c);
  };
  for (const t of s.typeStates) noteState(t.type, t.state);
  for (const i of s.items) noteState(i.type, i.state);
  const statuses: ExtractedStatus[] = [...statusCat.entries()]
    .sort((a, b) => ORDER[a[1]] - ORDER[b[1]] || a[0].localeCompare(b[0]))
    .map(([key, category], position) => ({ key, label: key, category, position }));

  const ids: string[] = [];
  const created: number[] = [];
  const starts: number[] = [];
  const dones: number[] = [];
  const status: string[] = [];
  const ranked: RankedItem[] = [];
  const trItem: number[] = [];
  const trStatus: string[] = [];
  const trMs: number[] = [];
  let removed = 0;
  for (const it of s.items) {
    const current = cats.category(it.type, it.state, rule);
    if (current === 'removed') {
      removed++;
      continue;
    }
    const history = s.history.get(it.id) ?? [];
    const catOf = (state: string) => cats.category(it.type, state, rule);
    const done = doneDate(rule, current, cats.adoCategory(it.type, it.state), it, history, catOf);
    const index = ids.length;
    ids.push(String(it.id));
    created.push(it.createdMs);
    dones.push(done);
    starts.push(startDate(history, catOf, done));
    status.push(it.state);
    if (current !== 'done') ranked.push({ id: String(it.id), title: it.title, status: it.state, effort: null, blockedBy: [] });
    for (const t of history) {
      if (!statusCat.has(t.state)) continue;
      trItem.push(index);
      trStatus.push(t.state);
      trMs.push(t.ms);
    }
  }
  const order = Array.from(trMs.keys()).sort((a, b) => trMs[a] - trMs[b] || a - b);
  const extraction: BacklogExtraction = {
    statuses,
    ids,
    createdMs: Float64Array.from(created),
    startMs: Float64Array.from(starts),
    doneMs: Float64Array.from(dones),
    effort: ids.map(() => null),
    status,
    archived: new Uint8Array(ids.length),
    ranked, // the query's order (snapshot items are sorted by it): the backlog order
    transitions: { item: Int32Array.from(order, (k) => trItem[k]), status: order.map((k) => trStatus[k]), ms: Float64Array.from(order, (k) => trMs[k]) },
  };
  return { extraction, calendar: s.calendar, sprints: s.sprints, syncedAt: s.syncedAt, warnings: s.warnings, removed };
}

/** Azure DevOps as a forecast source (the local backlog's semantics on the synced items). */
export function azureDevOpsSource(data: AdoForecastData): ForecastSource {
  return { ...backlogSource(data.extraction), kind: 'azure-devops' };
}

/** How long ago the last sync was, rounded the way a status bar shows it (the host words it). */
export type SyncAge = { kind: 'never' } | { kind: 'justNow' } | { kind: 'minutes' | 'hours' | 'days'; n: number };

export function syncAge(syncedAt: string | null, now = Date.now()): SyncAge {
  if (!syncedAt) return { kind: 'never' };
  const s = Math.max(0, Math.round((now - Date.parse(syncedAt)) / 1000));
  if (s < 60) return { kind: 'justNow' };
  const m = Math.round(s / 60);
  if (m < 60) return { kind: 'minutes', n: m };
  const h = Math.round(m / 60);
  if (h < 48) return { kind: 'hours', n: h };
  return { kind: 'days', n: Math.round(h / 24) };
}
