// The SDK adapters (openai, groq-sdk, @google/genai) against the local fake AI server: the real
// SDKs do the HTTP, so these tests prove the wire shapes, the streaming and the error classes.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  classifyError,
  createProvider,
  isReasoningModel,
  parseRetryAfter,
  scrubSecrets,
  validateBaseUrl,
} from '../../src/core/ai/providers';
import { AiError, type ChatMessage, type ChatProvider, type ChatRequest, type ProviderConfig } from '../../src/core/ai/types';
import { DEFAULT_REPLY, type FakeAiServer, geminiBody, openaiBody, type RecordedRequest, startFakeAiServer } from '../fakes/aiServer';

const KEY = 'test-key';
/** A key the server does not accept, distinctive enough to search for in messages. */
const BAD_KEY = 'sk-proj-DISTINCTIVE0secret0Zq9xW7vU5';
/** French text whose é, ç and emoji are multi-byte in UTF-8. */
const FRENCH = 'Créer un élément: façade réseau 🚀 terminé, déjà prêt à être livré.';
const PNG = { mime: 'image/png', base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=' };
const SCHEMA = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };

let server: FakeAiServer;

interface Case {
  id: ProviderConfig['id'];
  label: RegExp;
  model: string;
  cfg(key?: string): ProviderConfig;
}

const cases: Case[] = [
  { id: 'openai', label: /OpenAI/, model: 'gpt-4o-mini', cfg: (apiKey = KEY) => ({ id: 'openai', apiKey, baseUrl: server.openaiBaseUrl }) },
  { id: 'groq', label: /Groq/, model: 'llama-3.3-70b-versatile', cfg: (apiKey = KEY) => ({ id: 'groq', apiKey, baseUrl: server.groqBaseUrl }) },
  { id: 'custom', label: /Custom endpoint at 127\.0\.0\.1/, model: 'llama3.2', cfg: (apiKey = KEY) => ({ id: 'custom', apiKey, baseUrl: server.openaiBaseUrl }) },
  { id: 'gemini', label: /Google Gemini/, model: 'gemini-2.5-flash', cfg: (apiKey = KEY) => ({ id: 'gemini', apiKey, baseUrl: server.geminiBaseUrl }) },
];

function messages(): ChatMessage[] {
  return [
    { role: 'system', content: 'You write backlog items.' },
    { role: 'user', content: 'Describe the login bug.' },
  ];
}

function request(model: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model, messages: messages(), signal: new AbortController().signal, ...extra };
}

