/**
 * Latin hypercube sampling (McKay, Beckman & Conover, 1979).
 *
 * Each of the `n` equal-width strata of every dimension holds exactly one
 * point, which gives much better coverage of each marginal than plain Monte
 * Carlo for the same number of (possibly expensive) model runs.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import { type Random, randomPermutation } from "./random.ts";

export interface LhsOptions {
  /**
   * Put each point at the centre of its stratum instead of uniformly inside
   * it ("centered" LHS). Default false.
   */
  readonly centered?: boolean;
}

/**
 * `n` points in [0, 1)^d; column j is an independent random permutation of
 * the strata, each point jittered uniformly within its stratum.
 */
export function lhs(n: number, d: number, random: Random, options: LhsOptions = {}): SampleMatrix {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  const m = createMatrix(n, d);
  const centered = options.centered ?? false;
  for (let j = 0; j < d; j++) {
    const strata = randomPermutation(random, n);
    for (let i = 0; i < n; i++) {
      const k = strata[i];
      let v = (k + (centered ? 0.5 : random.next())) / n;
      // (k + u) can round up to k + 1 when u is within an ulp of 1; fall back
      // to the stratum centre so the one-point-per-stratum guarantee is exact.
      if (Math.floor(v * n) !== k) v = (k + 0.5) / n;
      m.data[i * d + j] = v;
    }
  }
  return m;
}
