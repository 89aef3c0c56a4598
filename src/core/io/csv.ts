// CSV (RFC 4180) for spreadsheets: a header row, then one row per item.
//   Columns, in this order: id, type, title, emoji, status, severity, priority, effort, component,
//   targetDate, tags, description, userStory, specs, reproSteps, criteria, dependencies, constraints,
//   attachments, links, relations, rank, createdAt, updatedAt, archivedAt, external.
//   Text cells hold the text as is (line breaks included). severity / priority / effort hold the
//   key (P2, high, M) or nothing (none); targetDate a date YYYY-MM-DD or nothing; archivedAt an
//   ISO time or nothing; external the published work item as a JSON object or nothing.
//   List cells hold a JSON array (["ui","perf"], [{"text":"...","checked":true}], ...); an empty
//   cell is an empty list. JSON keeps every character of every entry, so lists round-trip exactly.
//   Writing: CRLF after every record, a field is quoted when it contains a comma, a quote, CR or LF
//   or starts/ends with a space or tab; quotes are doubled; the file starts with a UTF-8 BOM (Excel).
//   Formula injection guard: a cell that starts with =, +, -, @, a tab or a CR (after any number of
//   apostrophes) gets one more leading apostrophe, which the reader removes ("=1+1" <-> "'=1+1").
//   Reading: header names in any case and order; id and title are required, other columns optional
//   (defaults as for JSON), unknown columns ignored with a warning. Hand-made list cells may also
//   hold one entry per line (criteria "[x] text"). Any malformed record (unterminated quote, wrong
//   number of fields, bad value) throws an ImportError naming the record's line.
import type { PortableItem } from '../backlog/model';
import { EFFORTS, PRIORITIES, SEVERITIES } from '../backlog/model';
import { atLine, type ImportedBacklog, ImportError, type ImportOptions } from './types';
import { canonicalItem, crossCheck, DEFAULT_NOW, describeIssues, fillItem, ITEM_KEYS, type ItemKey, LooseItemSchema, RankSequence } from './validate';

const LIST_COLUMNS = new Set<ItemKey>(['tags', 'specs', 'reproSteps', 'criteria', 'dependencies', 'constraints', 'attachments', 'links', 'relations']);
const STRING_LIST_COLUMNS = new Set<ItemKey>(['tags', 'specs', 'reproSteps', 'dependencies', 'constraints']);

function fail(line: number | null, message: string): never {
  throw new ImportError(atLine(line, message), line, 'csv');
}

