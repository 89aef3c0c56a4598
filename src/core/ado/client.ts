// The Azure DevOps client: azure-devops-node-api's Core / Work / Work Item Tracking clients built
// straight on the collection URL, every request through one AdoTransport (limit, retries, errors),
// with the answers normalised to plain data (both response shapes of older servers accepted).
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { WorkApi } from 'azure-devops-node-api/WorkApi';
import { WorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi';
import { AdoError, notFoundError } from './errors';
import { AdoTransport, serverInfoOf, type PatchableHttpClient, type TransportOptions } from './transport';
import { toIsoDay, type RawCapacityMember, type RawIteration } from './capacity';

export type AdoAuth = { pat: string } | { bearer: string };

export interface AdoTarget {
  url: string;
  project: string;
  team: string;
}

export interface RawWorkItem {
  id: number;
  rev: number;
  fields: Record<string, unknown>;
}

export interface RevisionsPage {
  values: RawWorkItem[];
  continuationToken: string;
  isLastBatch: boolean;
}

export interface QueryResult {
  /** Work item ids in the query's order (link queries: every distinct id, first appearance first). */
  ids: number[];
  queryType: 'flat' | 'tree' | 'oneHop';
}

export interface WorkItemTypeStates {
  type: string;
  states: { name: string; category: string }[];
  /** Reference names of the type's fields (empty when the server did not say). */
  fields: string[];
}

/** Work items per batch request: the service's limit. */
export const BATCH_LIMIT = 200;

type ApiWithClients = { rest: { client: unknown }; http: unknown };

export class AdoClient {
  readonly transport: AdoTransport;
  private readonly core: CoreApi;
  private readonly work: WorkApi;
  private readonly wit: WorkItemTrackingApi;
  private readonly witCreate: WorkItemTrackingApi;
  private readonly teamContext: { project: string; team: string };

  constructor(
    readonly target: AdoTarget,
    auth: AdoAuth,
    opts: TransportOptions = {},
  ) {
    const secret = 'pat' in auth ? auth.pat : auth.bearer;
    this.transport = new AdoTransport(opts, [secret]);
    const inner = 'pat' in auth ? new PersonalAccessTokenCredentialHandler(auth.pat, false) : new BearerCredentialHandler(auth.bearer, false);
    const signal = opts.signal;
    const handler: IRequestHandler = {
      prepareRequest: (o: { signal?: AbortSignal }) => {
        inner.prepareRequest(o);
        if (signal) o.signal = signal;
      },
      canHandleAuthentication: () => false,
      handleAuthentication: () => Promise.reject(new Error('unsupported')),
    };
    const options = { socketTimeout: this.transport.timeoutMs, allowRetries: false, keepAlive: true } as IRequestOptions;
    const base = target.url.replace(/\/+$/, '');
    this.core = new CoreApi(base, [handler], options);
    this.work = new WorkApi(base, [handler], options);
    this.wit = new WorkItemTrackingApi(base, [handler], options);
    this.witCreate = new WorkItemTrackingApi(base, [handler], options);
    for (const api of [this.core, this.work, this.wit]) this.transport.patch((api as unknown as ApiWithClients).rest.client as PatchableHttpClient);
    this.transport.patch((this.witCreate as unknown as ApiWithClients).rest.client as PatchableHttpClient, false);
    this.teamContext = { project: target.project, team: target.team };
  }

  /** Closes kept-alive sockets. */
  dispose(): void {
    for (const api of [this.core, this.work, this.wit, this.witCreate]) {
      const a = api as unknown as { rest: { client: { dispose(): void } }; http: { dispose(): void } };
      a.rest.client.dispose();
      a.http.dispose();
    }
  }

  /** Runs `fn`, turning a 404 into a message naming the missing project / team / query. */
  private async named<T>(ctx: { project?: string; team?: string; query?: string; what?: string }, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AdoError && err.kind === 'notFound') throw notFoundError(ctx, serverInfoOf(err));
      throw err;
    }
  }

  private get projectCtx() {
    return { project: this.target.project };
  }
  private get teamCtx() {
    return { project: this.target.project, team: this.target.team };
  }

  // ---- pickers

  async projects(): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = (await this.core.getProjects(undefined, 100, skip)) ?? [];
      for (const p of page) if (p.name) out.push({ id: p.id ?? p.name, name: p.name });
      if (page.length < 100 || out.length >= 5000) return out;
    }
  }

  async teams(project = this.target.project): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = (await this.named({ project }, () => this.core.getTeams(project, false, 100, skip))) ?? [];
      for (const t of page) if (t.name) out.push({ id: t.id ?? t.name, name: t.name });
      if (page.length < 100 || out.length >= 5000) return out;
    }
  }

  /** Saved queries (not folders) two levels deep: id, path, name. */
  async savedQueries(project = this.target.project): Promise<{ id: string; path: string; name: string }[]> {
    const roots = (await this.named({ project }, () => this.wit.getQueries(project, 0, 2))) ?? [];
    const out: { id: string; path: string; name: string }[] = [];
    const walk = (q: { id?: string; path?: string; name?: string; isFolder?: boolean; children?: unknown[] }) => {
      if (!q.isFolder && q.id) out.push({ id: q.id, path: q.path ?? q.name ?? q.id, name: q.name ?? q.id });
      for (const c of q.children ?? []) walk(c as typeof q);
    };
    roots.forEach(walk);
    return out;
  }

  // ---- team calendar

  /** Working days as ISO weekdays (missing -> Monday to Friday). */
  async workingDays(): Promise<number[]> {
    const s = await this.named(this.teamCtx, () => this.work.getTeamSettings(this.teamContext));
    if (!s) throw notFoundError(this.teamCtx, { message: '', typeKey: 'team' });
    const names = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    const days = (s.workingDays ?? []).map((d: unknown) => {
      const i = typeof d === 'number' ? d : names.indexOf(String(d).toLowerCase());
      return i === 0 ? 7 : i;
    });
    const valid = days.filter((d) => d >= 1 && d <= 7);
    return valid.length ? [...new Set(valid)].sort((a, b) => a - b) : [1, 2, 3, 4, 5];
  }

  async iterations(): Promise<RawIteration[]> {
    const list = (await this.named(this.teamCtx, () => this.work.getTeamIterations(this.teamContext))) ?? [];
    return list.map((it) => ({ id: it.id ?? '', name: it.name ?? '', path: it.path ?? '', start: toIsoDay(it.attributes?.startDate), finish: toIsoDay(it.attributes?.finishDate) }));
  }

  /** Team days off of one iteration: inclusive ranges of ISO days. */
  async teamDaysOff(iterationId: string): Promise<{ from: string; to: string }[]> {
    const r = await this.named(this.teamCtx, () => this.work.getTeamDaysOff(this.teamContext, iterationId));
    return rangesOf((r as { daysOff?: unknown[] } | null)?.daysOff);
  }

  /** Members' capacity of one iteration (7.x `teamMembers` or older `value`); [] = never planned. */
  async capacities(iterationId: string): Promise<RawCapacityMember[]> {
    const r = (await this.named(this.teamCtx, () => this.work.getCapacitiesWithIdentityRefAndTotals(this.teamContext, iterationId))) as unknown;
    const list = Array.isArray(r) ? r : ((r as { teamMembers?: unknown[]; value?: unknown[] } | null)?.teamMembers ?? (r as { value?: unknown[] } | null)?.value ?? []);
    return (list as { teamMember?: { id?: string; uniqueName?: string; displayName?: string }; activities?: { capacityPerDay?: number }[]; daysOff?: unknown[] }[]).map((m, i) => ({
      id: m.teamMember?.id ?? m.teamMember?.uniqueName ?? `member-${i}`,
      capacityPerDay: (m.activities ?? []).reduce((a, x) => a + (Number(x.capacityPerDay) || 0), 0),
      daysOff: rangesOf(m.daysOff),
    }));
  }

  // ---- work items

  /** Every work item type's states with their categories (Proposed, InProgress, Resolved, Completed, Removed). */
  async typeStates(): Promise<WorkItemTypeStates[]> {
    const types = (await this.named(this.projectCtx, () => this.wit.getWorkItemTypes(this.target.project))) ?? [];
    const out: WorkItemTypeStates[] = [];
    await Promise.all(
      types.map(async (t) => {
        if (!t.name) return;
        let states = t.states;
        if (!states) states = (await this.named(this.projectCtx, () => this.wit.getWorkItemTypeStates(this.target.project, t.name!))) ?? [];
        const fields = (t.fields ?? []).map((f) => f.referenceName ?? '').filter(Boolean);
        out.push({ type: t.name, states: states.map((s) => ({ name: s.name ?? '', category: s.category ?? '' })), fields });
      }),
    );
    return out.sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Runs a saved query (with team context, so @CurrentIteration and team areas work). */
  async runSavedQuery(id: string): Promise<QueryResult> {
    const r = await this.named({ ...this.teamCtx, query: id }, () => this.wit.queryById(id, this.teamContext));
    if (!r) throw notFoundError({ ...this.teamCtx, query: id }, { message: '', typeKey: 'query' });
    return queryResultOf(r);
  }

  /** The WIQL text of a saved query (to split it by date windows). */
  async savedQueryWiql(id: string): Promise<string> {
    const q = await this.named({ ...this.projectCtx, query: id }, () => this.wit.getQuery(this.target.project, id, 1));
    if (!q?.wiql) throw new AdoError('badResponse', `Azure DevOps: saved query ${id} has no WIQL text`);
    return q.wiql;
  }

  /** Runs WIQL text (with team context). */
  async runWiql(text: string): Promise<QueryResult> {
    const r = await this.named(this.teamCtx, () => this.wit.queryByWiql({ query: text }, this.teamContext));
    if (!r) throw new AdoError('badResponse', 'Azure DevOps: the WIQL query returned nothing');
    return queryResultOf(r);
  }

  /** Up to 200 work items with only `fields`; ids the server omits (deleted, no access) are skipped. */
  async workItemsBatch(ids: readonly number[], fields: readonly string[]): Promise<RawWorkItem[]> {
    if (ids.length > BATCH_LIMIT) throw new RangeError(`at most ${BATCH_LIMIT} ids per batch`);
    const r = (await this.named(this.projectCtx, () => this.wit.getWorkItemsBatch({ ids: [...ids], fields: [...fields], errorPolicy: 2 }, this.target.project))) ?? [];
    const list = (Array.isArray(r) ? r : ((r as { value?: unknown[] }).value ?? [])) as ({ id?: number; rev?: number; fields?: Record<string, unknown> } | null)[];
    return list.filter((w): w is { id: number; rev?: number; fields?: Record<string, unknown> } => !!w && typeof w.id === 'number').map((w) => ({ id: w.id, rev: w.rev ?? 0, fields: w.fields ?? {} }));
  }

  /** One page of the project's revisions (reporting API), from `continuationToken` (undefined = the start). */
  async revisionsPage(fields: readonly string[], continuationToken?: string): Promise<RevisionsPage> {
    const r = (await this.named(this.projectCtx, () => this.wit.readReportingRevisionsPost({ fields: [...fields], includeDeleted: false }, this.target.project, continuationToken))) as {
      values?: { id?: number; rev?: number; fields?: Record<string, unknown> }[];
      continuationToken?: string;
      isLastBatch?: boolean;
    } | null;
    if (!r) throw new AdoError('badResponse', 'Azure DevOps: empty answer to the revisions request');
    const values = (r.values ?? []).filter((v) => typeof v.id === 'number').map((v) => ({ id: v.id!, rev: v.rev ?? 0, fields: v.fields ?? {} }));
    return { values, continuationToken: r.continuationToken ?? continuationToken ?? '', isLastBatch: r.isLastBatch !== false };
  }

  /** Every update of one item (its state transitions), 200 per page. */
  async updates(id: number): Promise<{ rev: number; fields: Record<string, { oldValue?: unknown; newValue?: unknown }> }[]> {
    const out: { rev: number; fields: Record<string, { oldValue?: unknown; newValue?: unknown }> }[] = [];
    for (let skip = 0; ; skip += 200) {
      const page = (await this.named({ ...this.projectCtx, what: `work item ${id}` }, () => this.wit.getUpdates(id, 200, skip, this.target.project))) ?? [];
      for (const u of page) out.push({ rev: u.rev ?? 0, fields: (u.fields ?? {}) });
      if (page.length < 200) return out;
    }
  }

  /**
   * Work items of the project carrying any of `tags` (one WIQL query per 50 tags), with their tags:
   * how a publish finds what an earlier, interrupted one already created.
   */
  async findByTags(tags: readonly string[]): Promise<{ id: number; tags: string[] }[]> {
    const out: { id: number; tags: string[] }[] = [];
    for (let i = 0; i < tags.length; i += 50) {
      const part = tags.slice(i, i + 50).map((t) => `[System.Tags] CONTAINS '${t.replace(/'/g, "''")}'`);
      const { ids } = await this.runWiql(`SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND (${part.join(' OR ')})`);
      for (let j = 0; j < ids.length; j += BATCH_LIMIT) {
        for (const w of await this.workItemsBatch(ids.slice(j, j + BATCH_LIMIT), ['System.Id', 'System.Tags'])) out.push({ id: w.id, tags: splitTags(w.fields['System.Tags']) });
      }
    }
    return out;
  }

  /** The web address of a work item of this project. */
  workItemUrl(id: number): string {
    return `${this.target.url.replace(/\/+$/, '')}/${encodeURIComponent(this.target.project)}/_workitems/edit/${id}`;
  }

  /** Creates a work item from JSON-Patch `add` operations (never retried once it may have reached the server). */
  async createWorkItem(type: string, fields: Record<string, string | number>): Promise<{ id: number; url: string }> {
    const doc = Object.entries(fields).map(([k, v]) => ({ op: 'add', path: `/fields/${k}`, value: v }));
    const w = await this.named({ ...this.projectCtx, what: `work item type "${type}"` }, () => this.witCreate.createWorkItem(null, doc, this.target.project, type));
    if (!w?.id) throw new AdoError('badResponse', 'Azure DevOps: the work item was not created');
    const html = (w._links as { html?: { href?: string } } | undefined)?.html?.href;
    return { id: w.id, url: html ?? this.workItemUrl(w.id) };
  }
}

