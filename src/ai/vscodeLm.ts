// ChatProvider over VS Code's own language models (`vscode.lm`: GitHub Copilot or any extension
// that contributes a chat model). No key: VS Code asks the user for consent on the first request.
// The vscode namespace is a parameter of createVsCodeLmProviderWith so the mapping logic runs in
// plain Node unit tests with a stub; createVsCodeLmProvider passes the real one.
import type * as vscodeTypes from 'vscode';
import { AiError, isAiError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResult } from '../core/ai/types';

export interface LmSelector {
  vendor?: string;
  family?: string;
  id?: string;
}

export interface VsCodeLmOptions {
  /** Narrows the models considered (e.g. { vendor: 'copilot' }); ChatRequest.model refines it. */
  modelSelector?: LmSelector;
  /** Shown by VS Code in its consent dialog. */
  justification?: string;
}

export interface LmCancellationToken {
  readonly isCancellationRequested: boolean;
}

export interface LmCancellationTokenSource {
  readonly token: LmCancellationToken;
  cancel(): void;
  dispose(): void;
}

/** The part of vscode.LanguageModelChat the adapter uses (capabilities: VS Code >= 1.104, untyped in 1.95). */
export interface LmModel {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly name?: string;
  readonly capabilities?: { readonly supportsImageToText?: boolean };
  sendRequest(messages: unknown[], options: { justification?: string }, token: LmCancellationToken): Thenable<{ readonly text: AsyncIterable<string> }>;
  countTokens(text: unknown, token?: LmCancellationToken): Thenable<number>;
}

/** The part of the `vscode` namespace the adapter uses. */
export interface LmApi {
  lm: { selectChatModels(selector?: LmSelector): Thenable<readonly LmModel[]> };
  LanguageModelChatMessage: { User(content: string | unknown[]): unknown; Assistant(content: string): unknown };
  LanguageModelTextPart: new (value: string) => unknown;
  /** Present from VS Code 1.10x (image input); absent from the 1.95 typings. */
  LanguageModelDataPart?: { image(data: Uint8Array, mime: string): unknown };
  LanguageModelError: abstract new (...args: never[]) => Error;
  CancellationTokenSource: new () => LmCancellationTokenSource;
  l10n: { t(message: string, ...args: Array<string | number | boolean>): string };
}

/**
 * The LM API has no system role (only a proposed one), so system text goes first as a user message
 * with this prefix. Sent to the model, not shown to users: not translated.
 */
export const SYSTEM_PREFIX = '[System instructions: follow them for the whole conversation]';
export const SYSTEM_SUFFIX = '[End of system instructions]';

const USAGE_WAIT_MS = 1500;
const MAX_ERROR_DETAIL = 300;

/** The id listModels shows and ChatResult.model reports: vendor/family. */
export function modelKey(model: Pick<LmModel, 'vendor' | 'family' | 'id'>): string {
  return model.family ? `${model.vendor}/${model.family}` : model.id;
}

/**
 * Model ids for a QuickPick: vendor/family, or vendor/id for models that share a vendor/family
 * (several versions of one family), in the order VS Code gives, without duplicates.
 */
