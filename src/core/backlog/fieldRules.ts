// Validation and normalisation of an item's fields (used for create, update and import): text is
// cleaned of control characters and bounded, tags are normalised, paths and links are checked.
import { FlowcastError } from '../util/errors';
import { type Attachment, type CodeLink, type Criterion, EFFORTS, type ItemFields, PRIORITIES, SEVERITIES, TYPE_KEY_RE } from './model';

function cleanText(s: string, max: number, what: string): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  if (t.length > max) throw new FlowcastError('invalid_input', `${what} can have at most ${max} characters.`);
  return t;
}

export function cleanLine(s: string, max: number, what: string): string {
  return cleanText(s, max, what).replace(/\s+/g, ' ').trim();
}

function cleanList(list: unknown, what: string): string[] {
  if (!Array.isArray(list)) throw new FlowcastError('invalid_input', `${what} must be a list.`);
  if (list.length > 500) throw new FlowcastError('invalid_input', `${what} can have at most 500 entries.`);
  return list.map((v) => {
    if (typeof v !== 'string') throw new FlowcastError('invalid_input', `${what} must contain text.`);
    return cleanText(v, 10_000, what);
  });
}

/** How a tag is stored: no leading #, spaces as dashes, lower case. */
export function normaliseTag(t: string): string {
  return t.trim().replace(/^#/, '').replace(/\s+/g, '-').toLowerCase();
}

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === s;
}

/** A target date as stored: `YYYY-MM-DD`, or null for none (an empty text is none). */
export function normaliseTargetDate(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const t = typeof v === 'string' ? v.trim() : '';
  if (typeof v === 'string' && !t) return null;
  if (!isIsoDate(t)) throw new FlowcastError('invalid_input', `A target date must be a real date written YYYY-MM-DD (got ${typeof v === 'string' ? `"${v.slice(0, 40)}"` : `a ${typeof v}`}).`, { field: 'targetDate' });
  return t;
}

/** Validates and normalises every field of an item (used for create, update and import). */
export function normaliseFields(input: ItemFields): ItemFields {
  const title = cleanLine(input.title, 300, 'A title');
  if (!title) throw new FlowcastError('invalid_input', 'An item needs a title.');
  const type = input.type.toUpperCase();
  if (!TYPE_KEY_RE.test(type)) throw new FlowcastError('invalid_input', `"${input.type}" is not a valid item type (A-Z, digits, _; up to 16 characters).`);
  if (input.severity !== null && !SEVERITIES.includes(input.severity)) throw new FlowcastError('invalid_input', `Severity must be one of ${SEVERITIES.join(', ')}.`);
  if (input.priority !== null && !PRIORITIES.includes(input.priority)) throw new FlowcastError('invalid_input', `Priority must be one of ${PRIORITIES.join(', ')}.`);
  if (input.effort !== null && !EFFORTS.includes(input.effort)) throw new FlowcastError('invalid_input', `Effort must be one of ${EFFORTS.join(', ')}.`);
  const tags = [...new Set(cleanList(input.tags, 'Tags').map(normaliseTag).filter(Boolean))];
  if (tags.some((t) => t.length > 50)) throw new FlowcastError('invalid_input', 'A tag can have at most 50 characters.');
  const criteria: Criterion[] = (Array.isArray(input.criteria) ? input.criteria : []).map((c) => ({ text: cleanText(String(c.text ?? ''), 10_000, 'A criterion'), checked: c.checked === true }));
  const attachments: Attachment[] = (Array.isArray(input.attachments) ? input.attachments : []).map((a) => {
    const p = String(a.path ?? '').replace(/\\/g, '/');
    if (!p || p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.split('/').includes('..')) {
      throw new FlowcastError('invalid_input', `Attachment path "${p}" must be relative to the backlog's attachments folder.`);
    }
    return { path: p, name: cleanLine(String(a.name ?? ''), 300, 'An attachment name') };
  });
  const links: CodeLink[] = (Array.isArray(input.links) ? input.links : []).map((l) => {
    const line = Number(l.line);
    if (!Number.isInteger(line) || line < 1) throw new FlowcastError('invalid_input', 'A code link needs a line number from 1.');
    return { file: cleanLine(String(l.file ?? ''), 1000, 'A code link').replace(/\\/g, '/'), line };
  });
  return {
    type,
    title,
    emoji: cleanLine(input.emoji ?? '', 16, 'An emoji'),
    status: input.status,
    severity: input.severity,
    priority: input.priority,
    effort: input.effort,
    component: cleanLine(input.component ?? '', 200, 'A component'),
    tags,
    description: cleanText(input.description ?? '', 100_000, 'A description'),
    userStory: cleanText(input.userStory ?? '', 20_000, 'A user story'),
    specs: cleanList(input.specs, 'Specifications'),
    reproSteps: cleanList(input.reproSteps, 'Reproduction steps'),
    criteria,
    dependencies: cleanList(input.dependencies, 'Dependencies'),
    constraints: cleanList(input.constraints, 'Constraints'),
    attachments,
    links,
    targetDate: normaliseTargetDate(input.targetDate),
  };
}

/** Drops keys whose value is undefined: an optional argument left out means "not given". */
export function given<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
