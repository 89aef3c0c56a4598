// Sources of the Forecast panel: a CSV of throughput parsed in core (line-numbered problems), the
// inputs form with a CSV or saved-view source (the default number of items follows the source), and
// a saved view's open items read from a real backlog.
import assert from 'node:assert/strict';
import { CsvDatesError, extractBacklog, parseThroughputCsv } from '../../src/core/forecast';
import { openItemsOfView, viewsWithOpenItems } from '../../src/core/forecast/savedViews';
import { defaultCount, formErrorKey, formToInputs, type PanelForm } from '../../src/core/forecast/view';
import { openClockedRepo } from './helpers';

const form = (o: Partial<PanelForm> = {}): PanelForm => ({
  sourceKind: 'backlog', samples: '', per: 'day', mode: 'when', targetDate: '2026-04-01', remaining: '', start: '2026-03-02', trials: '10000', seed: '42',
  windowDays: '90', share: '', parallel: '', splitLow: '', splitHigh: '', growth: false, ...o,
});

describe('forecast panel sources', () => {
  it('a CSV of throughput reads the chosen column (header matched case-insensitively, quoted cells, blank lines skipped)', () => {
    const text = '\uFEFFWeek,"Throughput"\r\n2026-W01,3\r\n2026-W02,"0"\r\n\r\n2026-W03,5.5\r\n';
    assert.deepEqual(parseThroughputCsv(text, 'throughput'), [3, 0, 5.5]);
  });

  it('a CSV of throughput with bad cells lists every bad line and column, and imports nothing', () => {
    const text = 'week,count\nw1,3\nw2,three\nw3,\nw4,-1\nw5,2\n';
    assert.throws(
      () => parseThroughputCsv(text, 'count'),
      (e: unknown) => {
        assert.ok(e instanceof CsvDatesError);
        assert.deepEqual(e.problems.map((p) => [p.line, p.column, p.value]), [[3, 'count', 'three'], [4, 'count', ''], [5, 'count', '-1']]);
        assert.match(e.message, /line 3 count: not a number >= 0; line 4 count: empty/);
        return true;
      },
    );
    assert.throws(() => parseThroughputCsv('week,count\n', 'count'), /no rows under the header/);
    assert.throws(() => parseThroughputCsv('week,count\nw1,1\n', 'done'), /line 1 done: no column named "done"/);
  });

  it('the form sends a CSV source by the id the host gave, and refuses a CSV source with no file (marked on the source)', () => {
    const ok = formToInputs(form({ sourceKind: 'csv', csvFile: 'csv:3', csvName: 'done.csv', csvOpen: 7 }), 7);
    assert.deepEqual(ok.inputs?.source, { kind: 'csv', fileId: 'csv:3' });
    assert.equal(ok.inputs?.remaining, 7);
    const bad = formToInputs(form({ sourceKind: 'csv' }), 0);
    assert.deepEqual(bad.errors, { sourceKind: 'choose a CSV file' });
  });

  it('the default number of items follows the source: backlog, saved view, or the CSV rows without a done date', () => {
    const views = [{ id: 'view:a', openCount: 4 }, { id: 'view:b', openCount: 9 }];
    assert.equal(defaultCount(form(), 30, views), 30);
    assert.equal(defaultCount(form({ sourceKind: 'view', viewId: 'view:b' }), 30, views), 9);
    assert.equal(defaultCount(form({ sourceKind: 'view', viewId: 'view:gone' }), 30, views), 0);
    assert.equal(defaultCount(form({ sourceKind: 'csv', csvOpen: 5 }), 30, views), 5);
    const v = formToInputs(form({ sourceKind: 'view', viewId: 'view:b' }), 9);
    assert.deepEqual(v.inputs?.source, { kind: 'view', viewId: 'view:b' });
    assert.equal(formToInputs(form({ sourceKind: 'view', viewId: 'view:b', mode: 'perItem' }), 9).errors?.sourceKind, 'the backlog order needs the local backlog or Azure DevOps');
  });

  it('a saved view\'s open items are the open items its query matches, in board order (done items left out)', async () => {
    const { repo, db, at } = await openClockedRepo();
    const mk = (title: string, type: string, status?: string) => at('2026-03-02T09:00:00.000Z', () => repo.createItem({ title, type, ...(status ? { status } : {}) }).id);
    const bug1 = mk('Crash on save', 'BUG');
    mk('New export', 'STORY');
    mk('Old crash', 'BUG', 'done');
    const bug2 = mk('Slow board', 'BUG', 'in_progress');
    const view = at('2026-03-02T10:00:00.000Z', () => repo.saveView('Bugs', 'type:BUG'));
    const ranked = extractBacklog(repo).ranked;
    const views = viewsWithOpenItems(repo, ranked);
    assert.deepEqual(views.map((v) => [v.name, v.openIds]), [['Bugs', [bug2, bug1]]]);
    assert.deepEqual(openItemsOfView(repo, ranked, view.id), [bug2, bug1]);
    assert.throws(() => openItemsOfView(repo, ranked, 'view:nope'), (e: unknown) => (e as { code?: string; message: string }).code === 'invalid_input' && /source\.viewId/.test((e as Error).message));
    await db.close();
  });
});

describe('forecast panel form problems, as the page words them', () => {
  it('every problem the form reports has a strings key; bounds are in the field\'s unit (the share in %); the Azure DevOps source is sent as such', () => {
    const cases: [Partial<PanelForm>, string, { key: string; args: number[] }][] = [
      [{ trials: '5' }, 'trials', { key: 'err.min', args: [100] }],
      [{ trials: '5000000' }, 'trials', { key: 'err.max', args: [1_000_000] }],
      [{ trials: '10.5' }, 'trials', { key: 'err.int', args: [] }],
      [{ trials: 'abc' }, 'trials', { key: 'err.number', args: [] }],
      [{ start: 'soon' }, 'start', { key: 'err.date', args: [] }],
      [{ share: '150' }, 'share', { key: 'err.max', args: [100] }],
      [{ mode: 'howMany', targetDate: '2026-01-01' }, 'targetDate', { key: 'err.afterStart', args: [] }],
      [{ splitLow: '2' }, 'splitHigh', { key: 'err.bothSplit', args: [] }],
      [{ splitLow: '3', splitHigh: '1' }, 'splitHigh', { key: 'err.highLow', args: [] }],
      [{ sourceKind: 'samples' }, 'samples', { key: 'err.samples', args: [] }],
      [{ sourceKind: 'csv' }, 'sourceKind', { key: 'err.csv', args: [] }],
      [{ sourceKind: 'samples', samples: '1', growth: true }, 'growth', { key: 'err.growth', args: [] }],
      [{ sourceKind: 'view', viewId: 'v', mode: 'perItem' }, 'sourceKind', { key: 'err.perItemSource', args: [] }],
    ];
    for (const [patch, field, expected] of cases) {
      const errors = formToInputs(form(patch), 5).errors as Record<string, string> | undefined;
      assert.ok(errors?.[field], `${JSON.stringify(patch)} marks ${field}`);
      assert.deepEqual(formErrorKey(field as never, errors[field]), expected, JSON.stringify(patch));
    }
    assert.deepEqual(formErrorKey('seed', 'something new'), { key: 'something new', args: [] }, 'an unknown message is shown as it is');
    assert.deepEqual(formToInputs(form({ sourceKind: 'azureDevOps', mode: 'perItem' }), 5).inputs?.source, { kind: 'azureDevOps' });
    assert.equal(defaultCount(form({ sourceKind: 'azureDevOps' }), 10, [], 14), 14, 'the synced open items are the default count');
  });
});
