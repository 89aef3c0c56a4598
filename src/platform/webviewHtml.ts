import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderWebviewHtml } from '../core/webview/html';

/** localResourceRoots for every Flowcast webview: only the built bundles and static media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A fresh nonce per page load, from the OS CSPRNG. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { entry: string; title: string; lang: string }): string {
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return renderWebviewHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    lang: opts.lang,
    title: opts.title,
    scriptUrl: asset('dist', 'webview', `${opts.entry}.js`),
    stylesheetUrls: [{ url: asset('dist', 'codicons', 'codicon.css'), id: 'vscode-codicon-stylesheet' }, { url: asset('media', 'webview.css') }],
  });
}
