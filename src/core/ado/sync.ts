// One sync of an Azure DevOps connection into its cache: the query's ids, the team calendar, the
// state categories, the state history (reporting revisions, paged from the stored watermark) and
// the fields of new or changed items only (batches of 200). All-or-nothing: the cache file is
// written once at the end; a failure or a cancel leaves the previous file as it was.
import type { SqlJsStatic } from 'sql.js';
import { localDay } from '../forecast/calendar';
import { buildTeamCalendar, type SprintData } from './capacity';
import { AdoCache, type CachedItem } from './cache';
import { AdoClient, BATCH_LIMIT, type AdoAuth, type RawWorkItem } from './client';
import { AdoError } from './errors';
import { runConnectionQuery } from './query';
import { connectionKey, type AdoConnection } from './settings';
import { adoDateMs, transitionsFromRevisions, transitionsFromUpdates, type Transition } from './states';
import type { TransportOptions } from './transport';

/** Fields read per work item: only what forecasts and flow metrics need. */
export const ITEM_FIELDS = [
  'System.Id',
  'System.WorkItemType',
  'System.Title',
  'System.State',
  'System.CreatedDate',
  'System.ChangedDate',
  'Microsoft.VSTS.Common.ClosedDate',
  'Microsoft.VSTS.Common.ResolvedDate',
  'Microsoft.VSTS.Common.StateChangeDate',
] as const;
/** Fields read per revision (state history). */
export const REVISION_FIELDS = ['System.Id', 'System.Rev', 'System.State', 'System.ChangedDate'] as const;

export interface SyncProgress {
  stage: 'query' | 'calendar' | 'history' | 'items' | 'saving';
  done: number;
  total: number;
}

