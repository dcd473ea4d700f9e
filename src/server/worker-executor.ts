/**
 * A SimulationExecutor on a small pool of worker threads (node:worker_threads), so
 * that the server's event loop stays free while simulations run. Workers start
 * on first use; a run that is cancelled terminates its worker (simulate cannot be
 * interrupted otherwise), and a fresh one starts for the next run.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SimulationResult } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { cancelledError } from "./queue.ts";
import type { ProgressCallback, SimulationExecutor } from "./types.ts";
import type { RunMessage, WorkerReply } from "./worker.ts";

/** One worker per core but one, at least 1 and at most 4: the main thread keeps a core. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * The ES module of tsx's API (`tsx/esm/api`, import condition), whose register()
 * installs its loader in the thread that calls it. Found through tsx's package.json,
 * since this module may itself run under a loader without import.meta.resolve.
 */
function tsxApiUrl(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
      exports?: Record<string, { import?: { default?: string } }>;
    };
    const entry = pkg.exports?.["./esm/api"]?.import?.default;
    if (typeof entry === "string") return pathToFileURL(join(dirname(manifest), entry)).href;
  } catch {
    // Fall through to the bare name, resolved from the working directory.
  }
  return "tsx/esm/api";
}

/**
 * Starts the worker script next to this module: worker.js when running compiled
 * (dist/), worker.ts from source, through tsx's loader (tests, `node --import tsx`).
 */
function spawnWorker(): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const script = new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url);
  if (!fromSource) return new Worker(script);
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** Stops listening to a worker being let go; a late "error" event must still have a listener. */
function quiet(worker: Worker): void {
  worker.removeAllListeners();
  worker.on("error", () => {});
}

interface Job {
  readonly id: number;
  readonly scenario: ResolvedScenario;
  readonly onProgress: ProgressCallback;
  readonly signal: AbortSignal;
  readonly resolve: (result: SimulationResult) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

export interface WorkerExecutorOptions {
  /** Worker threads at most (default: defaultWorkerCount()). */
  readonly workers?: number;
}

export function createWorkerExecutor(options: WorkerExecutorOptions = {}): SimulationExecutor {
  const size = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 0;
  let closed = false;

  const retire = (slot: Slot): void => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    quiet(slot.worker);
    // A worker that failed may already be gone; terminate() then has nothing to do.
    slot.worker.terminate().catch(() => {});
  };

  const finish = (slot: Slot): Job | undefined => {
    const job = slot.job;
    slot.job = undefined;
    return job;
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: spawnWorker() };
    slot.worker.on("message", (reply: WorkerReply) => {
      const job = slot.job;
      if (job === undefined || reply.job !== job.id) return;
      if (reply.type === "progress") {
        job.onProgress(reply.done, reply.total);
        return;
      }
      finish(slot);
      if (reply.type === "done") job.resolve(reply.result);
      else job.reject(new Error(reply.message));
      dispatch();
    });
    const fail = (error: Error): void => {
      retire(slot);
      finish(slot)?.reject(error);
      dispatch();
    };
    slot.worker.on("error", (error) => fail(error instanceof Error ? error : new Error(String(error))));
    slot.worker.on("exit", (code) => fail(new Error(`the simulation worker stopped (exit code ${code})`)));
    slots.push(slot);
    return slot;
  };

  const start = (slot: Slot, job: Job): void => {
    slot.job = job;
    const message: RunMessage = { type: "run", job: job.id, scenario: job.scenario };
    slot.worker.postMessage(message);
  };

  function dispatch(): void {
    while (!closed && waiting.length > 0) {
      const idle = slots.find((slot) => slot.job === undefined);
      const slot = idle ?? (slots.length < size ? spawn() : undefined);
      if (slot === undefined) return;
      start(slot, waiting.shift()!);
    }
  }

  return {
    parallelism: size,
    run(scenario, onProgress, signal) {
      return new Promise<SimulationResult>((resolve, reject) => {
        if (closed || signal.aborted) {
          reject(cancelledError());
          return;
        }
        const job: Job = {
          id: nextId++,
          scenario,
          onProgress,
          signal,
          resolve: (result) => {
            signal.removeEventListener("abort", onAbort);
            resolve(result);
          },
          reject: (error) => {
            signal.removeEventListener("abort", onAbort);
            reject(error);
          },
        };
        function onAbort(): void {
          const queued = waiting.indexOf(job);
          if (queued >= 0) waiting.splice(queued, 1);
          const slot = slots.find((s) => s.job === job);
          if (slot) {
            finish(slot);
            retire(slot);
          }
          job.reject(cancelledError());
          dispatch();
        }
        signal.addEventListener("abort", onAbort, { once: true });
        waiting.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.reject(cancelledError());
      const running = [...slots];
      for (const slot of running) {
        const job = finish(slot);
        quiet(slot.worker);
        job?.reject(cancelledError());
      }
      slots.length = 0;
      await Promise.all(running.map((slot) => slot.worker.terminate().catch(() => 0)));
    },
  };
}
