// The chat panel ("Flowcast: Open Chat"): talks about the active backlog with the chosen AI
// provider (VS Code's models included). Answers stream; Stop cancels the request, which aborts the
// HTTP request; proposed actions are previewed and applied only on Apply (one undo step); history
// is per backlog, most recent first; "When will the open bugs be done?" answers from the engine.
import * as vscode from 'vscode';
import { chatWithPolicy } from '../core/ai/policy';
import { isAiError } from '../core/ai/types';
import type { BacklogService } from '../core/backlog/service';
import { ACTIONS_INSTRUCTIONS, type ActionState, applyActions, extractActions, previewActions } from '../core/chat/actions';
import { buildChatContext, chatSystemPrompt, fitHistory } from '../core/chat/context';
import { ChatHistoryStore, type StoredMessage } from '../core/chat/historyStore';
import { openCount } from '../core/chat/tools';
import { Diagnostic, Init, type RequestContext } from '../core/protocol';
import { ApplyChatActions, type ChatMessageView, type ChatState, ChatStateChanged, LoadOlderMessages, NewConversation, OpenConversation, OpenItemFromChat, PickChatModel, SendChatMessage } from '../core/protocol/chat';
import type { ForecastHost } from '../forecast/forecastHost';
import type { AiService } from '../ai/aiService';
import { providerLabel } from '../ai/aiService';
import { log } from '../platform/log';
import { SingletonPanelManager } from '../platform/singletonPanel';
import { WebviewViewHost } from '../platform/webviewViewHost';
import { buildWebviewHtml } from '../platform/webviewHtml';
import { pageError, userFacing, WebviewConnection } from '../platform/webviewConnection';

export const CHAT_PANEL_TYPE = 'flowcast.chatPanel';
const CONTEXT_TOKENS = 6000;
const HISTORY_TOKENS = 3000;
const PAGE = 30;
const FORECAST_QUESTION = /\bwhen\b.*\b(open )?bugs?\b.*\bdone\b|\bquand\b.*\bbugs?\b.*\btermin/i;

export function chatStrings(): Record<string, string> {
  return {
    title: vscode.l10n.t('Flowcast Chat'),
    placeholder: vscode.l10n.t('Ask about your backlog…'),
    send: vscode.l10n.t('Send'),
    stop: vscode.l10n.t('Stop'),
    retry: vscode.l10n.t('Retry'),
    apply: vscode.l10n.t('Apply'),
    applied: vscode.l10n.t('Applied'),
    refused: vscode.l10n.t('Refused: {0}'),
    newChat: vscode.l10n.t('New conversation'),
    history: vscode.l10n.t('Earlier conversations'),
    selection: vscode.l10n.t('Selection'),
    file: vscode.l10n.t('File'),
    model: vscode.l10n.t('Model'),
    noModel: vscode.l10n.t('Choose a model'),
    older: vscode.l10n.t('Load older messages'),
    proposed: vscode.l10n.t('Proposed changes (nothing changes until you click Apply)'),
    noBacklog: vscode.l10n.t('There is no backlog yet. Run "Flowcast: New Backlog" first.'),
  };
}

function toView(m: StoredMessage): ChatMessageView {
  return { id: m.id, role: m.role, content: m.content, at: m.at, actions: m.actions.map((a) => ({ summary: a.preview.summary, changes: a.preview.changes, status: a.status, reason: a.reason ?? a.preview.refusal })) };
}

