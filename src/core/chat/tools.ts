// The backlog tools shared by VS Code's language model tools and the MCP server: one definition
// per tool (name, description, zod input, read-only or not, confirmation text, implementation
// against BacklogService). Replies are small by default (asked-for fields, a capped count with the
// total); errors come back as results, never thrown at the agent; every change is one undo step
// and is recorded in the agent log (who, when, what).
import '../protocol/zod';
import * as z from 'zod/mini';
import type { Item } from '../backlog/model';
import type { BacklogRepository } from '../backlog/repository';
import type { BacklogService } from '../backlog/service';
import { jsonSchemaOf } from '../ai/structured';
import { searchItems } from '../search';
import { errorMessage } from '../util/errors';
import { recordAgentChange } from './agentLog';
import { AgentFieldsSchema, AgentItemIdSchema, AgentRelationSchema, AgentStatusSchema, AgentTypeSchema, describePatch, toPatch } from './fields';

export type ForecastQuestion = { kind: 'when'; remaining: number } | { kind: 'howMany'; targetDate: string };

export interface ToolContext {
  service: BacklogService;
  /** Who calls, for the agent log: "VS Code agent", "MCP client"… */
  agent: string;
  /** The forecasting engine's sentences (absent while forecasting is not available). */
  forecast?: (q: ForecastQuestion) => Promise<{ sentences: string[] }>;
  now?: () => Date;
}

export interface ToolResult {
  ok: boolean;
  /** What the agent reads: trimmed JSON plus one sentence saying what it can do next. */
  text: string;
  data?: unknown;
}

export interface Confirmation {
  title: string;
  /** Markdown listing exactly what will change. */
  message: string;
}

export interface ToolDefinition<I = unknown> {
  name: string;
  /** Short human title ("Create a backlog item"). */
  title: string;
  description: string;
  input: z.ZodMiniType<I>;
  readOnly: boolean;
  /** "Searching the backlog for login…" (read tools) or the confirmation of a change (write tools). */
  progress(input: I): string;
  confirm?(ctx: ToolContext, input: I): Promise<Confirmation>;
  run(ctx: ToolContext, input: I): Promise<ToolResult>;
}

const LIST_FIELDS = ['id', 'title', 'type', 'status', 'priority', 'severity', 'effort', 'component', 'tags', 'description', 'createdAt', 'updatedAt'] as const;
type ListField = (typeof LIST_FIELDS)[number];
const DEFAULT_FIELDS: ListField[] = ['id', 'title', 'type', 'status'];
export const LIST_DEFAULT_LIMIT = 25;
export const LIST_MAX_LIMIT = 200;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 50;

