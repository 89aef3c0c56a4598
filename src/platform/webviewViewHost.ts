// A webview view (sidebar, panel or secondary side bar) holding one page and its connection: the
// connection is made before the page loads, reset when the view is hidden (VS Code tears the page
// down) and disposed with the view.
import type * as vscode from 'vscode';
import type { PanelConnection } from './singletonPanel';
import { webviewOptions } from './webviewHtml';

export class WebviewViewHost<C extends PanelConnection> implements vscode.WebviewViewProvider, vscode.Disposable {
  private connection: C | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connect: (webview: vscode.Webview) => C,
    private readonly html: (webview: vscode.Webview) => string,
  ) {}

  /** The live connection, if the view has a page (tests). */
  get current(): C | undefined {
    return this.connection;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.connection?.dispose();
    view.webview.options = webviewOptions(this.extensionUri);
    const connection = this.connect(view.webview);
    this.connection = connection;
    view.webview.html = this.html(view.webview);
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
