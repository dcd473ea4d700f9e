/**
 * The server's seams: where runs execute (SimulationExecutor, RunQueue), where finished
 * runs are kept (ResultStore) and where the dashboard's files come from (StaticAssets).
 * Everything here is Web-standard TypeScript; the Node adapter (node.ts) supplies the
 * Node-specific implementations (worker threads, files on disk).
 */

import { memberScenario } from "../calibration/posterior-runs.ts";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { EdgeInfo, SimulationResult, Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { SeriesStats } from "../store/codec.ts";

export type RunStatus = "queued" | "running" | "done" | "failed";
export type RunKind = "single" | "ensemble";

export interface RunProgress {
  /** Ensemble members finished (0 or 1 for a single run). */
  readonly runsDone: number;
  readonly runsTotal: number;
  /** Months simulated so far, summed over the members. */
  readonly monthsDone: number;
  /** Months to simulate, summed over the members. */
  readonly monthsTotal: number;
  /** monthsDone / monthsTotal, 0–1. */
  readonly fraction: number;
}

/** What GET /api/runs/:id returns. */
export type RunVaries = "seed" | "posterior";

export interface RunInfo {
  readonly id: string;
  readonly status: RunStatus;
  readonly kind: RunKind;
  readonly scenario: {
    readonly name: string;
    /** scenarioHash of the resolved scenario (before the ensemble's seeds). */
    readonly hash: string;
    readonly from: string;
    readonly to: string;
    /** Seed of the run; for an ensemble, the base seed its members' seeds derive from. */
    readonly seed: number;
  };
  /** Number of runs (1 for a single run). */
  readonly runs: number;
  /**
   * What varies between an ensemble's members: the seed only, or also the calibrated
   * parameters, drawn from the calibration's posterior. Absent on runs stored before
   * it was recorded (seed).
   */
  readonly varies?: RunVaries;
  readonly progress: RunProgress;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** One monthly series of an ensemble with its statistics by month (the store's own type). */
export type EnsembleSeries = SeriesStats;

/**
 * What an ensemble keeps: the statistics of every yearly figure (src/ensemble's
 * EnsembleSummary) and of every monthly series, and the mean flows.
 */
export interface EnsembleResult {
  readonly summary: EnsembleSummary;
  readonly monthly: { readonly months: readonly string[]; readonly series: readonly EnsembleSeries[] };
  /** Mean flow and seizures per month and edge, [month × edge]. */
  readonly flows: {
    readonly edges: readonly EdgeInfo[];
    readonly months: readonly string[];
    readonly flowKg: Float64Array;
    readonly seizedKg: Float64Array;
  };
  /**
   * The members' yearly summaries in seed order, so that a results store can keep
   * them as runs; absent from an ensemble read back from a store.
   */
  readonly members?: readonly Summary[];
}

export type RunResult =
  | { readonly kind: "single"; readonly result: SimulationResult }
  | { readonly kind: "ensemble"; readonly result: EnsembleResult };

/** Callback for simulation progress: months done out of months total. */
export type ProgressCallback = (monthsDone: number, monthsTotal: number) => void;

/**
 * Runs one simulation somewhere (on this thread, in a worker thread, on another
 * machine). The ensemble/executor code in src/executors can implement this interface.
 */
export interface SimulationExecutor {
  /** How many simulations it can usefully run at once. */
  readonly parallelism: number;
  run(
    scenario: ResolvedScenario,
    onProgress: ProgressCallback,
    signal: AbortSignal,
  ): Promise<SimulationResult>;
  /** Stops everything; pending runs reject. */
  close(): Promise<void>;
}

/** A run or an ensemble to execute. */
export interface RunJob {
  readonly id: string;
  /** The resolved scenario; an ensemble member i uses the seed seeds[i]. */
  readonly scenario: ResolvedScenario;
  readonly seeds: readonly number[];
  /**
   * With `varies: "posterior"`, member i's parameter overrides (a draw from the
   * calibration's posterior, src/calibration/posterior-runs.ts); absent when only
   * the seed varies.
   */
  readonly draws?: readonly Readonly<Record<string, number>>[];
}

/** The scenario member i of a job runs: its seed, and its posterior draw if it has one. */
export function jobMember(job: Pick<RunJob, "scenario" | "seeds" | "draws">, i: number): ResolvedScenario {
  return memberScenario(job.scenario, job.seeds[i], job.draws?.[i]);
}

/** What a RunQueue reports about one job, in this order: start, progress…, then done or fail. */
export interface RunEvents {
  start(): void;
  progress(progress: RunProgress): void;
  done(result: RunResult): void;
  fail(error: Error): void;
}

/**
 * Executes jobs off the request path. `submit` returns at once; the job's events arrive
 * later. The ensemble engine in src/executors can be plugged in by implementing this.
 */
export interface RunQueue {
  submit(job: RunJob, events: RunEvents): void;
  /** Jobs submitted and not yet finished (queued or running). */
  readonly size: number;
  /** Fails the pending jobs and stops the executor. */
  close(): Promise<void>;
}

/** A finished run: its final info and its results. */
export interface StoredRun {
  readonly info: RunInfo;
  readonly result?: RunResult;
  /** What ran: the resolved scenario and the seeds (one for a single run), for stores that key results by them. */
  readonly job?: Pick<RunJob, "scenario" | "seeds" | "draws">;
}

/**
 * Where finished runs are kept. The default keeps the latest ones in memory
 * (store.ts); run-store.ts keeps them in the results store of src/store (an
 * SQLite file or Postgres), where they outlive the server. Methods may be
 * synchronous or return promises.
 */
export interface ResultStore {
  put(run: StoredRun): void | Promise<void>;
  get(id: string): StoredRun | undefined | Promise<StoredRun | undefined>;
  /** Finished runs, most recently used first (at most `limit`). */
  list(limit: number): readonly RunInfo[] | Promise<readonly RunInfo[]>;
}

/** A file of the dashboard. */
export interface StaticAsset {
  readonly body: Uint8Array<ArrayBuffer>;
  /** An entity tag for conditional requests, quoted as in HTTP ('"abc"' or 'W/"abc"'). */
  readonly etag?: string;
}

/** The built dashboard (dist-web/), or undefined when it has not been built. */
export interface StaticAssets {
  /** The file at `path` ("index.html", "assets/app-1234.js"), already checked to stay inside the root. */
  get(path: string): Promise<StaticAsset | undefined>;
}
