import assert from 'node:assert/strict';
import { AT_RISK } from '../../src/core/board/targets';
import fc from 'fast-check';
import {
  chipCount,
  chipsToQuery,
  clickSelection,
  takeAtRisk,
  emptyChips,
  groupColumns,
  groupLanes,
  LIST_COLUMNS,
  type ListColumn,
  matchesChips,
  NONE,
  pruneSelection,
  sortRows,
  tagsInUse,
} from '../../src/core/board/view';
import type { Card, StatusView, TypeView } from '../../src/core/protocol/messages';
import { parseQuery } from '../../src/core/search';

/** A board card with every field empty / not set unless given. */
function card(id: string, extra: Partial<Card> = {}): Card {
  return {
    id,
    type: id.slice(0, id.lastIndexOf('-')),
    title: `Title of ${id}`,
    emoji: '',
    status: 'backlog',
    priority: null,
    effort: null,
    severity: null,
    tags: [],
    criteriaDone: 0,
    criteriaTotal: 0,
    blocked: false,
    rank: 'm',
    ...extra,
  };
}

const STATUSES: StatusView[] = [
  { key: 'backlog', label: 'Backlog', category: 'todo' },
  { key: 'ready', label: 'Ready', category: 'todo' },
  { key: 'in_progress', label: 'In progress', category: 'in_progress' },
  { key: 'review', label: 'Review', category: 'in_progress' },
  { key: 'done', label: 'Done', category: 'done' },
];

const TYPES: TypeView[] = [
  { key: 'BUG', label: 'Bug', color: '#e5534b' },
  { key: 'FEAT', label: 'Feature', color: '#3fb950' },
  { key: 'TASK', label: 'Task', color: '#4493f8' },
];

const ids = (cards: readonly Card[]) => cards.map((c) => c.id);
const label = (mode: 'type' | 'priority', key: string) => `${mode}=${key}`;

describe('board view: chip filters', () => {
  it('emptyChips has every filter field with no values, and chipCount counts the chosen values of all fields', () => {
    assert.deepEqual(emptyChips(), { type: [], status: [], priority: [], effort: [], severity: [], tags: [], forecast: [] });
    const f = emptyChips();
    assert.equal(chipCount(f), 0);
    f.type.push('BUG', 'FEAT');
    f.priority.push(NONE);
    f.tags.push('ui');
    assert.equal(chipCount(f), 4);
    assert.deepEqual(emptyChips().type, [], 'each call gives fresh lists');
  });

  it('no chips match every card', () => {
    for (const c of [card('BUG-1'), card('TASK-2', { priority: 'high', tags: ['x'], status: 'done' })]) assert.equal(matchesChips(c, emptyChips()), true);
  });

  it('values of one field OR together', () => {
    const f = { ...emptyChips(), type: ['BUG', 'FEAT'] };
    assert.equal(matchesChips(card('BUG-1'), f), true);
    assert.equal(matchesChips(card('FEAT-1'), f), true);
    assert.equal(matchesChips(card('TASK-1'), f), false);
    const s = { ...emptyChips(), status: ['ready', 'done'] };
    assert.deepEqual(
      ['backlog', 'ready', 'in_progress', 'done'].map((status) => matchesChips(card('TASK-1', { status }), s)),
      [false, true, false, true],
    );
  });

  it('different fields AND together', () => {
    const f = { ...emptyChips(), type: ['BUG'], priority: ['high'], tags: ['ui'] };
    assert.equal(matchesChips(card('BUG-1', { priority: 'high', tags: ['ui', 'x'] }), f), true);
    assert.equal(matchesChips(card('BUG-2', { priority: 'low', tags: ['ui'] }), f), false, 'wrong priority');
    assert.equal(matchesChips(card('FEAT-1', { priority: 'high', tags: ['ui'] }), f), false, 'wrong type');
    assert.equal(matchesChips(card('BUG-3', { priority: 'high', tags: [] }), f), false, 'missing tag');
  });

  it('the NONE value means "not set" for priority, effort and severity, and ORs with real values', () => {
    const unset = card('TASK-1');
    const set = card('TASK-2', { priority: 'low', effort: 'M', severity: 'P2' });
    for (const field of ['priority', 'effort', 'severity'] as const) {
      const onlyNone = { ...emptyChips(), [field]: [NONE] };
      assert.equal(matchesChips(unset, onlyNone), true, `${field}: not set matches (none)`);
      assert.equal(matchesChips(set, onlyNone), false, `${field}: a set value does not match (none)`);
    }
    const lowOrNone = { ...emptyChips(), priority: ['low', NONE] };
    assert.equal(matchesChips(unset, lowOrNone), true);
    assert.equal(matchesChips(set, lowOrNone), true);
    assert.equal(matchesChips(card('TASK-3', { priority: 'high' }), lowOrNone), false);
  });

  it('tag chips match tags ignoring case and diacritics, any of the chosen tags', () => {
    const c = card('TASK-1', { tags: ['café', 'UI'] });
    assert.equal(matchesChips(c, { ...emptyChips(), tags: ['CAFE'] }), true);
    assert.equal(matchesChips(c, { ...emptyChips(), tags: ['ui'] }), true);
    assert.equal(matchesChips(c, { ...emptyChips(), tags: ['Ünknown', 'Cafè'] }), true, 'one of several chosen tags is enough');
    assert.equal(matchesChips(c, { ...emptyChips(), tags: ['caf'] }), false, 'whole tags, not prefixes');
    assert.equal(matchesChips(card('TASK-2'), { ...emptyChips(), tags: ['ui'] }), false, 'a card without tags');
  });

  it('type and status chips compare exactly (keys, not labels)', () => {
    assert.equal(matchesChips(card('BUG-1'), { ...emptyChips(), type: ['bug'] }), false);
    assert.equal(matchesChips(card('BUG-1', { status: 'in_progress' }), { ...emptyChips(), status: ['In progress'] }), false);
  });
});

