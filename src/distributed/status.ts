/**
 * Where a submitted ensemble stands in the queue, for `cocasim status`: its
 * manifest (written by the executor when it submits, jobs.ts) and the state of
 * each of its blocks' jobs.
 */
import { Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { causeMessage } from "../executors/types.ts";
import {
  type BlockData,
  type BlockProgress,
  type BlockResult,
  type EnsembleManifest,
  manifestKey,
  queueName,
} from "./jobs.ts";
import { parseQueueUrl } from "./url.ts";
import { modelVersion as packageVersion } from "./version.ts";

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
    /** Not in the queue (never added, removed, expired or lost by Redis). */
    readonly missing: number;
  };
  /** Seeds of the completed blocks. */
  readonly doneSeeds: readonly number[];
  /** Runs done so far inside the running blocks. */
  readonly runningDone: number;
  /** Why blocks failed (the first few). */
  readonly failures: readonly string[];
  /** Workers connected to the queue, or undefined when Redis does not say (CLIENT LIST refused). */
  readonly workers: number | undefined;
}

export class AmbiguousIdError extends Error {
  constructor(prefix: string, ids: readonly string[]) {
    super(`${prefix} names several ensembles: ${ids.join(", ")}`);
    this.name = "AmbiguousIdError";
  }
}

async function findManifest(
  raw: Redis,
  prefix: string,
  queue: string,
  id: string,
): Promise<string | undefined> {
  const exact = await raw.get(manifestKey(prefix, queue, id));
  if (exact !== null) return exact;
  // A prefix of an id: look for the keys that start with it.
  const pattern = manifestKey(prefix, queue, `${id.replace(/[*?[\]\\]/g, "")}*`);
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, found] = await raw.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    for (const key of found) keys.add(key);
  } while (cursor !== "0");
  if (keys.size === 0) return undefined;
  if (keys.size > 1) {
    throw new AmbiguousIdError(
      id,
      [...keys].map((k) => k.slice(k.lastIndexOf(":") + 1)),
    );
  }
  return (await raw.get([...keys][0])) ?? undefined;
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
  const raw = new Redis(location.url, { maxRetriesPerRequest: 1, connectTimeout: timeout });
  raw.on("error", () => {});
  let q: Queue<BlockData, BlockResult> | undefined;
  try {
    let text: string | undefined;
    try {
      text = await findManifest(raw, location.prefix, queue, id.toLowerCase());
    } catch (error) {
      if (error instanceof AmbiguousIdError) throw error;
      throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
    }
    if (text === undefined) return undefined;
    const manifest = JSON.parse(text) as EnsembleManifest;
    q = new Queue<BlockData, BlockResult>(queue, { connection: raw, prefix: location.prefix });
    q.on("error", () => {});
    const states = await Promise.all(manifest.blocks.map((b) => q!.getJobState(b.id)));
    const counts = {
      total: manifest.blocks.length,
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
      const block = manifest.blocks[i];
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
    raw.disconnect();
  }
}
