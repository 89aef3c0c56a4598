// Connects one board webview (sidebar view or editor panel) to the backlog service over the
// typed protocol. The same code serves both places.
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import type { BacklogRepository } from '../core/backlog/repository';
import type { BacklogService, ChangeEvent } from '../core/backlog/service';
import {
  type BoardState,
  BoardItemsChanged,
  BoardStateChanged,
  CreateItem,
  Diagnostic,
  type Endpoint,
  FilterItems,
  ItemAction,
  RenameItem,
  type Card,
  GetBoardState,
  Init,
  type ItemSummary,
  MoveItem,
  RunCommand,
} from '../core/protocol';
import { log } from '../log';
import { userFacing, WebviewConnection } from '../webviewConnection';
import { boardStrings, describeError, statusLabel, typeLabel } from '../messages';
import { searchItems } from '../core/search';

function summary(i: Item): ItemSummary {
  return { id: i.id, type: i.type, title: i.title, status: i.status, rank: i.rank, createdAt: i.createdAt, updatedAt: i.updatedAt };
}

/** Live connections, for the integration tests' inspection hooks. */
export const liveConnections = new Set<BoardConnection>();

export class BoardConnection implements vscode.Disposable {
  private readonly conn: WebviewConnection;
  readonly endpoint: Endpoint;
  private readonly disposables: vscode.Disposable[] = [];
  private pushScheduled = false;
  private readyCount = 0;
  /** Outbound messages are also given to these taps (tests). */
  readonly taps: Set<(m: unknown) => void>;

  constructor(
    webview: vscode.Webview,
    private readonly service: BacklogService,
    private readonly place: 'sidebar' | 'panel',
  ) {
    this.conn = new WebviewConnection(webview, `board:${place}`);
    this.endpoint = this.conn.endpoint;
    this.taps = this.conn.taps;
    this.register();
    const sub = service.onDidChange((e) => this.schedulePush(e));
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
    liveConnections.add(this);
  }

  get isReady(): boolean {
    return this.conn.isReady;
  }

  /** How many times the page completed the ready handshake (reloads and re-shows count). */
  get handshakes(): number {
    return this.readyCount;
  }

  /** Feeds a message exactly as if the page had posted it (tests). */
  receive(message: unknown): void {
    this.conn.receive(message);
  }

  /** The page was torn down (view hidden, panel reloading): hold messages until it is ready again. */
  reset(): void {
    this.conn.reset();
  }

  private register(): void {
    const e = this.endpoint;
    e.onReady(() => {
      this.readyCount++;
      e.notify(Init, { locale: vscode.env.language, strings: boardStrings(), view: this.place });
      void this.pushState();
    });
    e.handle(GetBoardState, userFacing(() => this.state()));
    e.handle(
      CreateItem,
      userFacing(async (p) => summary(await this.service.createItem({ title: p.title, status: p.status }))),
    );
    e.handle(
      MoveItem,
      userFacing(async (p) => summary(await this.service.moveItem(p.id, { status: p.status, before: p.before, after: p.after }))),
    );
    e.handle(
      RenameItem,
      userFacing(async (p) => summary(await this.service.updateItem(p.id, { title: p.title }))),
    );
    e.handle(
      ItemAction,
      userFacing(async (p) => {
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
      userFacing(async (p) => {
        const { repo } = await this.service.repo();
        const r = searchItems(repo.db, p.query, { limit: 100_000 });
        return { ids: r.hits.map((h) => h.id), warnings: r.warnings };
      }),
    );
    e.handle(
      RunCommand,
      userFacing(async (p) => {
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
      const items = this.cards(repo, repo.listItems());
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses, types, items, problem: null };
    } catch (err) {
      log().error(`[board] could not open backlog ${active.id}`, err instanceof Error ? err : String(err));
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses: [], items: [], problem: describeError(err) };
    }
  }

  /** Board cards for items; "blocked" = blocked by an item that is not done (nor archived). */
  private cards(repo: BacklogRepository, list: Item[]): Card[] {
    const doneStatus = new Set(repo.listStatuses().filter((st) => st.category === 'done').map((st) => st.key));
    const blockedIds = new Set(
      repo.db
        .query<{ to_id: string }>(
          `SELECT DISTINCT r.to_id FROM relations r JOIN items b ON b.id = r.from_id
            WHERE r.kind = 'blocks' AND b.archived_at IS NULL AND b.status NOT IN (${[...doneStatus].map(() => '?').join(',') || "''"})`,
          [...doneStatus],
        )
        .map((r) => r.to_id),
    );
    return list.map((i) => ({
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
      blocked: blockedIds.has(i.id),
      rank: i.rank,
    }));
  }

  /** Changes since the last push: item ids (small changes are sent as a patch), or a full push. */
  private pendingIds = new Set<string>();
  private pendingBacklog: string | undefined;
  private pendingFull = false;

  private schedulePush(e?: ChangeEvent): void {
    if (!e || e.kind !== 'items' || !e.itemIds.length || (this.pendingBacklog && this.pendingBacklog !== e.backlogId)) this.pendingFull = true;
    else {
      this.pendingBacklog = e.backlogId;
      for (const id of e.itemIds) this.pendingIds.add(id);
      if (this.pendingIds.size > 200) this.pendingFull = true;
    }
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setTimeout(() => {
      this.pushScheduled = false;
      const full = this.pendingFull;
      const ids = [...this.pendingIds];
      const backlogId = this.pendingBacklog;
      this.pendingFull = false;
      this.pendingIds.clear();
      this.pendingBacklog = undefined;
      void (full || !backlogId ? this.pushState() : this.pushPatch(backlogId, ids));
    }, 0);
  }

  /** Sends only the changed cards, plus the items they block (whose "blocked" mark may change). */
  private async pushPatch(backlogId: string, ids: string[]): Promise<void> {
    try {
      const active = await this.service.getActiveBacklog();
      if (active?.id !== backlogId) return;
      const { repo } = await this.service.repo(backlogId);
      const affected = new Set(ids);
      for (const id of ids) for (const to of repo.relationsOf(id).blocks) affected.add(to);
      const present = repo.listItems({ ids: [...affected] });
      const presentIds = new Set(present.map((i) => i.id));
      this.endpoint.notify(BoardItemsChanged, { backlogId, upsert: this.cards(repo, present), remove: [...affected].filter((id) => !presentIds.has(id)) });
    } catch (err) {
      log().error('[board] could not build a board update', err instanceof Error ? err : String(err));
      await this.pushState();
    }
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
    this.conn.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
