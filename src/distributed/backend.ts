/**
 * Where the queue lives: BullMQ on Redis (redis-backend.ts) or on PostgreSQL
 * (postgres-backend.ts), behind one small interface, so that the executor, the
 * workers and `cocasim status` are written once. A backend makes BullMQ's Queue,
 * QueueEvents and Worker for its datastore, and keeps the one thing cocasim
 * stores beside BullMQ's jobs: the ensemble manifests that `cocasim status`
 * reads (a key per ensemble on Redis, a row of a small table on Postgres, both
 * kept for a week).
 *
 * Everything else (job ids, idempotent submission, stalled-job recovery,
 * resuming) is BullMQ's behaviour, the same on both datastores, and the
 * executor's, written once against BullMQ's API.
 */
import type {
  IQueueBackend,
  JobProgress,
  Processor,
  Queue,
  QueueEvents,
  Worker,
  WorkerOptions,
} from "bullmq";
import type { BlockData, BlockResult, EnsembleManifest } from "./jobs.ts";
import type { QueueLocation } from "./url.ts";

/** A queue of seed blocks, on either datastore (each has its own kind of connection options). */
export type BlockQueue = Queue<
  BlockData,
  BlockResult,
  string,
  BlockData,
  BlockResult,
  string,
  IQueueBackend,
  unknown
>;
export type BlockEvents = QueueEvents<BlockResult, IQueueBackend, unknown>;
export type BlockWorker = Worker<BlockData, BlockResult, string, IQueueBackend, JobProgress, unknown>;
export type BlockProcessor = Processor<BlockData, BlockResult, string>;
/** A Worker's options but where it connects, which the backend decides. */
export type BlockWorkerOptions = Omit<WorkerOptions, "connection" | "prefix">;

export interface QueueBackend {
  readonly location: QueueLocation;
  /** The datastore's name for messages: "Redis" or "Postgres". */
  readonly datastore: string;
  /** A producer of the queue `name`: adds jobs, reads their states and results, removes them. */
  queue(name: string): BlockQueue;
  /** The queue's events (`completed`, `failed`), on a connection of their own. */
  events(name: string): BlockEvents;
  /** A worker of the queue (not started when `options.autorun` is false). */
  worker(name: string, processor: BlockProcessor, options: BlockWorkerOptions): BlockWorker;
  /** Writes (or replaces) the manifests of ensembles submitted to `queue`, kept `seconds`. */
  putManifests(queue: string, manifests: readonly EnsembleManifest[], seconds: number): Promise<void>;
  /**
   * The manifest of ensemble `id` in `queue`, or of the one ensemble whose id
   * starts with `id`; undefined when there is none (or it expired). Throws
   * AmbiguousIdError when `id` starts several ids.
   */
  findManifest(queue: string, id: string): Promise<EnsembleManifest | undefined>;
  /** Ends, without waiting, the connections of an instance whose close() did not finish (the datastore is away). */
  abandon(instance: BlockQueue | BlockEvents): void;
  /** Closes the backend's own connection (not the instances it made, which their owner closes first). */
  close(): Promise<void>;
}

export interface OpenBackendOptions {
  /** Milliseconds to wait for the first answer before failing with "cannot reach the queue". */
  readonly connectTimeout: number;
  /**
   * Create what the queue needs when it is missing (Postgres: BullMQ's tables and
   * the manifests' table, once). Default true; `cocasim status` only reads.
   */
  readonly prepare?: boolean;
  /**
   * Requests fail instead of waiting for the datastore to come back (`cocasim
   * status`); by default they wait (the executor and workers ride out a restart).
   */
  readonly failFast?: boolean;
  /** Connection errors of the backend's own connection, after it opened. */
  readonly onError?: (error: unknown) => void;
}

export class AmbiguousIdError extends Error {
  constructor(prefix: string, ids: readonly string[]) {
    super(`${prefix} names several ensembles: ${ids.join(", ")}`);
    this.name = "AmbiguousIdError";
  }
}

/** Rejects with `message` unless `promise` settles within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to the queue at `location` (fails with "cannot reach the queue at …"
 * when it does not answer in time) and, unless told not to, prepares it. Each
 * datastore's code (and its client library) is loaded only when it is used.
 */
export async function openQueueBackend(
  location: QueueLocation,
  options: OpenBackendOptions,
): Promise<QueueBackend> {
  if (location.kind === "redis") {
    const { openRedisBackend } = await import("./redis-backend.ts");
    return openRedisBackend(location, options);
  }
  const { openPostgresBackend } = await import("./postgres-backend.ts");
  return openPostgresBackend(location, options);
}
