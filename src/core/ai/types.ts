// The one interface every AI provider adapter implements (src/core/ai/providers/* for the SDKs,
// src/ai/vscodeLm.ts for VS Code's own language models). Pure TypeScript: no vscode import.

export const PROVIDER_IDS = ['openai', 'gemini', 'groq', 'custom', 'vscode'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface ChatImage {
  /** image/png, image/jpeg, image/gif or image/webp */
  mime: string;
  base64: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Images sent with a user message (vision-capable models only). */
  images?: ChatImage[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /**
   * Ask for JSON. With `schema` (a JSON Schema object, from zod) the adapter uses the provider's
   * structured output when it has one (OpenAI json_schema, Gemini responseJsonSchema), else its
   * JSON mode, else only the prompt asks for JSON.
   */
  json?: { name: string; schema: Record<string, unknown> };
  maxOutputTokens?: number;
  /** Ignored for reasoning models (they reject it). */
  temperature?: number;
  /** Aborts the HTTP request (user cancel or timeout). Always set by the policy layer. */
  signal: AbortSignal;
  /** When set, the adapter streams and calls this with each text delta (in order). */
  onText?: (delta: string) => void;
}

export interface ChatUsage {
  inputTokens?: number;
  outputTokens?: number;
}

export interface ChatResult {
  text: string;
  usage?: ChatUsage;
  /** Model id the provider reports (may differ from the requested alias). */
  model?: string;
  /** True when the provider stopped because of the output token limit. */
  truncated?: boolean;
}

export interface ChatProvider {
  readonly id: ProviderId;
  /** Human name for messages ("OpenAI", "Ollama at 127.0.0.1:11434"). */
  readonly label: string;
  chat(req: ChatRequest): Promise<ChatResult>;
  /** Model ids the provider lists, when its API can list them. */
  listModels?(signal: AbortSignal): Promise<string[]>;
}

/** Classified failure. Messages never contain keys, headers or request bodies. */
export type AiErrorKind =
  | 'auth' // 401, bad or missing key
  | 'forbidden' // 403, key valid but no access (region, org, model permission)
  | 'model' // 404 model not found / no access to this model
  | 'rate' // 429 after retries
  | 'server' // 5xx after retries
  | 'network' // connection refused, DNS, TLS, stream cut
  | 'timeout' // no answer within the timeout
  | 'cancelled' // the user cancelled
  | 'bad-request' // 400 other than the above
  | 'invalid-output' // answer not valid JSON / schema after the correction retry
  | 'config'; // missing key, invalid base URL, provider not chosen

/** Marks AiErrors across bundles (the SDK adapters live in a separately loaded bundle with its own class copy). */
const AI_ERROR = Symbol.for('flowcast.AiError');

export class AiError extends Error {
  readonly [AI_ERROR] = true;
  constructor(
    readonly kind: AiErrorKind,
    message: string,
    readonly detail: { status?: number; retryAfterMs?: number; fields?: string[] } = {},
  ) {
    super(message);
    this.name = 'AiError';
  }
}

export function isAiError(e: unknown): e is AiError {
  return typeof e === 'object' && e !== null && (e as { [AI_ERROR]?: unknown })[AI_ERROR] === true;
}

/** Settings an SDK adapter is built from (the key comes from SecretStorage, never from settings). */
export interface ProviderConfig {
  id: Exclude<ProviderId, 'vscode'>;
  apiKey?: string;
  /** Custom endpoints (and tests): base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 */
  baseUrl?: string;
}
