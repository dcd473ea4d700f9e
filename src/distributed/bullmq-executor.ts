/**
 * The distributed executor: runs an ensemble's simulations on worker processes
 * on any number of machines (`cocasim worker`, worker.ts), through a BullMQ queue
 * on Redis or on PostgreSQL (backend.ts). Same interface and same results as the
 * local executor: summaries come back in job order and are byte-identical (the
 * model is deterministic, and summaries travel as JSON text, which keeps every
 * finite number exactly and every key in its place; jobs.ts BlockData).
 *
 * How a run goes:
 *  1. Its jobs are cut into seed blocks (jobs.ts): one queue job per block, whose
 *     id is derived from the model version, the scenario's hash without its seed
 *     and the block's seeds.
 *  2. With a store, runs already stored are taken from it; blocks whose runs are
 *     all stored are not submitted at all.
 *  3. Each remaining block is looked up in the queue: a finished job's result is
 *     taken as it is (nothing is recomputed), a failed one (from an earlier
 *     submission) is removed and added again, a waiting or running one is left
 *     alone, and a missing one is added. So submitting the same ensemble again,
 *     after the submitting process was interrupted, resumes it.
 *  4. Results come back through BullMQ (the job's return value, announced by a
 *     `completed` event of QueueEvents); progress is reported as blocks complete.
 *     A poll every `pollInterval` (of up to 500 jobs, in turn) catches what
 *     events miss: results of jobs that finished while this process was not
 *     listening, and jobs the datastore lost (a Redis restart without
 *     persistence), which are submitted again.
 *  5. With a store, every result gathered is upserted into it, and each scenario
 *     of the run is recorded as an ensemble (status running, then complete).
 *
 * The datastore going away during a run is waited out (the clients reconnect);
 * only the first connection fails fast (`connectTimeout`). Aborting a run removes
 * its blocks that no worker has started.
 */
import { Job } from "bullmq";
import {
  abortReason,
  causeMessage,
  EXECUTOR_CLOSED,
  type Executor,
  type ExecutorRunOptions,
  jobError,
  type SimulationJob,
} from "../executors/types.ts";
import type { Summary } from "../model/results.ts";
import { ensembleKey, memberRunKeys, type RunStore, runKey, type Status } from "../store/store.ts";
import {
  type BlockEvents,
  type BlockQueue,
  openQueueBackend,
  type QueueBackend,
  withTimeout,
} from "./backend.ts";
import {
  type BlockData,
  type BlockResult,
  blockResult,
  type EnsembleManifest,
  JOB_NAME,
  KEEP_FINISHED_SECONDS,
  type PlannedBlock,
  type PlannedGroup,
  PROTOCOL,
  parseSeedFailure,
  planBlocks,
  queueName,
  readBlockResult,
} from "./jobs.ts";
import { parseQueueUrl } from "./url.ts";
import { modelVersion as packageVersion } from "./version.ts";

export interface BullmqExecutorOptions {
  /**
   * The queue URL (url.ts): redis://HOST:6379 (?prefix=NAME for another key prefix) or
   * postgres://USER@HOST:5432/DATABASE (?schema=NAME for another schema).
   */
  readonly connection: string;
  /**
   * A results store (URL, or an open store that stays the caller's): runs found in
   * it are not run again, and every result gathered is upserted into it.
   */
  readonly store?: string | RunStore;
  /** Seeds per queue job (default: jobs.ts `defaultBlockSize` of each scenario's seed count). */
  readonly blockSize?: number;
  /** Default: cocasim's version. Jobs go to this version's queue. */
  readonly modelVersion?: string;
  /** Milliseconds between two looks at the unfinished jobs (default 2000). */
  readonly pollInterval?: number;
  /** Milliseconds to wait for the first connection to the queue before a run fails (default 10 000). */
  readonly connectTimeout?: number;
  /** Seconds finished jobs and their results stay in the queue (default: a week). */
  readonly keepFinished?: number;
  /** Called once a run's blocks are submitted, with what was submitted. */
  readonly onSubmit?: (submission: Submission) => void;
  /** Receives messages worth showing: the queue unreachable, back, blocks lost and submitted again. */
  readonly log?: (message: string) => void;
}

export interface SubmittedEnsemble {
  /** The ensemble's id (the store's: model version, scenario hash, seeds); `cocasim status ID` takes it. */
  readonly id: string;
  readonly scenario: string;
  readonly runs: number;
  readonly blocks: number;
}

