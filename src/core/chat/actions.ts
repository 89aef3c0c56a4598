// Proposed actions: changes the chat's model suggests (create items, change fields or status, add
// relations, archive, reorder) in a fenced `flowcast-actions` JSON block of its answer. They are
// parsed with zod, previewed (a dry run rolled back: the preview says exactly what would change or
// why it is refused: unknown ID, cycle…), and applied together only when the user clicks Apply,
// as ONE undo step, all or nothing.
import '../protocol/zod';
import * as z from 'zod/mini';
import type { BacklogRepository } from '../backlog/repository';
import type { BacklogService } from '../backlog/service';
import { ItemPatchInputSchema, MoveTargetSchema, NewItemInputSchema, validateArg } from '../protocol/api';
import { errorMessage } from '../util/errors';
import { AgentFieldsSchema, AgentItemIdSchema, AgentRelationSchema, AgentStatusSchema, describePatch, type FieldChange, toPatch } from './fields';

/** At most this many actions in one answer. */
export const MAX_ACTIONS = 25;

export const ProposedActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('create'),
    fields: z.extend(AgentFieldsSchema, { title: z.string().check(z.minLength(1), z.maxLength(300)) }),
    status: z.optional(AgentStatusSchema),
    relations: z.optional(z.array(z.strictObject({ kind: AgentRelationSchema, to: AgentItemIdSchema })).check(z.maxLength(20))),
  }),
  z.strictObject({ kind: z.literal('update'), id: AgentItemIdSchema, fields: AgentFieldsSchema }),
  z.strictObject({ kind: z.literal('status'), id: AgentItemIdSchema, status: AgentStatusSchema }),
  z.strictObject({ kind: z.literal('relate'), from: AgentItemIdSchema, relation: AgentRelationSchema, to: AgentItemIdSchema }),
  z.strictObject({ kind: z.literal('archive'), ids: z.array(AgentItemIdSchema).check(z.minLength(1), z.maxLength(100)) }),
  z.strictObject({
    kind: z.literal('reorder'),
    id: AgentItemIdSchema,
    before: z.optional(AgentItemIdSchema),
    after: z.optional(AgentItemIdSchema),
    position: z.optional(z.enum(['top', 'bottom'])),
  }),
]);
export type ProposedAction = z.infer<typeof ProposedActionSchema>;

export const ActionsBlockSchema = z.strictObject({ actions: z.array(ProposedActionSchema).check(z.maxLength(MAX_ACTIONS)) });

export interface ActionPreview {
  /** One line: "Create TASK “Write the tests”", "BUG-3: status todo → done". */
  summary: string;
  changes: FieldChange[];
  /** Items it touches (existing ones; new items have no ID yet). */
  itemIds: string[];
  /** Why it cannot be applied (unknown ID, cycle, unknown status…); undefined when it can. */
  refusal?: string;
}

export type ActionStatus = 'proposed' | 'applied' | 'refused';

/** An action as kept with its message: what was proposed and what became of it. */
export interface ActionState {
  action: ProposedAction;
  preview: ActionPreview;
  status: ActionStatus;
  /** Why it was refused, when it was. */
  reason?: string;
  /** IDs of the items it created or changed, once applied. */
  appliedIds?: string[];
}

/** Text the system prompt gives the model so it proposes changes in the expected form. */
export const ACTIONS_INSTRUCTIONS = [
  'You never change the backlog yourself. When the user asks for changes, describe them briefly, then end your answer with ONE fenced block:',
  '```flowcast-actions',
  '{"actions": [ ... ]}',
  '```',
  'Each action is one of:',
  '{"kind":"create","fields":{"title":"…","type":"TASK","description":"…","priority":"high|medium|low","effort":"XS|S|M|L|XL","tags":["…"],"criteria":["…"]},"status":"<status key>","relations":[{"kind":"blocks|blocked-by|relates|duplicates","to":"<ID>"}]}',
  '{"kind":"update","id":"<ID>","fields":{ the fields to change }}',
  '{"kind":"status","id":"<ID>","status":"<status key>"}',
  '{"kind":"relate","from":"<ID>","relation":"blocks|blocked-by|relates|duplicates","to":"<ID>"}',
  '{"kind":"archive","ids":["<ID>"]}',
  '{"kind":"reorder","id":"<ID>","before":"<ID>"} (or "after":"<ID>", or "position":"top|bottom")',
  'Use only IDs and status keys that exist. The user reviews the actions and applies them; nothing changes before that.',
].join('\n');

const BLOCK_RE = /```flowcast-actions\s*\n([\s\S]*?)(?:```|$)/;

/**
 * Splits an answer into its prose and its proposed actions. A block that is not valid JSON or does
 * not match the schema yields no actions and an `invalid` reason (the prose is still shown).
 */
export function extractActions(text: string): { text: string; actions: ProposedAction[]; invalid?: string } {
  const m = BLOCK_RE.exec(text);
  if (!m) return { text, actions: [] };
  const prose = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  let raw: unknown;
  try {
    raw = JSON.parse(m[1].trim());
  } catch (e) {
    return { text: prose, actions: [], invalid: `the proposed actions are not valid JSON (${errorMessage(e)})` };
  }
  if (Array.isArray(raw)) raw = { actions: raw };
  const r = z.safeParse(ActionsBlockSchema, raw);
  if (!r.success) {
    const first = r.error.issues[0];
    return { text: prose, actions: [], invalid: `the proposed actions do not match the expected form (${first?.path.map(String).join('.') || 'actions'}: ${first?.message ?? 'invalid'})` };
  }
  return { text: prose, actions: r.data.actions };
}

