// The chat page: header (model picker, new conversation, earlier conversations), the message list
// (newest at the bottom; older messages load on scroll to the top), the answer streaming in, errors
// with Retry, suggested prompts on an empty chat, and the composer. State comes from the host.
import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { Init } from '../../src/core/protocol';
import { ApplyChatActions, type ChatMessageView, type ChatState, ChatStateChanged, LoadOlderMessages, NewConversation, OpenConversation, OpenItemFromChat, PickChatModel, SendChatMessage } from '../../src/core/protocol/chat';
import { host } from '../shared/host';
import { renderMarkdown } from '../shared/markdown';
import { sharedStyles } from '../shared/ui';
import type { ChatComposer, ComposeDetail } from './components/chat-composer';
import './components/chat-composer';
import './components/message-view';

export class ChatApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100vh; padding: 0 8px; box-sizing: border-box; }
      header { display: flex; gap: 6px; align-items: center; padding: 6px 0; }
      header .grow { flex: 1; }
      .list { flex: 1; overflow-y: auto; }
      .suggestions button { display: block; margin: 6px 0; background: none; border: 1px solid var(--vscode-panel-border); color: inherit; padding: 4px 8px; border-radius: 4px; cursor: pointer; text-align: left; }
      .error { color: var(--vscode-errorForeground); margin: 6px 0; }
      .streaming { padding: 6px 10px; }
      .streaming a { color: var(--vscode-textLink-foreground); }
      select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); }
    `,
  ];
  static override properties = { state: { state: true }, strings: { state: true }, older: { state: true }, streamText: { state: true }, busy: { state: true }, error: { state: true } };
  declare state: ChatState | undefined;
  declare strings: Record<string, string>;
  /** Older pages loaded on scroll, newest first (they come after state.messages). */
  declare older: ChatMessageView[];
  declare streamText: string;
  declare busy: boolean;
  declare error: string | undefined;
  private hasMoreOlder = false;
  private abort: AbortController | undefined;
  private lastCompose: ComposeDetail | undefined;
  private loadingOlder = false;

  constructor() {
    super();
    this.strings = {};
    this.older = [];
    this.streamText = '';
    this.busy = false;
    host.onNotification(Init, (p) => (this.strings = p.strings));
    host.onNotification(ChatStateChanged, (s) => {
      const sameConversation = this.state?.conversation?.id === s.conversation?.id;
      this.state = s;
      if (!sameConversation) this.older = [];
      this.hasMoreOlder = this.older.length ? this.hasMoreOlder : s.hasMore;
      void this.updateComplete.then(() => this.scrollToEnd());
    });
    this.addEventListener('click', (e) => {
      const a = e.composedPath().find((n): n is HTMLElement => n instanceof HTMLElement && !!n.dataset.itemId);
      if (a) {
        e.preventDefault();
        void host.request(OpenItemFromChat, { id: a.dataset.itemId! }).catch(() => undefined);
      }
    });
  }

  private scrollToEnd() {
    const list = this.renderRoot.querySelector('.list');
    if (list) list.scrollTop = list.scrollHeight;
  }

  private async send(d: ComposeDetail) {
    this.lastCompose = d;
    this.error = undefined;
    this.busy = true;
    this.streamText = '';
    this.abort = new AbortController();
    try {
      await host.request(SendChatMessage, d, {
        signal: this.abort.signal,
        onChunk: (c) => {
          this.streamText += c.delta;
          void this.updateComplete.then(() => this.scrollToEnd());
        },
      });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!/cancel/i.test(msg)) this.error = msg;
    } finally {
      this.busy = false;
      this.streamText = '';
      this.abort = undefined;
    }
  }

  private stop() {
    this.abort?.abort();
  }

  private async apply(messageId: number) {
    try {
      const r = await host.request(ApplyChatActions, { messageId });
      if (!r.ok) this.error = r.message;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private async onScroll(e: Event) {
    const list = e.target as HTMLElement;
    if (list.scrollTop > 20 || this.loadingOlder || !this.hasMoreOlder) return;
    const all = [...(this.state?.messages ?? []), ...this.older];
    const oldest = all[all.length - 1];
    if (!oldest) return;
    this.loadingOlder = true;
    try {
      const before = list.scrollHeight;
      const page = await host.request(LoadOlderMessages, { before: oldest.id });
      this.older = [...this.older, ...page.messages];
      this.hasMoreOlder = page.hasMore;
      await this.updateComplete;
      list.scrollTop = list.scrollHeight - before;
    } finally {
      this.loadingOlder = false;
    }
  }

  private visible(text: string): string {
    const i = text.indexOf('```flowcast-actions');
    return i < 0 ? text : text.slice(0, i);
  }

  override render() {
    const s = this.strings;
    const st = this.state;
    if (!st) return html`<p>…</p>`;
    if (!st.backlog) return html`<p>${s.noBacklog}</p>`;
    const messages = [...st.messages, ...this.older].reverse();
    return html`<header>
        <vscode-button class="model" secondary title=${s.model ?? ''} @click=${() => void host.request(PickChatModel, {})}>${st.model ?? s.noModel}</vscode-button>
        <span class="grow"></span>
        <select class="history" aria-label=${s.history ?? ''} @change=${(e: Event) => void host.request(OpenConversation, { id: Number((e.target as HTMLSelectElement).value) })}>
          ${st.conversations.map((c) => html`<option value=${c.id} ?selected=${c.id === st.conversation?.id}>${c.title}</option>`)}
        </select>
        <vscode-button class="new" secondary @click=${() => void host.request(NewConversation, {})}>${s.newChat}</vscode-button>
      </header>
      <div class="list" @scroll=${(e: Event) => void this.onScroll(e)} @apply=${(e: CustomEvent<number>) => void this.apply(e.detail)}>
        ${this.hasMoreOlder ? html`<button class="load-older" @click=${() => this.onScroll({ target: this.renderRoot.querySelector('.list') } as unknown as Event)}>${s.older}</button>` : nothing}
        ${messages.map((m) => html`<fc-chat-message .message=${m} .strings=${s}></fc-chat-message>`)}
        ${this.busy ? html`<div class="streaming" aria-live="polite">${renderMarkdown(this.visible(this.streamText), { itemLinks: () => true })}</div>` : nothing}
        ${!messages.length && !this.busy
          ? html`<div class="suggestions">${st.suggestions.map((p) => html`<button @click=${() => this.renderRoot.querySelector<ChatComposer>('fc-chat-composer')?.sendText(p)}>${p}</button>`)}</div>`
          : nothing}
        ${this.error
          ? html`<div class="error" role="alert">${this.error} <vscode-button class="retry" secondary @click=${() => this.lastCompose && void this.send(this.lastCompose)}>${s.retry}</vscode-button></div>`
          : nothing}
      </div>
      <fc-chat-composer .strings=${s} ?busy=${this.busy} @compose=${(e: CustomEvent<ComposeDetail>) => void this.send(e.detail)} @stop=${() => this.stop()}></fc-chat-composer>`;
  }
}

customElements.define('flowcast-chat', ChatApp);
document.body.append(document.createElement('flowcast-chat'));
