// Forecast sources: extraction from a real sql.js backlog with a known history, typed samples,
// CSV of dates (formats, quoting, all-or-nothing on bad rows), time zones, per-item knobs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompiledCalendar, CsvDatesError, backlogSource, dayOf, extractBacklog, howMany, isoOf, localDay, parseCsvDates, parseSamples, parseTrackerDate, perItem, samplesSource, simulatePerItem, spreadWeekly, csvSource, when } from '../../src/core/forecast';
import { openClockedRepo } from './helpers';

const openRepo = openClockedRepo;

describe('forecast sources: local backlog extraction', () => {
  it('reads first completions, starts, created times, board order and open blockers from a real backlog', async () => {
    const { repo, db, at } = await openRepo();
    const mk = (iso: string, title: string, status?: string) => at(iso, () => repo.createItem({ title, ...(status ? { status } : {}), effort: 'S' }).id);
    const move = (iso: string, id: string, status: string) => at(iso, () => repo.moveItem(id, { status }));
    const A = mk('2026-03-02T09:00:00.000Z', 'A');
    move('2026-03-03T09:00:00.000Z', A, 'in_progress');
    move('2026-03-07T10:00:00.000Z', A, 'done'); // a Saturday: counts on Monday 2026-03-09
    move('2026-03-10T10:00:00.000Z', A, 'in_progress'); // reopened
    move('2026-03-12T10:00:00.000Z', A, 'done'); // counts once, at its first completion
    const B = mk('2026-03-02T09:00:00.000Z', 'B');
    move('2026-03-04T09:00:00.000Z', B, 'done'); // never in progress
    const C = mk('2026-03-05T09:00:00.000Z', 'C', 'ready');
    const D = mk('2026-03-05T09:00:00.000Z', 'D', 'in_progress');
    const E = mk('2026-03-05T09:00:00.000Z', 'E');
    at('2026-03-06T00:00:00.000Z', () => repo.addRelation(E, 'blocks', C));
    const x = extractBacklog(repo, { transitions: true });
    const ia = x.ids.indexOf(A);
    assert.equal(new Date(x.doneMs[ia]).toISOString(), '2026-03-07T10:00:00.000Z');
    assert.equal(new Date(x.startMs[ia]).toISOString(), '2026-03-03T09:00:00.000Z');
    assert.ok(Number.isNaN(x.startMs[x.ids.indexOf(B)]));
    assert.deepEqual(x.ranked.map((r) => r.id), [D, C, E]); // in progress first, then ready, then backlog
    assert.deepEqual(x.ranked.find((r) => r.id === C)?.blockedBy, [E]);
    assert.ok(x.transitions && x.transitions.item.length >= 9);
    const h = backlogSource(x).history(new CompiledCalendar(), { from: dayOf('2026-03-02'), to: dayOf('2026-03-13') });
    assert.deepEqual(Array.from(h.days, isoOf).slice(0, 6), ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11']);
    assert.deepEqual(Array.from(h.samples), [1, 0, 0, 1, 0, 0, 0, 0]);
    const units = backlogSource(x).history(new CompiledCalendar(), { from: dayOf('2026-03-02'), to: dayOf('2026-03-13') }, { units: { XS: 1, S: 2, M: 3, L: 5, XL: 8 }, unsized: 3 });
    assert.equal(units.samples.reduce((a, b) => a + b, 0), 4); // two S items
    await db.close();
  });

  it('a forecast on a young backlog is refused with what is missing, never a date', async () => {
    const { repo, db, at } = await openRepo();
    for (const d of ['2026-03-02', '2026-03-03']) {
      const id = at(`${d}T08:00:00.000Z`, () => repo.createItem({ title: d }).id);
      at(`${d}T12:00:00.000Z`, () => repo.moveItem(id, { status: 'done' }));
    }
    const r = when(backlogSource(extractBacklog(repo)), { start: '2026-03-20', remaining: 10, seed: 1, window: { from: '2026-03-02' } });
    assert.equal(r.kind, 'notEnoughData');
    assert.ok(r.kind === 'notEnoughData' && r.daysWithCompletion === 2 && r.needed === 5);
    const short = when(backlogSource(extractBacklog(repo)), { start: '2026-03-20', remaining: 10, seed: 1, window: { from: '2026-03-16' } });
    assert.equal(short.kind, 'windowTooShort');
    await db.close();
  });
});

describe('forecast sources: time zones and typed samples', () => {
  it('a timestamp falls on the calendar day of the team time zone', () => {
    const t = Date.parse('2026-03-06T23:30:00.000Z');
    assert.equal(isoOf(localDay(t)), '2026-03-06');
    assert.equal(isoOf(localDay(t, 'Europe/Paris')), '2026-03-07');
    assert.equal(isoOf(localDay(Date.parse('2026-03-07T03:00:00.000Z'), 'America/New_York')), '2026-03-06');
  });
  it('typed samples parse "3, 5, 0 7" and name the bad position', () => {
    assert.deepEqual(parseSamples('3, 5, 0 7;2\n1.5'), [3, 5, 0, 7, 2, 1.5]);
    assert.throws(() => parseSamples('3, x, 4'), /samples\[1\]/);
    assert.throws(() => parseSamples('3, -1'), /samples\[1\]/);
  });
  it('weekly samples spread over the working days keep each week total', () => {
    assert.deepEqual(spreadWeekly([12, 3], 5), [3, 3, 2, 2, 2, 1, 1, 1, 0, 0]);
    const r = howMany(samplesSource([12, 3, 10, 8], 'week'), { start: '2026-03-02', targetDate: '2026-03-06', seed: 3 });
    assert.equal(r.kind, 'ok'); // 20 daily samples: accepted
  });
});

describe('forecast sources: CSV of dates', () => {
  const csv = ['Key,Summary,Resolved,Created,Started', 'A-1,"Login, with comma",2026-03-02,2026-02-20,2026-02-25', 'A-2,"two', 'lines",02/Mar/26 3:45 PM,2026-02-21 10:00,', 'A-3,open item,,2026-02-22,', 'A-4,us date,03/04/2026,,', 'A-5,iso,2026-03-05T23:30:00Z,,'].join('\r\n');
  it('reads ISO, "YYYY-MM-DD HH:mm", Jira and US dates, quoted commas and newlines; open rows are skipped', () => {
    const d = parseCsvDates(csv, { done: 'resolved', created: 'Created', start: 'Started' }, 'Europe/Paris');
    assert.deepEqual(Array.from(d.done, isoOf), ['2026-03-02', '2026-03-02', '2026-03-04', '2026-03-06']);
    assert.equal(d.openRows, 1);
    assert.equal(d.created.length, 3);
    assert.equal(parseTrackerDate('31/Feb/26 1:00 AM'), undefined);
    assert.equal(isoOf(parseTrackerDate('1/Jan/2027')!), '2027-01-01');
  });
  it('bad rows are all reported with their line numbers and nothing is imported', () => {
    const bad = ['Key,Resolved', 'A,2026-03-02', 'B,yesterday', 'C,2026-13-01', 'D,2026-03-03'].join('\n');
    assert.throws(
      () => parseCsvDates(bad, { done: 'Resolved' }),
      (e: unknown) => e instanceof CsvDatesError && e.problems.map((p) => p.line).join() === '3,4' && e.code === 'import_failed',
    );
    assert.throws(() => parseCsvDates(bad, { done: 'Done date' }), /no column named "Done date"/);
  });
  it('property: any CSV with at least one bad done date throws and returns nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('2026-03-02'), fc.constant('bad'), fc.constant('')), { minLength: 1, maxLength: 20 }), (cells) => {
        const text = ['done', ...cells.map((c) => (c === '' ? '""' : c))].join('\n');
        let out: unknown;
        try {
          out = parseCsvDates(text, { done: 'done' });
        } catch (e) {
          assert.ok(e instanceof CsvDatesError && cells.includes('bad'));
          return;
        }
        assert.ok(!cells.includes('bad') && out);
      }),
    );
  });
  it('a CSV source forecasts from its dates', () => {
    const rows = ['done'];
    for (let d = dayOf('2026-01-05'); d < dayOf('2026-03-01'); d++) if (d % 2) rows.push(isoOf(d));
    const r = howMany(csvSource(parseCsvDates(rows.join('\n'), { done: 'done' })), { start: '2026-03-02', targetDate: '2026-03-13', seed: 1, trials: 500 });
    assert.equal(r.kind, 'ok');
  });
});

