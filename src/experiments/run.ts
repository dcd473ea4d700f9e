/**
 * Runs an experiment into a results store: builds the design, stores the
 * experiment (definition and design rows) under its key, then runs the rows
 * that have no outcome yet, chunk by chunk, on an executor, storing each
 * chunk's outcomes in one transaction. An interrupted experiment therefore
 * resumes where it stopped: running it again runs only the rows left, and the
 * final outcomes are the same as those of an uninterrupted run (every row's
 * runs depend only on the row and the seeds).
 *
 * No Node APIs: the store and the executor are handed in.
 */
import type { Executor } from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import { canonicalJson } from "../scenario/hash.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { type ExperimentKey, experimentKey, type RunStore } from "../store/store.ts";
import { buildDesign, type DesignRow } from "./design.ts";
import {
  experimentJobs,
  type RowOutcome,
  rowMapper,
  rowOutcome,
  type StoredDefinition,
  storedDefinition,
} from "./scenario.ts";
import type { ExperimentDefinition } from "./types.ts";

/** Jobs per chunk when the caller gives no chunk size. */
export const DEFAULT_CHUNK_JOBS = 32;

export interface RunExperimentOptions {
  readonly store: RunStore;
  readonly executor: Executor;
  /** cocasim's version: part of the experiment's key. */
  readonly modelVersion: string;
  readonly definition: ExperimentDefinition;
  /** The base scenario, resolved, with the experiment's period applied. */
  readonly scenario: ResolvedScenario;
  /** Design rows run (and stored) per chunk (default: about DEFAULT_CHUNK_JOBS jobs). */
  readonly chunkRows?: number;
  /** Told once what will run, before any simulation. */
  onStart?(info: ExperimentStart): void;
  /** Jobs (simulations) done of those this call runs. */
  onProgress?(done: number, total: number): void;
  /** After each chunk's outcomes are stored: rows with outcomes, of all rows. */
  onStored?(rowsDone: number, rows: number): void;
  readonly signal?: AbortSignal;
}

export interface ExperimentStart {
  readonly id: string;
  readonly key: ExperimentKey;
  readonly rows: number;
  readonly replications: number;
  /** Rows that already had outcomes in the store. */
  readonly alreadyDone: number;
  /** Rows this call runs. */
  readonly toRun: number;
  /** True when the experiment was already in the store. */
  readonly resumed: boolean;
}

export interface ExperimentResult extends ExperimentStart {
  readonly stored: StoredDefinition;
  readonly design: readonly DesignRow[];
  /** Every row's outcomes, in design order. */
  readonly outcomes: readonly RowOutcome[];
}

function sameDesign(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && canonicalJson(a) === canonicalJson(b);
}

export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const { store, executor, definition } = options;
  const stored = storedDefinition(definition, options.scenario);
  const { rows: design } = buildDesign(definition);
  const key = experimentKey(options.modelVersion, stored);
  const existing = await store.getExperiment(key);
  const outcomes: (RowOutcome | null)[] = design.map(() => null);
  let resumed = false;
  let id: string;
  if (existing && sameDesign(existing.design, design)) {
    resumed = true;
    id = existing.id;
    existing.outcomes.forEach((o, i) => {
      if (o !== null && o !== undefined) outcomes[i] = o as RowOutcome;
    });
  } else {
    id = await store.putExperiment(key, {
      name: definition.name,
      definition: stored,
      design,
      status: "pending",
    });
  }
  const missing = outcomes.flatMap((o, i) => (o === null ? [i] : []));
  const start: ExperimentStart = {
    id,
    key,
    rows: design.length,
    replications: stored.seeds.length,
    alreadyDone: design.length - missing.length,
    toRun: missing.length,
    resumed,
  };
  options.onStart?.(start);
  if (missing.length === 0) {
    if (existing?.status !== "complete") await store.setExperimentOutcomes(key, [], "complete");
    return { ...start, stored, design, outcomes: outcomes as RowOutcome[] };
  }

  const replications = stored.seeds.length;
  const chunkRows = Math.max(1, options.chunkRows ?? Math.ceil(DEFAULT_CHUNK_JOBS / replications));
  const totalJobs = missing.length * replications;
  const mapper = rowMapper(definition, options.scenario);
  let jobsDone = 0;
  await store.setExperimentOutcomes(key, [], "running");
  try {
    for (let c = 0; c < missing.length; c += chunkRows) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
      const chunk = missing.slice(c, c + chunkRows);
      const jobs = experimentJobs(
        stored,
        chunk.map((index) => ({ index, x: design[index].x })),
        mapper,
      );
      const before = jobsDone;
      const summaries: Summary[] = await executor.run(jobs, {
        ...(options.onProgress
          ? { onProgress: (done: number) => options.onProgress?.(before + done, totalJobs) }
          : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      jobsDone += jobs.length;
      const chunkOutcomes = chunk.map((index, k) => {
        const outcome = rowOutcome(definition, summaries.slice(k * replications, (k + 1) * replications));
        outcomes[index] = outcome;
        return { index, outcome };
      });
      const last = c + chunkRows >= missing.length;
      await store.setExperimentOutcomes(key, chunkOutcomes, last ? "complete" : undefined);
      options.onStored?.(start.alreadyDone + c + chunk.length, design.length);
    }
  } catch (error) {
    await store.setExperimentOutcomes(key, [], "failed").catch(() => {});
    throw error;
  }
  return { ...start, stored, design, outcomes: outcomes as RowOutcome[] };
}
