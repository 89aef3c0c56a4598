// Line-level Markdown primitives shared by the TicketFlow and Flowcast Markdown formats: the
// tokenizer (what is structure, what is content), the escaping that lets any text round-trip, and
// the codecs of list entries (attachments, code links, relations).
//
// STRUCTURE is recognised at column 0 only, outside fenced code blocks:
//   `# `, `## `, `### ` headings; `---` / `***` / `___` separators; `**Key:**` (or `**Key**:`) lines;
//   `<!-- flowcast: {json} -->`, `<!-- Type: KEY -->` and `<!-- flowcast-markdown: N -->` comments.
// A fenced code block (``` or ~~~ at column 0, closed later by a fence of the same character that is
// at least as long) is CONTENT: its lines are never structure and are kept verbatim. An opening
// fence that is never closed is an ordinary line.
//
// ESCAPING. Writers prefix a content line with one backslash when the reader would otherwise
// misread it; readers remove the first character of every content line (outside fenced blocks)
// that starts with a backslash. So a line that really starts with `\` is written with `\\`. Lines
// are escaped when they:
//   - start with `\`;
//   - would be structure at column 0 (`#...`, `---`, `**Key:**`, `<!--...`, or a fence opener that
//     has no closing fence in the same text);
//   - are the first line of a value written after `**Key:** ` (the reader drops blanks after the
//     key) and are empty or start with a space or tab;
//   - are the last line of a text and blank (readers trim blank lines around a value);
//   - are list-entry continuation lines (indented by two spaces) that are blank or start with a
//     space or tab (readers drop the indentation), and first lines of list entries that start with
//     a space or tab.
// User-story lines are written as `> line` (the reader drops `>` and one space), escaped only when
// they start with `\`.
// Carriage returns cannot live in a line-based file: writers show them as line breaks and keep the
// exact value in the item's `<!-- flowcast: -->` comment (see markdownBacklog.ts).

import type { Attachment, CodeLink, RelationKind } from '../backlog/model';
import { RELATION_KINDS } from '../backlog/model';

export type Token =
  | { k: 'heading'; level: 1 | 2 | 3; text: string; line: number }
  | { k: 'sep'; line: number }
  | { k: 'meta'; json: string; line: number }
  | { k: 'typeMarker'; value: string; line: number }
  | { k: 'formatMarker'; value: string; line: number }
  | { k: 'key'; name: string; rest: string; line: number }
  | TextToken;

export interface TextToken {
  k: 'text';
  text: string;
  /** Part of a fenced code block: verbatim, never unescaped. */
  raw: boolean;
  line: number;
}

