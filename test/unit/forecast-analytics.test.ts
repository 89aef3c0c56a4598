// Flow metrics, backtests and calibration, the calibration ledger (model and sql.js store) and
// date-move attribution.
import assert from 'node:assert/strict';
import path from 'node:path';
import { BacklogRepository } from '../../src/core/backlog/repository';
import {
  LEDGER_MIGRATION_SQL, LedgerStore, attributeDateChange, attributionSentences, backtestHowMany, backtestWhen, calibrate, csvSource, dataWarnings, dayOf, extractBacklog, flowMetrics, historyFromSamples, howMany, isoOf,
  ledgerRecord, parseCsvDates, predictability, samplesSource, scoreEntry, summarize, summarySentence, when, xmr,
} from '../../src/core/forecast';
import { BacklogDatabase } from '../../src/core/storage/database';
import { loadSql, tempDir } from './helpers';

/** A CSV source with `perDay(d)` completions on each day from 2026-01-05 to 2026-06-30. */
function csvHistory(perDay: (d: number) => number) {
  const rows = ['done'];
  for (let d = dayOf('2026-01-05'); d <= dayOf('2026-06-30'); d++) for (let k = 0; k < perDay(d); k++) rows.push(isoOf(d));
  return csvSource(parseCsvDates(rows.join('\n'), { done: 'done' }));
}

describe('forecast metrics', () => {
  it('XmR: mean, mR-bar, UNPL = mean + 2.66 mR-bar, LNPL floored at 0, points outside and runs of 8', () => {
    const r = xmr([4, 6, 4, 6, 4, 6]);
    assert.equal(r.mean, 5);
    assert.equal(r.mrBar, 2);
    assert.ok(Math.abs(r.unpl - 10.32) < 1e-9);
    assert.equal(r.lnpl, 0);
    const s = xmr([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 30, 6, 6, 6, 6, 6, 6, 6, 6]);
    assert.ok(s.signals.some((x) => x.kind === 'above' && x.index === 10));
    assert.ok(s.signals.some((x) => x.kind === 'runBelow'));
  });
  it('data warnings: short history, a long run of zero days, halves that differ', () => {
    const w = dataWarnings(historyFromSamples([3, ...new Array<number>(12).fill(0), 1, 1, 1, 1, 1, 1, 1, 1, 5]));
    assert.deepEqual(w.map((x) => x.kind).sort(), ['halvesDiffer', 'longZeroRun', 'shortHistory']);
  });
  it('predictability is P95 / P50 of a 30-day How Many, labelled decent above 60% and act below 40%', () => {
    const steady = predictability(samplesSource(new Array<number>(30).fill(3)), '2026-03-02', 1);
    assert.ok(steady.score !== null && steady.score === 1 && steady.label === 'decent');
    const week = [40, ...new Array<number>(11).fill(0)];
    const lumpy = predictability(samplesSource([...week, ...week, ...week, ...week, ...week]), '2026-03-02', 1);
    assert.ok(lumpy.score !== null && lumpy.score < 0.4 && lumpy.label === 'act', JSON.stringify(lumpy));
  });
  it('cycle time (end - start + 1 days), age of work in progress and a CFD over every status from a real backlog', async () => {
    const db = await BacklogDatabase.open({ SQL: await loadSql(), file: path.join(await tempDir(), 'm.db'), flushDelayMs: 50 });
    const clock = { t: 0 };
    const repo = new BacklogRepository(db, () => new Date(clock.t));
    const at = <T>(iso: string, fn: () => T) => ((clock.t = Date.parse(iso)), fn());
    const a = at('2026-03-02T08:00:00Z', () => repo.createItem({ title: 'a' }).id);
    at('2026-03-03T08:00:00Z', () => repo.moveItem(a, { status: 'in_progress' }));
    at('2026-03-03T18:00:00Z', () => repo.moveItem(a, { status: 'done' })); // same day: 1 day
    const b = at('2026-03-02T08:00:00Z', () => repo.createItem({ title: 'b' }).id);
    at('2026-03-04T08:00:00Z', () => repo.moveItem(b, { status: 'review' }));
    at('2026-03-06T08:00:00Z', () => repo.moveItem(b, { status: 'done' })); // 3 days
    const c = at('2026-03-02T08:00:00Z', () => repo.createItem({ title: 'c' }).id);
    at('2026-03-05T08:00:00Z', () => repo.moveItem(c, { status: 'done' })); // never started
    const d = at('2026-03-02T08:00:00Z', () => repo.createItem({ title: 'd' }).id);
    at('2026-03-09T08:00:00Z', () => repo.moveItem(d, { status: 'in_progress' }));
    const m = flowMetrics(extractBacklog(repo, { transitions: true }), { today: '2026-03-10', from: '2026-03-01' });
    assert.deepEqual(m.cycleTimes.map((x) => x.days).sort(), [1, 3]);
    assert.equal(m.doneWithoutStart, 1);
    assert.deepEqual(m.age.map((x) => [x.id, x.days]), [[d, 2]]);
    assert.deepEqual(m.cfd.statuses, ['backlog', 'ready', 'in_progress', 'review', 'done']);
    assert.deepEqual(m.cfd.counts[0], [0, 0, 0, 0, 0]); // 2026-03-01
    assert.deepEqual(m.cfd.counts[1], [4, 0, 0, 0, 0]); // 2026-03-02
    assert.deepEqual(m.cfd.counts[3], [2, 0, 0, 1, 1]); // 2026-03-04
    assert.deepEqual(m.cfd.counts[9], [0, 0, 1, 0, 3]); // 2026-03-10
    assert.equal(m.throughputDaily.reduce((s, x) => s + x.count, 0), 3);
    assert.equal(m.throughputWeekly.find((w) => w.weekStart === '2026-03-02')?.count, 3);
    await db.close();
  });
});

