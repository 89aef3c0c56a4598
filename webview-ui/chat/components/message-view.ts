// One chat message: safe Markdown (raw HTML disabled) with item IDs as links, and the cards of the
// actions it proposes (a preview of each change, Apply for all of them together).
import { LitElement, css, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ChatActionView, ChatMessageView } from '../../../src/core/protocol/chat';
import { renderMarkdown } from '../../shared/markdown';
import { sharedStyles } from '../../shared/ui';

export class ChatMessageElement extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host { display: block; margin: 8px 0; }
      .bubble { padding: 6px 10px; border-radius: 6px; }
      .user { background: var(--vscode-input-background); }
      .actions { border: 1px solid var(--vscode-panel-border); border-radius: 6px; padding: 6px 10px; margin-top: 6px; }
      .action { margin: 4px 0; }
      .refused { text-decoration: line-through; opacity: 0.7; }
      .reason { color: var(--vscode-errorForeground); }
      .change { font-size: 0.9em; opacity: 0.85; margin-left: 12px; }
      a { color: var(--vscode-textLink-foreground); }
    `,
  ];

  static override properties = { message: { attribute: false }, strings: { attribute: false } };
  declare message: ChatMessageView;
  declare strings: Record<string, string>;

  constructor() {
    super();
    this.strings = {};
  }

  private action(a: ChatActionView) {
    return html`<div class="action" data-status=${a.status}>
      <span class=${a.status === 'refused' ? 'refused' : ''}>${a.summary}</span>
      ${a.status === 'applied' ? html` ✓ ${this.strings.applied}` : nothing}
      ${a.reason ? html`<div class="reason">${(this.strings.refused ?? '{0}').replace('{0}', a.reason)}</div>` : nothing}
      ${a.changes.map((c) => html`<div class="change">${c.field}: ${c.before} → ${c.after}</div>`)}
    </div>`;
  }

  private apply() {
    this.dispatchEvent(new CustomEvent('apply', { detail: this.message.id, bubbles: true, composed: true }));
  }

  override render() {
    const m = this.message;
    const open = m.actions.filter((a) => a.status === 'proposed').length;
    return html`<div class="bubble ${m.role}" data-role=${m.role} data-id=${m.id}>
      ${renderMarkdown(m.content, { itemLinks: () => true })}
      ${m.actions.length
        ? html`<div class="actions">
            <strong>${this.strings.proposed}</strong>
            ${m.actions.map((a) => this.action(a))}
            ${open ? html`<vscode-button class="apply" @click=${() => this.apply()}>${this.strings.apply} (${open})</vscode-button>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }
}

customElements.define('fc-chat-message', ChatMessageElement);
