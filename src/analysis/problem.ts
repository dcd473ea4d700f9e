/**
 * Problem specification: the uncertainties (factors outside the decision
 * maker's control) and levers (policy options) of an exploratory model, in
 * the sense of EMA Workbench, with the bounds/distributions SALib needs.
 *
 * Every sampler in this folder works in the unit hypercube [0, 1)^d, which
 * keeps them independent of parameter types; `scaleSamples` is the single
 * place where unit coordinates become parameter values. Categorical values
 * are encoded as their index so that a scaled design is still a numeric
 * matrix that PRIM and the random forest can consume; `decodeSample` turns a
 * row back into named, typed values for the model.
 */

import type { SampleMatrix } from "./matrix.ts";
import { normalCdf, normalQuantile } from "./special.ts";

/** Distribution of a real parameter. Bounds truncate it (they may be infinite for normal/lognormal). */
export type Distribution =
  | { readonly type: "uniform" }
  /** Normal(mean, sd) truncated to the bounds. */
  | { readonly type: "normal"; readonly mean: number; readonly sd: number }
  /** Triangular on the bounds with the given mode. */
  | { readonly type: "triangular"; readonly mode: number }
  /** exp(Normal(mu, sigma)) truncated to the bounds (lower bound ≥ 0). */
  | { readonly type: "lognormal"; readonly mu: number; readonly sigma: number };

/** A continuous parameter. */
export interface RealParameter {
  readonly kind: "real";
  readonly name: string;
  /** [lower, upper], lower < upper. */
  readonly bounds: readonly [number, number];
  /** Defaults to uniform on the bounds. */
  readonly distribution?: Distribution;
}

/** An integer parameter, uniform on the inclusive range. */
export interface IntegerParameter {
  readonly kind: "integer";
  readonly name: string;
  /** [lower, upper], inclusive, integers, lower ≤ upper. */
  readonly bounds: readonly [number, number];
}

/** A value a categorical parameter may take. */
export type CategoryValue = string | number | boolean;

/** A categorical parameter, uniform over its values; encoded as the value's index. */
export interface CategoricalParameter {
  readonly kind: "categorical";
  readonly name: string;
  readonly values: readonly CategoryValue[];
}

export type Parameter = RealParameter | IntegerParameter | CategoricalParameter;

/** What the caller writes. */
export interface ProblemSpec {
  readonly uncertainties?: readonly Parameter[];
  readonly levers?: readonly Parameter[];
}

/** A validated problem. Column order of every design: uncertainties, then levers. */
export interface Problem {
  readonly uncertainties: readonly Parameter[];
  readonly levers: readonly Parameter[];
  /** Uncertainties followed by levers: the column order of sample matrices. */
  readonly parameters: readonly Parameter[];
  readonly names: readonly string[];
  /** Number of columns, i.e. `parameters.length`. */
  readonly dimension: number;
}

function validate(p: Parameter): void {
  if (typeof p.name !== "string" || p.name.length === 0) throw new Error("every parameter needs a name");
  if (p.kind === "categorical") {
    if (p.values.length === 0) throw new Error(`categorical parameter ${p.name} has no values`);
    return;
  }
  const [lo, hi] = p.bounds;
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new Error(`parameter ${p.name} has NaN bounds`);
  if (p.kind === "integer") {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new Error(`integer parameter ${p.name} needs integer bounds lower ≤ upper, got [${lo}, ${hi}]`);
    }
    return;
  }
  if (!(lo < hi)) throw new Error(`real parameter ${p.name} needs lower < upper, got [${lo}, ${hi}]`);
  const dist = p.distribution ?? { type: "uniform" };
  switch (dist.type) {
    case "uniform":
    case "triangular":
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new Error(`${dist.type} parameter ${p.name} needs finite bounds`);
      }
      if (dist.type === "triangular" && !(dist.mode >= lo && dist.mode <= hi)) {
        throw new Error(`triangular parameter ${p.name} has its mode ${dist.mode} outside its bounds`);
      }
      return;
    case "normal":
      if (!Number.isFinite(dist.mean) || !(dist.sd > 0)) {
        throw new Error(`normal parameter ${p.name} needs a finite mean and sd > 0`);
      }
      return;
    case "lognormal":
      if (!Number.isFinite(dist.mu) || !(dist.sigma > 0)) {
        throw new Error(`lognormal parameter ${p.name} needs a finite mu and sigma > 0`);
      }
      if (lo < 0) throw new Error(`lognormal parameter ${p.name} needs lower bound ≥ 0`);
      return;
  }
}

