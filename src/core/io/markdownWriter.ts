// The Markdown writer of both dialects: one item's lines (heading, keyed fields, flowcast comment),
// the verified export (parse back, keep what did not survive in the comment) and the sections.
import { ITEM_ID_RE, type PortableItem, TYPE_KEY_RE } from '../backlog/model';
import { encodeAttachment, encodeLink, encodeRelation, normalizeNewlines, writeEntry, writeQuoteField, writeTextField } from './markdownText';
import { ITEM_KEYS, type ItemPatch, sameValue } from './validate';
import {
  EFFORT_LABELS,
  type FieldName,
  FLOWCAST_LABELS,
  type Locale,
  PRIORITY_LABELS,
  SEVERITY_LABELS,
  splitComponentModule,
  TICKETFLOW_LABELS,
} from './markdownKeys';
import { parseMarkdownBacklog } from './markdownParser';
import type { Dialect } from './markdownSections';

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
  // TicketFlow has no target date: its dialect keeps it in the flowcast comment (see ticketflow.ts).
  if (!tf && it.targetDate) out.push(`**${L.targetDate}:** ${it.targetDate}`);
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
    if (it.external) out.push(`**${L.external}:** #${it.external.id} ${it.external.url}`);
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
