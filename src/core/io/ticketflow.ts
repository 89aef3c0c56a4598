// TicketFlow Markdown (import and export), the format of the TicketFlow desktop app:
//
//   # <Project> - Product Backlog
//   ## Table des matières            (also "Sommaire", "Contents": skipped)
//   ## 1. BUGS                       (sections are types; ROADMAP / Légende / Conventions /
//   <!-- Type: BUG -->                Sévérité / Priorité sections are prose and skipped)
//   ### BUG-001 | 🐛 Title
//   **Composant:** ...  **Sévérité:** P2 - Moyenne  **Priorité:** Haute  **Effort:** M (Medium)
//   **Description:** ...  **User Story:** > ...  **Reproduction:** 1. ...  **Spécifications:** - ...
//   **Critères d'acceptation:** - [ ] ...  **Dépendances:**  **Contraintes:**  **Screenshots:** ![alt](path)
//   ---
//
// Reading accepts French and English keys (accents optional) and fixes TicketFlow's own parser
// defects: each list key switches the current list, multi-line values keep all their lines, and
// fenced code blocks are content. Section titles map to types (BUGS -> BUG, COURT TERME -> CT,
// LONG TERME -> LT, AUTRES (IDÉES) -> AUTRE, others -> a key derived from the title), a
// `<!-- Type: X -->` marker under the heading wins; an item's type is its ID prefix when that is a
// type of the file, else its section's type.
//
// Writing is lossless: every field TicketFlow knows is written its way, always with its own French
// keys and values (its parser knows no others; only the intro line and contents title follow the
// locale); a bug's component is **Composant:**, any other item's **Module:**. One `<!-- flowcast: {json} -->` line under each heading keeps what
// TicketFlow has no place for: status, tags, rank, createdAt, updatedAt, archivedAt, targetDate,
// external (the published work item), links, relations, the type when the section and ID would not give it back, and the exact value of any
// field the Markdown cannot carry (e.g. text with carriage returns). Escaping: see markdownText.ts.
import type { PortableItem } from '../backlog/model';
import { ITEM_ID_RE } from '../backlog/model';
import {
  exportSections,
  exportVerified,
  groupBySection,
  normalizeWord,
  type Locale,
  mergePatch,
  oneLine,
  parseMarkdownBacklog,
  writeItem,
} from './markdownBacklog';
import type { ExportType, ImportedBacklog, ImportOptions } from './types';
import { idPrefix, type ItemPatch } from './validate';

export interface TicketFlowExportOptions {
  projectName: string;
  types: readonly ExportType[];
  locale?: Locale;
}

export function parseTicketFlowMarkdown(text: string, opts: ImportOptions = {}): ImportedBacklog {
  return parseMarkdownBacklog(text, 'ticketflow', opts);
}

/** TicketFlow's anchor for a section heading ("1. Court Terme" -> "1-court-terme"). */
function anchor(n: number, label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
  return `${n}-${slug}`;
}

export function toTicketFlowMarkdown(items: readonly PortableItem[], opts: TicketFlowExportOptions): string {
  const locale: Locale = opts.locale ?? 'en';
  const fr = locale === 'fr';
  const sections = exportSections(items, opts.types);
  const groups = groupBySection(items, sections);
  const base = (it: PortableItem): ItemPatch => {
    const m: ItemPatch = { status: it.status, rank: it.rank, createdAt: it.createdAt, updatedAt: it.updatedAt };
    // The type is kept whenever the ID prefix does not give it: readers type by known prefixes first.
    if (idPrefix(it.id) !== it.type) m.type = it.type;
    if (it.tags.length) m.tags = it.tags;
    if (it.archivedAt !== null) m.archivedAt = it.archivedAt;
    if (it.targetDate !== null) m.targetDate = it.targetDate;
    if (it.external) m.external = it.external;
    if (it.links.length) m.links = it.links;
    if (it.relations.length) m.relations = it.relations;
    return mergePatch({}, m);
  };
  const render = (meta: (it: PortableItem) => ItemPatch): string => {
    const n = items.length;
    const out = [
      `# ${oneLine(opts.projectName) || 'Flowcast'} - Product Backlog`,
      '',
      fr ? `> Exporté depuis Flowcast : ${n} ticket${n > 1 ? 's' : ''}.` : `> Exported from Flowcast: ${n} item${n === 1 ? '' : 's'}.`,
      '',
      '---',
      '',
      fr ? '## Table des matières' : '## Contents',
      '',
      ...sections.map((s, i) => `${i + 1}. [${s.label.replace(/[\\[\]]/g, '\\$&')}](#${anchor(i + 1, s.label)})`),
      '',
      '---',
      '',
    ];
    sections.forEach((s, i) => {
      out.push(`## ${i + 1}. ${s.label}`, '', `<!-- Type: ${s.key} -->`, '');
      for (const it of groups[i]) out.push(...writeItem(it, meta(it), { dialect: 'ticketflow', locale }));
      if (!groups[i].length) out.push('---', '');
    });
    return out.join('\n');
  };
  return exportVerified(items, render, base, 'ticketflow');
}

/** Words that make TicketFlow read a section as prose (its items are then not imported). */
const TICKETFLOW_PROSE = ['ROADMAP', 'LEGENDE', 'CONVENTIONS', 'SEVERITE', 'PRIORITE', 'TABLE DES MATIERES', 'SOMMAIRE'];

/**
 * Items a TicketFlow export holds but TicketFlow will not show, one line per reason, naming them:
 * an ID prefix with a digit or an underscore (its heading pattern is letters, a dash, digits), or
 * a section label TicketFlow reads as prose ("Roadmap", "Légende"...).
 */
export function ticketFlowExportWarnings(items: readonly PortableItem[], types: readonly ExportType[]): string[] {
  const out: string[] = [];
  const name = (ids: string[]) => (ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', '));
  const badId = items.filter((it) => !/^[A-Z]+$/.test(ITEM_ID_RE.exec(it.id)?.[1] ?? '')).map((it) => it.id);
  if (badId.length) out.push(`TicketFlow will not show ${name(badId)}: it reads only IDs made of letters, a dash and digits (like BUG-001).`);
  for (const s of exportSections(items, types)) {
    const norm = normalizeWord(s.label).toUpperCase();
    const word = TICKETFLOW_PROSE.find((w) => norm.includes(w));
    const ids = items.filter((it) => it.type === s.key && !badId.includes(it.id)).map((it) => it.id);
    if (word && ids.length) out.push(`TicketFlow will not show ${name(ids)}: it reads the section "${s.label}" (type ${s.key}) as notes, not items. Rename the type.`);
  }
  return out;
}
