// Full-text search over backlog items: FTS4 (items_fts) for matching, BM25 computed here from
// matchinfo() for ranking, snippet() for highlighted excerpts. No SQL function is registered
// (sql.js's export() drops them on every flush) and user text only ever reaches SQL as bound
// parameters; the FTS query itself is rebuilt from letters and digits only, so no input can
// produce an FTS syntax error.
import type { BacklogDatabase } from '../storage/database';
import { isIdLike, parseQuery, textTokens, type ParsedQuery, type QueryTerm } from './query';

export interface SnippetSegment {
  text: string;
  highlight: boolean;
}

export interface SearchHit {
  id: string;
  title: string;
  type: string;
  status: string;
  /** BM25 score (higher = better); 0 when the item matched only by filters or by its ID. */
  score: number;
  /** Excerpt to render as text (never HTML); `highlight` marks the matched words. */
  snippet: SnippetSegment[];
}

export interface SearchResult {
  /** Best first: exact ID match, then score, then most recently updated. */
  hits: SearchHit[];
  /** Number of matching items (hits holds at most `limit` of them). */
  total: number;
  warnings: string[];
  tookMs: number;
}

export interface SearchOptions {
  /** Maximum number of hits returned (default 50). */
  limit?: number;
  /** Include archived items (is:archived / is:active in the query take precedence). */
  includeArchived?: boolean;
}

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Column weights in items_fts order: title, body, tags. */
export const COLUMN_WEIGHTS: readonly number[] = [3, 1, 2];
/** Private-use characters that snippet() puts around matched words. */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';
export const ELLIPSIS = '…';

export const DEFAULT_LIMIT = 50;
const SNIPPET_TOKENS = 20;
const PREVIEW_CHARS = 160;
const TITLE_COL = 0;
const BODY_COL = 1;
const TAGS_COL = 2;
const MARKERS_RE = /[\uE000\uE001]/g;

type Param = string | number | null;

interface Candidate {
  rid: number;
  id: string;
  title: string;
  type: string;
  status: string;
  updatedAt: string;
  score: number;
  exact: boolean;
}

interface ItemRow {
  rid: number;
  id: string;
  title: string;
  type: string;
  status: string;
  updatedAt: string;
}

const ITEM_COLUMNS = 'i.rowid AS rid, i.id AS id, i.title AS title, i.type AS type, i.status AS status, i.updated_at AS updatedAt';

/**
 * BM25 of one row from a `matchinfo(items_fts, 'pcxnal')` blob (little-endian uint32s; this
 * letter order is about twice as fast in SQLite as 'pcnalx', same information):
 * for every phrase and column, idf × tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)) × weight,
 * with idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (always positive), N = rows in the index and
 * df = rows with a hit in that column. Returns 0 for a malformed blob.
 */
export function bm25(matchinfo: Uint8Array, weights: readonly number[] = COLUMN_WEIGHTS, k1 = BM25_K1, b = BM25_B): number {
  if (matchinfo.byteLength < 12) return 0;
  const view = new DataView(matchinfo.buffer, matchinfo.byteOffset, matchinfo.byteLength);
  const u = (k: number): number => view.getUint32(k * 4, true);
  const p = u(0);
  const c = u(1);
  if (matchinfo.byteLength < (3 + 2 * c + 3 * c * p) * 4) return 0;
  const xOff = 2;
  const n = u(2 + 3 * p * c);
  const avgOff = 3 + 3 * p * c;
  const lenOff = avgOff + c;
  let score = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < c; j++) {
      const w = weights[j] ?? 1;
      const base = xOff + 3 * (i * c + j);
      const tf = u(base);
      if (w === 0 || tf === 0) continue;
      const df = u(base + 2);
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const avg = u(avgOff + j);
      const norm = avg > 0 ? u(lenOff + j) / avg : 1;
      score += (w * idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + b * norm));
    }
  }
  return score;
}

