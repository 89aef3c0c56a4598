// The AI features end to end in real VS Code: the real openai / groq-sdk / @google/genai clients
// (loaded from the extension's dist/lazy/ai.js) talk to a local fake server that speaks their wire
// protocols, with faults injected. Keys go through SecretStorage only.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ReviewPanelManager, ReviewSession } from '../../../src/ai/reviewPanel';
import type { ItemEditorManager } from '../../../src/editor/itemEditor';
import type { AiService } from '../../../src/ai/aiService';
import type { AiViewProvider } from '../../../src/ai/aiView';
import type { ReviewState } from '../../../src/core/protocol/review';
import { type FakeAiServer, geminiBody, openaiBody, startFakeAiServer } from '../../fakes/aiServer';
import { activate, type TestingApi, waitFor } from '../helpers';

interface AiTesting {
  aiView: AiViewProvider;
  editors: ItemEditorManager;
  ai: AiService;
  reviews: ReviewPanelManager;
}

type Result = { ok: boolean; kind?: string; message?: string; [k: string]: unknown } | undefined;

const KEY = 'sk-test-SECRET-0123456789abcdef';

function aiItem(title: string, over: Record<string, unknown> = {}): string {
  return JSON.stringify({ title, emoji: '✨', type: 'FEAT', priority: 'high', severity: null, effort: 'S', component: 'export', description: `About ${title}`, userStory: '', specs: ['spec one', 'spec two'], reproSteps: [], acceptanceCriteria: ['works', 'handles empty input'], dependencies: [], constraints: [], tags: ['ai'], ...over });
}

async function setAi(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('flowcast.ai');
  for (const [k, v] of Object.entries(values)) await cfg.update(k, v, vscode.ConfigurationTarget.Global);
}

function run(cmd: string, args?: unknown): Promise<Result> {
  return Promise.resolve(vscode.commands.executeCommand<Result>(`flowcast.ai.${cmd}`, args));
}

function allPromptText(server: FakeAiServer): string {
  return server
    .chatRequests()
    .map((r) => JSON.stringify(r.body))
    .join('\n');
}

