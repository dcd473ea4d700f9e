/**
 * A worker of the distributed executor: takes seed blocks from the queue of this
 * model version, runs them on this machine's cores and hands the summaries back
 * as the job's result, and also upserts each run into a results store when it
 * has one (Postgres shared by all the machines, or an SQLite file on this one).
 *
 * The simulations run on worker threads (the local executor, src/executors/
 * local.ts), never on this thread, so BullMQ's lock on each job keeps being
 * renewed however long a block takes. A worker that dies (killed, machine lost)
 * stops renewing its locks: after `lockDuration` another worker's stalled-job
 * check (every `stalledInterval`) puts its jobs back in the queue and they run
 * again elsewhere. The model is deterministic, so a block run twice gives the
 * same result, and the submitter counts each block once.
 *
 * A simulation that throws fails its job at once, without retries (it would fail
 * again); any other error (a store that cannot be written, say) is retried.
 */
import { availableParallelism, hostname } from "node:os";
import { type Job, UnrecoverableError } from "bullmq";
import { localExecutor } from "../executors/local.ts";
import { causeMessage, type Executor } from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { type RunStore, runKey } from "../store/store.ts";
import { openQueueBackend, type QueueBackend, withTimeout } from "./backend.ts";
import {
  type BlockData,
  type BlockProgress,
  type BlockResult,
  blockResult,
  JOB_NAME,
  KEEP_FINISHED_SECONDS,
  PROTOCOL,
  queueName,
  seedFailure,
} from "./jobs.ts";
import { parseQueueUrl, type QueueLocation } from "./url.ts";
import { modelVersion as packageVersion } from "./version.ts";

export interface StartWorkerOptions {
  /** The queue URL (redis://HOST:6379 or postgres://USER@HOST:5432/DATABASE, see url.ts). */
  readonly queue: string;
  /** Blocks run at once, and worker threads (default: one per CPU core). */
  readonly concurrency?: number;
  /** A results store (URL or open store) to upsert every run into; a URL is opened here and closed by close(). */
  readonly store?: string | RunStore;
  /** Default: cocasim's version. */
  readonly modelVersion?: string;
  /** Milliseconds to wait for the queue's first answer before giving up (default 10 000). */
  readonly connectTimeout?: number;
  /** How long a job's lock lasts without renewal, ms (default 30 000); renewed every half of it. */
  readonly lockDuration?: number;
  /** How often this worker looks for stalled jobs (locks that expired), ms (default 30 000). */
  readonly stalledInterval?: number;
  /** How many times a job may stall and be put back before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** Receives one line per block done or failed, and connection trouble. */
  readonly log?: (line: string) => void;
  /** What runs the simulations (default: the local executor on `concurrency` threads); tests pass their own. */
  readonly executor?: Executor;
}

export interface RunningWorker {
  /** The worker's name in BullMQ (host and process id), recorded on the jobs it runs. */
  readonly name: string;
  readonly queue: QueueLocation & { readonly name: string };
  readonly concurrency: number;
  /** Where runs are stored, or undefined. */
  readonly store: string | undefined;
  /** Blocks this worker completed. */
  readonly completed: number;
  /** Stops taking jobs, waits for the blocks it is running, then closes everything. Idempotent. */
  close(): Promise<void>;
}

function positiveInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The scenario of a job's data, or undefined when it is not a scenario's JSON. */
function jobScenario(data: BlockData): ResolvedScenario | undefined {
  try {
    const scenario = JSON.parse(data.scenario) as unknown;
    return typeof scenario === "object" && scenario !== null ? (scenario as ResolvedScenario) : undefined;
  } catch {
    return undefined;
  }
}

/** "peru, 4 seeds from 123" for a log line. */
function describeBlock(data: BlockData): string {
  const n = data.seeds.length;
  return `${jobScenario(data)?.name ?? "?"}, ${n} seed${n === 1 ? "" : "s"} from ${data.seeds[0]}`;
}