export interface SyncOptions {
  SQL: SqlJsStatic;
  /** The cache file of this connection (never the backlog's file). */
  file: string;
  connection: AdoConnection;
  auth: AdoAuth;
  transport?: TransportOptions;
  now?: () => Date;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncReport {
  full: boolean;
  items: number;
  /** Work items whose fields were fetched (new or changed). */
  fetched: number;
  revisions: number;
  requests: number;
  retries: number;
  peakInFlight: number;
  syncedAt: string;
  warnings: string[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function cachedItem(w: RawWorkItem, queryOrder: number): CachedItem {
  const f = w.fields;
  return {
    id: w.id,
    rev: w.rev,
    type: str(f['System.WorkItemType']),
    title: str(f['System.Title']),
    state: str(f['System.State']),
    createdMs: adoDateMs(f['System.CreatedDate']),
    changedMs: adoDateMs(f['System.ChangedDate']),
    closedMs: adoDateMs(f['Microsoft.VSTS.Common.ClosedDate']),
    resolvedMs: adoDateMs(f['Microsoft.VSTS.Common.ResolvedDate']),
    stateChangeMs: adoDateMs(f['Microsoft.VSTS.Common.StateChangeDate']),
    queryOrder,
  };
}

/** Team calendar: working days, sprints whose end is within the history window or later, each sprint failing on its own. */
async function readCalendar(client: AdoClient, c: AdoConnection, today: number) {
  const [workingDays, iterations] = await Promise.all([client.workingDays(), client.iterations()]);
  const oldest = today - Math.ceil(c.historyDays * 1.6) - 14;
  const dated = iterations.filter((it) => it.start && it.finish && localDayOfIso(it.finish) >= oldest);
  const sprints: SprintData[] = await Promise.all(
    dated.map(async (iteration): Promise<SprintData> => {
      try {
        const [teamDaysOff, members] = await Promise.all([client.teamDaysOff(iteration.id), client.capacities(iteration.id)]);
        return { iteration, teamDaysOff, members };
      } catch (err) {
        if (err instanceof AdoError && (err.kind === 'auth' || err.kind === 'cancelled')) throw err;
        return { iteration, error: err instanceof Error ? err.message.replace(/^Azure DevOps: /, '') : 'error' };
      }
    }),
  );
  return buildTeamCalendar(workingDays, sprints, c.timeZone);
}

const localDayOfIso = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/** Syncs the connection into its cache; returns what was done. Throws AdoError (cache untouched). */
export async function syncAzureDevOps(o: SyncOptions): Promise<SyncReport> {
  const c = o.connection;
  const now = (o.now ?? (() => new Date()))();
  const today = localDay(now.getTime(), c.timeZone);
  const progress = o.onProgress ?? (() => undefined);
  const cache = await AdoCache.open(o.SQL, o.file);
  const client = new AdoClient(c, o.auth, o.transport);
  try {
    const key = connectionKey(c);
    if (cache.getMeta('connection') !== key) cache.reset();
    const token = cache.getMeta('revisionsToken');
    const full = token === undefined;
    const known = full ? new Set<number>() : cache.itemIds();

    progress({ stage: 'query', done: 0, total: 1 });
    const queryP = runConnectionQuery(client, c.query, today);
    const calendarP = readCalendar(client, c, today);
    const statesP = client.typeStates();
    // state history: every page of revisions since the watermark (one chain: tokens are sequential)
    const revisions = new Map<number, { rev: number; fields: Record<string, unknown> }[]>();
    let revisionCount = 0;
    const historyP = (async () => {
      let t = token;
      for (let page = 1; ; page++) {
        const p = await client.revisionsPage(REVISION_FIELDS, t);
        for (const v of p.values) {
          let list = revisions.get(v.id);
          if (!list) revisions.set(v.id, (list = []));
          list.push(v);
        }
        revisionCount += p.values.length;
        t = p.continuationToken;
        progress({ stage: 'history', done: page, total: p.isLastBatch ? page : page + 1 });
        if (p.isLastBatch || !p.values.length) return t;
      }
    })();
    // first sync: fetch every id as soon as the query answers, beside the history pages
    const fetchItems = async (ids: readonly number[], order: Map<number, number>): Promise<CachedItem[]> => {
      const chunks: number[][] = [];
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) chunks.push(ids.slice(i, i + BATCH_LIMIT));
      let done = 0;
      const parts = await Promise.all(
        chunks.map(async (chunk) => {
          const got = await client.workItemsBatch(chunk, ITEM_FIELDS);
          progress({ stage: 'items', done: (done += chunk.length), total: ids.length });
          return got.map((w) => cachedItem(w, order.get(w.id) ?? 0));
        }),
      );
      return parts.flat();
    };
    const query = await queryP;
    progress({ stage: 'query', done: 1, total: 1 });
    const order = new Map(query.ids.map((id, i) => [id, i]));
    const itemsP = full ? fetchItems(query.ids, order) : undefined;
    const [newToken, calendar, typeStates] = await Promise.all([historyP, calendarP, statesP]);

    let items: CachedItem[];
    if (itemsP) items = await itemsP;
    else {
      const changed = query.ids.filter((id) => !known.has(id) || revisions.has(id));
      items = await fetchItems(changed, order);
    }
    // items new to the cache whose history did not start within these revisions: their updates
    const lastStates = full ? new Map<number, string>() : cache.lastStates();
    const histories = new Map<number, Transition[]>();
    const needUpdates: number[] = [];
    for (const id of query.ids) {
      const revs = revisions.get(id);
      const isNew = !known.has(id);
      if (revs) revs.sort((a, b) => a.rev - b.rev);
      if (isNew && !full && !(revs && revs[0].rev === 1)) needUpdates.push(id);
      else if (revs) histories.set(id, transitionsFromRevisions(revs, isNew ? undefined : lastStates.get(id)));
    }
    await Promise.all(needUpdates.map(async (id) => histories.set(id, transitionsFromUpdates(await client.updates(id)))));

    progress({ stage: 'saving', done: 0, total: 1 });
    cache.db.exec('BEGIN');
    cache.upsertItems(items);
    for (const [id, list] of histories) cache.addTransitions(id, list);
    cache.setQueryOrder(query.ids);
    cache.replaceTypeStates(typeStates.flatMap((t) => t.states.map((s) => ({ type: t.type, state: s.name, category: s.category }))));
    cache.replaceSprints(calendar.sprints);
    cache.setMeta('connection', key);
    cache.setMeta('revisionsToken', newToken ?? '');
    cache.setMeta('calendar', JSON.stringify(calendar.calendar));
    cache.setMeta('warnings', JSON.stringify(calendar.warnings));
    cache.setMeta('queryType', query.queryType);
    cache.setMeta('syncedAt', now.toISOString());
    cache.db.exec('COMMIT');
    o.transport?.signal?.throwIfAborted?.();
    await cache.save();
    progress({ stage: 'saving', done: 1, total: 1 });
    const s = client.transport.stats;
    return { full, items: query.ids.length, fetched: items.length, revisions: revisionCount, requests: s.requests, retries: s.retries, peakInFlight: s.peakInFlight, syncedAt: now.toISOString(), warnings: calendar.warnings };
  } catch (err) {
    if (o.transport?.signal?.aborted && !(err instanceof AdoError)) throw new AdoError('cancelled', 'Azure DevOps: cancelled; nothing was changed');
    throw err;
  } finally {
    cache.close();
    client.dispose();
  }
}
