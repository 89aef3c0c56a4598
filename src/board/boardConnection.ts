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
  FilterItems,
  ItemAction,
  RenameItem,
  type Card,
  GetBoardState,
  Init,
  type ItemSummary,
  MoveItem,
  ReadyGate,
  RunCommand,
} from '../core/protocol';
import { FlowcastError } from '../core/util/errors';
import { log } from '../log';
import { boardStrings, describeError, statusLabel, typeLabel } from '../messages';
import { searchItems } from '../core/search';

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
      this.wrap(async (p) => summary(await this.service.moveItem(p.id, { status: p.status, before: p.before, after: p.after }))),
    );
    e.handle(
      RenameItem,
      this.wrap(async (p) => summary(await this.service.updateItem(p.id, { title: p.title }))),
    );
    e.handle(
      ItemAction,
      this.wrap(async (p) => {
        let result: unknown;
        switch (p.action) {
          case 'open':
            result = await vscode.commands.executeCommand('flowcast.openItem', p.id);
            break;
          case 'copyMarkdown':
            result = await vscode.commands.executeCommand('flowcast.copyItemMarkdown', p.id);
            break;
          case 'copyPrompt':
            result = await vscode.commands.executeCommand('flowcast.copyItemPrompt', p.id);
            break;
          case 'checkAllCriteria': {
            const item = await this.service.getItem(p.id);
            if (item) result = await this.service.updateItem(p.id, { criteria: item.criteria.map((c) => ({ ...c, checked: true })) });
            break;
          }
          case 'archive':
            result = await vscode.commands.executeCommand('flowcast.archiveItem', p.id);
            break;
          case 'delete':
            result = await vscode.commands.executeCommand('flowcast.deleteItem', p.id, { confirmed: true });
            break;
        }
        return { done: result !== undefined && result !== false };
      }),
    );
    e.handle(
      FilterItems,
      this.wrap(async (p) => {
        const { repo } = await this.service.repo();
        const r = searchItems(repo.db, p.query, { limit: 100_000 });
        return { ids: r.hits.map((h) => h.id), warnings: r.warnings };
      }),
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
      const allStatuses = repo.listStatuses();
      const statuses = allStatuses.map((s) => ({ key: s.key, label: statusLabel(s.key, s.label), category: s.category, wipLimit: s.wipLimit }));
      const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color }));
      const list = repo.listItems();
      const doneStatus = new Set(allStatuses.filter((s) => s.category === 'done').map((s) => s.key));
      const open = new Set(list.filter((i) => !doneStatus.has(i.status)).map((i) => i.id));
      const blocked = new Set(repo.allRelations().filter((r) => r.kind === 'blocks' && open.has(r.from)).map((r) => r.to));
      const items: Card[] = list.map((i) => ({
        id: i.id,
        type: i.type,
        title: i.title,
        emoji: i.emoji,
        status: i.status,
        priority: i.priority,
        effort: i.effort,
        severity: i.severity,
        tags: i.tags,
        criteriaDone: i.criteria.filter((c) => c.checked).length,
        criteriaTotal: i.criteria.length,
        blocked: blocked.has(i.id),
      }));
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses, types, items, problem: null };
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
