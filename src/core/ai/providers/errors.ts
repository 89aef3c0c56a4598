// Turns whatever an SDK throws (openai / groq-sdk APIError, @google/genai ApiError, fetch and
// socket errors, aborts) into one classified AiError with a short human message. Messages carry
// the provider label and the HTTP status, never a key, an Authorization header or a request body.
import { AiError, type ChatProvider, isAiError } from '../types';

export interface ErrorContext {
  /** Provider label for messages ("OpenAI", "Ollama at 127.0.0.1:11434"). */
  label?: string;
  /** Exact secrets to remove from any text we keep (the API key in use). */
  secrets?: readonly (string | undefined)[];
}

/** Longest piece of server message kept in our messages. */
const MAX_SERVER_MESSAGE = 200;

/** Removes anything that looks like a key or credential from `text`. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out
    .replace(/Bearer\s+[^\s"',]+/gi, 'Bearer ***')
    .replace(/\b(?:sk|gsk|xai)[-_][A-Za-z0-9_*.-]{6,}/g, '***')
    .replace(/AIza[0-9A-Za-z_-]{10,}/g, '***')
    .replace(/([?&]key=)[^&\s"']+/gi, '$1***')
    .replace(/(api[-_ ]?key(?: provided)?["']?\s*[:=]\s*["']?)[^\s"',)]+/gi, '$1***');
}

export function classifyError(err: unknown, signal?: AbortSignal, ctx: ErrorContext = {}): AiError {
  if (isAiError(err)) return err;
  const label = ctx.label ?? 'The AI provider';
  const scrub = (s: string) => shorten(scrubSecrets(s, ctx.secrets ?? []));

  if (signal?.aborted || isAbort(err)) return new AiError('cancelled', `${label}: request cancelled.`);

  const status = statusOf(err);
  if (status !== undefined) {
    const info = serverInfo(err);
    const text = `${info.message ?? ''} ${info.code ?? ''} ${info.status ?? ''} ${info.reasons.join(' ')}`;
    const kind = kindForStatus(status, text);
    const retryAfterMs = retryAfterOf(err, info.message ?? '');
    const said = info.message ? `: ${scrub(info.message)}` : '.';
    const detail = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    return new AiError(kind, statusMessage(kind, label, `HTTP ${status}`, said, retryAfterMs), detail);
  }

  const chain = causeChain(err);
  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  const names = chain.map((e) => (e instanceof Error ? e.name : ''));
  const msgs = chain.map((e) => (e instanceof Error ? e.message : typeof e === 'string' ? e : ''));
  const all = `${codes.join(' ')} ${msgs.join(' ')}`;

  // An unparsable body ("Unterminated string in JSON ...") is the server's fault, not the network's.
  if (names.includes('SyntaxError') || /parsing stream chunk/i.test(all)) return new AiError('server', `${label} sent an invalid response.`);
  if (names.includes('APIConnectionTimeoutError') || codes.some((c) => /TIMEOUT|ETIMEDOUT/.test(c)))
    return new AiError('timeout', `${label} did not answer in time.`);
  const code = codes.find((c) => /^(E[A-Z]+|UND_ERR_[A-Z_]+|CERT_[A-Z_]+|ERR_TLS_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|ERR_SSL_[A-Z_]+)$/.test(c));
  if (code && /CERT|TLS|SSL/.test(code)) return new AiError('network', `Could not reach ${label}: TLS error (${code}).`);
  if (code === 'ECONNREFUSED') return new AiError('network', `Could not reach ${label}: connection refused.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new AiError('network', `Could not reach ${label}: host not found (${code}).`);
  if (/\bterminated\b|other side closed|socket hang up|ECONNRESET|EPIPE|UND_ERR_SOCKET|premature close|Incomplete JSON segment/i.test(all))
    return new AiError('network', `${label} closed the connection before the answer was complete.`);
  if (names.includes('APIConnectionError') || code || /fetch failed|network|connect/i.test(all))
    return new AiError('network', `Could not reach ${label}${code ? ` (${code})` : ''}.`);
  const first = msgs.find((m) => m) ?? String(err);
  return new AiError('server', `${label} request failed: ${scrub(first)}`);
}

type StatusKind = 'auth' | 'forbidden' | 'model' | 'rate' | 'server' | 'timeout' | 'bad-request';

/** `http` is "HTTP 429", `said` ": <the server's own words>" or ".". */
function statusMessage(kind: StatusKind, label: string, http: string, said: string, retryAfterMs?: number): string {
  switch (kind) {
    case 'auth':
      return `${label} rejected the API key (${http}).`;
    case 'forbidden':
      return `${label} refused access (${http})${said}`;
    case 'model':
      return `${label} does not know this model or this key has no access to it (${http})${said}`;
    case 'rate':
      return `${label} rate limit or quota reached (${http})${retryAfterMs !== undefined ? `; retry in ${Math.ceil(retryAfterMs / 1000)} s.` : '.'}`;
    case 'server':
      return `${label} server error (${http})${said}`;
    case 'timeout':
      return `${label} timed out (${http}).`;
    case 'bad-request':
      return `${label} rejected the request (${http})${said}`;
  }
}

