// Per-field differences between an item's fields and a proposal for them (AI "Refine"): which
// fields differ, a line-then-word diff of texts, and entry-by-entry diffs of lists. Pure: the host
// computes the diffs and sends them to the editor page as data (src/core/protocol/editor.ts).
import {
  type DiffRow,
  type DiffSegment,
  EDITABLE_FIELD_KEYS,
  type EditableFieldKey,
  type EditableFields,
  type FieldChange,
  type FieldDiff,
} from '../protocol/editor';

/** Above this many comparisons a diff falls back to "all removed, all added" (never slow). */
const MAX_CELLS = 2_000_000;

export type EditOp<T> = { op: 'eq'; a: T; b: T } | { op: 'del'; a: T } | { op: 'ins'; b: T };

/**
 * A shortest edit script from `a` to `b` (longest common subsequence; common ends trimmed first).
 * Within a change, removals come before additions.
 */
export function diffSequence<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean = (x, y) => x === y): EditOp<T>[] {
  let start = 0;
  while (start < a.length && start < b.length && eq(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && eq(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const out: EditOp<T>[] = [];
  for (let i = 0; i < start; i++) out.push({ op: 'eq', a: a[i], b: b[i] });
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) out.push({ op: 'del', a: a[i] });
    for (let j = start; j < endB; j++) out.push({ op: 'ins', b: b[j] });
  } else {
    // lcs[i * (m + 1) + j] = length of the LCS of a[start + i..endA) and b[start + j..endB).
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = eq(a[start + i], b[start + j]) ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      const x = a[start + i];
      const y = b[start + j];
      if (eq(x, y)) {
        out.push({ op: 'eq', a: x, b: y });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
        out.push({ op: 'del', a: x });
        i++;
      } else {
        out.push({ op: 'ins', b: y });
        j++;
      }
    }
    for (; i < n; i++) out.push({ op: 'del', a: a[start + i] });
    for (; j < m; j++) out.push({ op: 'ins', b: b[start + j] });
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) out.push({ op: 'eq', a: a[i], b: b[j] });
  return out;
}

/** Words (letters, digits, _), runs of white space, and single other characters. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** Appends a segment, merging it into the previous one of the same kind; empty text is dropped. */
function push(out: DiffSegment[], op: DiffSegment['op'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * Word diff of two strings. Inside a change all removed text comes first, then all added text,
 * and white space alone between two changes joins them (no "del ins del ins" confetti).
 */
export function diffWords(before: string, after: string): DiffSegment[] {
  if (before === after) return before ? [{ op: 'eq', text: before }] : [];
  const ops = diffSequence(tokenize(before), tokenize(after));
  // Kept runs made only of white space, with changes on both sides, count as changed.
  const changed = ops.map((o) => o.op !== 'eq');
  for (let i = 0; i < ops.length; ) {
    if (changed[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < ops.length && !changed[j]) j++;
    const blank = ops.slice(i, j).every((o) => /^\s+$/.test(o.op === 'ins' ? o.b : o.a));
    if (blank && i > 0 && j < ops.length) for (let k = i; k < j; k++) changed[k] = true;
    i = j;
  }
  const out: DiffSegment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    push(out, 'del', del);
    push(out, 'ins', ins);
    del = ins = '';
  };
  ops.forEach((o, k) => {
    if (!changed[k] && o.op === 'eq') {
      flush();
      push(out, 'eq', o.a);
    } else if (o.op === 'eq') {
      del += o.a;
      ins += o.b;
    } else if (o.op === 'del') del += o.a;
    else ins += o.b;
  });
  flush();
  return out;
}

/** Lines with their line breaks (so joining them gives the text back). */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/**
 * Diff of a free text: line by line, then word by word inside the lines that changed, so a long
 * description with one edited sentence shows just that sentence as removed and added.
 */
export function diffText(before: string, after: string): DiffSegment[] {
  if (!before.includes('\n') && !after.includes('\n')) return diffWords(before, after);
  const out: DiffSegment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del && ins) for (const s of diffWords(del, ins)) push(out, s.op, s.text);
    else {
      push(out, 'del', del);
      push(out, 'ins', ins);
    }
    del = ins = '';
  };
  // A last line without its line break is the same line as with one.
  const body = (line: string) => line.replace(/\n$/, '');
  for (const o of diffSequence(lines(before), lines(after), (x, y) => body(x) === body(y))) {
    if (o.op === 'eq') {
      flush();
      push(out, 'eq', body(o.a));
      const [brA, brB] = [o.a.endsWith('\n'), o.b.endsWith('\n')];
      if (brA && brB) push(out, 'eq', '\n');
      else if (brA) del += '\n';
      else if (brB) ins += '\n';
    } else if (o.op === 'del') del += o.a;
    else ins += o.b;
  }
  flush();
  return out;
}

