// The review list of a bulk extraction ("extract items from notes"): one webview panel per run.
// The extraction adds proposals while it streams (add / progress / finish); the user selects and
// edits them, then imports the selection in ONE all-or-nothing change (one undo step). Every
// selected proposal is checked again here before anything is written.
import * as vscode from 'vscode';
import { EFFORTS, PRIORITIES, SEVERITIES } from '../core/backlog/model';
import { isIsoDate } from '../core/backlog/fieldRules';
import type { BacklogService } from '../core/backlog/service';
import {
  CancelExtraction,
  Diagnostic,
  DiscardReview,
  type DraftFields,
  DraftFieldsSchema,
  type EditableFields,
  EditableFieldsSchema,
  type ImportSelection,
  ImportProposals,
  Init,
  MAX_REVIEW_PROPOSALS,
  type ReviewState,
  ReviewStateChanged,
} from '../core/protocol';
import { log } from '../platform/log';
import { describeError, statusLabel, typeLabel } from '../platform/messages';
import { buildWebviewHtml, webviewOptions } from '../platform/webviewHtml';
import { pageError, StatePusher, userFacing, WebviewConnection } from '../platform/webviewConnection';
import { reviewStrings } from './reviewStrings';

export const REVIEW_VIEW_TYPE = 'flowcast.reviewPanel';
/** Proposals arriving closer together than this are pushed to the page once. */
const PUSH_DEBOUNCE_MS = 40;

/** One item proposal of an extraction: its fields, the excerpt it came from, remarks to check. */
export interface ProposalInput {
  fields: EditableFields;
  source?: string;
  warnings?: string[];
}

export interface ReviewOptions {
  backlogId: string;
  /** The panel's tab title (e.g. "Items from notes.md"). */
  title: string;
  /**
   * Called once when the user stops the running extraction: "Cancel extraction", "Discard", or
   * closing the panel before `finish`. Abort the requests here.
   */
  onCancel?: () => void;
}

/** The extraction's handle on its review list. */
export interface ReviewSession {
  readonly panel: vscode.WebviewPanel;
  readonly backlogId: string;
  /** True once the list is closed (imported, discarded, or closed by the user): add/progress/finish do nothing then. */
  readonly disposed: boolean;
  /** True once the user cancelled the extraction (further progress is ignored; proposals are still accepted). */
  readonly cancelled: boolean;
  /** Appends proposals (at most 1,000 in a list; more are dropped and logged). */
  add(proposals: ProposalInput[]): void;
  /** The extraction read `done` of `total` parts. */
  progress(done: number, total: number): void;
  /** The extraction ended; `problem` (already localised) says why it stopped early, if it did. */
  finish(problem?: string): void;
  /** Called with the new item IDs after a successful import (the panel then closes). */
  onDidImport: ((created: string[]) => void) | undefined;
  dispose(): void;
}

interface Stored {
  key: string;
  fields: DraftFields;
  source?: string;
  warnings: string[];
  /** Type and status were matched against the backlog's lists (done once they are known). */
  matched: boolean;
}

interface Workflow {
  name: string;
  types: { key: string; label: string; color: string; stored: string }[];
  statuses: { key: string; label: string; stored: string; category: string }[];
}

function clip(v: unknown, max: number, cut: { any: boolean }): string {
  const s = typeof v === 'string' ? v : '';
  if (s.length <= max) return s;
  cut.any = true;
  return s.slice(0, max);
}

function clipList(v: unknown, cut: { any: boolean }): string[] {
  if (!Array.isArray(v)) return [];
  if (v.length > 500) cut.any = true;
  return v.slice(0, 500).map((x) => clip(x, 10_000, cut));
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  return allowed.includes(v as T) ? (v as T) : null;
}

