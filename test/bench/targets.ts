// Bench (node out/test/bench/targets.js): what the likelihood of meeting target dates adds to the
// per-item forecast of the board's cards. 10,000 ranked items, 10,000 trials; the same forecast
// without target dates is the reference, run alternately in the same process (medians of per-pair
// ratios, so a busy machine slows both alike).
import { performance } from 'node:perf_hooks';
import { isoOf, perItem, samplesSource } from '../../src/core/forecast';

const RUNS = Number(process.env.FLOWCAST_BENCH_RUNS ?? 5);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const START = 20_454; // 2026-01-01
const history = Array.from({ length: 60 }, (_, i) => [0, 3, 5, 2, 8, 4, 6][i % 7] * 10);
const source = samplesSource(history);

function run(items: number, withTargets: number): number {
  const list = Array.from({ length: items }, (_, i) => ({ id: `T-${i + 1}`, ...(i < withTargets ? { targetDate: isoOf(START + 5 + ((i * 37) % 365)) } : {}) }));
  const t = performance.now();
  const r = perItem(source, { start: isoOf(START), seed: 1, trials: 10_000, items: list });
  if (r.kind !== 'ok') throw new Error('refused');
  return performance.now() - t;
}

for (const [items, targets] of [
  [10_000, 100],
  [10_000, 1_000],
  [10_000, 10_000],
] as const) {
  run(items, 0);
  run(items, targets);
  const ref: number[] = [];
  const withT: number[] = [];
  const ratios: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const a = run(items, 0);
    const b = run(items, targets);
    ref.push(a);
    withT.push(b);
    ratios.push(b / a);
  }
  console.log(`perItem ${items} items, ${targets} with a target date: ${median(withT).toFixed(1)} ms vs ${median(ref).toFixed(1)} ms without (ratio ${median(ratios).toFixed(3)})`);
}
