/**
 * Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC, the
 * population Monte Carlo of Beaumont et al. 2009 with adaptive tolerances as in
 * Del Moral et al. 2012), over a box prior.
 *
 * Generation 0 draws particles from the prior (a Latin hypercube). Each later
 * generation sets its tolerance to a quantile of the previous distances, proposes
 * by resampling the weighted particles and moving them with a Gaussian kernel of
 * twice the weighted variance (per dimension), rejects proposals outside the prior
 * or above the tolerance, and reweights the accepted ones by prior / Σ w_j K(θ | θ_j).
 * Evaluation is batched and asynchronous so that candidates can run on many cores;
 * given the same seed, evaluator and batch size, the result is the same however the
 * batches are spread over workers.
 */
import { lhs } from "../analysis/lhs.ts";
import { createRandom, type Random } from "../analysis/random.ts";

export interface AbcOptions {
  /** Prior bounds per dimension. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Particles kept per generation. */
  readonly particles: number;
  /** Total evaluations allowed. */
  readonly budget: number;
  /** Quantile of the previous generation's distances used as the next tolerance. */
  readonly quantile?: number;
  readonly seed: number;
  /** Candidates evaluated per call to `evaluate`. */
  readonly batch?: number;
  /** Evaluates a batch of candidates, returning one distance per candidate (in order). */
  evaluate(candidates: number[][]): Promise<number[]>;
  onProgress?(report: AbcProgress): void;
}

export interface AbcProgress {
  readonly generation: number;
  readonly evaluations: number;
  readonly budget: number;
  readonly tolerance: number;
  readonly accepted: number;
  readonly best: number;
}

export interface Particle {
  readonly theta: number[];
  readonly distance: number;
  readonly weight: number;
}

export interface AbcResult {
  readonly particles: Particle[];
  readonly generations: number;
  readonly evaluations: number;
  readonly tolerance: number;
  /** The evaluated candidate with the smallest distance. */
  readonly best: { theta: number[]; distance: number };
}

function gaussian(random: Random): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function quantileOf(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

export async function abcSmc(options: AbcOptions): Promise<AbcResult> {
  const { lower, upper, particles: n, budget } = options;
  const d = lower.length;
  const q = options.quantile ?? 0.5;
  const batchSize = Math.max(1, options.batch ?? n);
  const random = createRandom(options.seed);
  let evaluations = 0;
  let best = { theta: [] as number[], distance: Number.POSITIVE_INFINITY };
  const note = (thetas: number[][], distances: number[]) => {
    evaluations += thetas.length;
    distances.forEach((dist, i) => {
      if (dist < best.distance) best = { theta: thetas[i], distance: dist };
    });
  };

  // Generation 0: Latin hypercube over the prior.
  const design = lhs(Math.min(n, budget), d, random);
  const initial: number[][] = [];
  for (let r = 0; r < design.rows; r++) {
    initial.push(
      Array.from({ length: d }, (_, j) => lower[j] + design.data[r * d + j] * (upper[j] - lower[j])),
    );
  }
  const initialDistances = await options.evaluate(initial);
  note(initial, initialDistances);
  let population: Particle[] = initial.map((theta, i) => ({
    theta,
    distance: initialDistances[i],
    weight: 1 / initial.length,
  }));
  let tolerance = Number.POSITIVE_INFINITY;
  let generation = 0;
  options.onProgress?.({
    generation,
    evaluations,
    budget,
    tolerance,
    accepted: population.length,
    best: best.distance,
  });

  while (evaluations < budget) {
    generation++;
    tolerance = quantileOf(
      population.map((p) => p.distance),
      q,
    );
    // Kernel: Gaussian, twice the weighted variance per dimension (Beaumont et al. 2009).
    const sd = new Array<number>(d).fill(0);
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (const p of population) mean += p.weight * p.theta[j];
      let variance = 0;
      for (const p of population) variance += p.weight * (p.theta[j] - mean) ** 2;
      sd[j] = Math.max(Math.sqrt(2 * variance), 1e-6 * (upper[j] - lower[j]));
    }
    const cumulative: number[] = [];
    let acc = 0;
    for (const p of population) {
      acc += p.weight;
      cumulative.push(acc);
    }
    const accepted: Particle[] = [];
    while (accepted.length < n && evaluations < budget) {
      const batch: number[][] = [];
      while (batch.length < Math.min(batchSize, budget - evaluations)) {
        const u = random.next() * acc;
        let k = 0;
        while (k < cumulative.length - 1 && cumulative[k] < u) k++;
        const parent = population[k].theta;
        const theta = parent.map((x, j) => x + sd[j] * gaussian(random));
        if (theta.every((x, j) => x >= lower[j] && x <= upper[j])) batch.push(theta);
      }
      const distances = await options.evaluate(batch);
      note(batch, distances);
      for (let i = 0; i < batch.length && accepted.length < n; i++) {
        if (distances[i] > tolerance) continue;
        const theta = batch[i];
        // Importance weight: uniform prior over the kernel mixture density.
        let mix = 0;
        for (const p of population) {
          let logK = 0;
          for (let j = 0; j < d; j++) logK -= ((theta[j] - p.theta[j]) / sd[j]) ** 2 / 2;
          mix += p.weight * Math.exp(logK);
        }
        accepted.push({ theta, distance: distances[i], weight: mix > 0 ? 1 / mix : 0 });
      }
      options.onProgress?.({
        generation,
        evaluations,
        budget,
        tolerance,
        accepted: accepted.length,
        best: best.distance,
      });
    }
    if (accepted.length < n) {
      // Budget ran out mid-generation: keep the previous generation topped up with what was accepted.
      const merged = [...population, ...accepted].sort((a, b) => a.distance - b.distance).slice(0, n);
      population = normalise(merged.map((p) => ({ ...p, weight: 1 })));
      break;
    }
    population = normalise(accepted);
  }
  return { particles: population, generations: generation, evaluations, tolerance, best };
}

function normalise(particles: Particle[]): Particle[] {
  const total = particles.reduce((s, p) => s + p.weight, 0);
  return particles.map((p) => ({ ...p, weight: total > 0 ? p.weight / total : 1 / particles.length }));
}

/** Weighted quantile of one dimension of a particle population. */
export function weightedQuantile(particles: readonly Particle[], dim: number, q: number): number {
  const sorted = [...particles].sort((a, b) => a.theta[dim] - b.theta[dim]);
  let acc = 0;
  for (const p of sorted) {
    acc += p.weight;
    if (acc >= q) return p.theta[dim];
  }
  return sorted[sorted.length - 1].theta[dim];
}
