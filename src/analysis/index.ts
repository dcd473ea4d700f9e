/**
 * cocasim policy-analysis toolkit: samplers, sensitivity analysis and
 * scenario discovery for any model `(x) => y` (SALib / EMA Workbench style),
 * in pure TypeScript with no I/O, so it runs in Node and in the browser.
 *
 * Typical flow: define a problem, draw a unit-cube design with a seeded
 * sampler, `scaleSamples` it to parameter values, `evaluate` the model on
 * every row, then analyse (Sobol' indices, Morris screening, PRIM boxes,
 * random-forest feature scores).
 */

export { type FeatureScores, type FeatureScoringOptions, featureScoring } from "./feature-scoring.ts";
export { fullFactorial } from "./full-factorial.ts";
export { type LhsOptions, lhs } from "./lhs.ts";
export {
  at,
  column,
  createMatrix,
  evaluate,
  matrixFromData,
  matrixFromRows,
  row,
  type SampleMatrix,
  toRows,
} from "./matrix.ts";
export { monteCarlo } from "./monte-carlo.ts";
export { type MorrisAnalyzeOptions, type MorrisIndices, morrisAnalyze } from "./morris-analyze.ts";
export { type MorrisDesign, type MorrisSampleOptions, morrisSample } from "./morris-sample.ts";
export {
  type PrimBox,
  type PrimLimit,
  type PrimOptions,
  type PrimRestriction,
  type PrimResult,
  type PrimStep,
  prim,
  primQuantile,
} from "./prim.ts";
export {
  type CategoricalParameter,
  type CategoryValue,
  type Distribution,
  decodeSample,
  defineProblem,
  type IntegerParameter,
  type Parameter,
  type Problem,
  type ProblemSpec,
  parameterValue,
  type RealParameter,
  scaleSamples,
} from "./problem.ts";
export {
  createRandom,
  type Random,
  randomInt,
  randomPermutation,
  randomUint32,
  shuffleInPlace,
  Xoshiro128StarStar,
} from "./random.ts";
export {
  fitRandomForest,
  predictForest,
  predictTree,
  type RandomForest,
  type RandomForestOptions,
  type RegressionTree,
} from "./random-forest.ts";
export { type SaltelliOptions, saltelli, saltelliBlockSize } from "./saltelli.ts";
export { type SobolAnalyzeOptions, type SobolIndices, sobolAnalyze } from "./sobol-analyze.ts";
export {
  SOBOL_MAX_DIMENSION,
  type SobolOptions,
  type SobolScramble,
  sobolDirectionNumbers,
  sobolSequence,
} from "./sobol-sequence.ts";
export {
  binomialUpperTail,
  erfc,
  incompleteBeta,
  lnGamma,
  normalCdf,
  normalQuantile,
  upperIncompleteGamma,
} from "./special.ts";
export { type AnalyticIndices, ishigami, ishigamiIndices, sobolG, sobolGIndices } from "./test-functions.ts";