/** How much two strings share: 0 (nothing) to 1 (the same), counting non-blank kept characters. */
export function similarity(a: string, b: string): number {
  const size = (s: string) => s.replace(/\s+/g, '').length;
  const total = size(a) + size(b);
  if (total === 0) return 1;
  const kept = diffWords(a, b)
    .filter((s) => s.op === 'eq')
    .reduce((n, s) => n + size(s.text), 0);
  return (2 * kept) / total;
}

/**
 * Entry-by-entry diff of two lists: kept, removed and added entries, in order. A removed entry
 * followed by an added one that resembles it is one "changed" row with its word diff.
 */
export function diffList(before: readonly string[], after: readonly string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let dels: string[] = [];
  let inss: string[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, inss.length); i++) {
      if (i < dels.length && i < inss.length && similarity(dels[i], inss[i]) >= 0.4) {
        rows.push({ op: 'chg', segments: diffWords(dels[i], inss[i]) });
        continue;
      }
      if (i < dels.length) rows.push({ op: 'del', segments: [{ op: 'del', text: dels[i] }] });
      if (i < inss.length) rows.push({ op: 'ins', segments: [{ op: 'ins', text: inss[i] }] });
    }
    dels = [];
    inss = [];
  };
  for (const o of diffSequence(before, after)) {
    if (o.op === 'eq') {
      flush();
      rows.push({ op: 'eq', segments: o.a ? [{ op: 'eq', text: o.a }] : [] });
    } else if (o.op === 'del') dels.push(o.a);
    else inss.push(o.b);
  }
  flush();
  return rows;
}

/** JSON with sorted object keys, so key order never makes equal values look different. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

/** True when two field values are the same (lists in the same order, criteria with the same ticks). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

const VALUE_FIELDS = new Set<EditableFieldKey>(['type', 'status', 'priority', 'severity', 'effort', 'targetDate']);
const TEXT_FIELDS = new Set<EditableFieldKey>(['title', 'emoji', 'component', 'description', 'userStory']);

/** A criterion as one line of a list diff: "[x] text" or "[ ] text". */
function criterionLine(c: { text: string; checked: boolean }): string {
  return `${c.checked ? '[x]' : '[ ]'} ${c.text}`;
}

/** The diff of one field, or null when the two values are the same. */
export function diffField<K extends EditableFieldKey>(key: K, before: EditableFields[K], after: EditableFields[K]): FieldDiff | null {
  if (sameValue(before, after)) return null;
  if (VALUE_FIELDS.has(key)) return { kind: 'value', before: (before as string | null) ?? null, after: (after as string | null) ?? null };
  if (TEXT_FIELDS.has(key)) return { kind: 'text', segments: diffText(before as string, after as string) };
  if (key === 'criteria') {
    const c = (v: unknown) => (v as EditableFields['criteria']).map(criterionLine);
    return { kind: 'list', rows: diffList(c(before), c(after)) };
  }
  return { kind: 'list', rows: diffList(before as string[], after as string[]) };
}

/** The fields whose proposed value differs from the current one, in form order. */
export function changedFields(current: EditableFields, proposed: Partial<EditableFields>): EditableFieldKey[] {
  return EDITABLE_FIELD_KEYS.filter((k) => proposed[k] !== undefined && !sameValue(current[k], proposed[k]));
}

/**
 * The per-field changes of a proposal, in form order, leaving out fields that are the same or in
 * `skip` (already decided). `base` is the item's fields the proposal was made from: a field whose
 * current value differs from it changed since (elsewhere), and says so.
 */
export function proposalChanges(current: EditableFields, proposed: Partial<EditableFields>, opts: { base?: Partial<EditableFields>; skip?: Iterable<EditableFieldKey> } = {}): FieldChange[] {
  const skip = new Set(opts.skip ?? []);
  const out: FieldChange[] = [];
  for (const field of changedFields(current, proposed)) {
    if (skip.has(field)) continue;
    const diff = diffField(field, current[field], proposed[field] as EditableFields[typeof field]);
    if (!diff) continue;
    const base = opts.base?.[field];
    out.push({ field, diff, changedSince: base !== undefined && !sameValue(base, current[field]) });
  }
  return out;
}
