import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { emptyFields, type Effort, type ItemFields, type Priority, type RelationKind, type Severity } from '../../src/core/backlog/model';
import { bm25, ftsDocument, searchItems, snippetSegments, type SearchResult } from '../../src/core/search';
import { BacklogDatabase } from '../../src/core/storage/database';
import { loadSql, tempDir } from './helpers';

interface Seed {
  id: string;
  title: string;
  type?: string;
  status?: string;
  description?: string;
  component?: string;
  specs?: string[];
  tags?: string[];
  priority?: Priority | null;
  severity?: Severity | null;
  effort?: Effort | null;
  updatedAt?: string;
  archivedAt?: string | null;
}

async function openDb(): Promise<BacklogDatabase> {
  return BacklogDatabase.open({ SQL: await loadSql(), file: path.join(await tempDir(), 'b.db'), flushDelayMs: 50 });
}

/** Inserts items straight into items, item_tags and items_fts (text from ftsDocument). */
function insertItems(db: BacklogDatabase, seeds: readonly Seed[]): void {
  db.write((c) => {
    seeds.forEach((s, n) => {
      const fields: ItemFields = {
        ...emptyFields(),
        type: s.type ?? s.id.split('-')[0],
        title: s.title,
        status: s.status ?? 'backlog',
        description: s.description ?? '',
        component: s.component ?? '',
        specs: s.specs ?? [],
        tags: s.tags ?? [],
        priority: s.priority ?? null,
        severity: s.severity ?? null,
        effort: s.effort ?? null,
      };
      const updated = s.updatedAt ?? `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.${String(n).padStart(3, '0').slice(-3)}Z`;
      c.run(
        `INSERT INTO items (id, type, title, status, rank, created_at, updated_at, severity, priority, effort, component, description, user_story, lists, archived_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          s.id,
          fields.type,
          fields.title,
          fields.status,
          `a${n}`,
          '2026-01-01T00:00:00.000Z',
          updated,
          fields.severity,
          fields.priority,
          fields.effort,
          fields.component,
          fields.description,
          fields.userStory,
          JSON.stringify({ specs: fields.specs, reproSteps: [], criteria: [], dependencies: [], constraints: [], attachments: [], links: [] }),
          s.archivedAt ?? null,
        ],
      );
      fields.tags.forEach((tag, position) => c.run('INSERT INTO item_tags (item_id, tag, position) VALUES (?, ?, ?)', [s.id, tag, position]));
      const doc = ftsDocument(fields);
      c.run('INSERT INTO items_fts (docid, title, body, tags) VALUES ((SELECT rowid FROM items WHERE id = ?), ?, ?, ?)', [s.id, doc.title, doc.body, doc.tags]);
    });
  });
}

function relate(db: BacklogDatabase, from: string, to: string, kind: RelationKind): void {
  db.write((c) => c.run('INSERT INTO relations (from_id, to_id, kind) VALUES (?, ?, ?)', [from, to, kind]));
}

function ids(r: SearchResult): string[] {
  return r.hits.map((h) => h.id);
}

function sorted(r: SearchResult): string[] {
  return ids(r).sort();
}

function noFailure(r: SearchResult): void {
  assert.ok(!r.warnings.some((w) => w.startsWith('search failed')), r.warnings.join('; '));
}

/** Filler items so that IDF values are meaningful. */
function filler(count: number, from = 100): Seed[] {
  return Array.from({ length: count }, (_, i) => ({ id: `TASK-${from + i}`, title: `Routine chore ${i}`, description: 'housekeeping work apple' }));
}

describe('search: ranking (BM25 from matchinfo)', () => {
  let db: BacklogDatabase;
  beforeEach(async () => {
    db = await openDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('bm25() follows the formula on a hand-made matchinfo pcxnal blob (k1 1.2, b 0.75, weights 3/1/2)', () => {
    // p=1 phrase, c=3 columns; x: title tf 1 (df 2), body tf 3 (df 5), tags tf 0;
    // n=10 rows; avg lengths 4/20/2; this row's lengths 2/40/0.
    const words = [1, 3, 1, 9, 2, 3, 30, 5, 0, 0, 0, 10, 4, 20, 2, 2, 40, 0];
    const blob = new Uint8Array(new Uint32Array(words).buffer);
    const idf = (df: number) => Math.log(1 + (10 - df + 0.5) / (df + 0.5));
    const part = (w: number, tf: number, df: number, len: number, avg: number) => (w * idf(df) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / avg));
    const expected = part(3, 1, 2, 2, 4) + part(1, 3, 5, 40, 20);
    assert.ok(Math.abs(bm25(blob) - expected) < 1e-9, `${bm25(blob)} vs ${expected}`);
    assert.equal(bm25(new Uint8Array(4)), 0, 'a truncated blob scores 0');
  });

  it('a title hit outranks a body hit', () => {
    insertItems(db, [
      { id: 'TASK-001', title: 'Update docs', description: 'mentions the login screen once' },
      { id: 'TASK-002', title: 'Login screen', description: 'update the docs once' },
      ...filler(10),
    ]);
    const r = searchItems(db, 'login');
    assert.deepEqual(ids(r), ['TASK-002', 'TASK-001']);
    assert.ok(r.hits[0].score > r.hits[1].score && r.hits[1].score > 0);
  });

  it('more occurrences rank higher (same document length)', () => {
    insertItems(db, [
      { id: 'TASK-001', title: 'One', description: 'cache miss alpha beta gamma delta' },
      { id: 'TASK-002', title: 'Two', description: 'cache miss cache miss cache miss' },
      ...filler(10),
    ]);
    assert.deepEqual(ids(searchItems(db, 'cache')), ['TASK-002', 'TASK-001']);
  });

  it('rarer terms weigh more: an extra occurrence of a rare word beats one of a common word', () => {
    insertItems(db, [
      { id: 'TASK-001', title: 'One', description: 'zebra apple apple' },
      { id: 'TASK-002', title: 'Two', description: 'zebra zebra apple' },
      ...filler(20), // 20 more items contain "apple"
    ]);
    const r = searchItems(db, 'apple zebra');
    assert.deepEqual(ids(r), ['TASK-002', 'TASK-001']);
  });

  it('tags weigh more than the body', () => {
    insertItems(db, [
      { id: 'TASK-001', title: 'One', description: 'security review' },
      { id: 'TASK-002', title: 'Two', description: 'review', tags: ['security'] },
      ...filler(10),
    ]);
    assert.deepEqual(ids(searchItems(db, 'security')), ['TASK-002', 'TASK-001']);
  });

  it('equal scores are ordered by updated_at, most recent first', () => {
    insertItems(db, [
      { id: 'TASK-001', title: 'Flaky test', updatedAt: '2026-02-01T00:00:00.000Z' },
      { id: 'TASK-002', title: 'Flaky test', updatedAt: '2026-03-01T00:00:00.000Z' },
      { id: 'TASK-003', title: 'Flaky test', updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const r = searchItems(db, 'flaky');
    assert.deepEqual(ids(r), ['TASK-002', 'TASK-001', 'TASK-003']);
    assert.equal(r.hits[0].score, r.hits[2].score);
  });

  it('a limit that cuts through equal scores keeps the same hits, in the same order, as ranking every match (property)', () => {
    const words = ['crash', 'login', 'cache', 'empty'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ w: fc.subarray(words, { minLength: 1 }), day: fc.integer({ min: 1, max: 28 }) }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('crash', 'login OR cache', 'empty', 'TASK-003 crash', 'TASK-005'),
        fc.integer({ min: 0, max: 12 }),
        (rows, query, limit) => {
          db.write((c) => c.run('DELETE FROM items; DELETE FROM items_fts; DELETE FROM item_tags;'));
          insertItems(
            db,
            rows.map((r, n) => ({ id: `TASK-${String(n + 1).padStart(3, '0')}`, title: r.w.join(' '), updatedAt: `2026-02-${String(r.day).padStart(2, '0')}T00:00:00.000Z` })),
          );
          const all = searchItems(db, query, { limit: 10_000 });
          const cut = searchItems(db, query, { limit });
          assert.deepEqual(ids(cut), ids(all).slice(0, limit));
          assert.equal(cut.total, all.total);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an exact ID ranks first, before items whose text mentions it; the ID is case-insensitive', () => {
    insertItems(db, [
      { id: 'BUG-001', title: 'Duplicate of BUG-002', description: 'see BUG-002 BUG-002 BUG-002' },
      { id: 'BUG-002', title: 'Crash on save' },
      { id: 'BUG-003', title: 'Unrelated' },
    ]);
    for (const q of ['BUG-002', 'bug-002']) {
      const r = searchItems(db, q);
      assert.deepEqual(ids(r), ['BUG-002', 'BUG-001'], q);
    }
    // Other words must still match the item's text; filters still apply.
    assert.deepEqual(ids(searchItems(db, 'BUG-002 crash')), ['BUG-002']);
    assert.deepEqual(ids(searchItems(db, 'BUG-002 nothinglikethis')), []);
    assert.deepEqual(ids(searchItems(db, 'BUG-002 status:done')), []);
    // -BUG-002 excludes the item and the mentions.
    assert.deepEqual(ids(searchItems(db, '-BUG-002')), ['BUG-003']);
  });
});

describe('search: matching', () => {
  let db: BacklogDatabase;
  beforeEach(async () => {
    db = await openDb();
    insertItems(db, [
      { id: 'BUG-001', title: 'Login fails after password reset', description: 'Users cannot log in once they reset their password.' },
      { id: 'BUG-002', title: 'Password strength meter', description: 'Reset the meter, then the password is weak.' },
      { id: 'FEAT-001', title: 'Café menu', description: 'Show the naïve coffee list' },
      { id: 'FEAT-002', title: 'Cafe opening hours', description: 'plain ascii cafe' },
      { id: 'TASK-001', title: 'Logging cleanup', description: 'Remove the draft logger', tags: ['ops'] },
      { id: 'TASK-002', title: 'Catalog import', description: 'draft: import the catalog' },
    ]);
  });
  afterEach(async () => {
    await db.close();
  });

  it('every word also matches as a prefix (log finds login and logging)', () => {
    assert.deepEqual(sorted(searchItems(db, 'log')), ['BUG-001', 'TASK-001']);
    assert.deepEqual(sorted(searchItems(db, 'logg')), ['TASK-001']);
    assert.deepEqual(sorted(searchItems(db, 'log*')), ['BUG-001', 'TASK-001']);
  });

  it('free words are ANDed', () => {
    assert.deepEqual(sorted(searchItems(db, 'password reset')), ['BUG-001', 'BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'password login')), ['BUG-001']);
  });

  it('a quoted phrase matches adjacent words in order only', () => {
    assert.deepEqual(sorted(searchItems(db, '"password reset"')), ['BUG-001']);
    assert.deepEqual(sorted(searchItems(db, '"reset password"')), []);
    assert.deepEqual(sorted(searchItems(db, '"reset their password"')), ['BUG-001']);
  });

  it('negation excludes a word (and its prefixes) or a phrase', () => {
    assert.deepEqual(sorted(searchItems(db, 'password -meter')), ['BUG-001']);
    assert.deepEqual(sorted(searchItems(db, 'password -"password reset"')), ['BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'import -draft')), []);
  });

  it('a query with only negated words returns every other active item', () => {
    const r = searchItems(db, '-password -cafe');
    assert.deepEqual(sorted(r), ['TASK-001', 'TASK-002']);
    assert.equal(r.total, 2);
  });

  it('OR between words matches either', () => {
    assert.deepEqual(sorted(searchItems(db, 'meter OR catalog')), ['BUG-002', 'TASK-002']);
    assert.deepEqual(sorted(searchItems(db, 'password meter OR login')), ['BUG-001', 'BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'weak (meter OR catalog)')), ['BUG-002']);
  });

  it('diacritics are ignored both ways: cafe finds café and café finds cafe', () => {
    assert.deepEqual(sorted(searchItems(db, 'cafe')), ['FEAT-001', 'FEAT-002']);
    assert.deepEqual(sorted(searchItems(db, 'café')), ['FEAT-001', 'FEAT-002']);
    assert.deepEqual(sorted(searchItems(db, 'CAFÉ')), ['FEAT-001', 'FEAT-002']);
    assert.deepEqual(sorted(searchItems(db, 'naive')), ['FEAT-001']);
    assert.deepEqual(sorted(searchItems(db, 'nai\u0308ve')), ['FEAT-001']); // decomposed ï
  });

  it('FTS operators and special characters typed by the user are plain text, never a syntax error', () => {
    const queries = [
      '"', '""', '"unterminated', '*', '**log', 'log**', '^login', '(', ')', '(login', 'login)', '-', '--', '- -', 'NEAR', 'NEAR/3',
      'login NEAR/2 password', 'AND', 'OR', 'NOT', 'login AND', 'NOT login', 'login OR', 'title:login', 'body:x', ':', '::', 'a:b:c',
      '\u0000', '\uD800', '#', '##', 'type:"', 'id:', '-"', '"*"', 'pass"word', 'log-in', 'x^2', '"a" NEAR "b"', 'login ((( password',
    ];
    for (const q of queries) {
      const r = searchItems(db, q);
      noFailure(r);
      assert.ok(Array.isArray(r.hits), q);
    }
    // Operator keywords are searched as words (prefixes), not as operators.
    insertItems(db, [{ id: 'TASK-009', title: 'Do NOT merge', description: 'and or near' }]);
    for (const q of ['NOT', 'AND', 'NEAR', 'not merge', '"do not"', 'NEAR/', 'near AND or', '(NOT)']) assert.deepEqual(ids(searchItems(db, q)), ['TASK-009'], q);
    assert.deepEqual(ids(searchItems(db, 'OR')), ['TASK-009'], 'a lone OR is the word "or"');
  });

  it('a word with inner punctuation matches as a phrase of its parts', () => {
    insertItems(db, [{ id: 'TASK-010', title: 'Write e-mail template', description: "don't forget" }]);
    assert.deepEqual(ids(searchItems(db, 'e-mail')), ['TASK-010']);
    assert.deepEqual(ids(searchItems(db, "don't")), ['TASK-010']);
  });
});

describe('search: filters', () => {
  let db: BacklogDatabase;
  beforeEach(async () => {
    db = await openDb();
    insertItems(db, [
      { id: 'BUG-001', title: 'Crash on save', status: 'in_progress', priority: 'high', severity: 'P1', effort: 'M', tags: ['Auth', 'ui'], updatedAt: '2026-01-05T00:00:00.000Z' },
      { id: 'BUG-002', title: 'Crash on load', status: 'done', priority: 'low', severity: 'P3', effort: 'S', tags: ['storage'], updatedAt: '2026-01-04T00:00:00.000Z' },
      { id: 'FEAT-001', title: 'Export to CSV', status: 'backlog', priority: 'high', effort: 'L', tags: ['ui'], updatedAt: '2026-01-03T00:00:00.000Z' },
      { id: 'TASK-001', title: 'Crash reporting', status: 'review', priority: 'medium', effort: 'XS', updatedAt: '2026-01-02T00:00:00.000Z' },
      { id: 'DEBT-001', title: 'Old crash handler', status: 'ready', updatedAt: '2026-01-01T00:00:00.000Z' },
    ]);
  });
  afterEach(async () => {
    await db.close();
  });

  it('type: (case-insensitive, also by label)', () => {
    assert.deepEqual(sorted(searchItems(db, 'type:bug')), ['BUG-001', 'BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'type:feature')), ['FEAT-001']);
  });

  it('status: (lower-cased; in_progress, in-progress and "in progress" all work)', () => {
    for (const q of ['status:in_progress', 'status:IN-PROGRESS', 'status:"in progress"']) assert.deepEqual(sorted(searchItems(db, q)), ['BUG-001'], q);
    assert.deepEqual(sorted(searchItems(db, 'status:Done')), ['BUG-002']);
  });

  it('priority:, severity:, effort:', () => {
    assert.deepEqual(sorted(searchItems(db, 'priority:HIGH')), ['BUG-001', 'FEAT-001']);
    assert.deepEqual(sorted(searchItems(db, 'severity:p3')), ['BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'effort:xs')), ['TASK-001']);
  });

  it('#tag and tag: match tags case-insensitively', () => {
    assert.deepEqual(sorted(searchItems(db, '#auth')), ['BUG-001']);
    assert.deepEqual(sorted(searchItems(db, 'tag:UI')), ['BUG-001', 'FEAT-001']);
  });

  it('id: matches exact IDs', () => {
    assert.deepEqual(sorted(searchItems(db, 'id:bug-002')), ['BUG-002']);
    assert.deepEqual(sorted(searchItems(db, 'id:BUG-002 id:FEAT-001')), ['BUG-002', 'FEAT-001']);
  });

  it('values of one filter OR together; different filters AND; filters AND with text', () => {
    assert.deepEqual(sorted(searchItems(db, 'type:BUG type:TASK')), ['BUG-001', 'BUG-002', 'TASK-001']);
    assert.deepEqual(sorted(searchItems(db, 'type:BUG,FEAT priority:high')), ['BUG-001', 'FEAT-001']);
    assert.deepEqual(sorted(searchItems(db, 'type:BUG priority:high #ui effort:M severity:P1 status:in_progress')), ['BUG-001']);
    assert.deepEqual(sorted(searchItems(db, '#ui #storage')), ['BUG-001', 'BUG-002', 'FEAT-001']);
    assert.deepEqual(sorted(searchItems(db, 'crash type:BUG,DEBT -load')), ['BUG-001', 'DEBT-001']);
    assert.deepEqual(sorted(searchItems(db, 'crash type:FEAT')), []);
  });

  it('a filters-only query returns the filtered items by updated_at, most recent first, with a score of 0', () => {
    const r = searchItems(db, 'type:BUG,FEAT,DEBT');
    assert.deepEqual(ids(r), ['BUG-001', 'BUG-002', 'FEAT-001', 'DEBT-001']);
    assert.ok(r.hits.every((h) => h.score === 0));
    assert.deepEqual(ids(searchItems(db, '')), ['BUG-001', 'BUG-002', 'FEAT-001', 'TASK-001', 'DEBT-001']);
  });

  it('warns about unknown filters (searched as text), unknown types, statuses and tags', () => {
    insertItems(db, [{ id: 'IDEA-001', title: 'Red colour theme' }]);
    const r = searchItems(db, 'colour:red');
    assert.deepEqual(r.warnings, ['unknown filter "colour:" treated as text']);
    assert.deepEqual(ids(r), ['IDEA-001']);
    const bad = searchItems(db, 'type:NOPE status:someday #missing');
    assert.deepEqual(bad.hits, []);
    assert.ok(bad.warnings.includes('unknown type "NOPE"'));
    assert.ok(bad.warnings.includes('unknown status "someday"'));
    assert.ok(bad.warnings.includes('no item has the tag "missing"'));
  });

  it('archived items are excluded by default; includeArchived or is:archived brings them back; is:active wins', () => {
    insertItems(db, [{ id: 'BUG-009', title: 'Crash in archived code', archivedAt: '2026-01-10T00:00:00.000Z' }]);
    assert.ok(!ids(searchItems(db, 'crash')).includes('BUG-009'));
    assert.ok(ids(searchItems(db, 'crash', { includeArchived: true })).includes('BUG-009'));
    assert.deepEqual(ids(searchItems(db, 'crash is:archived')), ['BUG-009']);
    assert.deepEqual(ids(searchItems(db, 'is:archived')), ['BUG-009']);
    assert.ok(!ids(searchItems(db, 'crash is:active', { includeArchived: true })).includes('BUG-009'));
    assert.deepEqual(ids(searchItems(db, 'id:BUG-009')), []);
  });

  it('is:blocked = an incoming "blocks" from an item that is neither done nor archived', () => {
    insertItems(db, [
      { id: 'TASK-010', title: 'Blocker open', status: 'ready' },
      { id: 'TASK-011', title: 'Blocker done', status: 'done' },
      { id: 'TASK-012', title: 'Blocker archived', status: 'ready', archivedAt: '2026-01-10T00:00:00.000Z' },
      { id: 'TASK-020', title: 'Blocked by open' },
      { id: 'TASK-021', title: 'Blocked by done only' },
      { id: 'TASK-022', title: 'Blocked by archived only' },
      { id: 'TASK-023', title: 'Only related' },
      { id: 'TASK-024', title: 'Blocked by open and done' },
    ]);
    relate(db, 'TASK-010', 'TASK-020', 'blocks');
    relate(db, 'TASK-011', 'TASK-021', 'blocks');
    relate(db, 'TASK-012', 'TASK-022', 'blocks');
    relate(db, 'TASK-010', 'TASK-023', 'relates');
    relate(db, 'TASK-011', 'TASK-024', 'blocks');
    relate(db, 'TASK-010', 'TASK-024', 'blocks');
    assert.deepEqual(sorted(searchItems(db, 'is:blocked')), ['TASK-020', 'TASK-024']);
    assert.deepEqual(sorted(searchItems(db, 'blocked is:blocked')), ['TASK-020', 'TASK-024']);
    assert.deepEqual(sorted(searchItems(db, 'blocked -is:blocked')), ['TASK-021', 'TASK-022']);
  });

  it('limit caps hits but total counts every match', () => {
    const r = searchItems(db, 'crash', { limit: 2 });
    assert.equal(r.hits.length, 2);
    assert.equal(r.total, 4);
    assert.equal(searchItems(db, 'crash', { limit: 0 }).hits.length, 0);
  });
});

describe('search: snippets', () => {
  let db: BacklogDatabase;
  beforeEach(async () => {
    db = await openDb();
  });
  afterEach(async () => {
    await db.close();
  });

  it('the body excerpt comes back as segments with the matched words highlighted', () => {
    insertItems(db, [
      { id: 'BUG-001', title: 'Checkout', description: 'When the user clicks pay twice the payment is charged twice and the order is duplicated.' },
    ]);
    const r = searchItems(db, 'payment twice');
    assert.equal(r.hits.length, 1);
    const segs = r.hits[0].snippet;
    assert.deepEqual(
      segs.filter((s) => s.highlight).map((s) => s.text),
      ['twice', 'payment', 'twice'],
    );
    assert.equal(segs.map((s) => s.text).join(''), 'When the user clicks pay twice the payment is charged twice and the order is duplicated.');
    assert.ok(segs.every((s) => !/[\uE000\uE001]/.test(s.text)));
  });

  it('a long body is cut around the match with an ellipsis', () => {
    const words = Array.from({ length: 120 }, (_, i) => `w${i}`);
    words[60] = 'needle';
    insertItems(db, [{ id: 'TASK-001', title: 'Long', description: words.join(' ') }]);
    const text = searchItems(db, 'needle')
      .hits[0].snippet.map((s) => s.text)
      .join('');
    assert.ok(text.startsWith('…') && text.endsWith('…'), text);
    assert.ok(text.includes('needle'));
  });

  it('HTML in item text comes back as plain text', () => {
    insertItems(db, [{ id: 'BUG-001', title: 'Markup', description: 'Renders <b>bold</b> & <script>alert(1)</script> in the title' }]);
    const segs = searchItems(db, 'bold').hits[0].snippet;
    const text = segs.map((s) => s.text).join('');
    assert.ok(text.includes('<b>'), text);
    assert.ok(text.includes('<script>alert(1)</script>'), text);
    assert.deepEqual(
      segs.filter((s) => s.highlight),
      [{ text: 'bold', highlight: true }],
    );
  });

  it('when only the title matched, the snippet is the highlighted title', () => {
    insertItems(db, [{ id: 'BUG-001', title: 'Login page is slow', description: 'takes ten seconds' }]);
    assert.deepEqual(searchItems(db, 'login').hits[0].snippet, [
      { text: 'Login', highlight: true },
      { text: ' page is slow', highlight: false },
    ]);
  });

  it('when the title and the body match, the snippet comes from the body', () => {
    insertItems(db, [{ id: 'BUG-001', title: 'Login page is slow', description: 'The login form waits on a timer' }]);
    const segs = searchItems(db, 'login').hits[0].snippet;
    assert.equal(segs.map((s) => s.text).join(''), 'The login form waits on a timer');
    assert.deepEqual(
      segs.filter((s) => s.highlight).map((s) => s.text),
      ['login'],
    );
  });

  it('snippetSegments drops stray or unbalanced markers and merges neighbours', () => {
    assert.deepEqual(snippetSegments('a \uE000b\uE001 c\uE001 d\uE000\uE000e'), [
      { text: 'a ', highlight: false },
      { text: 'b', highlight: true },
      { text: ' c d', highlight: false },
      { text: 'e', highlight: true },
    ]);
    assert.deepEqual(snippetSegments(''), []);
  });

  it('filters-only results and exact-ID results get an unhighlighted preview of the body', () => {
    insertItems(db, [{ id: 'BUG-001', title: 'Crash', description: 'Line one\nline two' }]);
    assert.deepEqual(searchItems(db, 'type:BUG').hits[0].snippet, [{ text: 'Line one line two', highlight: false }]);
    assert.deepEqual(searchItems(db, 'BUG-001').hits[0].snippet, [{ text: 'Line one line two', highlight: false }]);
  });
});

describe('search: robustness and scale', () => {
  it('searchItems never throws nor fails for arbitrary unicode and tricky tokens (property)', async () => {
    const db = await openDb();
    insertItems(db, [
      { id: 'BUG-001', title: 'Login "quoted" (paren) NEAR/3 AND OR NOT', description: 'café * ^ - : # \uE000 \uE001', tags: ['a"b'] },
      { id: 'FEAT-001', title: '🦀 rust', description: 'x²y naïve', archivedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const tricky = ['"', '*', '-', '(', ')', '^', ':', '#', 'NEAR', 'NEAR/3', 'AND', 'OR', 'NOT', 'type:', 'is:', 'is:blocked', 'id:', 'tag:"', 'BUG-001', 'café', '\u0301', '\uE000', '\uD800', 'login', 'x*', '-x'];
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.array(fc.constantFrom(...tricky), { maxLength: 20 }).map((p) => p.join(' ')),
      fc.array(fc.constantFrom(...tricky), { maxLength: 20 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(input, fc.boolean(), (q, includeArchived) => {
        const r = searchItems(db, q, { includeArchived });
        noFailure(r);
        assert.ok(r.total >= r.hits.length);
        for (const h of r.hits) for (const s of h.snippet) assert.doesNotMatch(s.text, /[\uE000\uE001]/);
      }),
      { numRuns: 500 },
    );
    await db.close();
  });

  it('a database failure comes back as a warning with no hits, never as an exception', async () => {
    const db = await openDb();
    insertItems(db, [{ id: 'BUG-001', title: 'Crash' }]);
    await db.close();
    const r = searchItems(db, 'crash');
    assert.deepEqual(r.hits, []);
    assert.equal(r.total, 0);
    assert.ok(r.warnings.some((w) => w.startsWith('search failed')));
  });

  it('2,000 generated items: counts of text, prefix, filter and combined queries are exact', async () => {
    const db = await openDb();
    const types = ['BUG', 'FEAT', 'TASK', 'DEBT'];
    const statuses = ['backlog', 'ready', 'in_progress', 'review', 'done'];
    const colours = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'black'];
    const seeds: Seed[] = Array.from({ length: 2000 }, (_, i) => {
      const type = types[i % 4];
      return {
        id: `${type}-${String(i + 1).padStart(4, '0')}`,
        type,
        title: `Item ${colours[i % 7]} number${i}`,
        status: statuses[i % 5],
        description: `${i % 3 === 0 ? 'fizz' : 'plain'} body ${i % 10 === 0 ? 'tenth' : ''}`,
        tags: i % 2 === 0 ? ['even'] : ['odd'],
        archivedAt: i % 50 === 0 ? '2026-01-01T00:00:00.000Z' : null,
      };
    });
    insertItems(db, seeds);
    const active = seeds.filter((s) => !s.archivedAt);
    const count = (pred: (s: Seed, i: number) => boolean) => seeds.filter((s, i) => !s.archivedAt && pred(s, i)).length;

    assert.equal(searchItems(db, '').total, active.length);
    assert.equal(searchItems(db, 'red').total, count((_, i) => i % 7 === 0));
    assert.equal(searchItems(db, 'fizz').total, count((_, i) => i % 3 === 0));
    assert.equal(searchItems(db, 'fizz red').total, count((_, i) => i % 3 === 0 && i % 7 === 0));
    assert.equal(searchItems(db, 'fizz -red').total, count((_, i) => i % 3 === 0 && i % 7 !== 0));
    assert.equal(searchItems(db, 'red OR blue').total, count((_, i) => i % 7 === 0 || i % 7 === 2));
    assert.equal(searchItems(db, 'number12').total, count((_, i) => String(i).startsWith('12')));
    assert.equal(searchItems(db, 'type:BUG').total, count((s) => s.type === 'BUG'));
    assert.equal(searchItems(db, 'type:BUG status:done #even').total, count((s) => s.type === 'BUG' && s.status === 'done' && s.tags![0] === 'even'));
    assert.equal(searchItems(db, 'tenth type:FEAT,TASK').total, count((s, i) => i % 10 === 0 && (s.type === 'FEAT' || s.type === 'TASK')));
    assert.equal(searchItems(db, 'red', { includeArchived: true }).total, seeds.filter((_, i) => i % 7 === 0).length);
    assert.equal(searchItems(db, 'is:archived').total, 40);
    const r = searchItems(db, 'fizz', { limit: 25 });
    assert.equal(r.hits.length, 25);
    assert.equal(searchItems(db, 'BUG-0005').hits[0].id, 'BUG-0005');
    await db.close();
  });
});
