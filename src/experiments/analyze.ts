/**
 * Analyses of a stored experiment with src/analysis: Sobol' indices (S1, ST
 * and S2 when the design has it, with bootstrap confidence intervals), Morris
 * screening (mu*, sigma), PRIM scenario discovery on an outcome made binary by
 * a threshold (the trade-off curve and the chosen box with quasi-p-values), and
 * random-forest feature scores; plus the outcomes' statistics over the design.
 * Results are plain JSON-ready data. Pure and deterministic: every bootstrap and
 * forest is seeded from the design's seed.
 */
import { featureScoring } from "../analysis/feature-scoring.ts";
import { matrixFromRows, type SampleMatrix } from "../analysis/matrix.ts";
import { morrisAnalyze } from "../analysis/morris-analyze.ts";
import { prim } from "../analysis/prim.ts";
import { createRandom } from "../analysis/random.ts";
import { sobolAnalyze } from "../analysis/sobol-analyze.ts";
import type { DesignRow } from "./design.ts";
import type { RowOutcome, StoredDefinition } from "./scenario.ts";
import type { Domain, ExperimentDefinition, Outcome } from "./types.ts";

/** A stored experiment as the analyses take it. */
export interface LoadedExperiment {
  readonly id: string;
  readonly stored: StoredDefinition;
  readonly design: readonly DesignRow[];
  /** One per design row; null where the row has not run yet. */
  readonly outcomes: readonly (RowOutcome | null)[];
}

/** An error in what was asked (unknown outcome, wrong design for the method): bad usage. */
export class AnalysisInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AnalysisInputError";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Checks the shape of what the store returned for an experiment. Throws AnalysisInputError. */
export function loadExperiment(record: {
  readonly id: string;
  readonly definition: unknown;
  readonly design: readonly unknown[];
  readonly outcomes: readonly unknown[];
}): LoadedExperiment {
  const def = record.definition;
  if (!isObject(def) || def.format !== "cocasim-experiment/1" || !isObject(def.experiment)) {
    throw new AnalysisInputError(
      `experiment ${record.id} was not stored by \`cocasim experiment\` (unknown format)`,
    );
  }
  const design = record.design.map((row, i) => {
    if (!isObject(row) || !Array.isArray(row.x) || !Array.isArray(row.unit)) {
      throw new AnalysisInputError(`experiment ${record.id}: design row ${i} is malformed`);
    }
    return row as unknown as DesignRow;
  });
  const outcomes = record.outcomes.map((o) =>
    isObject(o) && isObject(o.values) ? (o as unknown as RowOutcome) : null,
  );
  return { id: record.id, stored: def as unknown as StoredDefinition, design, outcomes };
}

/** Names of the factors in column order (uncertainties, then levers). */
export function factorNames(definition: ExperimentDefinition): string[] {
  return [...definition.uncertainties.map((u) => u.name), ...definition.levers.map((l) => l.name)];
}

function factorDomainsOf(definition: ExperimentDefinition): Domain[] {
  return [...definition.uncertainties, ...definition.levers];
}

/** A factor's value as written: a category's value rather than its index. */
export function factorValue(domain: Domain, x: number): number {
  return domain.type === "categorical" ? (domain.values[x] ?? Number.NaN) : x;
}

/** The outcome's position in the definition: analyses seed their random streams with it. */
function outcomeIndex(definition: ExperimentDefinition, outcome: Outcome): number {
  return definition.outcomes.indexOf(outcome);
}

/** The outcomes asked for: one by name, or all of them. */
export function selectOutcomes(definition: ExperimentDefinition, name?: string): Outcome[] {
  if (name === undefined) return [...definition.outcomes];
  const found = definition.outcomes.find((o) => o.name === name);
  if (!found) {
    throw new AnalysisInputError(
      `no outcome ${JSON.stringify(name)} in experiment ${definition.name} (outcomes: ${definition.outcomes.map((o) => o.name).join(", ")})`,
    );
  }
  return [found];
}

/** Values of an outcome on the rows that have one, with those rows' indices. */
export function outcomeColumn(
  experiment: LoadedExperiment,
  name: string,
): { rows: number[]; y: Float64Array } {
  const rows: number[] = [];
  const values: number[] = [];
  experiment.outcomes.forEach((o, i) => {
    const v = o?.values[name];
    if (typeof v === "number" && Number.isFinite(v)) {
      rows.push(i);
      values.push(v);
    }
  });
  return { rows, y: Float64Array.from(values) };
}

