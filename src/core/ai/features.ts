// The ticket-writing AI: prompts and orchestration of each feature on top of askStructured.
// Everything here is provider-neutral and pure (no vscode): adapters pass in the provider, the
// settings, the cancellation signal and the data.
import type { Item, ItemFields } from '../backlog/model';
import { normaliseTag } from '../backlog/repository';
import type { EditableFields } from '../protocol/editor';
import { chunkText } from './context';
import type { PolicyOptions, UsageEvent } from './policy';
import {
  type AiItem,
  AiItemSchema,
  type AnalysisAnswer,
  AnalysisSchema,
  type ClarifyAnswer,
  ClarifySchema,
  ExtractSchema,
  normaliseAiItem,
  normaliseAnalysis,
  normaliseClarify,
  normaliseExtract,
  normaliseRefine,
  normaliseRelations,
  RefineSchema,
  type RelationsAnswer,
  RelationsSchema,
} from './schemas';
import { askStructured } from './structured';
import type { ChatImage, ChatMessage, ChatProvider } from './types';

export interface AiRuntime {
  provider: ChatProvider;
  model: string;
  /** Language name for every human-readable text the AI writes ("English", "French"…). */
  language: string;
  timeoutMs: number;
  onUsage?: (e: UsageEvent) => void;
  onRetry?: PolicyOptions['onRetry'];
  sleep?: PolicyOptions['sleep'];
}

export interface TypeInfo {
  key: string;
  label: string;
}

function policy(rt: AiRuntime, feature: string): PolicyOptions {
  return { timeoutMs: rt.timeoutMs, feature, onUsage: rt.onUsage, onRetry: rt.onRetry, sleep: rt.sleep };
}

const FIELD_RULES = `Fields (JSON keys):
- title: at most 60 characters, starts with a verb in the imperative, specific.
- emoji: one emoji that fits, or "".
- type: one of the type keys listed below.
- priority: "high" | "medium" | "low" | null. severity: "P0".."P4" for bugs (P0 = outage), else null.
- effort: "XS" (<2h) | "S" (2-4h) | "M" (1-2 days) | "L" (3-5 days) | "XL" (1-2 weeks) | null.
- component: the module or area concerned, or "".
- description: Markdown, what and why, concise.
- userStory: "As a <role>, I want <goal> so that <benefit>" ONLY when it carries business value, else "".
- specs: 2-4 technical specifications.
- reproSteps: for bugs, the steps to reproduce; else [].
- acceptanceCriteria: 2-3 for simple items, 4-6 for complex ones; each verifiable; at least one covers an edge case.
- dependencies, constraints: short lines, or [].
- tags: 0-5 short lowercase tags.
Enum values (priority, severity, effort, type) are always these exact keys, whatever the language.`;

function typesLine(types: TypeInfo[]): string {
  return `Type keys: ${types.map((t) => `${t.key} (${t.label})`).join(', ')}.`;
}

function languageLine(rt: AiRuntime): string {
  return `Write every human-readable text (titles, descriptions, questions, reasons) in ${rt.language}.`;
}

function system(rt: AiRuntime, role: string): ChatMessage {
  return { role: 'system', content: `${role}\n${languageLine(rt)}\nAnswer with one JSON object only.` };
}

/** A compact view of an item for prompts (no attachments, links or timestamps). */
export function itemForPrompt(i: Pick<Item, 'id'> & Partial<ItemFields>, long = true): Record<string, unknown> {
  const o: Record<string, unknown> = { id: i.id, type: i.type, title: i.title, status: i.status, priority: i.priority, severity: i.severity, effort: i.effort };
  if (i.component) o.component = i.component;
  if (i.tags?.length) o.tags = i.tags;
  if (long) {
    if (i.description) o.description = i.description.slice(0, 1500);
    if (i.userStory) o.userStory = i.userStory.slice(0, 500);
    if (i.criteria?.length) o.acceptanceCriteria = i.criteria.map((c) => c.text.slice(0, 200));
    if (i.dependencies?.length) o.dependencies = i.dependencies;
  }
  return o;
}

