/**
 * Fault: Redis killed (SIGKILL) and started again in the middle of an ensemble,
 * on a private redis-server without persistence, so everything it held is lost:
 * the waiting jobs, the job a worker was running, the events. The worker and the
 * executor reconnect; the executor finds its unfinished blocks missing and
 * submits them again; the ensemble completes, byte-identical to the local
 * executor, every run counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullmqExecutor } from "../../src/distributed/bullmq-executor.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { localExecutor } from "../../src/executors/local.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import {
  type CliProcess,
  type PrivateRedis,
  privateRedis,
  queueUrl,
  SKIP_REDIS,
  sleep,
  startWorkerProcess,
  stopProcesses,
  uniquePrefix,
  waitUntil,
} from "./helpers.ts";

describe.skipIf(SKIP_REDIS)("Redis restarted mid-ensemble", () => {
  const loaded = loadBuiltin("peru", { to: 2018 * 12 + 2 });
  if (!loaded.ok) throw new Error("cannot load the peru scenario");
  const jobs: SimulationJob[] = ensembleSeeds(11, 8).map((seed) => ({ scenario: loaded.scenario, seed }));
  let expected: string;
  let redis: PrivateRedis | undefined;
  let worker: CliProcess | undefined;
  let url: string;

  beforeAll(async () => {
    redis = await privateRedis();
    url = queueUrl(uniquePrefix("restart"), redis.url);
    const local = localExecutor({ workers: 2 });
    try {
      expected = JSON.stringify(await local.run(jobs));
    } finally {
      await local.close();
    }
    worker = await startWorkerProcess(url, [
      "--concurrency",
      "1",
      "--lock-duration",
      "2000",
      "--stalled-interval",
      "1000",
    ]);
  }, 120_000);
  afterAll(async () => {
    await stopProcesses([worker]);
    await redis?.stop();
  });

  it("reconnects, submits the lost blocks again, and completes", async () => {
    const messages: string[] = [];
    const executor = bullmqExecutor({
      connection: url,
      blockSize: 1,
      pollInterval: 250,
      log: (message) => messages.push(message),
    });
    const progress: number[] = [];
    try {
      const running = executor.run(jobs, { onProgress: (done) => progress.push(done) });
      await waitUntil(() => progress.length >= 2, "two runs done", 60_000);
      await redis!.kill();
      await sleep(1500);
      await redis!.start();
      const results = await running;
      expect(JSON.stringify(results)).toBe(expected);
      expect(progress).toEqual(jobs.map((_, i) => i + 1));
      expect(messages.some((m) => /unreachable/.test(m))).toBe(true);
      expect(messages.some((m) => /missing from the queue .*submitted again/.test(m))).toBe(true);
      // The worker lived through it.
      expect(worker!.child.exitCode).toBeNull();
    } finally {
      await executor.close();
    }
  }, 120_000);
});
