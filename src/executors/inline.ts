/**
 * The inline executor: runs the jobs one after the other in this thread. No Node
 * APIs, so it also runs in a browser. It yields to the event loop between jobs,
 * so that an abort signal (or a page) is served while an ensemble runs.
 */
import type { SimulationResult } from "../model/results.ts";
import { simulate as modelSimulate } from "../model/simulate.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import {
  abortReason,
  EXECUTOR_CLOSED,
  type Executor,
  type ExecutorRunOptions,
  jobError,
  jobScenario,
  type SimulationJob,
} from "./types.ts";

export interface InlineExecutorOptions {
  /** The simulation to run (default: the model's `simulate`); tests pass a fake. */
  readonly simulate?: (scenario: ResolvedScenario) => Pick<SimulationResult, "summary">;
}

/** Lets timers, I/O and abort signals run between two jobs (setTimeout exists in Node and browsers). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function inlineExecutor(options: InlineExecutorOptions = {}): Executor {
  const simulate = options.simulate ?? modelSimulate;
  let closed = false;
  return {
    async run(given: readonly SimulationJob[], runOptions: ExecutorRunOptions = {}) {
      const { signal, onProgress } = runOptions;
      const jobs = [...given]; // the caller may reuse its array while the run yields
      const check = (): void => {
        if (closed) throw new Error(EXECUTOR_CLOSED);
        if (signal?.aborted) throw abortReason(signal);
      };
      check();
      const results: SimulationResult["summary"][] = [];
      for (let i = 0; i < jobs.length; i++) {
        if (i > 0) {
          await yieldToEventLoop();
          check();
        }
        let summary: SimulationResult["summary"];
        try {
          summary = simulate(jobScenario(jobs[i])).summary;
        } catch (error) {
          throw jobError(jobs[i], i, error);
        }
        results.push(summary);
        onProgress?.(i + 1, jobs.length);
      }
      return results;
    },
    async close() {
      closed = true;
    },
  };
}
