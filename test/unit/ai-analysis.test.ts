import assert from 'node:assert/strict';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { BacklogRepository } from '../../src/core/backlog/repository';
import type { Item } from '../../src/core/backlog/model';
import { BacklogDatabase } from '../../src/core/storage/database';
import { LATEST_VERSION } from '../../src/core/storage/migrations';
import {
  clearAnalysis,
  type ItemScoreInput,
  itemContentHash,
  itemsNeedingAnalysis,
  keepAnalysis,
  latestRun,
  loadItemAnalyses,
  loadItemAnalysis,
  loadScores,
  restoreKeptAnalysis,
  RUNS_KEPT,
  saveItemScores,
  saveRun,
} from '../../src/core/ai/analysisStore';
import { type AnalysisReportLabels, analysisReportMarkdown, escapeMarkdownInline } from '../../src/core/ai/analysisReport';
import { sortRows } from '../../src/core/board/view';
import { BoardPrefsSchema, type Card, CardSchema } from '../../src/core/protocol/messages';
import { loadSql, tempDir } from './helpers';

async function openRepo(file?: string) {
  const f = file ?? path.join(await tempDir('flowcast-ai-'), 'b.db');
  const db = await BacklogDatabase.open({ SQL: await loadSql(), file: f, flushDelayMs: 20 });
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  const clock = () => new Date((t += 1000));
  return { repo: new BacklogRepository(db, clock), db, file: f, clock };
}

function score(item: Item, value: number, at: string, extra: Partial<ItemScoreInput> = {}): ItemScoreInput {
  return {
    itemId: item.id,
    score: value,
    factors: [
      { name: 'Impact', weight: 0.5, value: 90, note: 'many users' },
      { name: 'Effort', weight: 0.2, value: 30, note: 'small' },
    ],
    rationale: `Why ${item.id}`,
    contentHash: itemContentHash(item),
    provider: 'openai',
    model: 'gpt-test',
    at,
    ...extra,
  };
}

const LABELS: AnalysisReportLabels = {
  title: 'Backlog analysis',
  analysedOn: 'Analysed on {0}',
  provider: 'Provider',
  model: 'Model',
  counts: '{0} items analysed, {1} unchanged items skipped',
  scored: '{0} items have a score',
  scores: 'Priority scores',
  colId: 'ID',
  colTitle: 'Title',
  colScore: 'Score',
  colFactors: 'Top factors',
  colRationale: 'Rationale',
  outdated: 'outdated',
  groups: 'Suggested order',
  blockingBugs: 'Blocking bugs',
  insights: 'Insights',
  none: 'None.',
  noAnalysis: 'No analysis yet.',
  missingItem: '(deleted)',
};

