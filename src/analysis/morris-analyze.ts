/**
 * Morris method screening measures (Morris 1991; Campolongo et al. 2007):
 *
 *   mu     mean elementary effect (signed: effects of opposite sign cancel)
 *   mu*    mean absolute elementary effect (overall importance)
 *   sigma  standard deviation of the effects (non-linearity / interactions)
 *
 * plus a bootstrap confidence interval for mu*, reported as SALib does:
 * half-width = z_{(1+level)/2} × standard deviation of the resampled mu*.
 *
 * Elementary effects are measured in unit coordinates, i.e. as output change
 * per fraction of a parameter's range, which makes parameters with different
 * units comparable.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import { type Random, randomInt } from "./random.ts";
import { normalQuantile } from "./special.ts";

export interface MorrisAnalyzeOptions {
  /** Bootstrap resamples for the mu* interval (default 1000; 0 disables it). */
  readonly resamples?: number;
  /** Confidence level (default 0.95). */
  readonly confidenceLevel?: number;
}

export interface MorrisIndices {
  readonly mu: Float64Array;
  readonly muStar: Float64Array;
  /** Sample standard deviation (ddof = 1) of the elementary effects; NaN with one trajectory. */
  readonly sigma: Float64Array;
  /** Half-width of the mu* confidence interval (NaN if resamples = 0). */
  readonly muStarConf: Float64Array;
  /** The elementary effects themselves: trajectories × parameters. */
  readonly elementaryEffects: SampleMatrix;
}

/**
 * Elementary effects from a unit-cube Morris design (the `samples` of
 * `morrisSample`) and the model outputs in the same row order.
 */
export function morrisAnalyze(
  samples: SampleMatrix,
  y: ArrayLike<number>,
  random: Random,
  options: MorrisAnalyzeOptions = {},
): MorrisIndices {
  const d = samples.cols;
  const rowsPer = d + 1;
  const resamples = options.resamples ?? 1000;
  const level = options.confidenceLevel ?? 0.95;
  if (d < 1 || samples.rows === 0 || samples.rows % rowsPer !== 0) {
    throw new RangeError(
      `a Morris design for d = ${d} has a multiple of ${rowsPer} rows, got ${samples.rows}`,
    );
  }
  if (y.length !== samples.rows) throw new RangeError(`expected ${samples.rows} outputs, got ${y.length}`);
  if (!Number.isInteger(resamples) || resamples < 0 || resamples === 1) {
    throw new RangeError(`resamples must be 0 or an integer ≥ 2, got ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidenceLevel must be in (0, 1), got ${level}`);
  const r = samples.rows / rowsPer;
  const x = samples.data;
  const ee = createMatrix(r, d);
  const seen = new Uint8Array(d);

  for (let t = 0; t < r; t++) {
    seen.fill(0);
    for (let s = 0; s < d; s++) {
      const lo = (t * rowsPer + s) * d;
      const hi = lo + d;
      // Exactly one coordinate changes between consecutive points.
      let changed = -1;
      for (let j = 0; j < d; j++) {
        if (x[hi + j] !== x[lo + j]) {
          if (changed >= 0) throw new Error(`trajectory ${t}, step ${s}: more than one parameter changes`);
          changed = j;
        }
      }
      if (changed < 0) throw new Error(`trajectory ${t}, step ${s}: no parameter changes`);
      if (seen[changed]) throw new Error(`trajectory ${t} moves parameter ${changed} twice`);
      seen[changed] = 1;
      const row = t * rowsPer + s;
      const effect = (y[row + 1] - y[row]) / (x[hi + changed] - x[lo + changed]);
      if (!Number.isFinite(effect)) throw new RangeError(`elementary effect at row ${row} is not finite`);
      ee.data[t * d + changed] = effect;
    }
  }

  const mu = new Float64Array(d);
  const muStar = new Float64Array(d);
  const sigma = new Float64Array(d);
  const muStarConf = new Float64Array(d).fill(Number.NaN);
  const z = normalQuantile(0.5 + level / 2);
  const means = new Float64Array(resamples);
  for (let j = 0; j < d; j++) {
    let s = 0;
    let sAbs = 0;
    for (let t = 0; t < r; t++) {
      const e = ee.data[t * d + j];
      s += e;
      sAbs += Math.abs(e);
    }
    mu[j] = s / r;
    muStar[j] = sAbs / r;
    let ss = 0;
    for (let t = 0; t < r; t++) ss += (ee.data[t * d + j] - mu[j]) ** 2;
    sigma[j] = r > 1 ? Math.sqrt(ss / (r - 1)) : Number.NaN;

    if (resamples > 0) {
      for (let b = 0; b < resamples; b++) {
        let acc = 0;
        for (let t = 0; t < r; t++) acc += Math.abs(ee.data[randomInt(random, r) * d + j]);
        means[b] = acc / r;
      }
      let m = 0;
      for (let b = 0; b < resamples; b++) m += means[b];
      m /= resamples;
      let v = 0;
      for (let b = 0; b < resamples; b++) v += (means[b] - m) ** 2;
      muStarConf[j] = z * Math.sqrt(v / (resamples - 1));
    }
  }
  return { mu, muStar, sigma, muStarConf, elementaryEffects: ee };
}