/** The outcome on every row, or an error saying how many rows are missing (Sobol' and Morris need all). */
function completeColumn(experiment: LoadedExperiment, name: string, method: string): Float64Array {
  const { rows, y } = outcomeColumn(experiment, name);
  if (rows.length < experiment.design.length) {
    const missing = experiment.design.length - rows.length;
    throw new AnalysisInputError(
      `${method} needs the outcome ${name} on every design row, but ${missing} of ${experiment.design.length} have none: ` +
        "run the experiment again to finish it",
    );
  }
  return y;
}

function numbers(a: ArrayLike<number>): number[] {
  return Array.from(a);
}

// ── Outcome statistics ──────────────────────────────────────────────────────

export interface OutcomeStats {
  readonly name: string;
  readonly figure: string;
  readonly year: Outcome["year"];
  readonly direction: Outcome["direction"];
  /** Rows with a value. */
  readonly n: number;
  readonly mean: number;
  readonly min: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** The best row for a minimize/maximize outcome: its index, value and factor values. */
  readonly best?: {
    readonly row: number;
    readonly value: number;
    readonly factors: Readonly<Record<string, number>>;
  };
}

/** Linear-interpolation quantile (type 7) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** The factor values of design row `row`, by name (categories as their values). */
export function rowFactors(experiment: LoadedExperiment, row: number): Record<string, number> {
  const definition = experiment.stored.experiment;
  const domains = factorDomainsOf(definition);
  const out: Record<string, number> = {};
  factorNames(definition).forEach((name, j) => {
    out[name] = factorValue(domains[j], experiment.design[row].x[j]);
  });
  return out;
}

export function outcomeStats(experiment: LoadedExperiment): OutcomeStats[] {
  return experiment.stored.experiment.outcomes.map((o) => {
    const { rows, y } = outcomeColumn(experiment, o.name);
    const sorted = Float64Array.from(y).sort();
    let total = 0;
    for (const v of y) total += v;
    const stats: OutcomeStats = {
      name: o.name,
      figure: o.figure,
      year: o.year,
      direction: o.direction,
      n: y.length,
      mean: y.length > 0 ? total / y.length : Number.NaN,
      min: sorted.length > 0 ? sorted[0] : Number.NaN,
      p5: quantileSorted(sorted, 0.05),
      p50: quantileSorted(sorted, 0.5),
      p95: quantileSorted(sorted, 0.95),
      max: sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN,
    };
    if (o.direction === "report" || y.length === 0) return stats;
    let best = 0;
    for (let k = 1; k < y.length; k++) {
      if (o.direction === "minimize" ? y[k] < y[best] : y[k] > y[best]) best = k;
    }
    return {
      ...stats,
      best: { row: rows[best], value: y[best], factors: rowFactors(experiment, rows[best]) },
    };
  });
}

// ── Sobol' ──────────────────────────────────────────────────────────────────

export interface SobolResult {
  readonly outcome: string;
  readonly names: readonly string[];
  readonly S1: readonly number[];
  readonly S1Conf: readonly number[];
  readonly ST: readonly number[];
  readonly STConf: readonly number[];
  /** Second-order indices by pair, when the design has them. */
  readonly S2?: readonly {
    readonly a: string;
    readonly b: string;
    readonly S2: number;
    readonly S2Conf: number;
  }[];
  /** Base samples N. */
  readonly n: number;
}

export interface AnalysisOptions {
  /** One outcome by name (default: all). */
  readonly outcome?: string;
  /** Bootstrap resamples (default: the analysis's own). */
  readonly resamples?: number;
}

export function sobolAnalysis(experiment: LoadedExperiment, options: AnalysisOptions = {}): SobolResult[] {
  const definition = experiment.stored.experiment;
  if (definition.design.sampler !== "sobol") {
    throw new AnalysisInputError(
      `Sobol' indices need a design made with sampler: sobol; experiment ${experiment.id} used ${definition.design.sampler}` +
        " (try --method features or prim, which work on any design)",
    );
  }
  const names = factorNames(definition);
  const d = names.length;
  const secondOrder = definition.design.secondOrder === true;
  return selectOutcomes(definition, options.outcome).map((o) => {
    const y = completeColumn(experiment, o.name, "Sobol' analysis");
    const random = createRandom(definition.design.seed + 1000 * (outcomeIndex(definition, o) + 1));
    const r = sobolAnalyze(y, d, random, { secondOrder, resamples: options.resamples ?? 100 });
    const result: SobolResult = {
      outcome: o.name,
      names,
      S1: numbers(r.S1),
      S1Conf: numbers(r.S1Conf),
      ST: numbers(r.ST),
      STConf: numbers(r.STConf),
      n: r.n,
    };
    if (!r.S2 || !r.S2Conf) return result;
    const pairs: { a: string; b: string; S2: number; S2Conf: number }[] = [];
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++)
        pairs.push({ a: names[i], b: names[j], S2: r.S2[i * d + j], S2Conf: r.S2Conf[i * d + j] });
    }
    return { ...result, S2: pairs };
  });
}