/** A proposal's fields within every size limit of the page's schema (the AI's answer is untrusted). */
function toDraft(f: Partial<EditableFields>, notes: string[]): DraftFields | undefined {
  const cut = { any: false };
  const draft: DraftFields = {
    type: clip(String(f.type ?? '').trim(), 40, cut),
    title: clip(String(f.title ?? '').replace(/\s+/g, ' ').trim(), 2000, cut),
    emoji: clip(f.emoji, 16, cut),
    status: clip(String(f.status ?? '').trim(), 60, cut),
    severity: oneOf(f.severity, SEVERITIES),
    priority: oneOf(f.priority, PRIORITIES),
    effort: oneOf(f.effort, EFFORTS),
    targetDate: typeof f.targetDate === 'string' && isIsoDate(f.targetDate) ? f.targetDate : null,
    component: clip(f.component, 200, cut),
    tags: (Array.isArray(f.tags) ? f.tags.slice(0, 50) : []).map((t) => clip(t, 50, cut)).filter(Boolean),
    description: clip(f.description, 100_000, cut),
    userStory: clip(f.userStory, 20_000, cut),
    specs: clipList(f.specs, cut),
    reproSteps: clipList(f.reproSteps, cut),
    criteria: (Array.isArray(f.criteria) ? f.criteria.slice(0, 500) : []).map((c) => ({ text: clip(c?.text, 10_000, cut), checked: c?.checked === true })),
    dependencies: clipList(f.dependencies, cut),
    constraints: clipList(f.constraints, cut),
  };
  if (cut.any) notes.push(vscode.l10n.t('Some text was too long and was shortened.'));
  const parsed = DraftFieldsSchema.safeParse(draft);
  return parsed.success ? parsed.data : undefined;
}

/** The key of the type or status named `value` (by key or label, any case), if there is one. */
function match(value: string, options: { key: string; label: string; stored: string }[]): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  return options.find((o) => o.key.toLowerCase() === v || o.label.toLowerCase() === v || o.stored.toLowerCase() === v)?.key;
}

/** Quotes a title for a message: short, one line. */
function quote(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${t.slice(0, 59)}…` : t}"`;
}

