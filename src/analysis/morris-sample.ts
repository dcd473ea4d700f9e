/**
 * Morris elementary-effects design (Morris 1991), optionally with the
 * trajectory selection of Campolongo et al. (2007).
 *
 * The cube is discretised into a p-level grid {0, 1/(p−1), …, 1}. A trajectory
 * starts at a random grid point and moves one parameter at a time, in random
 * order, by ±Δ with Δ = p / (2(p − 1)); it therefore has d + 1 points and
 * yields one elementary effect per parameter. With p even, every grid value
 * is equally likely to be visited, which is why Morris recommends it.
 */

import { createMatrix, type SampleMatrix } from "./matrix.ts";
import { type Random, randomInt, randomPermutation } from "./random.ts";

export interface MorrisSampleOptions {
  /** Number of grid levels p (even, ≥ 2). Default 4. */
  readonly levels?: number;
  /**
   * If set, generate this many candidate trajectories and keep the `r` most
   * spread out (Campolongo et al. 2007), chosen greedily as in SALib's local
   * optimisation (Ruano et al. 2012). Must be ≥ r. Default: no selection.
   */
  readonly candidates?: number;
}

/** A Morris design in the unit cube plus what the analysis needs to know. */
export interface MorrisDesign {
  /** r·(d + 1) rows; trajectory t occupies rows t(d+1) … t(d+1)+d. */
  readonly samples: SampleMatrix;
  readonly trajectories: number;
  readonly levels: number;
  /** Step size Δ in unit coordinates. */
  readonly delta: number;
}

/** One random trajectory written into `out` starting at row `offset`. */
function writeTrajectory(out: Float64Array, offset: number, d: number, p: number, random: Random): void {
  // Work in integer grid levels 0..p−1 so every coordinate is exactly
  // level / (p − 1): no drift, and never a hair outside [0, 1].
  const jump = p / 2; // Δ expressed in levels
  const order = randomPermutation(random, d);
  const level = new Int32Array(d);
  const up = new Uint8Array(d);
  for (let j = 0; j < d; j++) {
    // Base levels 0..p/2−1 are the grid values ≤ 1 − Δ.
    const base = randomInt(random, jump);
    up[j] = randomInt(random, 2);
    // Moving down means starting Δ higher, so both directions stay on the grid.
    level[j] = up[j] ? base : base + jump;
  }
  for (let step = 0; step <= d; step++) {
    if (step > 0) {
      const j = order[step - 1];
      level[j] += up[j] ? jump : -jump;
    }
    const o = (offset + step) * d;
    for (let j = 0; j < d; j++) out[o + j] = level[j] / (p - 1);
  }
}

/** Sum of Euclidean distances between all pairs of points of two trajectories. */
function trajectoryDistance(data: Float64Array, a: number, b: number, d: number): number {
  const pts = d + 1;
  let total = 0;
  for (let i = 0; i < pts; i++) {
    for (let k = 0; k < pts; k++) {
      let s = 0;
      const oi = (a * pts + i) * d;
      const ok = (b * pts + k) * d;
      for (let j = 0; j < d; j++) {
        const diff = data[oi + j] - data[ok + j];
        s += diff * diff;
      }
      total += Math.sqrt(s);
    }
  }
  return total;
}

/**
 * Greedy choice of r well-spread trajectories: start from the most distant
 * pair, then repeatedly add the candidate that most increases the sum of
 * squared pairwise distances (Campolongo's spread criterion), which costs
 * O(M²) distances instead of the intractable C(M, r) brute force.
 */
function selectSpread(data: Float64Array, m: number, r: number, d: number): number[] {
  const dist = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const v = trajectoryDistance(data, a, b, d);
      dist[a * m + b] = v;
      dist[b * m + a] = v;
    }
  }
  if (r === 1) return [0];
  let bestA = 0;
  let bestB = 1;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (dist[a * m + b] > dist[bestA * m + bestB]) {
        bestA = a;
        bestB = b;
      }
    }
  }
  const chosen = [bestA, bestB];
  const taken = new Uint8Array(m);
  taken[bestA] = 1;
  taken[bestB] = 1;
  const gain = new Float64Array(m);
  for (let c = 0; c < m; c++) gain[c] = dist[c * m + bestA] ** 2 + dist[c * m + bestB] ** 2;
  while (chosen.length < r) {
    let best = -1;
    for (let c = 0; c < m; c++) if (!taken[c] && (best < 0 || gain[c] > gain[best])) best = c;
    chosen.push(best);
    taken[best] = 1;
    for (let c = 0; c < m; c++) gain[c] += dist[c * m + best] ** 2;
  }
  return chosen;
}

/**
 * `r` Morris trajectories for `d` parameters, in the unit cube. Pass
 * `samples` through `scaleSamples` to get model inputs, but give the unit
 * design to `morrisAnalyze`: elementary effects are measured per unit range.
 */
export function morrisSample(
  d: number,
  r: number,
  random: Random,
  options: MorrisSampleOptions = {},
): MorrisDesign {
  const p = options.levels ?? 4;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`r must be a positive integer, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) {
    throw new RangeError(`levels must be an even integer ≥ 2, got ${p}`);
  }
  const m = options.candidates ?? r;
  if (!Number.isInteger(m) || m < r) throw new RangeError(`candidates must be an integer ≥ r, got ${m}`);
  const rowsPer = d + 1;
  const pool = new Float64Array(m * rowsPer * d);
  for (let t = 0; t < m; t++) writeTrajectory(pool, t * rowsPer, d, p, random);
  const samples = createMatrix(r * rowsPer, d);
  if (m === r) {
    samples.data.set(pool);
  } else {
    const chosen = selectSpread(pool, m, r, d);
    chosen.forEach((t, k) => {
      samples.data.set(pool.subarray(t * rowsPer * d, (t + 1) * rowsPer * d), k * rowsPer * d);
    });
  }
  return { samples, trajectories: r, levels: p, delta: p / (2 * (p - 1)) };
}