export interface QA {
  question: string;
  /** Empty = skipped. */
  answer: string;
}

function qaText(qa: QA[]): string {
  const answered = qa.filter((x) => x.answer.trim());
  return answered.length ? `\n\nClarifications:\n${answered.map((x) => `Q: ${x.question}\nA: ${x.answer}`).join('\n')}` : '';
}

function contextText(projectContext: string | undefined): string {
  return projectContext?.trim() ? `\n\nProject context:\n${projectContext}` : '';
}

export const MAX_QUESTIONS = 5;
export const QUESTIONS_PER_TURN = 3;

/** Clarifying questions: at most 3 per turn and 5 in all; then (or when clear) a recap. */
export async function clarify(
  rt: AiRuntime,
  input: { description: string; qa: QA[]; projectContext?: string; types: TypeInfo[]; signal?: AbortSignal },
): Promise<ClarifyAnswer> {
  const left = Math.max(0, MAX_QUESTIONS - input.qa.length);
  const ask = Math.min(QUESTIONS_PER_TURN, left);
  const instructions =
    ask > 0
      ? `If the request is ambiguous or lacks information needed for a good ticket, ask at most ${ask} short, specific questions (most important first) in "questions"; otherwise return "questions": []. In "recap", summarise in 1-3 sentences what the ticket will cover so far.`
      : 'Do not ask more questions ("questions": []). In "recap", summarise in 1-3 sentences what the ticket will cover.';
  const { value } = await askStructured(
    rt.provider,
    {
      model: rt.model,
      name: 'clarify',
      schema: ClarifySchema,
      normalise: normaliseClarify,
      temperature: 0.2,
      maxOutputTokens: 800,
      signal: input.signal,
      messages: [
        system(rt, 'You help a developer write a backlog ticket. Keys: "questions" (array of strings), "recap" (string).'),
        { role: 'user', content: `${instructions}\n${typesLine(input.types)}\n\nRequest:\n${input.description}${qaText(input.qa)}${contextText(input.projectContext)}` },
      ],
    },
    policy(rt, 'clarify'),
  );
  return { questions: value.questions.slice(0, ask), recap: value.recap };
}

/** Generates one item from a description (+ clarifications, project context, similar items as examples). */
export async function generateItem(
  rt: AiRuntime,
  input: { description: string; qa?: QA[]; projectContext?: string; examples?: Item[]; types: TypeInfo[]; signal?: AbortSignal; onText?: (delta: string) => void },
): Promise<{ item: AiItem; corrected: boolean }> {
  const examples = input.examples?.length ? `\n\nSimilar existing items (for style and to avoid duplicates):\n${input.examples.map((e) => JSON.stringify(itemForPrompt(e))).join('\n')}` : '';
  const { value, corrected } = await askStructured(
    rt.provider,
    {
      model: rt.model,
      name: 'backlog_item',
      schema: AiItemSchema,
      normalise: (v) => normaliseAiItem(v),
      temperature: 0.3,
      maxOutputTokens: 3000,
      signal: input.signal,
      onText: input.onText,
      messages: [
        system(rt, `You are a senior product engineer who turns requests into clear, actionable backlog tickets.\n${FIELD_RULES}\n${typesLine(input.types)}`),
        { role: 'user', content: `Write the ticket for this request:\n${input.description}${qaText(input.qa ?? [])}${contextText(input.projectContext)}${examples}` },
      ],
    },
    policy(rt, 'generate'),
  );
  return { item: value, corrected };
}

