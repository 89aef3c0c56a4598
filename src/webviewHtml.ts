import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** localResourceRoots for every Flowcast webview: only the built bundles and static media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy of every Flowcast webview. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Builds the HTML of a webview: strict CSP with a fresh nonce, the shared stylesheet, codicons,
 * and the webview's ES module bundle. No data is embedded: state arrives over the protocol.
 */
export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { entry: string; title: string; lang: string }): string {
  const nonce = createNonce();
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return `<!DOCTYPE html>
<html lang="${escapeAttr(opts.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="flowcast-nonce" content="${escapeAttr(nonce)}">
<title>${escapeAttr(opts.title)}</title>
<link rel="stylesheet" href="${escapeAttr(asset('dist', 'codicons', 'codicon.css'))}" id="vscode-codicon-stylesheet" nonce="${escapeAttr(nonce)}">
<link rel="stylesheet" href="${escapeAttr(asset('media', 'webview.css'))}" nonce="${escapeAttr(nonce)}">
</head>
<body>
<script type="module" nonce="${escapeAttr(nonce)}" src="${escapeAttr(asset('dist', 'webview', `${opts.entry}.js`))}"></script>
</body>
</html>`;
}
