// Counter-based random numbers with common random numbers (CRN) for the Monte Carlo engine.
//
// Scheme: every uniform is a pure function of (seed, trial, key, stream, j), hashed with the
// "lowbias32" integer mixer (Chris Wellons) on 32-bit ints. `key` is the calendar day (epoch day)
// for daily draws (hashed once per day, then mixed with the trial's key: one mix per trial-day), or an item's id hash for per-item draws (split factor), so trial t draws the
// same numbers for day d whatever else changed (another day added, a ratio lowered, an item
// inserted). There is no sequential state: nothing depends on how many numbers were drawn
// before, and no allocation happens per draw. Streams separate the purposes below.
// Never uses the platform's unseeded random generator.

/** Purposes of draws (one independent sub-stream each). */
export const STREAM = {
  /** The cell key itself is the sample draw. */
  sample: 0,
  round: 2,
  share: 3,
  split: 4,
  parallel: 5,
  growth: 6,
  growthRound: 7,
} as const;

const INV_2_32 = 1 / 4294967296;

/** lowbias32: a fast, well-mixed 32-bit integer hash (returns an unsigned 32-bit int). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The key of one trial: computed once per trial. */
export function trialKey(seed: number, trial: number): number {
  return mix32((seed ^ mix32((trial + 0x9e3779b9) | 0)) | 0);
}

/**
 * trialKey() as a signed 32-bit int: the same bits (every use XORs it with a hash first, which reads
 * it as int32 anyway), but V8 passes a small int between functions without boxing it in a heap
 * number as it must for an unsigned key >= 2^31. The hot loops use this one.
 */
export function trialKeyInt(seed: number, trial: number): number {
  return trialKey(seed, trial) | 0;
}

/** The hash of a day or item key alone (precomputed once per forecast day in the hot loops). */
export function keyHash(key: number): number {
  return mix32((Math.imul(key | 0, 0x85ebca6b) ^ 0x2545f491) | 0);
}

/**
 * Combines a trial key and a key hash (both already fully mixed) into a cell key with one
 * non-linear multiply-xorshift round: cheap enough for the hot loop (one per trial-day), and it
 * breaks the XOR-linearity that `tKey ^ hash` alone would have across trials and days.
 */
export function combine(tKey: number, hash: number): number {
  let x = tKey ^ hash;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** The key of (trial, day-or-item key); it is also the history-sample draw (stream 0). */
export function cellKey(tKey: number, key: number): number {
  return combine(tKey, keyHash(key));
}

/** A uniform in [0, 1) for (cell, stream, j). */
export function uniform(cell: number, stream: number, j = 0): number {
  return mix32((cell + Math.imul(stream, 0x27d4eb2d) + Math.imul(j, 0x165667b1)) | 0) * INV_2_32;
}

/** A 32-bit FNV-1a hash of a string (item ids, backlog ids). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** The default seed of a backlog: a stable hash of its id, shown to the user and editable. */
export function defaultSeed(backlogId: string): number {
  return hashString(`flowcast:${backlogId}`) % 1_000_000_000;
}

/** Unbiased stochastic rounding: 0 if x <= 0, else floor(x) + (u < frac(x) ? 1 : 0). */
export function sr(x: number, u: number): number {
  if (!(x > 0)) return 0;
  const f = Math.floor(x);
  return x - f > u ? f + 1 : f;
}

/** Binomial(n, p) by thinning n Bernoulli draws of (cell, stream, j = 0..n-1). */
export function binomial(n: number, p: number, cell: number, stream: number, offset = 0): number {
  if (p >= 1) return n;
  if (p <= 0 || n <= 0) return 0;
  let k = 0;
  for (let j = 0; j < n; j++) if (uniform(cell, stream, offset + j) < p) k++;
  return k;
}