/** The prose of a partial (streaming) answer: the actions block, even unfinished, is hidden. */
export function visibleText(partial: string): string {
  const i = partial.indexOf('```flowcast-actions');
  return i < 0 ? partial : partial.slice(0, i).trimEnd();
}

function quote(s: string): string {
  return `“${s.length > 80 ? `${s.slice(0, 79)}…` : s}”`;
}

/** Applies one action to the repository (inside a change); returns the IDs it created or touched. */
function applyOne(repo: BacklogRepository, a: ProposedAction): string[] {
  switch (a.kind) {
    case 'create': {
      const input = validateArg(NewItemInputSchema, { ...toPatch(a.fields), ...(a.status ? { status: a.status } : {}) }, 'fields');
      const item = repo.createItem(input, { position: 'bottom', relations: (a.relations ?? []).map((r) => ({ kind: r.kind, other: r.to })) });
      return [item.id, ...(a.relations ?? []).map((r) => r.to)];
    }
    case 'update':
      repo.updateItem(a.id, validateArg(ItemPatchInputSchema, toPatch(a.fields), 'fields'));
      return [a.id];
    case 'status':
      repo.moveItem(a.id, validateArg(MoveTargetSchema, { status: a.status, position: 'bottom' }, 'status'));
      return [a.id];
    case 'relate':
      repo.addRelation(a.from, a.relation, a.to);
      return [a.from, a.to];
    case 'archive':
      for (const id of a.ids) repo.requireItem(id);
      repo.archiveItems(a.ids);
      return a.ids;
    case 'reorder': {
      const target = a.before ? { before: a.before } : a.after ? { after: a.after } : { position: a.position ?? 'top' };
      repo.moveItem(a.id, validateArg(MoveTargetSchema, target, 'target'));
      return [a.id];
    }
  }
}

class DryRun extends Error {}

/** Runs `fn` in a transaction that is always rolled back: nothing it does is kept. */
function dryRun(repo: BacklogRepository, fn: () => void): void {
  try {
    repo.db.write(() => {
      fn();
      throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
}

function describe(repo: BacklogRepository, a: ProposedAction): Omit<ActionPreview, 'refusal'> {
  switch (a.kind) {
    case 'create': {
      const patch = toPatch(a.fields);
      const rel = (a.relations ?? []).map((r) => `${r.kind} ${r.to}`).join(', ');
      return {
        summary: `Create ${(patch.type ?? 'TASK').toUpperCase()} ${quote(a.fields.title)}${a.status ? ` in ${a.status}` : ''}${rel ? ` (${rel})` : ''}`,
        changes: describePatch(undefined, patch),
        itemIds: (a.relations ?? []).map((r) => r.to),
      };
    }
    case 'update': {
      const item = repo.getItem(a.id);
      const changes = describePatch(item, toPatch(a.fields));
      return { summary: `${a.id}: change ${changes.map((c) => c.field).join(', ') || 'nothing'}`, changes, itemIds: [a.id] };
    }
    case 'status': {
      const before = repo.getItem(a.id)?.status ?? '—';
      return { summary: `${a.id}: status ${before} → ${a.status}`, changes: [{ field: 'status', before, after: a.status }], itemIds: [a.id] };
    }
    case 'relate':
      return { summary: `${a.from} ${a.relation} ${a.to}`, changes: [], itemIds: [a.from, a.to] };
    case 'archive':
      return { summary: `Archive ${a.ids.join(', ')}`, changes: [], itemIds: a.ids };
    case 'reorder':
      return { summary: `Move ${a.id} ${a.before ? `before ${a.before}` : a.after ? `after ${a.after}` : `to the ${a.position ?? 'top'}`}`, changes: [], itemIds: [a.id] };
  }
}

/** What each action would do, and why one cannot be applied (checked by a rolled-back dry run). */
export function previewActions(repo: BacklogRepository, actions: readonly ProposedAction[]): ActionPreview[] {
  return actions.map((a) => {
    const base = describe(repo, a);
    let refusal: string | undefined;
    try {
      dryRun(repo, () => void repo.change('preview', () => applyOne(repo, a)));
    } catch (e) {
      refusal = errorMessage(e);
    }
    return refusal ? { ...base, refusal } : base;
  });
}

export type ApplyOutcome = { ok: true; itemIds: string[]; created: string[] } | { ok: false; index: number; reason: string };

/**
 * Applies actions together: ONE undo step named `label`, all or nothing. A failing action (an
 * unknown ID, a cycle…) rolls everything back and is reported with its index and reason.
 */
export async function applyActions(service: BacklogService, actions: readonly ProposedAction[], label: string, backlogId?: string): Promise<ApplyOutcome> {
  let failedAt = 0;
  const created: string[] = [];
  try {
    const touched = await service.workflow(
      (repo) =>
        repo.change(label, () => {
          const ids: string[] = [];
          actions.forEach((a, i) => {
            failedAt = i;
            const one = applyOne(repo, a);
            if (a.kind === 'create') created.push(one[0]);
            ids.push(...one);
          });
          return ids;
        }),
      backlogId,
    );
    return { ok: true, itemIds: [...new Set(touched)], created };
  } catch (e) {
    return { ok: false, index: failedAt, reason: errorMessage(e) };
  }
}