describe('board view: chipsToQuery', () => {
  it('turns chips and text into one search-language query (tags as tag:, values quoted when needed)', () => {
    const f = { ...emptyChips(), type: ['BUG', 'FEAT'], status: ['in_progress'], priority: ['high'], effort: ['M'], severity: ['P1'], tags: ['ui', 'needs review', 'a:b'] };
    const r = chipsToQuery(f, '  crash on save ');
    assert.equal(r.query, 'type:BUG type:FEAT status:in_progress priority:high effort:M severity:P1 tag:ui tag:"needs review" tag:"a:b" crash on save');
    assert.deepEqual(r.dropped, []);
  });

  it('drops NONE ("not set") values, which the search language cannot express, and reports their fields', () => {
    const f = { ...emptyChips(), priority: ['high', NONE], effort: [NONE], severity: [NONE] };
    const r = chipsToQuery(f, '');
    assert.equal(r.query, 'priority:high');
    assert.deepEqual(r.dropped, ['priority', 'effort', 'severity']);
  });

  it('the "At risk" chip is saved as is:at-risk, which the search records without filtering, and comes back as the chip', () => {
    const r = chipsToQuery({ ...emptyChips(), type: ['BUG'], forecast: [AT_RISK] }, 'login');
    assert.deepEqual(r, { query: 'type:BUG is:at-risk login', dropped: [] });
    const q = parseQuery(r.query);
    assert.equal(q.flags.atRisk, true);
    assert.deepEqual(q.warnings, []);
    assert.deepEqual(takeAtRisk(r.query), { query: 'type:BUG login', atRisk: true });
    assert.deepEqual(takeAtRisk('IS:AtRisk'), { query: '', atRisk: true });
    assert.deepEqual(takeAtRisk('this:at-risk is:at-riskier'), { query: 'this:at-risk is:at-riskier', atRisk: false }, 'only the whole term');
  });

  it('no chips and blank text give an empty query', () => {
    assert.deepEqual(chipsToQuery(emptyChips(), '   '), { query: '', dropped: [] });
    assert.deepEqual(chipsToQuery(emptyChips(), 'just words'), { query: 'just words', dropped: [] });
  });

  it('the query parses back to the same filters (property: random chips without NONE)', () => {
    const tag = fc.constantFrom('ui', 'needs review', 'a:b', '(x)', 'café', 'v2.0', 'front-end', 'x y z');
    const chips = fc.record({
      type: fc.uniqueArray(fc.constantFrom('BUG', 'FEAT', 'TASK', 'CT_2'), { maxLength: 3 }),
      status: fc.uniqueArray(fc.constantFrom('backlog', 'in_progress', 'done'), { maxLength: 3 }),
      priority: fc.uniqueArray(fc.constantFrom('high', 'medium', 'low'), { maxLength: 3 }),
      effort: fc.uniqueArray(fc.constantFrom('XS', 'S', 'M', 'L', 'XL'), { maxLength: 3 }),
      severity: fc.uniqueArray(fc.constantFrom('P0', 'P1', 'P4'), { maxLength: 3 }),
      tags: fc.uniqueArray(tag, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(chips, (f) => {
        const { query, dropped } = chipsToQuery({ ...f, forecast: [] }, '');
        const q = parseQuery(query);
        assert.deepEqual(dropped, []);
        assert.deepEqual(q.warnings, [], query);
        assert.deepEqual(q.terms, [], `no stray text terms in ${query}`);
        const { ids: _ids, ...filters } = q.filters;
        assert.deepEqual(filters, { ...f }, query);
      }),
    );
  });

  // BUG (reported, not fixed here): a tag containing a comma or a double quote cannot be saved as a
  // view. src/core/board/view.ts quote() leaves "v1,2" unquoted (tag:v1,2) and parseQuery's
  // addFilter splits every filter value on "," (quoted or not), so the saved view filters by the
  // two tags "v1" OR "2"; a '"' is silently deleted from the value ('say"hi' -> tag:"sayhi").
  // Such tags exist: the repository keeps commas and quotes in tags (normaliseFields only lowercases
  // and replaces spaces), e.g. from an import.
  it('tags the search syntax cannot express (comma, double quote) are left out of the query and reported', () => {
    for (const t of ['v1,2', 'say"hi']) {
      const r = chipsToQuery({ ...emptyChips(), tags: [t, 'ok'] }, '');
      assert.equal(r.query, 'tag:ok');
      assert.deepEqual(r.dropped, ['tags']);
      assert.deepEqual(parseQuery(r.query).filters.tags, ['ok']);
    }
  });
});

describe('board view: tagsInUse', () => {
  it('lists each tag once (case/diacritic-insensitive, first spelling kept), most used first, ties by name', () => {
    const cards = [card('T-1', { tags: ['ui', 'zeta'] }), card('T-2', { tags: ['UI', 'beta'] }), card('T-3', { tags: ['Ui', 'zeta', 'alpha'] }), card('T-4', { tags: ['Café'] }), card('T-5', { tags: ['cafe'] })];
    assert.deepEqual(tagsInUse(cards), ['ui', 'Café', 'zeta', 'alpha', 'beta']);
    assert.deepEqual(tagsInUse([]), []);
  });
});

describe('board view: columns and swimlanes', () => {
  it('groupColumns gives one column per status in workflow order, cards in rank order, unknown statuses dropped', () => {
    const cards = [
      card('TASK-1', { status: 'ready', rank: 'c' }),
      card('TASK-2', { status: 'ready', rank: 'a' }),
      card('TASK-3', { status: 'done', rank: 'b' }),
      card('TASK-4', { status: 'ready', rank: 'b' }),
      card('TASK-5', { status: 'gone', rank: 'a' }),
    ];
    const cols = groupColumns(cards, STATUSES);
    assert.deepEqual(
      cols.map((c) => c.status.key),
      STATUSES.map((s) => s.key),
    );
    assert.deepEqual(
      cols.map((c) => ids(c.cards)),
      [[], ['TASK-2', 'TASK-4', 'TASK-1'], [], [], ['TASK-3']],
    );
    assert.ok(!cols.some((c) => c.cards.some((x) => x.id === 'TASK-5')), 'the card with an unknown status is not shown');
  });

  it('groupColumns breaks rank ties by id and puts cards without a rank first', () => {
    const cols = groupColumns([card('TASK-9', { rank: 'b' }), card('TASK-3', { rank: 'b' }), card('TASK-5', { rank: undefined })], STATUSES);
    assert.deepEqual(ids(cols[0].cards), ['TASK-5', 'TASK-3', 'TASK-9']);
  });

  it('groupColumns does not reorder the input array', () => {
    const cards = [card('TASK-1', { rank: 'z' }), card('TASK-2', { rank: 'a' })];
    groupColumns(cards, STATUSES);
    assert.deepEqual(ids(cards), ['TASK-1', 'TASK-2']);
  });

  it('lanes "none" is one unlabeled lane holding all the columns', () => {
    const cards = [card('BUG-1'), card('TASK-1', { status: 'done' })];
    const lanes = groupLanes(cards, STATUSES, 'none', TYPES, label);
    assert.equal(lanes.length, 1);
    assert.equal(lanes[0].key, '');
    assert.equal(lanes[0].label, '');
    assert.equal(lanes[0].count, 2);
    assert.deepEqual(lanes[0].columns, groupColumns(cards, STATUSES));
  });

  it('type lanes follow the type order (unknown types after), empty lanes are left out, each lane has every column', () => {
    const cards = [card('TASK-1', { rank: 'b' }), card('ZED-1'), card('BUG-1', { status: 'done' }), card('TASK-2', { rank: 'a' }), card('ABC-1')];
    const lanes = groupLanes(cards, STATUSES, 'type', TYPES, label);
    assert.deepEqual(
      lanes.map((l) => l.key),
      ['BUG', 'TASK', 'ABC', 'ZED'],
      'FEAT has no cards: no lane',
    );
    assert.deepEqual(
      lanes.map((l) => l.label),
      ['type=BUG', 'type=TASK', 'type=ABC', 'type=ZED'],
    );
    assert.deepEqual(
      lanes.map((l) => l.count),
      [1, 2, 1, 1],
    );
    for (const l of lanes) assert.equal(l.columns.length, STATUSES.length);
    const task = lanes.find((l) => l.key === 'TASK')!;
    assert.deepEqual(ids(task.columns[0].cards), ['TASK-2', 'TASK-1'], 'rank order inside a lane');
    assert.deepEqual(ids(lanes[0].columns[4].cards), ['BUG-1']);
  });

  it('priority lanes go high, medium, low, then not set; empty lanes are left out', () => {
    const cards = [card('TASK-1'), card('TASK-2', { priority: 'low' }), card('TASK-3', { priority: 'high' }), card('TASK-4', { priority: 'low' })];
    const lanes = groupLanes(cards, STATUSES, 'priority', TYPES, label);
    assert.deepEqual(
      lanes.map((l) => [l.key, l.label, l.count]),
      [
        ['high', 'priority=high', 1],
        ['low', 'priority=low', 2],
        [NONE, `priority=${NONE}`, 1],
      ],
    );
    assert.deepEqual(
      groupLanes([card('TASK-1', { priority: 'medium' }), card('TASK-2'), card('TASK-3', { priority: 'high' })], STATUSES, 'priority', TYPES, label).map((l) => l.key),
      ['high', 'medium', NONE],
    );
    assert.deepEqual(groupLanes([], STATUSES, 'priority', TYPES, label), []);
  });
});

describe('board view: sortRows', () => {
  const sort = (cards: Card[], column: ListColumn, dir: 'asc' | 'desc' = 'asc') => ids(sortRows(cards, { column, dir }, STATUSES));

  it('ids sort by type then number (BUG-2 before BUG-10), both directions', () => {
    const cards = [card('BUG-10'), card('FEAT-1'), card('BUG-2'), card('BUG-1')];
    assert.deepEqual(sort(cards, 'id'), ['BUG-1', 'BUG-2', 'BUG-10', 'FEAT-1']);
    assert.deepEqual(sort(cards, 'id', 'desc'), ['FEAT-1', 'BUG-10', 'BUG-2', 'BUG-1']);
  });

  it('titles sort in natural order ("Item 9" before "Item 10"), ignoring case', () => {
    const cards = [card('T-1', { title: 'Item 10' }), card('T-2', { title: 'item 9' }), card('T-3', { title: 'Apple' }), card('T-4', { title: 'Item 1' })];
    assert.deepEqual(sort(cards, 'title'), ['T-3', 'T-4', 'T-2', 'T-1']);
    assert.deepEqual(sort(cards, 'title', 'desc'), ['T-1', 'T-2', 'T-4', 'T-3']);
  });

  it('types sort by key', () => {
    const cards = [card('TASK-1'), card('BUG-1'), card('FEAT-1')];
    assert.deepEqual(sort(cards, 'type'), ['BUG-1', 'FEAT-1', 'TASK-1']);
    assert.deepEqual(sort(cards, 'type', 'desc'), ['TASK-1', 'FEAT-1', 'BUG-1']);
  });

  it('statuses sort in workflow order, not by name', () => {
    const cards = [card('T-1', { status: 'done' }), card('T-2', { status: 'backlog' }), card('T-3', { status: 'review' }), card('T-4', { status: 'in_progress' })];
    assert.deepEqual(sort(cards, 'status'), ['T-2', 'T-4', 'T-3', 'T-1']);
    assert.deepEqual(sort(cards, 'status', 'desc'), ['T-1', 'T-3', 'T-4', 'T-2']);
  });

  it('priorities sort high to low, not set last in both directions', () => {
    const cards = [card('T-1', { priority: 'low' }), card('T-2'), card('T-3', { priority: 'high' }), card('T-4', { priority: 'medium' })];
    assert.deepEqual(sort(cards, 'priority'), ['T-3', 'T-4', 'T-1', 'T-2']);
    assert.deepEqual(sort(cards, 'priority', 'desc'), ['T-1', 'T-4', 'T-3', 'T-2']);
  });

  it('efforts sort XS to XL (not alphabetically), not set last in both directions', () => {
    const cards = [card('T-1', { effort: 'XL' }), card('T-2', { effort: 'S' }), card('T-3'), card('T-4', { effort: 'XS' }), card('T-5', { effort: 'L' }), card('T-6', { effort: 'M' })];
    assert.deepEqual(sort(cards, 'effort'), ['T-4', 'T-2', 'T-6', 'T-5', 'T-1', 'T-3']);
    assert.deepEqual(sort(cards, 'effort', 'desc'), ['T-1', 'T-5', 'T-6', 'T-2', 'T-4', 'T-3']);
  });

  it('severities sort P0 to P4, not set last in both directions', () => {
    const cards = [card('T-1', { severity: 'P3' }), card('T-2'), card('T-3', { severity: 'P0' })];
    assert.deepEqual(sort(cards, 'severity'), ['T-3', 'T-1', 'T-2']);
    assert.deepEqual(sort(cards, 'severity', 'desc'), ['T-1', 'T-3', 'T-2']);
  });

  it('tags sort by their text, cards without tags last in both directions', () => {
    const cards = [card('T-1', { tags: ['b'] }), card('T-2'), card('T-3', { tags: ['a', 'z'] })];
    assert.deepEqual(sort(cards, 'tags'), ['T-3', 'T-1', 'T-2']);
    assert.deepEqual(sort(cards, 'tags', 'desc'), ['T-1', 'T-3', 'T-2']);
  });

  it('components sort by name, empty or missing last in both directions', () => {
    const cards = [card('T-1', { component: 'ui' }), card('T-2', { component: '' }), card('T-3', { component: 'api' }), card('T-4')];
    assert.deepEqual(sort(cards, 'component'), ['T-3', 'T-1', 'T-2', 'T-4']);
    assert.deepEqual(sort(cards, 'component', 'desc'), ['T-1', 'T-3', 'T-2', 'T-4']);
  });

  it('criteria sort by the share done, cards without criteria last in both directions', () => {
    const cards = [card('T-1', { criteriaDone: 1, criteriaTotal: 2 }), card('T-2'), card('T-3', { criteriaDone: 3, criteriaTotal: 3 }), card('T-4', { criteriaDone: 1, criteriaTotal: 4 })];
    assert.deepEqual(sort(cards, 'criteria'), ['T-4', 'T-1', 'T-3', 'T-2']);
    assert.deepEqual(sort(cards, 'criteria', 'desc'), ['T-3', 'T-1', 'T-4', 'T-2']);
  });

  it('blocked cards come first ascending and last descending', () => {
    const cards = [card('T-1'), card('T-2', { blocked: true }), card('T-3')];
    assert.deepEqual(sort(cards, 'blocked'), ['T-2', 'T-1', 'T-3']);
    assert.deepEqual(sort(cards, 'blocked', 'desc'), ['T-1', 'T-3', 'T-2']);
  });

  it('created and updated times sort chronologically, missing last in both directions', () => {
    for (const column of ['createdAt', 'updatedAt'] as const) {
      const cards = [card('T-1', { [column]: '2026-03-10T08:00:00.000Z' }), card('T-2'), card('T-3', { [column]: '2026-03-09T23:59:59.999Z' }), card('T-4', { [column]: '2025-12-31T00:00:00.000Z' })];
      assert.deepEqual(sort(cards, column), ['T-4', 'T-3', 'T-1', 'T-2'], column);
      assert.deepEqual(sort(cards, column, 'desc'), ['T-1', 'T-3', 'T-4', 'T-2'], column);
    }
  });

  it('ties keep board order (status in workflow order, then rank) in both directions', () => {
    const cards = [
      card('BUG-1', { status: 'done', rank: 'a' }),
      card('BUG-2', { status: 'backlog', rank: 'c' }),
      card('BUG-3', { status: 'backlog', rank: 'b' }),
      card('FEAT-1', { status: 'ready', rank: 'a' }),
      card('BUG-4', { status: 'ready', rank: 'a' }),
    ];
    assert.deepEqual(sort(cards, 'type'), ['BUG-3', 'BUG-2', 'BUG-4', 'BUG-1', 'FEAT-1']);
    assert.deepEqual(sort(cards, 'type', 'desc'), ['FEAT-1', 'BUG-3', 'BUG-2', 'BUG-4', 'BUG-1'], 'the tie is not reversed');
    assert.deepEqual(sort(cards, 'priority'), ['BUG-3', 'BUG-2', 'BUG-4', 'FEAT-1', 'BUG-1'], 'all "not set": board order');
    assert.deepEqual(sort(cards, 'priority', 'desc'), ['BUG-3', 'BUG-2', 'BUG-4', 'FEAT-1', 'BUG-1']);
  });

  it('returns a new array and leaves the input untouched', () => {
    const cards = [card('BUG-10'), card('BUG-2')];
    const out = sortRows(cards, { column: 'id', dir: 'asc' }, STATUSES);
    assert.notEqual(out, cards);
    assert.deepEqual(ids(cards), ['BUG-10', 'BUG-2']);
  });

  it('for every column and direction: a permutation, empty values last, ties in board order (property)', () => {
    const isEmpty: Record<ListColumn, (c: Card) => boolean> = {
      id: () => false,
      type: () => false,
      title: () => false,
      status: () => false,
      priority: (c) => c.priority === null,
      effort: (c) => c.effort === null,
      severity: (c) => c.severity === null,
      tags: (c) => c.tags.length === 0,
      component: (c) => !c.component,
      targetDate: (c) => !c.targetDate,
      criteria: (c) => c.criteriaTotal === 0,
      blocked: () => false,
      createdAt: (c) => c.createdAt === undefined,
      updatedAt: (c) => c.updatedAt === undefined,
      aiScore: (c) => typeof c.aiScore !== 'number',
    };
    const arbCard = fc.record({
      type: fc.constantFrom('BUG', 'FEAT', 'TASK'),
      title: fc.constantFrom('Item 1', 'Item 2', 'item 10', 'Zeta'),
      status: fc.constantFrom(...STATUSES.map((s) => s.key)),
      priority: fc.constantFrom(null, 'high', 'medium', 'low'),
      effort: fc.constantFrom(null, 'XS', 'M', 'XL'),
      severity: fc.constantFrom(null, 'P0', 'P2'),
      tags: fc.constantFrom([], ['a'], ['b', 'c']),
      component: fc.constantFrom(undefined, '', 'api', 'ui'),
      criteria: fc.constantFrom([0, 0], [1, 2], [2, 2]),
      blocked: fc.boolean(),
      rank: fc.constantFrom('a', 'b', 'c'),
      createdAt: fc.constantFrom(undefined, '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      aiScore: fc.constantFrom(undefined, null, 0, 45, 82),
    });
    const arbCards = fc.array(arbCard, { maxLength: 12 }).map((list) =>
      list.map((x, i) => {
        const { criteria, tags, ...rest } = x;
        const c = card(`${x.type}-${i + 1}`, { ...rest, tags: [...tags], criteriaDone: criteria[0], criteriaTotal: criteria[1] });
        c.updatedAt = c.createdAt;
        return c;
      }),
    );
    const statusIndex = new Map(STATUSES.map((s, i) => [s.key, i]));
    const boardBefore = (a: Card, b: Card) => {
      const d = statusIndex.get(a.status)! - statusIndex.get(b.status)!;
      return d < 0 || (d === 0 && (a.rank! < b.rank! || (a.rank === b.rank && a.id < b.id)));
    };
    fc.assert(
      fc.property(arbCards, fc.constantFrom(...LIST_COLUMNS), fc.constantFrom('asc' as const, 'desc' as const), (cards, column, dir) => {
        const out = sortRows(cards, { column, dir }, STATUSES);
        assert.deepEqual([...ids(out)].sort(), [...ids(cards)].sort(), 'a permutation');
        const firstEmpty = out.findIndex(isEmpty[column]);
        if (firstEmpty >= 0) assert.ok(out.slice(firstEmpty).every(isEmpty[column]), `${column} ${dir}: empty values last`);
        const empties = out.filter(isEmpty[column]);
        for (let i = 1; i < empties.length; i++) assert.ok(boardBefore(empties[i - 1], empties[i]), `${column} ${dir}: empty values in board order`);
        // Same column value (as the user sees it) -> board order.
        const shown = (c: Card) => JSON.stringify(column === 'criteria' ? [c.criteriaDone, c.criteriaTotal] : column === 'component' ? c.component || null : c[column as keyof Card]);
        for (let i = 1; i < out.length; i++) {
          if (column !== 'id' && shown(out[i - 1]) === shown(out[i])) assert.ok(boardBefore(out[i - 1], out[i]), `${column} ${dir}: tie between ${out[i - 1].id} and ${out[i].id} keeps board order`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('board view: selection', () => {
  const order = ['A', 'B', 'C', 'D', 'E'];
  const plain = { toggle: false, range: false };
  const toggle = { toggle: true, range: false };
  const range = { toggle: false, range: true };
  const both = { toggle: true, range: true };
  const sorted = (s: Set<string>) => [...s].sort();

  it('a plain click selects only the clicked card and makes it the anchor', () => {
    const r = clickSelection(new Set(['A', 'B']), order, 'A', 'D', plain);
    assert.deepEqual(sorted(r.selected), ['D']);
    assert.equal(r.anchor, 'D');
  });

  it('a toggle click adds or removes one card and moves the anchor to it', () => {
    const added = clickSelection(new Set(['A']), order, 'A', 'C', toggle);
    assert.deepEqual(sorted(added.selected), ['A', 'C']);
    assert.equal(added.anchor, 'C');
    const removed = clickSelection(added.selected, order, 'C', 'A', toggle);
    assert.deepEqual(sorted(removed.selected), ['C']);
    assert.equal(removed.anchor, 'A');
  });

  it('a range click selects from the anchor to the target (either direction), replacing the selection and keeping the anchor', () => {
    const down = clickSelection(new Set(['E']), order, 'B', 'D', range);
    assert.deepEqual(sorted(down.selected), ['B', 'C', 'D']);
    assert.equal(down.anchor, 'B');
    const up = clickSelection(down.selected, order, 'D', 'A', range);
    assert.deepEqual(sorted(up.selected), ['A', 'B', 'C', 'D']);
    assert.equal(up.anchor, 'D');
    const self = clickSelection(new Set(['A']), order, 'C', 'C', range);
    assert.deepEqual(sorted(self.selected), ['C']);
  });

  it('a range click with toggle adds the range to the current selection', () => {
    const r = clickSelection(new Set(['E']), order, 'A', 'B', both);
    assert.deepEqual(sorted(r.selected), ['A', 'B', 'E']);
    assert.equal(r.anchor, 'A');
  });

  it('a range click without a usable anchor (none, or no longer shown) acts like a plain or toggle click', () => {
    const noAnchor = clickSelection(new Set(['A']), order, null, 'C', range);
    assert.deepEqual(sorted(noAnchor.selected), ['C']);
    assert.equal(noAnchor.anchor, 'C');
    const gone = clickSelection(new Set(['A']), order, 'Z', 'C', both);
    assert.deepEqual(sorted(gone.selected), ['A', 'C']);
    assert.equal(gone.anchor, 'C');
  });

  it('never changes the current selection set it was given', () => {
    const current = new Set(['A', 'B']);
    clickSelection(current, order, 'A', 'C', both);
    clickSelection(current, order, 'A', 'A', toggle);
    clickSelection(current, order, 'A', 'E', plain);
    assert.deepEqual(sorted(current), ['A', 'B']);
  });

  it('pruneSelection keeps only the selected cards that are still visible', () => {
    const selected = new Set(['A', 'B', 'C']);
    assert.deepEqual(sorted(pruneSelection(selected, new Set(['B', 'C', 'D']))), ['B', 'C']);
    assert.deepEqual(sorted(pruneSelection(selected, new Set())), []);
    assert.deepEqual(sorted(selected), ['A', 'B', 'C'], 'the input is untouched');
  });
});
