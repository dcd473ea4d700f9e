/**
 * The local executor: runs jobs on this machine's cores with node:worker_threads.
 *
 * Jobs are cut into batches of consecutive jobs (several seeds per message, a
 * scenario shared by several jobs sent once per batch); idle workers take the
 * next batch from one queue, and each summary comes back as soon as it is done.
 * Results are stored by job index, so they come back in job order and are
 * identical whatever the number of workers and whatever order jobs finish in.
 *
 * Workers start on demand (never more than there are batches to run), stay up
 * between runs, and are terminated by close(). An idle worker does not keep the
 * process alive. A failed job, an abort or close rejects the run at once; the
 * workers still busy with that run are terminated (and replaced when needed),
 * so nothing of it keeps running.
 *
 * The worker script is worker.js next to this file in dist/, or worker.ts under
 * vitest or tsx. Node 20 ignores `--import` in a Worker's execArgv, so a .ts
 * worker starts from a small bootstrap that registers tsx's ESM hooks in the
 * thread and then imports worker.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { BatchMessage, WorkerMessage } from "./protocol.ts";
import {
  abortReason,
  EXECUTOR_CLOSED,
  type Executor,
  type ExecutorRunOptions,
  jobError,
  type SimulationJob,
} from "./types.ts";

export interface LocalExecutorOptions {
  /** Worker threads at most (default: os.availableParallelism()). */
  readonly workers?: number;
  /**
   * Jobs per message (default: about a quarter of each worker's share of a run,
   * between 1 and 16, so that workers stay balanced and messages stay few).
   */
  readonly batchSize?: number;
}

/** Largest default batch. */
const MAX_BATCH = 16;

/** The URL of tsx's ESM API (its package.json "exports" → "./esm/api" → import). */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as {
    exports?: Record<string, { import?: { default?: string } | string } | string>;
  };
  const entry = pkg.exports?.["./esm/api"];
  const file =
    typeof entry === "object" && typeof entry.import === "object" ? entry.import.default : undefined;
  return pathToFileURL(join(dirname(pkgPath), file ?? "./dist/esm/api/index.mjs")).href;
}

