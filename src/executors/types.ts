/**
 * Executors run batches of simulations and hand back their summaries. The same
 * interface fits every way of running them: in this process (inline.ts, also in a
 * browser), on this machine's cores (local.ts, worker threads), or on other
 * machines later. Results always come back in job order, so an ensemble's
 * statistics are byte-identical whatever the executor and its number of workers.
 */
import type { Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

/** One simulation: the scenario run with `seed` in place of its own. Structured-cloneable (plain data). */
export interface SimulationJob {
  readonly scenario: ResolvedScenario;
  readonly seed: number;
}

export interface ExecutorRunOptions {
  /**
   * Called after each job completes with the number of jobs done and the total,
   * `done` rising by one from 1 to `total` (jobs may complete in any order). Not
   * called for an empty list, nor after the run has failed or been aborted.
   */
  onProgress?(done: number, total: number): void;
  /** Aborting rejects the run at once with `signal.reason`; jobs not yet started are not run. */
  signal?: AbortSignal;
}

export interface Executor {
  /**
   * Runs every job and resolves to their summaries in job order. Rejects with the
   * first failure: an Error whose message names the job (see jobError), the
   * signal's reason when aborted, or an Error when the executor is closed.
   */
  run(jobs: readonly SimulationJob[], options?: ExecutorRunOptions): Promise<Summary[]>;
  /** Stops the executor and frees its resources (threads, connections); runs still going are rejected. Idempotent. */
  close(): Promise<void>;
}

/** The scenario a job runs: the job's scenario with the job's seed. */
export function jobScenario(job: SimulationJob): ResolvedScenario {
  return { ...job.scenario, seed: job.seed };
}

/** What a failed job's cause says: its message, or the thrown value as text. */
export function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  if (
    typeof cause === "object" &&
    cause !== null &&
    typeof (cause as { message?: unknown }).message === "string"
  ) {
    return (cause as { message: string }).message;
  }
  return String(cause);
}

/**
 * The error a run rejects with when job `index` fails:
 * `job 3 (scenario "peru", seed 12345) failed: <the cause's message>`, with the
 * original error as `cause`. Every executor reports failures this way.
 */
export function jobError(job: SimulationJob, index: number, cause: unknown): Error {
  const name = job.scenario?.name;
  return new Error(
    `job ${index} (scenario ${JSON.stringify(name ?? "?")}, seed ${job.seed}) failed: ${causeMessage(cause)}`,
    { cause },
  );
}

/** The message of the error a closed executor's runs reject with. */
export const EXECUTOR_CLOSED = "the executor is closed";

/** The reason an aborted signal gives (a DOMException named AbortError when abort() had no argument). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