function ok(data: unknown, next: string): ToolResult {
  return { ok: true, text: `${JSON.stringify(data)}\n${next}`, data };
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function pick(it: Item, fields: readonly ListField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = f === 'description' ? cut(it.description, 500) : it[f];
  return out;
}

async function logChange(ctx: ToolContext, tool: string, summary: string, itemIds: string[]): Promise<void> {
  const { repo } = await ctx.service.repo();
  recordAgentChange(repo.db, { at: (ctx.now?.() ?? new Date()).toISOString(), agent: ctx.agent, tool, summary, itemIds });
}

function bullets(lines: string[]): string {
  return lines.map((l) => `- ${l.replace(/\r?\n/g, ' ')}`).join('\n');
}

const SearchInput = z.strictObject({
  query: z.string().check(z.minLength(1), z.maxLength(2000)),
  limit: z.optional(z.int().check(z.gte(1), z.lte(SEARCH_MAX_LIMIT))),
  includeArchived: z.optional(z.boolean()),
});
const search: ToolDefinition<z.infer<typeof SearchInput>> = {
  name: 'flowcast_search',
  title: 'Search the backlog',
  description: `Full-text search of the active Flowcast backlog (words, "phrases", OR, -word, type:BUG status:todo #tag). Returns the best matches (at most ${SEARCH_DEFAULT_LIMIT} by default) with the total count.`,
  input: SearchInput,
  readOnly: true,
  progress: (i) => `Searching the backlog for ${cut(i.query, 60)}…`,
  async run(ctx, i) {
    const { repo } = await ctx.service.repo();
    const r = searchItems(repo.db, i.query, { limit: i.limit ?? SEARCH_DEFAULT_LIMIT, includeArchived: i.includeArchived });
    const hits = r.hits.map((h) => ({ id: h.id, title: h.title, type: h.type, status: h.status, snippet: cut(h.snippet.map((s) => s.text).join(''), 200) }));
    return ok({ total: r.total, returned: hits.length, hits }, 'Use flowcast_get_item with an id for the whole item.');
  },
};

const GetItemInput = z.strictObject({ id: AgentItemIdSchema });
const getItem: ToolDefinition<z.infer<typeof GetItemInput>> = {
  name: 'flowcast_get_item',
  title: 'Get a backlog item',
  description: 'Every field of one backlog item, with its relations (blocks, blocked by, relates, duplicates).',
  input: GetItemInput,
  readOnly: true,
  progress: (i) => `Reading ${i.id}…`,
  async run(ctx, i) {
    const { repo } = await ctx.service.repo();
    const it = repo.getItem(i.id);
    if (!it) return { ok: false, text: `Error: there is no item ${i.id}. Use flowcast_search to find IDs.` };
    const { rank: _rank, ...rest } = it;
    return ok({ ...rest, description: cut(it.description, 20_000), relations: repo.relationsOf(i.id) }, 'Use flowcast_update_item or flowcast_move_item to change it.');
  },
};

/**
 * One page of items in board order (status position, then rank) and the total, reading only the
 * page's items in full: on 10,000 items this is a narrow id query, not 10,000 whole items.
 */
export function pageItems(repo: BacklogRepository, f: { status?: string[]; type?: string[]; includeArchived?: boolean }, offset: number, limit: number): { total: number; items: Item[] } {
  const where = f.includeArchived ? [] : ['i.archived_at IS NULL'];
  const params: string[] = [];
  for (const [col, values] of [
    ['i.status', f.status],
    ['i.type', f.type],
  ] as const) {
    if (values?.length) {
      where.push(`${col} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    }
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = Number(repo.db.query<{ n: number }>(`SELECT count(*) AS n FROM items i ${cond}`, params)[0]?.n ?? 0);
  const ids = repo.db
    .query<{ id: string }>(`SELECT i.id FROM items i LEFT JOIN statuses s ON s.key = i.status ${cond} ORDER BY coalesce(s.position, 1000), i.status, i.rank LIMIT ? OFFSET ?`, [...params, limit, offset] as (string | number)[])
    .map((r) => r.id);
  return { total, items: ids.length ? repo.listItems({ ids, includeArchived: true }) : [] };
}

const ListInput = z.strictObject({
  status: z.optional(z.array(AgentStatusSchema).check(z.maxLength(50))),
  type: z.optional(z.array(AgentTypeSchema).check(z.maxLength(50))),
  fields: z.optional(z.array(z.enum(LIST_FIELDS)).check(z.minLength(1))),
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIST_MAX_LIMIT))),
  offset: z.optional(z.int().check(z.gte(0))),
  includeArchived: z.optional(z.boolean()),
});
const listItems: ToolDefinition<z.infer<typeof ListInput>> = {
  name: 'flowcast_list_items',
  title: 'List backlog items',
  description: `Items of the active backlog in board order, filtered by status and type keys. Small by default: fields id, title, type, status and at most ${LIST_DEFAULT_LIMIT} items (ask for other fields, a limit up to ${LIST_MAX_LIMIT}, an offset to page); the reply gives the total.`,
  input: ListInput,
  readOnly: true,
  progress: () => 'Listing backlog items…',
  async run(ctx, i) {
    const { repo } = await ctx.service.repo();
    const offset = i.offset ?? 0;
    const { total, items } = pageItems(repo, { status: i.status, type: i.type?.map((t) => t.toUpperCase()), includeArchived: i.includeArchived }, offset, i.limit ?? LIST_DEFAULT_LIMIT);
    const next = offset + items.length < total ? `Pass offset ${offset + items.length} for more.` : 'That is all of them.';
    return ok({ total, offset, returned: items.length, items: items.map((it) => pick(it, i.fields ?? DEFAULT_FIELDS)) }, next);
  },
};

const CreateInput = z.extend(AgentFieldsSchema, {
  title: z.string().check(z.minLength(1), z.maxLength(300)),
  status: z.optional(AgentStatusSchema),
  relations: z.optional(z.array(z.strictObject({ kind: AgentRelationSchema, to: AgentItemIdSchema })).check(z.maxLength(20))),
});
const createItem: ToolDefinition<z.infer<typeof CreateInput>> = {
  name: 'flowcast_create_item',
  title: 'Create a backlog item',
  description: 'Creates one item in the active backlog (title required; type key such as BUG, FEAT, TASK; status key; other fields optional; relations to existing items). One undo step.',
  input: CreateInput,
  readOnly: false,
  progress: (i) => `Creating “${cut(i.title, 60)}”…`,
  async confirm(ctx, i) {
    const { status, relations, ...fields } = i;
    const lines = describePatch(undefined, toPatch(fields)).map((c) => `${c.field}: ${c.after}`);
    if (status) lines.push(`status: ${status}`);
    for (const r of relations ?? []) lines.push(`relation: ${r.kind} ${r.to}`);
    const { id } = await ctx.service.repo();
    return { title: 'Create a backlog item?', message: `Create a ${(i.type ?? 'TASK').toUpperCase()} item in backlog ${id}:\n\n${bullets(lines)}` };
  },
  async run(ctx, i) {
    const { status, relations, ...fields } = i;
    const item = await ctx.service.createItem({ ...toPatch(fields), title: i.title, ...(status ? { status } : {}) }, undefined, { position: 'bottom', relations: relations?.map((r) => ({ kind: r.kind, other: r.to })) });
    await logChange(ctx, this.name, `Created ${item.id} “${cut(item.title, 80)}”`, [item.id, ...(relations ?? []).map((r) => r.to)]);
    return ok({ id: item.id, title: item.title, type: item.type, status: item.status }, `Created ${item.id}. The user can undo it with Flowcast: Undo.`);
  },
};

const UpdateInput = z.strictObject({ id: AgentItemIdSchema, fields: AgentFieldsSchema });
const updateItem: ToolDefinition<z.infer<typeof UpdateInput>> = {
  name: 'flowcast_update_item',
  title: 'Update a backlog item',
  description: 'Changes fields of one item (only the fields given; criteria replace the list). Use flowcast_move_item to change the status. One undo step.',
  input: UpdateInput,
  readOnly: false,
  progress: (i) => `Updating ${i.id}…`,
  async confirm(ctx, i) {
    const item = await ctx.service.getItem(i.id);
    const changes = describePatch(item, toPatch(i.fields));
    const lines = changes.length ? changes.map((c) => `${c.field}: ${c.before} → ${c.after}`) : ['(no field changes)'];
    return { title: `Update ${i.id}?`, message: `Change ${i.id}${item ? ` “${cut(item.title, 80)}”` : ' (not found)'}:\n\n${bullets(lines)}` };
  },
  async run(ctx, i) {
    const before = await ctx.service.getItem(i.id);
    if (!before) return { ok: false, text: `Error: there is no item ${i.id}.` };
    const changes = describePatch(before, toPatch(i.fields));
    const item = await ctx.service.updateItem(i.id, toPatch(i.fields));
    await logChange(ctx, this.name, `Updated ${item.id}: ${changes.map((c) => c.field).join(', ') || 'no change'}`, [item.id]);
    return ok({ id: item.id, changed: changes.map((c) => c.field) }, `Updated ${item.id}.`);
  },
};

const MoveInput = z.strictObject({
  id: AgentItemIdSchema,
  status: z.optional(AgentStatusSchema),
  before: z.optional(AgentItemIdSchema),
  after: z.optional(AgentItemIdSchema),
  position: z.optional(z.enum(['top', 'bottom'])),
});
function moveText(i: z.infer<typeof MoveInput>): string {
  const where = i.before ? `before ${i.before}` : i.after ? `after ${i.after}` : i.position ? `to the ${i.position}` : '';
  return [i.status ? `to status ${i.status}` : '', where].filter(Boolean).join(', ') || 'nowhere (nothing asked)';
}
const moveItem: ToolDefinition<z.infer<typeof MoveInput>> = {
  name: 'flowcast_move_item',
  title: 'Move a backlog item',
  description: 'Changes the status of an item and/or its place in the column (before or after another item, top or bottom). One undo step.',
  input: MoveInput,
  readOnly: false,
  progress: (i) => `Moving ${i.id}…`,
  async confirm(ctx, i) {
    const item = await ctx.service.getItem(i.id);
    return { title: `Move ${i.id}?`, message: `Move ${i.id}${item ? ` “${cut(item.title, 80)}” (now ${item.status})` : ' (not found)'} ${moveText(i)}.` };
  },
  async run(ctx, i) {
    const { id, ...target } = i;
    const item = await ctx.service.moveItem(id, target);
    await logChange(ctx, this.name, `Moved ${id} ${moveText(i)}`, [id]);
    return ok({ id: item.id, status: item.status }, `Moved ${id}.`);
  },
};

const RelationInput = z.strictObject({ from: AgentItemIdSchema, kind: AgentRelationSchema, to: AgentItemIdSchema });
const addRelation: ToolDefinition<z.infer<typeof RelationInput>> = {
  name: 'flowcast_add_relation',
  title: 'Relate two backlog items',
  description: 'Adds a relation: from blocks / blocked-by / relates / duplicates to. A cycle of blocking items is refused. One undo step.',
  input: RelationInput,
  readOnly: false,
  progress: (i) => `Linking ${i.from} ${i.kind} ${i.to}…`,
  async confirm(_ctx, i) {
    return { title: 'Add a relation?', message: `Record that **${i.from}** ${i.kind} **${i.to}**.` };
  },
  async run(ctx, i) {
    await ctx.service.addRelation(i.from, i.kind, i.to);
    await logChange(ctx, this.name, `Linked ${i.from} ${i.kind} ${i.to}`, [i.from, i.to]);
    return ok({ from: i.from, kind: i.kind, to: i.to }, 'Relation added.');
  },
};

const ForecastInput = z.strictObject({
  question: z.enum(['when', 'howMany']),
  type: z.optional(AgentTypeSchema),
  remaining: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
  targetDate: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'))),
});
/** Open (not done, not archived) items of a type, or of every type. */
export async function openCount(service: BacklogService, type?: string): Promise<number> {
  const { repo } = await service.repo();
  const done = new Set(repo.listStatuses().filter((s) => s.category === 'done').map((s) => s.key));
  return repo.listItems(type ? { type: [type.toUpperCase()] } : {}).filter((it) => !done.has(it.status)).length;
}
const forecast: ToolDefinition<z.infer<typeof ForecastInput>> = {
  name: 'flowcast_forecast',
  title: 'Forecast with the backlog history',
  description: 'Monte Carlo forecast from the team\'s throughput (never a guess): "when" = when the open items (of a type, or a given count) will be done; "howMany" = how many items will be done by targetDate. Returns the engine\'s sentences.',
  input: ForecastInput,
  readOnly: true,
  progress: () => 'Forecasting…',
  async run(ctx, i) {
    if (!ctx.forecast) return { ok: false, text: 'Error: forecasting is not available in this host.' };
    if (i.question === 'howMany' && !i.targetDate) return { ok: false, text: 'Error: targetDate (YYYY-MM-DD) is required for howMany.' };
    const q: ForecastQuestion = i.question === 'howMany' ? { kind: 'howMany', targetDate: i.targetDate! } : { kind: 'when', remaining: i.remaining ?? (await openCount(ctx.service, i.type)) };
    if (q.kind === 'when' && q.remaining === 0) return ok({ sentences: ['There is no open item to forecast.'] }, 'Quote the sentences as they are.');
    const r = await ctx.forecast(q);
    return ok({ question: q, sentences: r.sentences }, 'Quote the sentences as they are; do not make up other dates.');
  },
};

export const TOOLS: readonly ToolDefinition<unknown>[] = [search, getItem, listItems, createItem, updateItem, moveItem, addRelation, forecast];

export function findTool(name: string): ToolDefinition<unknown> | undefined {
  return TOOLS.find((t) => t.name === name);
}

/** The tool's input as JSON Schema (package.json languageModelTools, MCP tools/list). */
export function toolJsonSchema(tool: ToolDefinition<unknown>): Record<string, unknown> {
  return jsonSchemaOf(tool.input);
}

/** Validates an input; the error text names the bad fields. */
export function parseToolInput(tool: ToolDefinition<unknown>, raw: unknown): { ok: true; input: unknown } | { ok: false; text: string } {
  const r = z.safeParse(tool.input, raw ?? {});
  if (r.success) return { ok: true, input: r.data };
  const issues = r.error.issues.slice(0, 5).map((x) => `${x.path.map(String).join('.') || '(input)'}: ${x.message}`);
  return { ok: false, text: `Error: invalid input for ${tool.name}: ${issues.join('; ')}.` };
}

/** Runs a tool by name: never throws; a bad input or a refused change is an error result. */
export async function runTool(ctx: ToolContext, name: string, raw: unknown): Promise<ToolResult> {
  const tool = findTool(name);
  if (!tool) return { ok: false, text: `Error: there is no tool ${name}.` };
  const parsed = parseToolInput(tool, raw);
  if (!parsed.ok) return { ok: false, text: parsed.text };
  try {
    return await tool.run(ctx, parsed.input);
  } catch (e) {
    return { ok: false, text: `Error: ${errorMessage(e)}` };
  }
}

/** The confirmation of a write tool (undefined for read tools or an invalid input). */
export async function confirmationFor(ctx: ToolContext, name: string, raw: unknown): Promise<Confirmation | undefined> {
  const tool = findTool(name);
  if (!tool?.confirm) return undefined;
  const parsed = parseToolInput(tool, raw);
  if (!parsed.ok) return undefined;
  try {
    return await tool.confirm(ctx, parsed.input);
  } catch {
    return undefined;
  }
}