/** Starts one worker thread running worker.js (compiled) or worker.ts (from source, through tsx). */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./worker.js", here));
  const target = new URL("./worker.ts", here).href;
  const bootstrap =
    `import(${JSON.stringify(tsxEsmApiUrl())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true });
}

interface RunState {
  readonly jobs: readonly SimulationJob[];
  readonly results: Summary[];
  done: number;
  settled: boolean;
  readonly options: ExecutorRunOptions;
  resolve(results: Summary[]): void;
  reject(reason: unknown): void;
  cleanup(): void;
}

interface Batch {
  readonly run: RunState;
  /** Indices of the batch's jobs in the run. */
  readonly indices: readonly number[];
  readonly message: BatchMessage;
}

interface Slot {
  readonly worker: Worker;
  alive: boolean;
  batch: Batch | undefined;
  received: number;
}

function positiveInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
}

/** The batch size used for `jobs` jobs on `workers` workers when none is given. */
export function defaultBatchSize(jobs: number, workers: number): number {
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(jobs / (workers * 4))));
}

export function localExecutor(options: LocalExecutorOptions = {}): Executor {
  const maxWorkers = positiveInteger(options.workers, "workers") ?? Math.max(1, availableParallelism());
  const fixedBatch = positiveInteger(options.batchSize, "batchSize");
  const slots: Slot[] = [];
  const queue: Batch[] = [];
  const runs = new Set<RunState>();
  let nextBatchId = 0;
  let closed = false;

  function retire(slot: Slot): Promise<unknown> {
    slot.alive = false;
    slot.batch = undefined;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    return slot.worker.terminate();
  }

  function fail(run: RunState, reason: unknown): void {
    if (run.settled) return;
    run.settled = true;
    runs.delete(run);
    run.cleanup();
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].run === run) queue.splice(i, 1);
    for (const slot of [...slots]) if (slot.batch?.run === run) void retire(slot);
    run.reject(reason);
    dispatch();
  }

  function workerFailed(slot: Slot, message: string): void {
    if (!slot.alive) return;
    const batch = slot.batch;
    void retire(slot);
    if (batch) {
      const index = batch.indices[slot.received] ?? batch.indices[0];
      fail(batch.run, jobError(batch.run.jobs[index], index, new Error(message)));
    }
    dispatch();
  }

  function onMessage(slot: Slot, message: WorkerMessage): void {
    const batch = slot.batch;
    if (!slot.alive || !batch || message.batch !== batch.message.batch) return;
    const run = batch.run;
    const index = batch.indices[message.k];
    if (message.type === "error") {
      slot.batch = undefined;
      slot.worker.unref();
      const cause = new Error(message.message);
      cause.name = message.name;
      if (message.stack !== undefined) cause.stack = message.stack;
      fail(run, jobError(run.jobs[index], index, cause));
      return;
    }
    run.results[index] = message.summary;
    run.done++;
    slot.received++;
    if (slot.received === batch.indices.length) {
      slot.batch = undefined;
      slot.worker.unref();
    }
    try {
      run.options.onProgress?.(run.done, run.jobs.length);
    } catch (error) {
      fail(run, error);
      return;
    }
    if (run.done === run.jobs.length && !run.settled) {
      run.settled = true;
      runs.delete(run);
      run.cleanup();
      run.resolve(run.results);
    }
    dispatch();
  }

  function spawn(): Slot {
    const slot: Slot = { worker: startWorker(), alive: true, batch: undefined, received: 0 };
    slot.worker.on("message", (message: WorkerMessage) => onMessage(slot, message));
    slot.worker.on("error", (error: Error) => workerFailed(slot, `worker thread failed: ${error.message}`));
    slot.worker.on("messageerror", (error: Error) =>
      workerFailed(slot, `cannot read a worker thread's message: ${error.message}`),
    );
    slot.worker.on("exit", (code: number) => workerFailed(slot, `worker thread exited with code ${code}`));
    slots.push(slot);
    return slot;
  }

  function dispatch(): void {
    while (!closed && queue.length > 0) {
      let slot = slots.find((s) => s.alive && s.batch === undefined);
      if (!slot) {
        if (slots.length >= maxWorkers) return;
        slot = spawn();
      }
      const batch = queue.shift()!;
      slot.batch = batch;
      slot.received = 0;
      slot.worker.ref();
      try {
        slot.worker.postMessage(batch.message);
      } catch (error) {
        slot.batch = undefined;
        slot.worker.unref();
        const message = error instanceof Error ? error.message : String(error);
        fail(batch.run, new Error(`cannot send jobs to a worker thread: ${message}`, { cause: error }));
      }
    }
  }

  function enqueue(run: RunState): void {
    const n = run.jobs.length;
    const size = fixedBatch ?? defaultBatchSize(n, maxWorkers);
    for (let start = 0; start < n; start += size) {
      const indices: number[] = [];
      const scenarios: ResolvedScenario[] = [];
      const scenarioOf: number[] = [];
      const seeds: number[] = [];
      for (let i = start; i < Math.min(n, start + size); i++) {
        const job = run.jobs[i];
        let s = scenarios.indexOf(job.scenario);
        if (s < 0) s = scenarios.push(job.scenario) - 1;
        indices.push(i);
        scenarioOf.push(s);
        seeds.push(job.seed);
      }
      queue.push({
        run,
        indices,
        message: { type: "batch", batch: nextBatchId++, scenarios, scenarioOf, seeds },
      });
    }
  }

  return {
    run(jobs: readonly SimulationJob[], runOptions: ExecutorRunOptions = {}): Promise<Summary[]> {
      if (closed) return Promise.reject(new Error(EXECUTOR_CLOSED));
      const { signal } = runOptions;
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (jobs.length === 0) return Promise.resolve([]);
      return new Promise<Summary[]>((resolve, reject) => {
        const onAbort = (): void => fail(run, abortReason(signal!));
        const run: RunState = {
          jobs: [...jobs],
          results: new Array<Summary>(jobs.length),
          done: 0,
          settled: false,
          options: runOptions,
          resolve,
          reject,
          cleanup: () => signal?.removeEventListener("abort", onAbort),
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        runs.add(run);
        enqueue(run);
        dispatch();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const run of [...runs]) fail(run, new Error(EXECUTOR_CLOSED));
      queue.length = 0;
      await Promise.all([...slots].map(retire));
    },
  };
}
