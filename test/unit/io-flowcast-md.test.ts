// Flowcast Markdown: the exact layout, its stability, hand-edited files, malformed files.
import assert from 'node:assert/strict';
import { parseFlowcastMarkdown, toFlowcastMarkdown } from '../../src/core/io';
import { expectImportError, item } from './io-helpers';

const throwsImport = (fn: () => unknown, message: RegExp, line: number | null) => expectImportError(fn, message, line, 'flowcast-md');

const types = [
  { key: 'BUG', label: 'Bugs' },
  { key: 'FEAT', label: 'Features' },
  { key: 'IDEA', label: 'Ideas' },
];

describe('io: Flowcast Markdown', () => {
  const full = item({
    id: 'BUG-2',
    title: 'Crash on save',
    emoji: '🐛',
    status: 'in_progress',
    severity: 'P1',
    priority: 'high',
    effort: 'S',
    component: 'Editor',
    tags: ['ui', 'data loss'],
    description: 'Saving a file\nwith ```code``` fails.',
    userStory: 'As a writer,\nI want my work saved.',
    reproSteps: ['Open a file', 'Press Ctrl+S'],
    specs: ['Save atomically'],
    criteria: [
      { text: 'No crash', checked: true },
      { text: 'File intact', checked: false },
    ],
    dependencies: ['Disk API'],
    constraints: ['No network'],
    attachments: [{ name: 'Stack trace', path: 'shots/trace 1.png' }],
    links: [{ file: 'src/save.ts', line: 42 }],
    relations: [{ kind: 'blocks', to: 'FEAT-1' }],
    archivedAt: '2026-02-01T00:00:00.000Z',
  });

  it('writes one readable document, one field per line, in a fixed layout', () => {
    const md = toFlowcastMarkdown([full], { backlogName: 'Demo', types });
    assert.equal(
      md,
      [
        '# Demo',
        '<!-- flowcast-markdown: 1 -->',
        '',
        '## Bugs',
        '<!-- Type: BUG -->',
        '',
        '### BUG-2 | 🐛 Crash on save',
        '**Type:** BUG',
        '**Status:** in_progress',
        '**Component:** Editor',
        '**Severity:** P1',
        '**Priority:** high',
        '**Effort:** S',
        '**Tags:**',
        '- ui',
        '- data loss',
        '**Description:** Saving a file',
        'with ```code``` fails.',
        '',
        '**User Story:**',
        '> As a writer,',
        '> I want my work saved.',
        '',
        '**Reproduction:**',
        '1. Open a file',
        '2. Press Ctrl+S',
        '',
        '**Specifications:**',
        '- Save atomically',
        '',
        '**Acceptance Criteria:**',
        '- [x] No crash',
        '- [ ] File intact',
        '',
        '**Dependencies:**',
        '- Disk API',
        '',
        '**Constraints:**',
        '- No network',
        '',
        '**Attachments:**',
        '- ![Stack trace](<shots/trace 1.png>)',
        '',
        '**Links:**',
        '- src/save.ts:42',
        '',
        '**Relations:**',
        '- blocks FEAT-1',
        '',
        '**Rank:** a0',
        '**Created:** 2026-01-01T00:00:00.000Z',
        '**Updated:** 2026-01-02T00:00:00.000Z',
        '**Archived:** 2026-02-01T00:00:00.000Z',
        '',
        '---',
        '',
        '## Features',
        '<!-- Type: FEAT -->',
        '',
        '## Ideas',
        '<!-- Type: IDEA -->',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseFlowcastMarkdown(md).items, [full]);
  });

  it('sorts items by type order then ID (BUG-2 before BUG-10), whatever the input order, and omits empty fields', () => {
    const items = [item({ id: 'FEAT-1' }), item({ id: 'BUG-10' }), item({ id: 'IDEA-3' }), item({ id: 'BUG-2' }), item({ id: 'X-1', type: 'SPIKE' })];
    const md = toFlowcastMarkdown(items, { backlogName: 'Demo', types });
    assert.deepEqual(
      [...md.matchAll(/^### (\S+)/gm)].map((m) => m[1]),
      ['BUG-2', 'BUG-10', 'FEAT-1', 'IDEA-3', 'X-1'],
    );
    assert.match(md, /\n## SPIKE\n<!-- Type: SPIKE -->\n/);
    assert.doesNotMatch(md, /\*\*(Severity|Priority|Effort|Component|Tags|Description|User Story|Archived):\*\*/);
    const back = parseFlowcastMarkdown(md);
    assert.deepEqual(
      back.types.map((t) => [t.key, t.label]),
      [
        ['BUG', 'Bugs'],
        ['FEAT', 'Features'],
        ['IDEA', 'Ideas'],
        ['SPIKE', 'SPIKE'],
      ],
    );
    assert.equal(back.name, 'Demo');
  });

  it('a changed field changes only its own lines (git-friendly): no export time in the file', () => {
    const a = toFlowcastMarkdown([full, item({ id: 'FEAT-1' })], { backlogName: 'Demo', types });
    const b = toFlowcastMarkdown([{ ...full, priority: 'low' }, item({ id: 'FEAT-1' })], { backlogName: 'Demo', types });
    const la = a.split('\n');
    const lb = b.split('\n');
    assert.equal(la.length, lb.length);
    const changed = la.flatMap((l, i) => (l === lb[i] ? [] : [[l, lb[i]]]));
    assert.deepEqual(changed, [['**Priority:** high', '**Priority:** low']]);
  });

  it('reads a hand-edited file: missing rank, time stamps and status get defaults, TicketFlow-style values are accepted', () => {
    const md = [
      '# Mine',
      '<!-- flowcast-markdown: 1 -->',
      '## Bugs',
      '<!-- Type: BUG -->',
      '### BUG-7 | Hand written',
      '**Priority:** Haute',
      '**Severity:** P2 - Moyenne',
      '**Effort:** M (Medium)',
      '**Created:** 2026-05-01T08:00:00Z',
      '**User Story:**',
      '> line one',
      '> line two',
      '---',
    ].join('\n');
    const [it] = parseFlowcastMarkdown(md, { now: '2026-06-01T00:00:00.000Z' }).items;
    assert.equal(it.type, 'BUG');
    assert.equal(it.status, 'backlog');
    assert.equal(it.priority, 'high');
    assert.equal(it.severity, 'P2');
    assert.equal(it.effort, 'M');
    assert.equal(it.createdAt, '2026-05-01T08:00:00Z');
    assert.equal(it.updatedAt, '2026-05-01T08:00:00Z');
    assert.equal(it.userStory, 'line one\nline two');
    assert.ok(it.rank.length > 0);
  });

  it('refuses another format version, naming the line', () => {
    throwsImport(() => parseFlowcastMarkdown('# X\n<!-- flowcast-markdown: 2 -->\n'), /Line 2: this file is Flowcast Markdown version "2"; this Flowcast reads version 1/, 2);
  });

  it('refuses a bad code link, relation, date or type with the line of the field', () => {
    const head = '# X\n<!-- flowcast-markdown: 1 -->\n## Bugs\n<!-- Type: BUG -->\n### BUG-1 | a\n';
    throwsImport(() => parseFlowcastMarkdown(`${head}**Links:**\n- src/a.ts\n`), /Line 7: BUG-1: \*\*Links:\*\* "src\/a\.ts" is not a code link \(expected path:line/, 7);
    throwsImport(() => parseFlowcastMarkdown(`${head}**Relations:**\n- blocked-by BUG-2\n`), /Line 7: .*"blocked-by BUG-2" is not a relation/, 7);
    throwsImport(() => parseFlowcastMarkdown(`${head}**Type:** BUG\n**Created:** 2026-02-30T00:00:00Z\n`), /Line 7: BUG-1: createdAt: expected an ISO date-time/, 7);
    throwsImport(() => parseFlowcastMarkdown(`${head}**Type:** bug\n`), /Line 6: BUG-1: type: must be a type key/, 6);
    throwsImport(() => parseFlowcastMarkdown(`${head}**Links:**\n- src/a.ts:0\n`), /Line 6: BUG-1: links\[0\]\.line: line must be 1 or more/, 6);
  });

  it('never returns a partial result: a bad last item fails the whole import', () => {
    const good = toFlowcastMarkdown([item({ id: 'BUG-1' }), item({ id: 'BUG-2' })], { backlogName: 'X', types });
    const text = `${good}### BUG-3 | t\n**Priority:** someday\n`;
    throwsImport(() => parseFlowcastMarkdown(text), /BUG-3: \*\*Priority:\*\* unknown priority "someday"/, text.split('\n').length - 1);
  });

  it('imports a repeated ID, giving the later item the next free number and saying so', () => {
    const p = parseFlowcastMarkdown('## Bugs\n<!-- Type: BUG -->\n### BUG-1 | a\n---\n### BUG-1 | b\n');
    assert.deepEqual(p.items.map((i) => [i.id, i.title]), [['BUG-1', 'a'], ['BUG-2', 'b']]);
    assert.deepEqual(p.renumbered, [{ from: 'BUG-1', to: 'BUG-2', line: 5 }]);
    assert.match(p.warnings.join('\n'), /BUG-1 on line 5 repeats the ID of line 3: imported as BUG-2/);
  });

  it('writes values Markdown cannot carry (CR, a title with a line break) exactly in a flowcast comment', () => {
    const odd = item({ id: 'BUG-1', title: ' padded\ttitle ', description: 'a\rb' });
    const md = toFlowcastMarkdown([odd], { backlogName: 'X', types });
    assert.match(md, /### BUG-1 \| padded\ttitle\n<!-- flowcast: \{"title":" padded\\ttitle ","description":"a\\rb"\} -->\n/);
    assert.deepEqual(parseFlowcastMarkdown(md).items, [odd]);
  });
});
