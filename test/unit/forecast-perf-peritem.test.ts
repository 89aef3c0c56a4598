// The per-item fast paths (strict order: integer table for whole-number weights, local pointer for
// fractional ones) give exactly the rows of the general loop, which runs when trials are kept, and
// of the plain definition written out in the test (random inputs, fast-check).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompiledCalendar, STREAM, binomial, cellKey, cellUnits, dayOf, simulatePerItem, trialKey, type PerItemInput } from '../../src/core/forecast';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function randomInput(k: number): PerItemInput {
  const rnd = lcg(k + 1);
  const whole = rnd() < 0.7;
  const samples = Float64Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => (whole ? Math.floor(rnd() * 6) : rnd() * 5));
  const h = 20 + Math.floor(rnd() * 150);
  const m = 1 + Math.floor(rnd() * 40);
  const wholeWeights = rnd() < 0.7;
  const input: PerItemInput = {
    samples,
    days: Int32Array.from({ length: h }, (_, i) => 20_000 + i),
    ratios: Float64Array.from({ length: h }, () => (rnd() < 0.8 ? 1 : rnd())),
    trials: 60,
    seed: k,
    weights: Float64Array.from({ length: m }, () => (rnd() < 0.1 ? 0 : wholeWeights ? 1 + Math.floor(rnd() * 5) : rnd() * 4)),
    keys: Int32Array.from({ length: m }, (_, i) => i * 7919 + k),
  };
  if (rnd() < 0.3) input.share = rnd();
  if (rnd() < 0.2) input.split = { low: 1, high: 1 + rnd() };
  if (rnd() < 0.2) input.growth = { samples: Float64Array.from([0, 1, 2, 0.5]) };
  return input;
}

const rowsOf = (r: ReturnType<typeof simulatePerItem>) => r.rows.map((x) => (x ? Array.from(x) : null));

describe('forecast per-item fast paths', () => {
  it('give the same rows and trial-days as the general loop on 200 random inputs (whole and fractional weights, zero weights, share, split, growth, calendar ratios)', () => {
    let whole = 0;
    for (let k = 0; k < 200; k++) {
      const input = randomInput(k);
      const fast = simulatePerItem(input);
      const general = simulatePerItem({ ...input, keepTrials: true });
      assert.deepEqual(rowsOf(fast), rowsOf(general), `input ${k}`);
      assert.equal(fast.trialDays, general.trialDays, `input ${k}`);
      if (input.weights.every((w) => Number.isInteger(w)) && !input.split) whole++;
    }
    assert.ok(whole > 50, 'the integer fast path was exercised');
  });
});

/**
 * The plain definition, written out with no tables, plan or histogram: for each trial, each day's
 * units are cellUnits() of its cell key (thinned by the share), poured down the list in order; an
 * item's day is the day its last unit is done (prefix-max dates, as the rows count them).
 */
function referenceRows(input: PerItemInput): { rows: (number[] | null)[]; trialDays: number } {
  const { samples, days, ratios, weights, trials, seed } = input;
  const share = input.share ?? 1;
  const H = days.length;
  const m = weights.length;
  const rows: (number[] | null)[] = Array.from({ length: H + 1 }, () => null);
  const add = (d: number, i: number) => ((rows[d] ??= new Array<number>(m + 1).fill(0))[i] += 1);
  const moves = samples.some((x) => x > 0);
  let trialDays = 0;
  for (let t = 0; t < trials; t++) {
    const tk = trialKey(seed, t);
    const doneDay = new Array<number>(m).fill(-1);
    const rem = Array.from(weights);
    let top = 0;
    const skipDone = (d: number) => {
      while (top < m && rem[top] <= 1e-9) doneDay[top++] = d;
    };
    skipDone(0);
    for (let d = 0; d < H && top < m && moves; d++) {
      trialDays++;
      const cell = cellKey(tk, days[d]);
      let c = cellUnits(samples, samples.length, cell, ratios[d]);
      if (share < 1) c = binomial(c, share, cell, STREAM.share);
      while (c > 1e-9 && top < m) {
        const use = Math.min(c, rem[top]);
        rem[top] -= use;
        c -= use;
        skipDone(d);
      }
    }
    for (let i = 0; i < m; i++) add(doneDay[i] < 0 ? H : doneDay[i], i);
  }
  return { rows, trialDays };
}

/** Rows with the holes (days no trial reached) as null, like the reference's. */
const denseRows = (r: ReturnType<typeof simulatePerItem>) => Array.from(r.rows, (x) => (x ? Array.from(x) : null));

describe('forecast per-item integer path against the plain definition (fast-check)', () => {
  const input = fc
    .record({
      samples: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 25 }),
      horizon: fc.integer({ min: 1, max: 400 }),
      ratios: fc.array(fc.constantFrom(1, 1, 1, 1, 0.5, 0.8, 1.5), { minLength: 1, maxLength: 400 }),
      gaps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 400 }),
      weights: fc.array(fc.constantFrom(0, 1, 1, 1, 2, 3, 8), { minLength: 1, maxLength: 120 }),
      trials: fc.integer({ min: 1, max: 41 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      share: fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: undefined }),
    })
    .map((r): PerItemInput => {
      let day = 20_000;
      return {
        samples: Float64Array.from(r.samples),
        days: Int32Array.from({ length: r.horizon }, (_, i) => (day += r.gaps[i % r.gaps.length])),
        ratios: Float64Array.from({ length: r.horizon }, (_, i) => r.ratios[i % r.ratios.length]),
        weights: Float64Array.from(r.weights),
        keys: Int32Array.from(r.weights, (_, i) => i * 7919),
        trials: r.trials,
        seed: r.seed,
        ...(r.share === undefined ? {} : { share: r.share }),
      };
    });

  it('gives exactly the rows and trial-days of the plain definition: even and odd trial counts (trials run in pairs), unit and larger weights, zero weights, share, capacity ratios, long horizons', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const fast = simulatePerItem(inp);
        const ref = referenceRows(inp);
        assert.deepEqual(denseRows(fast), ref.rows);
        assert.equal(fast.trialDays, ref.trialDays);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same rows as the plain definition on a 500-item unit-weight list over a 2,610-day horizon (the benchmark case, fewer trials)', () => {
    const fd = new CompiledCalendar({ capacity: { '2027-01-12': 0.5 }, daysOff: [{ from: '2027-02-15', to: '2027-02-19' }] }).forecastDays(dayOf('2027-01-04'), 2610);
    const inp: PerItemInput = { samples: Float64Array.from([0, 2, 5, 1, 3, 0, 4, 2, 6, 1]), ...fd, trials: 301, seed: 7, weights: new Float64Array(500).fill(1), keys: Int32Array.from({ length: 500 }, (_, i) => i) };
    const fast = simulatePerItem(inp);
    const ref = referenceRows(inp);
    assert.deepEqual(denseRows(fast), ref.rows);
    assert.equal(fast.trialDays, ref.trialDays);
  });
});
