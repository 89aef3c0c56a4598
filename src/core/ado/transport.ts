// The HTTP policy under azure-devops-node-api: wraps the library's HttpClient.request so every call
// (location lookups included) goes through one limiter (at most N in flight), retries (429/503
// honouring Retry-After, other 5xx and resets with exponential backoff, timeouts), cancellation and
// the mapping of failures to AdoError (401/403/203-HTML = authentication, 404, 400 VS402337...).
import { abortableSleep } from '../ai/policy';
import { AdoError, authError, cancelledError, redact, serverMessage } from './errors';

/** The part of typed-rest-client's HttpClientResponse this layer touches. */
interface RawResponse {
  message: { statusCode?: number; headers: Record<string, string | string[] | undefined> };
  readBody(): Promise<string>;
}
type RequestFn = (verb: string, url: string, data: unknown, headers: unknown) => Promise<RawResponse>;
/** The part of typed-rest-client's HttpClient this layer patches. */
export interface PatchableHttpClient {
  request: RequestFn;
}

export interface TransportOptions {
  /** Requests in flight at most (default 4). */
  maxInFlight?: number;
  /** Per-request timeout in ms (default 30 s); applied as the library's socketTimeout. */
  timeoutMs?: number;
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff delay for 5xx / resets / timeouts (default 500 ms, doubled each time). */
  backoffMs?: number;
  /** A Retry-After longer than this fails instead of waiting (default 120 s). */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Called before each retry (for logs: never contains secrets). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface TransportStats {
  requests: number;
  retries: number;
  peakInFlight: number;
}

/** Waits, rejecting with a "cancelled" AdoError when the signal aborts. */
const sleep = (ms: number, signal?: AbortSignal) => abortableSleep(ms, signal).catch(() => Promise.reject(cancelledError()));

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class AdoTransport {
  readonly stats: TransportStats = { requests: 0, retries: 0, peakInFlight: 0 };
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly max: number;

  constructor(
    private readonly opts: TransportOptions,
    private readonly secrets: readonly string[],
  ) {
    this.max = Math.max(1, opts.maxInFlight ?? 4);
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? 30_000;
  }

  private async acquire(): Promise<void> {
    const signal = this.opts.signal;
    if (signal?.aborted) throw cancelledError();
    if (this.inFlight < this.max) {
      this.inFlight++;
    } else {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(cancelledError());
        };
        const go = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        this.waiting.push(go);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.stats.peakInFlight = Math.max(this.stats.peakInFlight, this.inFlight);
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes on: inFlight unchanged
    else this.inFlight--;
  }

  /** Routes `client.request` through this transport. `idempotent: false` = never retried after it may have reached the server. */
  patch(client: PatchableHttpClient, idempotent = true): void {
    const request = client.request;
    const original: RequestFn = (verb, url, data, headers) => request.call(client, verb, url, data, headers);
    client.request = (verb, url, data, headers) => this.send(original, [verb, url, data, headers], idempotent);
  }

  private async send(original: RequestFn, args: Parameters<RequestFn>, idempotent: boolean): Promise<RawResponse> {
    const maxRetries = this.opts.maxRetries ?? 5;
    const retryable = idempotent;
    for (let attempt = 0; ; attempt++) {
      await this.acquire();
      this.stats.requests++;
      let res: RawResponse;
      let body: string;
      try {
        res = await original(...args);
        body = await res.readBody();
      } catch (err) {
        this.release();
        if (this.opts.signal?.aborted) throw cancelledError();
        const e = err as { code?: string; message?: string };
        const timeout = /timeout/i.test(e.message ?? '') || e.code === 'ETIMEDOUT';
        if (retryable && attempt < maxRetries) {
          await this.retry(attempt, this.backoff(attempt), timeout ? 'timeout' : `network ${e.code ?? 'error'}`);
          continue;
        }
        if (timeout) throw new AdoError('timeout', `Azure DevOps: no answer within ${Math.round(this.timeoutMs / 1000)} s (${attempt + 1} attempts); check the network or try again later`);
        throw new AdoError('network', `Azure DevOps: the connection failed (${redact(e.code ?? e.message ?? 'network error', this.secrets).slice(0, 120)}); check the URL and the network`);
      }
      this.release();
      const status = res.message.statusCode ?? 0;
      const type = String(res.message.headers['content-type'] ?? '');
      if (status >= 200 && status < 300) {
        if (status === 203 || (/text\/html/i.test(type) && body.length > 0)) throw authError(status, 'the server answered with a sign-in page');
        res.readBody = () => Promise.resolve(body);
        return res;
      }
      if (status === 401) throw authError(401, 'HTTP 401: the token is wrong, expired or revoked');
      if (status === 403) throw authError(403, 'HTTP 403: the token lacks a scope or access to this project');
      if (status === 429 || status === 503) {
        const wait = retryAfterMs(res.message.headers['retry-after']);
        if (wait !== undefined && wait > (this.opts.maxRetryAfterMs ?? 120_000)) {
          throw new AdoError('rateLimited', `Azure DevOps: throttled; the server asks to wait ${Math.round(wait / 1000)} s. Try again later`, status);
        }
        if (attempt < maxRetries) {
          await this.retry(attempt, wait ?? this.backoff(attempt), `HTTP ${status}`);
          continue;
        }
        throw new AdoError(status === 429 ? 'rateLimited' : 'server', `Azure DevOps: ${status === 429 ? 'throttled (HTTP 429)' : 'service unavailable (HTTP 503)'} after ${attempt + 1} attempts; try again later`, status);
      }
      if (status >= 500) {
        if (retryable && attempt < maxRetries) {
          await this.retry(attempt, this.backoff(attempt), `HTTP ${status}`);
          continue;
        }
        throw new AdoError('server', `Azure DevOps: server error (HTTP ${status}) after ${attempt + 1} attempts; try again later`, status);
      }
      const info = serverMessage(body, this.secrets);
      if (status === 404) throw Object.assign(new AdoError('notFound', `Azure DevOps: not found${info.message ? `: ${info.message}` : ''}`, 404), { server: info });
      if (/VS402337/.test(info.message)) throw new AdoError('tooManyResults', 'Azure DevOps: the query returns more than 20,000 work items', status);
      throw new AdoError('badRequest', `Azure DevOps: request refused (HTTP ${status})${info.message ? `: ${info.message}` : ''}`, status);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(30_000, (this.opts.backoffMs ?? 500) * 2 ** attempt);
  }

  private async retry(attempt: number, delayMs: number, reason: string): Promise<void> {
    this.stats.retries++;
    this.opts.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await sleep(delayMs, this.opts.signal);
  }
}

/** The server's parsed error body attached to a 404 AdoError by the transport. */
export function serverInfoOf(err: unknown): { message: string; typeKey: string } {
  const s = (err as { server?: { message: string; typeKey: string } }).server;
  return s ?? { message: '', typeKey: '' };
}
