/**
 * An experiment's design: its uncertainties and levers as an analysis Problem
 * (src/analysis/problem.ts; columns: uncertainties, then levers), and the
 * sampler's points in the unit cube and as parameter values. Deterministic:
 * the same definition gives the same rows on every machine. Pure.
 */
import { fullFactorial } from "../analysis/full-factorial.ts";
import { lhs } from "../analysis/lhs.ts";
import { row, type SampleMatrix } from "../analysis/matrix.ts";
import { monteCarlo } from "../analysis/monte-carlo.ts";
import { morrisSample } from "../analysis/morris-sample.ts";
import { defineProblem, type Parameter, type Problem, scaleSamples } from "../analysis/problem.ts";
import { createRandom } from "../analysis/random.ts";
import { saltelli, saltelliBlockSize } from "../analysis/saltelli.ts";
import type { Domain, ExperimentDefinition } from "./types.ts";

/** Default levels of a full-factorial design for real and integer factors. */
export const DEFAULT_FACTORIAL_LEVELS = 3;
/** Default grid levels of a Morris design. */
export const DEFAULT_MORRIS_LEVELS = 4;

/** One design point as stored: unit-cube coordinates and the values (category index for categoricals). */
export interface DesignRow {
  readonly unit: readonly number[];
  readonly x: readonly number[];
}

export interface BuiltDesign {
  readonly problem: Problem;
  /** The sampler's points in [0, 1]^d. */
  readonly unit: SampleMatrix;
  /** The same points as values (categoricals as the index of their value). */
  readonly x: SampleMatrix;
  readonly rows: readonly DesignRow[];
}

function parameter(name: string, domain: Domain): Parameter {
  switch (domain.type) {
    case "real":
      return { kind: "real", name, bounds: domain.range, distribution: domain.distribution };
    case "integer":
      return { kind: "integer", name, bounds: domain.range };
    case "categorical":
      return { kind: "categorical", name, values: domain.values };
  }
}

/** The experiment's factors as an analysis problem. */
export function experimentProblem(definition: ExperimentDefinition): Problem {
  return defineProblem({
    uncertainties: definition.uncertainties.map((u) => parameter(u.name, u)),
    levers: definition.levers.map((l) => parameter(l.name, l)),
  });
}

/** The factors' domains in column order (uncertainties, then levers). */
export function factorDomains(definition: Pick<ExperimentDefinition, "uncertainties" | "levers">): Domain[] {
  return [...definition.uncertainties, ...definition.levers];
}

/** Levels per column of a full-factorial design. */
export function factorialLevels(domains: readonly Domain[], levels = DEFAULT_FACTORIAL_LEVELS): number[] {
  return domains.map((d) => {
    if (d.type === "categorical") return d.values.length;
    if (d.type === "integer") return Math.min(levels, d.range[1] - d.range[0] + 1);
    return levels;
  });
}

/** Rows the design will have (without building it). */
export function designRowCount(
  definition: Pick<ExperimentDefinition, "uncertainties" | "levers" | "design">,
): number {
  const d = definition.uncertainties.length + definition.levers.length;
  const { sampler, samples = 0, levels, secondOrder } = definition.design;
  switch (sampler) {
    case "latin-hypercube":
    case "monte-carlo":
      return samples;
    case "full-factorial":
      return factorialLevels(factorDomains(definition), levels).reduce((a, b) => a * b, 1);
    case "sobol":
      return samples * saltelliBlockSize(d, secondOrder === true);
    case "morris":
      return samples * (d + 1);
  }
}

/** Builds the design of a validated definition. */
export function buildDesign(definition: ExperimentDefinition): BuiltDesign {
  const problem = experimentProblem(definition);
  const d = problem.dimension;
  const spec = definition.design;
  const samples = spec.samples ?? 0;
  let unit: SampleMatrix;
  switch (spec.sampler) {
    case "latin-hypercube":
      unit = lhs(samples, d, createRandom(spec.seed));
      break;
    case "monte-carlo":
      unit = monteCarlo(samples, d, createRandom(spec.seed));
      break;
    case "full-factorial":
      unit = fullFactorial(factorialLevels(factorDomains(definition), spec.levels));
      break;
    case "sobol":
      unit = saltelli(samples, d, { secondOrder: spec.secondOrder === true });
      break;
    case "morris":
      unit = morrisSample(d, samples, createRandom(spec.seed), {
        levels: spec.levels ?? DEFAULT_MORRIS_LEVELS,
      }).samples;
      break;
  }
  const x = scaleSamples(problem, unit);
  const rows: DesignRow[] = [];
  for (let i = 0; i < unit.rows; i++) rows.push({ unit: Array.from(row(unit, i)), x: Array.from(row(x, i)) });
  return { problem, unit, x, rows };
}
