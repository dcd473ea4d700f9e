/**
 * The in-process run queue: jobs run one after another, first in first out; the
 * members of an ensemble run on the executor, as many at once as it allows. Both
 * the queue and the executor are interfaces (types.ts), so the ensemble engine in
 * src/executors can replace either.
 */

import type { SimulationResult } from "../model/results.ts";
import { simulate as realSimulate, type SimulateOptions } from "../model/simulate.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { createEnsembleAccumulator } from "./ensemble.ts";
import {
  jobMember,
  type RunEvents,
  type RunJob,
  type RunProgress,
  type RunQueue,
  type RunResult,
  type SimulationExecutor,
} from "./types.ts";

/** The error a run fails with when the queue or executor is closed under it. */
export function cancelledError(message = "the server is shutting down"): Error {
  const error = new Error(message);
  error.name = "AbortError";
  return error;
}

/** Lets the event loop run (pending requests, timers) before the next piece of work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs simulations on this thread. `simulate` is synchronous, so a run blocks the
 * event loop while it lasts; the executor yields before each run so that requests
 * are answered between runs. The Node server uses worker threads instead
 * (worker-executor.ts); this one serves tests and runtimes without threads.
 */
export function createInlineExecutor(
  simulate: (scenario: ResolvedScenario, options?: SimulateOptions) => SimulationResult = realSimulate,
): SimulationExecutor {
  let closed = false;
  return {
    parallelism: 1,
    async run(scenario, onProgress, signal) {
      await yieldToEventLoop();
      if (closed || signal.aborted) throw cancelledError();
      return simulate(scenario, { onProgress });
    },
    async close() {
      closed = true;
    },
  };
}

export interface LocalQueueOptions {
  readonly executor: SimulationExecutor;
}

interface Pending {
  readonly job: RunJob;
  readonly events: RunEvents;
}

/** How finely progress is reported: at most this many progress events per job, plus one per member. */
const PROGRESS_STEPS = 200;

export function createLocalQueue({ executor }: LocalQueueOptions): RunQueue {
  const pending: Pending[] = [];
  let current: { controller: AbortController; done: Promise<void> } | undefined;
  let closed = false;

  async function execute({ job, events }: Pending, signal: AbortSignal): Promise<RunResult> {
    const runs = job.seeds.length;
    const monthsPerRun = job.scenario.to - job.scenario.from + 1;
    const monthsTotal = monthsPerRun * runs;
    const memberMonths = new Array<number>(runs).fill(0);
    let monthsDone = 0;
    let runsDone = 0;
    let lastStep = -1;
    const report = (force: boolean): void => {
      const fraction = monthsTotal > 0 ? monthsDone / monthsTotal : 1;
      const step = Math.floor(fraction * PROGRESS_STEPS);
      if (!force && step === lastStep) return;
      lastStep = step;
      const progress: RunProgress = { runsDone, runsTotal: runs, monthsDone, monthsTotal, fraction };
      events.progress(progress);
    };

    events.start();
    report(true);
    const accumulator = runs > 1 ? createEnsembleAccumulator(runs) : undefined;
    let single: SimulationResult | undefined;
    let next = 0;
    // A failing member stops the others.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    const member = async (): Promise<void> => {
      while (next < runs) {
        if (stop.signal.aborted) throw cancelledError();
        const index = next++;
        const scenario = jobMember(job, index);
        const result = await executor.run(
          scenario,
          (done) => {
            const clamped = Math.max(0, Math.min(monthsPerRun, done));
            monthsDone += clamped - memberMonths[index];
            memberMonths[index] = clamped;
            report(false);
          },
          stop.signal,
        );
        monthsDone += monthsPerRun - memberMonths[index];
        memberMonths[index] = monthsPerRun;
        runsDone++;
        if (accumulator) accumulator.add(index, result);
        else single = result;
        report(true);
      }
    };
    const lanes = Math.max(1, Math.min(runs, Math.floor(executor.parallelism)));
    const lane = (): Promise<void> =>
      member().catch((error: unknown) => {
        stop.abort();
        throw error;
      });
    const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
    signal.removeEventListener("abort", onAbort);
    // The first failure, not the cancellations it caused in the other lanes.
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    const failure = failures.find((e) => !(e instanceof Error && e.name === "AbortError")) ?? failures[0];
    if (failure !== undefined) throw failure;
    return accumulator
      ? { kind: "ensemble", result: accumulator.finish() }
      : { kind: "single", result: single! };
  }

  function pump(): void {
    if (current || closed) return;
    const item = pending.shift();
    if (!item) return;
    const controller = new AbortController();
    // The job leaves the queue (size) before its listener hears how it ended.
    const done = execute(item, controller.signal)
      .then(
        (result) => {
          current = undefined;
          item.events.done(result);
        },
        (error: unknown) => {
          current = undefined;
          item.events.fail(error instanceof Error ? error : new Error(String(error)));
        },
      )
      .catch(() => {
        // A listener that throws must not stop the queue.
      })
      .finally(pump);
    current = { controller, done };
  }

  return {
    submit(job, events) {
      if (closed) {
        events.fail(cancelledError());
        return;
      }
      if (job.seeds.length === 0) throw new Error("a job needs at least one seed");
      if (job.draws !== undefined && job.draws.length !== job.seeds.length)
        throw new Error("a job needs one posterior draw per seed");
      pending.push({ job, events });
      // Start on a later tick, so that the caller has answered its request first.
      setTimeout(pump, 0);
    },
    get size() {
      return pending.length + (current ? 1 : 0);
    },
    async close() {
      closed = true;
      for (const item of pending.splice(0)) item.events.fail(cancelledError());
      const running = current;
      running?.controller.abort();
      await executor.close();
      await running?.done;
    },
  };
}
