/**
 * Fault: a worker process killed with SIGKILL in the middle of an ensemble. Its
 * lock on the block it was running expires; the other worker's stalled-job check
 * puts the block back in the queue and runs it. The ensemble completes with every
 * run there once, byte-identical to the local executor. Short locks and checks
 * (2 s, 1 s) keep the test short.
 */
import { hostname } from "node:os";
import { Job, Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullmqExecutor } from "../../src/distributed/bullmq-executor.ts";
import { queueName } from "../../src/distributed/jobs.ts";
import { parseQueueUrl } from "../../src/distributed/url.ts";
import { modelVersion } from "../../src/distributed/version.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { localExecutor } from "../../src/executors/local.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import {
  type CliProcess,
  deletePrefix,
  queueUrl,
  requireRedis,
  SKIP_REDIS,
  startWorkerProcess,
  stopProcesses,
  uniquePrefix,
  waitUntil,
} from "./helpers.ts";

/** The completed jobs of the queue: who ran them, how often they stalled. */
async function finishedJobs(url: string): Promise<Job[]> {
  const location = parseQueueUrl(url);
  const queue = new Queue(queueName(modelVersion()), {
    connection: { url: location.url },
    prefix: location.prefix,
  });
  try {
    const jobs = await queue.getJobs(["completed"]);
    return jobs.filter((job): job is Job => job instanceof Job);
  } finally {
    await queue.close();
  }
}

const LOCKS = ["--lock-duration", "2000", "--stalled-interval", "1000"];

describe.skipIf(SKIP_REDIS)("a worker killed mid-ensemble", () => {
  const prefix = uniquePrefix("killed");
  const url = queueUrl(prefix);
  const loaded = loadBuiltin("peru", { to: 2018 * 12 + 2 });
  if (!loaded.ok) throw new Error("cannot load the peru scenario");
  const jobs: SimulationJob[] = ensembleSeeds(7, 8).map((seed) => ({ scenario: loaded.scenario, seed }));
  let expected: string;
  let doomed: CliProcess | undefined;
  let survivor: CliProcess | undefined;

  beforeAll(async () => {
    await requireRedis();
    const local = localExecutor({ workers: 2 });
    try {
      expected = JSON.stringify(await local.run(jobs));
    } finally {
      await local.close();
    }
    [doomed, survivor] = await Promise.all([
      startWorkerProcess(url, ["--concurrency", "1", ...LOCKS]),
      startWorkerProcess(url, ["--concurrency", "1", ...LOCKS]),
    ]);
  }, 120_000);
  afterAll(async () => {
    await stopProcesses([doomed, survivor]);
    await deletePrefix(prefix);
  });

  it("has its block taken over by the other worker; no run lost, none counted twice", async () => {
    const executor = bullmqExecutor({ connection: url, blockSize: 1, pollInterval: 250 });
    const progress: number[] = [];
    try {
      const running = executor.run(jobs, { onProgress: (done) => progress.push(done) });
      // Once the doomed worker has finished a block it holds the next one (more are waiting): kill it.
      await doomed!.waitForStderr(/\) done/);
      doomed!.kill("SIGKILL");
      expect(await doomed!.exited).toBe("SIGKILL");
      const results = await running;
      expect(JSON.stringify(results)).toBe(expected);
      expect(progress).toEqual(jobs.map((_, i) => i + 1));
      // The survivor found the dead worker's block by its expired lock, and ran it.
      await waitUntil(() => /stalled/.test(survivor!.stderr), "the stalled-job message", 5000);
      const finished = await finishedJobs(url);
      expect(finished).toHaveLength(jobs.length);
      const survivorName = `${hostname()}:${survivor!.child.pid}`;
      const recovered = finished.filter((job) => job.stalledCounter > 0);
      expect(recovered.length).toBeGreaterThanOrEqual(1);
      for (const job of recovered) expect(job.processedBy).toBe(survivorName);
      expect(finished.filter((job) => job.processedBy !== survivorName).length).toBeGreaterThanOrEqual(1);
    } finally {
      await executor.close();
    }
  }, 120_000);
});