describe('forecast per item: knobs', () => {
  const cal = new CompiledCalendar();
  const fd = cal.forecastDays(dayOf('2026-03-02'), 400);
  const base = { samples: Float64Array.of(1), ...fd, trials: 50, seed: 4, keepTrials: true };
  it('strict order: each item is done the day its turn comes (history [1], 1 unit each)', () => {
    const r = simulatePerItem({ ...base, weights: Float64Array.of(1, 1, 1), keys: Int32Array.of(1, 2, 3) });
    assert.deepEqual(Array.from(r.trials!.subarray(0, 3)), [0, 1, 2]);
  });
  it('an item is never done before an open item that blocks it (blocker ranked below)', () => {
    const r = simulatePerItem({ ...base, weights: Float64Array.of(1, 1, 1), keys: Int32Array.of(1, 2, 3), blockedBy: [[2], [], []] });
    for (let t = 0; t < 50; t++) assert.ok(r.trials![t * 3] >= 2); // item 0 waits for item 2; its date is then the prefix max
  });
  it('weights count units: an item of 3 units takes 3 days at 1 unit a day', () => {
    const r = simulatePerItem({ ...base, weights: Float64Array.of(3, 1), keys: Int32Array.of(1, 2) });
    assert.deepEqual(Array.from(r.trials!.subarray(0, 2)), [2, 3]);
  });
  it('split rate 2-2 doubles every item; parallel k = 2 spreads units over the top two items', () => {
    const s = simulatePerItem({ ...base, weights: Float64Array.of(1, 1), keys: Int32Array.of(1, 2), split: { low: 2, high: 2 } });
    assert.deepEqual(Array.from(s.trials!.subarray(0, 2)), [1, 3]);
    const p = simulatePerItem({ ...base, samples: Float64Array.of(2), weights: Float64Array.of(4, 4), keys: Int32Array.of(1, 2), parallel: 2 });
    let firstLater = 0;
    for (let t = 0; t < 50; t++) if (p.trials![t * 2] > 1) firstLater++;
    assert.ok(firstLater > 0, 'with k = 2 the top item sometimes finishes later than in strict order');
  });
  it('perItem over typed samples gives every listed item four dates in order, a blocked item waiting for its blocker', () => {
    const samples = samplesSource([2, 3, 1, 0, 4, 2, 2, 3, 1, 2, 5]);
    const r = perItem(samples, { start: '2026-03-02', seed: 1, trials: 500, items: [{ id: 'A' }, { id: 'B', blockedBy: ['C'] }, { id: 'C' }] });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    for (const it of r.items) for (let i = 1; i < 4; i++) assert.ok(it.percentiles[i].date! >= it.percentiles[i - 1].date!);
    assert.equal(r.items[1].percentiles[2].date, r.items[2].percentiles[2].date); // B waits for C
  });
});