export class ChatConnection implements vscode.Disposable {
  readonly conn: WebviewConnection;
  /** The open conversation; undefined = the most recent one; 'new' = a new one not started yet. */
  private conversationId: number | 'new' | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    webview: vscode.Webview,
    private readonly deps: { service: BacklogService; ai: AiService; forecasts?: ForecastHost },
  ) {
    this.conn = new WebviewConnection(webview, 'chat');
    this.register();
    const sub = deps.service.onDidChange((e) => {
      if (e.kind === 'active') {
        this.conversationId = undefined;
        void this.push();
      }
    });
    this.subs.push(new vscode.Disposable(() => sub.dispose()));
  }

  get isReady(): boolean {
    return this.conn.isReady;
  }

  reset(): void {
    this.conn.reset();
  }

  private async store(): Promise<{ id: string; name: string; history: ChatHistoryStore; repo: Awaited<ReturnType<BacklogService['repo']>>['repo'] }> {
    const { id, repo } = await this.deps.service.repo();
    return { id, name: (await this.deps.service.registry.get(id)).name, history: new ChatHistoryStore(repo.db), repo };
  }

  private modelLabel(): string | null {
    const p = this.deps.ai.configuredProvider();
    if (!p) return null;
    const m = this.deps.ai.model(p);
    return m ? `${providerLabel(p)} · ${m}` : providerLabel(p);
  }

  async state(): Promise<ChatState> {
    const suggestions = [vscode.l10n.t('What should I work on next?'), vscode.l10n.t('Split FEAT-012 into tasks'), vscode.l10n.t('Which bugs block the release?'), vscode.l10n.t('When will the open bugs be done?')];
    const base = { model: this.modelLabel(), suggestions, problem: null };
    const active = await this.deps.service.getActiveBacklog();
    if (!active) return { ...base, backlog: null, conversation: null, messages: [], hasMore: false, conversations: [] };
    const { history } = await this.store();
    // Opens on the most recent conversation.
    const conv = this.conversationId === 'new' ? undefined : this.conversationId !== undefined ? history.getConversation(this.conversationId) : history.latestConversation();
    if (this.conversationId !== 'new') this.conversationId = conv?.id;
    const page = conv ? history.messages(conv.id, { limit: PAGE }) : { messages: [], hasMore: false };
    return {
      ...base,
      backlog: { id: active.id, name: active.name },
      conversation: conv ? { id: conv.id, title: conv.title } : null,
      messages: page.messages.map(toView),
      hasMore: page.hasMore,
      conversations: history.listConversations({ limit: 50 }).conversations.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt })),
    };
  }

  async push(): Promise<void> {
    if (this.conn.isReady) this.conn.endpoint.notify(ChatStateChanged, await this.state());
  }

  private editorContext(useSelection: boolean, useFile: boolean): { selection?: { file: string; text: string }; file?: { name: string; text: string } } {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return {};
    const name = vscode.workspace.asRelativePath(ed.document.uri);
    return {
      selection: useSelection && !ed.selection.isEmpty ? { file: name, text: ed.document.getText(ed.selection) } : undefined,
      file: useFile ? { name, text: ed.document.getText() } : undefined,
    };
  }

  private register(): void {
    const e = this.conn.endpoint;
    e.onReady(() => {
      e.notify(Init, { locale: vscode.env.language, strings: chatStrings(), view: 'panel' });
      void this.push();
    });
    e.handle(SendChatMessage, (p, ctx) => userFacing((q: typeof p) => this.send(q, ctx))(p));
    e.handle(
      ApplyChatActions,
      userFacing(async (p) => {
        const { history } = await this.store();
        const msg = history.getMessage(p.messageId);
        const open = msg?.actions.filter((a) => a.status === 'proposed') ?? [];
        if (!msg || !open.length) return { ok: false, message: vscode.l10n.t('There is nothing to apply.') };
        const r = await applyActions(this.deps.service, open.map((a) => a.action), vscode.l10n.t('Chat: {0} change(s)', open.length));
        if (r.ok) msg.actions.forEach((a) => a.status === 'proposed' && (a.status = 'applied'));
        else open[r.index].reason = r.reason;
        history.setActions(msg.id, msg.actions);
        await this.push();
        return r.ok ? { ok: true, message: vscode.l10n.t('Applied {0} change(s). Undo reverts them together.', open.length) } : { ok: false, message: vscode.l10n.t('Nothing was changed: action {0} was refused ({1}).', r.index + 1, r.reason) };
      }),
    );
    e.handle(
      LoadOlderMessages,
      userFacing(async (p) => {
        const { history } = await this.store();
        if (typeof this.conversationId !== 'number') return { messages: [], hasMore: false };
        const page = history.messages(this.conversationId, { limit: PAGE, before: p.before });
        return { messages: page.messages.map(toView), hasMore: page.hasMore };
      }),
    );
    e.handle(
      NewConversation,
      userFacing(async () => {
        this.conversationId = 'new';
        await this.push();
        return { done: true };
      }),
    );
    e.handle(
      OpenConversation,
      userFacing(async (p) => {
        this.conversationId = p.id;
        await this.push();
        return { done: true };
      }),
    );
    e.handle(
      PickChatModel,
      userFacing(async () => {
        const id = await this.deps.ai.pickProvider();
        await this.push();
        return { done: !!id };
      }),
    );
    e.handle(
      OpenItemFromChat,
      userFacing(async (p) => ({ done: (await vscode.commands.executeCommand('flowcast.openItem', p.id)) !== undefined })),
    );
    e.onNotification(Diagnostic, (d) => (d.level === 'error' ? log().error(`[chat] webview: ${d.message}`) : log().info(`[chat] webview: ${d.message}`)));
  }

  private async send(p: { text: string; useSelection: boolean; useFile: boolean }, ctx: RequestContext<{ delta: string }>): Promise<{ message: ChatMessageView }> {
    const { id: backlogId, name, history, repo } = await this.store();
    const conv = typeof this.conversationId === 'number' ? history.getConversation(this.conversationId) : this.conversationId === undefined ? history.latestConversation() : undefined;
    const conversationId = conv?.id ?? history.createConversation(p.text).id;
    this.conversationId = conversationId;
    const earlier = history.messages(conversationId, { limit: 40 }).messages;
    history.addMessage(conversationId, 'user', p.text);
    let answer: string;
    if (FORECAST_QUESTION.test(p.text) && this.deps.forecasts) {
      // Forecasts come from the engine, never from the model's guess.
      const remaining = await openCount(this.deps.service, 'BUG');
      answer = remaining ? (await this.deps.forecasts.when({ backlogId, remaining })).sentences.map((s) => `- ${s}`).join('\n') : vscode.l10n.t('There is no open bug.');
      ctx.chunk({ delta: answer });
    } else {
      const runtime = await this.deps.ai.runtime().catch((err: unknown) => {
        throw pageError(err instanceof Error ? err.message : String(err));
      });
      if (!runtime) throw pageError(vscode.l10n.t('Choose an AI provider first.'));
      const context = buildChatContext({ repo, backlogName: name, question: p.text, budgetTokens: CONTEXT_TOKENS, ...this.editorContext(p.useSelection, p.useFile) });
      try {
        const r = await chatWithPolicy(
          runtime.provider,
          {
            model: runtime.model,
            messages: [{ role: 'system', content: chatSystemPrompt(context.text, ACTIONS_INSTRUCTIONS, runtime.language) }, ...fitHistory(earlier, HISTORY_TOKENS), { role: 'user', content: p.text }],
            signal: ctx.signal,
            onText: (delta) => ctx.chunk({ delta }),
          },
          { timeoutMs: runtime.timeoutMs, feature: 'chat', onUsage: runtime.onUsage },
        );
        answer = r.text;
      } catch (err) {
        if (isAiError(err) && err.kind === 'cancelled') throw err;
        throw pageError(err instanceof Error ? err.message : String(err));
      }
    }
    const { text, actions, invalid } = extractActions(answer);
    const previews = previewActions(repo, actions);
    const states: ActionState[] = actions.map((action, i) => ({ action, preview: previews[i], status: previews[i].refusal ? 'refused' : 'proposed' }));
    const stored = history.addMessage(conversationId, 'assistant', invalid ? `${text}\n\n_${invalid}_` : text, states);
    void this.push();
    return { message: toView(stored) };
  }

  dispose(): void {
    this.conn.dispose();
    for (const s of this.subs) s.dispose();
  }
}

