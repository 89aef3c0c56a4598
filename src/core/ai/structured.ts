// Structured answers: ask for JSON (with the provider's structured output when it has one),
// extract it even when wrapped in code fences or prose, validate it with zod, and on failure ask
// ONCE more naming the invalid fields. A second failure is a clear 'invalid-output' error.
import * as z from 'zod/mini';
import { chatWithPolicy, type PolicyOptions, type PolicyRequest } from './policy';
import { AiError, type ChatMessage, type ChatProvider, type ChatResult } from './types';

/** Parses the first JSON object or array in `text` (code fences, BOM and surrounding prose ignored). */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let t = text.replace(/^\uFEFF/, '').trim();
  const fence = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(t);
  if (fence) t = fence[1].trim();
  const attempts = [t];
  const start = t.search(/[[{]/);
  if (start > 0 || (start === 0 && !/[\]}]$/.test(t))) {
    const open = t[start];
    const end = t.lastIndexOf(open === '{' ? '}' : ']');
    if (end > start) attempts.push(t.slice(start, end + 1));
  }
  let reason = 'the answer is empty';
  for (const a of attempts) {
    if (!a) continue;
    try {
      return { ok: true, value: JSON.parse(a) };
    } catch (e) {
      reason = `the answer is not valid JSON (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  return { ok: false, reason };
}

/** "field.path: message" lines for the correction prompt and the error. */
export function describeIssues(error: z.core.$ZodError): { fields: string[]; text: string } {
  const fields: string[] = [];
  const lines: string[] = [];
  for (const issue of error.issues.slice(0, 12)) {
    const p = issue.path.map(String).join('.') || '(root)';
    if (!fields.includes(p)) fields.push(p);
    lines.push(`- ${p}: ${issue.message}`);
  }
  return { fields, text: lines.join('\n') };
}

export interface StructuredRequest<T> extends Omit<PolicyRequest, 'json'> {
  schema: z.ZodMiniType<T>;
  /** Schema name for providers' structured output (letters, digits, _ and -). */
  name: string;
  /** Applied to the parsed JSON before validation (lenient casing of enum values and the like). */
  normalise?: (value: unknown) => unknown;
}

export interface StructuredResult<T> {
  value: T;
  result: ChatResult;
  /** True when the first answer was invalid and the correction retry fixed it. */
  corrected: boolean;
}

const schemaCache = new WeakMap<object, Record<string, unknown>>();

export function jsonSchemaOf(schema: z.ZodMiniType): Record<string, unknown> {
  let s = schemaCache.get(schema);
  if (!s) {
    s = z.toJSONSchema(schema, { unrepresentable: 'any' });
    delete s.$schema;
    schemaCache.set(schema, s);
  }
  return s;
}

function check<T>(req: StructuredRequest<T>, result: ChatResult): { ok: true; value: T } | { ok: false; fields: string[]; text: string } {
  if (result.truncated) return { ok: false, fields: [], text: 'The answer was cut off at the output token limit; answer more briefly.' };
  const parsed = extractJson(result.text);
  if (!parsed.ok) return { ok: false, fields: [], text: `Your answer could not be used: ${parsed.reason}.` };
  const checked = z.safeParse(req.schema, req.normalise ? req.normalise(parsed.value) : parsed.value);
  if (checked.success) return { ok: true, value: checked.data };
  const d = describeIssues(checked.error);
  return { ok: false, fields: d.fields, text: `Your answer has invalid fields:\n${d.text}` };
}

export async function askStructured<T>(provider: ChatProvider, req: StructuredRequest<T>, opts: PolicyOptions): Promise<StructuredResult<T>> {
  const { schema: _schema, name, normalise: _n, ...rest } = req;
  const json = { name, schema: jsonSchemaOf(req.schema) };
  const first = await chatWithPolicy(provider, { ...rest, json }, opts);
  const a = check(req, first);
  if (a.ok) return { value: a.value, result: first, corrected: false };
  const messages: ChatMessage[] = [
    ...req.messages,
    { role: 'assistant', content: first.text.slice(0, 20_000) },
    { role: 'user', content: `${a.text}\nReply again with ONLY the corrected JSON object matching the schema, no prose and no code fences.` },
  ];
  // The correction is not streamed: what was shown already stands for this attempt.
  const second = await chatWithPolicy(provider, { ...rest, onText: undefined, messages, json }, { ...opts, feature: `${opts.feature} (correction)` });
  const b = check(req, second);
  if (b.ok) return { value: b.value, result: second, corrected: true };
  const fields = [...new Set([...a.fields, ...b.fields])];
  throw new AiError(
    'invalid-output',
    fields.length
      ? `The AI answer did not match the expected format even after a correction request (invalid: ${fields.join(', ')}). Try again, or choose a more capable model.`
      : `The AI answer could not be used even after a correction request (${b.text.replace(/^Your answer could not be used: /, '').replace(/\.$/, '')}). Try again, or choose a more capable model.`,
    { fields },
  );
}
