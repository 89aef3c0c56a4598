// The vscode.lm adapter's mapping logic in plain Node, with a stub of the vscode namespace. The
// real thing (a chat model registered by a test extension) is test/integration/suite/ai-vscode-lm.it.ts.
import assert from 'node:assert/strict';
import {
  createVsCodeLmProviderWith,
  formatModelIds,
  selectorsFor,
  SYSTEM_PREFIX,
  toAiError,
  toLmMessages,
  type LmApi,
  type LmCancellationToken,
  type LmModel,
  type LmSelector,
} from '../../src/ai/vscodeLm';
import { AiError, type AiErrorKind } from '../../src/core/ai/types';

class StubLmError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'LanguageModelError';
  }
}

class StubTextPart {
  constructor(readonly value: string) {}
}

class StubDataPart {
  constructor(
    readonly data: Uint8Array,
    readonly mimeType: string,
  ) {}
  static image(data: Uint8Array, mime: string) {
    return new StubDataPart(data, mime);
  }
}

interface StubMessage {
  role: 'user' | 'assistant';
  content: string | unknown[];
}

class StubCts {
  private cancelled = false;
  readonly token: LmCancellationToken = { isCancellationRequested: false };
  cancel() {
    this.cancelled = true;
    (this.token as { isCancellationRequested: boolean }).isCancellationRequested = true;
  }
  dispose() {}
  get wasCancelled() {
    return this.cancelled;
  }
}

