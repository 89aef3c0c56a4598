import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildProjectContext, chunkText, outputLanguage, safeContextPath, similarityQuery } from '../../src/core/ai/context';
import { validateBaseUrl } from '../../src/core/ai/endpoint';
import { analyseBacklog, changedFields, clarify, extractItems, generateItem, suggestRelations, toEditableFields } from '../../src/core/ai/features';
import { chatWithPolicy, type UsageEvent } from '../../src/core/ai/policy';
import { askStructured, extractJson } from '../../src/core/ai/structured';
import { AiItemSchema, normaliseAiItem } from '../../src/core/ai/schemas';
import { AiError, type ChatProvider, type ChatRequest, type ChatResult } from '../../src/core/ai/types';
import type { Item } from '../../src/core/backlog/model';
import { emptyFields } from '../../src/core/backlog/model';
import type { EditableFields } from '../../src/core/protocol/editor';

type Step = string | ChatResult | AiError | ((req: ChatRequest) => Promise<ChatResult | string> | ChatResult | string);

/** An in-process provider that answers from a script (the SDK adapters are tested against real wire protocols elsewhere). */
function scripted(...steps: Step[]): ChatProvider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    id: 'openai',
    label: 'Scripted',
    requests,
    async chat(req) {
      requests.push(req);
      const step = steps.shift();
      if (step === undefined) throw new Error('script exhausted');
      if (step instanceof AiError) throw step;
      const out: string | ChatResult = typeof step === 'function' ? await step(req) : step;
      const r = typeof out === 'string' ? { text: out } : out;
      if (req.onText) for (const ch of r.text.match(/[\s\S]{1,7}/g) ?? []) req.onText(ch);
      return r;
    },
  };
}

const noSleep = { sleep: async () => undefined };

function item(id: string, over: Partial<Item> = {}): Item {
  return { ...emptyFields(), id, title: `Title of ${id}`, rank: 'a', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archivedAt: null, external: null, ...over };
}

const AI_ITEM = { title: 'Add CSV export to reports', emoji: '📄', type: 'FEAT', priority: 'high', severity: null, effort: 'M', component: 'reports', description: 'Export.', userStory: '', specs: ['a', 'b'], reproSteps: [], acceptanceCriteria: ['c1', 'c2'], dependencies: [], constraints: [], tags: ['Export'] };

function rt(provider: ChatProvider, usage?: UsageEvent[]) {
  return { provider, model: 'm', language: 'French', timeoutMs: 5000, onUsage: (e: UsageEvent) => usage?.push(e), ...noSleep };
}

