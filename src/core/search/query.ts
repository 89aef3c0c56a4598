// The search box's query language, parsed without a database. Parsing never throws: anything it
// does not understand becomes plain text (with a warning when that may surprise the user).
//
//   login "reset password"      words AND phrases (every word also matches as a prefix)
//   -draft -"won't fix"         negation
//   login OR signup             either word (OR in capitals between two words or phrases;
//                               anywhere else it is the word "OR")
//   type:BUG status:done        filters; repeated filters OR together, different ones AND
//   priority:high severity:P1 effort:M #tag tag:x id:BUG-001
//   is:archived is:active is:blocked -is:blocked
//   is:at-risk                  P85 after the target date: the board applies it (it knows the
//                               forecast); the database search records it and matches everything
//   BUG-001                     an item ID: that item is ranked first
import { EFFORTS, PRIORITIES, SEVERITIES } from '../backlog/model';

export type QueryTerm =
  | {
      kind: 'word';
      text: string;
      prefix: boolean;
      negated: boolean;
      /** True when joined to the previous term with OR (absent = AND). */
      or?: boolean;
    }
  | {
      kind: 'phrase';
      text: string;
      negated: boolean;
      /** True when joined to the previous term with OR (absent = AND). */
      or?: boolean;
    };

export interface QueryFilters {
  type: string[];
  status: string[];
  priority: string[];
  severity: string[];
  effort: string[];
  tags: string[];
  ids: string[];
}

export interface ParsedQuery {
  terms: QueryTerm[];
  filters: QueryFilters;
  /** is:archived / is:active (and their negations), is:blocked / -is:blocked; null = not asked. */
  flags: { archived: boolean | null; blocked: boolean | null; atRisk: boolean | null };
  warnings: string[];
}

/** Longer input is cut (a search box never needs more). */
export const MAX_QUERY_LENGTH = 2000;
/** At most this many text terms are used, which keeps every full-text query small. */
export const MAX_TERMS = 32;

