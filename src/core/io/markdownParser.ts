// The Markdown reader of both dialects: tokens to per-item drafts (keys, several keys on one line,
// TicketFlow's text under no key, grouped tables, flowcast comments), then to checked items.
import { ITEM_ID_RE } from '../backlog/model';
import { atLine, type ImportedBacklog, ImportError, type ImportedType, type ImportOptions } from './types';
import { isBlank, ListCollector, QuoteCollector, splitLines, TextCollector, type TextToken, tokenize } from './markdownText';
import { crossCheck, DEFAULT_NOW, describeIssues, ItemPatchSchema } from './validate';
import { type FieldName, FLOWCAST_KEYS, KIND, normalizeWord, TICKETFLOW_KEYS } from './markdownKeys';
import { buildItems, type Collected, type Draft } from './markdownItemBuilder';
import { classifySections, type Dialect, type Section, TICKETFLOW_TYPES } from './markdownSections';

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

  // TicketFlow types an item by its ID prefix: a prefix that is a TicketFlow type, a type of the
  // file or a type the caller knows (the backlog's) wins over the section the item sits in.
  const known = new Set<string>([...TICKETFLOW_TYPES, ...(opts.knownTypes ?? [])]);
  // Pass 1: what each `## ` heading is (a Type marker right under it makes it an item section).
  const { sections, sectionLabels } = classifySections(toks, known, fail);

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


  const items = buildItems({ dialect, now, known, fail }, drafts, claimId);
  for (const it of items) if (!types.some((t) => t.key === it.type)) addType(it.type, sectionLabels.get(it.type) ?? it.type);
  const problem = crossCheck(items, warnings);
  if (problem) fail(null, problem.message);
  return { items, types, warnings, ...(name !== undefined ? { name } : {}), ...(renumbered.length ? { renumbered } : {}) };
}
