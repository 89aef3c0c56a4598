// Reference conformance: every deterministic vector and statistical check of
// shared/reference/forecasting.md, and the reference tool's defects proved absent.
import assert from 'node:assert/strict';
import { CompiledCalendar, atLeast, buildDailyHistory, cdfAt, dayOf, howMany, isoOf, samplesSource, simulateHowMany, simulateWhen, sr, when } from '../../src/core/forecast';
import { binomial, cellKey, trialKey, uniform } from '../../src/core/forecast/prng';

const SEED = 12345;
const MON = dayOf('2026-03-02');
const cal = new CompiledCalendar();

function fixedDays(count: number, ratio = 1) {
  const fd = cal.forecastDays(MON, count);
  return { days: fd.days, ratios: fd.ratios.map(() => ratio) };
}

function when1(history: number[], remaining: number, c = cal, trials = 200) {
  const fd = c.forecastDays(MON, 2610);
  const f = simulateWhen({ samples: Float64Array.from(history), ...fd, trials, seed: SEED, count: remaining });
  return Array.from(f, (i) => (i < 0 ? null : isoOf(fd.days[i])));
}

describe('forecast vectors: stochastic rounding', () => {
  it('sr(0) and sr(-1.5) are 0; integers are unchanged whatever the draw', () => {
    for (const u of [0, 0.3, 0.999]) {
      assert.equal(sr(0, u), 0);
      assert.equal(sr(-1.5, u), 0);
      assert.equal(sr(3, u), 3);
      assert.equal(sr(4, u), 4);
    }
  });
  it('sr(2.5) over 200 draws gives only 2 or 3, and both occur', () => {
    const seen = new Set<number>();
    for (let j = 0; j < 200; j++) seen.add(sr(2.5, uniform(cellKey(trialKey(1, j), 0), 2)));
    assert.deepEqual([...seen].sort(), [2, 3]);
  });
});

describe('forecast vectors: How Many', () => {
  it('history [3] over 5 forecast days gives 15 in every trial', () => {
    const t = simulateHowMany({ samples: Float64Array.of(3), ...fixedDays(5), trials: 1000, seed: SEED });
    assert.ok(t.every((x) => x === 15));
  });
  it('history [3] with ratio 0.5 on 5 days stays in [5, 10] with mean 7.5 +/- 0.05 over 20k trials', () => {
    const t = simulateHowMany({ samples: Float64Array.of(3), ...fixedDays(5, 0.5), trials: 20_000, seed: SEED });
    assert.ok(t.every((x) => x >= 5 && x <= 10));
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    assert.ok(Math.abs(mean - 7.5) <= 0.05, `mean ${mean}`);
  });
  it('an empty or all-zero history, or ratio 0 on every day, gives 0 in every trial', () => {
    for (const [h, r] of [[[], 1], [[0, 0, 0], 1], [[3, 5], 0]] as [number[], number][]) {
      const t = simulateHowMany({ samples: Float64Array.from(h), ...fixedDays(5, r), trials: 500, seed: SEED });
      assert.ok(t.every((x) => x === 0));
    }
  });
  it('history [3,5,7] over 10 days: mean 50 +/- 0.5, sd 5.16 +/- 0.2, atLeast 50/48/44/42 +/- 1', () => {
    const t = simulateHowMany({ samples: Float64Array.of(3, 5, 7), ...fixedDays(10), trials: 10_000, seed: SEED });
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / t.length);
    assert.ok(Math.abs(mean - 50) <= 0.5, `mean ${mean}`);
    assert.ok(Math.abs(sd - Math.sqrt((10 * 8) / 3)) <= 0.2, `sd ${sd}`);
    [50, 48, 44, 42].forEach((want, i) => assert.ok(Math.abs(atLeast(t, [0.5, 0.7, 0.85, 0.95][i]) - want) <= 1));
  });
});

