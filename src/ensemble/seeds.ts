/**
 * The seeds of an ensemble's runs, derived from one base seed.
 *
 * Run i (0-based) gets
 *
 *     seed_i = mix32((baseSeed + (i + 1) · 0x9E3779B9) mod 2³²)
 *
 * where mix32 is the SplitMix32 output function
 *
 *     z ^= z >>> 16;  z *= 0x85EBCA6B;  z ^= z >>> 13;  z *= 0xC2B2AE35;  z ^= z >>> 16
 *
 * (multiplications mod 2³²), the same mixer src/core/rng.ts uses to seed its
 * streams. In other words seed_i is the (i + 1)-th output of a SplitMix32
 * generator started at baseSeed. Because 0x9E3779B9 is odd and mix32 is a
 * bijection of 32-bit integers, the seeds of one ensemble are all different
 * (for up to 2³² runs), and the first k seeds of a larger ensemble are the seeds
 * of the smaller one: 100 runs extend 10 runs.
 *
 * Comparisons use common random numbers: the baseline and every policy run i
 * with the same seed_i.
 */

/** Largest number of runs in one ensemble (the seeds are distinct 32-bit integers). */
export const MAX_RUNS = 2 ** 32;

const GOLDEN = 0x9e3779b9;

/** The SplitMix32 output function: a bijection of 32-bit unsigned integers. */
export function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** The seed of run `index` (0-based) of an ensemble with base seed `baseSeed`. */
export function ensembleSeed(baseSeed: number, index: number): number {
  return mix32(baseSeed + Math.imul(index + 1, GOLDEN));
}

/** The `runs` seeds of an ensemble, run 0 first (see the module comment for the rule). */
export function ensembleSeeds(baseSeed: number, runs: number): number[] {
  if (!Number.isInteger(baseSeed) || baseSeed < 0 || baseSeed > 0xffffffff) {
    throw new RangeError(`the base seed must be an integer from 0 to ${0xffffffff}, got ${baseSeed}`);
  }
  if (!Number.isInteger(runs) || runs < 0 || runs > MAX_RUNS) {
    throw new RangeError(`the number of runs must be an integer from 0 to ${MAX_RUNS}, got ${runs}`);
  }
  return Array.from({ length: runs }, (_, i) => ensembleSeed(baseSeed, i));
}
