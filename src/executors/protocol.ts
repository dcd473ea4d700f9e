/** Messages between the local executor (local.ts) and its worker threads (worker.ts). */
import type { Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

/** Main thread → worker: run these jobs in order. A scenario shared by several jobs is sent once. */
export interface BatchMessage {
  readonly type: "batch";
  readonly batch: number;
  readonly scenarios: readonly ResolvedScenario[];
  /** Per job: the index of its scenario in `scenarios`. */
  readonly scenarioOf: readonly number[];
  /** Per job: its seed. */
  readonly seeds: readonly number[];
}

/** Worker → main thread: job `k` of batch `batch` is done. */
export interface ResultMessage {
  readonly type: "result";
  readonly batch: number;
  readonly k: number;
  readonly summary: Summary;
}

/** Worker → main thread: job `k` of batch `batch` failed; the worker skips the rest of that batch. */
export interface ErrorMessage {
  readonly type: "error";
  readonly batch: number;
  readonly k: number;
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerMessage = ResultMessage | ErrorMessage;
