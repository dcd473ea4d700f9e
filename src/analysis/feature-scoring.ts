/**
 * Feature scoring for scenario discovery and factor prioritisation, in the
 * spirit of EMA Workbench's `get_rf_feature_scores`: fit a random forest of
 * the outcome on the inputs and read off the mean decrease in impurity of
 * every input. It is model-free, cheap (it reuses any existing runs, no
 * special design needed) and captures interactions and non-linearities that
 * correlation-based rankings miss.
 */

import type { SampleMatrix } from "./matrix.ts";
import type { Random } from "./random.ts";
import { fitRandomForest, type RandomForestOptions } from "./random-forest.ts";

export interface FeatureScoringOptions extends RandomForestOptions {
  /** Column names (default x0, x1, …). */
  readonly names?: readonly string[];
}

export interface FeatureScores {
  readonly names: readonly string[];
  /** Importance per column, in column order, summing to 1. */
  readonly scores: Float64Array;
  /** Column indices, most important first (ties: lower index first). */
  readonly ranking: readonly number[];
  /** Out-of-bag R² of the forest: how far to trust the scores. */
  readonly oobScore: number;
}

/**
 * Scores each input column of `x` by its importance for `y` (continuous, or
 * 0/1 for a class of interest).
 */
export function featureScoring(
  x: SampleMatrix,
  y: ArrayLike<number>,
  random: Random,
  options: FeatureScoringOptions = {},
): FeatureScores {
  const names = options.names ? [...options.names] : Array.from({ length: x.cols }, (_, j) => `x${j}`);
  if (names.length !== x.cols) throw new RangeError(`expected ${x.cols} names, got ${names.length}`);
  const forest = fitRandomForest(x, y, random, options);
  const scores = forest.importances;
  const ranking = Array.from({ length: x.cols }, (_, j) => j).sort((a, b) => scores[b] - scores[a] || a - b);
  return { names, scores, ranking, oobScore: forest.oobScore };
}
