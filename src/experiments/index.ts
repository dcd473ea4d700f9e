/**
 * Experiments (issue #4 §3): a YAML file of uncertainties, levers, outcomes and a
 * design; the design rows mapped to scenarios; runs into the results store with
 * resume; and the analyses of a stored experiment. Everything here but run.ts is
 * pure; run.ts takes its store and executor as arguments.
 */
export {
  AnalysisInputError,
  type AnalysisOptions,
  DEFAULT_PRIM_DENSITY,
  type FeatureResult,
  factorNames,
  factorValue,
  featureAnalysis,
  type LoadedExperiment,
  loadExperiment,
  type MorrisResult,
  morrisAnalysis,
  type OutcomeStats,
  outcomeColumn,
  outcomeStats,
  type PrimOptionsIn,
  type PrimRestrictionOut,
  type PrimResultOut,
  primAnalysis,
  rowFactors,
  type SobolResult,
  selectOutcomes,
  sobolAnalysis,
} from "./analyze.ts";
export {
  checkExperiment,
  DEFAULT_DESIGN_SEED,
  DEFAULT_SCENARIO,
  type ExperimentIssue,
  MAX_JOBS,
} from "./check.ts";
export {
  type BuiltDesign,
  buildDesign,
  DEFAULT_FACTORIAL_LEVELS,
  DEFAULT_MORRIS_LEVELS,
  type DesignRow,
  designRowCount,
  experimentProblem,
} from "./design.ts";
export { canonicalFigure, FIGURE_PATHS, figureValue, isFigure, type YearSelector } from "./figures.ts";
export { lookupParameter, type ParameterInfo, UNCERTAIN_PATHS } from "./parameters.ts";
export { type ExperimentParseResult, issuesToErrors, parseExperiment, validateExperiment } from "./parse.ts";
export {
  DEFAULT_CHUNK_JOBS,
  type ExperimentResult,
  type ExperimentStart,
  type RunExperimentOptions,
  runExperiment,
} from "./run.ts";
export {
  checkAgainstScenario,
  experimentJobs,
  leverPolicies,
  type RowMapper,
  type RowOutcome,
  rowMapper,
  rowOutcome,
  runOutcomes,
  type StoredDefinition,
  storedDefinition,
  withPeriod,
} from "./scenario.ts";
export * from "./types.ts";
