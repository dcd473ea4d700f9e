/**
 * The model-specific glue of an experiment: a design row → the ResolvedScenario
 * to simulate (the base scenario with the row's parameter values and one policy
 * per lever carrying the row's value of its field), the simulations of every
 * row and replication, and a run's summary → the row's outcomes. Pure.
 */
import { decodeSample } from "../analysis/problem.ts";
import { formatMonth, parseMonth } from "../core/time.ts";
import { ensembleSeeds } from "../ensemble/seeds.ts";
import type { SimulationJob } from "../executors/types.ts";
import { isParameterPath, PARAMETERS } from "../model/parameters.ts";
import type { Summary } from "../model/results.ts";
import { resolveScenario } from "../scenario/resolve.ts";
import type { Policy, ResolvedScenario } from "../scenario/types.ts";
import { checkOutcomeYear, checkPolicyMonths, type ExperimentIssue, type Segment } from "./check.ts";
import { experimentProblem } from "./design.ts";
import { figureValue } from "./figures.ts";
import type { ExperimentDefinition, Lever } from "./types.ts";

/** What the store keeps as an experiment's definition: enough to rerun and to analyse it. */
export interface StoredDefinition {
  readonly format: "cocasim-experiment/1";
  readonly experiment: ExperimentDefinition;
  /** The base scenario, resolved, with the experiment's period. */
  readonly scenario: ResolvedScenario;
  /** The replications' seeds; every design row runs with the same seeds (common random numbers). */
  readonly seeds: readonly number[];
}

/** Outcomes of one design row: the mean over replications, and each replication's when there are several. */
export interface RowOutcome {
  /** Outcome name → value (null when the figure was not a finite number). */
  readonly values: Readonly<Record<string, number | null>>;
  readonly replications?: readonly Readonly<Record<string, number | null>>[];
}

export function storedDefinition(definition: ExperimentDefinition, base: ResolvedScenario): StoredDefinition {
  return {
    format: "cocasim-experiment/1",
    experiment: definition,
    scenario: base,
    seeds: ensembleSeeds(base.seed, definition.replications),
  };
}

/** Checks of the experiment against its (resolved) base scenario: lever months, outcome years, parameter pairs. */
export function checkAgainstScenario(
  definition: ExperimentDefinition,
  base: ResolvedScenario,
): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  const issue = (path: readonly Segment[], message: string) => issues.push({ path: [...path], message });
  const period = { from: base.from, to: base.to };
  definition.levers.forEach((lever, i) => {
    checkPolicyMonths(lever.policy, ["levers", i, "policy"], period, issue);
  });
  definition.outcomes.forEach((outcome, k) => {
    checkOutcomeYear(outcome.year, ["outcomes", k, "year"], period, issue);
  });
  // Parameters that bound one another must keep doing so at every design point.
  const extent = (path: string): { lo: number; hi: number; at?: number } => {
    const i = definition.uncertainties.findIndex((u) => u.parameter === path);
    if (i >= 0) {
      const u = definition.uncertainties[i];
      const values = u.type === "categorical" ? u.values : u.range;
      return { lo: Math.min(...values), hi: Math.max(...values), at: i };
    }
    const value = base.parameters[path] ?? (isParameterPath(path) ? PARAMETERS[path].value : Number.NaN);
    return { lo: value, hi: value };
  };
  const at = (u: number) => [
    "uncertainties",
    u,
    definition.uncertainties[u].type === "categorical" ? "values" : "range",
  ];
  const low = extent("growers.maturationMonthsMin");
  const high = extent("growers.maturationMonthsMax");
  if (low.hi > high.lo && (low.at !== undefined || high.at !== undefined)) {
    issue(
      at(Math.max(low.at ?? -1, high.at ?? -1)),
      `expected growers.maturationMonthsMin <= growers.maturationMonthsMax at every design point, but the minimum can reach ${low.hi} and the maximum fall to ${high.lo}`,
    );
  }
  const a = extent("growers.highMoralCostShare");
  const b = extent("growers.noMoralCostShare");
  if (a.hi + b.hi > 1 + 1e-12 && (a.at !== undefined || b.at !== undefined)) {
    issue(
      at(Math.max(a.at ?? -1, b.at ?? -1)),
      `expected growers.highMoralCostShare + growers.noMoralCostShare <= 1 at every design point, but they can reach ${a.hi} + ${b.hi}`,
    );
  }
  return issues;
}

