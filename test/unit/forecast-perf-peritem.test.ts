// The per-item fast paths (strict order: integer table for whole-number weights, local pointer for
// fractional ones) give exactly the rows of the general loop, which runs when trials are kept.
import assert from 'node:assert/strict';
import { simulatePerItem, type PerItemInput } from '../../src/core/forecast';

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
