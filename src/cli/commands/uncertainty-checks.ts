/**
 * Checks shared by the commands that report bands with the calibration's uncertainty
 * (`fit-report`, `project`, `run --runs N --posterior`, `compare --posterior`): what
 * they refuse with exit 2, the baseline they estimate the discrepancy on, and the
 * posterior draws of --posterior.
 */
import {
  posteriorProblem,
  posteriorDraws as sharedPosteriorDraws,
} from "../../calibration/posterior-runs.ts";
import { formatMonth, monthOfYear } from "../../core/time.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_USAGE } from "../types.ts";

/** A 90% interval needs runs to spread over; the discrepancy estimate subtracts their spread. */
export function checkBandRuns(runs: number): void {
  if (runs < 2)
    throw new CliError(
      `--runs: ${runs} run gives no interval; expected 2 or more (40 by default)`,
      EXIT_USAGE,
    );
}

/** Bands are of hectares on 31 December: a run must end in a December. */
export function checkYearEnd(to: number | undefined): void {
  if (to !== undefined && monthOfYear(to) !== 11) {
    throw new CliError(
      `--to: ${formatMonth(to)} is not a December; the bands are of hectares on 31 December, so a run ends in a December`,
      EXIT_USAGE,
    );
  }
}

/** The built-in baseline (never a file of the same name in the working directory). */
export function builtinPeru(deps: CliDeps): ResolvedScenario {
  const loaded = deps.loadBuiltin("peru");
  if (!loaded.ok) throw new CliError("the built-in peru scenario does not load", EXIT_FAILURE);
  return loaded.scenario;
}

/**
 * With --posterior, each scenario's parameter overrides for run i: the calibrated
 * parameters the scenario holds at their calibrated values (a value equal to the
 * calibrated one to the last digit counts as calibrated), drawn from the calibration's
 * posterior (src/calibration/posterior-runs.ts): run i's particle by systematic resampling
 * at position i of the N runs, its zone trends from seed i. The draws depend on the
 * seeds and their number only, so the runs of a pair (same seeds, same N) get the same
 * draw of every parameter that no scenario sets itself; a parameter a scenario sets is
 * the analyst's choice and stays as set. Refused (exit 2) for fewer than 2 runs, a scenario that does not carry
 * the calibration, or runs that do not start where the calibration does.
 */
export function posteriorDraws(
  scenarios: readonly ResolvedScenario[],
  targets: readonly string[],
  seeds: readonly number[],
): Record<string, number>[][] {
  const problem = posteriorProblem(scenarios, seeds.length);
  if (problem?.kind === "too-few-runs") {
    throw new CliError(
      `--posterior: --runs ${problem.runs} gives one draw, no spread; expected --runs 2 or more`,
      EXIT_USAGE,
    );
  }
  if (problem?.kind === "wrong-start") {
    throw new CliError(
      `--posterior: the runs start in ${formatMonth(problem.from)}; parameters drawn from the calibration hold for runs that start where it does, in ${formatMonth(problem.start)}`,
      EXIT_USAGE,
    );
  }
  if (problem?.kind === "not-calibrated") {
    throw new CliError(
      `--posterior: ${targets[problem.scenario]} carries none of the calibrated parameters; it needs peru or a scenario that extends it`,
      EXIT_USAGE,
    );
  }
  return sharedPosteriorDraws(scenarios, seeds);
}
