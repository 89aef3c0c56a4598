import assert from 'node:assert/strict';
import path from 'node:path';
import { emptyFields, type PortableItem } from '../../src/core/backlog/model';
import { BacklogRepository, UNDO_LIMIT } from '../../src/core/backlog/repository';
import { BacklogService } from '../../src/core/backlog/service';
import { BacklogDatabase } from '../../src/core/storage/database';
import fc from 'fast-check';
import { ftsDocument } from '../../src/core/search/document';
import { loadSql, tempDir } from './helpers';

async function openRepo(file?: string) {
  const f = file ?? path.join(await tempDir(), 'b.db');
  const db = await BacklogDatabase.open({ SQL: await loadSql(), file: f, flushDelayMs: 50 });
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  return { repo: new BacklogRepository(db, () => new Date((t += 1000))), db, file: f };
}

function ftsRows(repo: BacklogRepository) {
  return repo.db.query<{ id: string; title: string }>('SELECT i.id, f.title FROM items_fts f JOIN items i ON i.rowid = f.docid ORDER BY i.id');
}

describe('repository: items', () => {
  it('stores and returns every field exactly', async () => {
    const { repo, db } = await openRepo();
    const it0 = repo.createItem({
      title: 'Crash on save',
      type: 'BUG',
      emoji: '🐛',
      severity: 'P1',
      priority: 'high',
      effort: 'M',
      component: 'editor',
      tags: ['#Crash', 'save path'],
      description: 'Line 1\n\n  indented **md**',
      userStory: 'As a user…',
      specs: ['spec a'],
      reproSteps: ['open', 'save'],
      criteria: [{ text: 'no crash', checked: true }, { text: 'message', checked: false }],
      dependencies: ['API v2'],
      constraints: ['offline'],
      attachments: [{ path: 'shots/a.png', name: 'Screen' }],
      links: [{ file: 'src/a.ts', line: 12 }],
    });
    const back = repo.getItem(it0.id)!;
    assert.equal(back.id, 'BUG-001');
    assert.deepEqual(back.tags, ['crash', 'save-path']);
    assert.equal(back.description, 'Line 1\n\n  indented **md**');
    assert.deepEqual(back.criteria, [{ text: 'no crash', checked: true }, { text: 'message', checked: false }]);
    assert.deepEqual(back.links, [{ file: 'src/a.ts', line: 12 }]);
    assert.equal(back.severity, 'P1');
    await db.close();
  });

  it('IDs come from a per-type counter and a deleted number is never reissued', async () => {
    const { repo, db } = await openRepo();
    assert.equal(repo.createItem({ title: 'a', type: 'BUG' }).id, 'BUG-001');
    const b = repo.createItem({ title: 'b', type: 'BUG' });
    assert.equal(repo.createItem({ title: 'c', type: 'FEAT' }).id, 'FEAT-001');
    repo.deleteItems([b.id]);
    assert.equal(repo.createItem({ title: 'd', type: 'BUG' }).id, 'BUG-003');
    await db.close();
  });

  it('changing type or status keeps the ID and the relations; status changes are recorded', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', type: 'BUG' });
    const b = repo.createItem({ title: 'b' });
    repo.addRelation(a.id, 'blocks', b.id);
    const moved = repo.updateItem(a.id, { type: 'FEAT', status: 'in_progress' });
    assert.equal(moved.id, a.id);
    assert.equal(moved.type, 'FEAT');
    assert.deepEqual(repo.relationsOf(b.id).blockedBy, [a.id]);
    repo.moveItem(a.id, { status: 'done' });
    assert.deepEqual(
      repo.statusHistory(a.id).map((h) => [h.from, h.to]),
      [
        [null, 'backlog'],
        ['backlog', 'in_progress'],
        ['in_progress', 'done'],
      ],
    );
    await db.close();
  });

  it('moving within a column rewrites only the moved row and lands exactly where asked', async () => {
    const { repo, db } = await openRepo();
    const [a, b, c] = ['a', 'b', 'c'].map((t) => repo.createItem({ title: t }, { position: 'bottom' }));
    const before = new Map(repo.listItems().map((i) => [i.id, i.rank]));
    repo.moveItem(c.id, { before: b.id });
    const after = repo.listItems();
    assert.deepEqual(
      after.map((i) => i.title),
      ['a', 'c', 'b'],
    );
    for (const i of after) if (i.id !== c.id) assert.equal(i.rank, before.get(i.id), `${i.id} was not rewritten`);
    repo.moveItem(a.id, { after: b.id });
    assert.deepEqual(
      repo.listItems().map((i) => i.title),
      ['c', 'b', 'a'],
    );
    await db.close();
  });

  it('refuses invalid input with a clear message and changes nothing', async () => {
    const { repo, db } = await openRepo();
    assert.throws(() => repo.createItem({ title: '  ' }), /needs a title/);
    assert.throws(() => repo.createItem({ title: 'x', status: 'nope' }), /Unknown status/);
    assert.throws(() => repo.createItem({ title: 'x', priority: 'urgent' as never }), /Priority must be one of/);
    assert.throws(() => repo.createItem({ title: 'x', attachments: [{ path: '../../etc/passwd', name: 'x' }] }), /relative/);
    assert.equal(repo.countItems(true), 0);
    assert.equal(repo.undoState().depth, 0);
    await db.close();
  });

  it('keeps the full-text index in step with every change (text of lists, not JSON)', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'Login fails', criteria: [{ text: 'shows an error', checked: false }] });
    let body = repo.db.query<{ body: string }>('SELECT body FROM items_fts')[0].body;
    assert.equal(body, 'shows an error');
    repo.updateItem(a.id, { title: 'Login works' });
    assert.deepEqual(ftsRows(repo), [{ id: a.id, title: 'Login works' }]);
    repo.deleteItems([a.id]);
    assert.deepEqual(ftsRows(repo), []);
    repo.undo();
    assert.deepEqual(ftsRows(repo), [{ id: a.id, title: 'Login works' }]);
    body = repo.db.query<{ body: string }>('SELECT body FROM items_fts')[0].body;
    assert.ok(!body.includes('{'), 'no raw JSON in the index');
    await db.close();
  });
});

