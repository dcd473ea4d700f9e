/**
 * Sobol' low-discrepancy sequence (Sobol' 1967) in base 2 with the Joe & Kuo
 * (2008) direction numbers, generated in Gray-code order (Antonov & Saleev
 * 1979) so that each new point costs one XOR per dimension.
 *
 * Quasi-random points fill the cube far more evenly than random ones, which
 * is why the Saltelli design is built on them: integration error falls like
 * ~(log n)^d / n instead of 1/√n. The balance properties hold for prefixes of
 * length 2^m, so use powers of two for `n` (and for `skip`).
 *
 * Optional randomisation keeps those properties while making the points
 * random, which gives unbiased estimates and lets independent replicates be
 * used for error estimation:
 * - "shift": a random digital shift (XOR of every coordinate with a random
 *   32-bit word per dimension);
 * - "lms": a random linear matrix scramble (Matoušek 1998; Owen 2003) followed
 *   by a digital shift, as in SciPy's `scramble=True`.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import { type Random, randomUint32 } from "./random.ts";
import { JOE_KUO_DIRECTIONS } from "./sobol-directions.ts";

/** Number of bits per coordinate: points are multiples of 2^-32. */
const BITS = 32;
const TWO_POW_32 = 4294967296;

/** Highest dimension for which direction numbers are tabulated. */
export const SOBOL_MAX_DIMENSION = 1 + JOE_KUO_DIRECTIONS.length;

export type SobolScramble = "none" | "shift" | "lms";

export interface SobolOptions {
  /** Number of leading points to drop (default 0). Keep it a power of two, or 0. */
  readonly skip?: number;
  /** Randomisation (default "none"); anything else needs `random`. */
  readonly scramble?: SobolScramble;
  /** Random source for scrambling. */
  readonly random?: Random;
}

const directionCache: Uint32Array[] = [];

/**
 * The 32 direction numbers v_k (left-aligned, i.e. scaled by 2^32) of one
 * dimension (0-based), computed once with the Bratley–Fox recurrence.
 */
export function sobolDirectionNumbers(dimension: number): Uint32Array {
  const cached = directionCache[dimension];
  if (cached) return cached;
  if (!Number.isInteger(dimension) || dimension < 0 || dimension >= SOBOL_MAX_DIMENSION) {
    throw new RangeError(`Sobol' dimension must be in [0, ${SOBOL_MAX_DIMENSION}), got ${dimension}`);
  }
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    // Van der Corput: the generator matrix is the identity.
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
  } else {
    const [a, ...m] = JOE_KUO_DIRECTIONS[dimension - 1];
    const s = m.length;
    for (let k = 0; k < Math.min(s, BITS); k++) v[k] = m[k] * 2 ** (BITS - 1 - k);
    for (let k = s; k < BITS; k++) {
      let x = v[k - s] ^ (v[k - s] >>> s);
      for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i];
      v[k] = x;
    }
  }
  directionCache[dimension] = v;
  return v;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/**
 * Applies a random lower-triangular binary matrix with unit diagonal to the
 * digits of every direction number. Because the net is linear over GF(2),
 * scrambling the generator matrix scrambles every point the same way, and a
 * non-singular matrix preserves the (t, m, s)-net properties.
 */
function linearMatrixScramble(v: Uint32Array, random: Random): Uint32Array {
  // rows[b] selects which input digits (0 = most significant) feed output digit b.
  const rows = new Uint32Array(BITS);
  for (let b = 0; b < BITS; b++) {
    const above = b === 0 ? 0 : (0xffffffff << (BITS - b)) >>> 0;
    rows[b] = ((randomUint32(random) & above) | (1 << (BITS - 1 - b))) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) {
    let x = 0;
    for (let b = 0; b < BITS; b++) if (parity(rows[b] & v[k])) x |= 1 << (BITS - 1 - b);
    out[k] = x >>> 0;
  }
  return out;
}

/**
 * `n` points of the d-dimensional Sobol' sequence, starting at index `skip`.
 * Unscrambled, the first point is the origin.
 */
export function sobolSequence(n: number, d: number, options: SobolOptions = {}): SampleMatrix {
  const skip = options.skip ?? 0;
  const scramble = options.scramble ?? "none";
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1 || d > SOBOL_MAX_DIMENSION) {
    throw new RangeError(`d must be an integer in [1, ${SOBOL_MAX_DIMENSION}], got ${d}`);
  }
  if (!Number.isInteger(skip) || skip < 0)
    throw new RangeError(`skip must be a non-negative integer, got ${skip}`);
  if (n + skip > TWO_POW_32 - 1)
    throw new RangeError("a 32-bit Sobol' sequence has fewer than n + skip points");
  if (scramble !== "none" && !options.random) throw new Error(`scramble "${scramble}" needs a random source`);

  // Per-dimension generator columns and shifts, fixed before any point is made.
  const dirs: Uint32Array[] = [];
  const shift = new Uint32Array(d);
  for (let j = 0; j < d; j++) {
    let v = sobolDirectionNumbers(j);
    if (scramble === "lms") v = linearMatrixScramble(v, options.random as Random);
    dirs.push(v);
    if (scramble !== "none") shift[j] = randomUint32(options.random as Random);
  }

  // State at index `skip`: XOR of the direction numbers selected by its Gray code.
  const x = new Uint32Array(d);
  const gray = (skip ^ Math.floor(skip / 2)) >>> 0;
  for (let j = 0; j < d; j++) {
    let acc = 0;
    for (let k = 0; k < BITS; k++) if ((gray >>> k) & 1) acc ^= dirs[j][k];
    x[j] = acc >>> 0;
  }

  const m = createMatrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) m.data[i * d + j] = ((x[j] ^ shift[j]) >>> 0) / TWO_POW_32;
    // Gray-code step: going from index k to k + 1 flips the bit at the
    // position of the lowest zero bit of k.
    const k = skip + i;
    const notK = ~k;
    const c = 31 - Math.clz32(notK & -notK);
    if (c >= 0) for (let j = 0; j < d; j++) x[j] ^= dirs[j][c];
  }
  return m;
}