/** Runs the block's seeds on the executor; a seed that fails fails the job without retries. */
async function runBlock(
  executor: Executor,
  job: Job<BlockData, BlockResult>,
  store: RunStore | undefined,
  version: string,
): Promise<BlockResult> {
  const data = job.data;
  const scenario = data?.protocol === PROTOCOL && Array.isArray(data.seeds) ? jobScenario(data) : undefined;
  if (!scenario) {
    throw new UnrecoverableError(`job ${job.id} is not a cocasim job of protocol ${PROTOCOL}`);
  }
  if (data.modelVersion !== version) {
    throw new UnrecoverableError(
      `job ${job.id} is for cocasim ${data.modelVersion}; this worker runs cocasim ${version}`,
    );
  }
  const total = data.seeds.length;
  let done = 0;
  const summaries = await Promise.all(
    data.seeds.map(async (seed): Promise<Summary> => {
      let summary: Summary;
      try {
        [summary] = await executor.run([{ scenario, seed }]);
      } catch (error) {
        // The executor's error names job 0 of its one-job run; the cause is the simulation's.
        const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
        throw new UnrecoverableError(seedFailure(seed, causeMessage(cause)));
      }
      done++;
      await job.updateProgress({ done, total } satisfies BlockProgress).catch(() => {});
      return summary;
    }),
  );
  if (store) {
    for (let k = 0; k < total; k++) {
      const run = { ...scenario, seed: data.seeds[k] };
      await store.putRun(runKey(version, run), { scenario: run, summary: summaries[k] });
    }
  }
  return blockResult(data.seeds, summaries);
}

/** Starts a worker on the queue (resolves once it is connected) and returns a handle to stop it. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const location = parseQueueUrl(options.queue);
  const concurrency =
    positiveInteger(options.concurrency, "concurrency") ?? Math.max(1, availableParallelism());
  const lockDuration = positiveInteger(options.lockDuration, "lockDuration") ?? 30_000;
  const stalledInterval = positiveInteger(options.stalledInterval, "stalledInterval") ?? 30_000;
  const maxStalledCount = options.maxStalledCount ?? 2;
  const version = options.modelVersion ?? packageVersion();
  const connectTimeout = positiveInteger(options.connectTimeout, "connectTimeout") ?? 10_000;
  const log = options.log ?? (() => {});
  const name = `${hostname()}:${process.pid}`;
  const queue = queueName(version);

  let store: RunStore | undefined;
  let ownStore = false;
  if (typeof options.store === "string") {
    const { openStore } = await import("../store/open.ts");
    store = await openStore(options.store);
    ownStore = true;
  } else {
    store = options.store;
  }
  // The queue before the threads: its datastore prepared (Postgres: the schema's tables), or a clear failure.
  let backend: QueueBackend;
  try {
    backend = await openQueueBackend(location, { connectTimeout });
  } catch (error) {
    if (ownStore) await store?.close();
    throw error;
  }
  const executor = options.executor ?? localExecutor({ workers: concurrency });
  const ownExecutor = options.executor === undefined;

  let completed = 0;
  const worker = backend.worker(
    queue,
    async (job) => {
      if (job.name !== JOB_NAME) throw new UnrecoverableError(`unknown job kind ${JSON.stringify(job.name)}`);
      return runBlock(executor, job, store, version);
    },
    {
      name,
      concurrency,
      autorun: false,
      lockDuration,
      stalledInterval,
      maxStalledCount,
      removeOnComplete: { age: KEEP_FINISHED_SECONDS },
      removeOnFail: { age: KEEP_FINISHED_SECONDS },
    },
  );

  let lastError = "";
  let lastErrorAt = 0;
  worker.on("error", (error: Error) => {
    // Connection errors repeat while the datastore is away: say each new one, and the same one every 10 s.
    const message = error.message || error.name;
    const now = Date.now();
    if (message !== lastError || now - lastErrorAt > 10_000) {
      log(`queue error: ${message}`);
      lastError = message;
      lastErrorAt = now;
    }
  });
  worker.on("completed", (job: Job<BlockData, BlockResult>) => {
    completed++;
    const took = job.finishedOn && job.processedOn ? ` in ${seconds(job.finishedOn - job.processedOn)}` : "";
    log(`block ${job.id} (${describeBlock(job.data)}) done${took}`);
  });
  worker.on("failed", (job: Job<BlockData, BlockResult> | undefined, error: Error) => {
    log(`block ${job?.id ?? "?"} failed: ${error.message}`);
  });
  worker.on("stalled", (jobId: string) => {
    log(`block ${jobId} stalled (its worker stopped renewing the lock): back in the queue`);
  });

  const cleanup = async (): Promise<void> => {
    if (ownExecutor) await executor.close();
    if (ownStore) await store?.close();
    await backend.close();
  };
  try {
    await withTimeout(worker.waitUntilReady(), connectTimeout, `no answer in ${connectTimeout / 1000} s`);
  } catch (error) {
    await worker.close(true).catch(() => {});
    await cleanup();
    throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
  }
  const running = worker.run().catch((error: unknown) => {
    log(`the worker stopped: ${causeMessage(error)}`);
  });

  let closing: Promise<void> | undefined;
  return {
    name,
    queue: { ...location, name: queue },
    concurrency,
    store: store?.location,
    get completed() {
      return completed;
    },
    close() {
      closing ??= (async () => {
        await worker.close();
        await running;
        await cleanup();
      })();
      return closing;
    },
  };
}
