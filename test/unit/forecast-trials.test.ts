// Trial-level view-models of the Forecast panel: the CSV of trial results (How Many with and
// without a project share, When with trials not within the horizon) and the stacked project / BAU
// histogram, checked against a real engine run with the same seed.
import assert from 'node:assert/strict';
import { howMany, samplesSource, when, type HowManyResult, type WhenResult } from '../../src/core/forecast';
import { dayOf, stackedHistogram, trialsCsv } from '../../src/core/forecast/view';

const source = samplesSource([0, 1, 2, 3, 5, 0, 2, 4, 1, 3]);
const base = { start: '2026-03-02', seed: 42, trials: 2000 };

describe('forecast panel trial results', () => {
  it('How Many CSV has one row per trial, numbered in engine order, equal to the run with the same seed', () => {
    const r = howMany(source, { ...base, targetDate: '2026-03-27' }) as HowManyResult;
    const lines = trialsCsv({ mode: 'howMany', items: Array.from(r.totals) }).trimEnd().split('\r\n');
    assert.equal(lines[0], 'trial,items');
    assert.equal(lines.length, 2001);
    assert.equal(lines[1], `1,${r.totals[0]}`);
    assert.equal(lines[2000], `2000,${r.totals[1999]}`);
    const again = howMany(source, { ...base, targetDate: '2026-03-27' }) as HowManyResult;
    assert.equal(trialsCsv({ mode: 'howMany', items: Array.from(again.totals) }), trialsCsv({ mode: 'howMany', items: Array.from(r.totals) }));
  });

  it('a project share splits each trial exactly: project + BAU = the unthinned total of the same trial', () => {
    const all = howMany(source, { ...base, targetDate: '2026-03-27' }) as HowManyResult;
    const r = howMany(source, { ...base, targetDate: '2026-03-27', share: 0.7 }) as HowManyResult;
    assert.ok(r.bau, 'a share < 1 gives the BAU items');
    assert.equal(all.bau, undefined);
    for (let t = 0; t < r.totals.length; t++) assert.equal(r.totals[t] + r.bau[t], all.totals[t]);
    const realised = r.totals.reduce((s, v) => s + v, 0) / all.totals.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(realised - 0.7) < 0.02, `realised share ${realised}`);
    const csv = trialsCsv({ mode: 'howMany', items: Array.from(r.totals), bau: Array.from(r.bau) }).split('\r\n');
    assert.equal(csv[0], 'trial,projectItems,bauItems,totalItems');
    assert.equal(csv[1], `1,${r.totals[0]},${r.bau[0]},${all.totals[0]}`);
  });

  it('When CSV gives the completion date, or an empty date and the not-within-horizon marker', () => {
    const d = dayOf('2026-03-05');
    const csv = trialsCsv({ mode: 'when', finishDays: [d, -1, d + 1] });
    assert.equal(csv, 'trial,completionDate,notWithinHorizon\r\n1,2026-03-05,false\r\n2,,true\r\n3,2026-03-06,false\r\n');
    const r = when(samplesSource([0]), { ...base, remaining: 3 });
    assert.equal(r.kind === 'ok', false, 'an all-zero history never gives trials with dates');
    const w = when(source, { ...base, remaining: 12 }) as WhenResult;
    const days = Array.from(w.finish, (f) => (f < 0 ? -1 : w.days[f]));
    const rows = trialsCsv({ mode: 'when', finishDays: days }).trimEnd().split('\r\n').slice(1);
    assert.equal(rows.length, 2000);
    const p50 = w.percentiles.find((q) => q.p === 0.5)?.date;
    const byP50 = rows.filter((row) => row.split(',')[1] !== '' && row.split(',')[1] <= (p50 as string)).length;
    assert.ok(byP50 / 2000 >= 0.5, 'at least half the rows finish by the P50 date the screen shows');
  });

  it('stacked histogram: both series are exact-probability histograms over the values some trial reached', () => {
    const bars = stackedHistogram([3, 3, 4, 6], [1, 0, 1, 1]);
    assert.deepEqual(bars, [
      { value: 0, project: 0, bau: 0.25 },
      { value: 1, project: 0, bau: 0.75 },
      { value: 3, project: 0.5, bau: 0 },
      { value: 4, project: 0.25, bau: 0 },
      { value: 6, project: 0.25, bau: 0 },
    ]);
    const sum = (k: 'project' | 'bau') => bars.reduce((s, b) => s + b[k], 0);
    assert.equal(sum('project'), 1);
    assert.equal(sum('bau'), 1);
    assert.deepEqual(stackedHistogram([], []), []);
    assert.deepEqual(stackedHistogram([1, 2], [1]), [], 'mismatched trials give no bars');
  });
});