async function failure(p: Promise<unknown>): Promise<AiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AiError, `expected an AiError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected the call to fail');
}

function chatRequest(): RecordedRequest {
  const r = server.chatRequests();
  assert.equal(r.length, 1, `expected one chat request, got ${r.length}`);
  return r[0];
}

before(async () => {
  server = await startFakeAiServer({ validKeys: [KEY] });
});
after(() => server.close());
beforeEach(() => {
  server.reset();
  server.allowNoKey = false;
});

for (const c of cases) {
  describe(`AI provider adapter: ${c.id}`, () => {
    let provider: ChatProvider;
    beforeEach(() => {
      provider = createProvider(c.cfg());
    });

    it('returns the assistant text, the model and the token usage', async () => {
      server.reply('{"title":"Login fails"}');
      const r = await provider.chat(request(c.model));
      assert.equal(r.text, '{"title":"Login fails"}');
      assert.equal(r.model, c.model);
      assert.ok(r.usage?.inputTokens && r.usage.inputTokens > 0, 'input tokens reported');
      assert.ok(r.usage?.outputTokens && r.usage.outputTokens > 0, 'output tokens reported');
      assert.equal(r.truncated, undefined);
      assert.equal(provider.id, c.id);
      assert.match(provider.label, c.label);
    });

    it('streams deltas in order whose concatenation is the full text, with usage', async () => {
      server.reply(FRENCH);
      const deltas: string[] = [];
      const r = await provider.chat(request(c.model, { onText: (d) => deltas.push(d) }));
      assert.ok(deltas.length > 1, `several deltas (got ${deltas.length})`);
      assert.equal(deltas.join(''), FRENCH);
      assert.equal(r.text, FRENCH);
      assert.ok(r.usage?.outputTokens && r.usage.outputTokens > 0, 'usage reported at the end of the stream');
      assert.equal(chatRequest().stream, true);
    });

    it('keeps a multi-byte character intact when the stream splits it across two TCP writes', async () => {
      server.reply({ fault: 'split-multibyte', text: FRENCH });
      const deltas: string[] = [];
      const r = await provider.chat(request(c.model, { onText: (d) => deltas.push(d) }));
      assert.equal(r.text, FRENCH);
      assert.equal(deltas.join(''), FRENCH);
      assert.ok(!r.text.includes('\uFFFD'), 'no replacement character');
    });

    it('keeps a multi-byte character intact when a JSON body is split across two TCP writes', async () => {
      server.reply({ fault: 'split-multibyte', text: FRENCH });
      assert.equal((await provider.chat(request(c.model))).text, FRENCH);
    });

    it('reports truncation when the output token limit stopped the answer', async () => {
      server.reply({ fault: 'truncated', text: '{"title":"Lo' });
      const r = await provider.chat(request(c.model, { maxOutputTokens: 5 }));
      assert.equal(r.truncated, true);
      server.reply({ fault: 'truncated', text: 'abc def' });
      assert.equal((await provider.chat(request(c.model, { onText: () => undefined }))).truncated, true);
    });

    it('returns fenced JSON as is (unwrapping is the policy layer’s job)', async () => {
      server.reply({ fault: 'fenced', text: '{"title":"x"}' });
      assert.equal((await provider.chat(request(c.model))).text, '```json\n{"title":"x"}\n```');
    });

    it('sends images with the user message', async () => {
      server.reply('ok');
      await provider.chat(request(c.model, { messages: [{ role: 'user', content: 'What is on this screenshot?', images: [PNG] }] }));
      if (c.id === 'gemini') {
        assert.deepEqual(geminiBody(chatRequest()).contents[0].parts, [{ text: 'What is on this screenshot?' }, { inlineData: { mimeType: 'image/png', data: PNG.base64 } }]);
      } else {
        assert.deepEqual(openaiBody(chatRequest()).messages[0].content, [
          { type: 'text', text: 'What is on this screenshot?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.base64}` } },
        ]);
      }
    });

    it('lists the models the provider reports', async () => {
      const ids = await provider.listModels!(new AbortController().signal);
      assert.deepEqual(ids, [...server.models].sort());
    });

    describe('errors', () => {
      it('a rejected key is "auth", and the key appears in neither the message nor String(err)', async () => {
        const bad = createProvider(c.cfg(BAD_KEY));
        const err = await failure(bad.chat(request(c.model)));
        assert.equal(err.kind, 'auth');
        assert.match(err.message, c.label);
        assert.match(err.message, c.id === 'gemini' ? /HTTP 400/ : /HTTP 401/);
        for (const text of [err.message, String(err), JSON.stringify(err.detail)]) {
          assert.ok(!text.includes(BAD_KEY), `key leaked: ${text}`);
          assert.ok(!text.includes('DISTINCTIVE'), `part of the key leaked: ${text}`);
        }
        const listErr = await failure(bad.listModels!(new AbortController().signal));
        assert.equal(listErr.kind, 'auth');
        assert.ok(!String(listErr).includes('DISTINCTIVE'));
      });

      const statuses: [number, string][] = [
        [401, 'auth'],
        [403, 'forbidden'],
        [404, 'model'],
        [500, 'server'],
        [503, 'server'],
        [400, 'bad-request'],
      ];
      for (const [status, kind] of statuses) {
        it(`HTTP ${status} is classified as "${kind}" with the provider label and status`, async () => {
          server.reply({ fault: 'status', status });
          const err = await failure(provider.chat(request(c.model)));
          assert.equal(err.kind, kind);
          assert.equal(err.detail.status, status);
          assert.match(err.message, c.label);
          assert.match(err.message, new RegExp(`HTTP ${status}`));
          assert.equal(server.chatRequests().length, 1, 'the adapter never retries by itself');
        });
      }

      it('HTTP 429 is "rate" with the retry delay from the server', async () => {
        server.reply({ fault: 'status', status: 429, retryAfter: '3' });
        const err = await failure(provider.chat(request(c.model)));
        assert.equal(err.kind, 'rate');
        assert.equal(err.detail.status, 429);
        assert.equal(err.detail.retryAfterMs, 3000);
      });

      it('a 400 saying the model does not exist is "model"', async () => {
        const message = c.id === 'gemini' ? 'models/nope is not found for API version v1beta' : 'The model `nope` does not exist or you do not have access to it.';
        server.reply({ fault: 'status', status: 400, message });
        assert.equal((await failure(provider.chat(request(c.model)))).kind, 'model');
      });

      it('a body cut mid-way is "network"', async () => {
        server.reply({ fault: 'cut', text: FRENCH });
        const err = await failure(provider.chat(request(c.model)));
        assert.equal(err.kind, 'network');
        assert.match(err.message, c.label);
      });

      it('a stream cut mid-way is "network" after the first deltas', async () => {
        server.reply({ fault: 'cut', text: FRENCH });
        const deltas: string[] = [];
        const err = await failure(provider.chat(request(c.model, { onText: (d) => deltas.push(d) })));
        assert.equal(err.kind, 'network');
        assert.ok(deltas.join('').length < FRENCH.length, 'the answer was incomplete');
      });

      it('an invalid JSON body is a "server" error', async () => {
        server.reply({ fault: 'malformed' });
        const err = await failure(provider.chat(request(c.model)));
        assert.equal(err.kind, 'server');
        assert.match(err.message, c.label);
      });

      it('aborting the signal cancels a slow request at once ("cancelled")', async () => {
        server.reply({ fault: 'slow', delayMs: 3000 });
        const ac = new AbortController();
        const started = Date.now();
        setTimeout(() => ac.abort(), 50);
        const err = await failure(provider.chat(request(c.model, { signal: ac.signal })));
        assert.equal(err.kind, 'cancelled');
        assert.ok(Date.now() - started < 1500, `cancelled in ${Date.now() - started} ms`);
      });

      it('aborting a streaming request before its first byte is "cancelled"', async () => {
        server.reply({ fault: 'slow', delayMs: 3000 });
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 50);
        assert.equal((await failure(provider.chat(request(c.model, { signal: ac.signal, onText: () => undefined })))).kind, 'cancelled');
      });

      it('aborting after the first delta is "cancelled", never a result', async () => {
        server.reply(FRENCH);
        const ac = new AbortController();
        const deltas: string[] = [];
        const onText = (d: string) => {
          deltas.push(d);
          ac.abort();
        };
        assert.equal((await failure(provider.chat(request(c.model, { signal: ac.signal, onText })))).kind, 'cancelled');
        assert.ok(deltas.length >= 1);
      });

      it('an unreachable server is "network"', async () => {
        const port = await closedPort();
        const url = c.id === 'openai' || c.id === 'custom' ? `http://127.0.0.1:${port}/v1` : `http://127.0.0.1:${port}`;
        const p = createProvider({ ...c.cfg(), baseUrl: url });
        const err = await failure(p.chat(request(c.model)));
        assert.equal(err.kind, 'network');
        assert.match(err.message, /connection refused/);
      });

      it('a missing key is a "config" error before any request (except local custom endpoints)', () => {
        if (c.id === 'custom') {
          assert.doesNotThrow(() => createProvider({ id: 'custom', baseUrl: server.openaiBaseUrl }));
          return;
        }
        assert.throws(
          () => createProvider({ id: c.id, baseUrl: c.cfg().baseUrl }),
          (e: unknown) => e instanceof AiError && e.kind === 'config' && c.label.test(e.message),
        );
      });
    });
  });
}

