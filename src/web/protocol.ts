/** Messages between the page and the simulation worker (src/web/worker.ts). */
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
  | { readonly type: "invalid"; readonly id: number; readonly errors: readonly ScenarioError[] }
  | { readonly type: "failed"; readonly id: number; readonly message: string };