/** Splits snippet() output into text segments; stray or unbalanced markers are dropped. */
export function snippetSegments(raw: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let highlight = false;
  let buf = '';
  const flush = (): void => {
    const text = buf.replace(/\s+/g, ' ');
    buf = '';
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.highlight === highlight) last.text += text;
    else segments.push({ text, highlight });
  };
  for (const ch of raw) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      const opening = ch === HIGHLIGHT_START;
      if (opening !== highlight) {
        flush();
        highlight = opening;
      }
      continue;
    }
    buf += ch;
  }
  flush();
  if (segments.length) {
    segments[0].text = segments[0].text.replace(/^\s+/, '');
    const last = segments[segments.length - 1];
    last.text = last.text.replace(/\s+$/, '');
  }
  return segments.filter((s) => s.text !== '');
}

/** The start of a text, unhighlighted (for items that matched without a text hit). */
function preview(text: string): SnippetSegment[] {
  const flat = text.replace(MARKERS_RE, '').replace(/\s+/g, ' ').trim();
  if (flat === '') return [];
  if (flat.length <= PREVIEW_CHARS) return [{ text: flat, highlight: false }];
  const cut = flat.slice(0, PREVIEW_CHARS);
  const space = cut.lastIndexOf(' ');
  return [{ text: `${(space > PREVIEW_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}${ELLIPSIS}`, highlight: false }];
}

/** One term as an FTS4 phrase: quoted, letters/digits only, `*` for prefix matching. */
function ftsTerm(term: QueryTerm): string | null {
  const tokens = textTokens(term.text);
  if (tokens.length === 0) return null;
  const phrase = tokens.join(' ');
  return term.kind === 'word' && term.prefix ? `"${phrase}*"` : `"${phrase}"`;
}

/**
 * How many items (archived included) match `word` the way a search does (as a prefix: crash finds
 * crashes): read from the index's doclists only (no scoring), about a millisecond on 10,000 items.
 * 0 for text with no word.
 */
export function documentFrequency(db: BacklogDatabase, word: string): number {
  const phrase = ftsTerm({ kind: 'word', text: word, prefix: true, negated: false, or: false });
  if (phrase === null) return 0;
  return Number(db.query<{ n: number }>('SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH ?', [phrase])[0]?.n ?? 0);
}

/** Positive terms as AND-ed groups of OR-ed terms. */
function groupTerms(terms: readonly QueryTerm[]): QueryTerm[][] {
  const groups: QueryTerm[][] = [];
  for (const t of terms) {
    if (t.negated || ftsTerm(t) === null) continue;
    if (t.or && groups.length) groups[groups.length - 1].push(t);
    else groups.push([t]);
  }
  return groups;
}

function ftsExpression(groups: readonly QueryTerm[][]): string {
  return groups
    .map((g) => {
      const parts = g.map(ftsTerm).filter((p): p is string => p !== null);
      return parts.length > 1 ? `(${parts.join(' OR ')})` : (parts[0] ?? '');
    })
    .filter((e) => e !== '')
    .join(' ');
}

function placeholders(n: number): string {
  return new Array<string>(n).fill('?').join(', ');
}

