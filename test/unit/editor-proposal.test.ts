// The item editor's AI modes, without VS Code: the per-field diffs of a proposal (fieldDiff), what
// the page does with Accept / Reject, and the protocol messages of drafts and proposals.
import assert from 'node:assert/strict';
import {
  changedFields,
  diffField,
  diffList,
  diffSequence,
  diffText,
  diffWords,
  proposalChanges,
  sameValue,
  similarity,
  tokenize,
} from '../../src/core/backlog/fieldDiff';
import {
  CreateDraftItem,
  type DiffSegment,
  DraftAction,
  type EditableFields,
  EditorAi,
  EditorStateSchema,
  ProposalDecided,
} from '../../src/core/protocol';
import { acceptInto, pendingChanges } from '../../webview-ui/editor/proposal';

function fields(over: Partial<EditableFields> = {}): EditableFields {
  return {
    type: 'TASK',
    title: 'Export items',
    emoji: '',
    status: 'backlog',
    severity: null,
    priority: 'medium',
    effort: null,
    targetDate: null,
    component: 'io',
    tags: ['export'],
    description: 'Export the backlog as CSV.\nKeep the column order.',
    userStory: '',
    specs: ['CSV', 'JSON'],
    reproSteps: [],
    criteria: [{ text: 'works', checked: false }],
    dependencies: [],
    constraints: [],
    ...over,
  };
}

/** The old text (kept + removed) and the new text (kept + added) of a diff. */
function sides(segs: DiffSegment[]): { before: string; after: string } {
  return { before: segs.filter((s) => s.op !== 'ins').map((s) => s.text).join(''), after: segs.filter((s) => s.op !== 'del').map((s) => s.text).join('') };
}