function stubApi(models: LmModel[], { dataPart = true } = {}): LmApi & { selectors: LmSelector[] } {
  const selectors: LmSelector[] = [];
  return {
    selectors,
    lm: {
      selectChatModels: async (sel: LmSelector = {}) => {
        selectors.push(sel);
        return models.filter((m) => (!sel.vendor || m.vendor === sel.vendor) && (!sel.family || m.family === sel.family) && (!sel.id || m.id === sel.id));
      },
    },
    LanguageModelChatMessage: {
      User: (content: string | unknown[]): StubMessage => ({ role: 'user', content }),
      Assistant: (content: string): StubMessage => ({ role: 'assistant', content }),
    },
    LanguageModelTextPart: StubTextPart,
    ...(dataPart ? { LanguageModelDataPart: StubDataPart } : {}),
    LanguageModelError: StubLmError,
    CancellationTokenSource: StubCts,
    l10n: { t: (message: string, ...args: Array<string | number | boolean>) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
  };
}

interface Script {
  parts?: string[];
  error?: Error;
  /** stream the parts, then never finish (ignores the token: the adapter must still return on abort) */
  hang?: boolean;
}

function stubModel(vendor: string, family: string, id: string, script: () => Script = () => ({ parts: ['ok'] }), vision = false) {
  const calls: { messages: unknown[]; options: { justification?: string }; token: LmCancellationToken }[] = [];
  const model: LmModel & { calls: typeof calls } = {
    id,
    vendor,
    family,
    name: `${vendor} ${family}`,
    capabilities: { supportsImageToText: vision },
    calls,
    sendRequest: async (messages, options, token) => {
      calls.push({ messages, options, token });
      const s = script();
      async function* text() {
        for (const p of s.parts ?? []) {
          await new Promise((r) => setTimeout(r, 1));
          yield p;
        }
        if (s.hang) await new Promise(() => undefined);
        if (s.error !== undefined) throw s.error;
      }
      return { text: text() };
    },
    countTokens: async (text) => Math.ceil((typeof text === 'string' ? text : JSON.stringify(text)).length / 4),
  };
  return model;
}

async function rejectsWith(p: Promise<unknown>, kind: AiErrorKind): Promise<AiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AiError, String(e));
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected AiError ${kind}`);
}

const signal = () => new AbortController().signal;

describe('vscode.lm adapter (stubbed vscode)', () => {
  describe('model ids', () => {
    it('selectorsFor tries vendor/family, then vendor/id, then the whole string as id and family, on top of the base selector', () => {
      assert.deepEqual(selectorsFor('copilot/gpt-4o'), [{ vendor: 'copilot', family: 'gpt-4o' }, { vendor: 'copilot', id: 'gpt-4o' }, { id: 'copilot/gpt-4o' }, { family: 'copilot/gpt-4o' }]);
      assert.deepEqual(selectorsFor(' gpt-4o ', { vendor: 'copilot' }), [
        { vendor: 'copilot', id: 'gpt-4o' },
        { vendor: 'copilot', family: 'gpt-4o' },
      ]);
      assert.deepEqual(selectorsFor('', { vendor: 'copilot' }), [{ vendor: 'copilot' }]);
    });

    it('formatModelIds gives vendor/family, or vendor/id when several models share a family, without duplicates', () => {
      const ids = formatModelIds([
        { vendor: 'copilot', family: 'gpt-4o', id: 'gpt-4o' },
        { vendor: 'copilot', family: 'claude', id: 'claude-3.5' },
        { vendor: 'copilot', family: 'claude', id: 'claude-3.7' },
        { vendor: 'x', family: '', id: 'bare' },
      ]);
      assert.deepEqual(ids, ['copilot/gpt-4o', 'copilot/claude-3.5', 'copilot/claude-3.7', 'bare']);
    });
  });

  describe('messages', () => {
    it('system messages become one leading, clearly prefixed user message; the rest keep their order and roles', () => {
      const api = stubApi([]);
      const out = toLmMessages(
        api,
        [
          { role: 'system', content: 'Rule one.' },
          { role: 'user', content: 'q1' },
          { role: 'assistant', content: 'a1' },
          { role: 'system', content: 'Rule two.' },
          { role: 'user', content: 'q2' },
        ],
        false,
      ) as StubMessage[];
      assert.deepEqual(
        out.map((m) => m.role),
        ['user', 'user', 'assistant', 'user'],
      );
      const first = out[0].content as string;
      assert.ok(first.startsWith(SYSTEM_PREFIX));
      assert.ok(first.includes('Rule one.') && first.includes('Rule two.'));
      assert.deepEqual(
        out.slice(1).map((m) => m.content),
        ['q1', 'a1', 'q2'],
      );
    });

    it('images become data parts for a vision model and are dropped without error otherwise (or when the API lacks data parts)', () => {
      const msgs = [{ role: 'user' as const, content: 'look', images: [{ mime: 'image/png', base64: Buffer.from([1, 2, 3]).toString('base64') }] }];
      const [vision] = toLmMessages(stubApi([]), msgs, true) as StubMessage[];
      assert.ok(Array.isArray(vision.content));
      const [text, image] = vision.content as [StubTextPart, StubDataPart];
      assert.equal(text.value, 'look');
      assert.equal(image.mimeType, 'image/png');
      assert.deepEqual([...image.data], [1, 2, 3]);
      assert.deepEqual(toLmMessages(stubApi([]), msgs, false), [{ role: 'user', content: 'look' }]);
      assert.deepEqual(toLmMessages(stubApi([], { dataPart: false }), msgs, true), [{ role: 'user', content: 'look' }]);
    });
  });

  describe('errors', () => {
    const api = stubApi([]);
    it('maps LanguageModelError codes: NoPermissions -> forbidden with a consent hint, NotFound -> model, Blocked -> rate, others -> server', () => {
      const forbidden = toAiError(api, new StubLmError('x', 'NoPermissions'), 'copilot/gpt-4o');
      assert.equal(forbidden.kind, 'forbidden');
      assert.match(forbidden.message, /consent/);
      assert.match(forbidden.message, /copilot\/gpt-4o/);
      assert.equal(toAiError(api, new StubLmError('x', 'NotFound'), 'm').kind, 'model');
      assert.equal(toAiError(api, new StubLmError('x', 'Blocked'), 'm').kind, 'rate');
      const other = toAiError(api, new StubLmError('quota exceeded', 'quota'), 'm');
      assert.equal(other.kind, 'server');
      assert.match(other.message, /quota exceeded/);
    });

    it('recognises a LanguageModelError by name when it is not an instance (crossed the extension host boundary)', () => {
      const e = Object.assign(new Error('gone'), { name: 'LanguageModelError', code: 'NotFound' });
      assert.equal(toAiError(api, e, 'm').kind, 'model');
    });

    it('cancellation, timeouts, network-looking and other errors', () => {
      assert.equal(toAiError(api, Object.assign(new Error('Canceled'), { name: 'Canceled' }), 'm').kind, 'cancelled');
      const ac = new AbortController();
      ac.abort();
      assert.equal(toAiError(api, new Error('whatever'), 'm', ac.signal).kind, 'cancelled');
      const timeout = new AbortController();
      timeout.abort(Object.assign(new Error('t'), { name: 'TimeoutError' }));
      assert.equal(toAiError(api, new Error('whatever'), 'm', timeout.signal).kind, 'timeout');
      assert.equal(toAiError(api, new Error('getaddrinfo ENOTFOUND api.example'), 'm').kind, 'network');
      const long = toAiError(api, new Error('boom '.repeat(200)), 'm');
      assert.equal(long.kind, 'server');
      assert.ok(long.message.length < 400, 'long provider messages are clipped');
    });
  });

  describe('chat', () => {
    it('no model at all is a config error telling to install or sign in to a provider', async () => {
      const p = createVsCodeLmProviderWith(stubApi([]));
      const e = await rejectsWith(p.chat({ model: '', messages: [{ role: 'user', content: 'x' }], signal: signal() }), 'config');
      assert.match(e.message, /GitHub Copilot/);
      await rejectsWith(p.listModels!(signal()), 'config');
    });

    it('an unknown model is a model error listing what is available', async () => {
      const p = createVsCodeLmProviderWith(stubApi([stubModel('copilot', 'gpt-4o', 'gpt-4o')]));
      const e = await rejectsWith(p.chat({ model: 'copilot/nope', messages: [{ role: 'user', content: 'x' }], signal: signal() }), 'model');
      assert.match(e.message, /copilot\/gpt-4o/);
    });

    it('streams deltas to onText, returns the whole text, the model key and usage; sends the justification', async () => {
      const model = stubModel('copilot', 'gpt-4o', 'gpt-4o-2024', () => ({ parts: ['a', 'b', 'c'] }));
      const p = createVsCodeLmProviderWith(stubApi([model]), { justification: 'Because.' });
      const deltas: string[] = [];
      const r = await p.chat({ model: 'copilot/gpt-4o', messages: [{ role: 'user', content: 'hello' }], signal: signal(), onText: (d) => deltas.push(d) });
      assert.deepEqual(deltas, ['a', 'b', 'c']);
      assert.equal(r.text, 'abc');
      assert.equal(r.model, 'copilot/gpt-4o');
      assert.equal(r.usage?.outputTokens, 1);
      assert.ok((r.usage?.inputTokens ?? 0) > 0);
      assert.equal(model.calls[0].options.justification, 'Because.');
    });

    it('abort mid-stream cancels the token and rejects promptly even if the model ignores the token', async () => {
      const model = stubModel('v', 'f', 'i', () => ({ parts: ['first'], hang: true }));
      const p = createVsCodeLmProviderWith(stubApi([model]));
      const ac = new AbortController();
      const started = Date.now();
      await rejectsWith(p.chat({ model: 'v/f', messages: [{ role: 'user', content: 'x' }], signal: ac.signal, onText: () => ac.abort() }), 'cancelled');
      assert.ok(Date.now() - started < 1000);
      assert.equal(model.calls[0].token.isCancellationRequested, true);
    });

    it('an error thrown by the stream after some text is classified', async () => {
      const model = stubModel('v', 'f', 'i', () => ({ parts: ['part'], error: new StubLmError('slow down', 'Blocked') }));
      const p = createVsCodeLmProviderWith(stubApi([model]));
      await rejectsWith(p.chat({ model: 'v/f', messages: [{ role: 'user', content: 'x' }], signal: signal() }), 'rate');
    });

    it('uses the vision path only when the model says it takes images', async () => {
      const img = { mime: 'image/png', base64: 'AQID' };
      const plain = stubModel('v', 'text', 't');
      const seeing = stubModel('v', 'eyes', 'e', undefined, true);
      const p = createVsCodeLmProviderWith(stubApi([plain, seeing]));
      await p.chat({ model: 'v/text', messages: [{ role: 'user', content: 'x', images: [img] }], signal: signal() });
      await p.chat({ model: 'v/eyes', messages: [{ role: 'user', content: 'x', images: [img] }], signal: signal() });
      assert.equal(typeof (plain.calls[0].messages[0] as StubMessage).content, 'string');
      assert.ok(Array.isArray((seeing.calls[0].messages[0] as StubMessage).content));
    });

    it('listModels lists every model and the base selector narrows chat', async () => {
      const api = stubApi([stubModel('copilot', 'gpt-4o', 'a'), stubModel('other', 'gpt-4o', 'b')]);
      const p = createVsCodeLmProviderWith(api, { modelSelector: { vendor: 'other' } });
      assert.deepEqual(await p.listModels!(signal()), ['copilot/gpt-4o', 'other/gpt-4o']);
      const r = await p.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], signal: signal() });
      assert.equal(r.model, 'other/gpt-4o');
    });
  });
});