class Session implements ReviewSession {
  readonly conn: WebviewConnection;
  onDidImport: ((created: string[]) => void) | undefined;
  private readonly proposals: Stored[] = [];
  private readonly byKey = new Map<string, Stored>();
  private nextKey = 1;
  private running: { done: number; total: number } | null = { done: 0, total: 0 };
  private problem: string | null = null;
  private workflow: Workflow | undefined;
  private workflowError: string | null = null;
  private readonly pusher: StatePusher;
  private importing = false;
  private dropped = 0;
  private isDisposed = false;
  private isCancelled = false;
  private readonly sub: { dispose(): void };

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly opts: ReviewOptions,
    private readonly service: BacklogService,
    private readonly onClosed: (s: Session) => void,
  ) {
    this.conn = new WebviewConnection(panel.webview, 'review');
    this.pusher = new StatePusher(
      this.conn,
      async () => {
        const s = await this.state();
        if (!this.isDisposed) this.conn.endpoint.notify(ReviewStateChanged, s);
      },
      'review',
      PUSH_DEBOUNCE_MS,
    );
    this.register();
    this.sub = service.onDidChange((e) => {
      if ((e.kind === 'workflow' && e.backlogId === opts.backlogId) || e.kind === 'backlogs') {
        this.workflow = undefined;
        this.pusher.schedule();
      }
    });
    panel.onDidDispose(() => this.closed());
  }

  get backlogId(): string {
    return this.opts.backlogId;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  get cancelled(): boolean {
    return this.isCancelled;
  }

  add(proposals: ProposalInput[]): void {
    if (this.isDisposed) return;
    for (const p of proposals) {
      if (this.proposals.length >= MAX_REVIEW_PROPOSALS) {
        this.dropped++;
        continue;
      }
      const warnings = (Array.isArray(p.warnings) ? p.warnings : []).filter((w) => typeof w === 'string' && w.trim()).map((w) => w.slice(0, 1000));
      const fields = toDraft(p.fields ?? {}, warnings);
      if (!fields) {
        this.dropped++;
        continue;
      }
      const stored: Stored = { key: `p${this.nextKey++}`, fields, warnings: warnings.slice(0, 20), matched: false };
      if (typeof p.source === 'string' && p.source.trim()) stored.source = p.source.slice(0, 20_000);
      this.proposals.push(stored);
      this.byKey.set(stored.key, stored);
    }
    if (this.dropped) log().warn(`[review] ${this.dropped} proposal(s) were left out (over ${MAX_REVIEW_PROPOSALS}, or unusable)`);
    this.pusher.schedule();
  }

  progress(done: number, total: number): void {
    if (this.isDisposed || this.isCancelled || !this.running) return;
    const t = Math.max(0, Math.floor(Number.isFinite(total) ? total : 0));
    this.running = { done: Math.min(Math.max(0, Math.floor(Number.isFinite(done) ? done : 0)), t), total: t };
    this.pusher.schedule();
  }

  finish(problem?: string): void {
    if (this.isDisposed) return;
    this.running = null;
    this.problem = problem ?? null;
    this.pusher.schedule();
  }

  dispose(): void {
    this.panel.dispose();
  }

  /** Stops the running extraction (once); the proposals already here stay. */
  private cancel(): boolean {
    if (!this.running || this.isCancelled) return false;
    this.isCancelled = true;
    this.running = null;
    try {
      this.opts.onCancel?.();
    } catch (err) {
      log().error('[review] cancelling the extraction failed', err instanceof Error ? err : String(err));
    }
    this.pusher.schedule();
    return true;
  }

  private closed(): void {
    if (this.isDisposed) return;
    // Nobody can review what is still coming: stop the requests.
    if (this.running) this.cancel();
    this.isDisposed = true;
    this.pusher.dispose();
    this.sub.dispose();
    this.conn.dispose();
    this.onClosed(this);
  }

  private register(): void {
    const e = this.conn.endpoint;
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: reviewStrings(), view: 'panel' });
      void this.pusher.now();
    });
    e.handle(
      ImportProposals,
      userFacing((p) => this.import(p.items)),
    );
    e.handle(CancelExtraction, async () => ({ cancelled: this.cancel() }));
    e.handle(
      DiscardReview,
      userFacing(async () => {
        if (this.proposals.length) {
          const discard = vscode.l10n.t('Discard');
          const answer = await vscode.window.showWarningMessage(
            this.proposals.length === 1 ? vscode.l10n.t('Discard this proposal?') : vscode.l10n.t('Discard the {0} proposals?', this.proposals.length),
            { modal: true, detail: this.running ? vscode.l10n.t('Nothing is imported, and the extraction stops.') : vscode.l10n.t('Nothing is imported.') },
            discard,
          );
          if (answer !== discard) return { discarded: false };
        }
        // Answer first, then close (a closed connection sends nothing).
        setTimeout(() => this.dispose(), 0);
        return { discarded: true };
      }),
    );
    e.onNotification(Diagnostic, (d) => {
      const line = `[review] webview: ${d.message}`;
      if (d.level === 'error') log().error(line);
      else if (d.level === 'warn') log().warn(line);
      else log().info(line);
    });
  }

  /** Why a proposal cannot be imported as it is (localised), or its checked fields. */
  private check(draft: DraftFields, wf: Workflow): { problem: string } | { fields: EditableFields } {
    if (!wf.types.some((t) => t.key === draft.type)) return { problem: vscode.l10n.t('the type "{0}" does not exist in this backlog', draft.type) };
    if (!wf.statuses.some((s) => s.key === draft.status)) return { problem: vscode.l10n.t('the status "{0}" does not exist in this backlog', draft.status) };
    const parsed = EditableFieldsSchema.safeParse(draft);
    if (parsed.success) return { fields: parsed.data };
    const issue = parsed.error.issues[0];
    if (issue.path[0] === 'title') return { problem: draft.title.trim() ? vscode.l10n.t('the title is longer than 300 characters') : vscode.l10n.t('the title is empty') };
    return { problem: `${issue.path.map(String).join('.')}: ${issue.message}` };
  }

  private async import(items: ImportSelection[]): Promise<{ created: string[] }> {
    if (this.importing) throw pageError(vscode.l10n.t('The import is already running.'));
    this.importing = true;
    try {
      const wf = await this.loadWorkflow(true);
      const inputs: EditableFields[] = [];
      const problems: string[] = [];
      const seen = new Set<string>();
      for (const sel of items) {
        const stored = this.byKey.get(sel.key);
        if (!stored || seen.has(sel.key)) {
          problems.push(vscode.l10n.t('proposal {0} is not in this list (or was selected twice)', sel.key));
          continue;
        }
        seen.add(sel.key);
        this.matchWorkflow(stored, wf);
        const draft: DraftFields = { ...(sel.fields ?? stored.fields), ...(sel.type ? { type: sel.type } : {}), ...(sel.status ? { status: sel.status } : {}) };
        const r = this.check(draft, wf);
        if ('problem' in r) problems.push(`${draft.title.trim() ? quote(draft.title) : sel.key}: ${r.problem}`);
        else inputs.push(r.fields);
      }
      if (problems.length) {
        const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? '; …' : '');
        throw pageError(vscode.l10n.t('Nothing was imported: {0} of the {1} selected proposals cannot be imported. {2}.', problems.length, items.length, shown));
      }
      const created = (await this.service.createItems(inputs, this.opts.backlogId)).map((i) => i.id);
      log().info(`[review] imported ${created.length} item(s) into backlog ${this.opts.backlogId} in one change`);
      void this.announce(created.length);
      try {
        this.onDidImport?.(created);
      } catch (err) {
        log().error('[review] onDidImport failed', err instanceof Error ? err : String(err));
      }
      // Answer the page first, then close (a closed connection sends nothing).
      setTimeout(() => this.dispose(), 0);
      return { created };
    } finally {
      this.importing = false;
    }
  }

  private async announce(count: number): Promise<void> {
    const show = vscode.l10n.t('Show on board');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} items.', count), show);
    if (answer !== show) return;
    try {
      if ((await this.service.getActiveBacklog())?.id !== this.opts.backlogId) await this.service.setActiveBacklog(this.opts.backlogId);
      await vscode.commands.executeCommand('flowcast.openBoard');
    } catch (err) {
      void vscode.window.showErrorMessage(describeError(err));
    }
  }

  /** The backlog's name, types and statuses (cached until they change). */
  private async loadWorkflow(fresh = false): Promise<Workflow> {
    if (this.workflow && !fresh) return this.workflow;
    const [{ repo }, info] = await Promise.all([this.service.repo(this.opts.backlogId), this.service.registry.get(this.opts.backlogId)]);
    this.workflow = {
      name: info.name,
      types: repo.listTypes().map((t) => ({ key: t.key, label: typeLabel(t.key, t.label), color: t.color, stored: t.label })),
      statuses: repo.listStatuses().map((s) => ({ key: s.key, label: statusLabel(s.key, s.label), stored: s.label, category: s.category })),
    };
    return this.workflow;
  }

  /** Maps the AI's type and status names to the backlog's keys ("Feature" → FEAT); once per proposal. */
  private matchWorkflow(p: Stored, wf: Workflow): void {
    if (p.matched) return;
    p.matched = true;
    const type = match(p.fields.type, wf.types);
    if (type) p.fields = { ...p.fields, type };
    else if (!p.fields.type) p.fields = { ...p.fields, type: wf.types.some((t) => t.key === 'TASK') ? 'TASK' : (wf.types[0]?.key ?? 'TASK') };
    const status = match(p.fields.status, wf.statuses);
    if (status) p.fields = { ...p.fields, status };
    else if (!p.fields.status) p.fields = { ...p.fields, status: (wf.statuses.find((s) => s.category === 'todo') ?? wf.statuses[0])?.key ?? 'backlog' };
  }

  async state(): Promise<ReviewState> {
    let wf: Workflow | undefined;
    try {
      wf = await this.loadWorkflow();
      this.workflowError = null;
    } catch (err) {
      this.workflowError = describeError(err);
    }
    if (wf) for (const p of this.proposals) this.matchWorkflow(p, wf);
    return {
      backlogId: this.opts.backlogId,
      backlogName: wf?.name ?? '',
      proposals: this.proposals.map((p) => ({ key: p.key, fields: p.fields, warnings: p.warnings, ...(p.source !== undefined ? { source: p.source } : {}) })),
      types: (wf?.types ?? []).map((t) => ({ key: t.key, label: t.label, color: t.color })),
      statuses: (wf?.statuses ?? []).map((s) => ({ key: s.key, label: s.label })),
      running: this.running,
      problem: this.workflowError ?? this.problem,
    };
  }


}