function normTag(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

/** WHERE conditions (on alias `i` = items) for the filters, flags and negated terms. */
function filterConditions(db: BacklogDatabase, q: ParsedQuery, opts: SearchOptions, warnings: string[]): { sql: string; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  const inList = (column: string, values: readonly string[]): void => {
    if (!values.length) return;
    where.push(`${column} IN (${placeholders(values.length)})`);
    params.push(...values);
  };

  if (q.flags.archived === true) where.push('i.archived_at IS NOT NULL');
  else if (q.flags.archived === false || !opts.includeArchived) where.push('i.archived_at IS NULL');

  if (q.filters.type.length) {
    const types = db.query<{ key: string; label: string }>('SELECT key, label FROM item_types');
    inList(
      'i.type',
      q.filters.type.map((v) => {
        if (types.some((t) => t.key === v)) return v;
        const byLabel = types.find((t) => t.label.toUpperCase() === v);
        if (byLabel) return byLabel.key;
        warnings.push(`unknown type "${v}"`);
        return v;
      }),
    );
  }
  if (q.filters.status.length) {
    const statuses = db.query<{ key: string; label: string }>('SELECT key, label FROM statuses');
    inList(
      'i.status',
      q.filters.status.map((v) => {
        if (statuses.some((s) => s.key === v)) return v;
        const byLabel = statuses.find((s) => s.label.toLowerCase().replace(/[\s-]+/g, '_') === v);
        if (byLabel) return byLabel.key;
        warnings.push(`unknown status "${v}"`);
        return v;
      }),
    );
  }
  inList('i.priority', q.filters.priority);
  inList('i.severity', q.filters.severity);
  inList('i.effort', q.filters.effort);
  inList('i.id', q.filters.ids);

  if (q.filters.tags.length) {
    const all = db.query<{ tag: string }>('SELECT DISTINCT tag FROM item_tags').map((r) => r.tag);
    const matched = new Set<string>();
    for (const wanted of q.filters.tags) {
      const key = normTag(wanted);
      const found = all.filter((t) => normTag(t) === key);
      if (!found.length) warnings.push(`no item has the tag "${wanted}"`);
      for (const f of found) matched.add(f);
    }
    if (matched.size) {
      where.push(`EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND t.tag IN (${placeholders(matched.size)}))`);
      params.push(...matched);
    } else {
      where.push('0');
    }
  }

  if (q.flags.blocked !== null) {
    where.push(
      `${q.flags.blocked ? '' : 'NOT '}EXISTS (SELECT 1 FROM relations r JOIN items b ON b.id = r.from_id
        LEFT JOIN statuses s ON s.key = b.status
        WHERE r.to_id = i.id AND r.kind = 'blocks' AND b.archived_at IS NULL AND COALESCE(s.category, '') <> 'done')`,
    );
  }

  const negated = q.terms.filter((t) => t.negated);
  const negatedFts = negated.map(ftsTerm).filter((e): e is string => e !== null);
  if (negatedFts.length) {
    where.push('i.rowid NOT IN (SELECT docid FROM items_fts WHERE items_fts MATCH ?)');
    params.push(negatedFts.join(' OR '));
  }
  for (const t of negated) {
    if (t.kind === 'word' && isIdLike(t.text)) {
      where.push('i.id <> ?');
      params.push(t.text.toUpperCase());
    }
  }
  return { sql: where.length ? where.join(' AND ') : '1', params };
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.exact !== b.exact) return a.exact ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function toCandidate(row: ItemRow, score: number, exact: boolean): Candidate {
  return {
    rid: Number(row.rid),
    id: String(row.id),
    title: String(row.title),
    type: String(row.type),
    status: String(row.status),
    updatedAt: String(row.updatedAt),
    score,
    exact,
  };
}

function blobScore(mi: unknown): number {
  return mi instanceof Uint8Array ? bm25(mi) : 0;
}

/**
 * The row ids of the best `want` of `scored` (sorted by score, best first) in search order: score,
 * then most recently updated, then ID. Rows tied at the cut are ordered by SQLite on the indexed
 * columns, so a common word with thousands of equal scores never reads thousands of items.
 */
function bestRowIds(db: BacklogDatabase, scored: readonly { rid: number; score: number }[], want: number): number[] {
  if (scored.length <= want) return scored.map((x) => x.rid);
  const edge = scored[want - 1].score;
  let above = 0;
  while (above < want && scored[above].score !== edge) above++;
  let end = want;
  while (end < scored.length && scored[end].score === edge) end++;
  if (end === want) return scored.slice(0, want).map((x) => x.rid);
  const tied = scored.slice(above, end).map((x) => x.rid);
  const winners = db
    // Integers we read from the index, written inline: a tie can exceed SQLite's bound-parameter limit.
    .query<{ rid: number }>(`SELECT rowid AS rid FROM items WHERE rowid IN (${tied.map((r) => Math.trunc(r)).join(',')}) ORDER BY updated_at DESC, id LIMIT ?`, [want - above])
    .map((r) => Number(r.rid));
  return [...scored.slice(0, above).map((x) => x.rid), ...winners];
}

/**
 * Items matching the text terms (and filters), plus items named by a bare ID in the query.
 * Every match is scored from (docid, matchinfo) only; item columns are then read just for the
 * best `limit` (plus ties at the cut, so the tie-break stays exact). Returns those and the total.
 */
function textCandidates(db: BacklogDatabase, groups: QueryTerm[][], filter: { sql: string; params: Param[] }, limit: number): { list: Candidate[]; total: number } {
  const expr = ftsExpression(groups);
  const scored: { rid: number; score: number }[] = [];
  const stmt = db.connection.prepare(
    `SELECT items_fts.docid, matchinfo(items_fts, 'pcxnal')
       FROM items_fts CROSS JOIN items i ON i.rowid = items_fts.docid
      WHERE items_fts MATCH ? AND ${filter.sql}`,
  );
  try {
    stmt.bind([expr, ...filter.params]);
    while (stmt.step()) {
      const row = stmt.get();
      scored.push({ rid: Number(row[0]), score: blobScore(row[1]) });
    }
  } finally {
    stmt.free();
  }
  scored.sort((a, b) => b.score - a.score);
  const top = bestRowIds(db, scored, limit + 1);
  const scoreOf = new Map(scored.map((x) => [x.rid, x.score]));
  const byId = new Map<string, Candidate>();
  const rows = top.length ? db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.rowid IN (${placeholders(top.length)})`, top) : [];
  for (const r of rows) byId.set(String(r.id), toCandidate(r, scoreOf.get(Number(r.rid)) ?? 0, false));
  let total = scored.length;

  // A bare ID (BUG-001) satisfies its own OR-group for the item with that ID; the other
  // groups must still match that item's text.
  groups.forEach((group, gi) => {
    for (const t of group) {
      if (t.kind !== 'word' || !isIdLike(t.text)) continue;
      const id = t.text.toUpperCase();
      const known = byId.get(id);
      if (known) {
        known.exact = true;
        continue;
      }
      const item = db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.id = ? AND ${filter.sql}`, [id, ...filter.params])[0];
      if (!item) continue;
      const matchedScore = scoreOf.get(Number(item.rid));
      if (matchedScore !== undefined) {
        // it matched the text but ranked below the cut: an exact ID still comes first
        byId.set(id, toCandidate(item, matchedScore, true));
        continue;
      }
      const rest = groups.filter((_, k) => k !== gi);
      if (rest.length === 0) {
        byId.set(id, toCandidate(item, 0, true));
        total++;
        continue;
      }
      const m = db.query<{ mi: unknown }>(`SELECT matchinfo(items_fts, 'pcxnal') AS mi FROM items_fts WHERE items_fts MATCH ? AND docid = ?`, [
        ftsExpression(rest),
        Number(item.rid),
      ])[0];
      if (m) {
        byId.set(id, toCandidate(item, blobScore(m.mi), true));
        total++;
      }
    }
  });
  return { list: [...byId.values()], total };
}

