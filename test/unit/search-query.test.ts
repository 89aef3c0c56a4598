import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TERMS, parseQuery, textTokens } from '../../src/core/search';

/** Tokens that stress the parser and the FTS query builder. */
const TRICKY = [
  '"', '*', '-', '(', ')', '^', ':', '#', '"foo', 'bar"', '-"', 'NEAR', 'NEAR/3', 'AND', 'OR', 'NOT', 'type:', 'status:', 'is:', 'id:',
  'tag:"', '##', '#x', '-#y', 'col:', 'title:x', 'BUG-001', 'bug-1', 'café', '\u0301', '\uE000', '\uE001', '\u0000', '\uD800', '\uDFFF',
  '🦀', 'x*', '*x', '-x', '--x', 'a-b', "don't", ',', 'type:BUG,FEAT', ' ', '\t', '\n', '(a OR b)', 'a NEAR b', '"a" "b"',
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...TRICKY), loneSurrogate, fc.string({ unit: 'binary', maxLength: 3 })), maxLength: 30 }),
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }).map((parts) => parts.join('')),
);

describe('search query parser', () => {
  it('free words become prefix word terms ANDed together; quoted text becomes a phrase', () => {
    const q = parseQuery('login  "reset password" fails');
    assert.deepEqual(q.terms, [
      { kind: 'word', text: 'login', prefix: true, negated: false },
      { kind: 'phrase', text: 'reset password', negated: false },
      { kind: 'word', text: 'fails', prefix: true, negated: false },
    ]);
    assert.deepEqual(q.warnings, []);
  });

  it('a leading minus negates a word or a phrase', () => {
    const q = parseQuery('-draft -"won\'t fix" ok');
    assert.deepEqual(
      q.terms.map((t) => [t.kind, t.text, t.negated]),
      [
        ['word', 'draft', true],
        ['phrase', "won't fix", true],
        ['word', 'ok', false],
      ],
    );
  });

  it('reads every filter, normalising case (type upper, status/priority lower, severity/effort upper, ids upper)', () => {
    const q = parseQuery('type:bug status:In_Progress priority:HIGH severity:p1 effort:m #Auth tag:ui id:bug-001');
    assert.deepEqual(q.filters, {
      type: ['BUG'],
      status: ['in_progress'],
      priority: ['high'],
      severity: ['P1'],
      effort: ['M'],
      tags: ['Auth', 'ui'],
      ids: ['BUG-001'],
    });
    assert.deepEqual(q.terms, []);
    assert.deepEqual(q.warnings, []);
  });

  it('repeated filters and comma lists collect several values; duplicates are dropped', () => {
    const q = parseQuery('type:BUG type:FEAT,task type:bug status:"in progress" severity:2');
    assert.deepEqual(q.filters.type, ['BUG', 'FEAT', 'TASK']);
    assert.deepEqual(q.filters.status, ['in_progress']);
    assert.deepEqual(q.filters.severity, ['P2']);
  });

  it('is: flags set archived, blocked and at-risk, and a minus inverts them', () => {
    assert.deepEqual(parseQuery('is:archived is:blocked').flags, { archived: true, blocked: true, atRisk: null });
    assert.deepEqual(parseQuery('is:active -is:blocked').flags, { archived: false, blocked: false, atRisk: null });
    assert.deepEqual(parseQuery('-is:archived').flags, { archived: false, blocked: null, atRisk: null });
    assert.deepEqual(parseQuery('login').flags, { archived: null, blocked: null, atRisk: null });
    assert.deepEqual(parseQuery('is:at-risk').flags, { archived: null, blocked: null, atRisk: true });
  });

  it('an unknown filter is searched as text with a warning', () => {
    const q = parseQuery('colour:red');
    assert.deepEqual(q.warnings, ['unknown filter "colour:" treated as text']);
    assert.deepEqual(q.terms, [
      { kind: 'word', text: 'colour', prefix: true, negated: false },
      { kind: 'word', text: 'red', prefix: true, negated: false },
    ]);
    assert.deepEqual(
      parseQuery('-re:"to do"').terms.map((t) => [t.kind, t.text, t.negated]),
      [
        ['word', 're', true],
        ['phrase', 'to do', true],
      ],
    );
  });

  it('warns about invalid filter values, empty filters, unknown is: values and negated filters', () => {
    const q = parseQuery('priority:urgent severity:P9 effort:XXL type: is:weird -type:BUG -#old');
    assert.ok(q.warnings.some((w) => w.startsWith('unknown priority "urgent"')));
    assert.ok(q.warnings.some((w) => w.startsWith('unknown severity "P9"')));
    assert.ok(q.warnings.some((w) => w.startsWith('unknown effort "XXL"')));
    assert.ok(q.warnings.includes('empty filter "type:" ignored'));
    assert.ok(q.warnings.some((w) => w.startsWith('unknown filter "is:weird"')));
    assert.ok(q.warnings.includes('negated filter "-type:" is not supported; ignored'));
    assert.ok(q.warnings.includes('negated filter "-#old" is not supported; ignored'));
    assert.deepEqual(q.filters.type, []);
    assert.deepEqual(q.filters.tags, []);
  });

  it('OR between two words or phrases joins them; anywhere else OR is an ordinary word', () => {
    const q = parseQuery('login OR "sign in" crash');
    assert.deepEqual(
      q.terms.map((t) => [t.text, t.or === true]),
      [
        ['login', false],
        ['sign in', true],
        ['crash', false],
      ],
    );
    assert.deepEqual(q.warnings, []);
    assert.deepEqual(
      parseQuery('OR login OR').terms.map((t) => [t.text, t.or === true]),
      [
        ['OR', false],
        ['login', false],
        ['OR', false],
      ],
    );
    assert.deepEqual(
      parseQuery('a OR -b OR type:BUG').terms.map((t) => [t.text, t.negated, t.or === true]),
      [
        ['a', false, false],
        ['OR', false, false],
        ['b', true, false],
        ['OR', false, false],
      ],
    );
    // Lower-case "or" is an ordinary word.
    assert.deepEqual(
      parseQuery('this or that').terms.map((t) => [t.text, t.or === true]),
      [
        ['this', false],
        ['or', false],
        ['that', false],
      ],
    );
  });

  it('strips FTS syntax from words: parentheses, stars, carets and punctuation-only tokens', () => {
    const q = parseQuery('(login*) ^start * - ( ) "" NEAR/3 AND');
    assert.deepEqual(
      q.terms.map((t) => t.text),
      ['login', 'start', 'NEAR/3', 'AND'],
    );
    assert.ok(q.terms.every((t) => t.kind === 'word' && t.prefix));
  });

  it('an unterminated quote runs to the end of the query, with a warning', () => {
    const q = parseQuery('crash "on start');
    assert.deepEqual(q.terms[1], { kind: 'phrase', text: 'on start', negated: false });
    assert.equal(q.warnings.length, 1);
  });

  it(`keeps at most ${MAX_TERMS} terms and says so`, () => {
    const q = parseQuery(Array.from({ length: MAX_TERMS + 10 }, (_, i) => `w${i}`).join(' '));
    assert.equal(q.terms.length, MAX_TERMS);
    assert.ok(q.warnings.some((w) => w.includes(`first ${MAX_TERMS}`)));
  });

  it('never throws, and every term it returns holds searchable text (property, arbitrary unicode and tricky tokens)', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const q = parseQuery(input);
        assert.ok(Array.isArray(q.terms) && Array.isArray(q.warnings));
        assert.ok(q.terms.length <= MAX_TERMS);
        for (const t of q.terms) assert.ok(textTokens(t.text).length > 0, `term without text: ${JSON.stringify(t)}`);
        for (const w of q.warnings) assert.equal(typeof w, 'string');
        for (const tok of q.terms.flatMap((t) => textTokens(t.text))) assert.doesNotMatch(tok, /["*^():\s-]/);
      }),
      { numRuns: 1000 },
    );
  });
});
