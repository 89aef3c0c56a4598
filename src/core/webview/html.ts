// The HTML shell of every Flowcast webview. Pure: the adapter supplies the webview's CSP source,
// resource URLs and a nonce from crypto. No data is embedded: state arrives over the protocol.

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

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface WebviewShell {
  cspSource: string;
  nonce: string;
  lang: string;
  title: string;
  scriptUrl: string;
  stylesheetUrls: { url: string; id?: string }[];
}

export function renderWebviewHtml(o: WebviewShell): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('nonce must be at least 16 base64 characters');
  const e = escapeHtml;
  const links = o.stylesheetUrls.map((s) => `<link rel="stylesheet" href="${e(s.url)}"${s.id ? ` id="${e(s.id)}"` : ''} nonce="${e(o.nonce)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${e(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="flowcast-nonce" content="${e(o.nonce)}">
<title>${e(o.title)}</title>
${links}
</head>
<body>
<script type="module" nonce="${e(o.nonce)}" src="${e(o.scriptUrl)}"></script>
</body>
</html>`;
}