/** Proposes changes to an existing item; only changed fields come back. */
export async function refineItem(
  rt: AiRuntime,
  input: { item: Item; instructions?: string; projectContext?: string; types: TypeInfo[]; signal?: AbortSignal; onText?: (delta: string) => void },
): Promise<{ changes: Partial<AiItem>; summary: string }> {
  const { value } = await askStructured(
    rt.provider,
    {
      model: rt.model,
      name: 'refinement',
      schema: RefineSchema,
      normalise: normaliseRefine,
      temperature: 0.3,
      maxOutputTokens: 3000,
      signal: input.signal,
      onText: input.onText,
      messages: [
        system(rt, `You improve backlog tickets: clearer title, complete and verifiable acceptance criteria, precise specs, sensible priority and effort. Keep what is already good; never invent facts.\n${FIELD_RULES}\n${typesLine(input.types)}\nAnswer {"changes": {only the fields you change, with their full new value}, "summary": "what you changed and why"}.`),
        {
          role: 'user',
          content: `${input.instructions?.trim() ? `Instructions: ${input.instructions.trim()}\n\n` : ''}Ticket:\n${JSON.stringify({ ...itemForPrompt(input.item), emoji: input.item.emoji, specs: input.item.specs, reproSteps: input.item.reproSteps, constraints: input.item.constraints, description: input.item.description, userStory: input.item.userStory })}${contextText(input.projectContext)}`,
        },
      ],
    },
    policy(rt, 'refine'),
  );
  return value;
}

export interface ExtractedItem extends AiItem {
  source: string;
}

export interface ExtractProgress {
  done: number;
  total: number;
  /** Items from the chunk that just finished. */
  items: ExtractedItem[];
}

export const EXTRACT_CHUNK_CHARS = 6000;
export const MAX_EXTRACTED_ITEMS = 100;

/**
 * Bulk extraction: the notes are cut into chunks (nothing dropped), each chunk is one request
 * (two at a time), results arrive per chunk. Images go with the first chunk. Cancelling the signal
 * aborts every request in flight.
 */
export async function extractItems(
  rt: AiRuntime,
  input: { text: string; images?: ChatImage[]; types: TypeInfo[]; signal?: AbortSignal; onProgress?: (p: ExtractProgress) => void; chunkChars?: number; concurrency?: number },
): Promise<{ items: ExtractedItem[]; chunks: number; capped: boolean }> {
  const chunks = input.text.trim() ? chunkText(input.text, input.chunkChars ?? EXTRACT_CHUNK_CHARS) : [''];
  const results: ExtractedItem[][] = chunks.map(() => []);
  let next = 0;
  let done = 0;
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const worker = async () => {
    while (next < chunks.length) {
      const i = next++;
      const { value } = await askStructured(
        rt.provider,
        {
          model: rt.model,
          name: 'extracted_items',
          schema: ExtractSchema,
          normalise: normaliseExtract,
          temperature: 0.2,
          maxOutputTokens: 8000,
          signal: ctrl.signal,
          messages: [
            system(rt, `You turn raw notes (meeting notes, brain dumps, bug lists, screenshots) into backlog tickets. One ticket per distinct actionable task, bug or idea; merge duplicates; skip chit-chat. At most ${MAX_EXTRACTED_ITEMS} tickets. Each ticket also has "source": the exact short excerpt of the notes it comes from.\n${FIELD_RULES}\n${typesLine(input.types)}\nAnswer {"items": [...]}; {"items": []} when there is nothing actionable.`),
            {
              role: 'user',
              content: `${chunks.length > 1 ? `Notes, part ${i + 1} of ${chunks.length}:` : 'Notes:'}\n${chunks[i] || '(see the attached images)'}`,
              images: i === 0 && input.images?.length ? input.images : undefined,
            },
          ],
        },
        policy(rt, 'extract'),
      );
      results[i] = value.items;
      done++;
      input.onProgress?.({ done, total: chunks.length, items: value.items });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(input.concurrency ?? 2, chunks.length) }, async () => {
      try {
        await worker();
      } catch (e) {
        ctrl.abort(); // one failure stops the other requests: the run is all-or-nothing
        throw e;
      }
    }));
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
  }
  const all = results.flat();
  return { items: all.slice(0, MAX_EXTRACTED_ITEMS), chunks: chunks.length, capped: all.length > MAX_EXTRACTED_ITEMS };
}