describe('AI policy: timeouts, cancellation, retries', () => {
  it('retries a 429 after the Retry-After delay and succeeds on the next try', async () => {
    const waits: number[] = [];
    const p = scripted(new AiError('rate', 'limited', { status: 429, retryAfterMs: 1500 }), 'ok');
    const usage: UsageEvent[] = [];
    const r = await chatWithPolicy(p, { model: 'm', messages: [] }, { timeoutMs: 1000, feature: 't', onUsage: (e) => usage.push(e), sleep: async (ms) => void waits.push(ms) });
    assert.equal(r.text, 'ok');
    assert.deepEqual(waits, [1500]);
    assert.deepEqual(usage.map((u) => u.ok), [false, true]);
    assert.equal(usage[0].errorKind, 'rate');
  });

  it('retries 503 with exponential backoff and gives up after 3 tries', async () => {
    const waits: number[] = [];
    const e503 = () => new AiError('server', 'unavailable', { status: 503 });
    const p = scripted(e503(), e503(), e503(), 'never');
    await assert.rejects(chatWithPolicy(p, { model: 'm', messages: [] }, { timeoutMs: 1000, feature: 't', backoffMs: 100, sleep: async (ms) => void waits.push(ms) }), (e: AiError) => e.kind === 'server');
    assert.equal(p.requests.length, 3);
    assert.equal(waits.length, 2);
    assert.ok(waits[0] >= 80 && waits[0] <= 120 && waits[1] >= 160 && waits[1] <= 240, `backoff ${waits.join(', ')}`);
  });

  it('does not retry a 500, a 401 or a 404', async () => {
    for (const e of [new AiError('server', 'boom', { status: 500 }), new AiError('auth', 'bad key', { status: 401 }), new AiError('model', 'no model', { status: 404 })]) {
      const p = scripted(e, 'ok');
      await assert.rejects(chatWithPolicy(p, { model: 'm', messages: [] }, { timeoutMs: 1000, feature: 't', ...noSleep }), (x: AiError) => x.kind === e.kind);
      assert.equal(p.requests.length, 1);
    }
  });

  it('reports the rate limit instead of waiting when Retry-After is longer than the cap', async () => {
    const p = scripted(new AiError('rate', 'limited', { status: 429, retryAfterMs: 120_000 }), 'ok');
    await assert.rejects(chatWithPolicy(p, { model: 'm', messages: [] }, { timeoutMs: 1000, feature: 't', ...noSleep }), (e: AiError) => e.kind === 'rate');
    assert.equal(p.requests.length, 1);
  });

  it('aborts the request and reports a timeout when the provider is slower than the timeout', async () => {
    let aborted = false;
    const p = scripted((req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => ((aborted = true), reject(new AiError('cancelled', 'aborted'))))));
    await assert.rejects(chatWithPolicy(p, { model: 'm', messages: [] }, { timeoutMs: 30, feature: 't' }), (e: AiError) => e.kind === 'timeout' && /30|0 s/.test(e.message));
    assert.ok(aborted, 'the provider saw the abort');
  });

  it('a user cancel aborts the request in flight, is reported as cancelled and is not retried', async () => {
    const ctrl = new AbortController();
    const p = scripted((req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new AiError('network', 'socket closed')))));
    const call = chatWithPolicy(p, { model: 'm', messages: [], signal: ctrl.signal }, { timeoutMs: 5000, feature: 't' });
    setTimeout(() => ctrl.abort(), 10);
    await assert.rejects(call, (e: AiError) => e.kind === 'cancelled');
    assert.equal(p.requests.length, 1);
  });

  it('a cancel during the retry wait stops without another request', async () => {
    const ctrl = new AbortController();
    const p = scripted(new AiError('rate', 'limited', { status: 429, retryAfterMs: 50 }), 'ok');
    const call = chatWithPolicy(p, { model: 'm', messages: [], signal: ctrl.signal }, { timeoutMs: 5000, feature: 't' });
    setTimeout(() => ctrl.abort(), 10);
    await assert.rejects(call, (e: AiError) => e.kind === 'cancelled');
    assert.equal(p.requests.length, 1);
  });
});

describe('AI structured answers', () => {
  it('extracts JSON from code fences, prose around it, and a BOM', () => {
    assert.deepEqual(extractJson('```json\n{"a":1}\n```'), { ok: true, value: { a: 1 } });
    assert.deepEqual(extractJson('Sure! Here it is: {"a":[1,2]} Hope it helps.'), { ok: true, value: { a: [1, 2] } });
    assert.deepEqual(extractJson('\uFEFF [1] '), { ok: true, value: [1] });
    const bad = extractJson('{"a": ');
    assert.equal(bad.ok, false);
  });

  it('asks once for a correction naming the invalid fields, and accepts the corrected answer', async () => {
    const p = scripted(JSON.stringify({ ...AI_ITEM, priority: 'urgent', title: '' }), JSON.stringify(AI_ITEM));
    const r = await askStructured(p, { model: 'm', messages: [{ role: 'user', content: 'x' }], schema: AiItemSchema, name: 'item', normalise: (v) => normaliseAiItem(v) }, { timeoutMs: 1000, feature: 'generate' });
    assert.equal(r.corrected, true);
    assert.equal(r.value.title, AI_ITEM.title);
    const correction = p.requests[1].messages.at(-1)?.content ?? '';
    assert.match(correction, /priority/);
    assert.match(correction, /title/);
    assert.ok(p.requests[0].json?.schema, 'the JSON schema was sent for structured output');
  });

  it('fails with invalid-output listing the fields when the correction is invalid too', async () => {
    const p = scripted('{"title": 5}', 'not json at all');
    await assert.rejects(askStructured(p, { model: 'm', messages: [], schema: AiItemSchema, name: 'item' }, { timeoutMs: 1000, feature: 'generate' }), (e: AiError) => e.kind === 'invalid-output' && e.detail.fields?.includes('title') === true && /title/.test(e.message));
    assert.equal(p.requests.length, 2);
  });

  it('treats an answer cut at the token limit as invalid and asks again', async () => {
    const p = scripted({ text: '{"title": "Add', truncated: true }, () => ({ text: JSON.stringify(AI_ITEM) }));
    const r = await askStructured(p, { model: 'm', messages: [], schema: AiItemSchema, name: 'item', normalise: (v) => normaliseAiItem(v) }, { timeoutMs: 1000, feature: 'generate' });
    assert.equal(r.corrected, true);
    assert.match(p.requests[1].messages.at(-1)?.content ?? '', /cut off/);
  });

  it('normalises enum casing and missing lists before validation', () => {
    const n = normaliseAiItem({ title: 'Fix login', type: 'bug', priority: 'High', severity: 'p1 - critical', effort: 'm (medium)', criteria: ['a'], tags: null }) as Record<string, unknown>;
    assert.equal(n.type, 'BUG');
    assert.equal(n.priority, 'high');
    assert.equal(n.severity, 'P1');
    assert.equal(n.effort, 'M');
    assert.deepEqual(n.acceptanceCriteria, ['a']);
    assert.deepEqual(n.specs, []);
    assert.deepEqual(n.tags, []);
  });
});

