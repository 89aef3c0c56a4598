// CSV: RFC 4180 writing (quoting, CRLF, lists as JSON, formula guard), lenient reading of
// hand-made sheets, and malformed files refused with the record's line.
import assert from 'node:assert/strict';
import { parseCsv, toCsv } from '../../src/core/io';
import { expectImportError, item } from './io-helpers';

const throwsImport = (fn: () => unknown, message: RegExp, line: number | null) => expectImportError(fn, message, line, 'csv');

const HEADER =
  'id,type,title,emoji,status,severity,priority,effort,component,targetDate,tags,description,userStory,specs,reproSteps,criteria,dependencies,constraints,attachments,links,relations,rank,createdAt,updatedAt,archivedAt,external';

describe('io: CSV', () => {
  it('writes a BOM, a header row with every field, one row per item and CRLF after every record', () => {
    const csv = toCsv([item({ id: 'BUG-001', title: 'Plain' })]);
    assert.equal(csv, `\uFEFF${HEADER}\r\nBUG-001,BUG,Plain,,backlog,,,,,,,,,,,,,,,,,a0,2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z,,\r\n`);
  });

  it('quotes fields with a comma, quote, CR, LF or edge blanks, doubling quotes; lists are JSON arrays', () => {
    const it = item({
      id: 'BUG-001',
      title: 'a, "b"',
      description: 'line 1\r\nline 2\nline 3',
      component: ' padded',
      tags: ['x', 'y,z'],
      criteria: [{ text: 'ok', checked: true }],
      severity: 'P2',
      priority: 'high',
      effort: 'XL',
    });
    const row = toCsv([it]).split('\r\n').slice(1).join('\r\n');
    assert.ok(row.startsWith('BUG-001,BUG,"a, ""b""",,backlog,P2,high,XL," padded",,"[""x"",""y,z""]","line 1\r\nline 2\nline 3",,,,"[{""text"":""ok"",""checked"":true}]",'), row);
    assert.deepEqual(parseCsv(toCsv([it])).items, [it]);
  });

  it('guards against spreadsheet formulas with a leading apostrophe that reading removes', () => {
    const it = item({ id: 'BUG-001', title: '=HYPERLINK("http://x")', description: "'=already", component: '-1', userStory: '@me' });
    const csv = toCsv([it]);
    assert.ok(csv.includes(`,"'=HYPERLINK(""http://x"")",`));
    assert.ok(csv.includes(",''=already,"));
    assert.ok(csv.includes(",'-1,"));
    assert.ok(csv.includes(",'@me,"));
    assert.deepEqual(parseCsv(csv).items, [it]);
  });

  it('reads a hand-made sheet: LF line ends, any column order and case, missing columns, one list entry per line, enums in any case', () => {
    const csv = ['Title,ID,Priority,Severity,Effort,Tags,Criteria,Specs,Notes', 'Fix login,BUG-001,High,p1,xl,"ui\nauth","[x] works\n[ ] tested","one\ntwo",whatever', 'Idea,IDEA-002,,,,,,,'].join('\n');
    const back = parseCsv(csv, { now: '2026-04-01T00:00:00.000Z' });
    const [a, b] = back.items;
    assert.equal(a.id, 'BUG-001');
    assert.equal(a.type, 'BUG');
    assert.equal(a.title, 'Fix login');
    assert.equal(a.priority, 'high');
    assert.equal(a.severity, 'P1');
    assert.equal(a.effort, 'XL');
    assert.deepEqual(a.tags, ['ui', 'auth']);
    assert.deepEqual(a.criteria, [
      { text: 'works', checked: true },
      { text: 'tested', checked: false },
    ]);
    assert.deepEqual(a.specs, ['one', 'two']);
    assert.equal(a.createdAt, '2026-04-01T00:00:00.000Z');
    assert.equal(a.status, 'backlog');
    assert.equal(b.priority, null);
    assert.ok(a.rank < b.rank);
    assert.deepEqual(back.warnings, ['unknown column "Notes" ignored']);
  });

  it('an unterminated quote: the error names the line where the quote opened', () => {
    throwsImport(() => parseCsv('id,title\nBUG-001,ok\nBUG-002,"never\nclosed\n'), /^Line 3: unterminated quoted field/, 3);
  });

  it('a record with the wrong number of fields, counting lines inside quoted fields', () => {
    throwsImport(() => parseCsv('id,title,description\r\nBUG-001,a,"multi\r\nline"\r\nBUG-002,b\r\n'), /^Line 4: the record has 2 fields but the header has 3/, 4);
  });

  it('a bad enum value, a bad date and a bad JSON list cell name the record line', () => {
    throwsImport(() => parseCsv('id,title,priority\nBUG-001,a,low\nBUG-002,b,urgent\n'), /^Line 3: BUG-002: priority: expected one of: high, medium, low/, 3);
    throwsImport(() => parseCsv('id,title,createdAt\nBUG-001,a,yesterday\n'), /^Line 2: BUG-001: createdAt: expected an ISO date-time/, 2);
    throwsImport(() => parseCsv('id,title,links\nBUG-001,a,src/a.ts:3\n'), /^Line 2: column links: expected a JSON array/, 2);
  });

  it('a quote inside an unquoted field, or text after a closing quote', () => {
    throwsImport(() => parseCsv('id,title\nBUG-001,say "hi"\n'), /^Line 2: quote inside unquoted field 2/, 2);
    throwsImport(() => parseCsv('id,title\nBUG-001,"hi" there\n'), /^Line 2: unexpected character after the closing quote of field 2/, 2);
  });

  it('a header without id or title, a repeated column, an empty file', () => {
    throwsImport(() => parseCsv('title,priority\na,high\n'), /^Line 1: the header has no "id" column/, 1);
    throwsImport(() => parseCsv('id,title,ID\n'), /^Line 1: column "id" appears twice/, 1);
    throwsImport(() => parseCsv(''), /^Line 1: the file is empty/, 1);
  });

  it('never returns a partial result: a bad last record fails the whole import', () => {
    const good = toCsv([item({ id: 'BUG-001' }), item({ id: 'BUG-002' })]);
    throwsImport(() => parseCsv(`${good}BUG-003,BUG,t\r\n`), /^Line 4: the record has 3 fields but the header has 26/, 4);
  });

  it('a target date round-trips as YYYY-MM-DD (an empty cell is none); a date that does not exist names its line and field', () => {
    const it = item({ id: 'FEAT-001', targetDate: '2028-02-29' });
    const csv = toCsv([it, item({ id: 'FEAT-002' })]);
    assert.ok(csv.includes(',2028-02-29,'), csv);
    assert.deepEqual(parseCsv(csv).items, [it, item({ id: 'FEAT-002' })]);
    assert.equal(parseCsv('id,title,TargetDate\nFEAT-001,a, 2026-03-31 \n').items[0].targetDate, '2026-03-31');
    throwsImport(() => parseCsv('id,title,targetDate\nFEAT-001,a,2026-02-30\n'), /^Line 2: FEAT-001: targetDate: expected a date like 2026-03-31/, 2);
  });

  it('duplicate IDs name the line of the second record', () => {
    throwsImport(() => parseCsv('id,title\nBUG-001,a\nBUG-001,b\n'), /^Line 3: duplicate item ID BUG-001 \(also item 1\)/, 3);
  });

  it('skips blank lines and accepts a file without a final line break', () => {
    const back = parseCsv('id,title\n\nBUG-001,a\n\nBUG-002,b');
    assert.deepEqual(
      back.items.map((i) => i.id),
      ['BUG-001', 'BUG-002'],
    );
  });
});