export interface RelationSuggestion {
  id: string;
  kind: RelationsAnswer['suggestions'][number]['kind'];
  confidence: number;
  reason: string;
}

export const MIN_RELATION_CONFIDENCE = 0.5;

/** Duplicate / dependency suggestions among FTS-preselected candidates; only their IDs survive. */
export async function suggestRelations(
  rt: AiRuntime,
  input: { item: { id?: string } & Partial<ItemFields>; candidates: Item[]; signal?: AbortSignal },
): Promise<RelationSuggestion[]> {
  const known = new Map(input.candidates.filter((c) => c.id !== input.item.id).map((c) => [c.id, c]));
  if (!known.size) return [];
  const { value } = await askStructured(
    rt.provider,
    {
      model: rt.model,
      name: 'relation_suggestions',
      schema: RelationsSchema,
      normalise: normaliseRelations,
      temperature: 0,
      maxOutputTokens: 1500,
      signal: input.signal,
      messages: [
        system(
          rt,
          'You find relations between a backlog ticket and existing tickets. Kinds: "duplicates" (the same work), "blocked-by" (the ticket needs the other done first), "blocks" (the other needs this one first), "relates" (closely connected). Only use IDs from the candidate list; give a confidence 0..1 and a one-sentence reason. Answer {"suggestions": [...]}, [] when nothing is clearly related.',
        ),
        { role: 'user', content: `Ticket:\n${JSON.stringify(itemForPrompt({ id: input.item.id ?? 'NEW', ...input.item }))}\n\nCandidates:\n${[...known.values()].map((c) => JSON.stringify(itemForPrompt(c))).join('\n')}` },
      ],
    },
    policy(rt, 'relations'),
  );
  const seen = new Set<string>();
  return value.suggestions
    .filter((s) => known.has(s.id) && s.confidence >= MIN_RELATION_CONFIDENCE && !seen.has(`${s.id}`) && seen.add(s.id))
    .sort((a, b) => b.confidence - a.confidence);
}

export interface ItemScore {
  itemId: string;
  score: number;
  factors: AnalysisAnswer['items'][number]['factors'];
  rationale: string;
}

export interface AnalysisResult {
  scores: ItemScore[];
  groups: AnalysisAnswer['groups'];
  blockingBugs: AnalysisAnswer['blockingBugs'];
  insights: string[];
  /** Items the AI did not score (left for the next run). */
  missing: string[];
}

export const ANALYSIS_BATCH = 25;