export class ChatPanelManager extends SingletonPanelManager<ChatConnection> {
  /** The chat view's host (its page has a connection of its own). */
  view: WebviewViewHost<ChatConnection> | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly deps: { service: BacklogService; ai: AiService; forecasts?: ForecastHost },
  ) {
    super(extensionUri, CHAT_PANEL_TYPE);
  }

  protected title(): string {
    return vscode.l10n.t('Flowcast Chat');
  }

  protected connect(webview: vscode.Webview): ChatConnection {
    return new ChatConnection(webview, this.deps);
  }

  protected html(webview: vscode.Webview): string {
    return chatPage(webview, this.extensionUri);
  }
}

/** The chat page (the same in the editor tab and in the view). */
function chatPage(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return buildWebviewHtml(webview, extensionUri, { entry: 'chat', title: vscode.l10n.t('Flowcast Chat'), lang: vscode.env.language });
}

/** The chat as a view of its own (in the panel; users drag it to the secondary side bar). */
export const CHAT_VIEW_ID = 'flowcast.chatView';

/** The chat panel (editor tab) with its serializer, the chat view, "Open Chat" and "Open Chat in a View". */
export function registerChatPanel(context: vscode.ExtensionContext, deps: { service: BacklogService; ai: AiService; forecasts?: ForecastHost }): ChatPanelManager {
  const chats = new ChatPanelManager(context.extensionUri, deps);
  const view = new WebviewViewHost(
    context.extensionUri,
    (webview) => new ChatConnection(webview, deps),
    (webview) => chatPage(webview, context.extensionUri),
  );
  chats.view = view;
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(CHAT_PANEL_TYPE, chats),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    chats,
    view,
    vscode.commands.registerCommand('flowcast.openChat', () => {
      chats.show();
      return true;
    }),
    vscode.commands.registerCommand('flowcast.openChatView', async () => {
      await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
      return true;
    }),
  );
  return chats;
}
