// What the AI must answer, as zod schemas (turned into JSON Schema for structured output and
// used to validate every answer), and the lenient normalisation applied before validation.
import * as z from 'zod/mini';
import { EFFORTS, PRIORITIES, SEVERITIES } from '../backlog/model';

const Str = (max: number) => z.string().check(z.maxLength(max));
const Lines = (maxItems: number, maxLen = 2000) => z.array(Str(maxLen)).check(z.maxLength(maxItems));

/** One item as the AI writes it (locale-neutral enum keys; text in the output language). */
export const AiItemSchema = z.object({
  title: z.string().check(z.minLength(3), z.maxLength(120)),
  emoji: Str(16),
  type: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'must be one of the listed type keys')),
  priority: z.nullable(z.enum(PRIORITIES)),
  severity: z.nullable(z.enum(SEVERITIES)),
  effort: z.nullable(z.enum(EFFORTS)),
  component: Str(200),
  description: Str(20_000),
  userStory: Str(5000),
  specs: Lines(20),
  reproSteps: Lines(30),
  acceptanceCriteria: Lines(12),
  dependencies: Lines(20),
  constraints: Lines(20),
  tags: Lines(10, 50),
});
export type AiItem = z.infer<typeof AiItemSchema>;

export const ClarifySchema = z.object({
  /** Empty when the description is clear enough (then `recap` says what will be generated). */
  questions: z.array(z.string().check(z.minLength(3), z.maxLength(300))).check(z.maxLength(3)),
  recap: Str(2000),
});
export type ClarifyAnswer = z.infer<typeof ClarifySchema>;

export const RefineSchema = z.object({
  changes: z.partial(AiItemSchema),
  summary: Str(2000),
});
export type RefineAnswer = z.infer<typeof RefineSchema>;

export const ExtractSchema = z.object({
  items: z.array(z.extend(AiItemSchema, { source: Str(2000) })).check(z.maxLength(100)),
});
export type ExtractAnswer = z.infer<typeof ExtractSchema>;

export const RELATION_SUGGESTION_KINDS = ['duplicates', 'blocks', 'blocked-by', 'relates'] as const;
export const RelationsSchema = z.object({
  suggestions: z
    .array(
      z.object({
        id: z.string().check(z.maxLength(40)),
        kind: z.enum(RELATION_SUGGESTION_KINDS),
        confidence: z.number().check(z.gte(0), z.lte(1)),
        reason: Str(500),
      }),
    )
    .check(z.maxLength(20)),
});
export type RelationsAnswer = z.infer<typeof RelationsSchema>;

export const AnalysisSchema = z.object({
  items: z.array(
    z.object({
      id: z.string().check(z.maxLength(40)),
      score: z.int().check(z.gte(0), z.lte(100)),
      factors: z.array(z.object({ name: Str(80), effect: z.enum(['raises', 'lowers']), note: Str(300) })).check(z.maxLength(6)),
      rationale: Str(1000),
    }),
  ),
  groups: z.array(z.object({ name: Str(120), itemIds: z.array(Str(40)).check(z.maxLength(200)), reason: Str(500) })).check(z.maxLength(20)),
  blockingBugs: z.array(z.object({ id: Str(40), reason: Str(500) })).check(z.maxLength(50)),
  insights: z.array(Str(500)).check(z.maxLength(10)),
});
export type AnalysisAnswer = z.infer<typeof AnalysisSchema>;

// ---- normalisation: forgiving about casing, missing lists and empty strings, never about shape ----

const LIST_KEYS = ['specs', 'reproSteps', 'acceptanceCriteria', 'dependencies', 'constraints', 'tags'];
const TEXT_KEYS = ['emoji', 'component', 'description', 'userStory'];

