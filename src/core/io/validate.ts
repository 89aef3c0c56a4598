// Validation shared by every importer: one zod schema for a whole PortableItem (also used, partially,
// for JSON items and for the metadata comments of the Markdown formats), default filling, and the
// checks that span several items (unique IDs, relations).
import '../protocol/zod';
import * as z from 'zod/mini';
import { EFFORTS, emptyFields, ITEM_ID_RE, PRIORITIES, RELATION_KINDS, SEVERITIES, TYPE_KEY_RE, type PortableItem } from '../backlog/model';
import { isValidRank, rankBetween } from '../util/rank';
import { isIsoDate } from '../backlog/fieldRules';
import { isAllowedCollectionUrl } from '../ado/settings';

export const STATUS_KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;
export const DEFAULT_NOW = '1970-01-01T00:00:00.000Z';
export const TITLE_MAX = 300;
export const EMOJI_MAX = 16;

/** Field order used by every writer (JSON keys, CSV columns, Markdown fields). */
export const ITEM_KEYS = [
  'id',
  'type',
  'title',
  'emoji',
  'status',
  'severity',
  'priority',
  'effort',
  'component',
  'targetDate',
  'tags',
  'description',
  'userStory',
  'specs',
  'reproSteps',
  'criteria',
  'dependencies',
  'constraints',
  'attachments',
  'links',
  'relations',
  'rank',
  'createdAt',
  'updatedAt',
  'archivedAt',
  'external',
] as const satisfies readonly (keyof PortableItem)[];
export type ItemKey = (typeof ITEM_KEYS)[number];

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An ISO 8601 date-time with a zone (Z or ±hh:mm), checked field by field (Date.parse accepts Feb 30). */
export function isIsoDateTime(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || sec > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const IdSchema = z.string().check(z.regex(ITEM_ID_RE, 'must look like TYPE-123'));
const TypeKeySchema = z.string().check(z.regex(TYPE_KEY_RE, 'must be a type key like BUG (A-Z, 0-9, _; up to 16 characters)'));
/** A target date: a real calendar date `YYYY-MM-DD`. */
export const TargetDateSchema = z.string().check(z.refine(isIsoDate, 'expected a date like 2026-03-31 (YYYY-MM-DD)'));
export const IsoSchema = z.string().check(z.refine(isIsoDateTime, 'expected an ISO date-time like 2026-03-01T10:00:00.000Z'));
/** Attachments live in the backlog's attachments folder: relative, never climbing out (as the repository checks). */
const AttachmentPathSchema = z.string().check(
  z.refine((s) => s !== '', 'path is empty'),
  z.refine((s) => !hasControlChar(s), 'path contains a control character'),
  z.refine((s) => !(/^[\\/]/.test(s) || /^[A-Za-z]:/.test(s)), 'path must be relative, not absolute'),
  z.refine((s) => !s.split(/[\\/]/).includes('..'), 'path must not contain ".."'),
);
const CodeFileSchema = z.string().check(
  z.refine((s) => s !== '', 'file is empty'),
  z.refine((s) => !hasControlChar(s), 'file contains a control character'),
);

/** An attachment as items hold it (relative path inside the backlog's attachments folder). */
export const AttachmentSchema = z.strictObject({ path: AttachmentPathSchema, name: z.string() });
/** The work item an item was published as. */
export const ExternalLinkSchema = z.strictObject({
  system: z.literal('azureDevOps'),
  id: z.int().check(z.gte(1, 'must be a work item number')),
  url: z.string().check(z.maxLength(2000), z.refine(isAllowedCollectionUrl, 'must be an https address of the work item (http only on localhost)')),
});
/** A code link (workspace-relative file, 1-based line). */
export const CodeLinkSchema = z.strictObject({ file: CodeFileSchema, line: z.int().check(z.gte(1, 'line must be 1 or more')) });

const itemShape = {
  id: IdSchema,
  type: TypeKeySchema,
  title: z.string().check(
    z.refine((s) => /\S/.test(s), 'title is empty'),
    z.maxLength(TITLE_MAX, `title is longer than ${TITLE_MAX} characters`),
  ),
  emoji: z.string().check(z.maxLength(EMOJI_MAX, `emoji is longer than ${EMOJI_MAX} characters`)),
  status: z.string().check(z.regex(STATUS_KEY_RE, 'must be a status key like in_progress')),
  severity: z.nullable(z.enum(SEVERITIES)),
  priority: z.nullable(z.enum(PRIORITIES)),
  effort: z.nullable(z.enum(EFFORTS)),
  component: z.string(),
  targetDate: z.nullable(TargetDateSchema),
  tags: z.array(z.string().check(z.minLength(1, 'tag is empty'))).check(z.refine((a) => new Set(a).size === a.length, 'tags must be unique')),
  description: z.string(),
  userStory: z.string(),
  specs: z.array(z.string()),
  reproSteps: z.array(z.string()),
  criteria: z.array(z.strictObject({ text: z.string(), checked: z.boolean() })),
  dependencies: z.array(z.string()),
  constraints: z.array(z.string()),
  attachments: z.array(AttachmentSchema),
  links: z.array(CodeLinkSchema),
  relations: z.array(z.strictObject({ kind: z.enum(RELATION_KINDS), to: IdSchema })),
  rank: z.string().check(z.refine(isValidRank, 'invalid rank key')),
  createdAt: IsoSchema,
  updatedAt: IsoSchema,
  archivedAt: z.nullable(IsoSchema),
  external: z.nullable(ExternalLinkSchema),
};

/** A complete PortableItem. */
export const ItemSchema = z.strictObject(itemShape);

/** Any subset of an item's fields except its ID (Markdown metadata comments). */
export const ItemPatchSchema = z.partial(z.omit(ItemSchema, { id: true }));
export type ItemPatch = z.infer<typeof ItemPatchSchema>;

/** An item as JSON/CSV may give it: id and title required, every other field optional. */
export const LooseItemSchema = z.partial(ItemSchema, {
  type: true,
  emoji: true,
  status: true,
  severity: true,
  priority: true,
  effort: true,
  component: true,
  targetDate: true,
  tags: true,
  description: true,
  userStory: true,
  specs: true,
  reproSteps: true,
  criteria: true,
  dependencies: true,
  constraints: true,
  attachments: true,
  links: true,
  relations: true,
  rank: true,
  createdAt: true,
  updatedAt: true,
  archivedAt: true,
  external: true,
});
export type LooseItem = z.infer<typeof LooseItemSchema>;

export const TypeSchema = z.strictObject({
  key: TypeKeySchema,
  label: z.string(),
  color: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #e5534b'))),
  position: z.optional(z.int()),
  hidden: z.optional(z.boolean()),
});

export interface Issue {
  path: PropertyKey[];
  message: string;
}

/** `items[3].priority` from ['items', 3, 'priority']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** "a: msg; b: msg" for the first few issues. */
export function describeIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = [], max = 3): string {
  const shown = issues.slice(0, max).map((i) => {
    const p = formatPath([...prefix, ...i.path]);
    return p ? `${p}: ${i.message}` : i.message;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more problem${issues.length - max > 1 ? 's' : ''})` : '';
  return shown.join('; ') + more;
}

/** Hands out ranks in file order for items that have none. */
export class RankSequence {
  private last: string | null = null;
  next(): string {
    this.last = rankBetween(this.last, null);
    return this.last;
  }
}

/** The type prefix of an ID (BUG for BUG-001). */
export function idPrefix(id: string): string {
  const m = ITEM_ID_RE.exec(id);
  return m ? m[1] : id.split('-')[0];
}

/** A complete item from a loose one: emptyFields() defaults, type from the ID prefix, given time stamps. */
export function fillItem(loose: LooseItem, now: string, ranks: RankSequence): PortableItem {
  const e = emptyFields();
  return {
    id: loose.id,
    type: loose.type ?? idPrefix(loose.id),
    title: loose.title,
    emoji: loose.emoji ?? e.emoji,
    status: loose.status ?? e.status,
    severity: loose.severity ?? null,
    priority: loose.priority ?? null,
    effort: loose.effort ?? null,
    component: loose.component ?? e.component,
    targetDate: loose.targetDate ?? null,
    tags: loose.tags ?? [],
    description: loose.description ?? e.description,
    userStory: loose.userStory ?? e.userStory,
    specs: loose.specs ?? [],
    reproSteps: loose.reproSteps ?? [],
    criteria: loose.criteria ?? [],
    dependencies: loose.dependencies ?? [],
    constraints: loose.constraints ?? [],
    attachments: loose.attachments ?? [],
    links: loose.links ?? [],
    relations: loose.relations ?? [],
    rank: loose.rank ?? ranks.next(),
    createdAt: loose.createdAt ?? now,
    updatedAt: loose.updatedAt ?? loose.createdAt ?? now,
    archivedAt: loose.archivedAt ?? null,
    external: loose.external ?? null,
  };
}

/** The item with its keys in canonical order (stable JSON, equal objects whatever the input order). */
export function canonicalItem(it: PortableItem): PortableItem {
  return {
    id: it.id,
    type: it.type,
    title: it.title,
    emoji: it.emoji,
    status: it.status,
    severity: it.severity,
    priority: it.priority,
    effort: it.effort,
    component: it.component,
    targetDate: it.targetDate ?? null,
    tags: [...it.tags],
    description: it.description,
    userStory: it.userStory,
    specs: [...it.specs],
    reproSteps: [...it.reproSteps],
    criteria: it.criteria.map((c) => ({ text: c.text, checked: c.checked })),
    dependencies: [...it.dependencies],
    constraints: [...it.constraints],
    attachments: it.attachments.map((a) => ({ path: a.path, name: a.name })),
    links: it.links.map((l) => ({ file: l.file, line: l.line })),
    relations: it.relations.map((r) => ({ kind: r.kind, to: r.to })),
    rank: it.rank,
    createdAt: it.createdAt,
    updatedAt: it.updatedAt,
    archivedAt: it.archivedAt,
    external: it.external ? { system: it.external.system, id: it.external.id, url: it.external.url } : null,
  };
}

/** Structural equality of JSON-like values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameValue(ra[k], rb[k]));
}

export interface CrossCheckProblem {
  index: number;
  message: string;
}

/**
 * Checks that span items: unique IDs, no self or duplicate relations (errors, first one returned);
 * relations to IDs absent from the file (warnings).
 */
export function crossCheck(items: readonly PortableItem[], warnings: string[]): CrossCheckProblem | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const prev = seen.get(items[i].id);
    if (prev !== undefined) return { index: i, message: `duplicate item ID ${items[i].id} (also item ${prev + 1})` };
    seen.set(items[i].id, i);
  }
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const rel = new Set<string>();
    for (const r of it.relations) {
      if (r.to === it.id) return { index: i, message: `${it.id} has a relation to itself` };
      const k = `${r.kind} ${r.to}`;
      if (rel.has(k)) return { index: i, message: `${it.id} lists the relation "${k}" twice` };
      rel.add(k);
      if (!seen.has(r.to)) warnings.push(`${it.id} ${r.kind} ${r.to}, which is not in the file`);
    }
  }
  return null;
}
