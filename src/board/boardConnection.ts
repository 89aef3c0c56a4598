// Connects one board webview (sidebar view or editor panel) to the backlog service over the
// typed protocol. The same code serves both places.
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogService } from '../core/backlog/service';
import {
  type BoardState,
  BoardStateChanged,
  type Channel,
  CreateItem,
  Diagnostic,
  Endpoint,
  GetBoardState,
  Init,
  type ItemSummary,
  MoveItem,
  ReadyGate,
  RunCommand,
} from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from '../log';
import { boardStrings, describeError, statusLabel } from '../messages';

function summary(i: Item): ItemSummary {
  return { id: i.id, type: i.type, title: i.title, status: i.status, rank: i.rank, createdAt: i.createdAt, updatedAt: i.updatedAt };
}

class UserFacingError extends Error {
  readonly userFacing = true;
}

/** Live connections, for the integration tests' inspection hooks. */
export const liveConnections = new Set<BoardConnection>();

export class BoardConnection implements vscode.Disposable {
  readonly endpoint: Endpoint;
  private readonly gate: ReadyGate;
  private readonly inbound = new Set<(m: unknown) => void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pushScheduled = false;
  private readyCount = 0;
  /** Outbound messages are also given to these taps (tests). */
  readonly taps = new Set<(m: unknown) => void>();

  constructor(
    private readonly webview: vscode.Webview,
    private readonly service: BacklogService,
    private readonly place: 'sidebar' | 'panel',
  ) {
    const raw: Channel = {
      post: (m) => {
        for (const t of this.taps) t(m);
        void this.webview.postMessage(m);
      },
      onMessage: (listener) => {
        this.inbound.add(listener);
        return () => this.inbound.delete(listener);
      },
    };
    this.disposables.push(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
    this.gate = new ReadyGate(raw);
    this.endpoint = new Endpoint(this.gate, {
      onRejected: (e) => log().warn(`[board:${place}] rejected a webview message: ${e.code}: ${e.message} ${(e.issues ?? []).join('; ')}`),
      onHandlerError: (method, err) => log().error(`[board:${place}] ${method} failed`, err instanceof Error ? err : String(err)),
    });
    this.register();
    const sub = service.onDidChange(() => this.schedulePush());
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
    liveConnections.add(this);
  }

  get isReady(): boolean {
    return this.gate.isReady;
  }

  /** How many times the page completed the ready handshake (reloads and re-shows count). */
  get handshakes(): number {
    return this.readyCount;
  }

  /** Feeds a message exactly as if the page had posted it (tests). */
  receive(message: unknown): void {
    for (const l of [...this.inbound]) l(message);
  }

  /** The page was torn down (view hidden, panel reloading): hold messages until it is ready again. */
  reset(): void {
    this.gate.reset();
  }

  private wrap<P, R>(fn: (p: P) => Promise<R>): (p: P) => Promise<R> {
    return async (p) => {
      try {
        return await fn(p);
      } catch (err) {
        if (err instanceof FlowcastError) throw new UserFacingError(describeError(err));
        throw err;
      }
    };
  }

  private register(): void {
    const e = this.endpoint;
    e.onReady(() => {
      this.readyCount++;
      e.notify(Init, { locale: vscode.env.language, strings: boardStrings(), view: this.place });
      void this.pushState();
    });
    e.handle(GetBoardState, this.wrap(() => this.state()));
    e.handle(
      CreateItem,
      this.wrap(async (p) => summary(await this.service.createItem({ title: p.title, status: p.status }))),
    );
    e.handle(
      MoveItem,
      this.wrap(async (p) => summary(await this.service.moveItem(p.id, { status: p.status }))),
    );
    e.handle(
      RunCommand,
      this.wrap(async (p) => {
        const result: unknown = await vscode.commands.executeCommand(`flowcast.${p.command}`);
        return { done: result !== undefined && result !== false };
      }),
    );
    e.onNotification(Diagnostic, (d) => {
      const line = `[board:${this.place}] webview: ${d.message}`;
      if (d.level === 'error') log().error(line);
      else if (d.level === 'warn') log().warn(line);
      else log().info(line);
    });
  }

  async state(): Promise<BoardState> {
    const backlogs = await this.service.listBacklogs();
    const active = await this.service.getActiveBacklog();
    if (!active) return { backlog: null, backlogCount: backlogs.length, statuses: [], items: [], problem: null };
    try {
      const { repo } = await this.service.repo(active.id);
      const statuses = repo.listStatuses().map((s) => ({ key: s.key, label: statusLabel(s.key, s.label), category: s.category }));
      const items = repo.listItems().map((i) => ({ id: i.id, type: i.type, title: i.title, status: i.status, rank: i.rank, createdAt: i.createdAt, updatedAt: i.updatedAt }));
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses, items, problem: null };
    } catch (err) {
      log().error(`[board] could not open backlog ${active.id}`, err instanceof Error ? err : String(err));
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses: [], items: [], problem: describeError(err) };
    }
  }

  private schedulePush(): void {
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setTimeout(() => {
      this.pushScheduled = false;
      void this.pushState();
    }, 10);
  }

  private async pushState(): Promise<void> {
    try {
      this.endpoint.notify(BoardStateChanged, await this.state());
    } catch (err) {
      log().error('[board] could not build the board state', err instanceof Error ? err : String(err));
    }
  }

  dispose(): void {
    liveConnections.delete(this);
    this.endpoint.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
