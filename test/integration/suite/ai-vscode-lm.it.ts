// The vscode.lm adapter against a real chat model provider: the test extension in
// test/fixtures/lm-test-extension (loaded next to Flowcast by scripts/run-integration.mjs) registers
// the vendor "flowcast-test" with vscode.lm.registerLanguageModelChatProvider. Its replies are
// scripted per test with the command flowcastTestLm.script; flowcastTestLm.requests tells what the
// model received. The test files live inside Flowcast's folder, so VS Code attributes these
// requests to Flowcast (requestInitiator "flowcast.flowcast"): extension to extension, for real.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createVsCodeLmProvider, SYSTEM_PREFIX } from '../../../src/ai/vscodeLm';
import { AiError, type AiErrorKind, type ChatMessage, type ChatProvider } from '../../../src/core/ai/types';
import { EXTENSION_ID, waitFor } from '../helpers';

const TEST_LM_EXTENSION = 'flowcast-test.flowcast-lm-test';
const ECHO = 'flowcast-test/echo';
const VISION = 'flowcast-test/vision';
// 1x1 transparent PNG
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type Reply = string | { parts?: string[]; delayMs?: number; hang?: boolean; error?: { code: string; message: string } };

interface SeenRequest {
  model: string;
  initiator: string;
  messages: { role: string; parts: { type: string; value?: string; mimeType?: string; bytes?: number }[] }[];
  cancelled: boolean;
  done: boolean;
}

async function script(...replies: Reply[]): Promise<void> {
  await vscode.commands.executeCommand('flowcastTestLm.script', replies);
}

async function seen(): Promise<SeenRequest[]> {
  return (await vscode.commands.executeCommand<SeenRequest[]>('flowcastTestLm.requests')) ?? [];
}

function user(content: string): ChatMessage {
  return { role: 'user', content };
}

async function expectAiError(p: Promise<unknown>, kind: AiErrorKind): Promise<AiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AiError, `expected an AiError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind of "${e.message}"`);
    return e;
  }
  assert.fail(`expected an AiError of kind ${kind}, but the call succeeded`);
}

