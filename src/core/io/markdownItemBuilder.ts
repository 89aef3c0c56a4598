// The reader's second half: turns the drafts collected per item heading (or grouped-table row) into
// validated PortableItems, parsing each field's value (severity, priority, effort, lists, links...).
import { type Criterion, emptyFields, type PortableItem } from '../backlog/model';
import { decodeAttachment, decodeLink, decodeRelation, type ListCollector, type QuoteCollector, type TextCollector } from './markdownText';
import { describeIssues, type ItemPatch, ItemSchema, RankSequence } from './validate';
import { type FieldName, joinComponentModule, parseEffort, parsePriority, parseSeverity } from './markdownKeys';
import { type Dialect, inferType } from './markdownSections';

export interface Collected {
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

export interface Draft {
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

/** What building needs from the reader: the dialect, the default time, the known types and `fail`. */
export interface BuildContext {
  dialect: Dialect;
  now: string;
  known: ReadonlySet<string>;
  fail: (line: number | null, message: string) => never;
}

/**
 * The items of the drafts, in file order; `claimId` gives a grouped-table row its ID. Ranks follow
 * file order unless an item gives its own.
 */
export function buildItems(b: BuildContext, drafts: readonly Draft[], claimId: (id: string, line: number) => string): PortableItem[] {
  const { dialect, now, known, fail } = b;
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
              external: null,
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
  return items;

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
      external: null,
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
        case 'targetDate':
          item.targetDate = s === '' ? null : s;
          break;
        case 'external':
          item.external = s === '' ? null : (decodeExternal(s) ?? bad(c.line, `expected "#<work item number> <https address>" (got "${s.slice(0, 80)}")`));
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

/** "#123 https://dev.azure.com/org/project/_workitems/edit/123" -> the link (schema-checked by the caller). */
function decodeExternal(s: string): PortableItem['external'] | undefined {
  const m = /^#(\d{1,10})\s+(\S+)$/.exec(s.trim());
  return m ? { system: 'azureDevOps', id: Number(m[1]), url: m[2] } : undefined;
}