/** "a; b" -> ["a", "b"] (how the service stores System.Tags). */
export function splitTags(v: unknown): string[] {
  return typeof v === 'string' ? v.split(';').map((t) => t.trim()).filter(Boolean) : [];
}

function rangesOf(list: unknown): { from: string; to: string }[] {
  if (!Array.isArray(list)) return [];
  const out: { from: string; to: string }[] = [];
  for (const r of list as { start?: unknown; end?: unknown }[]) {
    const from = toIsoDay(r.start);
    const to = toIsoDay(r.end) ?? from;
    if (from && to) out.push({ from, to: to < from ? from : to });
  }
  return out;
}

function queryResultOf(r: { queryType?: unknown; workItems?: { id?: number }[]; workItemRelations?: { source?: { id?: number } | null; target?: { id?: number } | null }[] }): QueryResult {
  const qt = r.queryType === 2 || r.queryType === 'tree' ? 'tree' : r.queryType === 3 || r.queryType === 'oneHop' ? 'oneHop' : 'flat';
  const seen = new Set<number>();
  const ids: number[] = [];
  const add = (id: number | undefined) => {
    if (typeof id === 'number' && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  if (r.workItemRelations) {
    for (const rel of r.workItemRelations) {
      add(rel.source?.id);
      add(rel.target?.id);
    }
  } else {
    for (const w of r.workItems ?? []) add(w.id);
  }
  return { ids, queryType: qt };
}
