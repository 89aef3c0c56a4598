// The item fields an AI (the chat's proposed actions, agents' tools) may set, as one small zod
// schema the models see as JSON Schema, and their conversion to the backlog's patch shape.
import '../protocol/zod';
import * as z from 'zod/mini';
import type { ItemPatch } from '../backlog/repository';
import { IsoDateSchema } from '../protocol/forecast';
import type { Item } from '../backlog/model';

const Text = (max: number) => z.string().check(z.maxLength(max));

export const AgentItemIdSchema = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}-\d{1,9}$/, 'must be an item ID like BUG-12'));
export const AgentStatusSchema = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a status key like in_progress'));
export const AgentTypeSchema = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, 'must be a type key like BUG'));
export const AgentRelationSchema = z.enum(['blocks', 'blocked-by', 'relates', 'duplicates']);

/** Fields of an item an AI may set (all optional; criteria are plain texts). */
export const AgentFieldsSchema = z.strictObject({
  title: z.optional(z.string().check(z.minLength(1), z.maxLength(300))),
  type: z.optional(AgentTypeSchema),
  description: z.optional(Text(20_000)),
  userStory: z.optional(Text(5000)),
  priority: z.optional(z.nullable(z.enum(['high', 'medium', 'low']))),
  severity: z.optional(z.nullable(z.enum(['P0', 'P1', 'P2', 'P3', 'P4']))),
  effort: z.optional(z.nullable(z.enum(['XS', 'S', 'M', 'L', 'XL']))),
  component: z.optional(Text(200)),
  tags: z.optional(z.array(Text(50)).check(z.maxLength(20))),
  criteria: z.optional(z.array(Text(2000)).check(z.maxLength(30))),
  /** The date the item should be done by (YYYY-MM-DD), or null to clear it. */
  targetDate: z.optional(z.nullable(IsoDateSchema)),
});
export type AgentFields = z.infer<typeof AgentFieldsSchema>;

/** The backlog patch of AgentFields (type upper-cased; criteria unchecked). */
export function toPatch(f: AgentFields): ItemPatch {
  const p: ItemPatch = {};
  if (f.title !== undefined) p.title = f.title;
  if (f.type !== undefined) p.type = f.type.toUpperCase();
  if (f.description !== undefined) p.description = f.description;
  if (f.userStory !== undefined) p.userStory = f.userStory;
  if (f.priority !== undefined) p.priority = f.priority;
  if (f.severity !== undefined) p.severity = f.severity;
  if (f.effort !== undefined) p.effort = f.effort;
  if (f.component !== undefined) p.component = f.component;
  if (f.tags !== undefined) p.tags = f.tags;
  if (f.targetDate !== undefined) p.targetDate = f.targetDate;
  if (f.criteria !== undefined) p.criteria = f.criteria.map((text) => ({ text, checked: false }));
  return p;
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map((x: unknown) => (typeof x === 'object' && x && 'text' in x ? scalar((x).text) : scalar(x))).join(', ') : '—';
  const s = scalar(v).replace(/\s+/g, ' ');
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** What a patch changes on an item (fields whose value differs), as short texts. */
export function describePatch(item: Item | undefined, patch: ItemPatch): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const before = item ? (item as unknown as Record<string, unknown>)[k] : undefined;
    if (item && JSON.stringify(before) === JSON.stringify(v)) continue;
    out.push({ field: k, before: shown(before), after: shown(v) });
  }
  return out;
}
