/**
 * `"varies": "posterior"` on POST /api/runs: each member of the ensemble also draws
 * the calibrated parameters from the calibration's posterior, as `cocasim run --runs N
 * --posterior` does (src/calibration/posterior-runs.ts). Refused with 400 where the
 * draws make no sense.
 */
import { posteriorDraws, posteriorProblem } from "../calibration/posterior-runs.ts";
import { formatMonth } from "../core/time.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { badRequest } from "./requests.ts";

/** Member i's parameter overrides, one per seed; a 400 ApiError when they cannot be drawn. */
export function posteriorRunDraws(
  scenario: ResolvedScenario,
  seeds: readonly number[],
): Record<string, number>[] {
  const problem = posteriorProblem([scenario], seeds.length);
  if (problem?.kind === "too-few-runs") {
    throw badRequest([
      {
        path: "runs",
        message: `a posterior ensemble needs 2 runs or more (one run is one draw, no spread), got ${problem.runs}`,
      },
    ]);
  }
  if (problem?.kind === "wrong-start") {
    throw badRequest([
      {
        path: "from",
        message: `the runs start in ${formatMonth(problem.from)}; parameters drawn from the calibration hold for runs that start where it does, in ${formatMonth(problem.start)}`,
      },
    ]);
  }
  if (problem?.kind === "not-calibrated") {
    throw badRequest([
      {
        path: "scenario",
        message: `${scenario.name} carries none of the calibrated parameters; "varies": "posterior" needs peru or a scenario that extends it`,
      },
    ]);
  }
  return posteriorDraws([scenario], seeds)[0];
}