describe('AI analysis: storage (schema v5)', () => {
  it('a new backlog has the analysis tables at the latest schema', async () => {
    const { db } = await openRepo();
    assert.equal(LATEST_VERSION >= 5, true);
    const tables = db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ai_%' ORDER BY name").map((r) => r.name);
    assert.deepEqual(tables, ['ai_analysis_runs', 'ai_item_analysis']);
    await db.close();
  });

  it('the content hash covers what matters for priority and ignores rank, emoji, tag order and checked criteria', async () => {
    const { repo, db } = await openRepo();
    const a = repo.createItem({ title: 'Crash', type: 'BUG', tags: ['a', 'b'], criteria: [{ text: 'no crash', checked: false }], dependencies: ['API'] });
    const h = itemContentHash(a);
    assert.match(h, /^[0-9a-f]{64}$/);
    const same: Item = { ...a, rank: 'zz', emoji: '🐛', component: 'x', tags: ['b', 'a'], criteria: [{ text: 'no crash', checked: true }], updatedAt: 'later' };
    assert.equal(itemContentHash(same), h);
    for (const change of [{ title: 'Crash!' }, { description: 'd' }, { userStory: 'u' }, { status: 'done' }, { priority: 'high' as const }, { severity: 'P1' as const }, { effort: 'S' as const }, { type: 'TASK' }, { tags: ['a'] }, { dependencies: [] }, { criteria: [{ text: 'other', checked: false }] }]) {
      assert.notEqual(itemContentHash({ ...a, ...change }), h, JSON.stringify(change));
    }
    await db.close();
  });

  it('saves scores with factors and rationale, loads them back, and persists them through the debounced flush', async () => {
    const { repo, db, file, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    const b = repo.createItem({ title: 'B' });
    await db.flush();
    assert.equal(db.isDirty, false);
    const at = clock().toISOString();
    assert.equal(saveItemScores(db, [score(a, 82, at), score(b, 15, at)]), 2);
    assert.equal(db.isDirty, true, 'a save marks the backlog dirty');
    const full = loadItemAnalysis(db, a.id);
    assert.deepEqual(full, {
      itemId: a.id,
      score: 82,
      factors: [
        { name: 'Impact', weight: 0.5, value: 90, note: 'many users' },
        { name: 'Effort', weight: 0.2, value: 30, note: 'small' },
      ],
      rationale: `Why ${a.id}`,
      contentHash: itemContentHash(a),
      analysedAt: at,
      provider: 'openai',
      model: 'gpt-test',
      stale: false,
    });
    assert.equal(loadItemAnalysis(db, 'TASK-999'), undefined);
    assert.deepEqual([...loadScores(db)].sort(), [
      [a.id, { score: 82, analysedAt: at, stale: false }],
      [b.id, { score: 15, analysedAt: at, stale: false }],
    ]);
    assert.deepEqual([...loadScores(db, [b.id]).keys()], [b.id]);
    assert.equal(loadScores(db, []).size, 0);
    // a second save replaces the row
    saveItemScores(db, [score(a, 60, at)]);
    assert.equal(loadScores(db).get(a.id)?.score, 60);
    assert.deepEqual(
      loadItemAnalyses(db).map((x) => [x.itemId, x.score]),
      [
        [a.id, 60],
        [b.id, 15],
      ],
    );
    await db.close();
    const again = await BacklogDatabase.open({ SQL: await loadSql(), file });
    assert.equal(loadScores(again).get(a.id)?.score, 60);
    again.discard();
  });

  it('refuses a score outside 0-100 or not whole, saving nothing; skips items deleted meanwhile', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    const b = repo.createItem({ title: 'B' });
    const at = clock().toISOString();
    for (const bad of [101, -1, 50.5, Number.NaN]) {
      assert.throws(() => saveItemScores(db, [score(a, 10, at), score(b, bad, at)]), (e: Error & { code?: string }) => e.code === 'invalid_input' && e.message.includes(b.id));
    }
    assert.equal(loadScores(db).size, 0);
    repo.deleteItems([b.id]);
    assert.equal(saveItemScores(db, [score(a, 10, at), score(b, 20, at)]), 1);
    assert.deepEqual([...loadScores(db).keys()], [a.id]);
    await db.close();
  });

  it('only never-analysed and changed items need analysis; a reorder or a checked criterion does not count', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A', criteria: [{ text: 'c', checked: false }] });
    const b = repo.createItem({ title: 'B' });
    const c = repo.createItem({ title: 'C' });
    const at = clock().toISOString();
    saveItemScores(db, [score(a, 50, at), score(b, 40, at)]);
    assert.deepEqual(
      itemsNeedingAnalysis(db, repo.listItems()).map((i) => i.id),
      [c.id],
    );
    repo.moveItem(a.id, { position: 'bottom' });
    repo.updateItem(a.id, { criteria: [{ text: 'c', checked: true }] });
    repo.updateItem(b.id, { description: 'now with details' });
    assert.deepEqual(
      itemsNeedingAnalysis(db, repo.listItems())
        .map((i) => i.id)
        .sort(),
      [b.id, c.id].sort(),
    );
    const scores = loadScores(db);
    assert.equal(scores.get(a.id)?.stale, false, 'moved and criterion checked: still current');
    assert.equal(scores.get(b.id)?.stale, true, 'description changed: outdated');
    assert.equal(scores.has(c.id), false);
    assert.equal(loadItemAnalysis(db, b.id)?.stale, true);
    // re-analysing the changed item makes it current again
    saveItemScores(db, [score(repo.requireItem(b.id), 70, clock().toISOString())]);
    assert.deepEqual(loadScores(db).get(b.id), { score: 70, analysedAt: loadScores(db).get(b.id)?.analysedAt, stale: false });
    await db.close();
  });

  it('an item edited after the analysis read it is outdated, even when the answer is saved later', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    const readAt = clock().toISOString();
    const sent = score(a, 50, readAt);
    repo.updateItem(a.id, { title: 'A, edited while the model was thinking' });
    saveItemScores(db, [sent]);
    assert.equal(loadScores(db).get(a.id)?.stale, true);
    await db.close();
  });

  it('deleting an item drops its analysis (cascade); undoing the delete does not bring it back; archiving keeps it', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    const b = repo.createItem({ title: 'B' });
    const at = clock().toISOString();
    saveItemScores(db, [score(a, 50, at), score(b, 40, at)]);
    assert.equal(db.query<{ foreign_keys: number }>('PRAGMA foreign_keys')[0]?.foreign_keys, 1, 'foreign keys are enforced');
    repo.deleteItems([a.id]);
    assert.deepEqual([...loadScores(db).keys()], [b.id]);
    assert.equal(db.query('SELECT * FROM ai_item_analysis WHERE item_id = ?', [a.id]).length, 0);
    repo.undo();
    assert.ok(repo.getItem(a.id));
    assert.equal(loadScores(db).has(a.id), false);
    repo.archiveItems([b.id]);
    assert.equal(loadScores(db).get(b.id)?.score, 40);
    await db.close();
  });

  it('keepAnalysis/restoreKeptAnalysis keep an analysis across a delete and re-insert of its item row (as undo does)', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    saveItemScores(db, [score(a, 77, clock().toISOString())]);
    db.write((c) => {
      const kept = keepAnalysis(db, [a.id, 'TASK-404']);
      const row = db.query<Record<string, string | number | null>>('SELECT rowid AS r, * FROM items WHERE id = ?', [a.id])[0];
      c.run('DELETE FROM items WHERE id = ?', [a.id]);
      assert.equal(db.query('SELECT 1 FROM ai_item_analysis').length, 0, 'the cascade fired');
      const cols = Object.keys(row).filter((k) => k !== 'r');
      c.run(`INSERT INTO items (rowid, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`, [row.r, ...cols.map((k) => row[k])]);
      restoreKeptAnalysis(db, kept);
    });
    assert.deepEqual(loadScores(db).get(a.id)?.score, 77);
    // rows whose item is gone are skipped
    const kept = keepAnalysis(db, [a.id]);
    repo.deleteItems([a.id]);
    restoreKeptAnalysis(db, kept);
    assert.equal(loadScores(db).size, 0);
    await db.close();
  });

  it('saves runs (groups, blocking bugs, insights), returns the latest, keeps only the last RUNS_KEPT; clearAnalysis forgets all', async () => {
    const { repo, db, clock } = await openRepo();
    const a = repo.createItem({ title: 'A' });
    assert.equal(latestRun(db), undefined);
    for (let i = 0; i < RUNS_KEPT + 3; i++) {
      saveRun(db, { at: clock().toISOString(), provider: 'openai', model: 'gpt-test', groups: [], blockingBugs: [], insights: [`run ${i}`], analysed: i, skipped: 0 });
    }
    const run = { at: clock().toISOString(), provider: 'gemini', model: 'g-1', groups: [{ name: 'Stability', itemIds: [a.id], order: 1, reason: 'crashes first' }], blockingBugs: [{ itemId: a.id, reason: 'blocks release' }], insights: ['Too many bugs'], analysed: 1, skipped: 2 };
    const id = saveRun(db, run);
    assert.deepEqual(latestRun(db), { id, ...run });
    assert.equal(db.query('SELECT 1 FROM ai_analysis_runs').length, RUNS_KEPT);
    const noMeta = saveRun(db, { ...run, provider: null, model: null, analysed: null, skipped: null });
    assert.deepEqual(latestRun(db), { ...run, id: noMeta, provider: null, model: null, analysed: null, skipped: null });
    // without `order`, the list order is the suggested order
    saveRun(db, { ...run, groups: [{ name: 'One', itemIds: [], reason: '' }, { name: 'Two', itemIds: [a.id], reason: '' }] });
    assert.deepEqual(
      latestRun(db)?.groups.map((g) => [g.name, g.order]),
      [
        ['One', 1],
        ['Two', 2],
      ],
    );
    saveItemScores(db, [score(a, 10, clock().toISOString())]);
    clearAnalysis(db);
    assert.equal(latestRun(db), undefined);
    assert.equal(loadScores(db).size, 0);
    await db.close();
  });
});