describe('forecast vectors: When', () => {
  it('history [5] from Monday 2026-03-02: 20 items on 2026-03-05, 21 items on 2026-03-06', () => {
    assert.ok(when1([5], 20).every((d) => d === '2026-03-05'));
    assert.ok(when1([5], 21).every((d) => d === '2026-03-06'));
  });
  it('ratio 0 on 2026-03-02 moves 5 items to 2026-03-03', () => {
    const c = new CompiledCalendar({ capacity: { '2026-03-02': 0 } });
    assert.ok(when1([5], 5, c).every((d) => d === '2026-03-03'));
  });
  it('remaining 0 finishes on the start date (the first forecast day) in every trial', () => {
    assert.ok(when1([5], 0).every((d) => d === '2026-03-02'));
    const sat = new CompiledCalendar();
    const fd = sat.forecastDays(dayOf('2026-03-07'), 10);
    const f = simulateWhen({ samples: Float64Array.of(5), ...fd, trials: 10, seed: 1, count: 0 });
    assert.ok(Array.from(f).every((i) => isoOf(fd.days[i]) === '2026-03-09'));
  });
  it('history [0] never finishes: reported as not within horizon (100%), never as a date (defects 5, 6)', () => {
    assert.ok(when1([0], 3).every((d) => d === null));
    assert.ok(when1([0, 0, 0], 3).every((d) => d === null));
  });
});

describe('forecast vectors: percentiles and CDF', () => {
  it('atLeast([1..5]) at .50/.70/.85/.95 is 3/2/1/1', () => {
    assert.deepEqual([0.5, 0.7, 0.85, 0.95].map((p) => atLeast([1, 2, 3, 4, 5], p)), [3, 2, 1, 1]);
  });
  it('atLeast(1..100) at .50/.70/.85/.95 is 51/31/16/6', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual([0.5, 0.7, 0.85, 0.95].map((p) => atLeast(v, p)), [51, 31, 16, 6]);
  });
  it('atLeast of fifty 10s and fifty 20s is 20 at .50 and 10 at .51; atLeast([]) is 0', () => {
    const v = [...new Array<number>(50).fill(10), ...new Array<number>(50).fill(20)];
    assert.equal(atLeast(v, 0.5), 20);
    assert.equal(atLeast(v, 0.51), 10);
    assert.equal(atLeast([], 0.85), 0);
  });
  it('CDF of completions [Jan1, Jan2, Jan2, Jan3] at [Dec31, Jan1, Jan2, Jan3] is [0, .25, .75, 1]', () => {
    const d = (s: string) => dayOf(s);
    assert.deepEqual(cdfAt([d('2026-01-01'), d('2026-01-02'), d('2026-01-02'), d('2026-01-03')], ['2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03'].map(d)), [0, 0.25, 0.75, 1]);
  });
});

describe('forecast vectors: project share', () => {
  it('share thinning keeps project + BAU == total; 0 gives all BAU, 1 all project; out of range is clamped', () => {
    const cell = cellKey(trialKey(7, 0), 0);
    for (const total of [0, 1, 17, 50]) {
      const project = binomial(total, 0.3, cell, 3);
      assert.ok(project >= 0 && project <= total && project + (total - project) === total);
      assert.equal(binomial(total, 0, cell, 3), 0);
      assert.equal(binomial(total, 1, cell, 3), total);
      assert.equal(binomial(total, -2, cell, 3), 0);
      assert.equal(binomial(total, 7, cell, 3), total);
    }
  });
  it('share 0.8 over 2,000 totals of 50 realises a share within +/- 0.02', () => {
    let got = 0;
    for (let t = 0; t < 2000; t++) got += binomial(50, 0.8, cellKey(trialKey(SEED, t), 0x7ffffff0), 3);
    assert.ok(Math.abs(got / (2000 * 50) - 0.8) <= 0.02);
  });
  it('When thins each day: share 0.5 of [10] takes about twice as long as share 1 (no round-half-even bias)', () => {
    const src = samplesSource(new Array<number>(20).fill(10));
    const full = when(src, { start: '2026-03-02', remaining: 100, seed: 1, trials: 2000 });
    const half = when(src, { start: '2026-03-02', remaining: 100, seed: 1, trials: 2000, share: 0.5 });
    assert.ok(full.kind === 'ok' && half.kind === 'ok');
    assert.equal(full.percentiles[0].date, '2026-03-13'); // 10 working days
    const h50 = dayOf(half.percentiles[0].date!);
    assert.ok(h50 >= dayOf('2026-03-27') && h50 <= dayOf('2026-03-31'), half.percentiles[0].date!);
  });
});

