/** Messages between the page and the simulation worker (src/web/worker.ts). */
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { SimulationResult } from "../model/results.ts";
import type { ScenarioError } from "../scenario/parse.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

/** What to run: a built-in scenario by name, or a scenario's text (YAML or JSON). */
export type RunSource = { readonly builtin: string } | { readonly text: string; readonly file: string };

export interface RunRequest {
  readonly type: "run";
  readonly id: number;
  readonly source: RunSource;
}

/**
 * An ensemble of `runs` members of the scenario, for the uncertainty band: members
 * draw the calibrated parameters from the posterior where the scenario carries the
 * calibration and starts with it (src/calibration/posterior-runs.ts), else only the seed.
 */
export interface BandsRequest {
  readonly type: "bands";
  readonly id: number;
  readonly source: RunSource;
  readonly runs: number;
}

export type WorkerRequest = RunRequest | BandsRequest;

export type WorkerReply =
  | { readonly type: "progress"; readonly id: number; readonly done: number; readonly total: number }
  | {
      readonly type: "result";
      readonly id: number;
      readonly scenario: ResolvedScenario;
      readonly result: SimulationResult;
      /** Milliseconds spent resolving and simulating, measured in the worker. */
      readonly ms: number;
    }
  | {
      readonly type: "bands";
      readonly id: number;
      /** Every figure's mean and 5th/50th/95th percentiles over the members, by year. */
      readonly summary: EnsembleSummary;
      /** What the members varied: the seed and the calibrated parameters, or the seed only. */
      readonly varies: "seed" | "posterior";
      readonly ms: number;
    }
  | { readonly type: "invalid"; readonly id: number; readonly errors: readonly ScenarioError[] }
  | { readonly type: "failed"; readonly id: number; readonly message: string };