/** Scores items in batches; other active items are listed briefly as context. Only known IDs are kept. */
export async function analyseBacklog(
  rt: AiRuntime,
  input: { items: Item[]; context: Item[]; signal?: AbortSignal; onBatch?: (done: number, total: number) => void; batchSize?: number },
): Promise<AnalysisResult> {
  const size = input.batchSize ?? ANALYSIS_BATCH;
  const known = new Set([...input.items, ...input.context].map((i) => i.id));
  const targets = new Set(input.items.map((i) => i.id));
  const out: AnalysisResult = { scores: [], groups: [], blockingBugs: [], insights: [], missing: [] };
  const total = Math.ceil(input.items.length / size);
  const others = input.context.filter((i) => !targets.has(i.id)).slice(0, 150);
  for (let b = 0; b < total; b++) {
    const batch = input.items.slice(b * size, (b + 1) * size);
    const { value } = await askStructured(
      rt.provider,
      {
        model: rt.model,
        name: 'backlog_analysis',
        schema: AnalysisSchema,
        normalise: normaliseAnalysis,
        temperature: 0.2,
        maxOutputTokens: 8000,
        signal: input.signal,
        messages: [
          system(
            rt,
            'You are a pragmatic engineering lead prioritising a backlog. For EVERY item to score give "score" 0-100 (100 = do first) from user impact, urgency/severity, risk, unblocking value and effort, 2-4 "factors" {name, effect: "raises"|"lowers", note} and a one-sentence "rationale". Also: "groups" of items that belong together, in suggested order, with a reason; "blockingBugs": bugs that block other work or users, with a reason; "insights": up to 5 short observations about the backlog. Use only the given IDs.',
          ),
          {
            role: 'user',
            content: `Items to score (${batch.length}):\n${batch.map((i) => JSON.stringify(itemForPrompt(i))).join('\n')}${others.length ? `\n\nOther items (context only, do not score):\n${others.map((i) => JSON.stringify(itemForPrompt(i, false))).join('\n')}` : ''}`,
          },
        ],
      },
      policy(rt, 'analysis'),
    );
    const inBatch = new Set(batch.map((i) => i.id));
    for (const s of value.items) if (inBatch.has(s.id) && !out.scores.some((x) => x.itemId === s.id)) out.scores.push({ itemId: s.id, score: s.score, factors: s.factors, rationale: s.rationale });
    for (const g of value.groups) {
      const ids = g.itemIds.filter((id) => known.has(id));
      if (ids.length) out.groups.push({ ...g, itemIds: ids });
    }
    for (const bb of value.blockingBugs) if (known.has(bb.id) && !out.blockingBugs.some((x) => x.id === bb.id)) out.blockingBugs.push(bb);
    for (const ins of value.insights) if (!out.insights.includes(ins)) out.insights.push(ins);
    input.onBatch?.(b + 1, total);
  }
  out.missing = input.items.filter((i) => !out.scores.some((s) => s.itemId === i.id)).map((i) => i.id);
  return out;
}

/** AI fields -> editor fields. Unknown types fall back to `defaultType` (with a warning). */
export function toEditableFields(ai: Partial<AiItem>, base: EditableFields, typeKeys: string[]): { fields: EditableFields; warnings: string[] } {
  const warnings: string[] = [];
  const f: EditableFields = { ...base };
  if (ai.type !== undefined) {
    if (typeKeys.includes(ai.type)) f.type = ai.type;
    else warnings.push(`unknown type ${ai.type}: kept ${base.type}`);
  }
  if (ai.title !== undefined) f.title = ai.title.slice(0, 200);
  if (ai.emoji !== undefined) f.emoji = [...ai.emoji].slice(0, 4).join('').slice(0, 16);
  if (ai.priority !== undefined) f.priority = ai.priority;
  if (ai.severity !== undefined) f.severity = ai.severity;
  if (ai.effort !== undefined) f.effort = ai.effort;
  if (ai.component !== undefined) f.component = ai.component;
  if (ai.description !== undefined) f.description = ai.description;
  if (ai.userStory !== undefined) f.userStory = ai.userStory;
  if (ai.specs !== undefined) f.specs = ai.specs;
  if (ai.reproSteps !== undefined) f.reproSteps = ai.reproSteps;
  if (ai.acceptanceCriteria !== undefined) f.criteria = ai.acceptanceCriteria.map((text) => ({ text, checked: false }));
  if (ai.dependencies !== undefined) f.dependencies = ai.dependencies;
  if (ai.constraints !== undefined) f.constraints = ai.constraints;
  if (ai.tags !== undefined) f.tags = [...new Set(ai.tags.map(normaliseTag).filter(Boolean))];
  return { fields: f, warnings };
}

/** Only the fields that differ from the current item (a refinement that changes nothing yields {}). */
export function changedFields(current: EditableFields, proposed: EditableFields): Partial<EditableFields> {
  const out: Partial<EditableFields> = {};
  for (const k of Object.keys(proposed) as (keyof EditableFields)[]) {
    if (JSON.stringify(current[k]) !== JSON.stringify(proposed[k])) (out as Record<string, unknown>)[k] = proposed[k];
  }
  return out;
}
