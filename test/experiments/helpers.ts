/** Shared fixtures of the experiment tests: a fake model whose outcomes depend on the design row. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ExperimentDefinition, parseExperiment } from "../../src/experiments/index.ts";
import type { SimulationResult } from "../../src/model/results.ts";
import { formatErrors } from "../../src/scenario/parse.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import { fakeSimulate } from "../cli/fakes.ts";

/**
 * fakeSimulate with figures that answer to the design: hectares to
 * growers.logitScaleUsd and the last policy's intensity, exports to
 * network.hazardMultiplier; and a little to the seed, so replications differ.
 */
export function experimentSimulate(scenario: ResolvedScenario): SimulationResult {
  const result = fakeSimulate(scenario);
  const logit = scenario.parameters["growers.logitScaleUsd"] ?? 1800;
  const hazard = scenario.parameters["network.hazardMultiplier"] ?? 1;
  const intensity =
    scenario.policies.length > 0 ? scenario.policies[scenario.policies.length - 1].intensity : 1;
  const noise = (scenario.seed % 101) / 100;
  return {
    ...result,
    summary: {
      ...result.summary,
      years: result.summary.years.map((y, t) => ({
        ...y,
        hectares: { ...y.hectares, total: 20 * logit + 5000 * intensity + 100 * t + noise },
        cocaineTonnes: { ...y.cocaineTonnes, exported: 400 / hazard + noise },
      })),
    },
  };
}

export const EXPERIMENT_YAML = `name: resume
uncertainties:
  - parameter: growers.logitScaleUsd
  - { name: hazard, parameter: network.hazardMultiplier, range: [0.5, 2] }
levers:
  - name: checkpoints
    policy: { kind: checkpoints, from: 2020-01 }
    field: intensity
    range: [0.5, 3]
outcomes:
  - { name: hectares, figure: hectares.total, year: last, direction: minimize }
  - { name: exports, figure: cocaineTonnes.exported, year: sum, direction: minimize }
design: { sampler: latin-hypercube, samples: 10, seed: 7 }
replications: 2
`;

export function definitionOf(text: string): ExperimentDefinition {
  const r = parseExperiment(text, "x.yaml");
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.definition;
}

export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), "cocasim-experiment-test-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
