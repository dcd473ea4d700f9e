/**
 * An executor that keeps every run in a results store: jobs whose run (keyed by
 * model version, scenario hash and seed) is already stored are read instead of
 * recomputed, the others go to the inner executor in chunks and each chunk is
 * stored as soon as it completes. So a repeated ensemble costs nothing, and an
 * interrupted one resumes where it stopped (issue #4 §4). Results come back in job
 * order and are the same as the inner executor's.
 *
 * Jobs that run one scenario with several seeds are also recorded as an ensemble
 * (running, then complete, or failed), so that `cocasim runs` lists them and
 * `export`/`report` take the ensemble's id.
 */
import type { Executor, ExecutorRunOptions, SimulationJob } from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import { type EnsembleKey, ensembleKey, type RunStore, runKey, scenarioHashWithoutSeed } from "./store.ts";

export interface CachedExecutorOptions {
  /** Jobs per chunk sent to the inner executor (and stored together). Default 16. */
  readonly chunk?: number;
  /** Record the jobs of each scenario run with several seeds as an ensemble. Default true. */
  readonly recordEnsembles?: boolean;
}

interface Group {
  readonly key: EnsembleKey;
  readonly scenario: SimulationJob["scenario"];
}

/** The ensembles among `jobs`: each scenario (seed aside) run with two or more distinct seeds, in job order. */
export function ensembleGroups(jobs: readonly SimulationJob[], modelVersion: string): Group[] {
  const byHash = new Map<string, { scenario: SimulationJob["scenario"]; seeds: number[] }>();
  for (const job of jobs) {
    const hash = scenarioHashWithoutSeed(job.scenario);
    const group = byHash.get(hash);
    if (group) group.seeds.push(job.seed);
    else byHash.set(hash, { scenario: job.scenario, seeds: [job.seed] });
  }
  return [...byHash.values()]
    .filter((g) => g.seeds.length > 1 && new Set(g.seeds).size === g.seeds.length)
    .map((g) => ({ key: ensembleKey(modelVersion, g.scenario, g.seeds), scenario: g.scenario }));
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
      const groups = options.recordEnsembles === false ? [] : ensembleGroups(jobs, modelVersion);
      const record = async (status: "running" | "complete" | "failed") => {
        for (const group of groups) await store.putEnsemble(group.key, { scenario: group.scenario, status });
      };
      await record("running");
      let results: Summary[];
      try {
        results = await runJobs(jobs, runOptions);
      } catch (error) {
        // Best effort: the runs stored so far stay, and running the same command again resumes.
        await record("failed").catch(() => {});
        throw error;
      }
      await record("complete");
      return results;
    },
    close: () => inner.close(),
  };

  async function runJobs(jobs: readonly SimulationJob[], runOptions: ExecutorRunOptions): Promise<Summary[]> {
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
  }
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