export function formatModelIds(models: readonly Pick<LmModel, 'vendor' | 'family' | 'id'>[]): string[] {
  const count = new Map<string, number>();
  for (const m of models) count.set(modelKey(m), (count.get(modelKey(m)) ?? 0) + 1);
  const out: string[] = [];
  for (const m of models) {
    const key = (count.get(modelKey(m)) ?? 0) > 1 ? `${m.vendor}/${m.id}` : modelKey(m);
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/**
 * Selectors to try, in order, for a model id typed by the user or picked from listModels:
 * "vendor/family" or "vendor/id", else a bare id or family. The base selector fills the rest.
 */
export function selectorsFor(model: string, base: LmSelector = {}): LmSelector[] {
  const m = model.trim();
  if (!m) return [{ ...base }];
  const out: LmSelector[] = [];
  const slash = m.indexOf('/');
  if (slash > 0 && slash < m.length - 1) {
    const vendor = m.slice(0, slash);
    const rest = m.slice(slash + 1);
    out.push({ ...base, vendor, family: rest }, { ...base, vendor, id: rest });
  }
  out.push({ ...base, id: m }, { ...base, family: m });
  return out;
}

function selectorText(sel: LmSelector): string {
  return Object.entries(sel)
    .filter(([, v]) => typeof v === 'string' && v)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function base64ToBytes(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/**
 * ChatMessages -> LanguageModelChatMessages: system messages become one leading user message with
 * a clear prefix; images are sent as data parts only when the API and the model take them,
 * otherwise they are left out (no error).
 */
export function toLmMessages(api: LmApi, messages: readonly ChatMessage[], vision: boolean): unknown[] {
  const out: unknown[] = [];
  const system = messages.filter((m) => m.role === 'system' && m.content.trim()).map((m) => m.content.trim());
  if (system.length) out.push(api.LanguageModelChatMessage.User(`${SYSTEM_PREFIX}\n${system.join('\n\n')}\n${SYSTEM_SUFFIX}`));
  const dataPart = api.LanguageModelDataPart;
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'assistant') {
      out.push(api.LanguageModelChatMessage.Assistant(m.content));
    } else if (vision && dataPart && m.images?.length) {
      out.push(api.LanguageModelChatMessage.User([new api.LanguageModelTextPart(m.content), ...m.images.map((img) => dataPart.image(base64ToBytes(img.base64), img.mime))]));
    } else {
      out.push(api.LanguageModelChatMessage.User(m.content));
    }
  }
  return out;
}

function supportsVision(api: LmApi, model: LmModel): boolean {
  return !!api.LanguageModelDataPart && model.capabilities?.supportsImageToText === true;
}

function isTimeout(reason: unknown): boolean {
  // AbortSignal.timeout() aborts with a DOMException named TimeoutError.
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

function abortedError(api: LmApi, signal: AbortSignal): AiError {
  return isTimeout(signal.reason)
    ? new AiError('timeout', api.l10n.t('The VS Code language model did not answer in time.'))
    : new AiError('cancelled', api.l10n.t('The request to the VS Code language model was cancelled.'));
}

function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  const one = raw.replace(/\s+/g, ' ').trim();
  return one.length > MAX_ERROR_DETAIL ? `${one.slice(0, MAX_ERROR_DETAIL)}…` : one || 'unknown error';
}

function lmErrorCode(api: LmApi, e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const isLmError = e instanceof api.LanguageModelError || (e as Error).name === 'LanguageModelError';
  if (!isLmError) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** Classifies a failure of selectChatModels / sendRequest / the response stream ('' = no model chosen yet). */
export function toAiError(api: LmApi, e: unknown, modelName: string, signal?: AbortSignal): AiError {
  if (isAiError(e)) return e;
  if (signal?.aborted) return abortedError(api, signal);
  const name = modelName || api.l10n.t('(any model)');
  const code = lmErrorCode(api, e);
  if (code === 'NoPermissions') {
    return new AiError(
      'forbidden',
      api.l10n.t(
        'VS Code did not let Flowcast use the language model {0}. VS Code asks for your consent on the first request: run the action again and choose Allow, or allow Flowcast under Accounts > Manage Language Model Access.',
        name,
      ),
    );
  }
  if (code === 'NotFound') return new AiError('model', api.l10n.t('The VS Code language model {0} is not available any more. Choose another model.', name));
  if (code === 'Blocked') return new AiError('rate', api.l10n.t('The VS Code language model {0} refused the request (limit or quota reached). Wait a moment and try again.', name));
  if (code === undefined && e instanceof Error && e.name === 'Canceled') {
    return new AiError('cancelled', api.l10n.t('The request to the VS Code language model was cancelled.'));
  }
  const text = errorText(e);
  const kind = code === undefined && /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|fetch failed|network|socket/i.test(text) ? 'network' : 'server';
  return new AiError(kind, api.l10n.t('The VS Code language model {0} failed: {1}', name, text));
}

function noModels(api: LmApi): AiError {
  return new AiError('config', api.l10n.t('No VS Code language model is available (install/sign in to GitHub Copilot or another provider)'));
}

/** Resolves with p, or rejects as soon as the signal aborts (p's late rejection is swallowed). */
function raceAbort<T>(api: LmApi, p: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  const promise = Promise.resolve(p);
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortedError(api, signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined);
      reject(abortedError(api, signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** Waits at most ms for p; undefined on timeout or failure (token counts are optional). */
async function within<T>(p: PromiseLike<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p).catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function countInput(model: LmModel, messages: unknown[], token: LmCancellationToken): Promise<number | undefined> {
  const counts = await Promise.all(messages.map((m) => model.countTokens(m, token)));
  return counts.every((n) => typeof n === 'number' && Number.isFinite(n)) ? counts.reduce((a, b) => a + b, 0) : undefined;
}

export function createVsCodeLmProviderWith(api: LmApi, opts: VsCodeLmOptions = {}): ChatProvider {
  const base = opts.modelSelector ?? {};
  const justification = opts.justification ?? api.l10n.t('Flowcast uses the language model to write and refine backlog items when you ask it to.');

  async function selectModel(requested: string, signal: AbortSignal): Promise<LmModel> {
    for (const selector of selectorsFor(requested, base)) {
      const models = await raceAbort(api, api.lm.selectChatModels(selector), signal);
      if (models.length) return models[0];
    }
    const all = await raceAbort(api, api.lm.selectChatModels({}), signal);
    if (!all.length) throw noModels(api);
    const shown = formatModelIds(all).slice(0, 8).join(', ');
    throw new AiError('model', api.l10n.t('The VS Code language model {0} is not available. Available: {1}', requested.trim() || selectorText(base), shown));
  }

  return {
    id: 'vscode',
    label: api.l10n.t('VS Code language models'),

    async chat(req: ChatRequest): Promise<ChatResult> {
      const { signal } = req;
      const requested = req.model ?? '';
      if (signal.aborted) throw abortedError(api, signal);
      let model: LmModel;
      try {
        model = await selectModel(requested, signal);
      } catch (e) {
        throw toAiError(api, e, requested, signal);
      }
      const name = modelKey(model);
      const messages = toLmMessages(api, req.messages, supportsVision(api, model));
      const cts = new api.CancellationTokenSource();
      const onAbort = () => cts.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const response = await raceAbort(api, model.sendRequest(messages, { justification }, cts.token), signal);
        const inputTokens = within(countInput(model, messages, cts.token), USAGE_WAIT_MS);
        let text = '';
        const it = response.text[Symbol.asyncIterator]();
        try {
          for (;;) {
            const step = await raceAbort(api, it.next(), signal);
            if (step.done) break;
            text += step.value;
            req.onText?.(step.value);
          }
        } catch (e) {
          void Promise.resolve(it.return?.()).catch(() => undefined);
          throw e;
        }
        if (signal.aborted) throw abortedError(api, signal);
        const [input, output] = await Promise.all([inputTokens, within(Promise.resolve().then(() => model.countTokens(text, cts.token)), USAGE_WAIT_MS)]);
        const usage = input !== undefined || output !== undefined ? { inputTokens: input, outputTokens: output } : undefined;
        return { text, model: name, ...(usage ? { usage } : {}) };
      } catch (e) {
        throw toAiError(api, e, name, signal);
      } finally {
        signal.removeEventListener('abort', onAbort);
        cts.dispose();
      }
    },

    async listModels(signal: AbortSignal): Promise<string[]> {
      try {
        const models = await raceAbort(api, api.lm.selectChatModels({}), signal);
        if (!models.length) throw noModels(api);
        return formatModelIds(models);
      } catch (e) {
        throw toAiError(api, e, '', signal);
      }
    },
  };
}

/** The VS Code language-model provider (Copilot or any extension's chat models). */
export function createVsCodeLmProvider(opts: VsCodeLmOptions = {}): ChatProvider {
  // Loaded here, not imported at the top, so the mapping above stays testable in plain Node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as typeof vscodeTypes;
  const api: LmApi = {
    lm: vscode.lm as unknown as LmApi['lm'],
    LanguageModelChatMessage: vscode.LanguageModelChatMessage,
    LanguageModelTextPart: vscode.LanguageModelTextPart,
    LanguageModelDataPart: (vscode as unknown as { LanguageModelDataPart?: LmApi['LanguageModelDataPart'] }).LanguageModelDataPart,
    LanguageModelError: vscode.LanguageModelError,
    CancellationTokenSource: vscode.CancellationTokenSource,
    l10n: vscode.l10n,
  };
  return createVsCodeLmProviderWith(api, opts);
}