describe('AI provider adapters: request parameters', () => {
  const schema = { name: 'new item', schema: SCHEMA };

  it('openai: structured output as json_schema (strict false), max_completion_tokens and temperature', async () => {
    server.reply('{"title":"x"}');
    await createProvider(cases[0].cfg()).chat(request('gpt-4o-mini', { json: schema, maxOutputTokens: 300, temperature: 0.2 }));
    const body = openaiBody(chatRequest());
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'new_item', schema: SCHEMA, strict: false } });
    assert.equal(body.max_completion_tokens, 300);
    assert.equal(body.max_tokens, undefined);
    assert.equal(body.temperature, 0.2);
    assert.equal(chatRequest().headers.authorization, `Bearer ${KEY}`);
    assert.equal(chatRequest().path, '/v1/chat/completions');
  });

  it('openai: a reasoning model gets no temperature and max_completion_tokens', async () => {
    server.reply('ok');
    await createProvider(cases[0].cfg()).chat(request('o3-mini', { maxOutputTokens: 300, temperature: 0.2 }));
    const body = openaiBody(chatRequest());
    assert.ok(!('temperature' in body), 'no temperature');
    assert.equal(body.max_completion_tokens, 300);
    assert.ok(!('max_tokens' in body));
  });

  it('openai: streaming asks for usage in the stream', async () => {
    server.reply('ok');
    await createProvider(cases[0].cfg()).chat(request('gpt-4o-mini', { onText: () => undefined }));
    assert.equal(openaiBody(chatRequest()).stream, true);
    assert.deepEqual(openaiBody(chatRequest()).stream_options, { include_usage: true });
  });

  it('custom: max_tokens and temperature for ordinary models, json_schema for JSON', async () => {
    server.reply('{"title":"x"}');
    await createProvider(cases[2].cfg()).chat(request('llama3.2', { json: schema, maxOutputTokens: 200, temperature: 0.5 }));
    const body = openaiBody(chatRequest());
    assert.equal(body.max_tokens, 200);
    assert.equal(body.max_completion_tokens, undefined);
    assert.equal(body.temperature, 0.5);
    assert.equal(body.response_format?.type, 'json_schema');
  });

  it('custom: a reasoning model (deepseek-r1) gets max_completion_tokens and no temperature', async () => {
    server.reply('<think>hmm</think>{"title":"x"}');
    const r = await createProvider(cases[2].cfg()).chat(request('deepseek-r1:8b', { maxOutputTokens: 200, temperature: 0.5 }));
    const body = openaiBody(chatRequest());
    assert.equal(body.max_completion_tokens, 200);
    assert.ok(!('temperature' in body));
    assert.equal(r.text, '{"title":"x"}', 'the leading think block is dropped');
  });

  it('custom: a 400 about response_format is retried once without it', async () => {
    server.reply({ fault: 'status', status: 400, message: "'response_format.type' must be 'json_schema' or 'text'" }, '{"title":"x"}');
    const r = await createProvider(cases[2].cfg()).chat(request('llama3.2', { json: schema }));
    assert.equal(r.text, '{"title":"x"}');
    const [first, second] = server.chatRequests();
    assert.ok(openaiBody(first).response_format);
    assert.equal(openaiBody(second).response_format, undefined);
    assert.equal(server.chatRequests().length, 2);
  });

  it('openai: a 400 about response_format is not retried (only custom endpoints lack it)', async () => {
    server.reply({ fault: 'status', status: 400, message: 'Invalid response_format' });
    const err = await failure(createProvider(cases[0].cfg()).chat(request('gpt-4o-mini', { json: schema })));
    assert.equal(err.kind, 'bad-request');
    assert.match(err.message, /Invalid response_format/);
    assert.equal(server.chatRequests().length, 1);
  });

  it('groq: json_object mode, max_completion_tokens, Groq path and key', async () => {
    server.reply('{"title":"x"}');
    const noJsonWord: ChatMessage[] = [{ role: 'user', content: 'Describe the login bug.' }];
    await createProvider(cases[1].cfg()).chat(request('llama-3.3-70b-versatile', { messages: noJsonWord, json: schema, maxOutputTokens: 100, temperature: 0.3 }));
    const r = chatRequest();
    const body = openaiBody(r);
    assert.equal(r.path, '/openai/v1/chat/completions');
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.equal(body.max_completion_tokens, 100);
    assert.equal(body.temperature, 0.3);
    assert.match(body.messages[0].content as string, /JSON Schema/, 'json_object mode needs "json" in the prompt: the schema is added');
  });

  it('groq: a reasoning model gets no temperature and hidden reasoning', async () => {
    server.reply('ok');
    await createProvider(cases[1].cfg()).chat(request('deepseek-r1-distill-llama-70b', { temperature: 0.3 }));
    const body = openaiBody(chatRequest());
    assert.ok(!('temperature' in body));
    assert.equal(body.reasoning_format, 'hidden');
  });

  it('gemini: system instruction, model role, JSON schema, temperature and max tokens in the config, key header', async () => {
    server.reply('{"title":"x"}');
    const msgs: ChatMessage[] = [
      { role: 'system', content: 'You write backlog items.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Which item?' },
      { role: 'user', content: 'The login bug.' },
    ];
    await createProvider(cases[3].cfg()).chat(request('gemini-2.5-flash', { messages: msgs, json: schema, maxOutputTokens: 500, temperature: 0.4 }));
    const r = chatRequest();
    assert.match(r.path, /^\/v1(beta)?\/models\/gemini-2\.5-flash:generateContent$/);
    assert.equal(r.headers['x-goog-api-key'], KEY);
    const body = geminiBody(r);
    assert.deepEqual(body.systemInstruction?.parts, [{ text: 'You write backlog items.' }]);
    assert.deepEqual(
      body.contents.map((x) => x.role),
      ['user', 'model', 'user'],
    );
    const gen = body.generationConfig ?? {};
    assert.equal(gen.responseMimeType, 'application/json');
    const { $schema: _drop, ...withoutMeta } = SCHEMA;
    assert.deepEqual(gen.responseJsonSchema, withoutMeta);
    assert.equal(gen.temperature, 0.4);
    assert.equal(gen.maxOutputTokens, 500);
  });

  it('gemini: streaming uses streamGenerateContent with SSE', async () => {
    server.reply('ok');
    await createProvider(cases[3].cfg()).chat(request('gemini-2.5-flash', { onText: () => undefined }));
    const r = chatRequest();
    assert.match(r.path, /:streamGenerateContent$/);
    assert.equal(r.query.alt, 'sse');
  });

  it('gemini: the RetryInfo retryDelay of a 429 becomes retryAfterMs', async () => {
    server.reply({ fault: 'status', status: 429, body: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] } } });
    const err = await failure(createProvider(cases[3].cfg()).chat(request('gemini-2.5-flash')));
    assert.equal(err.kind, 'rate');
    assert.equal(err.detail.retryAfterMs, 12_000);
  });
});

