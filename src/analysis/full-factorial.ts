/**
 * Full factorial design: every combination of `levels[j]` evenly spaced
 * values per dimension. Deterministic, so it takes no random source.
 *
 * Level i of k sits at u = i / (k − 1) (both ends included, the usual choice
 * for policy levers), or at 0.5 when k = 1. Through `scaleSamples` these hit
 * the bounds exactly for reals, and for an integer or categorical parameter
 * with k values, `levels = k` enumerates every value exactly once.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";

/** Largest design we agree to build; beyond this a factorial is almost certainly a mistake. */
const MAX_ROWS = 50_000_000;

/**
 * All Π levels[j] combinations. Row order is lexicographic with the first
 * dimension varying slowest (like nested loops / `itertools.product`).
 */
export function fullFactorial(levels: readonly number[]): SampleMatrix {
  const d = levels.length;
  if (d === 0) throw new RangeError("at least one dimension is needed");
  let rows = 1;
  for (const k of levels) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`levels must be positive integers, got ${k}`);
    rows *= k;
  }
  if (rows > MAX_ROWS) throw new RangeError(`full factorial would have ${rows} rows (limit ${MAX_ROWS})`);
  const m = createMatrix(rows, d);
  const counter = new Int32Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) {
      const k = levels[j];
      m.data[i * d + j] = k === 1 ? 0.5 : counter[j] / (k - 1);
    }
    // Odometer increment: last dimension fastest.
    for (let j = d - 1; j >= 0; j--) {
      counter[j]++;
      if (counter[j] < levels[j]) break;
      counter[j] = 0;
    }
  }
  return m;
}