describe('repository: relations', () => {
  it('refuses a cycle of "blocks" and names the cycle', async () => {
    const { repo, db } = await openRepo();
    const [a, b, c] = ['a', 'b', 'c'].map((t) => repo.createItem({ title: t }).id);
    repo.addRelation(a, 'blocks', b);
    repo.addRelation(b, 'blocks', c);
    assert.throws(
      () => repo.addRelation(c, 'blocks', a),
      (e: Error & { code?: string }) => e.code === 'relation_cycle' && e.message.includes(`${c} → ${a} → ${b} → ${c}`),
    );
    assert.throws(() => repo.addRelation(a, 'blocked-by', c), /cycle/);
    assert.equal(repo.allRelations().length, 2);
    await db.close();
  });

  it('blocked-by is stored as the inverse blocks; relates is symmetric and not duplicated', async () => {
    const { repo, db } = await openRepo();
    const [a, b] = ['a', 'b'].map((t) => repo.createItem({ title: t }).id);
    repo.addRelation(a, 'blocked-by', b);
    assert.deepEqual(repo.allRelations(), [{ from: b, to: a, kind: 'blocks' }]);
    repo.addRelation(a, 'relates', b);
    repo.addRelation(b, 'relates', a);
    assert.equal(repo.allRelations().filter((r) => r.kind === 'relates').length, 1);
    assert.deepEqual(repo.relationsOf(b).relates, [a]);
    assert.throws(() => repo.addRelation(a, 'relates', a), /itself/);
    await db.close();
  });
});

