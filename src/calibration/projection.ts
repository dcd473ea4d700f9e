/**
 * What a projection with the calibration's uncertainty varies from member to member
 * (`cocasim project`): the parameters that the scenario takes from the calibration
 * are drawn as in the fit report (posterior-members.ts), the ones the scenario sets
 * itself are kept. Pure: no I/O.
 */
import type { PeruCalibration } from "../scenario/builtin/peru-calibration.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { posteriorMembers } from "./posterior-members.ts";
import { trendParameters } from "./zone-trends.ts";

type Calibration = Pick<PeruCalibration, "posterior" | "zoneTrends" | "parameters">;

/** The calibration's point value of every parameter it fits, the zone trends included. */
function pointValues(calibration: Calibration): Map<string, number> {
  return new Map(
    Object.entries({ ...calibration.parameters, ...trendParameters(calibration.zoneTrends ?? {}) }),
  );
}

/**
 * The share (0 to 1) of the calibration's parameters that the scenario carries at
 * their calibrated values: 1 for `peru` and the scenarios that extend it without
 * touching them, 0 for a scenario built on the registry defaults.
 */
export function calibratedShare(scenario: ResolvedScenario, calibration: Calibration): number {
  const points = pointValues(calibration);
  let carried = 0;
  for (const [path, value] of points) if (scenario.parameters[path] === value) carried++;
  return points.size > 0 ? carried / points.size : 0;
}

/**
 * Each member's parameter overrides, one per seed: the posterior draw (global
 * parameters from a particle, zone trends from N(estimate, se²)) of every parameter
 * the scenario holds at its calibrated value. A parameter the scenario sets to
 * anything else is the analyst's choice and is left alone (a value written out equal
 * to the calibrated one, to the last digit, counts as calibrated). Fixing some of a
 * particle's parameters and drawing the rest breaks the posterior's correlations
 * between them: the bands are then an approximation, wider or narrower than a
 * posterior conditioned on the analyst's choice.
 */
export function projectionMembers(
  scenario: ResolvedScenario,
  calibration: Calibration,
  seeds: readonly number[],
): Record<string, number>[] {
  const points = pointValues(calibration);
  const drawn = [...points]
    .filter(([path, value]) => scenario.parameters[path] === value)
    .map(([path]) => path);
  return posteriorMembers(calibration, seeds).map((member) =>
    Object.fromEntries(drawn.filter((path) => path in member).map((path) => [path, member[path]])),
  );
}