describe('custom OpenAI-compatible endpoints', () => {
  it('a loopback endpoint works without a key and sends no Authorization header', async () => {
    server.allowNoKey = true;
    server.reply('hello');
    const p = createProvider({ id: 'custom', baseUrl: server.openaiBaseUrl });
    assert.equal((await p.chat(request('llama3.2'))).text, 'hello');
    assert.equal(chatRequest().headers.authorization, undefined);
    assert.deepEqual(await p.listModels!(new AbortController().signal), [...server.models].sort());
  });

  it('never sends an OPENAI_API_KEY from the environment to a custom endpoint', async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-the-environment-0000';
    try {
      server.allowNoKey = true;
      server.reply('hello');
      await createProvider({ id: 'custom', baseUrl: server.openaiBaseUrl }).chat(request('llama3.2'));
      assert.equal(chatRequest().headers.authorization, undefined);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('a loopback endpoint that wants a key answers 401: "auth"', async () => {
    const err = await failure(createProvider({ id: 'custom', baseUrl: server.openaiBaseUrl }).chat(request('llama3.2')));
    assert.equal(err.kind, 'auth');
  });

  it('a custom key that does not look like an OpenAI key is still scrubbed from messages', async () => {
    const secret = 'my-local-secret-31337';
    const err = await failure(createProvider({ id: 'custom', apiKey: secret, baseUrl: server.openaiBaseUrl }).chat(request('llama3.2')));
    assert.equal(err.kind, 'auth');
    assert.ok(!String(err).includes('31337'));
  });

  it('an http URL to a non-loopback host is a "config" error', () => {
    assert.throws(
      () => createProvider({ id: 'custom', apiKey: 'k', baseUrl: 'http://192.168.1.20:11434/v1' }),
      (e: unknown) => e instanceof AiError && e.kind === 'config' && /https/.test(e.message),
    );
  });

  it('an https remote endpoint needs a key, and nothing else', () => {
    assert.throws(
      () => createProvider({ id: 'custom', baseUrl: 'https://llm.example.com/v1' }),
      (e: unknown) => e instanceof AiError && e.kind === 'config' && /API key/.test(e.message),
    );
    const p = createProvider({ id: 'custom', apiKey: 'k', baseUrl: 'https://llm.example.com/v1' });
    assert.equal(p.label, 'Custom endpoint at llm.example.com');
  });

  it('a custom provider without a base URL is a "config" error', () => {
    assert.throws(
      () => createProvider({ id: 'custom', apiKey: 'k' }),
      (e: unknown) => e instanceof AiError && e.kind === 'config',
    );
  });

  it('labels Ollama and LM Studio by their default ports', () => {
    assert.equal(createProvider({ id: 'custom', baseUrl: 'http://127.0.0.1:11434/v1' }).label, 'Ollama at 127.0.0.1:11434');
    assert.equal(createProvider({ id: 'custom', baseUrl: 'http://localhost:1234/v1' }).label, 'LM Studio at localhost:1234');
  });

  it('validateBaseUrl accepts https anywhere and http on loopback only', () => {
    assert.deepEqual(validateBaseUrl('http://127.0.0.1:11434/v1/'), { ok: true, url: 'http://127.0.0.1:11434/v1', loopback: true });
    assert.deepEqual(validateBaseUrl(' http://localhost:1234/v1 '), { ok: true, url: 'http://localhost:1234/v1', loopback: true });
    assert.deepEqual(validateBaseUrl('http://[::1]:8000/v1'), { ok: true, url: 'http://[::1]:8000/v1', loopback: true });
    assert.deepEqual(validateBaseUrl('https://api.example.com/v1'), { ok: true, url: 'https://api.example.com/v1', loopback: false });
    for (const bad of ['http://example.com/v1', 'http://10.0.0.5/v1', 'http://localhost.evil.com/v1', 'ftp://127.0.0.1/v1', 'not a url', 'https://user:pw@example.com/v1', '']) {
      const r = validateBaseUrl(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.ok(r.reason.length > 10);
    }
  });
});

describe('AI provider helpers', () => {
  it('isReasoningModel knows the OpenAI reasoning families and R1-style models', () => {
    for (const m of ['o1', 'o1-mini', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'openai/o3', 'deepseek-r1:8b', 'deepseek-r1-distill-llama-70b', 'some-reasoning-model', 'deepseek-reasoner']) {
      assert.ok(isReasoningModel(m), m);
    }
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'llama3.2', 'llama-3.3-70b-versatile', 'gemini-2.5-flash', 'mistral-large']) {
      assert.ok(!isReasoningModel(m), m);
    }
  });

  it('parseRetryAfter reads delta seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('1.5'), 1500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it('a Retry-After HTTP date on a 429 becomes retryAfterMs', async () => {
    const when = new Date(Date.now() + 20_000).toUTCString();
    server.reply({ fault: 'status', status: 429, retryAfter: when });
    const err = await failure(createProvider(cases[0].cfg()).chat(request('gpt-4o-mini')));
    assert.equal(err.kind, 'rate');
    assert.ok(err.detail.retryAfterMs! > 15_000 && err.detail.retryAfterMs! <= 20_000, String(err.detail.retryAfterMs));
  });

  it('Groq\'s "try again in 7.5s" message gives the delay when there is no header', async () => {
    server.reply({ fault: 'status', status: 429, message: 'Rate limit reached for model `llama` in organization `org_x`. Please try again in 1m7.5s.' });
    const err = await failure(createProvider(cases[1].cfg()).chat(request('llama-3.3-70b-versatile')));
    assert.equal(err.detail.retryAfterMs, 67_500);
  });

  it('scrubSecrets removes key-shaped strings, bearer tokens, key parameters and given secrets', () => {
    const text = 'key sk-proj-abcdefgh1234 gsk_ABCDEFGH12345678 AIzaSyA1234567890abcdefghij Bearer tok.en-1 ?key=zzz9 api_key: qwerty123 mine-42-secret';
    const out = scrubSecrets(text, ['mine-42-secret']);
    for (const leaked of ['abcdefgh1234', 'ABCDEFGH12345678', 'AIzaSyA', 'tok.en-1', 'zzz9', 'qwerty123', 'mine-42-secret']) assert.ok(!out.includes(leaked), `${leaked} in ${out}`);
  });

  it('classifyError: an already classified error passes through, an aborted signal wins over the error', () => {
    const original = new AiError('config', 'x');
    assert.equal(classifyError(original), original);
    const ac = new AbortController();
    ac.abort();
    assert.equal(classifyError(new TypeError('terminated'), ac.signal).kind, 'cancelled');
    assert.equal(classifyError(new TypeError('terminated')).kind, 'network');
  });
});