describe('repository: archive and restore', () => {
  it('archive then restore gives back every field, relation and history entry', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'a', tags: ['x'], criteria: [{ text: 'c', checked: true }], description: 'multi\nline' });
    const b = repo.createItem({ title: 'b' });
    repo.addRelation(a.id, 'blocks', b.id);
    repo.moveItem(a.id, { status: 'review' });
    const before = { item: repo.getItem(a.id)!, rel: repo.relationsOf(a.id), hist: repo.statusHistory(a.id) };
    repo.archiveItems([a.id]);
    assert.equal(repo.listItems().some((i) => i.id === a.id), false, 'hidden from the board');
    assert.equal(repo.listItems({ archivedOnly: true })[0].id, a.id);
    repo.restoreItems([a.id]);
    const after = repo.getItem(a.id)!;
    assert.deepEqual({ ...after, updatedAt: '', archivedAt: null }, { ...before.item, updatedAt: '', archivedAt: null });
    assert.deepEqual(repo.relationsOf(a.id), before.rel);
    assert.deepEqual(repo.statusHistory(a.id), before.hist);
    await db.close();
  });
});

describe('repository: undo and redo', () => {
  it('undo and redo apply to the database, step by step, in order', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'v1' });
    repo.updateItem(a.id, { title: 'v2' });
    repo.updateItem(a.id, { title: 'v3' });
    repo.undo();
    assert.equal(repo.getItem(a.id)!.title, 'v2');
    repo.undo();
    assert.equal(repo.getItem(a.id)!.title, 'v1');
    repo.redo();
    assert.equal(repo.getItem(a.id)!.title, 'v2');
    repo.undo();
    repo.undo();
    assert.equal(repo.getItem(a.id), undefined, 'undoing the creation removes the item');
    assert.equal(repo.undo(), undefined, 'nothing more to undo');
    repo.redo();
    assert.equal(repo.getItem(a.id)!.title, 'v1');
    await db.close();
  });

  it('a new change after undo discards the redo branch', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'v1' });
    repo.updateItem(a.id, { title: 'v2' });
    repo.undo();
    repo.updateItem(a.id, { title: 'other' });
    assert.equal(repo.redo(), undefined);
    assert.equal(repo.getItem(a.id)!.title, 'other');
    await db.close();
  });

  it('undo survives closing and reopening the database (60 steps)', async () => {
    const first = await openRepo();
    const a = first.repo.createItem({ title: 'step 0' });
    for (let i = 1; i <= 60; i++) first.repo.updateItem(a.id, { title: `step ${i}` });
    await first.db.close();
    const again = await openRepo(first.file);
    for (let i = 59; i >= 0; i--) {
      assert.ok(again.repo.undo());
      assert.equal(again.repo.getItem(a.id)!.title, `step ${i}`);
    }
    await again.db.close();
  });

  it('undo of a delete brings back relations on both sides and the status history', async () => {
    const { repo, db } = await openRepo();
    const [a, b, c] = ['a', 'b', 'c'].map((t) => repo.createItem({ title: t }).id);
    repo.addRelation(a, 'blocks', b);
    repo.addRelation(c, 'relates', b);
    repo.moveItem(b, { status: 'ready' });
    const hist = repo.statusHistory(b);
    repo.deleteItems([b]);
    assert.equal(repo.allRelations().length, 0);
    repo.undo();
    assert.deepEqual(repo.relationsOf(b).blockedBy, [a]);
    assert.deepEqual(repo.relationsOf(b).relates, [c]);
    assert.deepEqual(repo.statusHistory(b), hist);
    await db.close();
  });

  it('undo covers type and workflow changes too', async () => {
    const { repo, db } = await openRepo();
    repo.addType('SPIKE', 'Spike', '#123456');
    repo.addStatus('Blocked', 'in_progress');
    repo.undo();
    repo.undo();
    assert.ok(!repo.listTypes().some((t) => t.key === 'SPIKE'));
    assert.ok(!repo.listStatuses().some((s) => s.key === 'blocked'));
    await db.close();
  });

  it(`keeps at most ${UNDO_LIMIT} steps`, async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 't' });
    for (let i = 0; i < UNDO_LIMIT + 20; i++) repo.updateItem(a.id, { title: `t${i}` });
    assert.equal(repo.undoState().depth, UNDO_LIMIT);
    await db.close();
  });
});

