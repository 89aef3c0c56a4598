import * as vscode from 'vscode';
import type { BacklogService } from '../core/backlog/service';
import { buildWebviewHtml, webviewOptions } from '../webviewHtml';
import { BoardConnection } from './boardConnection';

export const BOARD_VIEW_ID = 'flowcast.board';
export const BOARD_PANEL_TYPE = 'flowcast.boardPanel';

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return buildWebviewHtml(webview, extensionUri, { entry: 'board', title: vscode.l10n.t('Flowcast Board'), lang: vscode.env.language });
}

/** The Board in the Flowcast sidebar. */
export class BoardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private connection: BoardConnection | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.connection?.dispose();
    view.webview.options = webviewOptions(this.extensionUri);
    const connection = new BoardConnection(view.webview, this.service, 'sidebar');
    this.connection = connection;
    view.webview.html = html(view.webview, this.extensionUri);
    // A hidden webview view is torn down; when shown again the page reloads and says ready again.
    view.onDidChangeVisibility(() => {
      if (!view.visible) connection.reset();
    });
    view.onDidDispose(() => {
      connection.dispose();
      if (this.connection === connection) this.connection = undefined;
    });
  }

  dispose(): void {
    this.connection?.dispose();
  }
}

/** The Board in an editor tab ("Flowcast: Open Board"); restored after a reload by the serializer. */
export class BoardPanelManager implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: BacklogService,
  ) {}

  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(BOARD_PANEL_TYPE, vscode.l10n.t('Flowcast Board'), vscode.ViewColumn.Active, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    this.attach(panel);
    return panel;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flowcast.svg');
    const connection = new BoardConnection(panel.webview, this.service, 'panel');
    panel.webview.html = html(panel.webview, this.extensionUri);
    panel.onDidChangeViewState(() => {
      if (!panel.visible) connection.reset();
    });
    panel.onDidDispose(() => {
      connection.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
