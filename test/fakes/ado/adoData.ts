// Data of the fake Azure DevOps server: projects, teams, iterations with days off and capacities,
// work item types (Agile process states and categories), saved queries and work items whose every
// change is a revision with a server-wide watermark (what the reporting revisions API pages on).

export interface FakeMember {
  id: string;
  displayName: string;
  /** Activities; an empty list = no capacity set for this member. */
  activities: { name: string; capacityPerDay: number }[];
  daysOff: { start: string; end: string }[];
}

export interface FakeIteration {
  id: string;
  name: string;
  path: string;
  /** ISO days (no dates = an iteration without dates). */
  start?: string;
  finish?: string;
  daysOff: { start: string; end: string }[];
  members: FakeMember[];
  /** 'legacy' answers capacities as `{count, value}` (older servers). */
  capacityShape?: '7x' | 'legacy';
}

export interface FakeTeam {
  id: string;
  name: string;
  /** undefined = the server omits workingDays (clients assume Mon-Fri). */
  workingDays?: string[];
  iterations: FakeIteration[];
}

export interface FakeRevision {
  rev: number;
  watermark: number;
  fields: Record<string, unknown>;
}

export interface FakeWorkItem {
  id: number;
  revisions: FakeRevision[];
}

export interface FakeQuery {
  id: string;
  name: string;
  path: string;
  wiql: string;
}

export interface FakeProject {
  id: string;
  name: string;
  teams: FakeTeam[];
  queries: FakeQuery[];
  items: Map<number, FakeWorkItem>;
  types: { name: string; states: { name: string; category: string; color: string }[]; fields: string[] }[];
}

/** Fields every Agile work item type has; then each type's own (a Bug has Repro Steps and no Description, as in the Agile process). */
const COMMON_FIELDS = ['System.Id', 'System.Rev', 'System.TeamProject', 'System.AreaPath', 'System.IterationPath', 'System.WorkItemType', 'System.Title', 'System.State', 'System.Reason', 'System.CreatedDate', 'System.ChangedDate', 'System.Tags', 'Microsoft.VSTS.Common.StateChangeDate', 'Microsoft.VSTS.Common.ResolvedDate', 'Microsoft.VSTS.Common.ClosedDate', 'Microsoft.VSTS.Common.Priority'];
export const AGILE_FIELDS: Record<string, string[]> = {
  'User Story': [...COMMON_FIELDS, 'System.Description', 'Microsoft.VSTS.Common.AcceptanceCriteria', 'Microsoft.VSTS.Scheduling.StoryPoints'],
  Bug: [...COMMON_FIELDS, 'Microsoft.VSTS.TCM.ReproSteps', 'Microsoft.VSTS.TCM.SystemInfo', 'Microsoft.VSTS.Common.AcceptanceCriteria', 'Microsoft.VSTS.Common.Severity'],
  Task: [...COMMON_FIELDS, 'System.Description', 'Microsoft.VSTS.Common.Activity', 'Microsoft.VSTS.Scheduling.RemainingWork'],
};

export const AGILE_STATES = [
  { name: 'New', category: 'Proposed', color: 'b2b2b2' },
  { name: 'Active', category: 'InProgress', color: '007acc' },
  { name: 'Resolved', category: 'Resolved', color: 'ff9d00' },
  { name: 'Closed', category: 'Completed', color: '339933' },
  { name: 'Removed', category: 'Removed', color: 'ffffff' },
];

let guidCounter = 0;
/** A deterministic GUID-shaped id. */
export function fakeGuid(prefix = 0): string {
  const n = (++guidCounter + prefix * 1_000_000).toString(16).padStart(12, '0');
  return `0000${(prefix & 0xffff).toString(16).padStart(4, '0')}-0000-4000-8000-${n}`;
}

export function newProject(name: string, teamName = `${name} Team`): FakeProject {
  return {
    id: fakeGuid(1),
    name,
    teams: [{ id: fakeGuid(2), name: teamName, workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], iterations: [] }],
    queries: [],
    items: new Map(),
    types: ['User Story', 'Bug', 'Task'].map((t) => ({ name: t, states: AGILE_STATES, fields: AGILE_FIELDS[t] })),
  };
}