// ── Morris ──────────────────────────────────────────────────────────────────

export interface MorrisResult {
  readonly outcome: string;
  readonly names: readonly string[];
  readonly mu: readonly number[];
  readonly muStar: readonly number[];
  readonly muStarConf: readonly number[];
  readonly sigma: readonly number[];
  readonly trajectories: number;
}

export function morrisAnalysis(experiment: LoadedExperiment, options: AnalysisOptions = {}): MorrisResult[] {
  const definition = experiment.stored.experiment;
  if (definition.design.sampler !== "morris") {
    throw new AnalysisInputError(
      `Morris screening needs a design made with sampler: morris; experiment ${experiment.id} used ${definition.design.sampler}` +
        " (try --method features or prim, which work on any design)",
    );
  }
  const names = factorNames(definition);
  const unit = matrixFromRows(experiment.design.map((r) => r.unit));
  return selectOutcomes(definition, options.outcome).map((o) => {
    const y = completeColumn(experiment, o.name, "Morris analysis");
    const random = createRandom(definition.design.seed + 2000 * (outcomeIndex(definition, o) + 1));
    const r = morrisAnalyze(unit, y, random, { resamples: options.resamples ?? 1000 });
    return {
      outcome: o.name,
      names,
      mu: numbers(r.mu),
      muStar: numbers(r.muStar),
      muStarConf: numbers(r.muStarConf),
      sigma: numbers(r.sigma),
      trajectories: r.elementaryEffects.rows,
    };
  });
}

// ── Feature scores ──────────────────────────────────────────────────────────

export interface FeatureResult {
  readonly outcome: string;
  readonly names: readonly string[];
  /** Importance per factor, in column order, summing to 1. */
  readonly scores: readonly number[];
  /** Factor names, most important first. */
  readonly ranking: readonly string[];
  /** Out-of-bag R² of the forest. */
  readonly oobScore: number;
  /** Rows used (those with the outcome). */
  readonly n: number;
}

/** The design's values (categoricals as indices) on the given rows. */
function designMatrix(experiment: LoadedExperiment, rows: readonly number[]): SampleMatrix {
  return matrixFromRows(rows.map((i) => experiment.design[i].x));
}

export function featureAnalysis(
  experiment: LoadedExperiment,
  options: AnalysisOptions & { readonly trees?: number } = {},
): FeatureResult[] {
  const definition = experiment.stored.experiment;
  const names = factorNames(definition);
  return selectOutcomes(definition, options.outcome).map((o) => {
    const { rows, y } = outcomeColumn(experiment, o.name);
    if (rows.length < 2) {
      throw new AnalysisInputError(
        `feature scoring needs the outcome ${o.name} on at least 2 rows, got ${rows.length}`,
      );
    }
    const random = createRandom(definition.design.seed + 3000 * (outcomeIndex(definition, o) + 1));
    const r = featureScoring(designMatrix(experiment, rows), y, random, {
      names,
      trees: options.trees ?? 100,
      // Every factor at every split, as EMA Workbench's regression forests: with √d of a
      // few factors, irrelevant ones win splits by chance and take importance.
      maxFeatures: "all",
    });
    return {
      outcome: o.name,
      names,
      scores: numbers(r.scores),
      ranking: r.ranking.map((j) => names[j]),
      oobScore: r.oobScore,
      n: rows.length,
    };
  });
}

// ── PRIM ────────────────────────────────────────────────────────────────────

export interface PrimOptionsIn {
  /** The outcome (default: the first). */
  readonly outcome?: string;
  /** Cases of interest are outcomes at or beyond this (default: the median). */
  readonly threshold?: number;
  /** "below": y ≤ threshold; "above": y ≥ threshold (default: below unless the outcome is to be maximised). */
  readonly side?: "below" | "above";
  /** Trajectory index of the box to report (default: the most coverage with density ≥ minDensity). */
  readonly box?: number;
  /** Density the default box must reach (default 0.8). */
  readonly minDensity?: number;
}

