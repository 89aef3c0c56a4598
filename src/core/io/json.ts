// JSON: the lossless machine format.
//   {"format":"flowcast-backlog","schemaVersion":1,"exportedAt":"...","backlog":{"name":"..."},
//    "types":[{"key","label",...}],"items":[{every PortableItem field, in a fixed order}]}
// Pretty-printed (two spaces) with a stable key order, so equal backlogs give equal files (but
// for exportedAt). Reading validates every field with zod and reports the first problems with their
// JSON path and line; files of another schemaVersion are refused. Items may leave out any field but
// id and title (defaults: emptyFields(), type from the ID prefix, generated rank, opts.now).
import '../protocol/zod';
import * as z from 'zod/mini';
import type { PortableItem } from '../backlog/model';
import { atLine, type ExportType, type ImportedBacklog, ImportError, type ImportedType, type ImportOptions } from './types';
import { canonicalItem, crossCheck, DEFAULT_NOW, describeIssues, fillItem, IsoSchema, LooseItemSchema, RankSequence, TypeSchema } from './validate';

export const JSON_FORMAT = 'flowcast-backlog';
export const JSON_SCHEMA_VERSION = 1;

export interface JsonExportOptions {
  backlogName: string;
  types: readonly ExportType[];
  /** exportedAt (default: the current time). */
  now?: string;
}

const DocSchema = z.object({
  format: z.literal(JSON_FORMAT),
  schemaVersion: z.literal(JSON_SCHEMA_VERSION),
  exportedAt: z.optional(IsoSchema),
  backlog: z.optional(z.strictObject({ name: z.string() })),
  types: z.optional(z.array(TypeSchema)),
  items: z.array(LooseItemSchema),
});

export function toJson(items: readonly PortableItem[], opts: JsonExportOptions): string {
  const doc = {
    format: JSON_FORMAT,
    schemaVersion: JSON_SCHEMA_VERSION,
    exportedAt: opts.now ?? new Date().toISOString(),
    backlog: { name: opts.backlogName },
    types: opts.types.map((t) => ({
      key: t.key,
      label: t.label,
      ...(t.color !== undefined ? { color: t.color } : {}),
      ...(t.position !== undefined ? { position: t.position } : {}),
      ...(t.hidden !== undefined ? { hidden: t.hidden } : {}),
    })),
    items: items.map(canonicalItem),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJson(text: string, opts: ImportOptions = {}): ImportedBacklog {
  const src = text.replace(/^\uFEFF/, '');
  function fail(path: readonly PropertyKey[] | null, message: string, line: number | null = path ? lineOfJsonPath(src, path) : null): never {
    throw new ImportError(atLine(line, message), line, 'json');
  }
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch (err) {
    const at = jsonErrorAt(src);
    if (at === null) fail(null, `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    const before = src.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const what = at >= src.length ? 'the file ends too early' : `unexpected ${JSON.stringify(String.fromCodePoint(src.codePointAt(at) ?? 0))}`;
    throw new ImportError(`Line ${line}, column ${column}: invalid JSON: ${what}`, line, 'json');
  }
  if (!isRecord(data)) return fail(null, 'not a Flowcast backlog export: expected a JSON object', 1);
  if (data.format !== JSON_FORMAT) fail(['format'], `not a Flowcast backlog export: "format" must be "${JSON_FORMAT}"`);
  if (data.schemaVersion !== JSON_SCHEMA_VERSION) {
    const v = data.schemaVersion;
    fail(
      ['schemaVersion'],
      typeof v === 'number'
        ? `schemaVersion ${v} is not supported: this Flowcast reads schemaVersion ${JSON_SCHEMA_VERSION}. Update Flowcast to import this file.`
        : `"schemaVersion" must be the number ${JSON_SCHEMA_VERSION}`,
    );
  }
  const r = DocSchema.safeParse(data);
  if (!r.success) return fail(r.error.issues[0].path, describeIssues(r.error.issues));
  const ranks = new RankSequence();
  const now = opts.now ?? DEFAULT_NOW;
  const items = r.data.items.map((it) => fillItem(it, now, ranks));
  const warnings: string[] = [];
  const problem = crossCheck(items, warnings);
  if (problem) fail(['items', problem.index, 'id'], `items[${problem.index}]: ${problem.message}`);
  const types: ImportedType[] = [];
  for (const t of r.data.types ?? []) {
    if (types.some((x) => x.key === t.key)) fail(['types'], `type ${t.key} is declared twice`);
    types.push({ key: t.key, label: t.label, ...(t.color !== undefined ? { color: t.color } : {}), ...(t.hidden !== undefined ? { hidden: t.hidden } : {}) });
  }
  for (const it of items) if (!types.some((t) => t.key === it.type)) types.push({ key: it.type, label: it.type });
  return { items, types, warnings, ...(r.data.backlog ? { name: r.data.backlog.name } : {}) };
}

/** The 1-based line where the value at `path` starts (or its deepest existing parent); text must be valid JSON. */
export function lineOfJsonPath(text: string, path: readonly PropertyKey[]): number {
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const skipString = () => {
    i++;
    while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    ws();
    if (text[i] === '"') return skipString();
    if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      while (i < n) {
        const c = text[i];
        if (c === '"') {
          skipString();
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      return;
    }
    while (i < n && !',}] \t\r\n'.includes(text[i])) i++;
  };
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  ws();
  for (const seg of path) {
    ws();
    const start = i;
    let found = false;
    if (text[i] === '{' && typeof seg === 'string') {
      i++;
      for (;;) {
        ws();
        if (text[i] !== '"') break;
        const ks = i;
        skipString();
        const key: unknown = JSON.parse(text.slice(ks, i));
        ws();
        i++;
        ws();
        if (key === seg) {
          found = true;
          break;
        }
        skipValue();
        ws();
        if (text[i] !== ',') break;
        i++;
      }
    } else if (text[i] === '[' && typeof seg === 'number') {
      i++;
      for (let k = 0; ; k++) {
        ws();
        if (text[i] === ']') break;
        if (k === seg) {
          found = true;
          break;
        }
        skipValue();
        ws();
        if (text[i] !== ',') break;
        i++;
      }
    }
    if (!found) return lineAt(start);
  }
  ws();
  return lineAt(i);
}

class JsonStop extends Error {
  constructor(readonly at: number) {
    super('JSON syntax error');
  }
}

/** Where strict JSON parsing of `s` fails (index into s), or null if it does not (or nests too deep to tell). */
export function jsonErrorAt(s: string): number | null {
  const n = s.length;
  const NUM = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let i = 0;
  const stop = (): never => {
    throw new JsonStop(i);
  };
  const ws = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const str = () => {
    i++;
    for (;;) {
      if (i >= n) stop();
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) stop();
      if (c === 0x5c) {
        i++;
        const e = s[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) stop();
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else stop();
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') stop();
        str();
        ws();
        if (s[i] !== ':') stop();
        i++;
        value();
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '}') {
          i++;
          return;
        }
        stop();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ']') {
          i++;
          return;
        }
        stop();
      }
    }
    if (c === '"') return str();
    for (const w of ['true', 'false', 'null']) {
      if (s.startsWith(w, i)) {
        i += w.length;
        return;
      }
    }
    NUM.lastIndex = i;
    if (!NUM.exec(s)) stop();
    i = NUM.lastIndex;
  };
  try {
    value();
    ws();
    return i < n ? i : null;
  } catch (err) {
    if (err instanceof JsonStop) return err.at;
    return null;
  }
}
