/**
 * The default ResultStore: the latest finished runs in memory, least recently used
 * evicted first. The results store in src/store can take its place: anything that
 * implements ResultStore (types.ts) can be passed to createApp.
 */
import type { ResultStore, RunInfo, StoredRun } from "./types.ts";

export const DEFAULT_MAX_STORED_RUNS = 50;

export interface MemoryResultStore extends ResultStore {
  put(run: StoredRun): void;
  get(id: string): StoredRun | undefined;
  list(limit: number): RunInfo[];
  readonly size: number;
}

export function createMemoryResultStore(maxRuns = DEFAULT_MAX_STORED_RUNS): MemoryResultStore {
  if (!Number.isInteger(maxRuns) || maxRuns < 1)
    throw new Error(`maxRuns must be a positive integer, got ${maxRuns}`);
  // A Map iterates in insertion order: the first entry is the least recently used.
  const runs = new Map<string, StoredRun>();
  return {
    put(run) {
      runs.delete(run.info.id);
      runs.set(run.info.id, run);
      while (runs.size > maxRuns) runs.delete(runs.keys().next().value!);
    },
    get(id) {
      const run = runs.get(id);
      if (run !== undefined) {
        runs.delete(id);
        runs.set(id, run);
      }
      return run;
    },
    list(limit) {
      return [...runs.values()]
        .reverse()
        .slice(0, Math.max(0, limit))
        .map((run) => run.info);
    },
    get size() {
      return runs.size;
    },
  };
}
