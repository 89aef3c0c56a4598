// Search snippets as plain text: the Markdown of descriptions and user stories (**bold**, `code`,
// [links](url), headings, list and quote markers) is stripped, and the matched words are kept as
// [start, end) ranges into the plain text (for a UI that highlights, or not at all).
import type { SnippetSegment } from './search';

/** Markdown syntax stripped from one piece of text (pieces are stripped independently). */
function stripMarkdown(text: string): string {
  return (
    text
      // ![alt](url) and [text](url) -> alt / text; a link cut by the snippet keeps its text.
      .replace(/!?\[([^\]]*)\]\([^)]*\)?/g, '$1')
      .replace(/\]\([^)\s]*\)?/g, '')
      .replace(/[[\]]/g, '')
      // Emphasis, strike-through and code markers.
      .replace(/\*+|~~|`+/g, '')
      .replace(/(^|[\s(])_+|_+(?=$|[\s).,;:!?])/g, '$1')
      // Headings, quotes and list markers at the start of a line (or of the excerpt).
      .replace(/(^|\n)\s*(?:#{1,6}|>+|[-+]|\d+[.)])\s+/g, '$1')
      // HTML-ish tags are shown as text elsewhere; here they are noise.
      .replace(/\s+/g, ' ')
  );
}

export interface PlainSnippet {
  text: string;
  /** Ranges of `text` that matched the query: [start, end) offsets. */
  highlights: [number, number][];
}

/** The snippet as plain text with the matched words' positions. */
export function plainSnippet(segments: readonly SnippetSegment[]): PlainSnippet {
  let text = '';
  const highlights: [number, number][] = [];
  for (const s of segments) {
    let piece = stripMarkdown(s.text);
    if (text.endsWith(' ') && piece.startsWith(' ')) piece = piece.slice(1);
    if (!piece) continue;
    if (s.highlight) highlights.push([text.length, text.length + piece.length]);
    text += piece;
  }
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return {
    text: trimmed,
    highlights: highlights.map(([a, b]) => [Math.max(0, a - lead), Math.min(trimmed.length, b - lead)] as [number, number]).filter(([a, b]) => b > a),
  };
}