describe('repository: types and statuses', () => {
  it('deleting a type that still has items asks where to move them; the IDs do not change', async () => {
    const { repo, db } = await openRepo();
    repo.addType('SPIKE', 'Spike');
    const s = repo.createItem({ title: 'x', type: 'SPIKE' });
    assert.throws(() => repo.deleteType('SPIKE'), (e: Error & { code?: string }) => e.code === 'type_in_use');
    repo.deleteType('SPIKE', 'TASK');
    assert.equal(repo.getItem(s.id)!.type, 'TASK');
    assert.equal(s.id, 'SPIKE-001');
    assert.ok(!repo.listTypes().some((t) => t.key === 'SPIKE'));
    await db.close();
  });

  it('types can be renamed, recoloured, hidden and reordered', async () => {
    const { repo, db } = await openRepo();
    repo.updateType('BUG', { label: 'Defect', color: '#ff0000', hidden: true });
    const keys = repo.listTypes().map((t) => t.key).reverse();
    repo.reorderTypes(keys);
    const types = repo.listTypes();
    assert.deepEqual(types.map((t) => t.key), keys);
    assert.deepEqual(types.find((t) => t.key === 'BUG'), { key: 'BUG', label: 'Defect', color: '#ff0000', hidden: true, position: keys.indexOf('BUG') });
    assert.throws(() => repo.updateType('BUG', { color: 'red' }), /colour/);
    await db.close();
  });

  it('statuses: add with a category, WIP limit, reorder, delete moving items (recorded in history)', async () => {
    const { repo, db } = await openRepo();
    const blocked = repo.addStatus('Bloqué', 'in_progress');
    assert.equal(blocked.key, 'bloque');
    repo.updateStatus('bloque', { wipLimit: 3 });
    assert.equal(repo.listStatuses().find((s) => s.key === 'bloque')!.wipLimit, 3);
    const it0 = repo.createItem({ title: 'x', status: 'bloque' });
    assert.throws(() => repo.deleteStatus('bloque'), (e: Error & { code?: string }) => e.code === 'status_in_use');
    repo.deleteStatus('bloque', 'ready');
    assert.equal(repo.getItem(it0.id)!.status, 'ready');
    assert.deepEqual(repo.statusHistory(it0.id).at(-1), { from: 'bloque', to: 'ready', at: repo.statusHistory(it0.id).at(-1)!.at });
    await db.close();
  });
});