/** Per-hit highlighted excerpt: the body if it matched, else the title, else the tags. */
function snippets(db: BacklogDatabase, hits: readonly Candidate[], terms: readonly QueryTerm[]): Map<number, SnippetSegment[]> {
  const out = new Map<number, SnippetSegment[]>();
  if (!hits.length) return out;
  const rids = hits.map((h) => h.rid);
  const anyTerm = terms
    .filter((t) => !t.negated)
    .map(ftsTerm)
    .filter((e): e is string => e !== null);
  if (anyTerm.length) {
    const snip = `snippet(items_fts, ?, ?, ?, ?, ${SNIPPET_TOKENS})`;
    const rows = db.query<{ rid: number; mi: unknown; s0: string; s1: string; s2: string }>(
      `SELECT docid AS rid, matchinfo(items_fts, 'pcx') AS mi, ${snip} AS s0, ${snip} AS s1, ${snip} AS s2
         FROM items_fts WHERE items_fts MATCH ? AND docid IN (${placeholders(rids.length)})`,
      [
        ...[TITLE_COL, BODY_COL, TAGS_COL].flatMap((col) => [HIGHLIGHT_START, HIGHLIGHT_END, ELLIPSIS, col]),
        anyTerm.join(' OR '),
        ...rids,
      ],
    );
    for (const r of rows) {
      const hitsPerCol = columnHits(r.mi);
      const col = hitsPerCol[BODY_COL] > 0 ? BODY_COL : hitsPerCol[TITLE_COL] > 0 ? TITLE_COL : hitsPerCol[TAGS_COL] > 0 ? TAGS_COL : -1;
      if (col < 0) continue;
      const raw = [r.s0, r.s1, r.s2][col];
      out.set(Number(r.rid), snippetSegments(String(raw ?? '')));
    }
  }
  const missing = rids.filter((rid) => !out.has(rid));
  if (missing.length) {
    const rows = db.query<{ rid: number; body: string | null }>(`SELECT docid AS rid, body FROM items_fts WHERE docid IN (${placeholders(missing.length)})`, missing);
    for (const r of rows) out.set(Number(r.rid), preview(String(r.body ?? '')));
  }
  return out;
}

