/**
 * Checks shared by the commands that report bands with the calibration's uncertainty
 * (`fit-report`, `project`): what they refuse with exit 2, and the baseline they
 * estimate the discrepancy on.
 */
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