describe('AI analysis: Markdown report', () => {
  const md = new MarkdownIt({ html: false, linkify: false });
  const mdHtml = new MarkdownIt({ html: true, linkify: true });
  const run = {
    id: 3,
    at: '2026-03-02T09:00:00.000Z',
    provider: 'openai',
    model: 'gpt-test',
    groups: [
      { name: 'Later', itemIds: ['TASK-002'], order: 2, reason: 'nice to have' },
      { name: 'First <b>now</b>', itemIds: ['BUG-001', 'BUG-404'], order: 1, reason: 'crashes | data loss' },
    ],
    blockingBugs: [{ itemId: 'BUG-001', reason: 'blocks *everything*' }],
    insights: ['# not a heading', '<script>alert(1)</script>'],
    analysed: 2,
    skipped: 5,
  };
  const items = [
    { id: 'BUG-001', title: 'Crash <img src=x onerror=alert(1)> | [link](javascript:alert(1)) **bold** &amp; `code`' },
    { id: 'TASK-002', title: 'Plain task' },
  ];
  const scores = [
    { itemId: 'TASK-002', score: 30, factors: [{ name: 'Value', weight: 0.1, value: 20, note: '' }], rationale: 'meh', contentHash: 'h', analysedAt: run.at, provider: 'openai', model: 'gpt-test', stale: true },
    {
      itemId: 'BUG-001',
      score: 92,
      factors: [
        { name: 'Low', weight: 0.1, note: '' },
        { name: 'Severity', weight: 0.6, value: 100, note: '' },
        { name: 'Users|reach', weight: 0.3, value: 80, note: '' },
        { name: 'Unweighted', note: '' },
      ],
      rationale: 'Line one\nline two <em>x</em>',
      contentHash: 'h',
      analysedAt: run.at,
      provider: 'openai',
      model: 'gpt-test',
      stale: false,
    },
  ];

  it('has the run header, counts, a table best score first with top factors, the groups in order, blocking bugs and insights', () => {
    const text = analysisReportMarkdown(run, scores, items, LABELS, { formatDate: (iso) => `D(${iso.slice(0, 10)})` });
    const lines = text.split('\n');
    assert.equal(lines[0], '# Backlog analysis');
    assert.ok(text.includes('Analysed on D\\(2026\\-03\\-02\\) · Provider: openai · Model: gpt\\-test'), text);
    assert.ok(text.includes('2 items analysed, 5 unchanged items skipped'));
    assert.ok(text.includes('2 items have a score'));
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| ID') && !l.startsWith('| ---'));
    assert.deepEqual(
      rows.map((r) => r.split(' | ')[0]),
      ['| BUG\\-001', '| TASK\\-002'],
    );
    assert.ok(rows[0].includes('| 92 | Severity 100; Users\\|reach 80; Low |'), rows[0]);
    assert.ok(rows[1].includes('| 30 \\(outdated\\) |'), rows[1]);
    const html = md.render(text);
    // the table has 5 columns in every row (no pipe in item text broke a cell)
    assert.equal((html.match(/<tr>/g) ?? []).length, 3);
    for (const tr of html.split('<tr>').slice(2)) assert.equal((tr.match(/<td/g) ?? []).length, 5, tr);
    // groups by suggested order, items with titles; a deleted item is named as such
    assert.ok(html.indexOf('First') < html.indexOf('Later'));
    assert.ok(html.includes('BUG-404 (deleted)'));
    assert.ok(html.includes('<h2>Blocking bugs</h2>'));
    assert.ok(html.includes('<h2>Insights</h2>'));
    assert.ok(html.includes('<li># not a heading</li>'), html);
  });

  it('escapes item and model text: no HTML, link, emphasis or code appears, and the text reads as written', () => {
    const text = analysisReportMarkdown(run, scores, items, LABELS);
    for (const renderer of [md, mdHtml]) {
      const html = renderer.render(text);
      const tags = [...new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]))].sort();
      assert.deepEqual(tags, ['h1', 'h2', 'li', 'ol', 'p', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'], html);
      assert.ok(html.includes('Crash &lt;img src=x onerror=alert(1)&gt; | [link](javascript:alert(1)) **bold** &amp;amp; `code`'), html);
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('Line one line two &lt;em&gt;x&lt;/em&gt;'));
      assert.ok(html.includes('<strong>First &lt;b&gt;now&lt;/b&gt;</strong> — crashes | data loss'), html);
      assert.ok(html.includes('blocks *everything*'));
    }
    assert.equal(escapeMarkdownInline('a\n\n- b\r\n1. c'), 'a \\- b 1\\. c');
  });

  it('says so when there is no analysis, and shows "None." for empty sections', () => {
    assert.equal(analysisReportMarkdown(undefined, [], [], LABELS), '# Backlog analysis\n\nNo analysis yet\\.\n');
    const text = analysisReportMarkdown({ ...run, groups: [], blockingBugs: [], insights: [], analysed: null, skipped: null }, [], items, LABELS);
    assert.equal(text.includes('unchanged items skipped'), false);
    assert.equal(text.match(/^None\\\.$/gm)?.length, 4);
  });
});