export type PrimRestrictionOut =
  | {
      readonly kind: "range";
      readonly name: string;
      readonly lower: number;
      readonly upper: number;
      /** The factor's range over the design, for comparison. */
      readonly min: number;
      readonly max: number;
      readonly qpLower: number | null;
      readonly qpUpper: number | null;
    }
  | {
      readonly kind: "set";
      readonly name: string;
      readonly values: readonly number[];
      readonly all: readonly number[];
      readonly qp: number;
    };

export interface PrimResultOut {
  readonly outcome: string;
  readonly threshold: number;
  readonly side: "below" | "above";
  readonly n: number;
  readonly casesOfInterest: number;
  readonly trajectory: readonly {
    readonly index: number;
    readonly phase: string;
    readonly coverage: number;
    readonly density: number;
    readonly mass: number;
    readonly restrictedDimensions: number;
  }[];
  readonly chosen: {
    readonly index: number;
    readonly coverage: number;
    readonly density: number;
    readonly mass: number;
    readonly restrictions: readonly PrimRestrictionOut[];
  };
}

export const DEFAULT_PRIM_DENSITY = 0.8;

export function primAnalysis(experiment: LoadedExperiment, options: PrimOptionsIn = {}): PrimResultOut {
  const definition = experiment.stored.experiment;
  const [outcome] = selectOutcomes(definition, options.outcome ?? definition.outcomes[0]?.name);
  const { rows, y } = outcomeColumn(experiment, outcome.name);
  if (rows.length < 2)
    throw new AnalysisInputError(
      `PRIM needs the outcome ${outcome.name} on at least 2 rows, got ${rows.length}`,
    );
  const side = options.side ?? (outcome.direction === "maximize" ? "above" : "below");
  const threshold = options.threshold ?? quantileSorted(Float64Array.from(y).sort(), 0.5);
  const cases = Array.from(y).filter((v) => (side === "below" ? v <= threshold : v >= threshold)).length;
  if (cases === 0) {
    throw new AnalysisInputError(
      `no design row has ${outcome.name} ${side === "below" ? "<=" : ">="} ${threshold}: choose another threshold (the outcome ranges over ${Math.min(...y)} to ${Math.max(...y)})`,
    );
  }
  const names = factorNames(definition);
  const domains = factorDomainsOf(definition);
  const categorical = domains.flatMap((d, j) => (d.type === "categorical" ? [j] : []));
  const x = designMatrix(experiment, rows);
  const result = prim(x, y, { threshold, thresholdType: side, categorical, names });
  const index =
    options.box ??
    (() => {
      const best = result.bestIndex(options.minDensity ?? DEFAULT_PRIM_DENSITY);
      return best >= 0 ? best : result.trajectory.length - 1;
    })();
  if (!Number.isInteger(index) || index < 0 || index >= result.trajectory.length) {
    throw new AnalysisInputError(`--box must be between 0 and ${result.trajectory.length - 1}, got ${index}`);
  }
  const box = result.select(index);
  const column = (j: number) => rows.map((i) => experiment.design[i].x[j]);
  const restrictions: PrimRestrictionOut[] = box.restrictions.map((r) => {
    const domain = domains[r.dimension];
    if (r.kind === "set") {
      const all = [...new Set(column(r.dimension))].sort((a, b) => a - b);
      return {
        kind: "set",
        name: r.name,
        values: r.values.map((v) => factorValue(domain, v)),
        all: all.map((v) => factorValue(domain, v)),
        qp: r.qp,
      };
    }
    const values = column(r.dimension);
    return {
      kind: "range",
      name: r.name,
      lower: r.lower,
      upper: r.upper,
      min: Math.min(...values),
      max: Math.max(...values),
      qpLower: r.qpLower,
      qpUpper: r.qpUpper,
    };
  });
  return {
    outcome: outcome.name,
    threshold,
    side,
    n: result.n,
    casesOfInterest: result.casesOfInterest,
    trajectory: result.trajectory.map((s, i) => ({
      index: i,
      phase: s.phase,
      coverage: s.coverage,
      density: s.density,
      mass: s.mass,
      restrictedDimensions: s.restrictedDimensions,
    })),
    chosen: { index, coverage: box.coverage, density: box.density, mass: box.mass, restrictions },
  };
}
