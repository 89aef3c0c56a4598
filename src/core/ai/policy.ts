// What every AI call goes through, whatever the provider: a timeout, cancellation from the UI,
// retries of 429/503 honouring Retry-After (at most 3 tries), and a usage record per attempt.
import { AiError, type ChatProvider, type ChatRequest, type ChatResult, isAiError } from './types';

export interface UsageEvent {
  provider: string;
  model: string;
  feature: string;
  ok: boolean;
  latencyMs: number;
  inputTokens?: number;
  outputTokens?: number;
  errorKind?: string;
  status?: number;
}

export interface PolicyOptions {
  /** Per attempt (setting flowcast.ai.timeoutSeconds). */
  timeoutMs: number;
  /** Total tries for 429/503 (default 3). */
  maxTries?: number;
  /** Waits longer than this are not attempted: the rate-limit error is reported instead. */
  maxRetryWaitMs?: number;
  /** Base of the exponential backoff when the server gives no Retry-After (default 1 s). */
  backoffMs?: number;
  /** Which feature calls (for the usage log). */
  feature: string;
  onUsage?: (e: UsageEvent) => void;
  onRetry?: (info: { attempt: number; waitMs: number; kind: string }) => void;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type PolicyRequest = Omit<ChatRequest, 'signal'> & { signal?: AbortSignal };

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): AiError {
  return new AiError('cancelled', 'Cancelled.');
}

function retryable(e: AiError): boolean {
  return e.kind === 'rate' || (e.kind === 'server' && e.detail.status === 503);
}

/** One chat call with timeout, cancellation and bounded retries. Throws AiError only. */
export async function chatWithPolicy(provider: ChatProvider, req: PolicyRequest, opts: PolicyOptions): Promise<ChatResult> {
  const maxTries = opts.maxTries ?? 3;
  const maxWait = opts.maxRetryWaitMs ?? 30_000;
  const backoff = opts.backoffMs ?? 1000;
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    if (req.signal?.aborted) throw cancelled();
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, opts.timeoutMs);
    const onUserAbort = () => ctrl.abort();
    req.signal?.addEventListener('abort', onUserAbort, { once: true });
    const started = Date.now();
    let error: AiError;
    try {
      const result = await provider.chat({ ...req, signal: ctrl.signal });
      opts.onUsage?.({ provider: provider.id, model: req.model, feature: opts.feature, ok: true, latencyMs: Date.now() - started, inputTokens: result.usage?.inputTokens, outputTokens: result.usage?.outputTokens });
      return result;
    } catch (e) {
      if (timedOut) error = new AiError('timeout', `${provider.label} did not answer within ${Math.round(opts.timeoutMs / 1000)} s.`);
      else if (req.signal?.aborted) error = cancelled();
      else if (isAiError(e)) error = e;
      else error = new AiError('network', `${provider.label}: ${e instanceof Error ? e.message : String(e)}`);
      if (error.kind !== 'cancelled') {
        opts.onUsage?.({ provider: provider.id, model: req.model, feature: opts.feature, ok: false, latencyMs: Date.now() - started, errorKind: error.kind, status: error.detail.status });
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onUserAbort);
    }
    if (!retryable(error) || attempt >= maxTries) throw error;
    const waitMs = error.detail.retryAfterMs ?? Math.round(backoff * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4));
    if (waitMs > maxWait) throw error;
    opts.onRetry?.({ attempt, waitMs, kind: error.kind });
    await sleep(waitMs, req.signal);
  }
}
