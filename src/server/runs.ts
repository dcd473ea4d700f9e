/**
 * The runs the server knows: the ones queued or running (here, in memory, with a
 * way to wait for their next change), and the finished ones (in the ResultStore).
 */
import { formatMonth } from "../core/time.ts";
import { scenarioHash } from "../scenario/hash.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { ApiError } from "./errors.ts";
import { createMemoryResultStore } from "./store.ts";
import type { ResultStore, RunInfo, RunProgress, RunQueue, RunResult, StoredRun } from "./types.ts";

/** A run that has not been handed to the store yet. */
export interface ActiveRun {
  info: RunInfo;
  result?: RunResult;
  /** Resolves at the run's next change (progress, start, end). */
  changed(): Promise<void>;
}

interface Entry extends ActiveRun {
  notify(): void;
}

export interface RunManagerOptions {
  readonly queue: RunQueue;
  readonly store: ResultStore;
  /** Runs queued or running at most; more are refused with 429. */
  readonly maxQueuedRuns: number;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Told about failures that are not the client's fault (failed runs, a failing store). */
  readonly log: (message: string) => void;
}

function errorCode(error: Error): string {
  return error.name === "AbortError" ? "cancelled" : "simulation_failed";
}

export class RunManager {
  readonly #options: RunManagerOptions;
  readonly #active = new Map<string, Entry>();
  /** Runs the store could not take, so that clients still learn how they ended. */
  readonly #unstored = createMemoryResultStore(50);

  constructor(options: RunManagerOptions) {
    this.#options = options;
  }

  /**
   * Queues a run (one seed) or an ensemble (several); returns its info, status
   * "queued". With `draws` (one per seed), member i also takes draws[i]'s parameters.
   */
  submit(
    scenario: ResolvedScenario,
    seeds: readonly number[],
    draws?: readonly Readonly<Record<string, number>>[],
  ): RunInfo {
    const { queue, maxQueuedRuns, now, newId } = this.#options;
    if (queue.size >= maxQueuedRuns) {
      throw new ApiError(
        429,
        "queue_full",
        `${queue.size} runs are queued or running (the limit); try again later`,
      );
    }
    const id = newId();
    const months = scenario.to - scenario.from + 1;
    const runs = seeds.length;
    const progress: RunProgress = {
      runsDone: 0,
      runsTotal: runs,
      monthsDone: 0,
      monthsTotal: months * runs,
      fraction: 0,
    };
    let wake: () => void = () => {};
    let next = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const entry: Entry = {
      info: {
        id,
        status: "queued",
        kind: runs > 1 ? "ensemble" : "single",
        scenario: {
          name: scenario.name,
          hash: scenarioHash(scenario),
          from: formatMonth(scenario.from),
          to: formatMonth(scenario.to),
          seed: scenario.seed,
        },
        runs,
        varies: draws === undefined ? "seed" : "posterior",
        progress,
        createdAt: now().toISOString(),
      },
      changed: () => next,
      notify: () => {
        const resolve = wake;
        next = new Promise<void>((r) => {
          wake = r;
        });
        resolve();
      },
    };
    this.#active.set(id, entry);
    const update = (patch: Partial<RunInfo>): void => {
      entry.info = { ...entry.info, ...patch };
      entry.notify();
    };
    const job = draws === undefined ? { scenario, seeds } : { scenario, seeds, draws };
    const finish = (): void => {
      const stored: StoredRun =
        entry.result === undefined
          ? { info: entry.info, job }
          : { info: entry.info, result: entry.result, job };
      Promise.resolve()
        .then(() => this.#options.store.put(stored))
        .catch((error: unknown) => {
          this.#options.log(
            `cannot store run ${id}: ${error instanceof Error ? error.message : String(error)}`,
          );
          this.#unstored.put({
            info: {
              ...entry.info,
              status: "failed",
              error: { code: "store_failed", message: "the run's results could not be stored" },
            },
          });
        })
        .finally(() => {
          this.#active.delete(id);
          entry.notify();
        });
    };
    let ended = false;
    try {
      queue.submit(
        { id, ...job },
        {
          start: () => {
            if (!ended) update({ status: "running", startedAt: now().toISOString() });
          },
          progress: (p) => {
            if (!ended) update({ progress: p });
          },
          done: (result) => {
            if (ended) return;
            ended = true;
            entry.result = result;
            const { monthsTotal } = entry.info.progress;
            update({
              status: "done",
              finishedAt: now().toISOString(),
              progress: {
                runsDone: runs,
                runsTotal: runs,
                monthsDone: monthsTotal,
                monthsTotal,
                fraction: 1,
              },
            });
            finish();
          },
          fail: (error) => {
            if (ended) return;
            ended = true;
            const code = errorCode(error);
            if (code !== "cancelled") this.#options.log(`run ${id} failed: ${error.message}`);
            update({
              status: "failed",
              finishedAt: now().toISOString(),
              error: { code, message: error.message },
            });
            finish();
          },
        },
      );
    } catch (error) {
      this.#active.delete(id);
      throw error;
    }
    return entry.info;
  }

  /** The run while it is queued or running (or just finished and not stored yet). */
  active(id: string): ActiveRun | undefined {
    return this.#active.get(id);
  }

  /** The run's info and, once done, its results; undefined when unknown. */
  async get(id: string): Promise<StoredRun | undefined> {
    const entry = this.#active.get(id);
    if (entry)
      return entry.result === undefined ? { info: entry.info } : { info: entry.info, result: entry.result };
    return (await this.#options.store.get(id)) ?? this.#unstored.get(id);
  }

  /** Runs queued or running first (newest first), then the latest finished ones. */
  async list(limit: number): Promise<RunInfo[]> {
    const active = [...this.#active.values()].map((e) => e.info).reverse();
    const ids = new Set(active.map((info) => info.id));
    const stored = (await this.#options.store.list(limit)).filter((info) => !ids.has(info.id));
    return [...active, ...stored].slice(0, limit);
  }
}
