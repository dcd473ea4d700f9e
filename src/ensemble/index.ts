/**
 * Ensembles and comparisons: run seeds, statistics over runs, and policy effects
 * under common random numbers. Pure TypeScript with no Node APIs, for Node and
 * browsers alike; the runs themselves come from an executor (src/executors/).
 */
export {
  type CostPerTonne,
  compareEnsembles,
  costPerTonne,
  type Displacement,
  type Effect,
  type EnsembleComparison,
  fiellerCi95,
  herfindahl,
  type PolicyComparison,
  pairedEffect,
  shares,
  type YearEffects,
  zonesHolding,
} from "./compare.ts";
export { ensembleSeed, ensembleSeeds, MAX_RUNS, mix32 } from "./seeds.ts";
export {
  mean,
  meanCi95,
  quantile,
  quantileSorted,
  sampleCovariance,
  sampleVariance,
  studentTCdf,
  studentTQuantile,
} from "./stats.ts";
export {
  checkEnsembleRuns,
  type EnsembleSummary,
  type Stat,
  type StatsOf,
  stat,
  summariseEnsemble,
  type YearStats,
} from "./summarise.ts";
