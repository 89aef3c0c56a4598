// Connects one board webview (sidebar view or editor panel) to the backlog service over the
// typed protocol. The same code serves both places.
import * as vscode from 'vscode';
import type { Item } from '../core/backlog/model';
import { type BacklogRepository, UNDO_MAX_ITEMS } from '../core/backlog/repository';
import type { BacklogService, ChangeEvent } from '../core/backlog/service';
import {
  type BoardState,
  BoardItemsChanged,
  BoardPrefsSchema,
  BoardStateChanged,
  BulkAction,
  SaveBoardPrefs,
  BulkEdit,
  CreateItem,
  SaveView,
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
import { log } from '../platform/log';
import { FlowcastError } from '../core/util/errors';
import { userFacing, WebviewConnection } from '../platform/webviewConnection';
import { boardStrings, describeError, statusLabel, typeLabel } from '../platform/messages';
import { searchItems } from '../core/search';
import { loadScores } from '../core/ai/analysisStore';
import { boardExtraStrings, singleClickSetting } from './boardStrings';
import { BoardDatesFeed } from './boardForecastDates';
import type { CardDatesAnswer } from '../forecast/cardDates';
import type { LiveForecast } from '../forecast/liveForecast';

function summary(i: Item): ItemSummary {
  return { id: i.id, type: i.type, title: i.title, status: i.status, rank: i.rank, createdAt: i.createdAt, updatedAt: i.updatedAt };
}

/** The harmless "ResizeObserver loop" notice as the page's error reporter words it. */
export const RESIZE_OBSERVER_NOTICE = /^Uncaught error: ResizeObserver loop (completed with undelivered notifications|limit exceeded)\.?$/;

/** Cards per column in a new page's first state (a tall column shows about 20). */
export const FIRST_PAINT_CARDS = 40;

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
    dates?: LiveForecast<CardDatesAnswer>,
  ) {
    this.conn = new WebviewConnection(webview, `board:${place}`);
    this.endpoint = this.conn.endpoint;
    this.taps = this.conn.taps;
    this.datesFeed = new BoardDatesFeed(this.endpoint, service, dates, () => this.conn.isReady);
    this.disposables.push(this.datesFeed);
    this.register();
    const sub = service.onDidChange((e) => {
      this.version++;
      this.schedulePush(e);
    });
    this.disposables.push(new vscode.Disposable(() => sub.dispose()));
    liveConnections.add(this);
    // The page takes a while to load: build its first state meanwhile (used if nothing changed).
    // Only what fits on screen: the rest follows once the first cards are painted.
    const prefetch = this.state(FIRST_PAINT_CARDS);
    prefetch.catch(() => undefined);
    this.prefetched = { version: this.version, state: prefetch };
  }

  private readonly datesFeed: BoardDatesFeed;

  /** Backlog changes seen; a prefetched state is used only if none happened since. */
  private version = 0;
  private prefetched: { version: number; state: Promise<BoardState> } | undefined;

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
      void (async () => {
        await this.sendInit();
        await this.pushState(true);
        await this.datesFeed.send();
      })();
    });
    // A changed click setting reaches an open board at once.
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((ev) => {
        if (ev.affectsConfiguration('flowcast.board.singleClick') && this.conn.isReady) void this.sendInit();
      }),
    );
    e.onNotification(SaveBoardPrefs, (p) => {
      this.service.setPreference(`board.${this.place}`, p.prefs).catch((err: unknown) => log().warn(`[board] could not save the board preferences: ${err instanceof Error ? err.message : String(err)}`));
    });
    e.handle(GetBoardState, userFacing(() => this.state()));
    e.handle(
      CreateItem,
      userFacing(async (p) => summary(await this.service.createItem({ title: p.title, status: p.status }))),
    );
    e.handle(
      MoveItem,
      userFacing(async (p) => {
        if (p.lane?.field === 'type' && !(await this.service.listTypes()).some((t) => t.key === p.lane?.value)) {
          throw new FlowcastError('invalid_input', `Unknown type "${p.lane.value}": reload the board.`);
        }
        const set = p.lane ? (p.lane.field === 'type' ? { type: p.lane.value } : { priority: p.lane.value }) : undefined;
        return summary(await this.service.moveItem(p.id, { status: p.status, before: p.before, after: p.after }, undefined, set));
      }),
    );
    e.handle(
      BulkEdit,
      userFacing(async (p) => {
        if (!(await this.confirmLarge(p.ids.length))) return { count: 0 };
        const changed = await this.service.bulkUpdate(p.ids, p.patch);
        if (changed.length) this.offerUndo(vscode.l10n.t('Updated {0} items.', changed.length), changed.length);
        return { count: changed.length };
      }),
    );
    e.handle(
      BulkAction,
      userFacing(async (p) => {
        const ids = [...new Set(p.ids)];
        if (p.action === 'delete') {
          const del = vscode.l10n.t('Delete');
          const detail =
            ids.length > UNDO_MAX_ITEMS
              ? vscode.l10n.t('This change touches more than {0} items and cannot be undone.', UNDO_MAX_ITEMS)
              : vscode.l10n.t('You can undo this with "Flowcast: Undo". Archiving keeps the item out of the way without deleting it.');
          const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0} items?', ids.length), { modal: true, detail }, del);
          if (answer !== del) return { count: 0 };
          await this.service.deleteItems(ids);
          this.offerUndo(vscode.l10n.t('Deleted {0} items.', ids.length), ids.length);
        } else {
          if (!(await this.confirmLarge(ids.length))) return { count: 0 };
          await this.service.archiveItems(ids);
          this.offerUndo(vscode.l10n.t('Archived {0} items.', ids.length), ids.length);
        }
        return { count: ids.length };
      }),
    );
    e.handle(
      SaveView,
      userFacing(async (p) => {
        const name =
          p.name ??
          (await vscode.window.showInputBox({
            title: vscode.l10n.t('Save View'),
            prompt: vscode.l10n.t('Name of the view for "{0}"', p.query),
            validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
          }));
        if (!name?.trim()) return { saved: false };
        await this.service.workflow((r) => r.saveView(name.trim(), p.query));
        return { saved: true };
      }),
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
          case 'openWorkItem':
            result = await vscode.commands.executeCommand('flowcast.azureDevOps.openWorkItem', p.id);
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
      // Chromium reports a layout that settled over two frames as an error event; nothing failed.
      if (RESIZE_OBSERVER_NOTICE.test(d.message)) return;
      if (d.level === 'error') log().error(line);
      else if (d.level === 'warn') log().warn(line);
      else log().info(line);
    });
  }

  private async sendInit(): Promise<void> {
    const saved = BoardPrefsSchema.safeParse(await this.service.getPreference(`board.${this.place}`).catch(() => undefined));
    this.endpoint.notify(Init, { locale: vscode.env.language, strings: { ...boardStrings(), ...boardExtraStrings() }, view: this.place, singleClick: singleClickSetting(), ...(saved.success ? { prefs: saved.data } : {}) });
  }

  /** Changes above the undo log's size cannot be undone: the user says so first. */
  private async confirmLarge(count: number): Promise<boolean> {
    if (count <= UNDO_MAX_ITEMS) return true;
    const go = vscode.l10n.t('Continue');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Change {0} items?', count), { modal: true, detail: vscode.l10n.t('This change touches more than {0} items and cannot be undone.', UNDO_MAX_ITEMS) }, go);
    return answer === go;
  }

  private offerUndo(message: string, count: number): void {
    if (count > UNDO_MAX_ITEMS) {
      void vscode.window.showInformationMessage(message);
      return;
    }
    const undo = vscode.l10n.t('Undo');
    void vscode.window.showInformationMessage(message, undo).then((a) => a === undo && vscode.commands.executeCommand('flowcast.undo'));
  }

  /** The board's state; with `perColumn`, only the first cards of each column (and the counts). */
  async state(perColumn?: number): Promise<BoardState> {
    const backlogs = await this.service.listBacklogs();
    const active = await this.service.getActiveBacklog();
    if (!active) return { backlog: null, backlogCount: backlogs.length, statuses: [], items: [], problem: null };
    try {
      const { repo } = await this.service.repo(active.id);
      const allStatuses = repo.listStatuses();
      const statuses = allStatuses.map((s) => ({ key: s.key, label: statusLabel(s.key, s.label), category: s.category, wipLimit: s.wipLimit }));
      const types = repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color }));
      const views = repo.listViews();
      const head = perColumn ? this.firstCards(repo, perColumn) : undefined;
      const items = this.cards(repo, head?.ids);
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses, types, items, views, problem: null, ...(head ? { partial: { counts: head.counts } } : {}) };
    } catch (err) {
      log().error(`[board] could not open backlog ${active.id}`, err instanceof Error ? err : String(err));
      return { backlog: { id: active.id, name: active.name }, backlogCount: backlogs.length, statuses: [], items: [], problem: describeError(err) };
    }
  }

  /** The ids of the first `n` cards of each column (rank order) and the number of cards per status; undefined when every card fits. */
  private firstCards(repo: BacklogRepository, n: number): { ids: string[]; counts: Record<string, number> } | undefined {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const r of repo.db.query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM items WHERE archived_at IS NULL GROUP BY status')) {
      counts[r.status] = Number(r.n);
      total += Number(r.n);
    }
    if (total <= n * Math.max(1, Object.keys(counts).length)) return undefined;
    const ids = repo.db
      .query<{ id: string }>('SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY status ORDER BY rank) AS k FROM items WHERE archived_at IS NULL) WHERE k <= ?', [n])
      .map((r) => r.id);
    return { ids, counts };
  }

  /** Board cards; "blocked" = blocked by an item that is not done (nor archived). */
  private cards(repo: BacklogRepository, ids?: string[]): Card[] {
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
    // AI scores: one query (plus a hash check of items edited since their analysis).
    const scores = loadScores(repo.db, ids);
    return repo.listCardFields(ids).map(({ external, ...c }) => {
      const s = scores.get(c.id);
      return { ...c, workItem: external?.id ?? null, blocked: blockedIds.has(c.id), ...(s ? { aiScore: s.score, aiStale: s.stale, aiAnalysedAt: s.analysedAt } : {}) };
    });
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
      const present = this.cards(repo, [...affected]);
      const presentIds = new Set(present.map((i) => i.id));
      this.endpoint.notify(BoardItemsChanged, { backlogId, upsert: present, remove: [...affected].filter((id) => !presentIds.has(id)) });
    } catch (err) {
      log().error('[board] could not build a board update', err instanceof Error ? err : String(err));
      await this.pushState();
    }
  }

  /** Sends the full state; a new page (`first`) gets the first cards of each column first, then the rest. */
  private async pushState(first = false): Promise<void> {
    try {
      const pre = this.prefetched;
      this.prefetched = undefined;
      const head = first ? (pre && pre.version === this.version ? await pre.state : await this.state(FIRST_PAINT_CARDS)) : await this.state();
      this.endpoint.notify(BoardStateChanged, head);
      if (!head.partial) return;
      // Let the page paint the first cards before the whole backlog is built and sent.
      await new Promise((r) => setTimeout(r, 0));
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
