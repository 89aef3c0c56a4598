// The sections of a Markdown backlog: which `## ` headings hold items and of which type (TicketFlow's
// built-in section titles in French and English, a Type marker, or a type key made from the title).
import { TYPE_KEY_RE } from '../backlog/model';
import { isBlank, type Token } from './markdownText';
import { normalizeWord } from './markdownKeys';
import { idPrefix } from './validate';

export type Dialect = 'ticketflow' | 'flowcast';

const TOC_TITLES = new Set(['TABLE DES MATIERES', 'SOMMAIRE', 'CONTENTS', 'TABLE OF CONTENTS']);
const PROSE_WORDS = ['ROADMAP', 'LEGENDE', 'LEGEND', 'CONVENTIONS', 'SEVERITE', 'SEVERITY', 'PRIORITE', 'PRIORITY'];
const BUILTIN_SECTIONS: Record<string, string> = {
  BUGS: 'BUG',
  BUG: 'BUG',
  'COURT TERME': 'CT',
  CT: 'CT',
  'SHORT TERM': 'CT',
  'LONG TERME': 'LT',
  LT: 'LT',
  'LONG TERM': 'LT',
  'AUTRES (IDEES)': 'AUTRE',
  'AUTRES IDEES': 'AUTRE',
  AUTRES: 'AUTRE',
  AUTRE: 'AUTRE',
  IDEES: 'AUTRE',
  'OTHER (IDEAS)': 'AUTRE',
  'OTHERS (IDEAS)': 'AUTRE',
  OTHER: 'AUTRE',
  OTHERS: 'AUTRE',
};

export const TICKETFLOW_TYPES = ['BUG', 'CT', 'LT', 'AUTRE'];

/** The built-in type of a section title, also when decorated: "BUGS (Hotfix)", "Court Terme (CT)". */
function builtinSection(norm: string): string | undefined {
  return BUILTIN_SECTIONS[norm] ?? BUILTIN_SECTIONS[norm.replace(/\s*\([^)]*\)\s*/g, ' ').trim()];
}

/** A type key from a free section title: upper-case, A-Z0-9_, at most 16 characters. */
export function typeKeyFromTitle(title: string): string {
  let k = normalizeWord(title)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[A-Z]/.test(k)) k = `T_${k}`;
  k = k.slice(0, 16).replace(/_+$/, '');
  return TYPE_KEY_RE.test(k) ? k : 'OTHER';
}


export type Section = { kind: 'toc' } | { kind: 'prose' } | { kind: 'items'; type: string; label: string; declared: boolean };

function stripSectionNumber(title: string): string {
  return title.replace(/^\d+[.)][ \t]*/, '').trim();
}

/** The type an item gets: its ID prefix when that is a type of the file, else its section's type. */
export function inferType(id: string, sectionType: string | null, known: ReadonlySet<string>): string {
  const prefix = idPrefix(id);
  return known.has(prefix) || sectionType === null ? prefix : sectionType;
}

/**
 * Pass 1 of the reader: what each `## ` heading is (a Type marker right under it makes it an item
 * section), by token index. Adds each item section's type to `known`; `sectionLabels` holds the
 * first title of each type.
 */
export function classifySections(
  toks: readonly Token[],
  known: Set<string>,
  fail: (line: number | null, message: string) => never,
): { sections: Map<number, Section>; sectionLabels: Map<string, string> } {
  const sections = new Map<number, Section>();
  const sectionLabels = new Map<string, string>();
  toks.forEach((t, i) => {
    if (t.k !== 'heading' || t.level !== 2) return;
    let j = i + 1;
    while (j < toks.length) {
      const n = toks[j];
      // Blank lines and one-line HTML comments (<!-- Exemple de bug -->) may come before the marker.
      if (n.k !== 'text' || n.raw || !(isBlank(n.text) || /^<!--.*-->[ \t]*$/.test(n.text))) break;
      j++;
    }
    const next = toks[j] as Token | undefined;
    const title = stripSectionNumber(t.text);
    const norm = normalizeWord(title).toUpperCase();
    let s: Section;
    if (next?.k === 'typeMarker') {
      const type = next.value.trim();
      if (!TYPE_KEY_RE.test(type)) fail(next.line, `"<!-- Type: ${type} -->" is not a valid type key (A-Z, 0-9, _; up to 16 characters)`);
      s = { kind: 'items', type, label: title || type, declared: true };
    } else if (TOC_TITLES.has(norm)) s = { kind: 'toc' };
    else if (PROSE_WORDS.some((w) => norm.includes(w))) s = { kind: 'prose' };
    else if (builtinSection(norm)) s = { kind: 'items', type: builtinSection(norm)!, label: title, declared: true };
    else s = { kind: 'items', type: typeKeyFromTitle(title), label: title, declared: false };
    sections.set(i, s);
    if (s.kind === 'items') {
      known.add(s.type);
      if (!sectionLabels.has(s.type)) sectionLabels.set(s.type, s.label);
    }
  });
  return { sections, sectionLabels };
}
