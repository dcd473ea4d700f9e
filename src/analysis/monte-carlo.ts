/**
 * Plain Monte Carlo sampling: independent uniform points in [0, 1)^d. The
 * reference design that every other sampler is compared against, and the
 * right one when unbiased, independent draws matter more than coverage.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import type { Random } from "./random.ts";

/** `n` independent uniform points in [0, 1)^d, filled row by row. */
export function monteCarlo(n: number, d: number, random: Random): SampleMatrix {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  const m = createMatrix(n, d);
  for (let k = 0; k < m.data.length; k++) m.data[k] = random.next();
  return m;
}