describe('repository: import', () => {
  function portable(id: string, extra: Partial<PortableItem> = {}): PortableItem {
    return { ...emptyFields(), id, type: id.split('-')[0], title: `Item ${id}`, rank: '', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', archivedAt: null, external: null, relations: [], ...extra };
  }

  it('keeps free IDs, renumbers taken ones, follows relations, creates missing types, bumps counters', async () => {
    const { repo, db } = await openRepo();
    repo.createItem({ title: 'existing', type: 'BUG' }); // BUG-001 taken
    const r = repo.importItems([portable('BUG-001', { relations: [{ kind: 'blocks', to: 'CT-007' }] }), portable('CT-007')], [{ key: 'CT', label: 'Court terme' }]);
    assert.deepEqual(r.renamed, { 'BUG-001': 'BUG-002' });
    assert.deepEqual(r.created, ['BUG-002', 'CT-007']);
    assert.deepEqual(repo.relationsOf('CT-007').blockedBy, ['BUG-002']);
    assert.equal(repo.listTypes().find((t) => t.key === 'CT')?.label, 'Court terme');
    assert.equal(repo.createItem({ title: 'next', type: 'CT' }).id, 'CT-008', 'imported numbers are never reissued');
    await db.close();
  });

  it('is all-or-nothing: one invalid item imports nothing', async () => {
    const { repo, db } = await openRepo();
    assert.throws(() => repo.importItems([portable('BUG-001'), portable('BUG-002', { priority: 'urgent' as never })]), /Item 2 \(BUG-002\)/);
    assert.throws(() => repo.importItems([portable('BUG-001', { relations: [{ kind: 'blocks', to: 'NOPE-1' }] })]), /NOPE-1/);
    assert.throws(() => repo.importItems([portable('A-1', { relations: [{ kind: 'blocks', to: 'A-2' }] }), portable('A-2', { relations: [{ kind: 'blocks', to: 'A-1' }] })]), /cycle/);
    assert.equal(repo.countItems(true), 0);
    assert.ok(!repo.listTypes().some((t) => t.key === 'A'));
    await db.close();
  });
});

describe('backlog service', () => {
  function memoryState() {
    const m = new Map<string, string | undefined>();
    return { get: (k: string) => m.get(k), update: async (k: string, v: string | undefined) => void m.set(k, v) };
  }

  it('remembers the active backlog and falls back to another one when it is deleted', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState(), flushDelayMs: 50 });
    const a = await s.createBacklog('A');
    const b = await s.createBacklog('B');
    assert.equal((await s.getActiveBacklog())?.id, b.id);
    await s.setActiveBacklog(a.id);
    await s.deleteBacklog(a.id);
    assert.equal((await s.getActiveBacklog())?.id, b.id);
    await s.dispose();
  });

  it('fires one change event per change, naming the items', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState(), flushDelayMs: 50 });
    const events: unknown[] = [];
    s.onDidChange((e) => events.push(e));
    const b = await s.createBacklog('A');
    const item = await s.createItem({ title: 'x' });
    assert.deepEqual(events, [{ kind: 'backlogs' }, { kind: 'active', backlogId: b.id }, { kind: 'items', backlogId: b.id, itemIds: [item.id] }]);
    await s.dispose();
  });

  it('creating an item with no backlog gives an actionable error', async () => {
    const s = new BacklogService({ dir: await tempDir(), loadSql, state: memoryState() });
    await assert.rejects(s.createItem({ title: 'x' }), (e: Error & { code?: string }) => e.code === 'no_active_backlog' && /Create one first/.test(e.message));
    await s.dispose();
  });

  it('the active backlog survives a new service instance (a restart) through state.json', async () => {
    const dir = await tempDir();
    const s1 = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    const one = await s1.createBacklog('One');
    await s1.createBacklog('Two');
    await s1.setActiveBacklog(one.id);
    await s1.dispose();
    const s2 = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    assert.equal((await s2.getActiveBacklog())?.id, one.id);
    await s2.dispose();
  });
});

describe('repository: templates and saved views', () => {
  it('saves an item as a template (content only) and deletes it; undo restores it', async () => {
    const { repo, db } = await openRepo();
    const it0 = repo.createItem({ title: 'Template me', type: 'BUG', criteria: [{ text: 'c', checked: false }], status: 'review' });
    const t = repo.saveTemplate('My bug', it0.id);
    const [saved] = repo.listTemplates();
    assert.equal(saved.id, t.id);
    assert.equal(saved.fields.title, 'Template me');
    assert.deepEqual(saved.fields.criteria, [{ text: 'c', checked: false }]);
    assert.equal((saved.fields as Record<string, unknown>).status, undefined);
    assert.equal((saved.fields as Record<string, unknown>).id, undefined);
    repo.deleteTemplate(t.id);
    assert.equal(repo.listTemplates().length, 0);
    repo.undo();
    assert.equal(repo.listTemplates().length, 1);
    await db.close();
  });

  it('saved views: create, rename, reorder, delete', async () => {
    const { repo, db } = await openRepo();
    const a = repo.saveView('Urgent bugs', 'type:BUG priority:high');
    const b = repo.saveView('UI', '#ui');
    repo.renameView(a.id, 'Hot bugs');
    repo.reorderViews([b.id, a.id]);
    assert.deepEqual(repo.listViews(), [
      { id: b.id, name: 'UI', query: '#ui' },
      { id: a.id, name: 'Hot bugs', query: 'type:BUG priority:high' },
    ]);
    repo.deleteView(b.id);
    assert.deepEqual(repo.listViews().map((v) => v.name), ['Hot bugs']);
    assert.throws(() => repo.saveView('  ', 'x'), /needs a name/);
    await db.close();
  });
});