describe('AI inputs: context, language, chunks, endpoints', () => {
  it('chunks never lose or reorder a character, and respect the size limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '.', 'é', '😀', 'x'), maxLength: 3000 }), fc.integer({ min: 5, max: 400 }), (text, max) => {
        const chunks = chunkText(text, max);
        assert.equal(chunks.join(''), text);
        for (const c of chunks) assert.ok(c.length <= max, `chunk of ${c.length} > ${max}`);
        for (const c of chunks) assert.ok(!/[\uD800-\uDBFF]$/.test(c), 'a surrogate pair was split');
      }),
      { numRuns: 300 },
    );
  });

  it('prefers paragraph boundaries when chunking', () => {
    const text = `${'a'.repeat(50)}\n\n${'b'.repeat(50)}\n\n${'c'.repeat(50)}`;
    const chunks = chunkText(text, 110);
    assert.equal(chunks[0], `${'a'.repeat(50)}\n\n${'b'.repeat(50)}\n\n`);
  });

  it('project context stays within the budget, keeps the selection first and marks cuts', () => {
    const ctx = buildProjectContext([{ name: 'README.md', text: 'r'.repeat(5000) }, { name: 'AGENTS.md', text: 'a'.repeat(5000) }], { file: 'src/x.ts', text: 'sel' }, 2000);
    assert.ok(ctx.length <= 2200, `context ${ctx.length}`);
    assert.ok(ctx.indexOf('src/x.ts') < ctx.indexOf('README.md'));
    assert.match(ctx, /truncated/);
    assert.match(ctx, /AGENTS\.md/);
  });

  it('context files from settings stay inside the workspace folder', () => {
    assert.equal(safeContextPath('README.md'), 'README.md');
    assert.equal(safeContextPath('./docs/AGENTS.md'), 'docs/AGENTS.md');
    assert.equal(safeContextPath('docs\\guide.md'), 'docs/guide.md');
    for (const bad of ['../secret.txt', 'docs/../../x', '/etc/passwd', 'C:/Users/me/.ssh/id_rsa', '~/../x/..', '', '  ', '.']) assert.equal(safeContextPath(bad), undefined, bad);
  });

  it('output language follows the display language unless set', () => {
    assert.equal(outputLanguage('auto', 'fr'), 'French');
    assert.equal(outputLanguage(undefined, 'fr-ca'), 'French');
    assert.equal(outputLanguage('auto', 'en-us'), 'English');
    assert.equal(outputLanguage('en', 'fr'), 'English');
    assert.equal(outputLanguage('auto', 'xx'), 'English');
  });

  it('similarity query keeps telling words only and never FTS operators', () => {
    const q = similarityQuery('Fix the login "timeout" when the password-reset e-mail (OAuth) fails AND NEAR x');
    assert.match(q, /login/);
    assert.doesNotMatch(q, /\bthe\b|["()*]/);
    assert.equal(similarityQuery('a of the'), '');
  });

  it('accepts https anywhere and http only on this machine; rejects credentials in URLs', () => {
    assert.equal(validateBaseUrl('https://api.example.com/v1').ok, true);
    assert.equal(validateBaseUrl('http://127.0.0.1:11434/v1').ok, true);
    assert.equal(validateBaseUrl('http://localhost:1234/v1').ok, true);
    assert.equal(validateBaseUrl('http://[::1]:8000/v1').ok, true);
    assert.equal(validateBaseUrl('http://192.168.1.20:11434/v1').ok, false);
    assert.equal(validateBaseUrl('https://user:pw@example.com').ok, false);
    assert.equal(validateBaseUrl('ftp://example.com').ok, false);
    assert.equal(validateBaseUrl('not a url').ok, false);
  });
});

