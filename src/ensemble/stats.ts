/**
 * The few statistics the ensemble summaries and comparisons use. Pure and
 * deterministic: values are summed in the order given, so the same runs in the
 * same order give the same bits on every machine.
 */
import { incompleteBeta } from "../analysis/special.ts";

/** Arithmetic mean, summed in the order given; NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length > 0 ? sum / values.length : Number.NaN;
}

/** Sample variance (divisor n − 1); NaN for fewer than two values. */
export function sampleVariance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] - m) * (values[i] - m);
  return sum / (n - 1);
}

/** Sample covariance (divisor n − 1) of two equally long series; NaN for fewer than two pairs. */
export function sampleCovariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`covariance of series of lengths ${n} and ${y.length}`);
  if (n < 2) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (x[i] - mx) * (y[i] - my);
  return sum / (n - 1);
}

/** The values sorted ascending (a copy); NaN sorts last. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between
 * order statistics (Hyndman & Fan 1996, type 7; the default of R, NumPy and
 * Excel's PERCENTILE.INC): with h = (n − 1)·p, the value x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])
 * (0-based). One value gives that value at every p; none gives NaN; a NaN among
 * the values gives NaN. Equal neighbours are returned as they are, so infinite
 * values come out as ±Infinity rather than NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability ${p} outside [0, 1]`);
  if (n === 0 || Number.isNaN(sorted[n - 1])) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo];
  const b = sorted[hi];
  if (a === b || h === lo) return a;
  return a + (h - lo) * (b - a);
}

/** The p-quantile (type 7, see quantileSorted) of values in any order. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

/** P(T ≤ t) for Student's t distribution with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const tQuantileCache = new Map<string, number>();

/**
 * The p-quantile of Student's t distribution with `df` > 0 degrees of freedom,
 * by bisection on studentTCdf to full double precision (deterministic).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile probability ${p} outside (0, 1)`);
  if (!(df > 0)) throw new RangeError(`t distribution needs df > 0, got ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const key = `${p}/${df}`;
  const cached = tQuantileCache.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const value = lo + (hi - lo) / 2;
  tQuantileCache.set(key, value);
  return value;
}

/**
 * The 95% confidence interval of the mean of `values` (Student's t, n − 1
 * degrees of freedom): mean ± t(0.975, n − 1)·s/√n. Undefined (null) for fewer
 * than two values.
 */
export function meanCi95(values: ArrayLike<number>): readonly [number, number] | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(sampleVariance(values) / n);
  return [m - half, m + half];
}
