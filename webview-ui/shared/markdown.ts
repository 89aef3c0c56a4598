// Markdown for webviews without innerHTML: markdown-it parses (raw HTML disabled, so any HTML in
// the text stays text), and its tokens are turned into lit templates, whose bindings escape text.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { html, nothing, type TemplateResult } from 'lit';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

type Node = { tag: string; token?: Token; children: (Node | TemplateResult)[] };

const SAFE_LINK = /^(https?:|mailto:)/i;

const ITEM_ID = /\b[A-Z][A-Z0-9_]{0,15}-\d{1,9}\b/g;
/** Set during one renderMarkdown call: which item IDs become buttons that open the item. */
let itemLinks: ((id: string) => boolean) | undefined;

/** Text with the known item IDs as links (data-item-id; the page handles the click). */
function linkedText(text: string, known: (id: string) => boolean): TemplateResult {
  const parts: (string | TemplateResult)[] = [];
  let last = 0;
  for (const m of text.matchAll(ITEM_ID)) {
    if (!known(m[0])) continue;
    parts.push(text.slice(last, m.index));
    parts.push(html`<a href="#" class="item-link" data-item-id=${m[0]}>${m[0]}</a>`);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

function inline(tokens: Token[]): TemplateResult {
  const root: Node = { tag: 'root', children: [] };
  const stack: Node[] = [root];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        top().children.push(itemLinks ? linkedText(t.content, itemLinks) : html`${t.content}`);
        break;
      case 'code_inline':
        top().children.push(html`<code>${t.content}</code>`);
        break;
      case 'softbreak':
        top().children.push(html` `);
        break;
      case 'hardbreak':
        top().children.push(html`<br />`);
        break;
      case 'image':
        top().children.push(html`<span class="md-image">[${t.content || t.attrGet('alt') || 'image'}]</span>`);
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
      case 'link_open': {
        const n: Node = { tag: t.type.replace('_open', ''), token: t, children: [] };
        top().children.push(n);
        stack.push(n);
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (t.content) top().children.push(html`${t.content}`);
    }
  }
  return renderInline(root);
}

function renderInline(n: Node): TemplateResult {
  const kids = n.children.map((c) => ('tag' in (c as object) ? renderInline(c as unknown as Node) : c));
  switch (n.tag) {
    case 'strong':
      return html`<strong>${kids}</strong>`;
    case 'em':
      return html`<em>${kids}</em>`;
    case 's':
      return html`<s>${kids}</s>`;
    case 'link': {
      const href = n.token?.attrGet('href') ?? '';
      return SAFE_LINK.test(href) ? html`<a href=${href} title=${href}>${kids}</a>` : html`${kids}`;
    }
    default:
      return html`${kids}`;
  }
}

function block(n: Node): TemplateResult {
  const kids = n.children.map((c) => ('tag' in (c as object) ? block(c as unknown as Node) : c));
  switch (n.tag) {
    case 'p':
      return html`<p>${kids}</p>`;
    case 'h1':
      return html`<h1>${kids}</h1>`;
    case 'h2':
      return html`<h2>${kids}</h2>`;
    case 'h3':
      return html`<h3>${kids}</h3>`;
    case 'h4':
    case 'h5':
    case 'h6':
      return html`<h4>${kids}</h4>`;
    case 'ul':
      return html`<ul>${kids}</ul>`;
    case 'ol':
      return html`<ol start=${n.token?.attrGet('start') ?? nothing}>${kids}</ol>`;
    case 'li':
      return html`<li>${kids}</li>`;
    case 'blockquote':
      return html`<blockquote>${kids}</blockquote>`;
    case 'table':
      return html`<table>${kids}</table>`;
    case 'thead':
      return html`<thead>${kids}</thead>`;
    case 'tbody':
      return html`<tbody>${kids}</tbody>`;
    case 'tr':
      return html`<tr>${kids}</tr>`;
    case 'th':
      return html`<th>${kids}</th>`;
    case 'td':
      return html`<td>${kids}</td>`;
    default:
      return html`${kids}`;
  }
}

/**
 * Renders Markdown as lit templates (safe: no raw HTML, links limited to http(s) and mailto).
 * With `opts.itemLinks`, item IDs it accepts become links carrying data-item-id.
 */
export function renderMarkdown(src: string, opts: { itemLinks?: (id: string) => boolean } = {}): TemplateResult {
  itemLinks = opts.itemLinks;
  try {
    return renderTokens(src);
  } finally {
    itemLinks = undefined;
  }
}

function renderTokens(src: string): TemplateResult {
  const tokens = md.parse(src, {});
  const root: Node = { tag: 'root', children: [] };
  const stack: Node[] = [root];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    if (t.nesting === 1) {
      const n: Node = { tag: t.tag, token: t, children: [] };
      top().children.push(n);
      stack.push(n);
    } else if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (t.type === 'inline') {
      top().children.push(inline(t.children ?? []));
    } else if (t.type === 'fence' || t.type === 'code_block') {
      top().children.push(html`<pre><code>${t.content}</code></pre>`);
    } else if (t.type === 'hr') {
      top().children.push(html`<hr />`);
    } else if (t.content) {
      top().children.push(html`<p>${t.content}</p>`);
    }
  }
  return block(root);
}