const FILTER_KEYS = ['type', 'status', 'priority', 'severity', 'effort', 'tag', 'id', 'is'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** Characters that make up searchable words: letters, digits and combining marks. */
const WORD_CHAR_RE = /[\p{L}\p{N}\p{M}]/u;
const NON_WORD_RUN_RE = /[^\p{L}\p{N}\p{M}]+/u;
const HAS_TEXT_RE = /[\p{L}\p{N}]/u;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ID_LIKE_RE = /^[A-Za-z][A-Za-z0-9_]{0,15}-\d{1,9}$/;
const FILTER_TOKEN_RE = /^([A-Za-z_]+):/;

/**
 * The words of `text` as the full-text index sees them (split on everything that is not a
 * letter, digit or combining mark). The result never contains an FTS operator character.
 */
export function textTokens(text: string): string[] {
  return text.split(NON_WORD_RUN_RE).filter((t) => HAS_TEXT_RE.test(t));
}

/** A bare token shaped like an item ID (BUG-001), compared upper-cased with item IDs. */
export function isIdLike(text: string): boolean {
  return ID_LIKE_RE.test(text);
}

function emptyQuery(): ParsedQuery {
  return {
    terms: [],
    filters: { type: [], status: [], priority: [], severity: [], effort: [], tags: [], ids: [] },
    flags: { archived: null, blocked: null, atRisk: null },
    warnings: [],
  };
}

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

/** Trims everything that is not part of a word from both ends (`(login)` → `login`). */
function trimToWord(raw: string): string {
  const chars = Array.from(raw);
  let start = 0;
  let end = chars.length;
  while (start < end && !WORD_CHAR_RE.test(chars[start])) start++;
  while (end > start && !WORD_CHAR_RE.test(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** One lexical token of the input. */
interface Token {
  negated: boolean;
  /** 'phrase' = a quoted string; 'raw' = anything else up to whitespace or a quote. */
  kind: 'phrase' | 'raw';
  text: string;
  /** For raw tokens `key:"quoted value"`. */
  quotedValue?: string;
}

function tokenize(s: string, warnings: string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let unterminated = false;
  const readQuoted = (): string => {
    // s[i] is the opening quote.
    const close = s.indexOf('"', i + 1);
    let text: string;
    if (close < 0) {
      text = s.slice(i + 1);
      i = s.length;
      unterminated = true;
    } else {
      text = s.slice(i + 1, close);
      i = close + 1;
    }
    return text;
  };
  while (i < s.length) {
    if (isSpace(s[i])) {
      i++;
      continue;
    }
    let negated = false;
    if (s[i] === '-' && i + 1 < s.length && !isSpace(s[i + 1])) {
      negated = true;
      i++;
    }
    if (s[i] === '"') {
      tokens.push({ negated, kind: 'phrase', text: readQuoted() });
      continue;
    }
    const start = i;
    while (i < s.length && !isSpace(s[i]) && s[i] !== '"') i++;
    const text = s.slice(start, i);
    // key:"quoted value"
    if (i < s.length && s[i] === '"' && /^[A-Za-z_]+:$/.test(text)) {
      tokens.push({ negated, kind: 'raw', text, quotedValue: readQuoted() });
      continue;
    }
    tokens.push({ negated, kind: 'raw', text });
  }
  if (unterminated) warnings.push('unterminated quote: the phrase runs to the end of the query');
  return tokens;
}

function addFilter(q: ParsedQuery, key: Exclude<FilterKey, 'is'>, rawValue: string): void {
  for (const part of rawValue.split(',')) {
    const v = part.trim();
    if (v === '') continue;
    switch (key) {
      case 'type':
        pushUnique(q.filters.type, v.toUpperCase());
        break;
      case 'status':
        pushUnique(q.filters.status, v.toLowerCase().replace(/[\s-]+/g, '_'));
        break;
      case 'priority': {
        const p = v.toLowerCase();
        if (!(PRIORITIES as readonly string[]).includes(p)) q.warnings.push(`unknown priority "${v}" (expected ${PRIORITIES.join(', ')})`);
        pushUnique(q.filters.priority, p);
        break;
      }
      case 'severity': {
        const sv = /^\d$/.test(v) ? `P${v}` : v.toUpperCase();
        if (!(SEVERITIES as readonly string[]).includes(sv)) q.warnings.push(`unknown severity "${v}" (expected ${SEVERITIES.join(', ')})`);
        pushUnique(q.filters.severity, sv);
        break;
      }
      case 'effort': {
        const e = v.toUpperCase();
        if (!(EFFORTS as readonly string[]).includes(e)) q.warnings.push(`unknown effort "${v}" (expected ${EFFORTS.join(', ')})`);
        pushUnique(q.filters.effort, e);
        break;
      }
      case 'tag':
        pushUnique(q.filters.tags, v);
        break;
      case 'id':
        pushUnique(q.filters.ids, v.toUpperCase());
        break;
    }
  }
}

function applyIs(q: ParsedQuery, value: string, negated: boolean): void {
  switch (value.toLowerCase()) {
    case 'archived':
      q.flags.archived = !negated;
      break;
    case 'active':
      q.flags.archived = negated;
      break;
    case 'blocked':
      q.flags.blocked = !negated;
      break;
    case 'unblocked':
      q.flags.blocked = negated;
      break;
    case 'at-risk':
    case 'atrisk':
      q.flags.atRisk = !negated;
      break;
    default:
      q.warnings.push(`unknown filter "is:${value}" ignored (use is:archived, is:active, is:blocked or is:at-risk)`);
  }
}

/** Parses the search box text. Never throws. */
export function parseQuery(input: string): ParsedQuery {
  const q = emptyQuery();
  try {
    parseInto(q, typeof input === 'string' ? input : '');
  } catch (err) {
    // Defensive: the parser has no known failure, but a search box must never break.
    q.warnings.push(`the query could not be fully read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return q;
}

function parseInto(q: ParsedQuery, input: string): void {
  let s = input.replace(LONE_SURROGATE_RE, '\uFFFD');
  if (s.length > MAX_QUERY_LENGTH) {
    s = s.slice(0, MAX_QUERY_LENGTH).replace(LONE_SURROGATE_RE, '');
    q.warnings.push(`the query is longer than ${MAX_QUERY_LENGTH} characters; the rest is ignored`);
  }
  s = s.normalize('NFC');
  const tokens = tokenize(s, q.warnings);

  // OR joins two positive words/phrases; anywhere else it is just the word "OR".
  let pendingOr = false;
  let lastWasPositiveText = false;
  let droppedTerms = false;

  const add = (term: QueryTerm): void => {
    if (q.terms.length >= MAX_TERMS) droppedTerms = true;
    else q.terms.push(term);
  };
  const orWord = (): QueryTerm => ({ kind: 'word', text: 'OR', prefix: true, negated: false });
  const pushTerm = (term: QueryTerm): void => {
    if (pendingOr) {
      pendingOr = false;
      if (term.negated) add(orWord());
      else term.or = true;
    }
    add(term);
    lastWasPositiveText = !term.negated;
  };
  const notText = (): void => {
    if (pendingOr) add(orWord());
    pendingOr = false;
    lastWasPositiveText = false;
  };

  for (const tok of tokens) {
    if (tok.kind === 'phrase') {
      const text = tok.text.trim();
      if (textTokens(text).length === 0) continue;
      pushTerm({ kind: 'phrase', text, negated: tok.negated });
      continue;
    }
    const raw = tok.text;
    if (raw === 'OR' && !tok.negated) {
      if (lastWasPositiveText && !pendingOr) pendingOr = true;
      else pushTerm(orWord());
      continue;
    }
    if (raw.startsWith('#') && raw.length > 1) {
      notText();
      if (tok.negated) q.warnings.push(`negated filter "-${raw}" is not supported; ignored`);
      else addFilter(q, 'tag', raw.slice(1));
      continue;
    }
    const m = FILTER_TOKEN_RE.exec(raw);
    if (m) {
      const key = m[1].toLowerCase();
      const value = tok.quotedValue ?? raw.slice(m[0].length);
      if ((FILTER_KEYS as readonly string[]).includes(key)) {
        notText();
        const fk = key as FilterKey;
        if (value.trim() === '') {
          q.warnings.push(`empty filter "${key}:" ignored`);
        } else if (fk === 'is') {
          applyIs(q, value.trim(), tok.negated);
        } else if (tok.negated) {
          q.warnings.push(`negated filter "-${key}:" is not supported; ignored`);
        } else {
          addFilter(q, fk, value);
        }
        continue;
      }
      // Not a filter: the key and the value are searched as words (a quoted value as a phrase).
      q.warnings.push(`unknown filter "${m[1]}:" treated as text`);
      const keyText = trimToWord(m[1]);
      if (textTokens(keyText).length) pushTerm({ kind: 'word', text: keyText, prefix: true, negated: tok.negated });
      if (tok.quotedValue !== undefined) {
        const phrase = tok.quotedValue.trim();
        if (textTokens(phrase).length) pushTerm({ kind: 'phrase', text: phrase, negated: tok.negated });
      } else {
        const valueText = trimToWord(value);
        if (textTokens(valueText).length) pushTerm({ kind: 'word', text: valueText, prefix: true, negated: tok.negated });
      }
      continue;
    }
    const text = trimToWord(raw);
    if (textTokens(text).length === 0) continue;
    pushTerm({ kind: 'word', text, prefix: true, negated: tok.negated });
  }
  if (pendingOr) add(orWord());
  if (droppedTerms) q.warnings.push(`only the first ${MAX_TERMS} search terms are used`);
  q.warnings = [...new Set(q.warnings)];
}
