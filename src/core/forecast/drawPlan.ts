// Per-run tables that let the hot loops draw a trial-day's units with the same numbers as
// cellUnits() but without data-dependent branches: day hashes, runs of full-capacity days, and
// floor/fraction tables of sample x ratio for the other days (the stochastic rounding then costs
// one compare whose result is added, never branched on).
import { STREAM, keyHash, mix32 } from './prng';

const INV_2_32 = 1 / 4294967296;
const ROUND_OFFSET = Math.imul(STREAM.round, 0x27d4eb2d);
/** Largest floor/fraction table (entries) built; past it the odd days fall back to cellUnits(). */
const TABLE_MAX = 1 << 20;
const FIRST_CHECKPOINT = 64;

export interface DrawPlan {
  readonly days: Int32Array;
  readonly samples: Float64Array;
  /** The samples as 32-bit integers when they are all whole (then <= 2^24), else empty. */
  readonly wholeSamples: Int32Array;
  /**
   * `dh` then `wholeSamples` in ONE typed array (both are views of it, at 0 and at `days.length`):
   * a hot loop that reads both through it pays one typed-array check instead of two.
   */
  readonly mem: Int32Array;
  /** Samples length and the factor turning a cell key into a sample index (n / 2^32: exact). */
  readonly n: number;
  readonly scale: number;
  readonly ratios: Float64Array;
  /** Hash of each forecast day (see prng.ts), computed lazily: valid below `hashed` (see hashThrough). */
  readonly dh: Int32Array;
  hashed: number;
  /**
   * Indexes of the days that are not plain full-capacity days, then the day count: the days
   * between two stops draw a whole-number sample and nothing else (no rounding draw).
   */
  readonly stops: Int32Array;
  /** 1 for the plain full-capacity days (the days that are not stops). */
  readonly full: Uint8Array;
  /** Per stop day: offset of its ratio's rows in `floors`/`fracs` (-1: no table, use cellUnits). */
  readonly offsets: Int32Array;
  readonly floors: Float64Array;
  readonly fracs: Float64Array;
}

/** True when every history sample is a whole number in [0, 2^24]: a day at ratio 1 then needs no rounding draw. */
function allWhole(samples: Float64Array): boolean {
  for (let j = 0; j < samples.length; j++) if (!(Number.isInteger(samples[j]) && samples[j] >= 0 && samples[j] <= 1 << 24)) return false;
  return true;
}

export function drawPlan(samples: Float64Array, days: Int32Array, ratios: Float64Array): DrawPlan {
  const n = samples.length;
  const m = days.length;
  const whole = allWhole(samples);
  const mem = new Int32Array(m + (whole ? n : 0));
  const dh = mem.subarray(0, m);
  if (whole) mem.set(samples, m);
  const full = new Uint8Array(m);
  const stopList: number[] = [];
  let checkpoint = FIRST_CHECKPOINT;
  for (let i = 0; i < m; i++) {
    // checkpoints (days 64, 128, 256, ...) are stops too, so day hashes are computed as trials reach them
    if (whole && ratios[i] === 1 && i !== checkpoint) full[i] = 1;
    else stopList.push(i);
    if (i === checkpoint) checkpoint *= 2;
  }
  stopList.push(m);
  const stops = Int32Array.from(stopList);
  const offsets = new Int32Array(m).fill(-1);
  const tableOf = new Map<number, number>();
  const tableRatios: number[] = [];
  for (let s = 0; s < stops.length - 1; s++) {
    const r = ratios[stops[s]];
    let k = tableOf.get(r);
    if (k === undefined) {
      if ((tableRatios.length + 1) * n > TABLE_MAX) continue;
      k = tableRatios.length;
      tableOf.set(r, k);
      tableRatios.push(r);
    }
    offsets[stops[s]] = k * n;
  }
  const floors = new Float64Array(tableRatios.length * n);
  const fracs = new Float64Array(tableRatios.length * n);
  for (let k = 0; k < tableRatios.length; k++) {
    for (let j = 0; j < n; j++) {
      // the arithmetic of cellUnits(): x <= 0 (or NaN) gives 0, else floor(x) plus a draw below frac(x)
      const x = samples[j] * tableRatios[k];
      if (!(x > 0)) continue;
      const f = Math.floor(x);
      floors[k * n + j] = f;
      fracs[k * n + j] = x - f;
    }
  }
  return { days, hashed: 0, samples, wholeSamples: mem.subarray(m), mem, n, scale: n * INV_2_32, ratios, dh, stops, full, offsets, floors, fracs };
}

/** Makes dh valid through day index `d` (clamped to the last day); the loops call it at each stop. */
export function hashThrough(p: DrawPlan, d: number): void {
  const end = Math.min(d + 1, p.dh.length);
  for (let i = p.hashed; i < end; i++) p.dh[i] = keyHash(p.days[i]);
  if (end > p.hashed) p.hashed = end;
}

/** Units of the stop day `d` whose cell key is `cell`: exactly cellUnits(samples, n, cell, ratio of d). */
export function stopUnits(p: DrawPlan, cell: number, d: number): number {
  const off = p.offsets[d];
  if (off < 0) return cellUnits(p.samples, p.n, cell, p.ratios[d]);
  const j = off + ((cell * p.scale) | 0);
  return p.floors[j] + +(p.fracs[j] > mix32((cell + ROUND_OFFSET) | 0) * INV_2_32);
}

/** Units of any forecast day `d` whose cell key is `cell` (for the loops that need the cell anyway). */
export function dayUnits(p: DrawPlan, cell: number, d: number): number {
  return p.full[d] === 1 ? p.samples[(cell * p.scale) | 0] : stopUnits(p, cell, d);
}

/** Units completed on one trial-day whose cell key is `cell` (before share thinning). */
export function cellUnits(samples: Float64Array, n: number, cell: number, ratio: number): number {
  const x = samples[(cell * INV_2_32 * n) | 0] * ratio;
  if (!(x > 0)) return 0;
  const f = Math.floor(x);
  if (x === f) return f;
  return x - f > mix32((cell + ROUND_OFFSET) | 0) * INV_2_32 ? f + 1 : f;
}
