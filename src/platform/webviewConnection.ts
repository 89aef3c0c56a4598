// The host end of one webview page: a channel over vscode.Webview, held back until the page says
// it is ready (ReadyGate), and an Endpoint that validates everything the page sends. Shared by the
// board, the item editor and the dashboard.
import type * as vscode from 'vscode';
import { type Channel, Endpoint, ReadyGate } from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from './log';
import { describeError } from './messages';

class UserFacingError extends Error {
  readonly userFacing = true;
}

/** A message for the page: expected (Flowcast) errors are localised; others stay generic. */
export function userFacing<P, R>(fn: (p: P) => Promise<R>): (p: P) => Promise<R> {
  return async (p) => {
    try {
      return await fn(p);
    } catch (err) {
      if (err instanceof FlowcastError) throw new UserFacingError(describeError(err));
      throw err;
    }
  };
}

/** An error shown to the page as it is (its text is already localised). */
export function pageError(message: string): Error {
  return new UserFacingError(message);
}

export class WebviewConnection implements vscode.Disposable {
  readonly endpoint: Endpoint;
  readonly gate: ReadyGate;
  /** Outbound messages are also given to these taps (tests). */
  readonly taps = new Set<(m: unknown) => void>();
  private readonly inbound = new Set<(m: unknown) => void>();
  private readonly sub: vscode.Disposable;

  constructor(webview: vscode.Webview, label: string) {
    const raw: Channel = {
      post: (m) => {
        for (const t of this.taps) t(m);
        void webview.postMessage(m);
      },
      onMessage: (listener) => {
        this.inbound.add(listener);
        return () => this.inbound.delete(listener);
      },
    };
    this.sub = webview.onDidReceiveMessage((m: unknown) => this.receive(m));
    this.gate = new ReadyGate(raw);
    this.endpoint = new Endpoint(this.gate, {
      onRejected: (e) => log().warn(`[${label}] rejected a webview message: ${e.code}: ${e.message} ${(e.issues ?? []).join('; ')}`),
      onHandlerError: (method, err) => log().error(`[${label}] ${method} failed`, err instanceof Error ? err : String(err)),
    });
  }

  get isReady(): boolean {
    return this.gate.isReady;
  }

  /** Feeds a message exactly as if the page had posted it (tests). */
  receive(message: unknown): void {
    for (const l of [...this.inbound]) l(message);
  }

  /** The page was torn down (hidden, reloading): hold messages until it is ready again. */
  reset(): void {
    this.gate.reset();
  }

  dispose(): void {
    this.endpoint.dispose();
    this.sub.dispose();
  }
}

/**
 * Sends a page its whole state after changes, at most once per `delayMs`. A page that is not
 * ready is skipped: it gets the state on its ready handshake (call `now()` there).
 */
export class StatePusher {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly conn: { readonly isReady: boolean },
    private readonly push: () => Promise<void>,
    private readonly what: string,
    private readonly delayMs: number,
  ) {}

  schedule(): void {
    if (this.stopped || !this.conn.isReady || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.now();
    }, this.delayMs);
  }

  async now(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.push();
    } catch (err) {
      log().error(`[${this.what}] could not build the state`, err instanceof Error ? err : String(err));
    }
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
