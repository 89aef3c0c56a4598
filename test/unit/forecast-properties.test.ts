// Property-based checks of the forecast engine (fast-check): monotone percentiles, common random
// numbers (more days / less capacity / an item added ahead never help any trial), determinism.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompiledCalendar, PERCENTILES, atLeast, dayOf, samplesSource, simulateHowMany, simulatePerItem, when } from '../../src/core/forecast';

const START = dayOf('2026-03-02');
const history = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 30 }).map((a) => Float64Array.from(a));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const runs = { numRuns: 60 };

describe('forecast properties', () => {
  it('How Many percentiles are monotone: P95 <= P85 <= P70 <= P50', () => {
    fc.assert(
      fc.property(history, seed, fc.integer({ min: 1, max: 60 }), (h, s, len) => {
        const fd = new CompiledCalendar().forecastDays(START, len);
        const t = simulateHowMany({ samples: h, ...fd, trials: 300, seed: s });
        const v = PERCENTILES.map((p) => atLeast(t, p));
        for (let i = 1; i < v.length; i++) assert.ok(v[i] <= v[i - 1]);
      }),
      runs,
    );
  });

  it('When percentiles are later or equal dates as p grows', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 30 }), seed, fc.integer({ min: 0, max: 80 }), (h, s, n) => {
        if (h.filter((x) => x > 0).length < 5) return;
        const r = when(samplesSource(h), { start: '2026-03-02', remaining: n, seed: s, trials: 300 });
        assert.equal(r.kind, 'ok');
        if (r.kind !== 'ok') return;
        const ds = r.percentiles.map((p) => (p.date === null ? Infinity : dayOf(p.date)));
        for (let i = 1; i < ds.length; i++) assert.ok(ds[i] >= ds[i - 1]);
      }),
      runs,
    );
  });

  it('with the same seed, adding a forecast day never lowers any trial of How Many', () => {
    fc.assert(
      fc.property(history, seed, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 39 }), (h, s, len, drop) => {
        const fd = new CompiledCalendar().forecastDays(START, len);
        const k = drop % len;
        const fewer = { days: fd.days.filter((_, i) => i !== k), ratios: fd.ratios.filter((_, i) => i !== k) };
        const a = simulateHowMany({ samples: h, ...fewer, trials: 200, seed: s });
        const b = simulateHowMany({ samples: h, ...fd, trials: 200, seed: s });
        for (let t = 0; t < a.length; t++) assert.ok(b[t] >= a[t]);
      }),
      runs,
    );
  });

  it("with the same seed, lowering a day's capacity ratio never raises any trial of How Many", () => {
    fc.assert(
      fc.property(history, seed, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 39 }), fc.double({ min: 0, max: 1, noNaN: true }), (h, s, len, at, factor) => {
        const fd = new CompiledCalendar().forecastDays(START, len);
        const ratios = Float64Array.from(fd.ratios, (r, i) => (i % 3 === 1 ? 0.7 : r));
        const lower = Float64Array.from(ratios, (r, i) => (i === at % len ? r * factor : r));
        const a = simulateHowMany({ samples: h, days: fd.days, ratios, trials: 200, seed: s });
        const b = simulateHowMany({ samples: h, days: fd.days, ratios: lower, trials: 200, seed: s });
        for (let t = 0; t < a.length; t++) assert.ok(b[t] <= a[t]);
      }),
      runs,
    );
  });

  it("in strict order (k = 1), adding an item ahead of another never makes that item's date earlier in any trial", () => {
    fc.assert(
      fc.property(history, seed, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 15 }), fc.nat(), fc.integer({ min: 1, max: 4 }), (h, s, w, at, extra) => {
        if (!h.some((x) => x > 0)) return;
        const fd = new CompiledCalendar().forecastDays(START, 400);
        const pos = at % (w.length + 1);
        const keys = Int32Array.from(w, (_, i) => i + 1);
        const base = simulatePerItem({ samples: h, ...fd, trials: 100, seed: s, weights: Float64Array.from(w), keys, keepTrials: true });
        const w2 = [...w.slice(0, pos), extra, ...w.slice(pos)];
        const k2 = Int32Array.from([...keys.slice(0, pos), 999, ...keys.slice(pos)]);
        const more = simulatePerItem({ samples: h, ...fd, trials: 100, seed: s, weights: Float64Array.from(w2), keys: k2, keepTrials: true, split: { low: 1, high: 1 } });
        const never = (x: number) => (x < 0 ? Infinity : x);
        for (let t = 0; t < 100; t++)
          for (let i = pos; i < w.length; i++) assert.ok(never(more.trials![t * w2.length + i + 1]) >= never(base.trials![t * w.length + i]));
      }),
      { numRuns: 40 },
    );
  });

  it('same inputs and seed give identical output (How Many, When, per item with every knob)', () => {
    fc.assert(
      fc.property(history, seed, (h, s) => {
        const fd = new CompiledCalendar({ capacity: { '2026-03-04': 0.5 } }).forecastDays(START, 300);
        const args = { samples: h, ...fd, trials: 100, seed: s, share: 0.7, weights: Float64Array.of(1, 2, 3, 1), keys: Int32Array.of(5, 6, 7, 8), parallel: 2, split: { low: 1, high: 2.5 }, blockedBy: [[], [3], [], []], growth: { samples: Float64Array.of(0, 1, 2) }, keepTrials: true };
        assert.deepEqual(simulatePerItem(args).trials, simulatePerItem(args).trials);
        assert.deepEqual(simulateHowMany(args), simulateHowMany(args));
      }),
      { numRuns: 30 },
    );
  });
});
