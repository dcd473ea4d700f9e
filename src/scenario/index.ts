/** The scenario layer: file format, validation, built-ins, resolution and hashing. */
export { BUILTIN_SCENARIOS, type BuiltinScenario, builtinNames, getBuiltin } from "./builtin/index.ts";
export { canonicalJson, scenarioHash, sha256Hex } from "./hash.ts";
export {
  formatErrors,
  formatPath,
  MAX_SCENARIO_CHARS,
  type ParseResult,
  parseScenario,
  type ScenarioError,
  validateScenario,
} from "./parse.ts";
export type * from "./raw.ts";
export {
  checkOverrides,
  type LoadResult,
  loadBuiltin,
  loadScenario,
  mergeScenarios,
  resolveScenario,
  type ScenarioOverrides,
  ScenarioResolveError,
} from "./resolve.ts";
export { scenarioJsonSchema } from "./schema.ts";
export * from "./types.ts";
