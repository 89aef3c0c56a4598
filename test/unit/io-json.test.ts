// JSON: the document layout, defaults for hand-written items, and errors with JSON path and line.
import assert from 'node:assert/strict';
import type { PortableItem } from '../../src/core/backlog/model';
import { parseJson, toJson } from '../../src/core/io';
import { expectImportError, item } from './io-helpers';

const throwsImport = (fn: () => unknown, message: RegExp, line: number | null) => expectImportError(fn, message, line, 'json');

const doc = (items: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'flowcast-backlog', schemaVersion: 1, items, ...extra }, null, 2);

describe('io: JSON', () => {
  it('writes format, schemaVersion, exportedAt, backlog, types and items with a stable key order, pretty-printed', () => {
    // Keys deliberately out of order in the input.
    const it0 = item({ id: 'BUG-001', criteria: [{ checked: true, text: 'c' }] });
    const shuffled = Object.fromEntries(Object.entries(it0).reverse()) as unknown as PortableItem;
    const json = toJson([shuffled], { backlogName: 'Demo', types: [{ key: 'BUG', label: 'Bug', color: '#e5534b', position: 0, hidden: false }], now: '2026-03-01T00:00:00.000Z' });
    assert.ok(json.startsWith('{\n  "format": "flowcast-backlog",\n  "schemaVersion": 1,\n  "exportedAt": "2026-03-01T00:00:00.000Z",\n  "backlog": {\n    "name": "Demo"\n  },\n  "types": [\n'));
    assert.ok(json.endsWith('}\n'));
    const parsed = JSON.parse(json) as { items: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(parsed.items[0]), [
      'id',
      'type',
      'title',
      'emoji',
      'status',
      'severity',
      'priority',
      'effort',
      'component',
      'targetDate',
      'tags',
      'description',
      'userStory',
      'specs',
      'reproSteps',
      'criteria',
      'dependencies',
      'constraints',
      'attachments',
      'links',
      'relations',
      'rank',
      'createdAt',
      'updatedAt',
      'archivedAt',
      'external',
    ]);
    assert.deepEqual(Object.keys((parsed.items[0].criteria as object[])[0]), ['text', 'checked']);
    const back = parseJson(json);
    assert.deepEqual(back.types, [{ key: 'BUG', label: 'Bug', color: '#e5534b', hidden: false }]);
    assert.deepEqual(back.items, [it0]);
  });

  it('fills every field a hand-written item leaves out (type from the ID prefix, ranks in order, time stamps from "now")', () => {
    const back = parseJson(doc([{ id: 'BUG-001', title: 'a' }, { id: 'CT-002', title: 'b', priority: 'low' }]), { now: '2026-04-01T00:00:00.000Z' });
    assert.equal(back.items.length, 2);
    const [a, b] = back.items;
    assert.deepEqual(a, { ...item({ id: 'BUG-001', title: 'a' }), rank: a.rank, createdAt: '2026-04-01T00:00:00.000Z', updatedAt: '2026-04-01T00:00:00.000Z' });
    assert.equal(b.type, 'CT');
    assert.equal(b.priority, 'low');
    assert.ok(a.rank < b.rank);
    assert.deepEqual(back.types, [
      { key: 'BUG', label: 'BUG' },
      { key: 'CT', label: 'CT' },
    ]);
  });

  it('warns about a relation to an item that is not in the file, and accepts a BOM', () => {
    const back = parseJson(`\uFEFF${doc([{ id: 'BUG-001', title: 'a', relations: [{ kind: 'blocks', to: 'BUG-404' }] }])}`);
    assert.deepEqual(back.warnings, ['BUG-001 blocks BUG-404, which is not in the file']);
  });

  it('invalid JSON: the message gives the line and column', () => {
    throwsImport(() => parseJson('{\n  "format": "flowcast-backlog",\n  "items": [,]\n}'), /^Line 3, column 13: invalid JSON: unexpected ","$/, 3);
    throwsImport(() => parseJson('{\n  "a": "x",\n  "b": tru\n}'), /^Line 3, column 8: invalid JSON: unexpected "t"$/, 3);
    throwsImport(() => parseJson('{"a": [1, 2'), /^Line 1, column 12: invalid JSON: the file ends too early$/, 1);
    throwsImport(() => parseJson(''), /^Line 1, column 1: invalid JSON: the file ends too early$/, 1);
  });

  it('refuses schemaVersion 2 with a clear message and its line', () => {
    throwsImport(() => parseJson('{\n  "format": "flowcast-backlog",\n  "schemaVersion": 2,\n  "items": []\n}'), /^Line 3: schemaVersion 2 is not supported: this Flowcast reads schemaVersion 1\. Update Flowcast/, 3);
    throwsImport(() => parseJson('{"format":"flowcast-backlog","schemaVersion":"1","items":[]}'), /"schemaVersion" must be the number 1/, 1);
  });

  it('refuses a file that is not a Flowcast export', () => {
    throwsImport(() => parseJson('[1, 2]'), /not a Flowcast backlog export: expected a JSON object/, 1);
    throwsImport(() => parseJson('{\n"schemaVersion": 1,\n"items": []\n}'), /not a Flowcast backlog export: "format" must be "flowcast-backlog"/, 1);
  });

  it('reports a bad enum with its JSON path and line: items[3].priority: expected one of: high, medium, low', () => {
    const items = [0, 1, 2, 3].map((i) => ({ id: `BUG-00${i + 1}`, title: 't', ...(i === 3 ? { priority: 'urgent' } : {}) }));
    const text = doc(items);
    const line = text.split('\n').findIndex((l) => l.includes('"urgent"')) + 1;
    throwsImport(() => parseJson(text), new RegExp(`^Line ${line}: items\\[3\\]\\.priority: expected one of: high, medium, low$`), line);
  });

  it('reports bad IDs, dates, paths, unexpected keys and missing titles with their path', () => {
    throwsImport(() => parseJson(doc([{ id: 'bug-1', title: 't' }])), /items\[0\]\.id: must look like TYPE-123/, 6);
    throwsImport(() => parseJson(doc([{ id: 'BUG-1', title: 't', createdAt: '2026-13-01T00:00:00Z' }])), /items\[0\]\.createdAt: expected an ISO date-time/, 8);
    throwsImport(() => parseJson(doc([{ id: 'BUG-1', title: 't', attachments: [{ path: '../etc/passwd', name: 'x' }] }])), /items\[0\]\.attachments\[0\]\.path: path must not contain "\.\."/, 10);
    throwsImport(() => parseJson(doc([{ id: 'BUG-1', title: 't', priorty: 'high' }])), /items\[0\]: unexpected key: priorty/, 5);
    throwsImport(() => parseJson(doc([{ id: 'BUG-1' }])), /items\[0\]\.title: expected string/, 5);
  });

  it('never returns a partial result: a bad last item fails the whole import', () => {
    const good = JSON.parse(toJson([item({ id: 'BUG-001' }), item({ id: 'BUG-002' })], { backlogName: 'B', types: [] })) as { items: unknown[] };
    good.items.push({ id: 'BUG-003', title: 't', effort: 'XXL' });
    throwsImport(() => parseJson(JSON.stringify(good)), /items\[2\]\.effort: expected one of: XS, S, M, L, XL/, 1);
  });

  it('refuses duplicate IDs and self relations, pointing at the item', () => {
    throwsImport(() => parseJson(doc([{ id: 'BUG-1', title: 'a' }, { id: 'BUG-1', title: 'b' }])), /^Line 10: items\[1\]: duplicate item ID BUG-1 \(also item 1\)/, 10);
    throwsImport(() => parseJson(doc([{ id: 'BUG-1', title: 'a', relations: [{ kind: 'blocks', to: 'BUG-1' }] }])), /items\[0\]: BUG-1 has a relation to itself/, 6);
  });
});
