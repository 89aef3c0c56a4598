// A fake AI server on 127.0.0.1 speaking the two wire protocols the real SDKs use:
//  - OpenAI chat completions (also Groq and OpenAI-compatible endpoints): POST <prefix>/chat/completions
//    (JSON, or SSE when body.stream), GET <prefix>/models. Any prefix works: /v1 (openai SDK),
//    /openai/v1 (groq-sdk), /api/v1 ...
//  - Gemini: POST /<version>/models/<model>:generateContent and :streamGenerateContent?alt=sse,
//    GET /<version>/models.
// Used by unit tests, by integration tests inside VS Code and by UI tests, so: plain node:http,
// no vscode import, no dependency beyond node:*.
//
// Tests script answers with reply(...): each queued answer is consumed by the next request (any
// endpoint); when the queue is empty, opts.respond (or a fixed JSON answer) decides.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server received (headers lower-case, body parsed as JSON when it is JSON). */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. /v1/chat/completions */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON (the raw text when it is not JSON); read it through openaiBody() / geminiBody(). */
  body: unknown;
  protocol: 'openai' | 'gemini';
  /** 'chat' for a completion request, 'models' for a model list. */
  kind: 'chat' | 'models' | 'other';
  /** Model id from the body (OpenAI) or the path (Gemini). */
  model?: string;
  stream: boolean;
  /** Set when the client closed the connection before the answer was complete (Stop, timeout). */
  abortedByClient?: boolean;
  /** Epoch milliseconds (sub-millisecond precision) when the first streamed content was written. */
  firstContentAt?: number;
}

/** The chat-completions request fields tests look at (OpenAI, Groq, custom endpoints). */
export interface OpenAiChatBody {
  model: string;
  messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string } }[] }[];
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  reasoning_format?: string;
}

