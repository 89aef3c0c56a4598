// The engine behind both Markdown formats: one parser and one item writer, with two dialects.
//   ticketflow: TicketFlow's keys (French or English) and values ("P2 - Moyenne", "Haute",
//               "M (Medium)"); the fields TicketFlow lacks live in a `<!-- flowcast: {json} -->`
//               comment under the item heading (TicketFlow ignores HTML comments).
//   flowcast:   every field as a `**Key:** value` line (English keys, locale-neutral values).
// Both writers verify their own output: they parse it back, and any field that does not come back
// exactly (a title with a line break, text with carriage returns...) is also written, exactly, in
// the item's flowcast comment, which the reader applies last. So export is lossless by construction;
// the escaping in markdownText.ts keeps such comments the exception (tests check that).
import { type Criterion, emptyFields, ITEM_ID_RE, type PortableItem, TYPE_KEY_RE } from '../backlog/model';
import { atLine, type ImportedBacklog, ImportError, type ImportedType, type ImportOptions } from './types';
import {
  decodeAttachment,
  decodeLink,
  decodeRelation,
  encodeAttachment,
  encodeLink,
  encodeRelation,
  isBlank,
  ListCollector,
  normalizeNewlines,
  QuoteCollector,
  splitLines,
  TextCollector,
  type TextToken,
  type Token,
  tokenize,
  writeEntry,
  writeQuoteField,
  writeTextField,
} from './markdownText';
import {
  crossCheck,
  DEFAULT_NOW,
  describeIssues,
  idPrefix,
  ITEM_KEYS,
  ItemPatchSchema,
  type ItemPatch,
  ItemSchema,
  RankSequence,
  sameValue,
} from './validate';

import {
  EFFORT_LABELS,
  type FieldName,
  FLOWCAST_KEYS,
  FLOWCAST_LABELS,
  joinComponentModule,
  KIND,
  type Locale,
  normalizeWord,
  parseEffort,
  parsePriority,
  parseSeverity,
  PRIORITY_LABELS,
  SEVERITY_LABELS,
  splitComponentModule,
  TICKETFLOW_KEYS,
  TICKETFLOW_LABELS,
} from './markdownKeys';

export { joinComponentModule, normalizeWord, splitComponentModule, type Locale };
export type Dialect = 'ticketflow' | 'flowcast';

// ---- sections ------------------------------------------------------------------------------

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

const TICKETFLOW_TYPES = ['BUG', 'CT', 'LT', 'AUTRE'];

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

type Section = { kind: 'toc' } | { kind: 'prose' } | { kind: 'items'; type: string; label: string; declared: boolean };

function stripSectionNumber(title: string): string {
  return title.replace(/^\d+[.)][ \t]*/, '').trim();
}

/** The type an item gets: its ID prefix when that is a type of the file, else its section's type. */
export function inferType(id: string, sectionType: string | null, known: ReadonlySet<string>): string {
  const prefix = idPrefix(id);
  return known.has(prefix) || sectionType === null ? prefix : sectionType;
}

// ---- writer --------------------------------------------------------------------------------

export interface WriteOptions {
  dialect: Dialect;
  locale: Locale;
}

/** JSON that is safe inside an HTML comment and on one line. */
function commentJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
let segmenter: Intl.Segmenter | undefined;

function firstGrapheme(s: string): string {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const g of segmenter.segment(s)) return g.segment;
  return '';
}

/** "🐛 Title" -> emoji + title: a leading emoji grapheme followed by a space or tab. */
export function splitEmoji(rest: string): { emoji: string; title: string } {
  const g = firstGrapheme(rest);
  if (g && EMOJI_RE.test(g) && /^[ \t]/.test(rest.slice(g.length))) {
    return { emoji: g, title: rest.slice(g.length).replace(/^[ \t]+/, '') };
  }
  return { emoji: '', title: rest };
}