describe('field diffs of an AI proposal (fieldDiff)', () => {
  describe('diffSequence', () => {
    it('is a shortest edit script: kept items in order, removals before additions', () => {
      const ops = diffSequence(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
      assert.deepEqual(
        ops.map((o) => `${o.op}:${o.op === 'ins' ? o.b : o.a}`),
        ['eq:a', 'del:b', 'ins:x', 'eq:c', 'eq:d', 'ins:e'],
      );
    });

    it('handles empty sides and identical lists', () => {
      assert.deepEqual(diffSequence([], ['a']), [{ op: 'ins', b: 'a' }]);
      assert.deepEqual(diffSequence(['a'], []), [{ op: 'del', a: 'a' }]);
      assert.deepEqual(diffSequence(['a', 'b'], ['a', 'b']).map((o) => o.op), ['eq', 'eq']);
    });

    it('stays fast on very long inputs (falls back to remove-all / add-all past its budget)', () => {
      const a = Array.from({ length: 3000 }, (_, i) => `a${i}`);
      const b = Array.from({ length: 3000 }, (_, i) => `b${i}`);
      const t = Date.now();
      const ops = diffSequence(a, b);
      assert.ok(Date.now() - t < 2000);
      assert.equal(ops.filter((o) => o.op === 'del').length, 3000);
      assert.equal(ops.filter((o) => o.op === 'ins').length, 3000);
    });
  });

  describe('word and text diffs', () => {
    it('tokenize splits words, spaces and punctuation, and keeps every character', () => {
      const text = "Don't freeze, élan 42_x!\n";
      assert.deepEqual(tokenize(text), ['Don', "'", 't', ' ', 'freeze', ',', ' ', 'élan', ' ', '42_x', '!', '\n']);
      assert.equal(tokenize(text).join(''), text);
    });

    it('diffWords marks only the changed word', () => {
      assert.deepEqual(diffWords('Export items as CSV', 'Export items as JSON'), [
        { op: 'eq', text: 'Export items as ' },
        { op: 'del', text: 'CSV' },
        { op: 'ins', text: 'JSON' },
      ]);
    });

    it('diffWords joins changes separated by a blank only, instead of alternating del/ins', () => {
      const segs = diffWords('the quick brown fox', 'the slow red fox');
      assert.deepEqual(segs, [
        { op: 'eq', text: 'the ' },
        { op: 'del', text: 'quick brown' },
        { op: 'ins', text: 'slow red' },
        { op: 'eq', text: ' fox' },
      ]);
    });

    it('diffWords of equal or empty strings', () => {
      assert.deepEqual(diffWords('same', 'same'), [{ op: 'eq', text: 'same' }]);
      assert.deepEqual(diffWords('', ''), []);
      assert.deepEqual(diffWords('', 'new'), [{ op: 'ins', text: 'new' }]);
      assert.deepEqual(diffWords('old', ''), [{ op: 'del', text: 'old' }]);
    });

    it('diffText keeps unchanged lines whole and word-diffs the changed line', () => {
      const before = 'Line one.\nExport the backlog as CSV.\nLine three.';
      const after = 'Line one.\nExport the backlog as JSON.\nLine three.\nA new line.';
      const segs = diffText(before, after);
      assert.deepEqual(sides(segs), { before, after });
      assert.deepEqual(segs, [
        { op: 'eq', text: 'Line one.\nExport the backlog as ' },
        { op: 'del', text: 'CSV' },
        { op: 'ins', text: 'JSON' },
        { op: 'eq', text: '.\nLine three.' },
        { op: 'ins', text: '\nA new line.' },
      ]);
    });

    it('diffText of texts sharing nothing is one removal and one addition', () => {
      assert.deepEqual(diffText('alpha\nbeta', 'gamma\ndelta'), [
        { op: 'del', text: 'alpha\nbeta' },
        { op: 'ins', text: 'gamma\ndelta' },
      ]);
    });

    it('diffText always rebuilds both texts exactly (multi-byte characters, blank lines)', () => {
      const pairs: [string, string][] = [
        ['été 🚀\n\nfin', 'été 🚀 ok\n\n\nfin'],
        ['a\r\nb', 'a\nb'],
        ['', 'x\ny'],
        ['x\ny\n', ''],
      ];
      for (const [a, b] of pairs) assert.deepEqual(sides(diffText(a, b)), { before: a, after: b });
    });
  });

  describe('list diffs', () => {
    it('shows kept, removed and added entries in order', () => {
      assert.deepEqual(diffList(['CSV', 'JSON', 'XML'], ['CSV', 'XML', 'YAML']), [
        { op: 'eq', segments: [{ op: 'eq', text: 'CSV' }] },
        { op: 'del', segments: [{ op: 'del', text: 'JSON' }] },
        { op: 'eq', segments: [{ op: 'eq', text: 'XML' }] },
        { op: 'ins', segments: [{ op: 'ins', text: 'YAML' }] },
      ]);
    });

    it('an entry reworded in place is one "changed" row with its word diff', () => {
      const rows = diffList(['Write the file in chunks', 'Keep it'], ['Write the file in small chunks', 'Keep it']);
      assert.equal(rows.length, 2);
      assert.equal(rows[0].op, 'chg');
      assert.deepEqual(rows[0].segments, [
        { op: 'eq', text: 'Write the file in ' },
        { op: 'ins', text: 'small ' },
        { op: 'eq', text: 'chunks' },
      ]);
      assert.equal(rows[1].op, 'eq');
    });

    it('an entry replaced by an unrelated one is a removal and an addition', () => {
      assert.deepEqual(
        diffList(['Export as CSV'], ['Undo works']).map((r) => r.op),
        ['del', 'ins'],
      );
    });

    it('similarity is 1 for equal strings, 0 for nothing in common', () => {
      assert.equal(similarity('a b', 'a b'), 1);
      assert.equal(similarity('abc', 'xyz'), 0);
      assert.ok(similarity('write the file', 'write the big file') > 0.5);
    });
  });

  describe('which fields differ, and how', () => {
    it('sameValue ignores object key order but not list order or ticks', () => {
      assert.ok(sameValue([{ text: 'a', checked: true }], [{ checked: true, text: 'a' }]));
      assert.ok(!sameValue(['a', 'b'], ['b', 'a']));
      assert.ok(!sameValue([{ text: 'a', checked: true }], [{ text: 'a', checked: false }]));
    });

    it('changedFields lists only the proposed fields that differ, in form order', () => {
      const current = fields();
      const proposed: Partial<EditableFields> = { specs: ['CSV', 'JSON'], description: 'New', title: 'Export items', priority: 'high', criteria: [{ checked: false, text: 'works' }] };
      assert.deepEqual(changedFields(current, proposed), ['priority', 'description']);
      assert.deepEqual(changedFields(current, {}), []);
    });

    it('diffField: a choice is a value diff, free text a text diff, lists and criteria list diffs', () => {
      assert.deepEqual(diffField('priority', 'medium', null), { kind: 'value', before: 'medium', after: null });
      assert.deepEqual(diffField('title', 'Export items', 'Export all items'), {
        kind: 'text',
        segments: [
          { op: 'eq', text: 'Export ' },
          { op: 'ins', text: 'all ' },
          { op: 'eq', text: 'items' },
        ],
      });
      assert.deepEqual(diffField('criteria', [{ text: 'works', checked: false }], [{ text: 'works', checked: true }, { text: 'fast', checked: false }]), {
        kind: 'list',
        rows: [
          { op: 'chg', segments: [{ op: 'eq', text: '[' }, { op: 'del', text: ' ' }, { op: 'ins', text: 'x' }, { op: 'eq', text: '] works' }] },
          { op: 'ins', segments: [{ op: 'ins', text: '[ ] fast' }] },
        ],
      });
      assert.equal(diffField('tags', ['a'], ['a']), null);
    });

    it('proposalChanges skips decided fields and flags fields changed since the proposal was made', () => {
      const base = fields();
      const current = fields({ title: 'Export items now', description: base.description });
      const proposed: Partial<EditableFields> = { title: 'Export every item', description: 'Short.', priority: 'high' };
      const all = proposalChanges(current, proposed, { base });
      assert.deepEqual(
        all.map((c) => [c.field, c.changedSince]),
        [
          ['title', true],
          ['priority', false],
          ['description', false],
        ],
      );
      assert.deepEqual(
        proposalChanges(current, proposed, { base, skip: ['title', 'priority'] }).map((c) => c.field),
        ['description'],
      );
      assert.ok(proposalChanges(current, proposed).every((c) => !c.changedSince), 'no base: nothing is flagged');
    });
  });
});

describe('editor page: accepting and rejecting a proposal (webview-ui/editor/proposal)', () => {
  const current = fields();
  const proposed: Partial<EditableFields> = { title: 'Export every item', priority: 'high', specs: ['CSV'] };
  const view = { id: 'p-1-abc', note: null, proposed, changes: proposalChanges(current, proposed) };

  it('accepting one field changes exactly that field of the form', () => {
    const next = acceptInto(current, proposed, ['priority']);
    assert.deepEqual(next, { ...current, priority: 'high' });
    assert.equal(current.priority, 'medium', 'the input is not modified');
  });

  it('accept all puts every proposed value in; the values are copies', () => {
    const next = acceptInto(current, proposed, ['title', 'priority', 'specs']);
    assert.deepEqual(next, { ...current, title: 'Export every item', priority: 'high', specs: ['CSV'] });
    next.specs.push('mutated');
    assert.deepEqual(proposed.specs, ['CSV']);
  });

  it('rejecting (accepting nothing) leaves the form as it was', () => {
    assert.deepEqual(acceptInto(current, proposed, []), current);
  });

  it('decided fields leave the list of pending changes', () => {
    assert.deepEqual(
      pendingChanges(view, new Set()).map((c) => c.field),
      ['title', 'priority', 'specs'],
    );
    assert.deepEqual(
      pendingChanges(view, new Set(['title', 'specs'] as const)).map((c) => c.field),
      ['priority'],
    );
    assert.deepEqual(pendingChanges(undefined, new Set()), []);
  });
});

describe('editor protocol: drafts and proposals', () => {
  const f = fields();
  const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;

  it('CreateDraftItem needs a draft key (not an item ID), valid fields and valid relation targets', () => {
    const p = CreateDraftItem.params;
    assert.ok(ok(p, { draftKey: 'draft-1-abc123', fields: f, relations: [{ kind: 'blocks', other: 'TASK-001' }] }));
    assert.ok(!ok(p, { draftKey: 'TASK-001', fields: f, relations: [] }), 'an item ID is not a draft key');
    assert.ok(!ok(p, { draftKey: 'draft-1-abc', fields: { ...f, title: '   ' }, relations: [] }), 'empty title');
    assert.ok(!ok(p, { draftKey: 'draft-1-abc', fields: f, relations: [{ kind: 'parent', other: 'TASK-001' }] }), 'unknown kind');
    assert.ok(!ok(p, { draftKey: 'draft-1-abc', fields: f, relations: [{ kind: 'blocks', other: 'TASK-1; DROP' }] }), 'bad target');
    assert.ok(!ok(p, { draftKey: 'draft-1-abc', fields: f, relations: [], extra: 1 }), 'unexpected key');
  });

  it('DraftAction takes a relation to add or remove, or discard', () => {
    const p = DraftAction.params;
    assert.ok(ok(p, { draftKey: 'draft-1-a', action: 'addRelation', relation: { kind: 'relates', other: 'BUG-7' } }));
    assert.ok(ok(p, { draftKey: 'draft-1-a', action: 'discard' }));
    assert.ok(!ok(p, { draftKey: 'draft-1-a', action: 'addRelation' }), 'relation missing');
    assert.ok(!ok(p, { draftKey: 'draft-1-a', action: 'discard', relation: { kind: 'relates', other: 'BUG-7' } }), 'strict');
  });

  it('EditorAi: refine only for an existing item; a draft sends its current fields', () => {
    const p = EditorAi.params;
    assert.ok(ok(p, { target: 'item', action: 'refine', id: 'TASK-1' }));
    assert.ok(ok(p, { target: 'draft', action: 'suggestRelations', draftKey: 'draft-1-a', fields: { ...f, title: '' } }));
    assert.ok(!ok(p, { target: 'draft', action: 'refine', draftKey: 'draft-1-a', fields: f }));
    assert.ok(!ok(p, { target: 'item', action: 'suggestRelations', id: 'draft-1-a' }));
  });

  it('ProposalDecided names known fields only', () => {
    assert.ok(ok(ProposalDecided.params, { id: 'TASK-1', proposalId: 'p-1-a', fields: ['title', 'criteria'] }));
    assert.ok(!ok(ProposalDecided.params, { id: 'TASK-1', proposalId: 'p-1-a', fields: ['attachments'] }));
  });

  it('an editor state carries a draft (no item) or a proposal with its diffs', () => {
    const base = { backlogId: 'b', types: [], statuses: [], others: [], problem: null };
    assert.ok(ok(EditorStateSchema, { ...base, item: null, newItem: { draftKey: 'draft-1-a', original: f, fields: { ...f, title: '' }, note: 'AI says hi', relations: [] } }));
    const changes = proposalChanges(f, { title: 'New', specs: [] });
    assert.ok(ok(EditorStateSchema, { ...base, item: null, proposal: { id: 'p-2-b', note: null, proposed: { title: 'New', specs: [] }, changes } }));
    assert.ok(!ok(EditorStateSchema, { ...base, item: null, proposal: { id: 'p-2-b', note: null, proposed: { attachments: [] }, changes: [] } }), 'strict proposed fields');
  });
});
