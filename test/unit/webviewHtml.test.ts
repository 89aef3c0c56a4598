import assert from 'node:assert/strict';
import { contentSecurityPolicy, renderWebviewHtml } from '../../src/core/webview/html';

describe('webview HTML and CSP', () => {
  const nonce = 'AbCdEfGhIjKlMnOpQrStUvWx';
  const page = renderWebviewHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce,
    lang: 'fr',
    title: 'Board "<x>"',
    scriptUrl: 'https://x.vscode-cdn.net/dist/webview/board.js',
    stylesheetUrls: [{ url: 'https://x.vscode-cdn.net/dist/codicons/codicon.css', id: 'vscode-codicon-stylesheet' }],
  });

  it('the CSP is default-src none, nonce scripts, no eval, no inline scripts, no network', () => {
    const csp = contentSecurityPolicy('SRC', 'N0nce');
    assert.equal(
      csp,
      "default-src 'none'; script-src 'nonce-N0nce'; style-src SRC 'nonce-N0nce'; img-src SRC data:; font-src SRC; connect-src 'none'; base-uri 'none'; form-action 'none'",
    );
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  });

  it('every script and stylesheet carries the nonce and there is no inline script', () => {
    const scripts = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const s of scripts) {
      assert.match(s[0], new RegExp(`nonce="${nonce}"`));
      assert.equal(s[1].trim(), '', 'no inline script body');
    }
    for (const l of page.matchAll(/<link\b[^>]*>/g)) assert.match(l[0], new RegExp(`nonce="${nonce}"`));
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
  });

  it('escapes text placed in the page', () => {
    assert.match(page, /<title>Board &quot;&lt;x&gt;&quot;<\/title>/);
  });

  it('refuses a weak nonce', () => {
    assert.throws(() => renderWebviewHtml({ cspSource: 's', nonce: 'short', lang: 'en', title: 't', scriptUrl: 'u', stylesheetUrls: [] }), /nonce/);
  });
});
