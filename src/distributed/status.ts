/**
 * Where a submitted ensemble stands in the queue, for `cocasim status`: its
 * manifest (written by the executor when it submits, jobs.ts) and the state of
 * each of its blocks' jobs.
 */
import { Job } from "bullmq";
import { causeMessage } from "../executors/types.ts";
import { AmbiguousIdError, type BlockQueue, openQueueBackend, type QueueBackend } from "./backend.ts";
import {
  type BlockData,
  type BlockProgress,
  type BlockResult,
  type EnsembleManifest,
  queueName,
} from "./jobs.ts";
import { parseQueueUrl } from "./url.ts";
import { modelVersion as packageVersion } from "./version.ts";

export { AmbiguousIdError } from "./backend.ts";

export interface QueueEnsembleStatus {
  /** The queue, for messages. */
  readonly location: string;
  readonly manifest: EnsembleManifest;
  readonly blocks: {
    readonly total: number;
    readonly completed: number;
    readonly running: number;
    readonly waiting: number;
    readonly failed: number;
    /** Not in the queue (never added, removed, expired or lost by the datastore). */
    readonly missing: number;
  };
  /** Seeds of the completed blocks. */
  readonly doneSeeds: readonly number[];
  /** Runs done so far inside the running blocks. */
  readonly runningDone: number;
  /** Why blocks failed (the first few). */
  readonly failures: readonly string[];
  /** Workers connected to the queue, or undefined when the datastore does not say (CLIENT LIST refused). */
  readonly workers: number | undefined;
}

/**
 * The state in the queue at `url` of the ensemble `id` (or a unique prefix of it);
 * undefined when the queue has no record of it.
 */
export async function queueEnsembleStatus(
  url: string,
  id: string,
  options: { readonly modelVersion?: string; readonly connectTimeout?: number } = {},
): Promise<QueueEnsembleStatus | undefined> {
  const location = parseQueueUrl(url);
  const queue = queueName(options.modelVersion ?? packageVersion());
  const timeout = options.connectTimeout ?? 10_000;
  // Read only: a status never creates a schema or a table (prepare: false).
  const backend: QueueBackend = await openQueueBackend(location, {
    connectTimeout: timeout,
    prepare: false,
    failFast: true,
  });
  let q: BlockQueue | undefined;
  try {
    let manifest: EnsembleManifest | undefined;
    try {
      manifest = await backend.findManifest(queue, id.toLowerCase());
    } catch (error) {
      if (error instanceof AmbiguousIdError) throw error;
      throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
    }
    if (manifest === undefined) return undefined;
    q = backend.queue(queue);
    q.on("error", () => {});
    const blocks = manifest.blocks;
    const states = await Promise.all(blocks.map((b) => q!.getJobState(b.id)));
    const counts = {
      total: blocks.length,
      completed: 0,
      running: 0,
      waiting: 0,
      failed: 0,
      missing: 0,
    };
    const doneSeeds: number[] = [];
    const failures: string[] = [];
    let runningDone = 0;
    for (let i = 0; i < states.length; i++) {
      const block = blocks[i];
      switch (states[i]) {
        case "completed":
          counts.completed++;
          doneSeeds.push(...block.seeds);
          break;
        case "active": {
          counts.running++;
          const job = await Job.fromId<BlockData, BlockResult>(q, block.id);
          const progress = job?.progress as BlockProgress | number | undefined;
          if (typeof progress === "object" && progress !== null && typeof progress.done === "number") {
            runningDone += progress.done;
          }
          break;
        }
        case "failed": {
          counts.failed++;
          if (failures.length < 3) {
            const job = await Job.fromId<BlockData, BlockResult>(q, block.id);
            failures.push(`block ${block.id}: ${job?.failedReason ?? "unknown failure"}`);
          }
          break;
        }
        case "unknown":
          counts.missing++;
          break;
        default:
          counts.waiting++;
      }
    }
    let workers: number | undefined;
    try {
      workers = await q.getWorkersCount();
    } catch {
      workers = undefined;
    }
    return {
      location: location.display,
      manifest,
      blocks: counts,
      doneSeeds,
      runningDone,
      failures,
      workers,
    };
  } finally {
    await q?.close().catch(() => {});
    await backend.close().catch(() => {});
  }
}
