// One webview panel of a kind at a time (board tab, dashboard): "show" reveals it or creates it,
// the serializer restores it after a reload, and each page gets a fresh connection.
import * as vscode from 'vscode';
import { webviewOptions } from './webviewHtml';

export interface PanelConnection extends vscode.Disposable {
  /** The page was torn down (tab hidden): hold messages until it says it is ready again. */
  reset(): void;
}

export abstract class SingletonPanelManager<C extends PanelConnection> implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private connection: C | undefined;

  protected constructor(
    protected readonly extensionUri: vscode.Uri,
    private readonly viewType: string,
  ) {}

  protected abstract title(): string;
  protected abstract connect(webview: vscode.Webview): C;
  protected abstract html(webview: vscode.Webview): string;

  /** The live connection, if the panel is open (tests). */
  get current(): C | undefined {
    return this.connection;
  }

  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(this.viewType, this.title(), vscode.ViewColumn.Active, { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false });
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
    panel.title = this.title();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'flowcast.svg');
    // The connection exists before the page, so it can prepare its first message while the page loads.
    const connection = this.connect(panel.webview);
    this.connection = connection;
    panel.webview.html = this.html(panel.webview);
    panel.onDidChangeViewState(() => {
      if (!panel.visible) connection.reset();
    });
    panel.onDidDispose(() => {
      connection.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.connection = undefined;
      }
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