export function headingLine(it: PortableItem): string {
  const title = normalizeNewlines(`${it.emoji ? `${it.emoji} ` : ''}${it.title}`)
    .replace(/\n/g, ' ')
    .replace(/^[ \t]+|[ \t]+$/g, '');
  return `### ${it.id} | ${title}`;
}

/** The lines of one item, ending with a blank line, `---` and a blank line. */
export function writeItem(it: PortableItem, meta: ItemPatch, o: WriteOptions): string[] {
  const tf = o.dialect === 'ticketflow';
  // The TicketFlow dialect always writes TicketFlow's own (French) keys and values: its parser knows no others.
  const loc: Locale = tf ? 'fr' : o.locale;
  const L: Record<string, string> = tf ? TICKETFLOW_LABELS[loc] : FLOWCAST_LABELS;
  const out = [headingLine(it)];
  if (Object.keys(meta).length) out.push(`<!-- flowcast: ${commentJson(meta)} -->`);
  const list = (name: FieldName, marker: (i: number) => string, entries: string[]) => {
    if (!entries.length) return;
    out.push('', `**${L[name]}:**`);
    entries.forEach((e, i) => out.push(...writeEntry(marker(i), e)));
  };
  if (!tf) out.push(`**${L.type}:** ${it.type}`, `**${L.status}:** ${it.status}`);
  if (!tf) {
    if (it.component) out.push(...writeTextField(L.component, it.component));
  } else {
    // TicketFlow shows a bug's Composant and any other item's Module (its writer does the same).
    const cm = splitComponentModule(it.component);
    if (cm.module !== null) out.push(...writeTextField(L.component, cm.component), ...writeTextField(L.module, cm.module));
    else if (it.component) out.push(...writeTextField(it.type === 'BUG' ? L.component : L.module, it.component));
  }
  if (it.severity) out.push(`**${L.severity}:** ${tf ? SEVERITY_LABELS[loc][it.severity] : it.severity}`);
  if (it.priority) out.push(`**${L.priority}:** ${tf ? PRIORITY_LABELS[loc][it.priority] : it.priority}`);
  if (it.effort) out.push(`**${L.effort}:** ${tf ? EFFORT_LABELS[it.effort] : it.effort}`);
  if (!tf && it.tags.length) {
    out.push(`**${L.tags}:**`);
    for (const t of it.tags) out.push(...writeEntry('-', t));
  }
  if (it.description) out.push(...writeTextField(L.description, it.description));
  if (it.userStory) out.push('', ...writeQuoteField(L.userStory, it.userStory));
  list('reproSteps', (i) => `${i + 1}.`, it.reproSteps);
  list('specs', () => '-', it.specs);
  if (it.criteria.length) {
    out.push('', `**${L.criteria}:**`);
    for (const c of it.criteria) out.push(...writeEntry(c.checked ? '- [x]' : '- [ ]', c.text));
  }
  list('dependencies', () => '-', it.dependencies);
  list('constraints', () => '-', it.constraints);
  list('attachments', () => (tf ? '' : '-'), it.attachments.map(encodeAttachment));
  if (!tf) {
    list('links', () => '-', it.links.map(encodeLink));
    list('relations', () => '-', it.relations.map(encodeRelation));
    out.push('', `**${L.rank}:** ${it.rank}`, `**${L.createdAt}:** ${it.createdAt}`, `**${L.updatedAt}:** ${it.updatedAt}`);
    if (it.archivedAt) out.push(`**${L.archivedAt}:** ${it.archivedAt}`);
  }
  out.push('', '---', '');
  return out;
}

/** The exact values of every field (but the ID) that `parsed` does not reproduce. */
export function fallbackFields(original: PortableItem, parsed: PortableItem | undefined): ItemPatch {
  const patch: Record<string, unknown> = {};
  for (const k of ITEM_KEYS) {
    if (k === 'id') continue;
    if (!parsed || !sameValue(original[k], parsed[k])) patch[k] = original[k];
  }
  return patch;
}

