// <fc-tab-bar>: the panel's tabs (ARIA tablist; arrow keys, Home and End move between tabs).
import { LitElement, html, css } from 'lit';
import { forecastStyles } from './forecast-styles';

export interface TabDef {
  id: string;
  label: string;
}

export class ForecastTabBar extends LitElement {
  static override properties = { tabs: { attribute: false }, active: {} };
  declare tabs: TabDef[];
  declare active: string;
  static override styles = [
    forecastStyles,
    css`
      [role='tablist'] {
        display: flex;
        gap: 2px;
        border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
        margin: 12px 0;
      }
      button {
        font: inherit;
        background: none;
        color: var(--vscode-foreground);
        border: none;
        border-bottom: 2px solid transparent;
        padding: 6px 12px;
        cursor: pointer;
      }
      button[aria-selected='true'] {
        border-bottom-color: var(--vscode-panelTitle-activeBorder, var(--vscode-focusBorder));
        font-weight: 600;
      }
    `,
  ];

  constructor() {
    super();
    this.tabs = [];
    this.active = '';
  }

  private pick(id: string, focus = false): void {
    this.dispatchEvent(new CustomEvent('tab-change', { detail: id, bubbles: true, composed: true }));
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`button[data-tab="${id}"]`)?.focus());
  }

  private key(e: KeyboardEvent): void {
    const i = this.tabs.findIndex((x) => x.id === this.active);
    const n = this.tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    this.pick(this.tabs[to].id, true);
  }

  override render() {
    return html`<div role="tablist" @keydown=${(e: KeyboardEvent) => this.key(e)}>
      ${this.tabs.map(
        (x) => html`<button type="button" role="tab" id="tab-${x.id}" data-tab=${x.id} aria-selected=${x.id === this.active ? 'true' : 'false'} tabindex=${x.id === this.active ? 0 : -1} @click=${() => this.pick(x.id)}>${x.label}</button>`,
      )}
    </div>`;
  }
}

customElements.define('fc-tab-bar', ForecastTabBar);
