// Publishing local items as Azure DevOps work items, and pulling their state back (pure: never
// imports vscode). Publish: one work item per item, of the type the mapping gives, with the fields
// the type has (title, description as HTML, acceptance criteria, repro steps, tags, priority,
// severity) and a marker tag; before creating, the project is searched for the marker tags so an
// earlier publish whose answer was lost is linked instead of created twice. Pull back: each linked
// work item's state, through its state category, gives the local status category.
import MarkdownIt from 'markdown-it';
import '../protocol/zod';
import * as z from 'zod/mini';
import { ITEM_ID_RE, TYPE_KEY_RE, type ExternalLink, type Item, type WorkflowStatus } from '../backlog/model';
import { AdoError } from './errors';
import { BATCH_LIMIT, type AdoClient, type WorkItemTypeStates } from './client';
import { StateCategories, type FlowCategory } from './states';
import type { DoneDateRule } from './settings';

/** Local type key (BUG, FEAT, ...) -> Azure DevOps work item type name. */
export type PublishTypeMap = Record<string, string>;

const ItemId = z.string().check(z.regex(ITEM_ID_RE, 'must be an item ID like FEAT-001'));
/** The type map as a command argument: local type keys to work item type names. */
export const PublishTypeMapSchema = z.record(
  z.string().check(z.regex(TYPE_KEY_RE, 'must be a type key like BUG')),
  z.string().check(z.trim(), z.minLength(1, 'is empty'), z.maxLength(128),
    // eslint-disable-next-line no-control-regex
    z.regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a control character')),
);
/**
 * Arguments of "Publish to Azure DevOps": the items (`ids`, or one `itemId` as a card's context
 * menu gives it) and, optionally, the type mapping for their types (kept for later publishes).
 */
export const PublishArgsSchema = z
  .object({
    itemId: z.optional(ItemId),
    ids: z.optional(z.array(ItemId).check(z.minLength(1, 'is empty'), z.maxLength(500, 'holds more than 500 items'))),
    typeMap: z.optional(PublishTypeMapSchema),
  })
  .check(z.refine((a) => a.itemId !== undefined || a.ids !== undefined, { message: 'give the items to publish (ids)', path: ['ids'] }));

/** "Pull State from Azure DevOps" takes no argument (or an empty object). */
export const PullArgsSchema = z.strictObject({});

/** Raw HTML in item text stays text: the work item shows what the item says, never markup it carried. */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A short stable hash of the backlog (so two backlogs' FEAT-001 never share a marker). */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

/** The tag a published work item carries: which backlog item it came from. */
export function publishMarker(backlogId: string, itemId: string): string {
  return `flowcast:${shortHash(backlogId)}:${itemId}`;
}

/** The Azure DevOps type a local type most likely maps to, among the project's types. */
export function guessWorkItemType(localType: string, available: readonly string[]): string | undefined {
  const has = (n: string) => available.find((a) => a.toLowerCase() === n.toLowerCase());
  const story = has('User Story') ?? has('Product Backlog Item') ?? has('Requirement') ?? has('Issue');
  switch (localType) {
    case 'BUG':
      return has('Bug') ?? has('Issue') ?? story;
    case 'TASK':
    case 'DEBT':
      return has('Task') ?? story;
    default:
      return story ?? has('Task') ?? available[0];
  }
}

const PRIORITY: Record<string, number> = { high: 1, medium: 2, low: 3 };
const SEVERITY: Record<string, string> = { P0: '1 - Critical', P1: '1 - Critical', P2: '2 - High', P3: '3 - Medium', P4: '4 - Low' };
const TITLE_MAX = 255;

function listHtml(tag: 'ul' | 'ol', entries: readonly string[]): string {
  return `<${tag}>${entries.map((e) => `<li>${md.renderInline(e)}</li>`).join('')}</${tag}>`;
}

function section(title: string, body: string): string {
  return `<h3>${escapeHtml(title)}</h3>${body}`;
}

/**
 * The fields of the work item for `item`, limited to those `fields` lists (every field when the
 * server did not say): what a type lacks (a Bug's description, a Task's acceptance criteria) goes
 * into the description or repro steps instead of being refused.
 */
export function workItemFields(item: Item, fields: readonly string[], marker: string): Record<string, string | number> {
  const has = (f: string) => fields.length === 0 || fields.includes(f);
  const out: Record<string, string | number> = {};
  const title = `${item.emoji ? `${item.emoji} ` : ''}${item.title}`.replace(/\s+/g, ' ').trim();
  out['System.Title'] = title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title;
  const parts: string[] = [];
  if (item.description) parts.push(md.render(item.description));
  if (item.userStory) parts.push(`<blockquote>${md.render(item.userStory)}</blockquote>`);
  if (item.specs.length) parts.push(section('Specifications', listHtml('ul', item.specs)));
  if (item.dependencies.length) parts.push(section('Dependencies', listHtml('ul', item.dependencies)));
  if (item.constraints.length) parts.push(section('Constraints', listHtml('ul', item.constraints)));
  const criteria = item.criteria.length ? `<ul>${item.criteria.map((c) => `<li>${c.checked ? '☑' : '☐'} ${md.renderInline(c.text)}</li>`).join('')}</ul>` : '';
  const repro = item.reproSteps.length ? listHtml('ol', item.reproSteps) : '';
  if (criteria) {
    if (has('Microsoft.VSTS.Common.AcceptanceCriteria')) out['Microsoft.VSTS.Common.AcceptanceCriteria'] = criteria;
    else parts.push(section('Acceptance criteria', criteria));
  }
  if (has('System.Description')) {
    if (repro && !has('Microsoft.VSTS.TCM.ReproSteps')) parts.push(section('Steps to reproduce', repro));
    if (parts.length) out['System.Description'] = parts.join('');
    if (repro && has('Microsoft.VSTS.TCM.ReproSteps')) out['Microsoft.VSTS.TCM.ReproSteps'] = repro;
  } else if (has('Microsoft.VSTS.TCM.ReproSteps')) {
    // A Bug of the Agile process has no description: its text leads the repro steps.
    const text = [...parts, repro ? section('Steps to reproduce', repro) : ''].join('');
    if (text) out['Microsoft.VSTS.TCM.ReproSteps'] = text;
  }
  if (has('System.Tags')) out['System.Tags'] = [...item.tags, marker].join('; ');
  if (item.priority && has('Microsoft.VSTS.Common.Priority')) out['Microsoft.VSTS.Common.Priority'] = PRIORITY[item.priority];
  if (item.severity && has('Microsoft.VSTS.Common.Severity')) out['Microsoft.VSTS.Common.Severity'] = SEVERITY[item.severity];
  return out;
}

export interface PublishOutcome {
  /** Items now linked: created now, or found from an earlier publish (`found`). */
  linked: { itemId: string; link: ExternalLink; found: boolean }[];
  /** Items already linked before (never published twice). */
  skipped: { itemId: string; link: ExternalLink }[];
  /** Items that could not be published (the others still are). */
  failed: { itemId: string; message: string }[];
}

export interface PublishOptions {
  client: AdoClient;
  backlogId: string;
  items: readonly Item[];
  typeMap: PublishTypeMap;
  /** The project's types with their fields (AdoClient.typeStates). */
  types: readonly WorkItemTypeStates[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Publishes items one by one. Never creates a duplicate: items already linked are skipped, and
 * items whose marker tag is found in the project are linked to that work item. A failure of one item
 * (a field the server refuses, a lost answer) is reported and the others go on; what was created is
 * always returned so the caller stores every link.
 */
export async function publishItems(o: PublishOptions): Promise<PublishOutcome> {
  const out: PublishOutcome = { linked: [], skipped: [], failed: [] };
  const todo: Item[] = [];
  for (const it of o.items) {
    if (it.external) out.skipped.push({ itemId: it.id, link: it.external });
    else todo.push(it);
  }
  const typeNames = new Map(o.types.map((t) => [t.type.toLowerCase(), t]));
  for (const it of todo) {
    const mapped = o.typeMap[it.type];
    if (!mapped) throw new AdoError('badRequest', `Azure DevOps: no work item type chosen for ${it.type} items; nothing was published`);
    if (!typeNames.has(mapped.toLowerCase())) throw new AdoError('badRequest', `Azure DevOps: the project has no work item type "${mapped}" (chosen for ${it.type}); nothing was published`);
  }
  if (!todo.length) return out;
  const markers = new Map(todo.map((it) => [publishMarker(o.backlogId, it.id), it]));
  const existing = new Map<string, number>();
  for (const w of await o.client.findByTags([...markers.keys()])) {
    for (const t of w.tags) if (markers.has(t) && !existing.has(t)) existing.set(t, w.id);
  }
  let done = 0;
  for (const [marker, it] of markers) {
    if (o.signal?.aborted) break;
    const found = existing.get(marker);
    if (found !== undefined) {
      out.linked.push({ itemId: it.id, link: { system: 'azureDevOps', id: found, url: o.client.workItemUrl(found) }, found: true });
    } else {
      const type = typeNames.get(o.typeMap[it.type].toLowerCase())!;
      try {
        const w = await o.client.createWorkItem(type.type, workItemFields(it, type.fields, marker));
        out.linked.push({ itemId: it.id, link: { system: 'azureDevOps', id: w.id, url: w.url }, found: false });
      } catch (err) {
        out.failed.push({ itemId: it.id, message: err instanceof Error ? err.message : String(err) });
        if (err instanceof AdoError && (err.kind === 'auth' || err.kind === 'cancelled')) break;
      }
    }
    o.onProgress?.(++done, markers.size);
  }
  return out;
}

export interface PulledState {
  itemId: string;
  workItemId: number;
  /** The work item's state as Azure DevOps names it. */
  state: string;
  category: FlowCategory;
  /** The local status to move to; undefined when the item is already in a status of that category (or removed). */
  moveTo?: string;
}

export interface PullOutcome {
  states: PulledState[];
  /** Linked items whose work item the server no longer gives (deleted, or no access). */
  missing: { itemId: string; workItemId: number }[];
}

/**
 * Reads the state of every linked item's work item (200 per request) and maps it to a local status:
 * the first status (board order) of the same category; an item already in a status of that
 * category stays where it is; Removed leaves the item alone (reported).
 */
export async function pullStates(o: { client: AdoClient; items: readonly Item[]; statuses: readonly WorkflowStatus[]; types: readonly WorkItemTypeStates[]; doneDate: DoneDateRule }): Promise<PullOutcome> {
  const linked = o.items.filter((it) => it.external);
  const cats = new StateCategories(o.types.flatMap((t) => t.states.map((s) => ({ type: t.type, state: s.name, category: s.category }))));
  const ordered = [...o.statuses].sort((a, b) => a.position - b.position);
  const categoryOf = new Map(o.statuses.map((s) => [s.key, s.category]));
  const firstOf = (c: FlowCategory) => ordered.find((s) => s.category === c)?.key;
  const byWorkItem = new Map<number, Item[]>();
  for (const it of linked) byWorkItem.set(it.external!.id, [...(byWorkItem.get(it.external!.id) ?? []), it]);
  const ids = [...byWorkItem.keys()];
  const got = new Map<number, { state: string; type: string }>();
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
    for (const w of await o.client.workItemsBatch(ids.slice(i, i + BATCH_LIMIT), ['System.Id', 'System.State', 'System.WorkItemType'])) {
      got.set(w.id, { state: text(w.fields['System.State']), type: text(w.fields['System.WorkItemType']) });
    }
  }
  const out: PullOutcome = { states: [], missing: [] };
  for (const [wid, items] of byWorkItem) {
    const w = got.get(wid);
    for (const it of items) {
      if (!w) {
        out.missing.push({ itemId: it.id, workItemId: wid });
        continue;
      }
      const category = cats.category(w.type, w.state, o.doneDate);
      const here = categoryOf.get(it.status);
      const moveTo = category === 'removed' || here === category ? undefined : firstOf(category);
      out.states.push({ itemId: it.id, workItemId: wid, state: w.state, category, moveTo });
    }
  }
  return out;
}