describe('AI analysis: board cards and list column', () => {
  const card = (id: string, aiScore?: number | null, rank = 'm'): Card => ({
    id,
    type: 'BUG',
    title: id,
    emoji: '',
    status: 'backlog',
    priority: null,
    effort: null,
    severity: null,
    tags: [],
    criteriaDone: 0,
    criteriaTotal: 0,
    blocked: false,
    rank,
    ...(aiScore === undefined ? {} : { aiScore }),
  });

  it('a card carries an optional score, staleness and date; the list column and its sort are valid preferences', () => {
    assert.equal(CardSchema.safeParse({ ...card('BUG-1', 82), aiStale: true, aiAnalysedAt: '2026-03-02T09:00:00.000Z' }).success, true);
    assert.equal(CardSchema.safeParse(card('BUG-1', null)).success, true);
    assert.equal(CardSchema.safeParse(card('BUG-1')).success, true);
    assert.equal(CardSchema.safeParse(card('BUG-1', 8.5)).success, false);
    assert.equal(BoardPrefsSchema.safeParse({ listColumns: ['id', 'title', 'aiScore'], sort: { column: 'aiScore', dir: 'desc' } }).success, true);
  });

  it('the AI score column sorts by score; unscored items come last in board order either way', () => {
    const cards = [card('BUG-1', 40, 'a'), card('BUG-2', undefined, 'b'), card('BUG-3', 90, 'c'), card('BUG-4', null, 'd'), card('BUG-5', 0, 'e')];
    const order = (dir: 'asc' | 'desc') => sortRows(cards, { column: 'aiScore', dir }, [{ key: 'backlog', label: 'Backlog', category: 'todo' }]).map((c) => c.id);
    assert.deepEqual(order('desc'), ['BUG-3', 'BUG-1', 'BUG-5', 'BUG-2', 'BUG-4']);
    assert.deepEqual(order('asc'), ['BUG-5', 'BUG-1', 'BUG-3', 'BUG-2', 'BUG-4']);
  });
});
