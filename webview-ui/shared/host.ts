// The webview's end of the typed protocol. Everything the page needs comes through here:
// no network, no secrets, no VS Code API beyond postMessage/getState/setState.
import { type Channel, Diagnostic, Endpoint, type WireError } from '../../src/core/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscodeApi = acquireVsCodeApi();

const channel: Channel = {
  post: (m) => vscodeApi.postMessage(m),
  onMessage: (listener) => {
    const h = (e: MessageEvent) => listener(e.data);
    window.addEventListener('message', h);
    return () => window.removeEventListener('message', h);
  },
};

const rejectedListeners = new Set<(e: WireError) => void>();

export const host = new Endpoint(channel, {
  onRejected: (e) => {
    for (const l of rejectedListeners) l(e);
  },
});

/** Called when the host rejected one of our messages, or we rejected one of the host's. */
export function onProtocolError(l: (e: WireError) => void): () => void {
  rejectedListeners.add(l);
  return () => rejectedListeners.delete(l);
}

export function getViewState<T>(): T | undefined {
  return vscodeApi.getState() as T | undefined;
}

/** UI state only (never secrets): kept by VS Code across reloads and used to restore panels. */
export function setViewState(state: unknown): void {
  vscodeApi.setState(state);
}

// Report what the page cannot fix itself to the host's log (CSP violations, uncaught errors).
document.addEventListener('securitypolicyviolation', (e) => {
  host.notify(Diagnostic, { level: 'error', message: `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline content'}`.slice(0, 2000) });
});
window.addEventListener('error', (e) => {
  host.notify(Diagnostic, { level: 'error', message: `Uncaught error: ${String(e.message)}`.slice(0, 2000) });
});
window.addEventListener('unhandledrejection', (e) => {
  host.notify(Diagnostic, { level: 'error', message: `Unhandled rejection: ${String((e.reason as Error)?.message ?? e.reason)}`.slice(0, 2000) });
});

/** Lit reads this nonce if it ever has to fall back to <style> elements. */
(globalThis as { litNonce?: string }).litNonce = document.querySelector<HTMLMetaElement>('meta[name="flowcast-nonce"]')?.content;