/** Opens and tracks the review lists (one panel per extraction run). */
export class ReviewPanelManager implements vscode.Disposable {
  private readonly sessions = new Set<Session>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {}

  /** Opens a new review list for one extraction run (beside the current editor). */
  open(opts: ReviewOptions): ReviewSession {
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, opts.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      ...webviewOptions(this.extensionUri),
      // Unsaved edits and selections live in the page: keep it while its tab is hidden.
      retainContextWhenHidden: true,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flowcast.svg');
    // The connection exists before the page, so nothing the page sends is missed.
    const session = new Session(panel, opts, this.service, (s) => this.sessions.delete(s));
    this.sessions.add(session);
    panel.webview.html = buildWebviewHtml(panel.webview, this.extensionUri, { entry: 'review', title: opts.title, lang: vscode.env.language });
    return session;
  }

  /** The open review lists, oldest first (tests). */
  openSessions(): ReviewSession[] {
    return [...this.sessions];
  }

  /** For tests: the connection of a session's page (to feed it messages as if the page sent them). */
  connectionOf(session: ReviewSession): WebviewConnection | undefined {
    return session instanceof Session && this.sessions.has(session) ? session.conn : undefined;
  }

  dispose(): void {
    for (const s of [...this.sessions]) s.dispose();
  }
}