describe('AI features (scripted provider)', () => {
  const types = [
    { key: 'BUG', label: 'Bug' },
    { key: 'FEAT', label: 'Feature' },
  ];

  it('generate sends project context, clarifications, examples and the output language, and streams', async () => {
    const p = scripted(JSON.stringify(AI_ITEM));
    let streamed = '';
    const r = await generateItem(rt(p), { description: 'csv export', qa: [{ question: 'Which format?', answer: 'CSV' }], projectContext: 'PROJECT-CTX', examples: [item('FEAT-001', { title: 'Export PDF' })], types, onText: (d) => (streamed += d) });
    assert.equal(r.item.title, AI_ITEM.title);
    const all = p.requests[0].messages.map((m) => m.content).join('\n');
    for (const needle of ['PROJECT-CTX', 'Which format?', 'CSV', 'FEAT-001', 'French', 'BUG (Bug)']) assert.ok(all.includes(needle), `prompt lacks ${needle}`);
    assert.equal(streamed, JSON.stringify(AI_ITEM));
  });

  it('clarify asks at most 3 questions per turn and none after 5', async () => {
    const p = scripted(JSON.stringify({ questions: ['Q one?', 'Q two?', 'Q three?', 'Q four?'], recap: 'r' }), JSON.stringify({ questions: ['Q five?', 'Q six?', 'Q seven?'], recap: 'r2' }));
    const first = await clarify(rt(p), { description: 'd', qa: [], types });
    assert.deepEqual(first.questions, ['Q one?', 'Q two?', 'Q three?']);
    const qa = ['a', 'b', 'c', 'd'].map((x) => ({ question: x, answer: x }));
    const second = await clarify(rt(p), { description: 'd', qa, types });
    assert.deepEqual(second.questions, ['Q five?'], 'only one question left of the 5');
    assert.match(p.requests[1].messages[1].content, /at most 1/);
  });

  it('bulk extraction reads every chunk (two at a time) and reports progress per chunk', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const answer = (req: ChatRequest) =>
      new Promise<string>((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const part = /part (\d+)/.exec(req.messages[1].content)?.[1];
        setTimeout(() => {
          inFlight--;
          resolve(JSON.stringify({ items: [{ ...AI_ITEM, title: `Item from part ${part}`, source: `p${part}` }] }));
        }, 5);
      });
    const p = scripted(answer, answer, answer, answer);
    const text = Array.from({ length: 4 }, (_, i) => `Paragraph ${i} ${'x'.repeat(80)}`).join('\n\n');
    const progress: number[] = [];
    const r = await extractItems(rt(p), { text, types, chunkChars: 100, onProgress: (pr) => progress.push(pr.done) });
    assert.equal(r.chunks, 4);
    assert.equal(r.items.length, 4);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.equal(maxInFlight, 2);
    const sent = p.requests.map((q) => q.messages[1].content.replace(/^Notes, part \d+ of \d+:\n/, '')).sort().join('');
    assert.equal(sent.length, text.length, 'every character of the notes was sent');
  });

  it('cancelling a bulk extraction aborts every request in flight', async () => {
    const ctrl = new AbortController();
    let aborted = 0;
    const hang = (req: ChatRequest) => new Promise<string>((_, reject) => req.signal.addEventListener('abort', () => (aborted++, reject(new AiError('cancelled', 'x')))));
    const p = scripted(hang, hang, hang);
    const run = extractItems(rt(p), { text: 'a'.repeat(250), types, chunkChars: 100, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 20);
    await assert.rejects(run, (e: AiError) => e.kind === 'cancelled');
    assert.equal(aborted, 2);
    assert.equal(p.requests.length, 2, 'no new request after the cancel');
  });

  it('relation suggestions keep only candidate IDs with enough confidence, best first', async () => {
    const p = scripted(
      JSON.stringify({
        suggestions: [
          { id: 'BUG-001', kind: 'duplicates', confidence: 0.9, reason: 'same' },
          { id: 'BUG-999', kind: 'blocks', confidence: 0.99, reason: 'invented' },
          { id: 'FEAT-002', kind: 'blocked by', confidence: 0.6, reason: 'needs it' },
          { id: 'FEAT-003', kind: 'relates', confidence: 0.2, reason: 'weak' },
          { id: 'NEW', kind: 'relates', confidence: 1, reason: 'self' },
        ],
      }),
    );
    const s = await suggestRelations(rt(p), { item: { title: 'Login fails' }, candidates: [item('BUG-001'), item('FEAT-002'), item('FEAT-003')] });
    assert.deepEqual(
      s.map((x) => [x.id, x.kind]),
      [
        ['BUG-001', 'duplicates'],
        ['FEAT-002', 'blocked-by'],
      ],
    );
  });

  it('analysis scores in batches and drops unknown IDs from scores, groups and blocking bugs', async () => {
    const batchAnswer = (req: ChatRequest) => {
      const ids = [...req.messages[1].content.split('Other items')[0].matchAll(/"id":"([A-Z]+-\d+)"/g)].map((m) => m[1]);
      return JSON.stringify({ items: [...ids.map((id, i) => ({ id, score: 50 + i, factors: [{ name: 'impact', effect: 'raises', note: 'n' }], rationale: 'r' })), { id: 'GHOST-1', score: 99, factors: [], rationale: '' }], groups: [{ name: 'g', itemIds: [ids[0], 'GHOST-1'], reason: 'r' }], blockingBugs: [{ id: 'GHOST-2', reason: 'x' }], insights: ['i1'] });
    };
    const items = Array.from({ length: 5 }, (_, i) => item(`BUG-00${i + 1}`));
    const p = scripted(batchAnswer, batchAnswer, batchAnswer);
    const batches: number[] = [];
    const r = await analyseBacklog(rt(p), { items, context: items, batchSize: 2, onBatch: (d) => batches.push(d) });
    assert.deepEqual(batches, [1, 2, 3]);
    assert.equal(r.scores.length, 5);
    assert.ok(r.scores.every((s) => s.itemId.startsWith('BUG-')));
    assert.ok(r.groups.every((g) => !g.itemIds.includes('GHOST-1')));
    assert.equal(r.blockingBugs.length, 0);
    assert.deepEqual(r.insights, ['i1']);
    assert.deepEqual(r.missing, []);
  });

  it('AI fields map onto editor fields; unknown types keep the default and are reported', () => {
    const base: EditableFields = { ...emptyFieldsEditable(), type: 'TASK' };
    const { fields, warnings } = toEditableFields({ ...AI_ITEM, type: 'EPIC' } as never, base, ['TASK', 'FEAT']);
    assert.equal(fields.type, 'TASK');
    assert.match(warnings[0], /EPIC/);
    assert.deepEqual(fields.criteria, [
      { text: 'c1', checked: false },
      { text: 'c2', checked: false },
    ]);
    assert.deepEqual(fields.tags, ['export']);
    assert.deepEqual(Object.keys(changedFields(base, { ...base, title: 'x' })), ['title']);
  });
});

function emptyFieldsEditable(): EditableFields {
  const { attachments: _a, links: _l, ...rest } = emptyFields();
  return rest;
}