/** Hits per column (summed over phrases) from a matchinfo 'pcx' blob. */
function columnHits(mi: unknown): number[] {
  const hits = [0, 0, 0];
  if (!(mi instanceof Uint8Array) || mi.byteLength < 8) return hits;
  const view = new DataView(mi.buffer, mi.byteOffset, mi.byteLength);
  const p = view.getUint32(0, true);
  const c = view.getUint32(4, true);
  if (mi.byteLength < (2 + 3 * p * c) * 4) return hits;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < Math.min(c, hits.length); j++) hits[j] += view.getUint32((2 + 3 * (i * c + j)) * 4, true);
  }
  return hits;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Searches the backlog. Never throws: a failure comes back as a warning with no hits. */
export function searchItems(db: BacklogDatabase, input: string, opts: SearchOptions = {}): SearchResult {
  const started = now();
  const q = parseQuery(input);
  const warnings = [...q.warnings];
  const limitOpt = opts?.limit;
  const limit = typeof limitOpt === 'number' && Number.isFinite(limitOpt) && limitOpt >= 0 ? Math.floor(limitOpt) : DEFAULT_LIMIT;
  const finish = (hits: SearchHit[], total: number): SearchResult => ({
    hits,
    total,
    warnings: [...new Set(warnings)],
    tookMs: Math.round((now() - started) * 100) / 100,
  });
  try {
    const filter = filterConditions(db, q, opts ?? {}, warnings);
    const groups = groupTerms(q.terms);
    let candidates: Candidate[];
    let total: number;
    if (groups.length) {
      const r = textCandidates(db, groups, filter, limit);
      candidates = r.list.sort(compareCandidates);
      total = r.total;
    } else {
      total = Number(db.query<{ n: number }>(`SELECT count(*) AS n FROM items i WHERE ${filter.sql}`, filter.params)[0]?.n ?? 0);
      candidates = db
        .query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE ${filter.sql} ORDER BY i.updated_at DESC, i.id LIMIT ?`, [...filter.params, limit])
        .map((r) => toCandidate(r, 0, false));
    }
    const page = candidates.slice(0, limit);
    const snips = snippets(db, page, groups.length ? q.terms : []);
    const hits = page.map((c) => ({ id: c.id, title: c.title, type: c.type, status: c.status, score: c.score, snippet: snips.get(c.rid) ?? [] }));
    return finish(hits, total);
  } catch (err) {
    warnings.push(`search failed: ${errorText(err)}`);
    return finish([], 0);
  }
}
