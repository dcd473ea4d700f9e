/**
 * Variance-based (Sobol') sensitivity indices from a Saltelli design, with
 * the estimators SALib uses (Saltelli et al. 2010, table 2):
 *
 *   first order  S1_j  = mean(f(B)·(f(AB_j) − f(A))) / V        (Saltelli 2010)
 *   total        ST_j  = mean((f(A) − f(AB_j))²) / (2V)          (Jansen 1999)
 *   second order S2_jk = mean(f(BA_j)·f(AB_k) − f(A)·f(B)) / V − S1_j − S1_k
 *
 * where V is the variance of the pooled f(A) and f(B). Confidence intervals
 * come from a bootstrap over the N base rows (the same resample for every
 * index, so their joint variability is respected), reported as SALib does:
 * half-width = z_{(1+level)/2} × bootstrap standard deviation.
 */

import type { Random } from "./random.ts";
import { randomInt } from "./random.ts";
import { saltelliBlockSize } from "./saltelli.ts";
import { normalQuantile } from "./special.ts";

export interface SobolAnalyzeOptions {
  /** Whether the design was made with `secondOrder: true` (default false). */
  readonly secondOrder?: boolean;
  /** Bootstrap resamples for the confidence intervals (default 100; 0 disables them). */
  readonly resamples?: number;
  /** Confidence level of the intervals (default 0.95). */
  readonly confidenceLevel?: number;
}

export interface SobolIndices {
  /** First-order indices, one per parameter. */
  readonly S1: Float64Array;
  /** Half-widths of the S1 confidence intervals (NaN if resamples = 0). */
  readonly S1Conf: Float64Array;
  /** Total-order indices. */
  readonly ST: Float64Array;
  readonly STConf: Float64Array;
  /**
   * Second-order indices as a symmetric d × d row-major matrix (NaN on the
   * diagonal), present only when requested.
   */
  readonly S2?: Float64Array;
  readonly S2Conf?: Float64Array;
  /** Number of base samples N. */
  readonly n: number;
}

/** Columns of the design's outputs, centred on the grand mean of f(A), f(B). */
interface Blocks {
  n: number;
  a: Float64Array;
  b: Float64Array;
  ab: Float64Array[];
  ba: Float64Array[];
}

function splitOutputs(y: ArrayLike<number>, d: number, secondOrder: boolean): Blocks {
  const step = saltelliBlockSize(d, secondOrder);
  if (y.length === 0 || y.length % step !== 0) {
    throw new RangeError(
      `expected a multiple of ${step} outputs for d = ${d}${secondOrder ? " with second order" : ""}, got ${y.length}`,
    );
  }
  const n = y.length / step;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const ab = Array.from({ length: d }, () => new Float64Array(n));
  const ba = secondOrder ? Array.from({ length: d }, () => new Float64Array(n)) : [];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i * step] + y[i * step + step - 1];
  mean /= 2 * n;
  // Centring does not change any index, but the S1 and S2 estimators are
  // products of raw outputs whose variance grows with the squared mean, so an
  // output like 1e6 + f(x) would otherwise swamp them in noise.
  for (let i = 0; i < n; i++) {
    const o = i * step;
    a[i] = y[o] - mean;
    for (let j = 0; j < d; j++) ab[j][i] = y[o + 1 + j] - mean;
    if (secondOrder) for (let j = 0; j < d; j++) ba[j][i] = y[o + 1 + d + j] - mean;
    b[i] = y[o + step - 1] - mean;
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new RangeError(`output ${i} is not finite (${y[i]})`);
  }
  return { n, a, b, ab, ba };
}

/**
 * Computes every index on the rows listed in `idx` (all rows when null) and
 * writes them to s1/st/s2 at the given offset.
 */