export interface Submission {
  /** The queue, for messages (password masked). */
  readonly queue: string;
  /** One per scenario of the run. */
  readonly ensembles: readonly SubmittedEnsemble[];
  /** Distinct runs (scenario and seed). */
  readonly runs: number;
  /** Runs taken from the store. */
  readonly stored: number;
  /** Blocks, in all. */
  readonly blocks: number;
  /** Blocks already finished in the queue (their results are taken, not recomputed). */
  readonly finished: number;
  /** Blocks already waiting or running in the queue. */
  readonly inQueue: number;
  /** Blocks added to the queue now. */
  readonly added: number;
}

interface RunState {
  readonly jobs: readonly SimulationJob[];
  readonly groups: readonly PlannedGroup[];
  readonly results: Summary[];
  readonly filled: Uint8Array;
  done: number;
  settled: boolean;
  /** Blocks not delivered yet, by job id. */
  readonly pending: Map<string, PlannedBlock>;
  /** Store writes of this run's results. */
  readonly writes: Promise<void>[];
  writeError: unknown;
  readonly options: ExecutorRunOptions;
  resolve(results: Summary[]): void;
  reject(reason: unknown): void;
  cleanup(): void;
}

interface Connection {
  readonly backend: QueueBackend;
  readonly queue: BlockQueue;
  readonly events: BlockEvents;
}

/** Most jobs one poll looks at. */
const POLL_WINDOW = 500;

function positiveInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${what} must be a positive integer, got ${value}`);
  }
  return value;
}

export function bullmqExecutor(options: BullmqExecutorOptions): Executor {
  const location = parseQueueUrl(options.connection);
  const blockSize = positiveInteger(options.blockSize, "blockSize");
  const pollInterval = positiveInteger(options.pollInterval, "pollInterval") ?? 2000;
  const connectTimeout = positiveInteger(options.connectTimeout, "connectTimeout") ?? 10_000;
  const keepFinished = positiveInteger(options.keepFinished, "keepFinished") ?? KEEP_FINISHED_SECONDS;
  const version = options.modelVersion ?? packageVersion();
  const queueNameOfVersion = queueName(version);
  const log = options.log ?? (() => {});
  const jobOptions = {
    attempts: 3,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: { age: keepFinished },
    removeOnFail: { age: keepFinished },
  };

  const runs = new Set<RunState>();
  /** Job id → the runs waiting for it, with their block. */
  const watchers = new Map<string, Map<RunState, PlannedBlock>>();
  /** Work started in the background (store writes, removals), awaited by close(). */
  const background = new Set<Promise<unknown>>();
  let connection: Promise<Connection> | undefined;
  let storePromise: Promise<RunStore | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let pollCursor = 0;
  let unreachable = false;
  let established = false;
  let closed = false;

  function track(promise: Promise<unknown>): void {
    const p = promise.catch(() => {});
    background.add(p);
    void p.finally(() => background.delete(p));
  }

  /** Logs a connection problem once, until the queue answers again. */
  function connectionTrouble(error: unknown): void {
    // Before the first connection the run fails fast instead (openConnection).
    if (unreachable || closed || !established) return;
    unreachable = true;
    log(
      `the queue at ${location.display} is unreachable (${causeMessage(error)}); waiting for it to come back`,
    );
  }

  function connectionBack(): void {
    if (!unreachable) return;
    unreachable = false;
    log(`the queue at ${location.display} answers again`);
  }

  async function openConnection(): Promise<Connection> {
    // Fails with "cannot reach the queue at …" when the first connection does not come.
    const backend = await openQueueBackend(location, { connectTimeout, onError: connectionTrouble });
    const queue = backend.queue(queueNameOfVersion);
    queue.on("error", connectionTrouble);
    const events = backend.events(queueNameOfVersion);
    events.on("error", connectionTrouble);
    events.on("completed", ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      completed(jobId, returnvalue),
    );
    events.on("failed", ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
      failed(jobId, failedReason),
    );
    try {
      await withTimeout(events.waitUntilReady(), connectTimeout, `no answer in ${connectTimeout / 1000} s`);
    } catch (error) {
      await closeConnection({ backend, queue, events });
      throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
    }
    established = true;
    return { backend, queue, events };
  }

  async function closeConnection(c: Connection): Promise<void> {
    const closing = Promise.allSettled([c.events.close(), c.queue.close()]);
    const closed = await withTimeout(closing, 2000, "").then(
      () => true,
      () => false,
    );
    if (!closed) {
      // The datastore is away and BullMQ waits for its connections' end, which does not come.
      c.backend.abandon(c.events);
      c.backend.abandon(c.queue);
    }
    await withTimeout(c.backend.close(), 2000, "").catch(() => {});
  }

  function connect(): Promise<Connection> {
    if (!connection) {
      connection = openConnection();
      // A failed first connection is tried again by the next run.
      connection.catch(() => {
        connection = undefined;
      });
    }
    return connection;
  }

  function openedStore(): Promise<RunStore | undefined> {
    if (!storePromise) {
      const given = options.store;
      storePromise =
        typeof given === "string"
          ? import("../store/open.ts").then(({ openStore }) => openStore(given))
          : Promise.resolve(given);
      storePromise.catch(() => {
        storePromise = undefined;
      });
    }
    return storePromise;
  }

  // --- delivering results ---------------------------------------------------

  function unwatch(run: RunState, id: string): void {
    const waiting = watchers.get(id);
    if (!waiting) return;
    waiting.delete(run);
    if (waiting.size === 0) watchers.delete(id);
  }

  function fail(run: RunState, reason: unknown): void {
    if (run.settled) return;
    run.settled = true;
    runs.delete(run);
    run.cleanup();
    for (const id of run.pending.keys()) unwatch(run, id);
    if (runs.size === 0) stopPolling();
    run.reject(reason);
  }

  /** Sets the results of `seed` (the jobs `targets`); false once the run has settled. */
  function deliverSeed(
    run: RunState,
    group: PlannedGroup,
    seed: number,
    targets: readonly number[],
    summary: Summary,
    store: RunStore | undefined,
  ): boolean {
    let first = true;
    for (const index of targets) {
      if (run.settled) return false;
      if (run.filled[index]) continue;
      run.results[index] = first ? summary : structuredClone(summary);
      first = false;
      run.filled[index] = 1;
      run.done++;
      try {
        run.options.onProgress?.(run.done, run.jobs.length);
      } catch (error) {
        fail(run, error);
        return false;
      }
    }
    if (store && !first) {
      const scenario = { ...group.scenario, seed };
      const write = store.putRun(runKey(version, scenario), { scenario, summary }).then(
        () => {},
        (error: unknown) => {
          run.writeError ??= error;
        },
      );
      run.writes.push(write);
    }
    return !run.settled;
  }

  async function finishIfDone(run: RunState, store: RunStore | undefined): Promise<void> {
    if (run.settled || run.done < run.jobs.length) return;
    await Promise.all(run.writes);
    if (run.settled) return;
    if (run.writeError !== undefined) {
      fail(run, new Error(`cannot write results to the store: ${causeMessage(run.writeError)}`));
      return;
    }
    if (store) {
      try {
        await recordEnsembles(store, run.groups, "complete");
      } catch (error) {
        fail(run, new Error(`cannot record the ensemble in the store: ${causeMessage(error)}`));
        return;
      }
    }
    if (run.settled) return;
    run.settled = true;
    runs.delete(run);
    run.cleanup();
    if (runs.size === 0) stopPolling();
    run.resolve(run.results);
  }

  function deliverBlock(
    run: RunState,
    block: PlannedBlock,
    value: unknown,
    store: RunStore | undefined,
  ): void {
    if (run.settled || !run.pending.has(block.id)) return;
    // Read for each run: every run gets summaries of its own.
    const summaries = readBlockResult(value, block.seeds);
    if (typeof summaries === "string") {
      const index = block.targets[0][0];
      fail(run, jobError(run.jobs[index], index, new Error(`${summaries} (job ${block.id})`)));
      return;
    }
    run.pending.delete(block.id);
    unwatch(run, block.id);
    for (let k = 0; k < block.seeds.length; k++) {
      if (!deliverSeed(run, block.group, block.seeds[k], block.targets[k], summaries[k], store)) return;
    }
    void finishIfDone(run, store);
  }

  /** A job finished: hands its result to every run waiting for it. */
  function completed(id: string, value: unknown): void {
    const waiting = watchers.get(id);
    if (!waiting) return;
    void openedStore().then(
      (store) => {
        for (const [run, block] of [...waiting]) deliverBlock(run, block, value, store);
      },
      () => {},
    );
  }

  /** A job failed for good: fails every run waiting for it, naming the job (seed) that failed. */
  function failed(id: string, reason: string | undefined): void {
    const waiting = watchers.get(id);
    if (!waiting) return;
    const text = reason ?? "unknown failure";
    const parsed = parseSeedFailure(text);
    for (const [run, block] of [...waiting]) {
      const k = parsed ? block.seeds.indexOf(parsed.seed) : -1;
      const index = block.targets[Math.max(0, k)][0];
      const cause = new Error(k >= 0 && parsed ? parsed.message : `${text} (job ${block.id})`);
      fail(run, jobError(run.jobs[index], index, cause));
    }
  }

  // --- submitting -------------------------------------------------------------

  function blockData(block: PlannedBlock): BlockData {
    return {
      protocol: PROTOCOL,
      modelVersion: version,
      scenario: JSON.stringify(block.group.scenario),
      seeds: block.seeds,
    };
  }

  function manifest(group: PlannedGroup): EnsembleManifest {
    return {
      protocol: PROTOCOL,
      id: group.ensembleId,
      modelVersion: version,
      scenario: group.scenario,
      seeds: group.seeds,
      blocks: group.blocks.map((b) => ({ id: b.id, seeds: b.seeds })),
      submitted: new Date().toISOString(),
    };
  }

  async function recordEnsembles(
    store: RunStore,
    groups: readonly PlannedGroup[],
    status: Status,
  ): Promise<void> {
    for (const group of groups) {
      await store.putEnsemble(ensembleKey(version, group.scenario, group.seeds), {
        scenario: group.scenario,
        status,
      });
    }
  }

  async function addBlocks(c: Connection, blocks: readonly PlannedBlock[]): Promise<void> {
    if (blocks.length === 0) return;
    await c.queue.addBulk(
      blocks.map((block) => ({
        name: JOB_NAME,
        data: blockData(block),
        opts: { ...jobOptions, jobId: block.id },
      })),
    );
  }

  async function submit(run: RunState): Promise<void> {
    const c = await connect();
    const store = await openedStore();
    if (run.settled) return;

    // Runs already in the store.
    let stored = 0;
    if (store) {
      for (const group of run.groups) {
        const present = await store.hasRuns(memberRunKeys(version, group.scenario, group.seeds));
        const have = new Set(group.seeds.filter((_, i) => present[i]));
        if (have.size === 0) continue;
        for (const block of group.blocks) {
          for (let k = 0; k < block.seeds.length; k++) {
            const seed = block.seeds[k];
            if (!have.has(seed)) continue;
            const found = await store.getRun(runKey(version, { ...group.scenario, seed }));
            if (!found) continue;
            stored++;
            if (!deliverSeed(run, group, seed, block.targets[k], found.summary, undefined)) return;
          }
          if (block.seeds.every((seed) => have.has(seed))) run.pending.delete(block.id);
        }
      }
      await recordEnsembles(store, run.groups, "running");
    }
    if (run.settled) return;

    // What `cocasim status` reads.
    await c.backend.putManifests(queueNameOfVersion, run.groups.map(manifest), keepFinished);

    // Finished jobs give their results; failed ones are tried again; missing ones are added.
    const blocks = [...run.pending.values()];
    const states = await Promise.all(blocks.map((block) => c.queue.getJobState(block.id)));
    if (run.settled) return;
    const toAdd: PlannedBlock[] = [];
    const done: PlannedBlock[] = [];
    let inQueue = 0;
    for (let i = 0; i < blocks.length; i++) {
      const state = states[i];
      if (state === "completed") done.push(blocks[i]);
      else if (state === "unknown") toAdd.push(blocks[i]);
      else if (state === "failed") {
        await c.queue.remove(blocks[i].id);
        toAdd.push(blocks[i]);
      } else inQueue++;
    }
    await addBlocks(c, toAdd);
    if (run.settled) return;
    for (const block of run.pending.values()) {
      let waiting = watchers.get(block.id);
      if (!waiting) {
        waiting = new Map();
        watchers.set(block.id, waiting);
      }
      waiting.set(run, block);
    }
    options.onSubmit?.({
      queue: location.display,
      ensembles: run.groups.map((g) => ({
        id: g.ensembleId,
        scenario: g.scenario.name,
        runs: g.seeds.length,
        blocks: g.blocks.length,
      })),
      runs: run.groups.reduce((n, g) => n + g.seeds.length, 0),
      stored,
      blocks: run.groups.reduce((n, g) => n + g.blocks.length, 0),
      finished: done.length,
      inQueue,
      added: toAdd.length,
    });
    for (const block of done) {
      const job = await Job.fromId<BlockData, BlockResult>(c.queue, block.id);
      if (job?.finishedOn !== undefined && job.returnvalue !== null && job.returnvalue !== undefined) {
        completed(block.id, job.returnvalue);
      }
    }
    await finishIfDone(run, store);
    startPolling();
  }

  // --- polling ----------------------------------------------------------------

  /** Looks at every job some run waits for: catches finished jobs whose events were missed, and lost jobs. */
  async function poll(): Promise<void> {
    if (polling || closed || watchers.size === 0 || !connection) return;
    polling = true;
    try {
      const c = await connection;
      const store = await openedStore();
      // At most POLL_WINDOW jobs a look, taking turns, so that a big ensemble does not flood the datastore.
      const all = [...watchers.keys()];
      if (pollCursor >= all.length) pollCursor = 0;
      const ids = all.slice(pollCursor, pollCursor + POLL_WINDOW);
      pollCursor += ids.length;
      const states = await Promise.all(ids.map((id) => c.queue.getJobState(id)));
      connectionBack();
      const lost: PlannedBlock[] = [];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        const waiting = watchers.get(id);
        if (!waiting || waiting.size === 0) continue;
        const state = states[i];
        if (state === "completed" || state === "failed") {
          const job = await Job.fromId<BlockData, BlockResult>(c.queue, id);
          if (!job) continue;
          if (state === "completed") completed(id, job.returnvalue);
          else failed(id, job.failedReason);
        } else if (state === "unknown") {
          const block = waiting.values().next().value!;
          if (
            store &&
            (await store.hasRuns(memberRunKeys(version, block.group.scenario, block.seeds))).every(Boolean)
          ) {
            const summaries: Summary[] = [];
            for (const seed of block.seeds) {
              const found = await store.getRun(runKey(version, { ...block.group.scenario, seed }));
              if (found) summaries.push(found.summary);
            }
            if (summaries.length === block.seeds.length) {
              completed(id, blockResult(block.seeds, summaries));
              continue;
            }
          }
          lost.push(block);
        }
      }
      if (lost.length > 0) {
        await addBlocks(c, lost);
        log(
          `${lost.length} block${lost.length === 1 ? " was" : "s were"} missing from the queue ` +
            `(lost by ${c.backend.datastore}?): submitted again`,
        );
      }
    } catch (error) {
      connectionTrouble(error);
    } finally {
      polling = false;
    }
  }

  function startPolling(): void {
    if (timer || closed) return;
    timer = setInterval(() => void poll(), pollInterval);
    timer.unref();
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  /** Removes the blocks of an aborted run that no other run waits for and no worker has started. */
  async function removeUnstarted(blocks: readonly PlannedBlock[]): Promise<void> {
    if (!connection) return;
    const c = await connection;
    for (const block of blocks) {
      if (watchers.has(block.id)) continue;
      const state = await c.queue.getJobState(block.id);
      if (state === "waiting" || state === "delayed" || state === "prioritized") {
        await c.queue.remove(block.id).catch(() => {});
      }
    }
  }

  return {
    run(given: readonly SimulationJob[], runOptions: ExecutorRunOptions = {}): Promise<Summary[]> {
      if (closed) return Promise.reject(new Error(EXECUTOR_CLOSED));
      const { signal } = runOptions;
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      if (given.length === 0) return Promise.resolve([]);
      const jobs = [...given];
      let groups: PlannedGroup[];
      try {
        groups = planBlocks(jobs, { modelVersion: version, blockSize });
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<Summary[]>((resolve, reject) => {
        const onAbort = (): void => {
          const blocks = [...run.pending.values()];
          fail(run, abortReason(signal!));
          track(removeUnstarted(blocks));
        };
        const run: RunState = {
          jobs,
          groups,
          results: new Array<Summary>(jobs.length),
          filled: new Uint8Array(jobs.length),
          done: 0,
          settled: false,
          pending: new Map(groups.flatMap((g) => g.blocks.map((b) => [b.id, b] as const))),
          writes: [],
          writeError: undefined,
          options: runOptions,
          resolve,
          reject,
          cleanup: () => signal?.removeEventListener("abort", onAbort),
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        runs.add(run);
        const submitting = submit(run).catch((error: unknown) => fail(run, error));
        track(submitting);
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      stopPolling();
      for (const run of [...runs]) fail(run, new Error(EXECUTOR_CLOSED));
      await Promise.allSettled([...background]);
      const c = await connection?.catch(() => undefined);
      if (c) await closeConnection(c);
      if (typeof options.store === "string") {
        const store = await storePromise?.catch(() => undefined);
        await store?.close();
      }
    },
  };
}