describe('fake AI server', () => {
  it('answers the default reply, or what opts.respond returns for the recorded request', async () => {
    const own = await startFakeAiServer({ respond: (r) => `echo ${r.model ?? ''}` });
    try {
      const p = createProvider({ id: 'openai', apiKey: KEY, baseUrl: own.openaiBaseUrl });
      assert.equal((await p.chat(request('gpt-4o-mini'))).text, 'echo gpt-4o-mini');
      own.reply('queued first');
      assert.equal(own.pending(), 1);
      assert.equal((await p.chat(request('gpt-4o-mini'))).text, 'queued first');
      assert.equal(own.pending(), 0);
      assert.equal(own.requests.length, 2);
      assert.equal(own.lastRequest()?.kind, 'chat');
    } finally {
      await own.close();
    }
    server.reply(); // nothing queued: the shared server falls back to DEFAULT_REPLY
    assert.equal((await createProvider(cases[0].cfg()).chat(request('gpt-4o-mini'))).text, DEFAULT_REPLY);
  });

  it('a bad key does not consume a queued answer', async () => {
    server.reply('kept');
    await failure(createProvider(cases[0].cfg(BAD_KEY)).chat(request('gpt-4o-mini')));
    assert.equal(server.pending(), 1);
    assert.equal((await createProvider(cases[0].cfg()).chat(request('gpt-4o-mini'))).text, 'kept');
  });

  it('split-multibyte really delivers a multi-byte character in two separate reads', async () => {
    server.reply({ fault: 'split-multibyte', text: FRENCH });
    const chunks = await new Promise<Buffer[]>((resolve, reject) => {
      const req = http.request(`${server.openaiBaseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }, (res) => {
        const got: Buffer[] = [];
        res.on('data', (b: Buffer) => got.push(b));
        res.on('end', () => resolve(got));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ model: 'gpt-4o-mini', messages: [], stream: true }));
    });
    assert.ok(chunks.length >= 2, `${chunks.length} reads`);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(chunks[0]), 'the first read ends inside a character');
    assert.ok(Buffer.concat(chunks).toString('utf8').includes('Cr'));
  });
});

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