function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? (v as unknown[]) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normEnum(v: unknown, values: readonly string[], upper: boolean): unknown {
  if (v === undefined || v === null || v === '' || (typeof v === 'string' && /^(none|null|n\/a)$/i.test(v))) return null;
  if (typeof v !== 'string') return v;
  const s = upper ? v.trim().toUpperCase() : v.trim().toLowerCase();
  const hit = values.find((x) => s === x || s.startsWith(`${x} `) || s.startsWith(`${x}-`) || s.startsWith(`${x} (`));
  return hit ?? v;
}

/** Fills what a model commonly leaves out and fixes enum casing. `partial` keeps absent keys absent. */
export function normaliseAiItem(v: unknown, partial = false): unknown {
  if (!isRecord(v)) return v;
  const o: Record<string, unknown> = { ...v };
  if (o.criteria !== undefined && o.acceptanceCriteria === undefined) {
    o.acceptanceCriteria = o.criteria;
    delete o.criteria;
  }
  for (const k of LIST_KEYS) {
    if (o[k] === undefined || o[k] === null) {
      if (!partial) o[k] = [];
    } else if (typeof o[k] === 'string') o[k] = (o[k]).split('\n').map((s) => s.replace(/^\s*(?:[-*]|\d+[.)])\s*/, '').trim()).filter(Boolean);
    else if (Array.isArray(o[k])) o[k] = (o[k] as unknown[]).map((x) => (isRecord(x) && typeof x.text === 'string' ? x.text : x));
  }
  for (const k of TEXT_KEYS) if ((o[k] === undefined && !partial) || o[k] === null) o[k] = '';
  for (const [k, values, upper] of [
    ['priority', PRIORITIES, false],
    ['severity', SEVERITIES, true],
    ['effort', EFFORTS, true],
  ] as const) {
    if (k in o || !partial) o[k] = normEnum(o[k], values, upper);
  }
  if (typeof o.type === 'string') o.type = o.type.trim().toUpperCase();
  else if (!partial && o.type === undefined) o.type = 'TASK';
  if (typeof o.title === 'string') o.title = o.title.trim();
  return o;
}

export function normaliseExtract(v: unknown): unknown {
  if (Array.isArray(v)) v = { items: v };
  if (!isRecord(v) || !Array.isArray(v.items)) return v;
  return { ...v, items: v.items.map((i) => {
    const n = normaliseAiItem(i);
    return isRecord(n) && n.source === undefined ? { ...n, source: '' } : n;
  }) };
}

export function normaliseRefine(v: unknown): unknown {
  if (!isRecord(v)) return v;
  return { summary: typeof v.summary === 'string' ? v.summary : '', changes: normaliseAiItem(isRecord(v.changes) ? v.changes : {}, true) };
}

export function normaliseClarify(v: unknown): unknown {
  if (!isRecord(v)) return v;
  // Models sometimes ask more than allowed: keep the first three rather than failing the turn.
  const questions = asArray(v.questions) ? (v.questions as unknown[]).map((q) => (typeof q === 'string' ? q.trim() : q)).filter((q) => q !== '').slice(0, 3) : [];
  return { questions, recap: typeof v.recap === 'string' ? v.recap : '' };
}

export function normaliseRelations(v: unknown): unknown {
  if (Array.isArray(v)) v = { suggestions: v };
  if (!isRecord(v) || !Array.isArray(v.suggestions)) return v;
  return {
    suggestions: (v.suggestions as unknown[]).map((s) => (isRecord(s) ? { ...s, id: typeof s.id === 'string' ? s.id.trim().toUpperCase() : s.id, reason: s.reason ?? '', kind: typeof s.kind === 'string' ? s.kind.toLowerCase().replace(/[ _]/g, '-') : s.kind } : s)),
  };
}

export function normaliseAnalysis(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const items = asArray(v.items) ? (v.items as unknown[]).map((i) => (isRecord(i) ? { ...i, factors: Array.isArray(i.factors) ? i.factors : [], rationale: i.rationale ?? '', score: typeof i.score === 'number' ? Math.round(i.score) : i.score } : i)) : v.items;
  return { items, groups: v.groups ?? [], blockingBugs: v.blockingBugs ?? [], insights: v.insights ?? [] };
}