/** Merges two patches, keys in canonical item order. */
export function mergePatch(a: ItemPatch, b: ItemPatch): ItemPatch {
  const out: Record<string, unknown> = {};
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ITEM_KEYS) {
    if (k in rb) out[k] = rb[k];
    else if (k in ra) out[k] = ra[k];
  }
  return out;
}

/**
 * Renders with `render(extra)`, parses the result back and renders again with, per item, the
 * exact values of the fields that did not survive (see the header of this file).
 */
export function exportVerified(
  items: readonly PortableItem[],
  render: (meta: (it: PortableItem) => ItemPatch) => string,
  base: (it: PortableItem) => ItemPatch,
  dialect: Dialect,
): string {
  const first = render(base);
  const parsed = new Map(parseMarkdownBacklog(first, dialect).items.map((it) => [it.id, it]));
  const extra = new Map<string, ItemPatch>();
  for (const it of items) {
    const f = fallbackFields(it, parsed.get(it.id));
    if (Object.keys(f).length) extra.set(it.id, mergePatch(base(it), f));
  }
  return extra.size ? render((it) => extra.get(it.id) ?? base(it)) : first;
}

// ---- reader --------------------------------------------------------------------------------

interface Collected {
  name: FieldName;
  keyText: string;
  line: number;
  /** Read from text under no key (TicketFlow 2.x export layout). */
  implicit?: boolean;
  text?: TextCollector;
  quote?: QuoteCollector;
  list?: ListCollector;
  scalar?: string;
}

interface Draft {
  id: string;
  line: number;
  sectionType: string | null;
  title: string;
  emoji: string;
  fields: Map<FieldName, Collected>;
  meta: ItemPatch | null;
  metaLine: number;
  /** A TicketFlow grouped table (`### BUG-005 à 007 | ...`): rows become items. */
  table: { rows: { id: string; title: string; action: string; line: number }[]; severity: string | null } | null;
}

const CHECKBOX_LINE_RE = /^[-*+][ \t]+\[[ xX]\]/;

/** `rest` cut at each ` | **Key:**` whose key is known: the first part is the current key's value. */
function splitKeyedLine(rest: string, known: (key: string) => FieldName | undefined): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [{ key: '', text: '' }];
  const pieces = rest.split(/([ \t]+\|[ \t]+\*\*[^*]+?(?::\*\*|\*\*[ \t]*:))/);
  out[0].text = pieces[0];
  for (let i = 1; i < pieces.length; i += 2) {
    const key = /\*\*([^*]+?)[ \t]*(?::\*\*|\*\*[ \t]*:)$/.exec(pieces[i])![1];
    if (known(key)) out.push({ key, text: pieces[i + 1].replace(/^[ \t]+/, '') });
    else out[out.length - 1].text += pieces[i] + pieces[i + 1];
  }
  return out;
}

const ITEM_HEADING_RE = /^([A-Za-z][A-Za-z0-9_]*-\d+)(?:[ \t]*[|:][ \t]*([\s\S]*)|[ \t]+([\s\S]*))?$/;
const TABLE_HEADING_RE = /^[A-Z][A-Z0-9_]*-\d+[ \t]*à[ \t]*\d+(?:[ \t]*\|[ \t]*([\s\S]*))?$/;

