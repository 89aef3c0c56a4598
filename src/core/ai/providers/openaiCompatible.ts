// OpenAI and OpenAI-compatible endpoints (Ollama, LM Studio, vLLM, any base URL) with the openai
// SDK. Thin: one request per chat() call; timeouts, retries and JSON validation live in the
// policy layer, which owns the AbortSignal.
import OpenAI from 'openai';
import { AiError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResult, type ProviderConfig } from '../types';
import { withClassifiedErrors } from './errors';
import { isLoopbackHost, validateBaseUrl } from '../endpoint';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** The SDK's own timeout is only a backstop: the policy layer aborts through req.signal. */
export const SDK_TIMEOUT_MS = 30 * 60_000;

/** Models that reject `temperature` and want `max_completion_tokens` (o1, o3, o4-mini, gpt-5, deepseek-r1 ...). */
export function isReasoningModel(model: string): boolean {
  const id = (model.split('/').pop() ?? model).toLowerCase();
  return /^(o\d|gpt-5)/.test(id) || /reasoning|reasoner|deepseek-r1/.test(model.toLowerCase());
}

export { isLoopbackHost, validateBaseUrl };

/** "Ollama at 127.0.0.1:11434", "LM Studio at localhost:1234", "Custom endpoint at api.example.com". */
export function customEndpointLabel(url: URL): string {
  const local = isLoopbackHost(url.hostname);
  const name = local && url.port === '11434' ? 'Ollama' : local && url.port === '1234' ? 'LM Studio' : 'Custom endpoint';
  return `${name} at ${url.host}`;
}

type OpenAiMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** Our messages in the chat-completions shape; images become data-URL image_url parts. */
export function toOpenAiMessages(messages: readonly ChatMessage[]): OpenAiMessage[] {
  return messages.map((m): OpenAiMessage => {
    if (m.role === 'user' && m.images?.length)
      return {
        role: 'user',
        content: [
          { type: 'text', text: m.content },
          ...m.images.map((img) => ({ type: 'image_url' as const, image_url: { url: `data:${img.mime};base64,${img.base64}` } })),
        ],
      };
    return { role: m.role, content: m.content };
  });
}

/** response_format names must match ^[a-zA-Z0-9_-]{1,64}$. */
export function schemaName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'answer';
}

/** The parts of a completion / chunk we read (shared with the groq adapter). */
export interface CompletionLike {
  model?: string;
  choices: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  /** Groq puts the stream's usage in the last chunk's x_groq.usage. */
  x_groq?: { usage?: unknown } | null;
}

export function resultFromCompletion(r: CompletionLike): ChatResult {
  const c = r.choices[0];
  return finish({ text: c?.message?.content ?? '', model: r.model, usage: usageOf(r), truncated: c?.finish_reason === 'length' });
}

/** Reads a chat-completions stream, calling onText with each delta; stops at once when signal aborts. */
export async function resultFromStream(stream: AsyncIterable<CompletionLike>, onText: (delta: string) => void, signal: AbortSignal): Promise<ChatResult> {
  let text = '';
  let model: string | undefined;
  let usage: ChatResult['usage'];
  let truncated = false;
  for await (const chunk of stream) {
    // Chunks already buffered would still arrive after an abort: a cancelled call never succeeds.
    signal.throwIfAborted();
    model ??= chunk.model || undefined;
    usage = usageOf(chunk) ?? usage;
    const c = chunk.choices[0];
    const delta = c?.delta?.content;
    if (delta) {
      text += delta;
      onText(delta);
    }
    if (c?.finish_reason === 'length') truncated = true;
  }
  signal.throwIfAborted();
  return finish({ text, model, usage, truncated });
}

function usageOf(r: CompletionLike): ChatResult['usage'] {
  const u = r.usage ?? (r.x_groq?.usage as CompletionLike['usage']);
  if (!u || (u.prompt_tokens === undefined && u.completion_tokens === undefined)) return undefined;
  return { inputTokens: u.prompt_tokens ?? undefined, outputTokens: u.completion_tokens ?? undefined };
}

/** Drops a leading <think>…</think> block (local reasoning models) and undefined fields. */
function finish(r: ChatResult): ChatResult {
  const out: ChatResult = { text: r.text.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '') };
  if (r.model) out.model = r.model;
  if (r.usage) out.usage = r.usage;
  if (r.truncated) out.truncated = true;
  return out;
}

/** True for a 400 whose message names response_format (servers without structured output). */
function rejectsResponseFormat(e: unknown): boolean {
  const err = e as { status?: unknown; message?: unknown };
  return err?.status === 400 && typeof err.message === 'string' && /response_format|json_schema/i.test(err.message);
}

export function createOpenAiProvider(cfg: ProviderConfig & { id: 'openai' | 'custom' }): ChatProvider {
  const custom = cfg.id === 'custom';
  let baseURL = cfg.baseUrl ?? OPENAI_DEFAULT_BASE_URL;
  let label = 'OpenAI';
  if (custom) {
    if (!cfg.baseUrl) throw new AiError('config', 'Custom endpoint: set its base URL first (example: http://127.0.0.1:11434/v1).');
    const v = validateBaseUrl(cfg.baseUrl);
    if (!v.ok) throw new AiError('config', `Custom endpoint: ${v.reason}`);
    const u = new URL(v.url);
    baseURL = v.url;
    label = customEndpointLabel(u);
    if (!cfg.apiKey && !isLoopbackHost(u.hostname)) throw new AiError('config', `${label}: an API key is required for a non-local endpoint (Set API Key).`);
  } else if (!cfg.apiKey) {
    throw new AiError('config', 'OpenAI: no API key is set (Set API Key).');
  }
  const client = new OpenAI({
    // Everything explicit: the SDK must not pick up OPENAI_* environment variables (a key from the
    // environment would otherwise be sent to a custom endpoint).
    apiKey: cfg.apiKey || 'unused',
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    baseURL,
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    logLevel: 'off',
    // A local endpoint without a key gets no Authorization header at all.
    ...(cfg.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
  });
  const ctx = { label, secrets: [cfg.apiKey] };

  async function send(req: ChatRequest, withFormat: boolean): Promise<ChatResult> {
    const reasoning = isReasoningModel(req.model);
    const body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
      model: req.model,
      messages: toOpenAiMessages(req.messages),
    };
    if (req.maxOutputTokens !== undefined) {
      if (custom && !reasoning) body.max_tokens = req.maxOutputTokens;
      else body.max_completion_tokens = req.maxOutputTokens;
    }
    if (!reasoning && req.temperature !== undefined) body.temperature = req.temperature;
    if (req.json && withFormat)
      body.response_format = { type: 'json_schema', json_schema: { name: schemaName(req.json.name), schema: req.json.schema, strict: false } };
    if (req.onText) {
      const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal: req.signal });
      return resultFromStream(stream, req.onText, req.signal);
    }
    return resultFromCompletion(await client.chat.completions.create(body, { signal: req.signal }));
  }

  return withClassifiedErrors({
    id: cfg.id,
    label,
    async chat(req) {
      try {
        return await send(req, true);
      } catch (e) {
        // LM Studio / older servers: retry once without structured output; the prompt asks for JSON.
        if (custom && req.json && !req.signal.aborted && rejectsResponseFormat(e)) return await send(req, false);
        throw e;
      }
    },
    async listModels(signal) {
      const ids: string[] = [];
      for await (const m of client.models.list({ signal })) ids.push(m.id);
      return ids.sort();
    },
  }, ctx);
}