/** The watermark clock shared by every item of a server (the reporting API's order). */
export class Watermarks {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

const DATE_FIELD: Record<string, string> = { Resolved: 'Microsoft.VSTS.Common.ResolvedDate', Closed: 'Microsoft.VSTS.Common.ClosedDate' };

/** Adds a work item with its first revision (state New unless given). */
export function addItem(p: FakeProject, w: Watermarks, id: number, type: string, title: string, createdAt: string, state = 'New'): FakeWorkItem {
  const fields: Record<string, unknown> = {
    'System.Id': id,
    'System.Rev': 1,
    'System.TeamProject': p.name,
    'System.AreaPath': p.name,
    'System.IterationPath': p.name,
    'System.WorkItemType': type,
    'System.Title': title,
    'System.State': state,
    'System.Reason': 'New',
    'System.CreatedDate': createdAt,
    'System.ChangedDate': createdAt,
    'Microsoft.VSTS.Common.StateChangeDate': createdAt,
    'Microsoft.VSTS.Common.Priority': 2,
  };
  const item: FakeWorkItem = { id, revisions: [{ rev: 1, watermark: w.take(), fields }] };
  p.items.set(id, item);
  return item;
}

/** A new revision: `changes` applied; a state change also sets StateChangeDate and Resolved/Closed dates like the Agile process. */
export function reviseItem(item: FakeWorkItem, w: Watermarks, at: string, changes: Record<string, unknown>): FakeRevision {
  const last = item.revisions[item.revisions.length - 1];
  const fields: Record<string, unknown> = { ...last.fields, ...changes, 'System.Rev': last.rev + 1, 'System.ChangedDate': at };
  const state = changes['System.State'];
  if (typeof state === 'string' && state !== last.fields['System.State']) {
    fields['Microsoft.VSTS.Common.StateChangeDate'] = at;
    if (DATE_FIELD[state]) fields[DATE_FIELD[state]] = at;
    if (state === 'New' || state === 'Active') {
      delete fields['Microsoft.VSTS.Common.ClosedDate'];
      delete fields['Microsoft.VSTS.Common.ResolvedDate'];
    }
  }
  for (const [k, v] of Object.entries(fields)) if (v === null || v === undefined) delete fields[k];
  const r: FakeRevision = { rev: last.rev + 1, watermark: w.take(), fields };
  item.revisions.push(r);
  return r;
}

export function current(item: FakeWorkItem): Record<string, unknown> {
  return item.revisions[item.revisions.length - 1].fields;
}

/**
 * `count` items over `days` days before `endDay` (epoch day), about `revisionsPerItem` revisions
 * each: New -> Active -> (edits) -> Resolved -> Closed for most, the newest still open. Deterministic.
 */
export function generateItems(p: FakeProject, w: Watermarks, o: { count: number; endDay: number; days?: number; firstId?: number; revisionsPerItem?: number }): void {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const days = o.days ?? 365;
  const revs = o.revisionsPerItem ?? 5;
  const iso = (ms: number) => new Date(ms).toISOString();
  // revisions must carry watermarks in time order: build every event, then apply in time order
  const events: { at: number; id: number; changes?: Record<string, unknown>; create?: { type: string; title: string } }[] = [];
  for (let k = 0; k < o.count; k++) {
    const id = (o.firstId ?? 1) + k;
    const created = (o.endDay - days + (k / o.count) * days) * 86_400_000 + Math.floor(rnd() * 8) * 3_600_000 + 8 * 3_600_000;
    events.push({ at: created, id, create: { type: rnd() < 0.7 ? 'User Story' : 'Bug', title: `Item ${id} ${['login', 'export', 'board', 'sync', 'search'][k % 5]}` } });
    let t = created;
    const step = () => (t += (0.5 + rnd() * 4) * 86_400_000);
    const end = o.endDay * 86_400_000;
    const plan: Record<string, unknown>[] = [{ 'System.State': 'Active' }];
    for (let e = 0; e < revs - 4; e++) plan.push({ 'System.Title': `Item ${id} edited ${e + 1}` });
    plan.push({ 'System.State': 'Resolved' }, { 'System.State': 'Closed' });
    for (const changes of plan) {
      step();
      if (t >= end) break;
      events.push({ at: t, id, changes });
    }
  }
  events.sort((a, b) => a.at - b.at || a.id - b.id);
  for (const e of events) {
    if (e.create) addItem(p, w, e.id, e.create.type, e.create.title, iso(e.at));
    else reviseItem(p.items.get(e.id)!, w, iso(e.at), e.changes!);
  }
}
