import { describe, expect, it } from "vitest";
import { posteriorDraws, withDraw } from "../calibration/posterior-runs.ts";
import { ensembleSeeds } from "../ensemble/seeds.ts";
import { summariseEnsemble } from "../ensemble/summarise.ts";
import type { SimulationResult } from "../model/results.ts";
import { simulate } from "../model/simulate.ts";
import { loadBuiltin } from "../scenario/resolve.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { runBands } from "./ensemble-bands.ts";

function peru(): ResolvedScenario {
  const loaded = loadBuiltin("peru", { to: "2018-12" });
  if (!loaded.ok) throw new Error("peru does not load");
  return loaded.scenario;
}

describe("runBands", () => {
  it("runs the members on the ensemble seeds, each with its posterior draw, and summarises them", () => {
    const scenario = peru();
    const seen: ResolvedScenario[] = [];
    const progress: [number, number][] = [];
    const bands = runBands(
      scenario,
      3,
      (member, options) => {
        seen.push(member);
        return simulate(member, options);
      },
      (done, total) => progress.push([done, total]),
    );
    expect(bands.varies).toBe("posterior");
    const seeds = ensembleSeeds(scenario.seed, 3);
    const [draws] = posteriorDraws([scenario], seeds);
    expect(seen).toEqual(seeds.map((seed, i) => withDraw({ ...scenario, seed }, draws[i])));
    // The same members run directly give the same statistics.
    expect(bands.summary).toEqual(summariseEnsemble(seen.map((member) => simulate(member).summary)));
    const total = bands.summary.years[0].hectares.total;
    expect(total.p5).toBeLessThan(total.p95);
    expect(progress.at(-1)).toEqual([36, 36]);
    expect(progress.every(([done], k) => k === 0 || done >= progress[k - 1][0])).toBe(true);
  });

  it("varies only the seed for a scenario the calibration does not hold", () => {
    const scenario = { ...peru(), from: 2019 * 12, to: 2019 * 12 + 5 };
    const seen: ResolvedScenario[] = [];
    const fake = (member: ResolvedScenario): SimulationResult => {
      seen.push(member);
      return simulate(member);
    };
    const bands = runBands(scenario, 2, fake);
    expect(bands.varies).toBe("seed");
    expect(seen.map((s) => s.parameters)).toEqual([scenario.parameters, scenario.parameters]);
    expect(seen.map((s) => s.seed)).toEqual(ensembleSeeds(scenario.seed, 2));
  });
});
