// The composer: the question, the context chips (editor selection, file: sent only when toggled
// on, shown before sending), Send, and Stop while an answer streams.
import { LitElement, css, html } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { sharedStyles } from '../../shared/ui';

export interface ComposeDetail {
  text: string;
  useSelection: boolean;
  useFile: boolean;
}

export class ChatComposer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host { display: block; }
      textarea { width: 100%; box-sizing: border-box; min-height: 54px; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); font: inherit; }
      .row { display: flex; gap: 6px; align-items: center; margin-top: 4px; }
      .chip { border: 1px solid var(--vscode-panel-border); border-radius: 10px; padding: 1px 8px; cursor: pointer; background: none; color: inherit; }
      .chip[aria-pressed='true'] { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
      .grow { flex: 1; }
    `,
  ];

  static override properties = { strings: { attribute: false }, busy: { type: Boolean }, useSelection: { state: true }, useFile: { state: true } };
  declare strings: Record<string, string>;
  declare busy: boolean;
  declare useSelection: boolean;
  declare useFile: boolean;

  constructor() {
    super();
    this.strings = {};
    this.busy = false;
    this.useSelection = false;
    this.useFile = false;
  }

  private send() {
    const ta = this.renderRoot.querySelector('textarea')!;
    const text = ta.value.trim();
    if (!text || this.busy) return;
    this.dispatchEvent(new CustomEvent<ComposeDetail>('compose', { detail: { text, useSelection: this.useSelection, useFile: this.useFile } }));
    ta.value = '';
  }

  /** Puts a suggested prompt in the box and sends it. */
  sendText(text: string) {
    this.renderRoot.querySelector('textarea')!.value = text;
    this.send();
  }

  private key(e: KeyboardEvent) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      this.send();
    }
  }

  override render() {
    return html`<textarea aria-label=${this.strings.placeholder ?? ''} placeholder=${this.strings.placeholder ?? ''} @keydown=${(e: KeyboardEvent) => this.key(e)}></textarea>
      <div class="row">
        <button class="chip selection" aria-pressed=${String(this.useSelection)} @click=${() => (this.useSelection = !this.useSelection)}>${this.strings.selection}</button>
        <button class="chip file" aria-pressed=${String(this.useFile)} @click=${() => (this.useFile = !this.useFile)}>${this.strings.file}</button>
        <span class="grow"></span>
        ${this.busy
          ? html`<vscode-button class="stop" secondary @click=${() => this.dispatchEvent(new CustomEvent('stop'))}>${this.strings.stop}</vscode-button>`
          : html`<vscode-button class="send" @click=${() => this.send()}>${this.strings.send}</vscode-button>`}
      </div>`;
  }
}

customElements.define('fc-chat-composer', ChatComposer);
