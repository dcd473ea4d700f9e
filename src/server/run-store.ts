/**
 * The server's runs kept in the results store (src/store: an SQLite file or
 * Postgres), so that they outlive the server and the command line sees them:
 *
 *  - a single run is stored as a run, with its monthly series and flows, under
 *    its key (model version, scenario hash, seed): `cocasim runs` lists it and
 *    `cocasim export` takes its id;
 *  - an ensemble's members are stored as runs (their summaries) and the ensemble
 *    itself with its aggregated results (the statistics the API serves);
 *  - the server's own record of each run (its id, status, times, what it reports)
 *    is a server run pointing at the stored run or ensemble.
 *
 * A run that the store already holds, series included, is read back instead of
 * simulated (`storedExecutor`).
 */
import type { RunStore } from "../store/store.ts";
import { ensembleKey, runKey } from "../store/store.ts";
import {
  jobMember,
  type ResultStore,
  type RunInfo,
  type SimulationExecutor,
  type StoredRun,
} from "./types.ts";

export interface RunStoreResultStore extends ResultStore {
  put(run: StoredRun): Promise<void>;
  get(id: string): Promise<StoredRun | undefined>;
  list(limit: number): Promise<readonly RunInfo[]>;
  /** Waits for the writes under way, then closes the results store. */
  close(): Promise<void>;
}

/** A finished run whose results the store no longer holds (deleted by hand, say): reported as failed. */
function resultsMissing(info: RunInfo): StoredRun {
  return {
    info: {
      ...info,
      status: "failed",
      error: { code: "results_missing", message: "the run's results are no longer in the store" },
    },
  };
}

/** A ResultStore on a RunStore; `modelVersion` keys the runs it stores (the server's --version). */
export function createRunStoreResultStore(store: RunStore, modelVersion: string): RunStoreResultStore {
  const writes = new Set<Promise<void>>();

  async function write(run: StoredRun): Promise<void> {
    const { info, result, job } = run;
    let resultId: string | undefined;
    if (info.status === "done" && result !== undefined) {
      if (job === undefined) throw new Error(`run ${info.id} has results but no scenario to key them by`);
      if (result.kind === "single") {
        const scenario = { ...job.scenario, seed: job.seeds[0] };
        resultId = await store.putRun(runKey(modelVersion, scenario), { scenario, ...result.result });
      } else {
        const { members } = result.result;
        if (members !== undefined) {
          for (let i = 0; i < members.length; i++) {
            const scenario = jobMember(job, i);
            await store.putRun(runKey(modelVersion, scenario), { scenario, summary: members[i] });
          }
        }
        const { summary, monthly, flows } = result.result;
        const varies = job.draws === undefined ? "seed" : "posterior";
        // Written after its members: an ensemble in the store always has the runs it names.
        resultId = await store.putEnsemble(ensembleKey(modelVersion, job.scenario, job.seeds, varies), {
          scenario: job.scenario,
          status: "complete",
          result: { summary, monthly, flows },
        });
      }
    }
    await store.putServerRun({
      id: info.id,
      kind: info.kind === "single" ? "run" : "ensemble",
      status: info.status,
      ...(resultId === undefined ? {} : { resultId }),
      info,
    });
  }

  return {
    put(run) {
      const done = write(run);
      const tracked = done.catch(() => {}).finally(() => writes.delete(tracked));
      writes.add(tracked);
      return done;
    },

    async get(id) {
      const record = await store.getServerRun(id);
      if (!record) return undefined;
      const info = record.info as RunInfo;
      if (info.status !== "done") return { info };
      if (record.resultId === undefined) return resultsMissing(info);
      if (record.kind === "run") {
        const run = await store.getRun(record.resultId, { series: true });
        if (!run?.monthly || !run.flows) return resultsMissing(info);
        return {
          info,
          result: {
            kind: "single",
            result: { summary: run.summary, monthly: run.monthly, flows: run.flows },
          },
          job: { scenario: run.scenario, seeds: [run.key.seed] },
        };
      }
      const ensemble = await store.getEnsemble(record.resultId, { result: true });
      if (!ensemble?.result) return resultsMissing(info);
      const { summary, monthly, flows } = ensemble.result;
      return {
        info,
        result: { kind: "ensemble", result: { summary, monthly, flows } },
        job: { scenario: ensemble.scenario, seeds: ensemble.key.seeds },
      };
    },

    async list(limit) {
      // The store lists oldest first; the API, newest first.
      const runs = await store.listServerRuns({ limit: Math.max(0, Math.floor(limit)) });
      return runs.reverse().map((r) => r.info as RunInfo);
    },

    async close() {
      await Promise.all([...writes]);
      await store.close();
    },
  };
}

/**
 * An executor that reads a run back from the store when it holds it with its
 * series and flows (what the API serves), and otherwise runs it on `inner`. It
 * stores nothing itself: finished runs are stored by the ResultStore.
 */
export function storedExecutor(
  inner: SimulationExecutor,
  store: RunStore,
  modelVersion: string,
): SimulationExecutor {
  return {
    parallelism: inner.parallelism,
    async run(scenario, onProgress, signal) {
      // A store that cannot be read costs the shortcut, not the run.
      const stored = await store
        .getRun(runKey(modelVersion, scenario), { series: true })
        .catch(() => undefined);
      if (stored?.monthly && stored.flows) {
        const months = scenario.to - scenario.from + 1;
        onProgress(months, months);
        return { summary: stored.summary, monthly: stored.monthly, flows: stored.flows };
      }
      return inner.run(scenario, onProgress, signal);
    },
    close: () => inner.close(),
  };
}