describe('AI providers and ticket-writing AI (real VS Code, real SDKs, fake servers)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let t: AiTesting;
  let server: FakeAiServer;
  let backlogId: string;
  let home: string | undefined;

  before(async () => {
    api = await activate();
    home = (await api.getActiveBacklog())?.id;
    t = api.__testing as unknown as AiTesting;
    server = await startFakeAiServer({ validKeys: [KEY] });
    backlogId = (await api.createBacklog('AI suite')).id;
    await api.switchBacklog(backlogId);
    await setAi({ provider: 'openai', 'openai.baseUrl': server.openaiBaseUrl, 'groq.baseUrl': server.groqBaseUrl, 'gemini.baseUrl': server.geminiBaseUrl, 'custom.baseUrl': server.openaiBaseUrl, 'openai.model': 'gpt-4o-mini', clarifyingQuestions: false, timeoutSeconds: 5, outputLanguage: 'auto' });
    assert.equal(await run('setApiKey', { provider: 'openai', key: KEY }), true);
  });

  beforeEach(() => server.reset());

  after(async () => {
    for (const s of t.reviews.openSessions()) s.dispose();
    await setAi({ provider: undefined, 'openai.baseUrl': undefined, 'groq.baseUrl': undefined, 'gemini.baseUrl': undefined, 'custom.baseUrl': undefined, 'openai.model': undefined, clarifyingQuestions: undefined, timeoutSeconds: undefined, outputLanguage: undefined });
    await server.close();
    if (home) await api.switchBacklog(home);
  });

  describe('keys and connection', () => {
    it('Set API Key stores the key in SecretStorage only: not in settings files, not in the usage log', async () => {
      assert.equal(await api.__testing.secrets.get('ai.openai'), KEY);
      assert.equal(await t.ai.hasKey('openai'), true);
      const settingsText = JSON.stringify(vscode.workspace.getConfiguration('flowcast'));
      assert.ok(!settingsText.includes(KEY), 'the key is not in any setting');
      await run('testConnection', { provider: 'openai' });
      await t.ai.usage.flush();
      const usageFile = (t.ai.usage as unknown as { file: string }).file;
      assert.ok(!(await fs.readFile(usageFile, 'utf8')).includes(KEY));
    });

    it('the AI view shows only "key configured / not configured" per provider, never the key', async () => {
      const roots = await t.aiView.getChildren();
      const items = await Promise.all(roots.map((n) => t.aiView.getTreeItem(n)));
      const openai = items.find((i) => i.id === 'ai-provider-openai');
      const gemini = items.find((i) => i.id === 'ai-provider-gemini');
      assert.match(String(openai?.description), /key configured/);
      assert.match(String(gemini?.description), /key not configured/);
      const children = await t.aiView.getChildren(roots.find((n) => n.kind === 'provider' && n.id === 'openai'));
      const text = JSON.stringify(await Promise.all([...roots, ...children].map((n) => t.aiView.getTreeItem(n))));
      assert.ok(!text.includes(KEY));
      assert.match(text, /gpt-4o-mini/, 'the model is shown');
    });

    it('Test AI Connection measures latency and sends the key as a Bearer token to the configured endpoint', async () => {
      server.reply('OK');
      const r = await run('testConnection', { provider: 'openai' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.equal(typeof r?.latencyMs, 'number');
      assert.equal(server.lastRequest()?.headers.authorization, `Bearer ${KEY}`);
    });

    for (const [status, kind] of [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'model'],
      [429, 'rate'],
      [500, 'server'],
      [503, 'server'],
    ] as const) {
      it(`Test AI Connection classifies HTTP ${status} as "${kind}" and never shows the key`, async () => {
        server.reply({ fault: 'status', status, retryAfter: status === 429 ? '1' : undefined });
        const r = await run('testConnection', { provider: 'openai' });
        assert.equal(r?.ok, false);
        assert.equal(r?.kind, kind, JSON.stringify(r));
        assert.ok(!String(r?.message).includes(KEY));
      });
    }

    it('Test AI Connection reports a timeout when the server is slower than flowcast.ai.timeoutSeconds', async () => {
      server.reply({ fault: 'slow', delayMs: 7000 });
      const r = await run('testConnection', { provider: 'openai' });
      assert.equal(r?.kind, 'timeout', JSON.stringify(r));
      assert.ok((r?.latencyMs as number) < 6500);
    });

    it('Test AI Connection reports a network error when nothing listens at the endpoint', async () => {
      await setAi({ 'openai.baseUrl': 'http://127.0.0.1:9/v1' });
      try {
        const r = await run('testConnection', { provider: 'openai' });
        assert.equal(r?.kind, 'network', JSON.stringify(r));
      } finally {
        await setAi({ 'openai.baseUrl': server.openaiBaseUrl });
      }
    });

    it('a plain-http endpoint that is not on this machine is refused before any request', async () => {
      await setAi({ 'custom.baseUrl': 'http://203.0.113.9/v1' });
      try {
        const r = await run('testConnection', { provider: 'custom' });
        assert.equal(r?.kind, 'config');
        assert.match(String(r?.message), /https/);
        assert.equal(server.requests.length, 0);
      } finally {
        await setAi({ 'custom.baseUrl': server.openaiBaseUrl });
      }
    });

    it('a local OpenAI-compatible endpoint (Ollama-style) works without any key', async () => {
      server.allowNoKey = true;
      try {
        assert.equal(await t.ai.hasKey('custom'), false);
        server.reply('OK');
        const r = await run('testConnection', { provider: 'custom' });
        assert.equal(r?.ok, true, JSON.stringify(r));
        assert.equal(server.lastRequest()?.headers.authorization ?? '', '', 'no Authorization header was sent');
      } finally {
        server.allowNoKey = false;
      }
    });

    it('Clear API Key removes it from SecretStorage, and a provider without a key says how to set one', async () => {
      assert.equal(await run('setApiKey', { provider: 'groq', key: 'gsk_temporary' }), true);
      assert.equal(await t.ai.hasKey('groq'), true);
      assert.equal(await run('clearApiKey', { provider: 'groq' }), true);
      assert.equal(await t.ai.hasKey('groq'), false);
      const r = await run('testConnection', { provider: 'groq' });
      assert.equal(r?.kind, 'config');
      assert.match(String(r?.message), /Set API Key/);
    });

    it('Choose AI Model stores the model id, and the provider lists its models from the API', async () => {
      assert.equal(await run('selectModel', { provider: 'groq', model: 'llama-3.1-8b-instant' }), 'llama-3.1-8b-instant');
      assert.equal(vscode.workspace.getConfiguration('flowcast.ai').get('groq.model'), 'llama-3.1-8b-instant');
      await setAi({ 'groq.model': undefined });
      const models = await (await t.ai.provider('openai')).listModels?.(new AbortController().signal);
      assert.ok(models?.includes('gpt-4o-mini'), String(models));
    });
  });

  describe('generate item', () => {
    it('fills a draft editor from the AI answer with project context and similar items, and saves nothing', async () => {
      await api.createItem({ title: 'Export invoices as PDF', type: 'FEAT', description: 'PDF export of invoices' });
      const before = (await api.queryItems({})).length;
      server.reply(aiItem('Export invoices as CSV'));
      const r = await run('generateItem', { description: 'Users want invoices export as CSV for accounting' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      const fields = t.editors.getDraftFields(r?.key as string);
      assert.equal(fields?.title, 'Export invoices as CSV');
      assert.deepEqual(fields?.criteria.map((c) => c.text), ['works', 'handles empty input']);
      assert.equal((await api.queryItems({})).length, before, 'nothing saved without the user');
      const prompt = allPromptText(server);
      assert.match(prompt, /Flowcast test workspace/, 'README.md sent as project context');
      assert.match(prompt, /Export invoices as PDF/, 'a similar item sent as an example');
      const body = openaiBody(server.chatRequests()[0]);
      assert.equal(body.response_format?.type, 'json_schema');
      assert.equal(body.stream, true, 'generation streams');
    });

    it('a context file outside the workspace folder is never read or sent, even if settings name it', async () => {
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const outside = path.join(path.dirname(folder), 'outside-secret.md');
      await fs.writeFile(outside, 'TOP-SECRET-OUTSIDE-THE-WORKSPACE');
      await setAi({ contextFiles: ['../outside-secret.md', path.resolve(outside), 'README.md'] });
      try {
        server.reply(aiItem('Context check'));
        const r = await run('generateItem', { description: 'context check' });
        assert.equal(r?.ok, true, JSON.stringify(r));
        const prompt = allPromptText(server);
        assert.ok(!prompt.includes('TOP-SECRET'), 'the outside file was not sent');
        assert.match(prompt, /Flowcast test workspace/, 'the README still is');
      } finally {
        await setAi({ contextFiles: undefined });
        await fs.rm(outside, { force: true });
      }
    });

    it('asks clarifying questions first (at most 3 per turn) and uses the answers', async () => {
      await setAi({ clarifyingQuestions: true });
      try {
        server.reply(JSON.stringify({ questions: ['Which columns?', 'Which date format?', 'Who uses it?', 'Extra?'], recap: 'CSV export' }), aiItem('Export invoices as CSV with dates'));
        const r = await run('generateItem', { description: 'CSV export', answers: ['amount and date', '', 'accountants'] });
        assert.equal(r?.ok, true, JSON.stringify(r));
        assert.deepEqual(r?.questions, ['Which columns?', 'Which date format?', 'Who uses it?']);
        const last = JSON.stringify(server.chatRequests().at(-1)?.body);
        assert.match(last, /amount and date/);
        assert.match(last, /accountants/);
        assert.doesNotMatch(last, /Which date format/, 'a skipped question is not sent as a clarification');
      } finally {
        await setAi({ clarifyingQuestions: false });
      }
    });

    it('retries a 429 honouring Retry-After, then succeeds', async () => {
      server.reply({ fault: 'status', status: 429, retryAfter: '1' }, aiItem('Retry works'));
      const started = Date.now();
      const r = await run('generateItem', { description: 'retry please' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
      assert.equal(server.chatRequests().length, 2);
    });

    it('accepts JSON wrapped in code fences', async () => {
      server.reply({ fault: 'fenced', text: aiItem('Fenced answer') });
      const r = await run('generateItem', { description: 'fenced' });
      assert.equal(t.editors.getDraftFields(r?.key as string)?.title, 'Fenced answer');
    });

    it('asks once for a correction when the answer breaks the schema, naming the invalid field', async () => {
      server.reply(aiItem('Bad', { priority: 'urgent!!', title: '' }), aiItem('Corrected answer'));
      const r = await run('generateItem', { description: 'schema' });
      assert.equal(t.editors.getDraftFields(r?.key as string)?.title, 'Corrected answer');
      const correction = JSON.stringify(server.chatRequests()[1].body);
      assert.match(correction, /priority/);
      assert.match(correction, /title/);
    });

    it('reports invalid output clearly after a failed correction, and saves nothing', async () => {
      const before = (await api.queryItems({})).length;
      server.reply('{"title": "unfinished', 'still not json');
      const r = await run('generateItem', { description: 'bad' });
      assert.equal(r?.kind, 'invalid-output', JSON.stringify(r));
      assert.equal(server.chatRequests().length, 2, 'exactly one correction request');
      assert.equal((await api.queryItems({})).length, before);
    });

    it('a malformed HTTP body from the server is reported as an invalid server response', async () => {
      server.reply({ fault: 'malformed' });
      const r = await run('generateItem', { description: 'bad body' });
      assert.equal(r?.kind, 'server', JSON.stringify(r));
      assert.match(String(r?.message), /invalid response/);
    });

    it('keeps multi-byte characters split across stream chunks intact', async () => {
      server.reply({ fault: 'split-multibyte', text: aiItem('Gérer les accents — é à ü 🚀') });
      const r = await run('generateItem', { description: 'accents' });
      assert.equal(t.editors.getDraftFields(r?.key as string)?.title, 'Gérer les accents — é à ü 🚀');
    });

    it('a stream cut mid-way is a network error and nothing is saved', async () => {
      const before = (await api.queryItems({})).length;
      server.reply({ fault: 'cut', text: aiItem('Never complete') });
      const r = await run('generateItem', { description: 'cut' });
      assert.equal(r?.ok, false);
      assert.ok(['network', 'invalid-output'].includes(String(r?.kind)), JSON.stringify(r));
      assert.equal((await api.queryItems({})).length, before);
    });

    it('writes in French when VS Code’s display language or the setting says so', async () => {
      await setAi({ outputLanguage: 'fr' });
      try {
        server.reply(aiItem('Exporter les factures'));
        await run('generateItem', { description: 'export' });
        assert.match(allPromptText(server), /in French/);
      } finally {
        await setAi({ outputLanguage: 'auto' });
      }
    });

    it('works with Gemini (structured output via responseJsonSchema) and Groq (JSON mode)', async () => {
      assert.equal(await run('setApiKey', { provider: 'gemini', key: KEY }), true);
      assert.equal(await run('setApiKey', { provider: 'groq', key: KEY }), true);
      try {
        await setAi({ provider: 'gemini' });
        server.reply(aiItem('From Gemini'));
        let r = await run('generateItem', { description: 'gemini' });
        assert.equal(t.editors.getDraftFields(r?.key as string)?.title, 'From Gemini');
        const g = server.chatRequests()[0];
        assert.equal(g.protocol, 'gemini');
        assert.equal(geminiBody(g).generationConfig?.responseMimeType, 'application/json');
        assert.ok(geminiBody(g).generationConfig?.responseJsonSchema);
        server.reset();
        await setAi({ provider: 'groq' });
        server.reply(aiItem('From Groq'));
        r = await run('generateItem', { description: 'groq' });
        assert.equal(t.editors.getDraftFields(r?.key as string)?.title, 'From Groq');
        assert.equal(openaiBody(server.chatRequests()[0]).response_format?.type, 'json_object');
        assert.match(server.chatRequests()[0].path, /^\/openai\/v1\//);
      } finally {
        await setAi({ provider: 'openai' });
        await run('clearApiKey', { provider: 'gemini' });
        await run('clearApiKey', { provider: 'groq' });
      }
    });

    it('reasoning models get max_completion_tokens and no temperature', async () => {
      await setAi({ 'openai.model': 'o3-mini' });
      try {
        server.reply(aiItem('Reasoned'));
        await run('generateItem', { description: 'reason' });
        const body = openaiBody(server.chatRequests()[0]);
        assert.equal(body.temperature, undefined);
        assert.equal(body.max_tokens, undefined);
        assert.ok((body.max_completion_tokens ?? 0) > 0);
      } finally {
        await setAi({ 'openai.model': 'gpt-4o-mini' });
      }
    });
  });

  describe('refine, relations, extraction, analysis', () => {
    it('refine proposes only the changed fields in the item editor, and changes nothing until accepted', async () => {
      const item = await api.createItem({ title: 'Do the thing', type: 'TASK', description: 'vague' });
      server.reply(JSON.stringify({ changes: { title: 'Do the thing within 2 seconds', description: 'vague', acceptanceCriteria: ['Takes < 2 s', 'Errors are shown'] }, summary: 'Made it testable' }));
      const r = await run('refineItem', { itemId: item.id, instructions: 'make it testable' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.deepEqual(Object.keys(r?.changed as object).sort(), ['criteria', 'title']);
      assert.match(allPromptText(server), /make it testable/);
      assert.equal((await api.getItem(item.id))?.title, 'Do the thing', 'nothing applied yet');
    });

    it('relation suggestions keep only existing IDs, and accepted ones become real relations', async () => {
      const a = await api.createItem({ title: 'Login page crashes on submit', type: 'BUG' });
      const b = await api.createItem({ title: 'Login form validation', type: 'FEAT' });
      const subject = await api.createItem({ title: 'Login crashes when submitting the form', type: 'BUG' });
      server.reply(JSON.stringify({ suggestions: [
        { id: a.id, kind: 'duplicates', confidence: 0.92, reason: 'same crash' },
        { id: b.id, kind: 'relates', confidence: 0.7, reason: 'same form' },
        { id: 'BUG-9999', kind: 'blocks', confidence: 0.99, reason: 'invented' },
      ] }));
      const r = await run('suggestRelations', { itemId: subject.id, accept: 'all' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.deepEqual((r?.added as { other: string }[]).map((x) => x.other).sort(), [a.id, b.id].sort());
      const { repo } = await api.__testing.service.repo();
      const rel = repo.relationsOf(subject.id);
      assert.deepEqual(rel.duplicates, [a.id]);
      assert.deepEqual(rel.relates, [b.id]);
      const candidates = JSON.stringify(server.chatRequests()[0].body);
      assert.ok(candidates.includes(a.id), 'the FTS pre-filter found the similar item');
    });

    it('bulk extraction chunks long notes, fills the review list, and one import creates the selected items', async () => {
      const para = (i: number) => `Note ${i}: the export button should also offer CSV and handle empty reports gracefully. ${'detail '.repeat(40)}`;
      const text = Array.from({ length: 40 }, (_, i) => para(i)).join('\n\n');
      assert.ok(text.length > 12_000);
      server.reply(...[1, 2, 3].map((n) => JSON.stringify({ items: [JSON.parse(aiItem(`Extracted ${n}`, { source: `Note ${n}` }))] })));
      const r = await run('extractItems', { text });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.equal(r?.chunks, 3);
      const sent = server.chatRequests().map((q) => JSON.stringify(q.body)).join('');
      assert.ok(sent.includes('Note 0:') && sent.includes('Note 39:'), 'first and last notes were sent');
      const session = t.reviews.openSessions().at(-1) as ReviewSession;
      const conn = t.reviews.connectionOf(session)!;
      await waitFor(() => conn.isReady, 'the review page');
      const posted: { kind: string; id?: number; method?: string; params?: unknown; result?: { created?: string[] } }[] = [];
      conn.taps.add((m) => posted.push(m as never));
      const state = await (session as unknown as { state(): Promise<ReviewState> }).state();
      assert.equal(state.proposals.length, 3);
      const before = (await api.queryItems({})).length;
      conn.receive({ kind: 'request', id: 77_001, method: 'review/import', params: { items: state.proposals.slice(0, 2).map((p) => ({ key: p.key, fields: p.fields })) } });
      const answer = await waitFor(() => posted.find((m) => m.id === 77_001), 'the import answer');
      assert.equal(answer.kind, 'response', JSON.stringify(answer));
      assert.equal((await api.queryItems({})).length, before + 2);
    });

    it('extraction from images sends them to the model as image parts (vision)', async () => {
      const png = path.join(os.tmpdir(), `flowcast-whiteboard-${Date.now()}.png`);
      // 1x1 PNG
      await fs.writeFile(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
      server.reply(JSON.stringify({ items: [JSON.parse(aiItem('From the whiteboard', { source: 'photo' }))] }));
      try {
        const r = await run('extractItems', { source: 'images', files: [png], text: 'sprint whiteboard' });
        assert.equal(r?.ok, true, JSON.stringify(r));
        const user = openaiBody(server.chatRequests()[0]).messages.find((m) => m.role === 'user');
        const parts = Array.isArray(user?.content) ? user.content : [];
        assert.ok(parts.some((p) => p.type === 'image_url' && p.image_url?.url.startsWith('data:image/png;base64,')), JSON.stringify(user).slice(0, 300));
        assert.ok(parts.some((p) => p.type === 'text' && p.text?.includes('sprint whiteboard')), 'the typed text goes with the images');
      } finally {
        for (const s of t.reviews.openSessions()) s.dispose();
        await fs.rm(png, { force: true });
      }
    });

    it('a file that is not an image is refused before any request', async () => {
      const fake = path.join(os.tmpdir(), `flowcast-not-image-${Date.now()}.png`);
      await fs.writeFile(fake, 'not a png');
      const r = await run('extractItems', { source: 'images', files: [fake] });
      assert.equal(r?.kind, 'config');
      assert.equal(server.requests.length, 0);
      await fs.rm(fake, { force: true });
    });

    it('suggestions for an unsaved new item become its pending relations, created with it', async () => {
      const other = await api.createItem({ title: 'Payment retries for failed cards', type: 'FEAT' });
      server.reply(aiItem('Retry failed card payments'));
      const g = await run('generateItem', { description: 'retry failed card payments automatically' });
      const draftKey = g?.key as string;
      server.reply(JSON.stringify({ suggestions: [{ id: other.id, kind: 'duplicates', confidence: 0.8, reason: 'same feature' }] }));
      const r = await run('suggestRelations', { draftKey, accept: 'all' });
      assert.equal(r?.ok, true, JSON.stringify(r));
      assert.deepEqual(r?.added, [{ kind: 'duplicates', other: other.id }]);
      assert.equal((await api.queryItems({})).filter((i) => i.title === 'Retry failed card payments').length, 0, 'still nothing saved');
    });

    it('cancelling an extraction aborts the requests in flight', async () => {
      server.reply({ fault: 'slow', delayMs: 4000, text: '{"items":[]}' }, { fault: 'slow', delayMs: 4000, text: '{"items":[]}' });
      const running = run('extractItems', { text: 'a'.repeat(13_000) });
      const session = await waitFor(() => t.reviews.openSessions().find((s) => !s.disposed && !s.cancelled && s.backlogId === backlogId), 'the review list');
      await waitFor(() => server.chatRequests().length >= 2, 'two requests in flight');
      const started = Date.now();
      // The page's "Cancel extraction" button sends this request.
      t.reviews.connectionOf(session)!.receive({ kind: 'request', id: 77_002, method: 'review/cancel', params: {} });
      const r = await running;
      assert.equal(r?.kind, 'cancelled', JSON.stringify(r));
      assert.ok(Date.now() - started < 2500, 'returned before the slow answers');
      session.dispose();
    });

    it('analysis stores scores, shows the report, and a re-run sends only changed items', async () => {
      const items = (await api.queryItems({})).slice(0, 4);
      const scoreAll = (ids: string[]) => JSON.stringify({ items: ids.map((id, i) => ({ id, score: 90 - i, factors: [{ name: 'impact', effect: 'raises', note: 'users' }], rationale: `because ${id}` })), groups: [{ name: 'Export', itemIds: ids.slice(0, 2), reason: 'same area' }], blockingBugs: [], insights: ['Many export items'] });
      const all = (await api.queryItems({})).map((i) => i.id);
      server.reply(scoreAll(all));
      const r1 = await run('analyseBacklog', { all: true, open: false });
      assert.equal(r1?.ok, true, JSON.stringify(r1));
      assert.equal(r1?.analysed, all.length);
      await api.updateItem(items[0].id, { title: `${items[0].title} (changed)` });
      server.reset();
      server.reply(scoreAll([items[0].id]));
      const r2 = await run('analyseBacklog', { open: false });
      assert.equal(r2?.analysed, 1);
      const sent = JSON.stringify(server.chatRequests()[0].body);
      const toScore = sent.split('Other items')[0];
      assert.ok(toScore.includes(items[0].id));
      assert.ok(!toScore.includes(items[1].id), 'unchanged items are not re-scored');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('flowcast.ai.showAnalysis');
      const text = (await vscode.workspace.openTextDocument(uri)).getText().replace(/\\/g, '');
      assert.ok(text.includes(items[0].id), 'the report lists the item (Markdown-escaped)');
      assert.match(text, /Many export items/);
    });

    it('the usage log counts requests, tokens and errors per provider without any content', async () => {
      await t.ai.usage.flush();
      const s = await t.ai.usage.summary();
      const openai = s.providers.find((p) => p.provider === 'openai');
      assert.ok(openai && openai.requests > 5 && openai.errors > 0 && openai.outputTokens > 0, JSON.stringify(openai));
      assert.ok(!JSON.stringify(s).includes('Export invoices'), 'no content in the usage log');
    });
  });
});

