import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import {
  type BoardState,
  BoardStateChanged,
  CreateItem,
  Init,
  type InitParams,
  type ItemSummary,
  MoveItem,
  RpcError,
  RunCommand,
} from '../../src/core/protocol';
import { host, onProtocolError, setViewState } from '../shared/host';

export class BoardApp extends LitElement {
  static override properties = {
    state: { state: true },
    init: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare state: BoardState | undefined;
  declare init: InitParams | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  private draft = '';

  constructor() {
    super();
    this.busy = false;
    host.onNotification(Init, (p) => {
      this.init = p;
      document.documentElement.lang = p.locale;
      setViewState({ view: p.view, v: 1 });
    });
    host.onNotification(BoardStateChanged, (s) => {
      this.state = s;
    });
    onProtocolError((e) => {
      this.error = e.message;
    });
  }

  private t(key: string): string {
    return (this.init?.strings)?.[key] ?? key;
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      height: 100%;
      box-sizing: border-box;
      padding: 8px;
      container-type: inline-size;
    }
    header {
      display: flex;
      align-items: center;
      gap: 6px;
      min-height: 26px;
    }
    header h1 {
      font-size: 1.05em;
      font-weight: 600;
      margin: 0;
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    form {
      display: flex;
      gap: 6px;
    }
    form vscode-textfield {
      flex: 1;
      min-width: 0;
    }
    .columns {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: minmax(150px, 1fr);
      gap: 8px;
      overflow-x: auto;
      flex: 1;
      align-items: start;
    }
    @container (max-width: 520px) {
      .columns {
        grid-auto-flow: row;
        grid-auto-columns: auto;
        overflow-x: visible;
      }
    }
    section.column {
      background: var(--vscode-sideBar-background, var(--vscode-editor-background));
      border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
      border-radius: 4px;
      padding: 6px;
      min-width: 0;
    }
    section.column h2 {
      display: flex;
      align-items: center;
      gap: 6px;
      font-size: 0.85em;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      margin: 2px 2px 6px;
      color: var(--vscode-descriptionForeground);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    li.card {
      background: var(--vscode-editor-background);
      border: 1px solid var(--vscode-widget-border, var(--vscode-contrastBorder, transparent));
      border-radius: 3px;
      padding: 6px 8px;
      cursor: default;
      outline: none;
    }
    li.card:focus-visible {
      outline: 1px solid var(--vscode-focusBorder);
      outline-offset: -1px;
    }
    li.card:hover {
      background: var(--vscode-list-hoverBackground);
    }
    .id {
      font-family: var(--vscode-editor-font-family);
      font-size: 0.85em;
      color: var(--vscode-descriptionForeground);
    }
    .title {
      display: block;
      margin-top: 2px;
      overflow-wrap: anywhere;
    }
    .empty-col {
      color: var(--vscode-descriptionForeground);
      font-style: italic;
      padding: 4px 2px;
    }
    .empty {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 8px;
      padding: 8px 4px;
    }
    .empty h1 {
      font-size: 1.1em;
      margin: 0;
    }
    .empty p {
      margin: 0;
      color: var(--vscode-descriptionForeground);
    }
    .error {
      border: 1px solid var(--vscode-inputValidation-errorBorder);
      background: var(--vscode-inputValidation-errorBackground);
      color: var(--vscode-errorForeground, var(--vscode-foreground));
      padding: 6px 8px;
      border-radius: 3px;
      display: flex;
      gap: 8px;
      align-items: flex-start;
    }
    .error span {
      flex: 1;
      overflow-wrap: anywhere;
    }
    .loading {
      display: flex;
      gap: 8px;
      align-items: center;
      color: var(--vscode-descriptionForeground);
    }
  `;

  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    try {
      const r = await fn();
      this.error = undefined;
      return r;
    } catch (err) {
      this.error = err instanceof RpcError || err instanceof Error ? err.message : String(err);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  private async onAdd(e: Event) {
    e.preventDefault();
    const field = this.renderRoot.querySelector<HTMLInputElement & { value: string }>('#new-title');
    const title = (field?.value ?? this.draft).trim();
    if (!title) return;
    const created = await this.run(() => host.request(CreateItem, { title }));
    if (created && field) {
      field.value = '';
      this.draft = '';
      field.focus();
    }
  }

  private onCardKey(e: KeyboardEvent, item: ItemSummary) {
    if (!e.altKey || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') || !this.state) return;
    e.preventDefault();
    const keys = this.state.statuses.map((s) => s.key);
    const next = keys[keys.indexOf(item.status) + (e.key === 'ArrowRight' ? 1 : -1)];
    if (next) void this.run(() => host.request(MoveItem, { id: item.id, status: next }));
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('state')) this.dataset.ready = this.state ? 'true' : 'false';
  }

  private renderError() {
    if (!this.error) return nothing;
    return html`<div class="error" role="alert">
      <span>${this.error}</span>
      <vscode-toolbar-button icon="close" label=${this.t('error')} @click=${() => (this.error = undefined)}></vscode-toolbar-button>
    </div>`;
  }

  private renderEmpty() {
    return html`<div class="empty">
      <h1>${this.t('emptyTitle')}</h1>
      <p>${this.t('emptyBody')}</p>
      <vscode-button id="create-backlog" icon="add" @click=${() => this.run(() => host.request(RunCommand, { command: 'newBacklog' }))}>${this.t('createBacklog')}</vscode-button>
    </div>`;
  }

  private renderColumn(status: BoardState['statuses'][number], items: ItemSummary[]) {
    return html`<section class="column" aria-label=${status.label} data-status=${status.key}>
      <h2>${status.label} <vscode-badge variant="counter">${items.length}</vscode-badge></h2>
      ${items.length
        ? html`<ul role="list">
            ${items.map(
              (it) => html`<li class="card" role="listitem" tabindex="0" data-id=${it.id} aria-label=${`${it.id} ${it.title}`} @keydown=${(e: KeyboardEvent) => this.onCardKey(e, it)}>
                <span class="id">${it.id}</span>
                <span class="title">${it.title}</span>
              </li>`,
            )}
          </ul>`
        : html`<div class="empty-col">${this.t('noItems')}</div>`}
    </section>`;
  }

  override render() {
    const s = this.state;
    if (!s || !this.init) {
      return html`<div class="loading"><vscode-progress-ring></vscode-progress-ring>${this.t('loading')}</div>`;
    }
    if (!s.backlog) return html`${this.renderError()}${this.renderEmpty()}`;
    const byStatus = new Map<string, ItemSummary[]>(s.statuses.map((st) => [st.key, []]));
    for (const it of s.items) byStatus.get(it.status)?.push(it);
    return html`
      <header>
        <h1 id="board-title" title=${s.backlog.name}>${s.backlog.name}</h1>
        ${this.init.view === 'panel' && s.backlogCount > 1
          ? html`<vscode-toolbar-button icon="arrow-swap" label=${this.t('switchBacklog')} @click=${() => this.run(() => host.request(RunCommand, { command: 'switchBacklog' }))}></vscode-toolbar-button>`
          : nothing}
      </header>
      ${this.renderError()}
      ${s.problem
        ? html`<div class="error" role="alert"><span>${this.t('problem')}: ${s.problem}</span></div>`
        : html`
            <form @submit=${(e: Event) => this.onAdd(e)}>
              <vscode-textfield id="new-title" placeholder=${this.t('addPlaceholder')} aria-label=${this.t('addPlaceholder')} @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}></vscode-textfield>
              <vscode-button id="add-item" type="submit" icon="add" ?disabled=${this.busy} @click=${(e: Event) => this.onAdd(e)}>${this.t('add')}</vscode-button>
            </form>
            <div class="columns" id="board" role="region" aria-label=${this.t('board')}>${s.statuses.map((st) => this.renderColumn(st, byStatus.get(st.key) ?? []))}</div>
          `}
    `;
  }
}

customElements.define('flowcast-board', BoardApp);
document.body.append(document.createElement('flowcast-board'));