/** Validates a specification and fixes the column order. */
export function defineProblem(spec: ProblemSpec): Problem {
  const uncertainties = [...(spec.uncertainties ?? [])];
  const levers = [...(spec.levers ?? [])];
  const parameters = [...uncertainties, ...levers];
  const seen = new Set<string>();
  for (const p of parameters) {
    validate(p);
    if (seen.has(p.name)) throw new Error(`duplicate parameter name ${p.name}`);
    seen.add(p.name);
  }
  return Object.freeze({
    uncertainties: Object.freeze(uncertainties),
    levers: Object.freeze(levers),
    parameters: Object.freeze(parameters),
    names: Object.freeze(parameters.map((p) => p.name)),
    dimension: parameters.length,
  });
}

// Keeps inverse CDFs finite when a low-discrepancy point sits exactly on 0
// (the first Sobol' point does): Φ⁻¹(2⁻⁵³) ≈ −8.3 standard deviations.
const P_MIN = 2 ** -53;
const P_MAX = 1 - 2 ** -53;

function clampProbability(p: number): number {
  return Math.min(Math.max(p, P_MIN), P_MAX);
}

/** Quantile of the truncated standard normal between the given CDF values. */
function truncatedStdNormal(u: number, cdfLo: number, cdfHi: number): number {
  return normalQuantile(clampProbability(cdfLo + u * (cdfHi - cdfLo)));
}

function realValue(p: RealParameter, u: number): number {
  const [lo, hi] = p.bounds;
  const dist = p.distribution ?? { type: "uniform" };
  let x: number;
  switch (dist.type) {
    case "uniform":
      x = lo + u * (hi - lo);
      break;
    case "triangular": {
      // Inverse CDF of the triangular distribution on [lo, hi] with mode c.
      const c = (dist.mode - lo) / (hi - lo);
      x =
        u < c
          ? lo + Math.sqrt(u * (hi - lo) * (dist.mode - lo))
          : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - dist.mode));
      break;
    }
    case "normal": {
      const a = normalCdf((lo - dist.mean) / dist.sd);
      const b = normalCdf((hi - dist.mean) / dist.sd);
      x = dist.mean + dist.sd * truncatedStdNormal(u, a, b);
      break;
    }
    case "lognormal": {
      const a = lo > 0 ? normalCdf((Math.log(lo) - dist.mu) / dist.sigma) : 0;
      const b = Number.isFinite(hi) ? normalCdf((Math.log(hi) - dist.mu) / dist.sigma) : 1;
      x = Math.exp(dist.mu + dist.sigma * truncatedStdNormal(u, a, b));
      break;
    }
  }
  // Round-off in the inverse CDFs must never put a value outside its bounds.
  return Math.min(Math.max(x, lo), hi);
}

/**
 * Maps a unit coordinate u ∈ [0, 1] to a parameter value. Integers and
 * categories use equal-width bins, so every integer/category is equally
 * likely under a uniform u; categories come back as their index.
 */
export function parameterValue(parameter: Parameter, u: number): number {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`unit coordinate must be in [0, 1], got ${u}`);
  switch (parameter.kind) {
    case "real":
      return realValue(parameter, u);
    case "integer": {
      const [lo, hi] = parameter.bounds;
      const v = lo + Math.floor(u * (hi - lo + 1));
      return Math.min(v, hi);
    }
    case "categorical": {
      const k = parameter.values.length;
      const v = Math.floor(u * k);
      return Math.min(v, k - 1);
    }
  }
}

/** Maps a unit-hypercube design (one column per parameter) to parameter values. */
export function scaleSamples(problem: Problem, unit: SampleMatrix): SampleMatrix {
  if (unit.cols !== problem.dimension) {
    throw new RangeError(
      `design has ${unit.cols} columns but the problem has ${problem.dimension} parameters`,
    );
  }
  const out = new Float64Array(unit.data.length);
  const d = unit.cols;
  for (let i = 0; i < unit.rows; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = parameterValue(problem.parameters[j], unit.data[i * d + j]);
  }
  return { rows: unit.rows, cols: d, data: out };
}

/**
 * Turns one scaled row into named values for a model: reals and integers as
 * numbers, categoricals as the original value (the row holds its index).
 */
export function decodeSample(problem: Problem, values: ArrayLike<number>): Record<string, CategoryValue> {
  if (values.length !== problem.dimension) {
    throw new RangeError(
      `row has ${values.length} values but the problem has ${problem.dimension} parameters`,
    );
  }
  const out: Record<string, CategoryValue> = {};
  problem.parameters.forEach((p, j) => {
    if (p.kind === "categorical") {
      const index = values[j];
      if (!Number.isInteger(index) || index < 0 || index >= p.values.length) {
        throw new RangeError(`value ${index} is not a category index of ${p.name}`);
      }
      out[p.name] = p.values[index];
    } else {
      out[p.name] = values[j];
    }
  });
  return out;
}
