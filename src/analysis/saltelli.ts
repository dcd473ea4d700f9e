/**
 * Saltelli's design for variance-based (Sobol') sensitivity analysis
 * (Saltelli 2002; Saltelli et al. 2010), laid out exactly like SALib's
 * `saltelli.sample`, so designs and outputs can be compared one-to-one.
 *
 * Two independent N × D matrices A and B are taken from one Sobol' sequence
 * of dimension 2D (A = first D columns, B = last D), and for every parameter
 * j the "radial" matrix AB_j is A with column j taken from B (and BA_j is B
 * with column j from A, needed only for second-order indices). Each base row
 * i contributes a block of consecutive runs:
 *
 *   A_i, AB_1,i, …, AB_D,i, [BA_1,i, …, BA_D,i,] B_i
 *
 * giving N·(D + 2) runs, or N·(2D + 2) with second order.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import type { Random } from "./random.ts";
import { SOBOL_MAX_DIMENSION, type SobolScramble, sobolSequence } from "./sobol-sequence.ts";

export interface SaltelliOptions {
  /** Also build the BA_j blocks needed for second-order indices (default false). */
  readonly secondOrder?: boolean;
  /** Leading Sobol' points to skip (default 0). */
  readonly skip?: number;
  /** Randomisation of the underlying Sobol' points (default "none"). */
  readonly scramble?: SobolScramble;
  /** Needed when `scramble` is not "none". */
  readonly random?: Random;
}

/** Rows per base sample: D + 2, or 2D + 2 with second order. */
export function saltelliBlockSize(d: number, secondOrder: boolean): number {
  return secondOrder ? 2 * d + 2 : d + 2;
}

/**
 * The Saltelli design in [0, 1)^d. `n` is the number of base samples; use a
 * power of two so the Sobol' points keep their balance properties.
 */
export function saltelli(n: number, d: number, options: SaltelliOptions = {}): SampleMatrix {
  if (!Number.isInteger(d) || d < 1 || 2 * d > SOBOL_MAX_DIMENSION) {
    throw new RangeError(`d must be an integer in [1, ${Math.floor(SOBOL_MAX_DIMENSION / 2)}], got ${d}`);
  }
  const secondOrder = options.secondOrder ?? false;
  const base = sobolSequence(n, 2 * d, {
    skip: options.skip ?? 0,
    scramble: options.scramble ?? "none",
    random: options.random,
  });
  const step = saltelliBlockSize(d, secondOrder);
  const out = createMatrix(n * step, d);
  const src = base.data;
  const dst = out.data;
  const w = 2 * d;
  let r = 0;
  const put = (i: number, fromB: (j: number) => boolean) => {
    for (let j = 0; j < d; j++) dst[r * d + j] = src[i * w + (fromB(j) ? d + j : j)];
    r++;
  };
  for (let i = 0; i < n; i++) {
    put(i, () => false); // A
    for (let k = 0; k < d; k++) put(i, (j) => j === k); // AB_k
    if (secondOrder) for (let k = 0; k < d; k++) put(i, (j) => j !== k); // BA_k
    put(i, () => true); // B
  }
  return out;
}
