/**
 * An executor that keeps every run in a results store: jobs whose run (keyed by
 * model version, scenario hash and seed) is already stored are read instead of
 * recomputed, the others go to the inner executor in chunks and each chunk is
 * stored as soon as it completes. So a repeated ensemble costs nothing, and an
 * interrupted one resumes where it stopped (issue #4 §4). Results come back in job
 * order and are the same as the inner executor's.
 */
import type { Executor, ExecutorRunOptions, SimulationJob } from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import { type RunStore, runKey } from "./store.ts";

export interface CachedExecutorOptions {
  /** Jobs per chunk sent to the inner executor (and stored together). Default 16. */
  readonly chunk?: number;
}

export function cachedExecutor(
  inner: Executor,
  store: RunStore,
  modelVersion: string,
  options: CachedExecutorOptions = {},
): Executor & { readonly lastReused: () => number } {
  const chunk = Math.max(1, options.chunk ?? 16);
  let reused = 0;
  return {
    lastReused: () => reused,
    async run(jobs: readonly SimulationJob[], runOptions: ExecutorRunOptions = {}): Promise<Summary[]> {
      const scenarios = jobs.map((job) => ({ ...job.scenario, seed: job.seed }));
      const keys = scenarios.map((scenario) => runKey(modelVersion, scenario));
      const present = await store.hasRuns(keys);
      const results: (Summary | undefined)[] = new Array(jobs.length);
      let done = 0;
      const tick = () => {
        done++;
        runOptions.onProgress?.(done, jobs.length);
      };
      for (let i = 0; i < jobs.length; i++) {
        if (!present[i]) continue;
        const stored = await store.getRun(keys[i]);
        if (stored) {
          results[i] = stored.summary;
          tick();
        }
      }
      reused = done;
      const missing = jobs.map((_, i) => i).filter((i) => results[i] === undefined);
      for (let start = 0; start < missing.length; start += chunk) {
        runOptions.signal?.throwIfAborted();
        const indices = missing.slice(start, start + chunk);
        const summaries = await inner.run(
          indices.map((i) => jobs[i]),
          { signal: runOptions.signal },
        );
        for (let k = 0; k < indices.length; k++) {
          const i = indices[k];
          await store.putRun(keys[i], { scenario: scenarios[i], summary: summaries[k] });
          results[i] = summaries[k];
          tick();
        }
      }
      return results as Summary[];
    },
    close: () => inner.close(),
  };
}

/**
 * `cachedExecutor` over a store opened on first use (opening is asynchronous, and a
 * command that fails before running anything should not create a store file).
 * Closing closes the inner executor and the store.
 */
export function lazyCachedExecutor(
  inner: Executor,
  open: () => Promise<RunStore>,
  modelVersion: string,
  options: CachedExecutorOptions = {},
): Executor {
  let opened: Promise<{ store: RunStore; executor: Executor }> | undefined;
  return {
    async run(jobs, runOptions) {
      opened ??= open().then((store) => ({
        store,
        executor: cachedExecutor(inner, store, modelVersion, options),
      }));
      return (await opened).executor.run(jobs, runOptions);
    },
    async close() {
      await inner.close();
      if (opened) await (await opened).store.close();
    },
  };
}