export function parseMarkdownBacklog(text: string, dialect: Dialect, opts: ImportOptions = {}): ImportedBacklog {
  const format = dialect === 'ticketflow' ? 'ticketflow' : 'flowcast-md';
  function fail(line: number | null, message: string): never {
    throw new ImportError(atLine(line, message), line, format);
  }
  const now = opts.now ?? DEFAULT_NOW;
  const keys = dialect === 'ticketflow' ? TICKETFLOW_KEYS : FLOWCAST_KEYS;
  const toks = tokenize(splitLines(text));
  const warnings: string[] = [];

  // Pass 1: what each `## ` heading is (a Type marker right under it makes it an item section).
  const sections = new Map<number, Section>();
  // TicketFlow types an item by its ID prefix: a prefix that is a TicketFlow type, a type of the
  // file or a type the caller knows (the backlog's) wins over the section the item sits in.
  const known = new Set<string>([...TICKETFLOW_TYPES, ...(opts.knownTypes ?? [])]);
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

  const types: ImportedType[] = [];
  const addType = (key: string, label: string) => {
    if (!types.some((t) => t.key === key)) types.push({ key, label });
  };
  const drafts: Draft[] = [];
  const seenIds = new Map<string, number>();
  let name: string | undefined;
  let section: Section | null = null;
  let draft: Draft | null = null;
  let field: Collected | null = null;
  let ignoring = false;

  const endItem = () => {
    draft = null;
    field = null;
    ignoring = false;
  };
  // IDs of the item headings, to give a repeated ID a number no item of the file uses.
  const fileIds = new Set<string>();
  for (const t of toks) {
    const m = t.k === 'heading' && t.level === 3 ? ITEM_HEADING_RE.exec(t.text) : null;
    if (m) fileIds.add(m[1]);
  }
  const renumbered: { from: string; to: string; line: number }[] = [];
  /** The ID an item gets: its own, or (repeated in the file) the next free number of its prefix. */
  const claimId = (id: string, line: number): string => {
    const first = seenIds.get(id);
    if (first === undefined) {
      seenIds.set(id, line);
      return id;
    }
    const m = ITEM_ID_RE.exec(id)!;
    let max = 0;
    for (const other of [...fileIds, ...seenIds.keys()]) {
      const o = ITEM_ID_RE.exec(other);
      if (o && o[1] === m[1]) max = Math.max(max, Number(o[2]));
    }
    const to = `${m[1]}-${String(max + 1).padStart(m[2].length, '0')}`;
    seenIds.set(to, line);
    renumbered.push({ from: id, to, line });
    warnings.push(`${id} on line ${line} repeats the ID of line ${first}: imported as ${to}`);
    return to;
  };

  const fieldOf = (keyText: string) => keys[normalizeWord(keyText).toLowerCase()] as FieldName | undefined;
  const startField = (d: Draft, keyText: string, rest: string, line: number, implicit = false) => {
    field = null;
    ignoring = false;
    // TicketFlow puts several values on one line (its 2.x export puts all of them there):
    // **Composant:** x | **Sévérité:** P2 - Moyenne | **Effort:** M. A part starts at a known key.
    const parts = implicit ? [{ key: keyText, text: rest }] : splitKeyedLine(rest, fieldOf);
    const fname = fieldOf(keyText);
    if (!fname) {
      warnings.push(`${d.id}: unknown key **${keyText}:** on line ${line} ignored`);
      ignoring = true;
    } else {
      const prev = d.fields.get(fname);
      if (prev && !prev.implicit) fail(line, `${d.id}: **${keyText}:** repeats the field of **${prev.keyText}:** (line ${prev.line})`);
      if (prev) warnings.push(`${d.id}: text without a key before **${keyText}:** on line ${line} ignored`);
      const c: Collected = { name: fname, keyText, line, implicit };
      const kind = KIND[fname];
      if (kind === 'scalar') c.scalar = parts[0].text.trim();
      else if (kind === 'text') c.text = new TextCollector(parts[0].text);
      else if (kind === 'quote') c.quote = new QuoteCollector(parts[0].text);
      else c.list = new ListCollector(parts[0].text, line, kind === 'criteria' ? 'criteria' : kind === 'attachments' ? 'attachments' : 'plain');
      d.fields.set(fname, c);
      field = c;
    }
    for (const p of parts.slice(1)) startField(d, p.key, p.text, line);
    // After a line of several keys, the next lines belong to no key (2.x: story, then description).
    if (parts.length > 1) {
      field = null;
      ignoring = false;
    }
  };

  /** A line under no key (TicketFlow 2.x export, or a list right under the heading): its field by its shape. */
  const startImplicit = (d: Draft, t: TextToken): boolean => {
    if (dialect !== 'ticketflow' || t.raw || isBlank(t.text)) return false;
    const name: FieldName | null = CHECKBOX_LINE_RE.test(t.text) ? 'criteria' : t.text.startsWith('>') ? 'userStory' : 'description';
    const c = d.fields.get(name);
    if (c && !c.implicit) return false;
    if (c?.implicit) warnings.push(`${d.id}: a second text without a key on line ${t.line} replaces the first one`);
    startField(d, name === 'criteria' ? "Critères d'acceptation" : name === 'userStory' ? 'User Story' : 'Description', '', t.line, true);
    return true;
  };

  const feed = (d: Draft, t: TextToken) => {
    if (d.table) {
      const cells = t.text.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      if (t.text.trim().startsWith('|') && ITEM_ID_RE.test(cells[0] ?? '')) {
        d.table.rows.push({ id: cells[0], title: cells[1] ?? '', action: cells[2] ?? '', line: t.line });
      }
      return;
    }
    let f: Collected | null = field;
    if (ignoring) return;
    // An implicit user story ends at a line that is not a quote, implicit criteria at one that is
    // not a list line; a scalar key takes no following text.
    if (f && dialect === 'ticketflow' && !t.raw && !isBlank(t.text)) {
      const ends = f.scalar !== undefined || (f.implicit && f.quote && !t.text.startsWith('>')) || (f.implicit && f.list && !/^(?:[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t])/.test(t.text));
      if (ends) f = field = null;
    }
    if (!f) {
      if (!isBlank(t.text) && startImplicit(d, t)) f = field;
      else {
        if (!isBlank(t.text)) warnings.push(`${d.id}: text outside any **Key:** on line ${t.line} ignored`);
        return;
      }
    }
    if (!f) return;
    if (f.text) f.text.feed(t);
    else if (f.quote) f.quote.feed(t);
    else if (f.list) f.list.feed(t);
    else if (!isBlank(t.text)) warnings.push(`${d.id}: text after **${f.keyText}:** on line ${t.line} ignored`);
  };

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    switch (t.k) {
      case 'heading': {
        endItem();
        if (t.level === 1) {
          name ??= dialect === 'ticketflow' ? t.text.replace(/[ \t]+[-–—][ \t]+Product Backlog$/i, '').trim() : t.text;
        } else if (t.level === 2) {
          section = sections.get(i) ?? null;
          if (section?.kind === 'items' && section.declared) addType(section.type, section.label);
        } else if (section === null || section.kind === 'items') {
          const sectionType = section?.kind === 'items' ? section.type : null;
          if (dialect === 'ticketflow' && TABLE_HEADING_RE.test(t.text)) {
            const d: Draft = { id: t.text, line: t.line, sectionType, title: '', emoji: '', fields: new Map(), meta: null, metaLine: 0, table: { rows: [], severity: null } };
            drafts.push(d);
            draft = d;
            break;
          }
          const m = ITEM_HEADING_RE.exec(t.text);
          if (!m && section === null) {
            // Before the first section: part of the document's introduction.
            warnings.push(`heading "### ${t.text}" on line ${t.line} is not an item (no ID) and comes before any section; ignored`);
            break;
          }
          if (!m) fail(t.line, `item heading without an ID: "### ${t.text}" (expected "### TYPE-123 | Title")`);
          if (!ITEM_ID_RE.test(m[1])) fail(t.line, `invalid item ID "${m[1]}" (expected an upper-case type of up to 16 characters, a dash and up to 9 digits, like BUG-001)`);
          const id = claimId(m[1], t.line);
          const { emoji, title } = splitEmoji(m[2] ?? m[3] ?? '');
          const d: Draft = { id, line: t.line, sectionType, title, emoji, fields: new Map(), meta: null, metaLine: 0, table: null };
          drafts.push(d);
          draft = d;
        }
        break;
      }
      case 'sep':
        endItem();
        break;
      case 'meta': {
        const d = draft;
        field = null;
        ignoring = false;
        if (!d || d.table) {
          warnings.push(`flowcast comment on line ${t.line} is not under an item heading; ignored`);
          break;
        }
        if (d.meta) fail(t.line, `${d.id} has a second flowcast comment`);
        let json: unknown;
        try {
          json = JSON.parse(t.json);
        } catch (err) {
          fail(t.line, `${d.id}: the flowcast comment is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
        }
        const r = ItemPatchSchema.safeParse(json);
        if (!r.success) fail(t.line, `${d.id}: flowcast comment: ${describeIssues(r.error.issues)}`);
        else {
          d.meta = r.data;
          d.metaLine = t.line;
        }
        break;
      }
      case 'typeMarker':
      case 'formatMarker':
        field = null;
        ignoring = false;
        break;
      case 'key': {
        const d = draft;
        if (!d) break;
        if (d.table) {
          if (normalizeWord(t.name).toLowerCase().startsWith('severit')) d.table.severity = t.rest.trim();
          break;
        }
        startField(d, t.name, t.rest, t.line);
        break;
      }
      case 'text': {
        const d = draft;
        if (d) feed(d, t);
        break;
      }
    }
  }

  // Build items in file order.
  const ranks = new RankSequence();
  const items: PortableItem[] = [];
  for (const d of drafts) {
    if (d.table) {
      for (const row of d.table.rows) {
        row.id = claimId(row.id, row.line);
        const severity = d.table.severity === null ? null : parseSeverity(d.table.severity);
        if (severity === undefined) fail(d.line, `unknown severity "${d.table.severity}" (expected P0 to P4)`);
        items.push(
          checked(
            {
              ...emptyFields(),
              id: row.id,
              type: inferType(row.id, d.sectionType, known),
              title: row.title,
              description: row.action,
              severity: severity ?? null,
              rank: ranks.next(),
              createdAt: now,
              updatedAt: now,
              archivedAt: null,
              relations: [],
            },
            row.line,
          ),
        );
      }
      continue;
    }
    items.push(buildItem(d));
  }
  for (const it of items) if (!types.some((t) => t.key === it.type)) addType(it.type, sectionLabels.get(it.type) ?? it.type);
  const problem = crossCheck(items, warnings);
  if (problem) fail(null, problem.message);
  return { items, types, warnings, ...(name !== undefined ? { name } : {}), ...(renumbered.length ? { renumbered } : {}) };

  /** Validates a built item; the error points at the line of the first bad field when known. */
  function checked(item: PortableItem, line: number, fieldLine: (name: string) => number | undefined = () => undefined): PortableItem {
    const r = ItemSchema.safeParse(item);
    if (!r.success) fail(fieldLine(String(r.error.issues[0].path[0])) ?? line, `${item.id}: ${describeIssues(r.error.issues)}`);
    return item;
  }

  function buildItem(d: Draft): PortableItem {
    const item: PortableItem = {
      ...emptyFields(),
      id: d.id,
      type: inferType(d.id, d.sectionType, known),
      title: d.title,
      emoji: d.emoji,
      rank: '',
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
      relations: [],
    };
    let rankGiven = false;
    let createdGiven = false;
    let updatedGiven = false;
    let module: string | null = null;
    let screens: PortableItem['attachments'] = [];
    for (const c of d.fields.values()) {
      const entries = c.list?.entries ?? [];
      const bad = (line: number, what: string): never => fail(line, `${d.id}: **${c.keyText}:** ${what}`);
      const s = c.scalar ?? '';
      switch (c.name) {
        case 'severity': {
          const v = parseSeverity(s);
          item.severity = v === undefined ? bad(c.line, `unknown severity "${s}" (expected P0 to P4, e.g. "P2 - Moyenne")`) : v;
          break;
        }
        case 'priority': {
          const v = parsePriority(s);
          item.priority = v === undefined ? bad(c.line, `unknown priority "${s}" (expected High, Medium, Low / Haute, Moyenne, Faible)`) : v;
          break;
        }
        case 'effort': {
          const v = parseEffort(s);
          item.effort = v === undefined ? bad(c.line, `unknown effort "${s}" (expected XS, S, M, L or XL)`) : v;
          break;
        }
        case 'type':
          item.type = s;
          break;
        case 'status':
          if (s) item.status = s;
          break;
        case 'rank':
          if (s) {
            item.rank = s;
            rankGiven = true;
          }
          break;
        case 'createdAt':
          if (s) {
            item.createdAt = s;
            createdGiven = true;
          }
          break;
        case 'updatedAt':
          if (s) {
            item.updatedAt = s;
            updatedGiven = true;
          }
          break;
        case 'archivedAt':
          item.archivedAt = s === '' ? null : s;
          break;
        case 'component':
        case 'description':
          item[c.name] = c.text?.value() ?? '';
          break;
        case 'module':
          module = c.text?.value() ?? '';
          break;
        case 'screens':
          screens = entries.map((e) => decodeAttachment(e.text) ?? { name: '', path: e.text });
          break;
        case 'userStory':
          item.userStory = c.quote?.value(dialect === 'flowcast' || d.meta !== null) ?? '';
          break;
        case 'tags':
        case 'specs':
        case 'reproSteps':
        case 'dependencies':
        case 'constraints':
          item[c.name] = entries.map((e) => e.text);
          break;
        case 'criteria':
          item.criteria = entries.map((e): Criterion => ({ text: e.text, checked: e.checked }));
          break;
        case 'attachments':
          item.attachments = entries.map((e) => decodeAttachment(e.text) ?? { name: '', path: e.text });
          break;
        case 'links':
          item.links = entries.map((e) => decodeLink(e.text) ?? bad(e.line, `"${e.text}" is not a code link (expected path:line, e.g. src/app.ts:12)`));
          break;
        case 'relations':
          item.relations = entries.map(
            (e) => decodeRelation(e.text) ?? bad(e.line, `"${e.text}" is not a relation (expected "blocks ID", "relates ID" or "duplicates ID")`),
          );
          break;
      }
    }
    if (createdGiven && !updatedGiven) item.updatedAt = item.createdAt;
    // TicketFlow's two fields: a module alone is the component; both are kept (see joinComponentModule).
    if (module !== null) item.component = d.fields.has('component') ? joinComponentModule(item.component, module) : module;
    // Screens (**Écrans:**) are screen references: kept with the screenshots, after them.
    item.attachments = [...item.attachments, ...screens];
    if (d.meta) {
      Object.assign(item, d.meta);
      if (d.meta.rank !== undefined) rankGiven = true;
    }
    if (!rankGiven) item.rank = ranks.next();
    return checked(item, d.line, (name) => (d.meta && name in d.meta ? d.metaLine : d.fields.get(name as FieldName)?.line));
  }
}

// ---- shared by the two writers -------------------------------------------------------------

export interface SectionSpec {
  key: string;
  label: string;
}

/** One line, no surrounding blanks. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The sections a writer emits: the given types in order, then the other types items use (A-Z). */
export function exportSections(items: readonly PortableItem[], types: readonly { key: string; label: string }[]): SectionSpec[] {
  const out: SectionSpec[] = [];
  for (const t of types) {
    if (TYPE_KEY_RE.test(t.key) && !out.some((s) => s.key === t.key)) out.push({ key: t.key, label: oneLine(t.label) || t.key });
  }
  const extra = [...new Set(items.map((it) => it.type))].filter((k) => !out.some((s) => s.key === k)).sort();
  for (const k of extra) out.push({ key: k, label: k });
  return out;
}

/** Items grouped by section, in section order (items of each section in the given order). */
export function groupBySection(items: readonly PortableItem[], sections: readonly SectionSpec[]): PortableItem[][] {
  return sections.map((s) => items.filter((it) => it.type === s.key));
}

/** BUG-2 before BUG-10: prefix, then number. */
export function compareIds(a: string, b: string): number {
  const ma = ITEM_ID_RE.exec(a);
  const mb = ITEM_ID_RE.exec(b);
  if (ma && mb) {
    if (ma[1] !== mb[1]) return ma[1] < mb[1] ? -1 : 1;
    const d = Number(ma[2]) - Number(mb[2]);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
