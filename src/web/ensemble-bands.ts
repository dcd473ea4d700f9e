/**
 * The dashboard's uncertainty band: `runs` members of a scenario, on the seeds an
 * ensemble of the CLI or the API would use (src/ensemble/seeds.ts), each drawing the
 * calibrated parameters from the posterior where the scenario carries the
 * calibration and starts with it (as `cocasim run --runs N --posterior` and the API's
 * `"varies": "posterior"`), else varying only the seed. Pure: the simulation is passed in.
 */
import { memberScenario, posteriorDraws, posteriorProblem } from "../calibration/posterior-runs.ts";
import { ensembleSeeds } from "../ensemble/seeds.ts";
import { type EnsembleSummary, summariseEnsemble } from "../ensemble/summarise.ts";
import type { SimulationResult } from "../model/results.ts";
import type { SimulateOptions } from "../model/simulate.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

export interface Bands {
  readonly summary: EnsembleSummary;
  readonly varies: "seed" | "posterior";
}

export function runBands(
  scenario: ResolvedScenario,
  runs: number,
  simulate: (scenario: ResolvedScenario, options?: SimulateOptions) => SimulationResult,
  onProgress: (done: number, total: number) => void = () => {},
): Bands {
  const seeds = ensembleSeeds(scenario.seed, runs);
  const draws =
    posteriorProblem([scenario], runs) === undefined ? posteriorDraws([scenario], seeds)[0] : undefined;
  const months = scenario.to - scenario.from + 1;
  const total = months * runs;
  const summaries = seeds.map((seed, i) => {
    const member = memberScenario(scenario, seed, draws?.[i]);
    return simulate(member, { onProgress: (done) => onProgress(i * months + done, total) }).summary;
  });
  return { summary: summariseEnsemble(summaries), varies: draws ? "posterior" : "seed" };
}