const HEADING_RE = /^(#{1,3})(?:[ \t]+(.*?))?[ \t]*$/;
const SEPARATOR_RE = /^(?:-{3,}|\*{3,}|_{3,})[ \t]*$/;
const KEY_RE = /^\*\*([^*]+?)[ \t]*(?::\*\*|\*\*[ \t]*:)(.*)$/;
const META_RE = /^<!--[ \t]*flowcast:[ \t]*(.*?)[ \t]*-->[ \t]*$/;
const TYPE_MARKER_RE = /^<!--[ \t]*Type:[ \t]*(.*?)[ \t]*-->[ \t]*$/i;
const FORMAT_MARKER_RE = /^<!--[ \t]*flowcast-markdown:[ \t]*(.*?)[ \t]*-->[ \t]*$/;
const FENCE_OPEN_RE = /^(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE_RE = /^(`{3,}|~{3,})[ \t]*$/;

export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

export function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

/** Text as the Markdown body shows it: CR and CRLF become LF (the exact value goes to the metadata). */
export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

interface Fence {
  ch: string;
  len: number;
}

function fenceOpen(line: string): Fence | null {
  const m = FENCE_OPEN_RE.exec(line);
  if (!m) return null;
  if (m[1].startsWith('`') && m[2].includes('`')) return null;
  return { ch: m[1][0], len: m[1].length };
}

function fenceCloses(line: string, f: Fence): boolean {
  const m = FENCE_CLOSE_RE.exec(line);
  return m !== null && m[1][0] === f.ch && m[1].length >= f.len;
}

/** Which lines belong to a closed fenced code block (opening and closing fences included). */
export function fencedLines(lines: readonly string[]): boolean[] {
  const raw = new Array<boolean>(lines.length).fill(false);
  // Per fence character, the shortest fence known to have no closer after some earlier line.
  const unclosed = new Map<string, number>();
  let i = 0;
  while (i < lines.length) {
    const f = fenceOpen(lines[i]);
    if (f && f.len < (unclosed.get(f.ch) ?? Infinity)) {
      let j = i + 1;
      while (j < lines.length && !fenceCloses(lines[j], f)) j++;
      if (j < lines.length) {
        for (let k = i; k <= j; k++) raw[k] = true;
        i = j + 1;
        continue;
      }
      unclosed.set(f.ch, f.len);
    }
    i++;
  }
  return raw;
}

export function tokenize(lines: readonly string[]): Token[] {
  const raw = fencedLines(lines);
  return lines.map((text, i) => classify(text, i + 1, raw[i]));
}

function classify(text: string, line: number, raw: boolean): Token {
  if (raw) return { k: 'text', text, raw, line };
  let m: RegExpExecArray | null;
  if ((m = HEADING_RE.exec(text))) return { k: 'heading', level: m[1].length as 1 | 2 | 3, text: m[2] ?? '', line };
  if (SEPARATOR_RE.test(text)) return { k: 'sep', line };
  if ((m = META_RE.exec(text))) return { k: 'meta', json: m[1], line };
  if ((m = TYPE_MARKER_RE.exec(text))) return { k: 'typeMarker', value: m[1], line };
  if ((m = FORMAT_MARKER_RE.exec(text))) return { k: 'formatMarker', value: m[1], line };
  if ((m = KEY_RE.exec(text))) return { k: 'key', name: m[1], rest: m[2], line };
  return { k: 'text', text, raw: false, line };
}

/** A line a reader would take for structure (or unescape) if written as is at column 0. */
function misreadAtColumn0(line: string): boolean {
  return (
    line.startsWith('\\') ||
    line.startsWith('#') ||
    line.startsWith('<!--') ||
    SEPARATOR_RE.test(line) ||
    KEY_RE.test(line) ||
    fenceOpen(line) !== null
  );
}

export function unescapeLine(s: string): { text: string; escaped: boolean } {
  return s.startsWith('\\') ? { text: s.slice(1), escaped: true } : { text: s, escaped: false };
}

/** The first line of a value, written after `**Key:** `. */
function escapeInline(s: string): string {
  return s === '' || /^[ \t\\]/.test(s) ? `\\${s}` : s;
}

/** `**Key:** first line` then the other lines, escaped; fenced code blocks verbatim. */
export function writeTextField(key: string, value: string): string[] {
  const lines = normalizeNewlines(value).split('\n');
  const out = [`**${key}:** ${escapeInline(lines[0])}`];
  const rest = lines.slice(1);
  const raw = fencedLines(rest);
  rest.forEach((l, i) => {
    const escape = !raw[i] && (misreadAtColumn0(l) || (i === rest.length - 1 && isBlank(l)));
    out.push(escape ? `\\${l}` : l);
  });
  return out;
}

/** `**Key:**` then one `> line` per line. */
export function writeQuoteField(key: string, value: string): string[] {
  const lines = normalizeNewlines(value).split('\n');
  return [`**${key}:**`, ...lines.map((l) => (l === '' ? '>' : `> ${l.startsWith('\\') ? '\\' : ''}${l}`))];
}

/** One list entry: `marker text`, continuation lines indented by two spaces. */
export function writeEntry(marker: string, text: string): string[] {
  const lines = normalizeNewlines(text).split('\n');
  const first = lines[0];
  const head = marker === '' ? first : first === '' ? marker : `${marker} ${/^[ \t\\]/.test(first) ? '\\' : ''}${first}`;
  return [head, ...lines.slice(1).map((l) => `  ${isBlank(l) || /^[ \t\\]/.test(l) ? '\\' : ''}${l}`)];
}

// ---- collectors: turn the content lines of one field into its value ---------------------------

interface Line {
  text: string;
  /** Escaped or verbatim: never trimmed as a blank line. */
  keep: boolean;
}

function trimBlankEnds(lines: Line[], leading: boolean): Line[] {
  let a = 0;
  let b = lines.length;
  while (b > a && !lines[b - 1].keep && isBlank(lines[b - 1].text)) b--;
  if (leading) while (a < b && !lines[a].keep && isBlank(lines[a].text)) a++;
  return lines.slice(a, b);
}

/** Free text (description, component): every line kept, blank lines around it dropped. */
export class TextCollector {
  private readonly lines: Line[] = [];
  private readonly inline: boolean;
  constructor(rest: string) {
    const r = rest.replace(/^[ \t]+/, '');
    this.inline = r !== '';
    if (this.inline) this.lines.push({ text: unescapeLine(r).text, keep: true });
  }
  feed(t: TextToken): void {
    if (t.raw) this.lines.push({ text: t.text, keep: true });
    else {
      const u = unescapeLine(t.text);
      this.lines.push({ text: u.text, keep: u.escaped });
    }
  }
  value(): string {
    return trimBlankEnds(this.lines, !this.inline)
      .map((l) => l.text)
      .join('\n');
  }
}

/**
 * A user story. `> ` lines are content. Exact mode (files Flowcast wrote) joins lines with a line
 * break; TicketFlow mode (hand-written files) reads consecutive lines as one paragraph joined with
 * spaces, blank lines separating paragraphs, as TicketFlow and Markdown do.
 */
export class QuoteCollector {
  private readonly lines: Line[] = [];
  constructor(rest: string) {
    const r = rest.replace(/^[ \t]+/, '');
    if (r !== '') this.lines.push({ text: unescapeLine(r).text, keep: true });
  }
  feed(t: TextToken): void {
    if (t.raw) this.lines.push({ text: t.text, keep: true });
    else if (t.text.startsWith('>')) {
      let c = t.text.slice(1);
      if (c.startsWith(' ')) c = c.slice(1);
      this.lines.push({ text: unescapeLine(c).text, keep: true });
    } else {
      const u = unescapeLine(t.text);
      this.lines.push({ text: u.text, keep: u.escaped });
    }
  }
  value(exact: boolean): string {
    const lines = trimBlankEnds(this.lines, true).map((l) => l.text);
    if (exact) return lines.join('\n');
    const paragraphs: string[][] = [[]];
    for (const l of lines) {
      if (isBlank(l)) {
        if (paragraphs[paragraphs.length - 1].length) paragraphs.push([]);
      } else paragraphs[paragraphs.length - 1].push(l.trim());
    }
    return paragraphs
      .filter((p) => p.length)
      .map((p) => p.join(' '))
      .join('\n\n');
  }
}

const LIST_MARKER_RE = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+([\s\S]*))?$/;
const CHECKBOX_RE = /^\[([ xX])\](?:[ \t]+([\s\S]*))?$/;

export interface Entry {
  text: string;
  checked: boolean;
  line: number;
}

/**
 * List entries: a line with a marker (`-`, `*`, `+`, `1.`, `1)`) or, for attachments, a line
 * starting with `![` begins an entry; an indented line continues the last entry; any other line
 * is an entry of its own; blank lines are skipped. Criteria read a `[ ]` / `[x]` box after the marker.
 */
export class ListCollector {
  readonly entries: Entry[] = [];
  constructor(
    rest: string,
    line: number,
    private readonly kind: 'plain' | 'criteria' | 'attachments',
  ) {
    const r = rest.replace(/^[ \t]+/, '');
    if (r !== '') this.feedLine(r, line);
  }
  feed(t: TextToken): void {
    if (t.raw) return this.append(t.text, t.line);
    if (isBlank(t.text)) return;
    if (/^[ \t]/.test(t.text)) return this.append(unescapeLine(t.text.replace(/^[ \t]+/, '')).text, t.line);
    this.feedLine(t.text, t.line);
  }
  private feedLine(s: string, line: number): void {
    if (this.kind === 'attachments' && s.startsWith('![')) return this.start(s, false, line);
    const m = LIST_MARKER_RE.exec(s);
    if (!m) return this.start(unescapeLine(s).text, false, line);
    const body = m[1] ?? '';
    if (this.kind === 'criteria') {
      const c = CHECKBOX_RE.exec(body);
      if (c) return this.start(unescapeLine(c[2] ?? '').text, c[1] !== ' ', line);
    }
    if (this.kind === 'attachments' && body.startsWith('![')) return this.start(body, false, line);
    this.start(unescapeLine(body).text, false, line);
  }
  private start(text: string, checked: boolean, line: number): void {
    this.entries.push({ text, checked, line });
  }
  private append(text: string, line: number): void {
    const last = this.entries[this.entries.length - 1];
    if (last) last.text += `\n${text}`;
    else this.start(text, false, line);
  }
}

// ---- entry codecs --------------------------------------------------------------------------

const MD_ESCAPED_PUNCT = /\\([!-/:-@[-`{-~])/g;

/** `![name](path)`; the path in `<...>` when it has spaces, parentheses, angle brackets or backslashes. */
export function encodeAttachment(a: Attachment): string {
  const name = a.name.replace(/[\\[\]]/g, '\\$&');
  const path = /^[^\s()<>\\]+$/.test(a.path) ? a.path : `<${a.path.replace(/[\\<>]/g, '\\$&')}>`;
  return `![${name}](${path})`;
}

export function decodeAttachment(s: string): Attachment | null {
  const m = /^!\[((?:\\[\s\S]|[^\\\]])*)\]\(([\s\S]*)\)[ \t]*$/.exec(s);
  if (!m) return null;
  const name = m[1].replace(MD_ESCAPED_PUNCT, '$1');
  const angle = /^<((?:\\[\s\S]|[^\\<>])*)>$/.exec(m[2]);
  if (angle) return { name, path: angle[1].replace(MD_ESCAPED_PUNCT, '$1') };
  let path = m[2].trim();
  const titled = /^(\S+)[ \t]+"[^"]*"$/.exec(path);
  if (titled) path = titled[1];
  return { name, path };
}

export function encodeLink(l: CodeLink): string {
  return `${l.file}:${l.line}`;
}

export function decodeLink(s: string): CodeLink | null {
  const m = /^([\s\S]+):(\d{1,9})$/.exec(s);
  return m ? { file: m[1], line: Number(m[2]) } : null;
}

export function encodeRelation(r: { kind: RelationKind; to: string }): string {
  return `${r.kind} ${r.to}`;
}

export function decodeRelation(s: string): { kind: RelationKind; to: string } | null {
  const m = /^(\S+)[ \t]+(\S+)$/.exec(s.trim());
  if (!m) return null;
  const kind = RELATION_KINDS.find((k) => k === m[1]);
  return kind ? { kind, to: m[2] } : null;
}