describe('vscode.lm provider adapter (real VS Code, test chat model)', function () {
  this.timeout(60_000);
  let provider: ChatProvider;

  before(async () => {
    const ext = vscode.extensions.getExtension(TEST_LM_EXTENSION);
    assert.ok(ext, `${TEST_LM_EXTENSION} is not loaded: scripts/run-integration.mjs must load test/fixtures/lm-test-extension`);
    await ext.activate();
    provider = createVsCodeLmProvider({});
    // The model list fills in once the provider has answered provideLanguageModelChatInformation.
    await waitFor(async () => (await vscode.lm.selectChatModels({ vendor: 'flowcast-test' })).length > 0, 'the flowcast-test models');
  });

  it('listModels lists the test models as vendor/family ids', async () => {
    const ids = await provider.listModels!(new AbortController().signal);
    assert.ok(ids.includes(ECHO), `got ${ids.join(', ')}`);
    assert.ok(ids.includes(VISION), `got ${ids.join(', ')}`);
  });

  it('answers a plain request; the system text arrives first as a prefixed user message; the request comes from Flowcast', async () => {
    await script('Hello from the test model');
    const r = await provider.chat({
      model: ECHO,
      messages: [{ role: 'system', content: 'You write backlog items.' }, user('Write one.')],
      signal: new AbortController().signal,
    });
    assert.equal(r.text, 'Hello from the test model');
    assert.equal(r.model, ECHO);
    const [req] = await seen();
    assert.equal(req.model, 'echo');
    assert.equal(req.initiator, EXTENSION_ID);
    assert.deepEqual(
      req.messages.map((m) => m.role),
      ['user', 'user'],
    );
    const first = req.messages[0].parts[0].value ?? '';
    assert.ok(first.startsWith(SYSTEM_PREFIX), first);
    assert.ok(first.includes('You write backlog items.'), first);
    assert.equal(req.messages[1].parts[0].value, 'Write one.');
    assert.equal(req.done, true);
  });

  it('reports token usage counted by the model (countTokens)', async () => {
    await script('12345678');
    const r = await provider.chat({ model: ECHO, messages: [user('abcdefgh')], signal: new AbortController().signal });
    // the test model counts ceil(characters / 4)
    assert.deepEqual(r.usage, { inputTokens: 2, outputTokens: 2 });
  });

  it('keeps assistant turns in order and finds a model by bare family or id', async () => {
    await script('ok');
    await provider.chat({
      model: 'echo',
      messages: [user('q1'), { role: 'assistant', content: 'a1' }, user('q2')],
      signal: new AbortController().signal,
    });
    const [req] = await seen();
    assert.deepEqual(
      req.messages.map((m) => [m.role, m.parts[0].value]),
      [
        ['user', 'q1'],
        ['assistant', 'a1'],
        ['user', 'q2'],
      ],
    );
  });

  it('streams: onText gets the deltas in order and they add up to the final text', async () => {
    await script({ parts: ['alpha ', 'beta ', 'gamma'] });
    const deltas: string[] = [];
    const r = await provider.chat({ model: ECHO, messages: [user('go')], signal: new AbortController().signal, onText: (d) => deltas.push(d) });
    assert.equal(r.text, 'alpha beta gamma');
    assert.ok(deltas.length >= 2, `expected several deltas, got ${JSON.stringify(deltas)}`);
    assert.equal(deltas.join(''), r.text);
  });

  it('aborting the signal mid-stream cancels the model request (CancellationToken) and rejects with "cancelled"', async () => {
    await script({ parts: ['first '], hang: true });
    const ac = new AbortController();
    const started = Date.now();
    const deltas: string[] = [];
    const err = await expectAiError(
      provider.chat({
        model: ECHO,
        messages: [user('long answer please')],
        signal: ac.signal,
        onText: (d) => {
          deltas.push(d);
          ac.abort();
        },
      }),
      'cancelled',
    );
    assert.ok(err.message.length > 0);
    assert.deepEqual(deltas, ['first ']);
    assert.ok(Date.now() - started < 10_000, 'the cancel took too long');
    // the provider saw its CancellationToken fire
    await waitFor(async () => (await seen())[0]?.cancelled, 'the test model to see the cancellation', 10_000);
  });

  it('an already aborted signal sends nothing', async () => {
    await script('never');
    const ac = new AbortController();
    ac.abort();
    await expectAiError(provider.chat({ model: ECHO, messages: [user('x')], signal: ac.signal }), 'cancelled');
    assert.equal((await seen()).length, 0);
  });

  it('a timeout signal (AbortSignal.timeout) rejects with "timeout"', async () => {
    await script({ hang: true });
    await expectAiError(provider.chat({ model: ECHO, messages: [user('x')], signal: AbortSignal.timeout(300) }), 'timeout');
    await waitFor(async () => (await seen())[0]?.cancelled, 'the test model to see the cancellation', 10_000);
  });

  it('maps LanguageModelError codes: NoPermissions -> forbidden (consent hint), NotFound -> model, Blocked -> rate', async () => {
    await script(
      { error: { code: 'NoPermissions', message: 'not allowed' } },
      { error: { code: 'NotFound', message: 'gone' } },
      { error: { code: 'Blocked', message: 'slow down' } },
    );
    const ask = () => provider.chat({ model: ECHO, messages: [user('x')], signal: new AbortController().signal });
    const forbidden = await expectAiError(ask(), 'forbidden');
    assert.match(forbidden.message, /consent/);
    assert.match(forbidden.message, /flowcast-test\/echo/);
    await expectAiError(ask(), 'model');
    await expectAiError(ask(), 'rate');
  });

  it('an error after some streamed text still rejects, classified; other codes and plain errors are "server" with their message', async () => {
    await script({ parts: ['partial '], error: { code: 'Blocked', message: 'quota' } }, { error: { code: 'SomethingElse', message: 'odd failure' } }, { error: { code: 'plain', message: 'provider crashed' } });
    const deltas: string[] = [];
    await expectAiError(provider.chat({ model: ECHO, messages: [user('x')], signal: new AbortController().signal, onText: (d) => deltas.push(d) }), 'rate');
    assert.deepEqual(deltas, ['partial ']);
    const other = await expectAiError(provider.chat({ model: ECHO, messages: [user('x')], signal: new AbortController().signal }), 'server');
    assert.match(other.message, /odd failure/);
    const plain = await expectAiError(provider.chat({ model: ECHO, messages: [user('x')], signal: new AbortController().signal }), 'server');
    assert.match(plain.message, /provider crashed/);
  });

  it('an unknown model id is a "model" error that names the available models', async () => {
    const err = await expectAiError(provider.chat({ model: 'flowcast-test/nope', messages: [user('x')], signal: new AbortController().signal }), 'model');
    assert.match(err.message, /flowcast-test\/echo/);
  });

  it('images reach a vision model as data parts and are left out (no error) for a text-only model', async () => {
    await script('seen', 'text only');
    const msg: ChatMessage = { role: 'user', content: 'What is this?', images: [{ mime: 'image/png', base64: PNG_1PX }] };
    const withVision = await provider.chat({ model: VISION, messages: [msg], signal: new AbortController().signal });
    assert.equal(withVision.text, 'seen');
    const textOnly = await provider.chat({ model: ECHO, messages: [msg], signal: new AbortController().signal });
    assert.equal(textOnly.text, 'text only');
    const [v, t] = await seen();
    assert.deepEqual(
      v.messages[0].parts.map((p) => p.type),
      ['text', 'data'],
    );
    assert.equal(v.messages[0].parts[1].mimeType, 'image/png');
    assert.equal(v.messages[0].parts[1].bytes, Buffer.from(PNG_1PX, 'base64').length);
    assert.deepEqual(
      t.messages[0].parts.map((p) => p.type),
      ['text'],
    );
  });

  it('a model selector narrows the choice: a vendor with no models is a "model" error, not a crash', async () => {
    const narrowed = createVsCodeLmProvider({ modelSelector: { vendor: 'no-such-vendor' } });
    await expectAiError(narrowed.chat({ model: '', messages: [user('x')], signal: new AbortController().signal }), 'model');
    const byVendor = createVsCodeLmProvider({ modelSelector: { vendor: 'flowcast-test' } });
    await script('from the vendor selector');
    const r = await byVendor.chat({ model: 'echo', messages: [user('x')], signal: new AbortController().signal });
    assert.equal(r.text, 'from the vendor selector');
  });
});
