// Property tests: for random valid items, parse(export(items)) gives back exactly the items, in each
// of the four formats. The generators aim at what breaks text formats: Markdown structure in text
// (---, ### X, **Key:**, - [ ], >, 1., <!--, fences), backslashes, leading/trailing blanks, blank
// lines, tabs, CR/CRLF, non-ASCII (é, 日本語, emoji), empty strings, every list, null enums.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EFFORTS, PRIORITIES, RELATION_KINDS, SEVERITIES, type PortableItem } from '../../src/core/backlog/model';
import {
  parseCsv,
  parseFlowcastMarkdown,
  parseJson,
  parseTicketFlowMarkdown,
  toCsv,
  toFlowcastMarkdown,
  toJson,
  toTicketFlowMarkdown,
} from '../../src/core/io';
import { rankBetween } from '../../src/core/util/rank';

const RUNS = 150;
/** Plain objects, as JSON and the importers make them. */
const NP = { noNullPrototype: true } as const;

const SPECIAL_LINES = [
  '---',
  '***',
  '___',
  '-----  ',
  '### FAKE-1 | x',
  '## 2. BUGS',
  '# Title',
  '#tag',
  '#### deep',
  '**Priorité:** Haute',
  '**Foo:** bar',
  '**Foo**: bar',
  '**bold** text',
  '- [ ] todo',
  '- [x] done',
  '- item',
  '* star',
  '+ plus',
  '-',
  '> quote',
  '>',
  '> > nested',
  '1. step',
  '2) step',
  '<!-- flowcast: {"status":"done"} -->',
  '<!-- Type: BUG -->',
  '<!-- flowcast-markdown: 1 -->',
  '<!-- comment -->',
  '-->',
  '```',
  '```js',
  '~~~',
  '````',
  '``` `x`',
  '    indented code',
  '\tTab first',
  '\\',
  '\\\\',
  '\\---',
  '\\n literal',
  ' ',
  '\t',
  '',
  '',
  '  both ends  ',
  'trailing\t',
  '![alt](img.png)',
  '[link](http://x)',
  '| a | b |',
  'é à ç',
  '日本語のテキスト',
  '😀 emoji first',
  '👨‍👩‍👧 family',
  'nbsp\u00a0inside',
  '\u00a0leading nbsp',
  '=SUM(A1:A2)',
  '+33 6 12',
  '@mention',
  "'quoted",
  '"double" quotes, and commas',
];

const ALPHABET = [...'ab Z09 \t-*#>`~\\[]()!<>|:_"\',=+@.'].concat(['é', '日', '本', '😀', '\u00a0']);

const wordArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 10 }).map((a) => a.join(''));
const lineArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_LINES) },
  { weight: 2, arbitrary: wordArb },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SPECIAL_LINES), wordArb).map(([a, b]) => a + b) },
);

/** Multi-line text without carriage returns. */
const lfTextArb = fc.array(lineArb, { maxLength: 6 }).map((ls) => ls.join('\n'));

/** Text that may also hold CRLF line ends or stray CRs. */
function textArb(cr: boolean): fc.Arbitrary<string> {
  if (!cr) return lfTextArb;
  return fc.oneof(
    { weight: 4, arbitrary: lfTextArb },
    { weight: 1, arbitrary: lfTextArb.map((s) => s.replace(/\n/g, '\r\n')) },
    { weight: 1, arbitrary: fc.tuple(lfTextArb, lfTextArb).map(([a, b]) => `${a}\r${b}`) },
  );
}

const PREFIXES = ['BUG', 'CT', 'LT', 'AUTRE', 'FEAT', 'TASK', 'X_1'];
const TYPES = ['BUG', 'CT', 'LT', 'AUTRE', 'FEAT', 'TASK', 'X_1', 'SPIKE'];
const EMOJIS = ['🐛', '✨', '🚀', '💡', '👨‍👩‍👧', '🇫🇷', '❤️', '1️⃣'];
const RANKS: string[] = (() => {
  const out: string[] = [];
  let r: string | null = null;
  for (let i = 0; i < 20; i++) out.push((r = rankBetween(r, null)));
  out.push(rankBetween(out[0], out[1]), rankBetween(null, out[0]));
  return out;
})();

const dateArb = fc.oneof(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('2026-03-01T10:00:00Z', '2026-03-01T10:00:00+02:00', '2026-03-01T10:00:00.123456Z', '2026-02-28T23:59:59-05:30'),
);

/** Target dates: real calendar days (YYYY-MM-DD), leap days and year ends included. */
const targetDateArb = fc.oneof(
  fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
  fc.constantFrom('2028-02-29', '2026-12-31', '2027-01-01'),
);