describe('repository: optional arguments', () => {
  it('an option passed as undefined means "not given" (defaults apply, nothing reaches SQL as undefined)', async () => {
    const { repo, db } = await openRepo();
    const it0 = repo.createItem({ title: 'x', type: undefined, status: undefined, priority: undefined });
    assert.deepEqual([it0.type, it0.status, it0.priority], ['TASK', 'backlog', null]);
    const up = repo.updateItem(it0.id, { title: undefined, status: 'ready' });
    assert.deepEqual([up.title, up.status], ['x', 'ready']);
    await db.close();
  });
});

const noControl = (t: string) => ![...t].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);

describe('repository: the full-text index reads the item rows (no copy of the text)', () => {
  it('the indexed text computed by SQL equals ftsDocument() for random items', async () => {
    const { repo, db } = await openRepo();
    const text = fc.string({ maxLength: 30 }).filter((t) => t.trim() !== '' && noControl(t));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: text,
          description: fc.string({ maxLength: 40 }),
          userStory: fc.string({ maxLength: 20 }),
          component: fc.string({ maxLength: 10 }).filter(noControl),
          specs: fc.array(fc.string({ maxLength: 15 }), { maxLength: 3 }),
          criteria: fc.array(fc.record({ text: fc.string({ maxLength: 15 }), checked: fc.boolean() }), { maxLength: 3 }),
          tags: fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 3 }),
        }),
        async (input) => {
          const it0 = repo.createItem(input);
          const row = repo.db.query<{ title: string; body: string | null; tags: string | null }>('SELECT title, body, tags FROM items_text WHERE rowid = (SELECT rowid FROM items WHERE id = ?)', [it0.id])[0];
          const expected = ftsDocument(repo.getItem(it0.id)!);
          assert.deepEqual({ title: row.title, body: row.body ?? '', tags: row.tags ?? '' }, expected);
        },
      ),
      { numRuns: 60 },
    );
    await db.close();
  });
});

describe('repository: index integrity', () => {
  it('after many creates, edits, deletes, undos and an import, SQLite integrity check (incl. FTS4) is ok', async () => {
    const { repo, db, file } = await openRepo();
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(repo.createItem({ title: `item ${i}`, specs: [`spec ${i}`], tags: [`t${i % 3}`] }).id);
    for (let i = 0; i < 60; i += 3) repo.updateItem(ids[i], { title: `edited ${i}`, description: `desc ${i}` });
    repo.deleteItems(ids.slice(0, 10));
    repo.undo();
    repo.archiveItems(ids.slice(20, 25));
    repo.importItems([{ ...emptyFields(), id: 'IMP-001', title: 'imported one', rank: '', createdAt: 'x', updatedAt: 'x', archivedAt: null, external: null, relations: [] }]);
    assert.equal(db.query<{ quick_check: string }>('PRAGMA quick_check')[0].quick_check, 'ok');
    await db.close();
    const again = await openRepo(file);
    assert.equal(again.repo.countItems(true), 61, 'reopened without being moved aside');
    await again.db.close();
  });
});

describe('backlog service: attachments', () => {
  it('copies the file into the backlog storage and references it by a relative path; the source is untouched', async () => {
    const { promises: fsp } = await import('node:fs');
    const dir = await tempDir();
    const s = new BacklogService({ dir, loadSql, flushDelayMs: 50 });
    await s.createBacklog('Att');
    const it0 = await s.createItem({ title: 'with screenshot' });
    const src = path.join(await tempDir(), 'screen shot.png');
    await fsp.writeFile(src, 'PNGDATA');
    const a = await s.attachFile(it0.id, src);
    const b = await s.attachFile(it0.id, src);
    assert.deepEqual(a.attachments, [{ path: `${it0.id}/screen shot.png`, name: 'screen shot.png' }]);
    assert.equal(b.attachments[1].path, `${it0.id}/screen shot-2.png`, 'a second copy gets a new name, never overwriting');
    const stored = path.join(await s.attachmentsDir(), a.attachments[0].path);
    assert.equal(await fsp.readFile(stored, 'utf8'), 'PNGDATA');
    assert.equal(await fsp.readFile(src, 'utf8'), 'PNGDATA');
    await assert.rejects(s.attachFile(it0.id, dir), /not a file/);
    await s.dispose();
  });
});
