/**
 * An experiment as the rest of the code sees it, after parsing, validation and
 * defaults (src/experiments/parse.ts). It is plain JSON: the store keeps it as
 * the experiment's definition, so an analysis or a report needs nothing else.
 */
import type { Distribution } from "../analysis/problem.ts";
import type { RawPolicy } from "../scenario/raw.ts";
import type { YearSelector } from "./figures.ts";

export const SAMPLERS = ["latin-hypercube", "monte-carlo", "full-factorial", "sobol", "morris"] as const;
export type Sampler = (typeof SAMPLERS)[number];

export const PARAMETER_TYPES = ["real", "integer", "categorical"] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const DISTRIBUTIONS = ["uniform", "normal", "triangular", "lognormal"] as const;

/** Policy fields a lever may vary, and the policy kinds that have them. */
export const LEVER_FIELDS = ["intensity", "hectaresPerYear", "budgetUsdPerYear", "labsPerYear"] as const;
export type LeverField = (typeof LEVER_FIELDS)[number];

export const DIRECTIONS = ["minimize", "maximize", "report"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What an uncertainty or a lever may take: a range (real, integer) or a list of values (categorical). */
export type Domain =
  | {
      readonly type: "real";
      readonly range: readonly [number, number];
      readonly distribution: Distribution;
    }
  | { readonly type: "integer"; readonly range: readonly [number, number] }
  | { readonly type: "categorical"; readonly values: readonly number[] };

export type Uncertainty = {
  readonly name: string;
  /** Canonical dotted path: a global parameter or `zones.<zone>.<field>`. */
  readonly parameter: string;
} & Domain;

export type Lever = {
  readonly name: string;
  /** The policy the lever adds, as written (months "YYYY-MM"), without the varied field. */
  readonly policy: RawPolicy;
  readonly field: LeverField;
} & Domain;

export interface Outcome {
  readonly name: string;
  /** Path of the figure in the yearly summary, e.g. "cocaineTonnes.exported". */
  readonly figure: string;
  readonly year: YearSelector;
  readonly direction: Direction;
}

export interface DesignSpec {
  readonly sampler: Sampler;
  /** Rows (latin-hypercube, monte-carlo), base samples N (sobol) or trajectories (morris). */
  readonly samples?: number;
  /** Levels per factor (full-factorial: default 3; morris: grid levels, default 4). */
  readonly levels?: number;
  /** Sobol' second-order indices (sobol only). */
  readonly secondOrder?: boolean;
  readonly seed: number;
}

export interface ExperimentDefinition {
  readonly name: string;
  readonly description?: string;
  /** A built-in scenario's name or a path to a scenario file (relative to the experiment file). */
  readonly scenario: string;
  readonly period?: { readonly from: string; readonly to: string };
  readonly uncertainties: readonly Uncertainty[];
  readonly levers: readonly Lever[];
  readonly outcomes: readonly Outcome[];
  readonly design: DesignSpec;
  /** Seeds per design point; outcomes are averaged over them. */
  readonly replications: number;
}