/** The experiment's base scenario: `base` with the experiment's period, if it has one. */
export function withPeriod(definition: ExperimentDefinition, base: ResolvedScenario): ResolvedScenario {
  if (!definition.period) return base;
  return { ...base, from: parseMonth(definition.period.from)!, to: parseMonth(definition.period.to)! };
}

/**
 * Each lever's policy as the model takes it (months as indices, zone names
 * canonical), resolved by the scenario layer; the varied field is set per row.
 */
export function leverPolicies(definition: ExperimentDefinition, base: ResolvedScenario): Policy[] {
  if (definition.levers.length === 0) return [];
  const resolved = resolveScenario({
    name: "levers",
    period: { from: formatMonth(base.from), to: formatMonth(base.to) },
    seed: 0,
    policies: definition.levers.map((lever) => lever.policy),
  });
  return [...resolved.policies];
}

function leverValue(lever: Lever, x: number): number {
  return lever.type === "categorical" ? lever.values[x] : x;
}

/** A prepared mapping from design rows to scenarios. */
export type RowMapper = (x: ArrayLike<number>, index: number) => ResolvedScenario;

/** Prepares the mapping of design rows (values in column order) to the scenarios to simulate. */
export function rowMapper(definition: ExperimentDefinition, base: ResolvedScenario): RowMapper {
  const problem = experimentProblem(definition);
  const policies = leverPolicies(definition, base);
  const nu = definition.uncertainties.length;
  return (x, index) => {
    const named = decodeSample(problem, x);
    const parameters: Record<string, number> = { ...base.parameters };
    for (const u of definition.uncertainties) parameters[u.parameter] = named[u.name] as number;
    const sorted: Record<string, number> = {};
    for (const key of Object.keys(parameters).sort((p, q) => (p < q ? -1 : p > q ? 1 : 0))) {
      sorted[key] = parameters[key];
    }
    const added = definition.levers.map(
      (lever, j) => ({ ...policies[j], [lever.field]: leverValue(lever, x[nu + j]) }) as Policy,
    );
    return {
      ...base,
      name: `${definition.name} #${index}`,
      parameters: sorted,
      policies: [...base.policies, ...added],
    };
  };
}

/** The simulations of the given design rows, row by row, each with every seed. */
export function experimentJobs(
  stored: StoredDefinition,
  rows: readonly { readonly index: number; readonly x: ArrayLike<number> }[],
  mapper: RowMapper = rowMapper(stored.experiment, stored.scenario),
): SimulationJob[] {
  return rows.flatMap(({ index, x }) => {
    const scenario = mapper(x, index);
    // One scenario object per row: an executor sends a scenario shared by several jobs once.
    return stored.seeds.map((seed) => ({ scenario, seed }));
  });
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** The outcomes of one run. */
export function runOutcomes(
  definition: ExperimentDefinition,
  summary: Summary,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const o of definition.outcomes) out[o.name] = finiteOrNull(figureValue(summary, o.figure, o.year));
  return out;
}

/** A design row's outcomes from its replications' summaries (in seed order). */
export function rowOutcome(definition: ExperimentDefinition, summaries: readonly Summary[]): RowOutcome {
  const runs = summaries.map((s) => runOutcomes(definition, s));
  const values: Record<string, number | null> = {};
  for (const o of definition.outcomes) {
    let total = 0;
    let ok = runs.length > 0;
    for (const r of runs) {
      const v = r[o.name];
      if (v === null) ok = false;
      else total += v;
    }
    values[o.name] = ok ? finiteOrNull(total / runs.length) : null;
  }
  return runs.length > 1 ? { values, replications: runs } : { values };
}
