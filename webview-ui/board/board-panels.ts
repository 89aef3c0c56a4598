// The board's messages and panels other than columns: error and notice bars, the "no backlog" and
// "start here" states, and the keyboard-shortcuts help.
import { html, nothing } from 'lit';
import { RunCommand } from '../../src/core/protocol';
import { host } from '../shared/host';
import type { BoardApp } from './board-app';

export function renderError(app: BoardApp) {
  const parts = [];
  if (app.error) {
    parts.push(html`<div class="error" role="alert">
      <span>${app.error}</span>
      <vscode-toolbar-button icon="close" label=${app.t('error')} @click=${() => (app.error = undefined)}></vscode-toolbar-button>
    </div>`);
  }
  if (app.notice) {
    parts.push(html`<div class="notice" role="status">
      <vscode-icon name="info" size="14"></vscode-icon><span>${app.notice}</span>
      <vscode-toolbar-button icon="close" label=${app.t('dismiss')} @click=${() => (app.notice = undefined)}></vscode-toolbar-button>
    </div>`);
  }
  return parts;
}

export function renderEmpty(app: BoardApp) {
  return html`<div class="empty">
    <h1>${app.t('emptyTitle')}</h1>
    <p>${app.t('emptyBody')}</p>
    <vscode-button id="create-backlog" icon="add" @click=${() => app.run(() => host.request(RunCommand, { command: 'newBacklog' }))}>${app.t('createBacklog')}</vscode-button>
  </div>`;
}

/** A backlog without items: one clear start instead of five empty columns. */
export function renderStart(app: BoardApp) {
  const run = (command: 'newItem' | 'importFile' | 'ai.generateItem') => () => app.run(() => host.request(RunCommand, { command }));
  return html`<div class="empty start" id="start" role="region" aria-labelledby="start-title">
    <h2 id="start-title">${app.t('startTitle')}</h2>
    <p>${app.t('startBody')}</p>
    <div class="start-actions">
      <vscode-button id="start-add" icon="add" @click=${run('newItem')}>${app.t('startAdd')}</vscode-button>
      <vscode-button id="start-import" secondary icon="cloud-upload" @click=${run('importFile')}>${app.t('startImport')}</vscode-button>
      <vscode-button id="start-generate" secondary icon="wand" @click=${run('ai.generateItem')}>${app.t('startGenerate')}</vscode-button>
    </div>
  </div>`;
}

export function renderHelp(app: BoardApp) {
  if (!app.showHelp) return nothing;
  return html`<div class="help" id="shortcuts" role="dialog" aria-labelledby="shortcuts-title">
    <div class="help-head">
      <h2 id="shortcuts-title">${app.t('shortcuts')}</h2>
      <vscode-toolbar-button id="help-close" icon="close" label=${app.t('close')} title=${app.t('close')} @click=${() => (app.showHelp = false)}></vscode-toolbar-button>
    </div>
    <ul>
      ${(['helpN', 'helpSlash', 'helpArrows', 'helpAltArrows', 'helpEnter', 'helpF2', 'helpDelete', 'helpDrag', 'helpSelect', 'helpSelectAll', 'helpQuestion'] as const).map((k) => html`<li>${app.t(k)}</li>`)}
    </ul>
  </div>`;
}