describe('forecast defects of the reference tool are absent', () => {
  it('defect 3: completions on a weekend or team day off count on the next working day', () => {
    const c = new CompiledCalendar({ daysOff: [{ from: '2026-03-04' }] });
    const h = buildDailyHistory(c, [dayOf('2026-03-02'), dayOf('2026-03-04'), dayOf('2026-03-07'), dayOf('2026-03-08')], undefined, { from: dayOf('2026-03-02'), to: dayOf('2026-03-10') });
    // working days: Mon 2, Tue 3, Thu 5, Fri 6, Mon 9, Tue 10
    assert.deepEqual(Array.from(h.samples), [1, 0, 1, 0, 2, 0]);
  });
  it('defects 1 and 2: the last day of a range is inclusive, and days without capacity data keep ratio 1', () => {
    const c = new CompiledCalendar({ daysOff: [{ from: '2026-01-06', to: '2026-01-06' }], capacity: { '2026-01-07': 5 / 11, '2026-01-08': 1 / 11 } });
    assert.deepEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-16'].map((d) => c.ratio(dayOf(d))), [1, 0, 5 / 11, 1 / 11, 1]);
    const fd = c.forecastDaysUntil(dayOf('2026-01-05'), dayOf('2026-01-16'));
    assert.equal(isoOf(fd.days[fd.days.length - 1]), '2026-01-16');
    assert.equal(fd.days.length, 9);
  });
  it('defect 5: no 180-day cap: a slow When lands beyond 180 days with a real date', () => {
    const d = when1([1], 300, cal, 20);
    assert.ok(d.every((x) => x !== null && dayOf(x) - MON > 180));
  });
  it('defect 7: the same inputs and seed give identical numbers; another seed gives another sample', () => {
    const src = samplesSource([0, 2, 5, 1, 3, 0, 4, 2, 6, 1, 3]);
    const a = howMany(src, { start: '2026-03-02', targetDate: '2026-04-30', seed: 9, trials: 3000 });
    const b = howMany(src, { start: '2026-03-02', targetDate: '2026-04-30', seed: 9, trials: 3000 });
    const c = howMany(src, { start: '2026-03-02', targetDate: '2026-04-30', seed: 10, trials: 3000 });
    assert.ok(a.kind === 'ok' && b.kind === 'ok' && c.kind === 'ok');
    assert.deepEqual(Array.from(a.totals), Array.from(b.totals));
    assert.notDeepEqual(Array.from(a.totals), Array.from(c.totals));
  });
  it('defect 6: zero throughput is "cannot forecast", never a date', () => {
    const r = when(samplesSource(new Array<number>(20).fill(0)), { start: '2026-03-02', remaining: 5, seed: 1 });
    assert.equal(r.kind, 'cannotForecast');
    assert.ok(!('percentiles' in r));
  });
  it('defect 10: 10,000 trials x 90 working days runs well under the reference 6.6 s', () => {
    const t0 = Date.now();
    simulateHowMany({ samples: Float64Array.of(3, 5, 7, 0, 2), ...fixedDays(90, 0.8), trials: 10_000, seed: 1 });
    assert.ok(Date.now() - t0 < 1500);
  });
});
