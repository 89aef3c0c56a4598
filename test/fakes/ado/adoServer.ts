// A fake Azure DevOps collection on 127.0.0.1 for the real azure-devops-node-api client: location
// OPTIONS, projects, teams, team settings, iterations, team days off, capacities (7.x and legacy
// shapes), work item types, saved and ad-hoc WIQL (flat and link results, team context), work item
// batches, updates, reporting revisions and work item creation. Real limits (200 ids per batch,
// 20,000 WIQL results, 1,000 revisions and 200 updates per page), injectable faults, latency, counters.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { current, fakeGuid, newProject, Watermarks, addItem, type FakeProject, type FakeTeam, type FakeWorkItem } from './adoData';

export type AdoFault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  | { kind: 'reset' }
  /** The request is carried out, then the connection drops before the answer (a lost response). */
  | { kind: 'dropResponse' }
  | { kind: 'slow'; delayMs: number };

export interface FaultRule {
  /** Matched against `${METHOD} ${decoded path}`; every request when absent. */
  match?: RegExp;
  /** How many requests it hits (default 1). */
  times?: number;
  fault: AdoFault;
}

export interface FakeAdoOptions {
  org?: string;
  pat?: string;
  /** A Microsoft Entra access token also accepted (Authorization: Bearer …). */
  bearer?: string;
  latencyMs?: number;
  /** Answer bad credentials with 203 + an HTML sign-in page instead of 401. */
  badAuthAs203?: boolean;
  revisionsPageSize?: number;
  wiqlLimit?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  endpoint: string;
  body?: unknown;
}

const LOCATIONS: [string, string, string, string][] = [
  ['core', 'projects', '603fe2ac-9723-48b9-88ad-09305aa6c6e1', '_apis/projects/{projectId}'],
  ['core', 'teams', 'd30a3dd1-f8ba-442a-b86a-bd0c0c383e59', '_apis/projects/{projectId}/teams/{teamId}'],
  ['work', 'teamsettings', 'c3c1012b-bea7-49d7-b45e-1664e566f84c', '{project}/{team}/_apis/work/teamsettings'],
  ['work', 'iterations', 'c9175577-28a1-4b06-9197-8636af9f64ad', '{project}/{team}/_apis/work/teamsettings/iterations/{id}'],
  ['work', 'teamdaysoff', '2d4faa2e-9150-4cbf-a47a-932b1b4a0773', '{project}/{team}/_apis/work/teamsettings/iterations/{iterationId}/teamdaysoff'],
  ['work', 'capacities', '74412d15-8c1a-4352-a48d-ef1ed5587d57', '{project}/{team}/_apis/work/teamsettings/iterations/{iterationId}/capacities/{teamMemberId}'],
  ['wit', 'wiql', '1a9c53f7-f243-4447-b110-35ef023636e4', '{project}/{team}/_apis/wit/wiql/{id}'],
  ['wit', 'wiql', 'a02355f5-5f8a-4671-8e32-369d23aac83d', '{project}/{team}/_apis/wit/wiql/{id}'],
  ['wit', 'workitemsbatch', '908509b6-4248-4475-a1cd-829139ba419f', '{project}/_apis/wit/workitemsbatch'],
  ['wit', 'updates', '6570bf97-d02c-4a91-8d93-3abe9895b1a9', '{project}/_apis/wit/workItems/{id}/updates/{updateNumber}'],
  ['wit', 'workItemRevisions', 'f828fe59-dd87-495d-a17c-7a8d6211ca6c', '{project}/_apis/wit/reporting/workItemRevisions'],
  ['wit', 'workItems', '62d3d110-0047-428c-ad3c-4fe872c91c74', '{project}/_apis/wit/workitems/${type}'],
  ['wit', 'queries', 'a67d190c-c41f-424b-814d-0e906f659301', '{project}/_apis/wit/queries/{*query}'],
  ['wit', 'workItemTypes', '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa', '{project}/_apis/wit/workItemTypes/{type}'],
  ['wit', 'states', '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa', '{project}/_apis/wit/workitemtypes/{type}/states'],
];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(String(status));
  }
}
const notFound = (typeKey: string, message: string) => new HttpError(404, { $id: '1', innerException: null, message, typeName: `Microsoft.TeamFoundation.${typeKey}, Microsoft.TeamFoundation`, typeKey, errorCode: 0, eventId: 3000 });
const badRequest = (message: string) => new HttpError(400, { $id: '1', message, typeKey: 'VssServiceException', errorCode: 0, eventId: 3000 });