describe('forecast backtest and calibration', () => {
  const src = csvHistory((d) => ((d * 7) % 5) % 4); // 0..3 a day, deterministic
  it('refuses an as-of date less than 14 days ago', () => {
    const r = backtestHowMany(src, { asOf: '2026-06-20', today: '2026-06-30', targetDate: '2026-06-29', seed: 1 });
    assert.equal(r.kind, 'tooRecent');
  });
  it('How Many as of a past date compares the percentiles with what was done', () => {
    const r = backtestHowMany(src, { asOf: '2026-05-04', today: '2026-06-30', targetDate: '2026-05-29', seed: 1, trials: 2000 });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.ok(r.actual > 0);
    assert.deepEqual(r.held.map((h) => h.held), r.forecast.percentiles.map((q) => r.actual >= q.value));
  });
  it('When as of a past date finds the day the items were actually done', () => {
    const r = backtestWhen(src, { asOf: '2026-05-04', today: '2026-06-30', remaining: 20, seed: 1, trials: 2000 });
    assert.ok(r.kind === 'ok' && r.actualDate !== null && r.actualDate > '2026-05-04');
  });
  it('calibration over every past week: a stationary process holds its 85% forecasts about 85% of the time', () => {
    const c = calibrate(src, { today: '2026-06-30', from: '2026-01-05', seed: 3, trials: 1000 });
    assert.ok(c.weeks >= 8);
    const p85 = c.percentiles.find((p) => p.p === 0.85)!;
    assert.ok(p85.rate >= 0.6, `85% held ${p85.held}/${p85.total}`);
  });
});

