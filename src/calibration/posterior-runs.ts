/**
 * Runs whose members draw the calibrated parameters from the posterior (the CLI's
 * `--posterior`, the API's `"varies": "posterior"`): when such runs make sense, and
 * each member's parameter overrides. Pure: each adapter words the problems itself.
 */
import { PERU_CALIBRATION } from "../scenario/builtin/peru-calibration.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { calibratedShare, projectionMembers } from "./projection.ts";
import { CALIBRATION_YEARS } from "./targets.ts";

/** The month the calibration's runs start in: posterior draws hold for runs that start there. */
export const POSTERIOR_START = Math.min(...CALIBRATION_YEARS) * 12;

/** Why posterior runs of these scenarios cannot be made, or undefined when they can. */
export type PosteriorProblem =
  /** One run is one draw: no spread. */
  | { readonly kind: "too-few-runs"; readonly runs: number }
  /** The runs start elsewhere than the calibration (`start` is POSTERIOR_START). */
  | { readonly kind: "wrong-start"; readonly from: number; readonly start: number }
  /** The scenario (index `scenario`) holds none of the calibrated parameters. */
  | { readonly kind: "not-calibrated"; readonly scenario: number };

export function posteriorProblem(
  scenarios: readonly ResolvedScenario[],
  runs: number,
): PosteriorProblem | undefined {
  if (runs < 2) return { kind: "too-few-runs", runs };
  if (scenarios[0].from !== POSTERIOR_START)
    return { kind: "wrong-start", from: scenarios[0].from, start: POSTERIOR_START };
  const bare = scenarios.findIndex((scenario) => calibratedShare(scenario, PERU_CALIBRATION) === 0);
  if (bare >= 0) return { kind: "not-calibrated", scenario: bare };
  return undefined;
}

/**
 * Member i's parameter overrides for each scenario (see projectionMembers): the same
 * draw for every scenario at the same i, so paired runs share it. Check
 * posteriorProblem first.
 */
export function posteriorDraws(
  scenarios: readonly ResolvedScenario[],
  seeds: readonly number[],
): Record<string, number>[][] {
  return scenarios.map((scenario) => projectionMembers(scenario, PERU_CALIBRATION, seeds));
}

/** The scenario with one posterior draw's parameters in place of its own. */
export function withDraw(
  scenario: ResolvedScenario,
  draw: Readonly<Record<string, number>>,
): ResolvedScenario {
  return { ...scenario, parameters: { ...scenario.parameters, ...draw } };
}

/** An ensemble member: the scenario with its seed and, for a posterior ensemble, its draw. */
export function memberScenario(
  scenario: ResolvedScenario,
  seed: number,
  draw?: Readonly<Record<string, number>>,
): ResolvedScenario {
  return draw === undefined ? { ...scenario, seed } : withDraw({ ...scenario, seed }, draw);
}