export class FakeAdoServer {
  readonly projects: FakeProject[] = [];
  readonly watermarks = new Watermarks();
  readonly log: RequestLogEntry[] = [];
  readonly counters = { requests: 0, inFlight: 0, peakConcurrency: 0, bearerRequests: 0, byEndpoint: {} as Record<string, number> };
  private faults: FaultRule[] = [];
  private server: http.Server | undefined;
  private nextId = 1_000_000;
  /** Ids of the work items created through the API, in order (publish tests count them). */
  readonly created: number[] = [];
  url = '';

  constructor(readonly opts: FakeAdoOptions = {}) {}

  get org(): string {
    return this.opts.org ?? 'fabrikam';
  }

  addProject(name: string, teamName?: string): FakeProject {
    const p = newProject(name, teamName);
    this.projects.push(p);
    return p;
  }

  /** Queues a fault for the next matching request(s). */
  fault(rule: FaultRule): void {
    this.faults.push({ times: 1, ...rule });
  }

  clearFaults(): void {
    this.faults = [];
  }

  resetCounters(): void {
    this.counters.requests = 0;
    this.counters.peakConcurrency = this.counters.inFlight;
    this.counters.byEndpoint = {};
    this.log.length = 0;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${this.org}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    this.server = undefined;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.counters.requests++;
    this.counters.inFlight++;
    this.counters.peakConcurrency = Math.max(this.counters.peakConcurrency, this.counters.inFlight);
    res.on('close', () => this.counters.inFlight--);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://x');
    const rawSegments = u.pathname.split('/').map((x) => decodeURIComponent(x));
    const path = rawSegments.join('/');
    const line = `${req.method} ${path}`;
    if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
    const rule = this.faults.find((f) => !f.match || f.match.test(line));
    if (rule) {
      if (--rule.times! <= 0) this.faults.splice(this.faults.indexOf(rule), 1);
      const f = rule.fault;
      if (f.kind === 'reset') return void req.socket.destroy();
      if (f.kind === 'dropResponse') {
        try {
          this.route(req.method ?? 'GET', path, rawSegments, u.searchParams, raw ? (JSON.parse(raw) as unknown) : undefined);
        } catch {
          // the connection drops either way
        }
        return void req.socket.destroy();
      }
      if (f.kind === 'slow') await new Promise((r) => setTimeout(r, f.delayMs).unref());
      if (f.kind === 'status') {
        const headers: Record<string, string> = { 'content-type': f.contentType ?? 'application/json; charset=utf-8' };
        if (f.retryAfter !== undefined) Object.assign(headers, { 'retry-after': f.retryAfter, 'x-ratelimit-resource': 'ATCPU', 'x-ratelimit-delay': '1.5', 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 10) });
        res.writeHead(f.status, headers);
        return void res.end(f.body ?? '');
      }
    }
    const bearerOk = this.opts.bearer !== undefined && req.headers.authorization === `Bearer ${this.opts.bearer}`;
    if (bearerOk) this.counters.bearerRequests++;
    if (this.opts.pat !== undefined && !bearerOk && basicPassword(req.headers.authorization) !== this.opts.pat) {
      if (this.opts.badAuthAs203) {
        res.writeHead(203, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body>Sign in</body></html>');
      }
      res.writeHead(401, { 'www-authenticate': 'Bearer authorization_uri=https://login.microsoftonline.com/common' });
      return void res.end();
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    try {
      const out = this.route(req.method ?? 'GET', path, rawSegments, u.searchParams, body);
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(out.json));
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, { message: String(err) });
      res.writeHead(e.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(e.body));
    }
  }

  private count(method: string, path: string, endpoint: string, body: unknown): void {
    this.counters.byEndpoint[endpoint] = (this.counters.byEndpoint[endpoint] ?? 0) + 1;
    this.log.push({ method, path, endpoint, body });
  }

  private project(name: string): FakeProject {
    const p = this.projects.find((x) => x.name.toLowerCase() === name.toLowerCase() || x.id === name);
    if (!p) throw notFound('ProjectDoesNotExistWithNameException', `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`);
    return p;
  }

  private team(p: FakeProject, name: string | undefined): FakeTeam {
    const t = name === undefined ? p.teams[0] : p.teams.find((x) => x.name.toLowerCase() === name.toLowerCase() || x.id === name);
    if (!t) throw notFound('TeamNotFoundException', `The team with id ${name} does not exist.`);
    return t;
  }

  private route(method: string, path: string, all: string[], q: URLSearchParams, body: unknown): { status?: number; json: unknown } {
    const base = `/${this.org}/`;
    if (!path.startsWith(base)) throw notFound('ResourceNotFound', 'unknown collection');
    const segs = all.slice(2);
    const at = segs.indexOf('_apis');
    const scope = segs.slice(0, at);
    const rest = segs.slice(at + 1);
    const key = rest.join('/').toLowerCase();
    if (method === 'OPTIONS') {
      this.count(method, path, 'options', body);
      const area = rest[0]?.toLowerCase();
      const value = LOCATIONS.filter((l) => l[0] === area).map(([a, resourceName, id, routeTemplate]) => ({ id, area: a, resourceName, routeTemplate, resourceVersion: 5, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1' }));
      return { json: { count: value.length, value } };
    }
    const ep = (name: string) => this.count(method, path, name, body);
    if (key.startsWith('projects')) {
      if (rest.length === 1) {
        ep('projects');
        const top = Number(q.get('$top') ?? 100);
        const skip = Number(q.get('$skip') ?? 0);
        const value = this.projects.slice(skip, skip + top).map((p) => ({ id: p.id, name: p.name, state: 'wellFormed', visibility: 'private' }));
        return { json: { count: value.length, value } };
      }
      ep('teams');
      const p = this.project(rest[1]);
      return { json: { count: p.teams.length, value: p.teams.map((t) => ({ id: t.id, name: t.name, projectName: p.name, projectId: p.id })) } };
    }
    const p = this.project(scope[0] ?? '');
    if (key.startsWith('work/teamsettings')) return this.work(p, this.team(p, scope[1]), rest.slice(2), q, ep);
    if (key.startsWith('wit/wiql')) {
      ep('wiql');
      const team = scope[1] === undefined ? undefined : this.team(p, scope[1]);
      let wiql: string;
      if (method === 'POST') wiql = String((body as { query?: string })?.query ?? '');
      else {
        const saved = p.queries.find((x) => x.id === rest[2]?.toLowerCase());
        if (!saved) throw notFound('QueryItemNotFoundException', `TF401243: The query ${rest[2]} does not exist, or you do not have permission to read it.`);
        wiql = saved.wiql;
      }
      return { json: this.runWiql(p, wiql, team) };
    }
    if (key === 'wit/workitemsbatch') {
      ep('workitemsbatch');
      const b = body as { ids?: number[]; fields?: string[]; errorPolicy?: string };
      if (!b?.ids?.length) throw badRequest('VS403473: ids are required');
      if (b.ids.length > 200) throw badRequest('VS403474: The number of work items requested exceeds the limit of 200.');
      const value = b.ids.map((id) => {
        const w = p.items.get(id);
        if (!w) {
          if (String(b.errorPolicy).toLowerCase() === 'omit' || String(b.errorPolicy) === '2') return null;
          throw notFound('WorkItemUnauthorizedAccessException', `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`);
        }
        return { id, rev: w.revisions.length, fields: pick(current(w), b.fields), url: `${this.url}/${p.id}/_apis/wit/workItems/${id}` };
      });
      return { json: { count: value.length, value } };
    }
    if (key === 'wit/reporting/workitemrevisions') {
      ep('revisions');
      const b = body as { fields?: string[] };
      const after = Number(q.get('continuationToken') ?? 0) || 0;
      const size = this.opts.revisionsPageSize ?? 1000;
      const all: { id: number; rev: number; watermark: number; fields: Record<string, unknown> }[] = [];
      for (const w of p.items.values()) for (const r of w.revisions) if (r.watermark > after) all.push({ id: w.id, ...r });
      all.sort((a, b2) => a.watermark - b2.watermark);
      const page = all.slice(0, size);
      const last = page.length ? page[page.length - 1].watermark : after;
      return { json: { values: page.map((r) => ({ id: r.id, rev: r.rev, fields: pick(r.fields, b?.fields) })), continuationToken: String(last), isLastBatch: all.length <= size, nextLink: `${this.url}/${p.id}/_apis/wit/reporting/workItemRevisions?continuationToken=${last}` } };
    }
    const upd = /^wit\/workitems\/(\d+)\/updates$/.exec(key);
    if (upd) {
      ep('updates');
      const w = p.items.get(Number(upd[1]));
      if (!w) throw notFound('WorkItemUnauthorizedAccessException', `TF401232: Work item ${upd[1]} does not exist.`);
      const top = Math.min(200, Number(q.get('$top') ?? 200));
      const skip = Number(q.get('$skip') ?? 0);
      const value = w.revisions.slice(skip, skip + top).map((r, i) => {
        const prev = w.revisions[skip + i - 1]?.fields ?? {};
        const fields: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
        for (const [k, v] of Object.entries(r.fields)) if (prev[k] !== v) fields[k] = { oldValue: prev[k], newValue: v };
        return { id: skip + i + 1, workItemId: w.id, rev: r.rev, fields };
      });
      return { json: { count: value.length, value } };
    }
    const create = /^wit\/workitems\/\$(.+)$/i.exec(rest.join('/'));
    if (create && method === 'POST') {
      ep('create');
      const type = p.types.find((t) => t.name.toLowerCase() === create[1].toLowerCase());
      if (!type) throw notFound('WorkItemTypeNotFoundException', `TF401326: Invalid work item type: ${create[1]}`);
      const ops = body as { op: string; path: string; value: unknown }[];
      if (!Array.isArray(ops)) throw badRequest('VS403471: You must pass a valid patch document in the body of the request.');
      // The service's rules: every field must exist on the type; Title is required and at most 255 characters.
      const set: Record<string, unknown> = {};
      for (const o of ops) {
        if (o.op !== 'add' || !o.path.startsWith('/fields/')) throw badRequest(`VS403471: unsupported operation ${o.op} ${o.path}`);
        const field = o.path.slice(8);
        if (!type.fields.includes(field)) throw badRequest(`TF51535: Cannot find field ${field}.`);
        set[field] = o.value;
      }
      const title = typeof set['System.Title'] === 'string' ? (set['System.Title']) : '';
      if (!title.trim()) throw badRequest('TF401320: Rule Error for field Title. Error code: Required, InvalidEmpty.');
      if (title.length > 255) throw badRequest('TF401320: Rule Error for field Title. Error code: InvalidTooLong.');
      const id = this.nextId++;
      const w = addItem(p, this.watermarks, id, type.name, title, new Date().toISOString());
      Object.assign(current(w), set);
      this.created.push(id);
      return { json: { id, rev: 1, fields: current(w), _links: { html: { href: `${this.url}/${encodeURIComponent(p.name)}/_workitems/edit/${id}` } } } };
    }
    if (key.startsWith('wit/queries')) {
      ep('queries');
      const id = rest[2]?.toLowerCase();
      if (id) {
        const saved = p.queries.find((x) => x.id === id);
        if (!saved) throw notFound('QueryItemNotFoundException', `TF401243: The query ${id} does not exist.`);
        return { json: { id: saved.id, name: saved.name, path: saved.path, isFolder: false, wiql: saved.wiql } };
      }
      const children = p.queries.map((x) => ({ id: x.id, name: x.name, path: x.path, isFolder: false }));
      return { json: { count: 1, value: [{ id: fakeGuid(9), name: 'Shared Queries', path: 'Shared Queries', isFolder: true, hasChildren: true, children }] } };
    }
    if (key === 'wit/workitemtypes') {
      ep('workitemtypes');
      return { json: { count: p.types.length, value: p.types.map((t) => ({ name: t.name, referenceName: `Microsoft.VSTS.WorkItemTypes.${t.name.replace(/ /g, '')}`, states: t.states, fields: t.fields.map((f) => ({ referenceName: f, name: f.split('.').pop(), alwaysRequired: f === 'System.Title' })) })) } };
    }
    throw notFound('ResourceNotFound', `no fake route for ${method} ${path}`);
  }

  private work(p: FakeProject, t: FakeTeam, rest: string[], q: URLSearchParams, ep: (name: string) => void): { json: unknown } {
    if (rest.length === 0) {
      ep('teamsettings');
      return { json: { workingDays: t.workingDays, bugsBehavior: 'off', backlogIteration: { id: fakeGuid(3), name: p.name, path: '' }, backlogVisibilities: {} } };
    }
    if (rest.length === 1) {
      ep('iterations');
      let list = t.iterations;
      if (q.get('$timeframe') === 'current') list = list.filter((it) => it.start && it.finish && it.start <= today() && today() <= it.finish);
      return { json: { count: list.length, value: list.map((it) => ({ id: it.id, name: it.name, path: it.path, attributes: it.start ? { startDate: `${it.start}T00:00:00Z`, finishDate: `${it.finish}T00:00:00Z`, timeFrame: timeFrame(it.start, it.finish!) } : { timeFrame: 'future' } })) } };
    }
    const it = t.iterations.find((x) => x.id === rest[1]);
    if (!it) throw notFound('CurrentIterationDoesNotExistException', `VS402644: The iteration ${rest[1]} does not exist.`);
    const day = (s: string) => `${s}T00:00:00Z`;
    if (rest[2] === 'teamdaysoff') {
      ep('teamdaysoff');
      return { json: { daysOff: it.daysOff.map((d) => ({ start: day(d.start), end: day(d.end) })) } };
    }
    ep('capacities');
    const members = it.members.map((m) => ({ teamMember: { id: m.id, displayName: m.displayName, uniqueName: `${m.displayName.toLowerCase()}@fabrikam.example` }, activities: m.activities, daysOff: m.daysOff.map((d) => ({ start: day(d.start), end: day(d.end) })) }));
    if (it.capacityShape === 'legacy') return { json: { count: members.length, value: members } };
    const total = it.members.reduce((a, m) => a + m.activities.reduce((x, y) => x + y.capacityPerDay, 0), 0);
    return { json: { teamMembers: members, totalCapacityPerDay: total, totalDaysOff: it.members.reduce((a, m) => a + m.daysOff.length, 0) } };
  }

  /**
   * A tiny WIQL subset: `[Field] op 'value'` clauses (op: = <> < > <= >= CONTAINS; on System.Tags
   * CONTAINS matches a whole tag) joined by AND, where a parenthesised group of clauses joined by OR
   * counts as one; other clauses are ignored. FROM WorkItemLinks gives a tree result.
   */
  private runWiql(p: FakeProject, wiql: string, _team: FakeTeam | undefined): unknown {
    type Clause = { field: string; op: string; value: string };
    const CLAUSE = /\[([\w.]+)\]\s*(>=|<=|<>|=|<|>|CONTAINS)\s*'((?:[^']|'')*)'/gi;
    const parse = (text: string): Clause[] => [...text.matchAll(CLAUSE)].map((m) => ({ field: m[1], op: m[2].toUpperCase(), value: m[3].replace(/''/g, "'") }));
    const groups: Clause[][] = [];
    const rest = wiql.replace(/\(([^()]*\bOR\b[^()]*)\)/gi, (_, inner: string) => {
      groups.push(parse(inner));
      return ' ';
    });
    const clauses = parse(rest);
    const test = (f: Record<string, unknown>, c: Clause) => {
      const raw = f[c.field];
      const v = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
      if (c.op === 'CONTAINS') return c.field === 'System.Tags' ? v.split(';').some((t) => t.trim().toLowerCase() === c.value.toLowerCase()) : v.toLowerCase().includes(c.value.toLowerCase());
      const cmp = c.field.endsWith('Date') ? Date.parse(v) - Date.parse(c.value) : v.localeCompare(c.value);
      return c.op === '=' ? cmp === 0 : c.op === '<>' ? cmp !== 0 : c.op === '<' ? cmp < 0 : c.op === '>' ? cmp > 0 : c.op === '<=' ? cmp <= 0 : cmp >= 0;
    };
    const ok = (w: FakeWorkItem) => {
      const f = current(w);
      return clauses.every((c) => test(f, c)) && groups.every((g) => g.some((c) => test(f, c)));
    };
    const ids = [...p.items.values()].filter(ok).map((w) => w.id).sort((a, b) => a - b);
    if (ids.length > (this.opts.wiqlLimit ?? 20_000)) throw badRequest('VS402337: The number of work items returned exceeds the size limit of 20000. Change the query to return fewer work items.');
    const asOf = new Date().toISOString();
    if (/\bFROM\s+WorkItemLinks\b/i.test(wiql)) {
      return { queryType: 'tree', queryResultType: 'workItemLink', asOf, columns: [], workItemRelations: ids.map((id) => ({ rel: null, source: null, target: { id, url: `${this.url}/_apis/wit/workItems/${id}` } })) };
    }
    return { queryType: 'flat', queryResultType: 'workItem', asOf, columns: [{ referenceName: 'System.Id', name: 'ID' }], workItems: ids.map((id) => ({ id, url: `${this.url}/_apis/wit/workItems/${id}` })) };
  }
}

/** The password of a Basic header (ADO ignores the user name: empty, "PAT" or anything). */
function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : text.slice(i + 1);
}

function pick(fields: Record<string, unknown>, names: string[] | undefined): Record<string, unknown> {
  if (!names?.length) return { ...fields };
  const out: Record<string, unknown> = {};
  for (const n of names) if (fields[n] !== undefined && fields[n] !== null) out[n] = fields[n];
  return out;
}

const today = () => new Date().toISOString().slice(0, 10);
const timeFrame = (a: string, b: string) => (b < today() ? 'past' : a > today() ? 'future' : 'current');