const SEGMENTS = ['shots', 'a b', 'x(1)', 'é', '日本', 'img.png', '<x>', 'a\\b', '[1]', 'q"', 'file.ts', '#h', 'c,d'];
const pathArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((s) => s.join('/')) },
  { weight: 1, arbitrary: fc.constantFrom('https://example.com/a b.png', 'shots/a:1', 'a\\b\\c.png') },
);
/** Code links may point anywhere (the repository does not restrict them). */
const linkFileArb = fc.oneof(pathArb, fc.constantFrom('/abs/x.ts', 'C:\\w\\y.ts', '../up.ts', ' spaced ', 'src/a.ts:12', '\\lead'));

/** Titles: sane ones (what the app makes) and odd ones (line breaks, edge blanks, a leading emoji). */
function titleArb(sane: boolean): fc.Arbitrary<string> {
  const plain = fc
    .tuple(wordArb, lineArb, wordArb)
    .map(([a, b, c]) => `${a}${b}${c}`.replace(/\s+/g, ' ').trim())
    .filter((s) => /\S/.test(s) && !/^\p{Extended_Pictographic}/u.test(s));
  if (sane) return fc.oneof(plain, fc.constantFrom('Crash | on save', 'Été 日本語 😀', '### not a heading', '**Key:** value'));
  return fc.oneof(
    plain,
    lfTextArb.filter((s) => /\S/.test(s) && s.length <= 300),
    fc.constantFrom('🔥 fire', '  padded  ', 'two\nlines', '\ttab', 'x\r\ny'),
  );
}

function emojiArb(sane: boolean): fc.Arbitrary<string> {
  return sane ? fc.constantFrom('', '', ...EMOJIS) : fc.constantFrom('', '', ...EMOJIS, 'ab', ' 🐛', '🐛🐛');
}

function itemArb(id: string, others: string[], o: { cr: boolean; sane: boolean }): fc.Arbitrary<PortableItem> {
  const prefix = id.split('-')[0];
  const text = textArb(o.cr);
  const list = fc.array(text, { maxLength: 4 });
  return fc.record({
    id: fc.constant(id),
    type: fc.oneof(fc.constant(prefix), fc.constantFrom(...TYPES)),
    title: titleArb(o.sane),
    emoji: emojiArb(o.sane),
    status: fc.constantFrom('backlog', 'ready', 'in_progress', 'review', 'done', 'custom_2'),
    severity: fc.constantFrom(null, ...SEVERITIES),
    priority: fc.constantFrom(null, ...PRIORITIES),
    effort: fc.constantFrom(null, ...EFFORTS),
    component: text,
    targetDate: fc.option(targetDateArb, { nil: null }),
    tags: fc.uniqueArray(
      text.filter((t) => t !== ''),
      { maxLength: 4 },
    ),
    description: text,
    userStory: text,
    specs: list,
    reproSteps: list,
    criteria: fc.array(fc.record({ text, checked: fc.boolean() }, NP), { maxLength: 4 }),
    dependencies: list,
    constraints: list,
    attachments: fc.array(fc.record({ path: pathArb, name: text }, NP), { maxLength: 3 }),
    links: fc.array(fc.record({ file: linkFileArb, line: fc.integer({ min: 1, max: 1_000_000 }) }, NP), { maxLength: 3 }),
    relations: fc.uniqueArray(fc.record({ kind: fc.constantFrom(...RELATION_KINDS), to: fc.constantFrom(...others, 'ZZ-999') }, NP), {
      maxLength: 3,
      selector: (r) => `${r.kind} ${r.to}`,
    }),
    rank: fc.constantFrom(...RANKS),
    createdAt: dateArb,
    updatedAt: dateArb,
    archivedAt: fc.option(dateArb, { nil: null }),
    external: fc.option(
      fc.integer({ min: 1, max: 9_999_999 }).map((n) => ({ system: 'azureDevOps' as const, id: n, url: `https://dev.azure.com/fabrikam/Fiber%20Web/_workitems/edit/${n}` })),
      { nil: null },
    ),
  }, NP);
}

function itemsArb(o: { cr: boolean; sane: boolean }): fc.Arbitrary<PortableItem[]> {
  return fc
    .uniqueArray(
      fc.tuple(fc.constantFrom(...PREFIXES), fc.integer({ min: 1, max: 99_999 })).map(([p, n]) => `${p}-${String(n).padStart(3, '0')}`),
      { maxLength: 6 },
    )
    .chain((ids) => (ids.length ? fc.tuple(...ids.map((id) => itemArb(id, ids.filter((x) => x !== id), o))) : fc.constant([])));
}