function estimate(
  blk: Blocks,
  d: number,
  idx: Int32Array | null,
  s1: Float64Array,
  st: Float64Array,
  s2: Float64Array | null,
): void {
  const { a, b, ab, ba } = blk;
  const n = idx ? idx.length : blk.n;
  // Population variance of the pooled A and B outputs (SALib: np.var(np.r_[A, B])).
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < n; t++) {
    const i = idx ? idx[t] : t;
    sum += a[i] + b[i];
    sumSq += a[i] * a[i] + b[i] * b[i];
  }
  const mean = sum / (2 * n);
  const v = sumSq / (2 * n) - mean * mean;
  for (let j = 0; j < d; j++) {
    const abj = ab[j];
    let first = 0;
    let total = 0;
    for (let t = 0; t < n; t++) {
      const i = idx ? idx[t] : t;
      first += b[i] * (abj[i] - a[i]);
      const diff = a[i] - abj[i];
      total += diff * diff;
    }
    s1[j] = first / n / v;
    st[j] = (0.5 * total) / n / v;
  }
  if (s2) {
    for (let j = 0; j < d; j++) {
      s2[j * d + j] = Number.NaN;
      for (let k = j + 1; k < d; k++) {
        const baj = ba[j];
        const abk = ab[k];
        let acc = 0;
        for (let t = 0; t < n; t++) {
          const i = idx ? idx[t] : t;
          acc += baj[i] * abk[i] - a[i] * b[i];
        }
        const value = acc / n / v - s1[j] - s1[k];
        s2[j * d + k] = value;
        s2[k * d + j] = value;
      }
    }
  }
}

/** Sample standard deviation (ddof = 1) of `values[r * stride + offset]` over r. */
function bootstrapSd(values: Float64Array, resamples: number, stride: number, offset: number): number {
  let mean = 0;
  for (let r = 0; r < resamples; r++) mean += values[r * stride + offset];
  mean /= resamples;
  let ss = 0;
  for (let r = 0; r < resamples; r++) {
    const dv = values[r * stride + offset] - mean;
    ss += dv * dv;
  }
  return Math.sqrt(ss / (resamples - 1));
}

/**
 * Sobol' indices from the outputs `y` of a `saltelli(n, d, …)` design, in
 * the design's row order. `random` drives the bootstrap only.
 */
export function sobolAnalyze(
  y: ArrayLike<number>,
  d: number,
  random: Random,
  options: SobolAnalyzeOptions = {},
): SobolIndices {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  const secondOrder = options.secondOrder ?? false;
  const resamples = options.resamples ?? 100;
  const level = options.confidenceLevel ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 0 || resamples === 1) {
    throw new RangeError(`resamples must be 0 or an integer ≥ 2, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidenceLevel must be in (0, 1), got ${level}`);

  const blk = splitOutputs(y, d, secondOrder);
  const S1 = new Float64Array(d);
  const ST = new Float64Array(d);
  const S2 = secondOrder ? new Float64Array(d * d) : null;
  estimate(blk, d, null, S1, ST, S2);

  const S1Conf = new Float64Array(d).fill(Number.NaN);
  const STConf = new Float64Array(d).fill(Number.NaN);
  const S2Conf = secondOrder ? new Float64Array(d * d).fill(Number.NaN) : null;
  if (resamples > 0) {
    const bs1 = new Float64Array(resamples * d);
    const bst = new Float64Array(resamples * d);
    const bs2 = secondOrder ? new Float64Array(resamples * d * d) : null;
    const idx = new Int32Array(blk.n);
    const s1 = new Float64Array(d);
    const st = new Float64Array(d);
    const s2 = secondOrder ? new Float64Array(d * d) : null;
    for (let r = 0; r < resamples; r++) {
      for (let t = 0; t < blk.n; t++) idx[t] = randomInt(random, blk.n);
      estimate(blk, d, idx, s1, st, s2);
      bs1.set(s1, r * d);
      bst.set(st, r * d);
      if (bs2 && s2) bs2.set(s2, r * d * d);
    }
    const z = normalQuantile(0.5 + level / 2);
    for (let j = 0; j < d; j++) {
      S1Conf[j] = z * bootstrapSd(bs1, resamples, d, j);
      STConf[j] = z * bootstrapSd(bst, resamples, d, j);
    }
    if (bs2 && S2Conf) {
      for (let j = 0; j < d; j++) {
        for (let k = 0; k < d; k++)
          if (j !== k) S2Conf[j * d + k] = z * bootstrapSd(bs2, resamples, d * d, j * d + k);
      }
    }
  }
  const result: SobolIndices = { S1, S1Conf, ST, STConf, n: blk.n };
  return S2 && S2Conf ? { ...result, S2, S2Conf } : result;
}
