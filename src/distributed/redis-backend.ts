/**
 * The queue on Redis (backend.ts): BullMQ's default datastore. cocasim's keys
 * all start with the URL's prefix; an ensemble's manifest is one key,
 * PREFIX:QUEUE:ensemble:ID, that expires with the finished jobs.
 */
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { causeMessage } from "../executors/types.ts";
import {
  AmbiguousIdError,
  type BlockEvents,
  type BlockQueue,
  type BlockWorker,
  type OpenBackendOptions,
  type QueueBackend,
  withTimeout,
} from "./backend.ts";
import { type BlockData, type BlockResult, type EnsembleManifest, manifestKey } from "./jobs.ts";
import type { RedisQueueLocation } from "./url.ts";

async function findManifestText(
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

export async function openRedisBackend(
  location: RedisQueueLocation,
  options: OpenBackendOptions,
): Promise<QueueBackend> {
  const { connectTimeout, failFast = false, onError = () => {} } = options;
  // Waiting requests (null) ride out a Redis restart; `status` would rather fail.
  const maxRetriesPerRequest = failFast ? 1 : null;
  const raw = new Redis(location.url, { maxRetriesPerRequest, connectTimeout });
  raw.on("error", onError);
  try {
    await withTimeout(raw.ping(), connectTimeout, `no answer in ${connectTimeout / 1000} s`);
  } catch (error) {
    raw.disconnect();
    throw new Error(`cannot reach the queue at ${location.display}: ${causeMessage(error)}`);
  }
  // Connections of their own for what blocks (events, workers); BullMQ requires null retries there.
  const blocking = { url: location.url, maxRetriesPerRequest: null };
  return {
    location,
    datastore: "Redis",
    queue(name) {
      return new Queue<BlockData, BlockResult>(name, {
        connection: raw,
        prefix: location.prefix,
      }) as BlockQueue;
    },
    events(name) {
      return new QueueEvents<BlockResult>(name, {
        connection: blocking,
        prefix: location.prefix,
      }) as BlockEvents;
    },
    worker(name, processor, workerOptions) {
      return new Worker<BlockData, BlockResult>(name, processor, {
        ...workerOptions,
        connection: blocking,
        prefix: location.prefix,
      }) as BlockWorker;
    },
    async putManifests(queue, manifests, seconds) {
      const pipeline = raw.pipeline();
      for (const manifest of manifests) {
        pipeline.set(
          manifestKey(location.prefix, queue, manifest.id),
          JSON.stringify(manifest),
          "EX",
          seconds,
        );
      }
      await pipeline.exec();
    },
    async findManifest(queue, id) {
      const text = await findManifestText(raw, location.prefix, queue, id);
      return text === undefined ? undefined : (JSON.parse(text) as EnsembleManifest);
    },
    abandon(instance) {
      // BullMQ waits for its connection's end, which does not come while Redis is away: end it.
      const backend = instance.getBackend() as unknown as { client?: Promise<{ disconnect?(): void }> };
      void backend.client?.then((client) => client.disconnect?.()).catch(() => {});
    },
    async close() {
      raw.disconnect();
    },
  };
}