const LABELS = ['Bugs', 'Court terme', 'Roadmap items', 'Priorités', 'Table des matières', 'Légende', 'Feature', 'Tâches', '日本語', 'A | B', '  spaced  '];
const typesArb = fc.uniqueArray(
  fc.record({ key: fc.constantFrom(...TYPES), label: fc.constantFrom(...LABELS) }, NP),
  { maxLength: 5, selector: (t) => t.key },
);

const byId = (items: PortableItem[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Every type an item uses and every exported type is among the imported types. */
function assertTypes(parsedTypes: { key: string }[], items: PortableItem[], exported: { key: string }[]) {
  const keys = new Set(parsedTypes.map((t) => t.key));
  for (const it of items) assert.ok(keys.has(it.type), it.type);
  for (const t of exported) assert.ok(keys.has(t.key), t.key);
}

/** The flowcast comments the writers put under item headings (a look-alike line inside a fenced block is text). */
function comments(md: string): Record<string, unknown>[] {
  return [...md.matchAll(/^### .*\n<!-- flowcast: (.*) -->$/gm)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
}

describe('io: round trips (property-based)', () => {
  it('TicketFlow Markdown: parse(export(items)) equals the items, for both locales, CR/CRLF text and odd titles included (compared in ID order: the file groups items by type)', () => {
    fc.assert(
      fc.property(itemsArb({ cr: true, sane: false }), typesArb, fc.constantFrom('en' as const, 'fr' as const), (items, types, locale) => {
        const md = toTicketFlowMarkdown(items, { projectName: 'P', types, locale });
        const back = parseTicketFlowMarkdown(md);
        assert.deepEqual(byId(back.items), byId(items));
        assertTypes(back.types, items, types);
      }),
      { numRuns: RUNS },
    );
  });

  it('TicketFlow Markdown: escaping carries all text, so the flowcast comment holds only the fields TicketFlow lacks (no carriage returns, app-like titles)', () => {
    const lacking = new Set(['status', 'tags', 'rank', 'createdAt', 'updatedAt', 'archivedAt', 'targetDate', 'external', 'links', 'relations', 'type']);
    fc.assert(
      fc.property(itemsArb({ cr: false, sane: true }), typesArb, (items, types) => {
        const md = toTicketFlowMarkdown(items, { projectName: 'P', types, locale: 'fr' });
        const cs = comments(md);
        assert.equal(cs.length, items.length);
        for (const c of cs) for (const k of Object.keys(c)) assert.ok(lacking.has(k), `unexpected ${k} in ${JSON.stringify(c)}`);
        assert.deepEqual(byId(parseTicketFlowMarkdown(md).items), byId(items));
      }),
      { numRuns: RUNS },
    );
  });

  it('Flowcast Markdown: parse(export(items)) equals the items, CR/CRLF text and odd titles included (compared in ID order: the file sorts by type then ID)', () => {
    fc.assert(
      fc.property(itemsArb({ cr: true, sane: false }), typesArb, (items, types) => {
        const md = toFlowcastMarkdown(items, { backlogName: 'B', types });
        const back = parseFlowcastMarkdown(md);
        assert.deepEqual(byId(back.items), byId(items));
        assertTypes(back.types, items, types);
      }),
      { numRuns: RUNS },
    );
  });

  it('Flowcast Markdown: without carriage returns and with app-like titles every field is plain Markdown (no flowcast comment), and export is deterministic', () => {
    fc.assert(
      fc.property(itemsArb({ cr: false, sane: true }), typesArb, (items, types) => {
        const md = toFlowcastMarkdown(items, { backlogName: 'B', types });
        assert.equal(comments(md).length, 0);
        assert.equal(toFlowcastMarkdown([...items].reverse(), { backlogName: 'B', types }), md);
        assert.deepEqual(byId(parseFlowcastMarkdown(md).items), byId(items));
      }),
      { numRuns: RUNS },
    );
  });

  it('JSON: parse(export(items)) equals the items, in order', () => {
    fc.assert(
      fc.property(itemsArb({ cr: true, sane: false }), typesArb, (items, types) => {
        const back = parseJson(toJson(items, { backlogName: 'B', types, now: '2026-03-01T00:00:00.000Z' }));
        assert.deepEqual(back.items, items);
        assert.equal(back.name, 'B');
        assertTypes(back.types, items, types);
      }),
      { numRuns: RUNS },
    );
  });

  it('CSV: parse(export(items)) equals the items, in order (text starting with =, +, -, @ included)', () => {
    fc.assert(
      fc.property(itemsArb({ cr: true, sane: false }), (items) => {
        const back = parseCsv(toCsv(items));
        assert.deepEqual(back.items, items);
      }),
      { numRuns: RUNS },
    );
  });
});