function kindForStatus(status: number, text: string): StatusKind {
  // Gemini answers 400 for a bad key and for an unsupported region.
  if (/API_KEY_INVALID|API key not valid|invalid_api_key/i.test(text)) return 'auth';
  if (status === 401) return 'auth';
  if (/FAILED_PRECONDITION|location is not supported/i.test(text) && status === 400) return 'forbidden';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'model';
  if (status === 429) return 'rate';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  if (isModelMissing(text)) return 'model';
  return 'bad-request';
}

function isModelMissing(text: string): boolean {
  return /model_not_found|unknown model|invalid model|models?\b[^.]{0,80}\b(does not exist|not found|not exist|is not supported|not available)/i.test(text);
}

function isAbort(err: unknown): boolean {
  return causeChain(err).some((e) => e instanceof Error && (e.name === 'AbortError' || e.name === 'APIUserAbortError' || e.constructor.name === 'APIUserAbortError'));
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown } | null)?.status;
  return typeof s === 'number' && s >= 100 && s < 600 ? s : undefined;
}

interface ServerInfo {
  message?: string;
  code?: string;
  status?: string;
  reasons: string[];
}

/** The provider's own error fields: openai `.error`, groq `.error.error`, Gemini JSON in `.message`. */
function serverInfo(err: unknown): ServerInfo {
  let body: unknown = (err as { error?: unknown }).error;
  if (body === undefined && err instanceof Error) {
    try {
      body = JSON.parse(err.message) as unknown;
    } catch {
      return { message: err.message.replace(/^\d{3}\s+/, ''), reasons: [] };
    }
  }
  // Unwrap {error: {...}} (groq keeps the whole body, Gemini's message is the whole body).
  while (isRecord(body) && isRecord(body.error)) body = body.error;
  if (!isRecord(body)) return { message: typeof body === 'string' ? body : undefined, reasons: [] };
  const reasons = Array.isArray(body.details) ? body.details.map((d) => (isRecord(d) && typeof d.reason === 'string' ? d.reason : '')).filter(Boolean) : [];
  return {
    message: typeof body.message === 'string' ? body.message : undefined,
    code: typeof body.code === 'string' || typeof body.code === 'number' ? String(body.code) : undefined,
    status: typeof body.status === 'string' ? body.status : undefined,
    reasons,
  };
}

/** Retry delay from Retry-After(-Ms) headers, Gemini's RetryInfo, or "try again in 2.5s". */
function retryAfterOf(err: unknown, serverMessage: string): number | undefined {
  const headers = (err as { headers?: unknown }).headers;
  const get = (name: string): string | undefined => {
    if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    if (isRecord(headers)) {
      const v = headers[name];
      return typeof v === 'string' ? v : undefined;
    }
    return undefined;
  };
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = parseRetryAfter(get('retry-after'));
  if (ra !== undefined) return ra;
  const raw = err instanceof Error ? err.message : '';
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(raw);
  if (delay) return Math.round(Number(delay[1]) * 1000);
  const again = /try again in (?:(\d+)m)?(\d+(?:\.\d+)?)(ms|s)\b/i.exec(serverMessage);
  if (again) return Math.round(Number(again[1] ?? 0) * 60_000 + Number(again[2]) * (again[3].toLowerCase() === 'ms' ? 1 : 1000));
  return undefined;
}

/** Retry-After header value (delta seconds or HTTP date) in ms. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  while (e !== undefined && e !== null && out.length < 6 && !out.includes(e)) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SERVER_MESSAGE ? `${one.slice(0, MAX_SERVER_MESSAGE - 1)}…` : one;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The adapter with every failure of chat() and listModels() turned into a classified, key-free AiError. */
export function withClassifiedErrors(p: ChatProvider, ctx: ErrorContext): ChatProvider {
  const listModels = p.listModels?.bind(p);
  return {
    id: p.id,
    label: p.label,
    async chat(req) {
      try {
        return await p.chat(req);
      } catch (e) {
        throw classifyError(e, req.signal, ctx);
      }
    },
    listModels: listModels
      ? async (signal) => {
          try {
            return await listModels(signal);
          } catch (e) {
            throw classifyError(e, signal, ctx);
          }
        }
      : undefined,
  };
}