describe('forecast calibration ledger', () => {
  const result = howMany(samplesSource([2, 3, 1, 4, 2, 2, 3, 1, 2, 5]), { start: '2026-03-02', targetDate: '2026-03-13', seed: 5, trials: 1000 });
  it('scores How Many: pending before the period ends, then held or missed per percentile', () => {
    assert.equal(result.kind, 'ok');
    if (result.kind !== 'ok') return;
    const rec = ledgerRecord(result, { targetDate: '2026-03-13' }, 'samples', new Date('2026-03-01T10:00:00Z'), 'r1');
    const none = { days: [] as number[], samples: [] as number[] };
    assert.ok(scoreEntry(rec, none, '2026-03-05').every((s) => s.verdict === 'pending'));
    const actualDays = Array.from({ length: 10 }, (_, i) => dayOf('2026-03-02') + i);
    const got = (n: number) => ({ days: actualDays, samples: actualDays.map(() => n / 10) });
    assert.ok(scoreEntry(rec, got(1000), '2026-03-20').every((s) => s.verdict === 'held'));
    assert.ok(scoreEntry(rec, got(0), '2026-03-20').every((s) => s.verdict === 'missed'));
  });
  it('scores When by the day the items were done, and summarises "held x times out of y" in EN and FR', () => {
    const w = when(samplesSource([2, 3, 1, 4, 2, 2, 3, 1, 2, 5]), { start: '2026-03-02', remaining: 10, seed: 5, trials: 1000 });
    assert.equal(w.kind, 'ok');
    if (w.kind !== 'ok') return;
    const rec = ledgerRecord(w, {}, 'samples', new Date('2026-03-01T10:00:00Z'), 'w1');
    const s = scoreEntry(rec, { days: [dayOf('2026-03-02')], samples: [10] }, '2026-03-03');
    assert.ok(s.every((x) => x.verdict === 'held'));
    const sum = summarize([s, s.map((x) => ({ ...x, verdict: 'missed' as const }))]);
    const p85 = sum.percentiles.find((p) => p.p === 0.85)!;
    assert.equal(summarySentence(p85), 'our 85% forecasts held 1 times out of 2');
    assert.equal(summarySentence(p85, 'fr'), 'nos prévisions à 85\u00a0% ont tenu 1 fois sur 2');
  });
  it('the store keeps records in the backlog database across a reopen, outside undo, and exports JSON', async () => {
    const file = path.join(await tempDir(), 'l.db');
    const SQL = await loadSql();
    const db = await BacklogDatabase.open({ SQL, file, flushDelayMs: 10 });
    // the schema migration creates the table; create it here only when this build's migrations do not
    if (!db.query("SELECT 1 FROM sqlite_master WHERE name = 'forecast_ledger'").length) db.write((c) => c.exec(LEDGER_MIGRATION_SQL));
    const repo = new BacklogRepository(db);
    const depth = repo.undoState().depth;
    assert.equal(result.kind, 'ok');
    if (result.kind !== 'ok') return;
    new LedgerStore(db).add(ledgerRecord(result, { a: 1 }, 'samples', new Date('2026-03-01T10:00:00Z'), 'keep-me'));
    assert.equal(repo.undoState().depth, depth);
    await db.close();
    const again = await BacklogDatabase.open({ SQL, file, flushDelayMs: 10 });
    const store = new LedgerStore(again);
    assert.deepEqual(store.list().map((r) => [r.id, r.seed, r.target]), [['keep-me', 5, 'howMany']]);
    const json = JSON.parse(store.exportJson()) as { format: string; records: { id: string }[] };
    assert.equal(json.format, 'flowcast-forecast-ledger');
    assert.equal(json.records[0].id, 'keep-me');
    await again.close();
  });
});

describe('forecast: why did my date move', () => {
  const items = (ids: string[]) => ids.map((id) => ({ id }));
  const base = { start: '2026-03-02', samples: [1] };
  it('an item added ahead moves the date by exactly one working day, all of it scope', () => {
    const a = attributeDateChange({ ...base, items: items(['A', 'B', 'T']) }, { ...base, items: items(['A', 'N', 'B', 'T']) }, 'T', { seed: 1, trials: 200 });
    assert.equal(a.oldDate, '2026-03-04');
    assert.equal(a.newDate, '2026-03-05');
    assert.deepEqual(a.factors.map((f) => [f.factor, f.days]), [['scope', 1], ['order', 0], ['throughput', 0], ['calendar', 0], ['interaction', 0]]);
    assert.deepEqual(attributionSentences(a).slice(1), ['1 day later: items added or removed ahead of it']);
  });
  it('order, throughput and calendar changes are told apart and add up to the total', () => {
    const before = { ...base, items: items(['A', 'B', 'C', 'T', 'D']) };
    // two days off (Tue, Wed) push T from Thu 5 to Mon 9: 4 calendar days
    const after = { start: '2026-03-02', samples: [1, 0, 1, 0, 1], calendar: { daysOff: [{ from: '2026-03-03', to: '2026-03-04' }] }, items: items(['D', 'A', 'T', 'B', 'C']) };
    const a = attributeDateChange(before, after, 'T', { seed: 7, trials: 2000 });
    const by = Object.fromEntries(a.factors.map((f) => [f.factor, f.days]));
    assert.ok(by.order === -1 && by.throughput! > 0 && by.calendar === 4 && by.scope === 0, JSON.stringify(by));
    assert.equal(a.factors.reduce((s, f) => s + f.days!, 0), a.totalDays);
    assert.ok(attributionSentences(a, 'fr').some((l) => l.includes('plus tard')));
  });
});