function protect(v: string): string {
  return /^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function unprotect(v: string): string {
  return /^'+[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

function quote(v: string): string {
  return /[",\r\n]|^[ \t]|[ \t]$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function cellText(v: unknown): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.length ? JSON.stringify(v) : '';
  return JSON.stringify(v);
}

export function toCsv(items: readonly PortableItem[]): string {
  const rows = [ITEM_KEYS.join(',')];
  for (const it of items) {
    const c = canonicalItem(it);
    rows.push(ITEM_KEYS.map((k) => quote(protect(cellText(c[k])))).join(','));
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180 records (LF or CRLF line ends); completely empty lines are skipped. */
export function readCsvRecords(text: string): CsvRecord[] {
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const atEol = (p: number) => text[p] === '\n' || (text[p] === '\r' && text[p + 1] === '\n');
  while (i < n) {
    const recLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      let v = '';
      if (text[i] === '"') {
        quotedAny = true;
        const open = line;
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) fail(open, `unterminated quoted field: the quote opened in field ${fields.length + 1} is never closed`);
          for (let k = i; k < q; k++) if (text[k] === '\n') line++;
          if (text[q + 1] === '"') {
            v += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          v += text.slice(start, q);
          i = q + 1;
          break;
        }
        if (i < n && text[i] !== ',' && !atEol(i)) fail(line, `unexpected character after the closing quote of field ${fields.length + 1} (a quote inside a quoted field must be doubled)`);
      } else {
        const start = i;
        while (i < n && text[i] !== ',' && !atEol(i)) {
          if (text[i] === '"') fail(line, `quote inside unquoted field ${fields.length + 1}: quote the whole field and double its quotes`);
          i++;
        }
        v = text.slice(start, i);
      }
      fields.push(v);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      if (i < n) {
        i += text[i] === '\r' ? 2 : 1;
        line++;
      }
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && !quotedAny)) records.push({ fields, line: recLine });
  }
  return records;
}

function decodeEnum(v: string, values: readonly string[]): string | null {
  if (v.trim() === '') return null;
  return values.find((x) => x.toLowerCase() === v.trim().toLowerCase()) ?? v;
}

export function parseCsv(text: string, opts: ImportOptions = {}): ImportedBacklog {
  const records = readCsvRecords(text.replace(/^\uFEFF/, ''));
  if (!records.length) fail(1, 'the file is empty: expected a header row (id,title,...)');
  const header = records[0];
  const warnings: string[] = [];
  const columns: (ItemKey | null)[] = header.fields.map((h) => {
    const key = ITEM_KEYS.find((k) => k.toLowerCase() === h.trim().toLowerCase()) ?? null;
    if (key === null) warnings.push(`unknown column "${h}" ignored`);
    return key;
  });
  columns.forEach((c, i) => {
    if (c !== null && columns.indexOf(c) !== i) fail(header.line, `column "${c}" appears twice in the header`);
  });
  for (const required of ['id', 'title'] as const) {
    if (!columns.includes(required)) fail(header.line, `the header has no "${required}" column`);
  }
  const now = opts.now ?? DEFAULT_NOW;
  const ranks = new RankSequence();
  const items: PortableItem[] = [];
  const lines: number[] = [];
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== columns.length) {
      fail(rec.line, `the record has ${rec.fields.length} field${rec.fields.length === 1 ? '' : 's'} but the header has ${columns.length} (a separator or quote may be missing)`);
    }
    const loose: Record<string, unknown> = {};
    columns.forEach((key, ci) => {
      if (key === null) return;
      const v = unprotect(rec.fields[ci]);
      if (LIST_COLUMNS.has(key)) loose[key] = decodeList(key, v, rec.line);
      else if (key === 'severity') loose[key] = decodeEnum(v, SEVERITIES);
      else if (key === 'priority') loose[key] = decodeEnum(v, PRIORITIES);
      else if (key === 'effort') loose[key] = decodeEnum(v, EFFORTS);
      else if (key === 'archivedAt') loose[key] = v === '' ? null : v;
      else if (key === 'targetDate') loose[key] = v.trim() === '' ? null : v.trim();
      else if (key === 'external') loose[key] = v.trim() === '' ? null : decodeJsonCell(key, v, rec.line);
      else if (key === 'type' || key === 'status' || key === 'rank' || key === 'createdAt' || key === 'updatedAt') {
        if (v !== '') loose[key] = v;
      } else loose[key] = v;
    });
    const r = LooseItemSchema.safeParse(loose);
    if (!r.success) {
      const id = typeof loose.id === 'string' && loose.id ? loose.id : 'item';
      fail(rec.line, `${id}: ${describeIssues(r.error.issues)}`);
    }
    items.push(fillItem(r.data, now, ranks));
    lines.push(rec.line);
  }
  const problem = crossCheck(items, warnings);
  if (problem) fail(lines[problem.index], problem.message);
  const types: { key: string; label: string }[] = [];
  for (const it of items) if (!types.some((t) => t.key === it.type)) types.push({ key: it.type, label: it.type });
  return { items, types, warnings };
}

/** A JSON object cell (the published work item: {"system":"azureDevOps","id":123,"url":"https://..."}). */
function decodeJsonCell(key: ItemKey, v: string, line: number): unknown {
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return fail(line, `column ${key}: expected a JSON object such as {"system":"azureDevOps","id":123,"url":"https://dev.azure.com/org/project/_workitems/edit/123"}`);
  }
}

function decodeList(key: ItemKey, v: string, line: number): unknown {
  if (v === '') return [];
  if (v.startsWith('[')) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      if (!STRING_LIST_COLUMNS.has(key) && key !== 'criteria') fail(line, `column ${key}: not a valid JSON array`);
    }
  }
  const lines = v.split(/\r?\n/);
  if (STRING_LIST_COLUMNS.has(key)) return lines;
  if (key === 'criteria') {
    return lines.map((l) => {
      const m = /^\[([ xX])\][ \t]*([\s\S]*)$/.exec(l);
      return m ? { text: m[2], checked: m[1] !== ' ' } : { text: l, checked: false };
    });
  }
  return fail(line, `column ${key}: expected a JSON array, e.g. ${key === 'links' ? '[{"file":"src/a.ts","line":12}]' : key === 'relations' ? '[{"kind":"blocks","to":"BUG-002"}]' : '[{"path":"shot.png","name":"Screenshot"}]'}`);
}