/** The generateContent request fields tests look at. */
export interface GeminiChatBody {
  contents: { role: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  systemInstruction?: { parts: { text?: string }[] };
  generationConfig?: { temperature?: number; maxOutputTokens?: number; responseMimeType?: string; responseJsonSchema?: unknown };
}

export const openaiBody = (r: RecordedRequest): OpenAiChatBody => r.body as OpenAiChatBody;
export const geminiBody = (r: RecordedRequest): GeminiChatBody => r.body as GeminiChatBody;

export type FakeFault =
  /** An HTTP error in the provider's real error JSON shape (body replaces that JSON when given). */
  | { fault: 'status'; status: number; retryAfter?: string; message?: string; body?: unknown }
  /** Waits delayMs before sending the headers, then answers `text` (or the default answer). */
  | { fault: 'slow'; delayMs: number; text?: string }
  /** 200 with an invalid JSON body, or an SSE chunk that is not JSON. */
  | { fault: 'malformed' }
  /** The answer wrapped in ```json fences. */
  | { fault: 'fenced'; text: string }
  /** The socket is destroyed after part of the body / stream. */
  | { fault: 'cut'; text: string }
  /** The stream (or body) is written in two TCP writes that split a multi-byte UTF-8 character. */
  | { fault: 'split-multibyte'; text: string }
  /** A normal answer whose finish reason is the output token limit (length / MAX_TOKENS). */
  | { fault: 'truncated'; text: string }
  /** A streamed answer with gapMs between events (the time of the first content event is recorded). */
  | { fault: 'paced'; text: string; gapMs: number };

/** A text answer (the assistant content) or a fault. */
export type FakeResponse = string | FakeFault;

export interface FakeAiServerOptions {
  /** Accepted keys (default ['test-key']). */
  validKeys?: string[];
  /** Accept OpenAI-protocol requests with no Authorization header (local endpoints). */
  allowNoKey?: boolean;
  /** Model ids listed by GET .../models (default gpt-4o-mini, o3-mini, gemini-2.5-flash, llama-3.3-70b-versatile). */
  models?: string[];
  /** Answer used when no reply is queued. Default: DEFAULT_REPLY. */
  respond?: (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;
}

export interface FakeAiServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** `${url}/v1`: baseURL for the openai SDK and custom endpoints. */
  readonly openaiBaseUrl: string;
  /** `${url}`: baseURL for groq-sdk (it appends /openai/v1). */
  readonly groqBaseUrl: string;
  /** `${url}`: httpOptions.baseUrl for @google/genai. */
  readonly geminiBaseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Mutable set of accepted keys. */
  readonly validKeys: Set<string>;
  /** Mutable list of listed model ids. */
  readonly models: string[];
  allowNoKey: boolean;
  /** Queues answers consumed in order by the next requests (any endpoint). */
  reply(...responses: FakeResponse[]): void;
  /** Number of queued answers not consumed yet. */
  pending(): number;
  /** Chat requests only (no model lists). */
  chatRequests(): RecordedRequest[];
  lastRequest(): RecordedRequest | undefined;
  /** Forgets recorded requests and queued answers. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_REPLY = '{"ok":true,"source":"fake-ai-server"}';
const DEFAULT_MODELS = ['gpt-4o-mini', 'o3-mini', 'gemini-2.5-flash', 'llama-3.3-70b-versatile'];

// unref: a pending 'slow' answer never keeps the test process alive after close().
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

export async function startFakeAiServer(opts: FakeAiServerOptions = {}): Promise<FakeAiServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeResponse[] = [];
  const validKeys = new Set(opts.validKeys ?? ['test-key']);
  const models = [...(opts.models ?? DEFAULT_MODELS)];
  const state = { allowNoKey: opts.allowNoKey ?? false };
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => s.setNoDelay(true));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const b = (body ?? {}) as { model?: string; stream?: boolean };
    const gem = /^\/[^/]+\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(u.pathname);
    // Gemini requests carry the key in x-goog-api-key (or ?key=); OpenAI ones use Authorization.
    const protocol = gem || 'x-goog-api-key' in headers || u.searchParams.has('key') ? 'gemini' : 'openai';
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers,
      body,
      protocol,
      kind: gem || (req.method === 'POST' && u.pathname.endsWith('/chat/completions')) ? 'chat' : req.method === 'GET' && u.pathname.endsWith('/models') ? 'models' : 'other',
      model: gem ? decodeURIComponent(gem[1]) : typeof b.model === 'string' ? b.model : undefined,
      stream: gem ? gem[2] === 'streamGenerateContent' : b.stream === true,
    };
    requests.push(rec);
    res.on('close', () => {
      if (!res.writableEnded) rec.abortedByClient = true;
    });

    // Keys are checked before the script: a bad key never consumes a queued answer.
    const keyError = checkKey(rec);
    if (keyError) return sendError(res, rec, keyError.status, keyError.message, keyError.body);
    if (rec.kind === 'other') return sendError(res, rec, 404, `No route for ${rec.method} ${rec.path}`);

    const answer = queue.length ? queue.shift()! : await (opts.respond?.(rec) ?? DEFAULT_REPLY);
    const fault: FakeFault | undefined = typeof answer === 'string' ? undefined : answer;
    let text = DEFAULT_REPLY;
    switch (fault?.fault) {
      case undefined:
        text = answer as string;
        break;
      case 'status':
        return sendError(res, rec, fault.status, fault.message, fault.body, fault.retryAfter);
      case 'slow':
        await sleep(fault.delayMs);
        if (res.destroyed) return; // the client gave up (abort / timeout)
        text = fault.text ?? DEFAULT_REPLY;
        break;
      case 'fenced':
        text = '```json\n' + fault.text + '\n```';
        break;
      case 'malformed':
        break;
      case 'cut':
      case 'split-multibyte':
      case 'truncated':
      case 'paced':
        text = fault.text;
    }

    if (rec.kind === 'models') return sendJson(res, 200, listModels(rec));
    const truncated = fault?.fault === 'truncated';
    if (rec.stream) return sendStream(res, rec, text, fault, truncated);
    if (fault?.fault === 'malformed') return sendRaw(res, 200, 'application/json', '{"id":"fake","choices":[{"message":{"content":"unfinis');
    const json = JSON.stringify(rec.protocol === 'gemini' ? geminiResponse(rec, text, true, truncated) : openaiCompletion(rec, text, truncated));
    if (fault?.fault === 'cut') return sendCut(res, 'application/json', json);
    if (fault?.fault === 'split-multibyte') return sendSplit(res, 'application/json', json);
    return sendRaw(res, 200, 'application/json', json);
  }

  function checkKey(rec: RecordedRequest): { status: number; message: string; body?: unknown } | undefined {
    if (rec.protocol === 'gemini') {
      const key = rec.headers['x-goog-api-key'] ?? rec.query.key;
      if (!key) return { status: 403, message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." };
      // Real Gemini answers 400 INVALID_ARGUMENT / API_KEY_INVALID for a bad key. Unlike the real
      // service, the message echoes the key so tests prove adapters scrub it.
      if (!validKeys.has(key))
        return {
          status: 400,
          message: '',
          body: { error: { code: 400, message: `API key not valid. Please pass a valid API key. (${key})`, status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }] } },
        };
      return undefined;
    }
    const auth = rec.headers.authorization;
    if (!auth) return state.allowNoKey ? undefined : { status: 401, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)." };
    const key = auth.replace(/^Bearer\s+/i, '');
    // Real OpenAI masks the key in this message; the fake echoes it whole so scrubbing is tested.
    if (!validKeys.has(key)) return { status: 401, message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.` };
    return undefined;
  }

  function listModels(rec: RecordedRequest): unknown {
    if (rec.protocol === 'gemini')
      return { models: models.map((id) => ({ name: `models/${id}`, displayName: id, supportedGenerationMethods: ['generateContent', 'countTokens'] })) };
    return { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })) };
  }

  // ---- answers in each protocol ------------------------------------------------------------

  function usageFor(rec: RecordedRequest, text: string) {
    return { prompt: tokens(JSON.stringify(rec.body ?? '')), completion: tokens(text) };
  }

  function openaiCompletion(rec: RecordedRequest, text: string, truncated: boolean) {
    const u = usageFor(rec, text);
    return {
      id: `chatcmpl-fake${++seq}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: rec.model ?? 'unknown',
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: truncated ? 'length' : 'stop' }],
      usage: { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion },
    };
  }

  function geminiResponse(rec: RecordedRequest, text: string, last: boolean, truncated: boolean) {
    const u = usageFor(rec, text);
    return {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(last ? { finishReason: truncated ? 'MAX_TOKENS' : 'STOP' } : {}) }],
      ...(last ? { usageMetadata: { promptTokenCount: u.prompt, candidatesTokenCount: u.completion, totalTokenCount: u.prompt + u.completion } } : {}),
      modelVersion: rec.model ?? 'unknown',
      responseId: `fake${seq}`,
    };
  }

  /** SSE events (without the trailing blank line) for a streamed answer of `text`. */
  function streamEvents(rec: RecordedRequest, text: string, truncated: boolean): string[] {
    const chars = Array.from(text); // split on code points: the TCP split is a separate fault
    const n = Math.max(1, Math.min(4, chars.length));
    const size = Math.ceil(chars.length / n);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
    if (!parts.length) parts.push('');
    if (rec.protocol === 'gemini') {
      seq++;
      let acc = '';
      return parts.map((p, i) => {
        acc += p;
        const last = i === parts.length - 1;
        const r = geminiResponse(rec, p, last, truncated);
        if (last) Object.assign(r, { usageMetadata: geminiResponse(rec, acc, true, truncated).usageMetadata });
        return `data: ${JSON.stringify(r)}`;
      });
    }
    const id = `chatcmpl-fake${++seq}`;
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: rec.model ?? 'unknown' };
    const includeUsage = (rec.body as { stream_options?: { include_usage?: boolean } }).stream_options?.include_usage === true;
    const chunk = (delta: object, finish: string | null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });
    const u = usageFor(rec, text);
    const usage = { prompt_tokens: u.prompt, completion_tokens: u.completion, total_tokens: u.prompt + u.completion };
    const objects: object[] = [chunk({ role: 'assistant', content: '' }, null), ...parts.map((p) => chunk({ content: p }, null))];
    const last = chunk({}, truncated ? 'length' : 'stop');
    // Groq (path /openai/v1/...) reports the stream's usage in the last chunk's x_groq field.
    objects.push(rec.path.startsWith('/openai/') ? { ...last, x_groq: { id: `req_${seq}`, usage } } : last);
    if (includeUsage) objects.push({ ...base, choices: [], usage });
    const events = objects.map((o) => `data: ${JSON.stringify(o)}`);
    events.push('data: [DONE]');
    return events;
  }

  async function sendStream(res: http.ServerResponse, rec: RecordedRequest, text: string, fault: FakeFault | undefined, truncated: boolean): Promise<void> {
    let events = streamEvents(rec, text, truncated);
    if (fault?.fault === 'malformed') events = [events[0], 'data: {"choices":[{"delta":{"content":"oops', ...events.slice(1)];
    const payload = events.map((e) => e + '\n\n');
    if (fault?.fault === 'split-multibyte') return sendSplit(res, 'text/event-stream', payload.join(''));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const stopAt = fault?.fault === 'cut' ? Math.max(1, Math.floor(payload.length / 2)) : payload.length;
    const firstContent = rec.protocol === 'gemini' ? 0 : 1; // OpenAI streams open with a role-only chunk
    for (let i = 0; i < stopAt; i++) {
      if (res.destroyed) return;
      if (i === firstContent) rec.firstContentAt = performance.timeOrigin + performance.now();
      res.write(payload[i]);
      await sleep(fault?.fault === 'paced' ? fault.gapMs : 2); // separate writes, like a real token stream
    }
    if (fault?.fault === 'cut') {
      // Half an event, then the connection dies.
      res.write(payload[stopAt]?.slice(0, 20) ?? 'data: {"cho');
      await sleep(10);
      res.socket?.destroy();
      return;
    }
    res.end();
  }

  // ---- errors --------------------------------------------------------------------------------

  function sendError(res: http.ServerResponse, rec: RecordedRequest, status: number, message?: string, body?: unknown, retryAfter?: string): void {
    const json = body ?? (rec.protocol === 'gemini' ? geminiError(rec, status, message, retryAfter) : openaiError(rec, status, message));
    sendRaw(res, status, 'application/json', typeof json === 'string' ? json : JSON.stringify(json), retryAfter !== undefined ? { 'retry-after': retryAfter } : {});
  }

  function openaiError(rec: RecordedRequest, status: number, message?: string) {
    const m = rec.model ?? 'unknown';
    const d: Record<number, [string, string, string | null]> = {
      400: ['Invalid request.', 'invalid_request_error', null],
      401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
      403: ['Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory'],
      404: [`The model \`${m}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'],
      429: [`Rate limit reached for ${m} on tokens per min (TPM): Limit 30000, Used 29500, Requested 900. Please try again in 2s.`, 'tokens', 'rate_limit_exceeded'],
      500: ['The server had an error while processing your request. Sorry about that!', 'server_error', null],
      503: ['The server is overloaded or not ready yet.', 'server_error', null],
    };
    const [msg, type, code] = d[status] ?? [`HTTP ${status}`, 'api_error', null];
    return { error: { message: message ?? msg, type, param: null, code } };
  }

  function geminiError(rec: RecordedRequest, status: number, message?: string, retryAfter?: string) {
    const d: Record<number, [string, string]> = {
      400: ['Request contains an invalid argument.', 'INVALID_ARGUMENT'],
      401: ['Request had invalid authentication credentials.', 'UNAUTHENTICATED'],
      403: ['The caller does not have permission', 'PERMISSION_DENIED'],
      404: [`models/${rec.model ?? 'unknown'} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`, 'NOT_FOUND'],
      429: ['You exceeded your current quota, please check your plan and billing details.', 'RESOURCE_EXHAUSTED'],
      500: ['An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', 'INTERNAL'],
      503: ['The model is overloaded. Please try again later.', 'UNAVAILABLE'],
    };
    const [msg, name] = d[status] ?? [`HTTP ${status}`, 'UNKNOWN'];
    // Gemini has no Retry-After header in practice: the delay is a google.rpc.RetryInfo detail.
    const details = retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter) ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }] : [];
    return { error: { code: status, message: message ?? msg, status: name, ...(details.length ? { details } : {}) } };
  }

  // ---- low-level writers ---------------------------------------------------------------------

  function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
    sendRaw(res, status, 'application/json', JSON.stringify(value));
  }

  function sendRaw(res: http.ServerResponse, status: number, type: string, text: string, extra: Record<string, string> = {}): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...extra });
    res.end(text);
  }

  /** Announces the full length, sends about half, then destroys the socket. */
  async function sendCut(res: http.ServerResponse, type: string, text: string): Promise<void> {
    const bytes = Buffer.from(text);
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await sleep(10);
    res.socket?.destroy();
  }

  /** Two TCP writes, 30 ms apart, cutting the first multi-byte UTF-8 character in half. */
  async function sendSplit(res: http.ServerResponse, type: string, text: string): Promise<void> {
    const bytes = Buffer.from(text);
    let at = bytes.findIndex((x) => x >= 0xc0); // lead byte of a multi-byte sequence
    at = at < 0 ? Math.floor(bytes.length / 2) : at + 1;
    res.writeHead(200, { 'content-type': type, ...(type === 'application/json' ? { 'content-length': bytes.length } : {}) });
    res.write(bytes.subarray(0, at));
    await sleep(30);
    if (res.destroyed) return;
    res.end(bytes.subarray(at));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    groqBaseUrl: url,
    geminiBaseUrl: url,
    requests,
    validKeys,
    models,
    get allowNoKey() {
      return state.allowNoKey;
    },
    set allowNoKey(v: boolean) {
      state.allowNoKey = v;
    },
    reply: (...r) => void queue.push(...r),
    pending: () => queue.length,
    chatRequests: () => requests.filter((r) => r.kind === 'chat'),
    lastRequest: () => requests[requests.length - 1],
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
