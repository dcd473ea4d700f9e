/**
 * The BullMQ executor against the test Redis, with one real worker process
 * (`cocasim worker`, two threads) serving a queue of the test's own: the shared
 * executor conformance suite (test/executors/conformance.ts), byte-identical
 * results against the local executor on the real baseline, and resuming from the
 * store and from the queue without running anything again.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullmqExecutor, type Submission } from "../../src/distributed/bullmq-executor.ts";
import {
  blockJobId,
  defaultBlockSize,
  parseSeedFailure,
  planBlocks,
  queueName,
  seedFailure,
} from "../../src/distributed/jobs.ts";
import { parseQueueUrl, QueueUrlError } from "../../src/distributed/url.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { localExecutor } from "../../src/executors/local.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import { openStore } from "../../src/store/open.ts";
import { ensembleId, ensembleKey } from "../../src/store/store.ts";
import { conformanceScenario, executorConformance } from "../executors/conformance.ts";
import {
  type CliProcess,
  deletePrefix,
  queueUrl,
  requireRedis,
  SKIP_REDIS,
  startWorkerProcess,
  stopProcesses,
  tempDir,
  uniquePrefix,
} from "./helpers.ts";

describe("seed blocks and job ids", () => {
  const a = conformanceScenario("a");
  const b = conformanceScenario("b");

  it("groups jobs by scenario, runs a repeated seed once, and keeps job order in the targets", () => {
    const jobs: SimulationJob[] = [
      { scenario: a, seed: 1 },
      { scenario: b, seed: 1 },
      { scenario: a, seed: 2 },
      { scenario: { ...a, seed: 99 }, seed: 3 }, // the scenario's own seed is not part of its identity
      { scenario: a, seed: 1 },
    ];
    const groups = planBlocks(jobs, { modelVersion: "9.9.9", blockSize: 2 });
    expect(groups.map((g) => [g.scenario.name, g.seeds])).toEqual([
      ["a", [1, 2, 3]],
      ["b", [1]],
    ]);
    expect(groups[0].blocks.map((blk) => [blk.seeds, blk.targets])).toEqual([
      [
        [1, 2],
        [[0, 4], [2]],
      ],
      [[3], [[3]]],
    ]);
    expect(groups[0].ensembleId).toBe(ensembleId(ensembleKey("9.9.9", a, [1, 2, 3])));
  });

  it("derives job ids from the model version, the scenario without its seed, and the seeds", () => {
    const id = (version: string, scenario = a, seeds = [5, 6]) =>
      planBlocks(
        seeds.map((seed) => ({ scenario, seed })),
        { modelVersion: version, blockSize: 8 },
      )[0].blocks[0].id;
    expect(id("1.0.0")).toBe(id("1.0.0"));
    expect(id("1.0.0", { ...a, seed: 12345 })).toBe(id("1.0.0"));
    expect(id("1.0.1")).not.toBe(id("1.0.0"));
    expect(id("1.0.0", b)).not.toBe(id("1.0.0"));
    expect(id("1.0.0", a, [5, 7])).not.toBe(id("1.0.0"));
    expect(id("1.0.0", a, [6, 5])).not.toBe(id("1.0.0"));
    expect(id("1.0.0")).not.toContain(":");
    expect(blockJobId("1", "ab".repeat(32), [5])).toMatch(/^abababababab-5x1-[0-9a-f]{16}$/);
  });

  it("sizes default blocks from the seed count only, 1 to 4 seeds", () => {
    expect([1, 15, 16, 32, 48, 64, 10_000].map(defaultBlockSize)).toEqual([1, 1, 1, 2, 3, 4, 4]);
  });

  it("names queues by model version, and reads back a failed seed", () => {
    expect(queueName("0.1.0")).toBe("runs-0.1.0");
    expect(queueName("1.0.0+build:7")).toBe("runs-1.0.0_build_7");
    expect(parseSeedFailure(seedFailure(42, "boom: bad\nline"))).toEqual({
      seed: 42,
      message: "boom: bad\nline",
    });
    expect(parseSeedFailure("job stalled more than allowable limit")).toBeUndefined();
  });

  it("parses queue URLs, with a key prefix, and masks passwords", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6379")).toEqual({
      url: "redis://127.0.0.1:6379",
      prefix: "cocasim",
      display: "redis://127.0.0.1:6379",
    });
    const withAll = parseQueueUrl("redis://:s3cret@h:6380/2?prefix=team-a");
    expect(withAll.url).toBe("redis://:s3cret@h:6380/2");
    expect(withAll.prefix).toBe("team-a");
    expect(withAll.display).toBe("redis://:***@h:6380/2?prefix=team-a");
    expect(() => parseQueueUrl("http://h")).toThrow(QueueUrlError);
    expect(() => parseQueueUrl("postgres://h/db")).toThrow(/Postgres queue is not supported/);
    expect(() => parseQueueUrl("redis://h/x")).toThrow(/database/);
    expect(() => parseQueueUrl("redis://h?prefix=a:b")).toThrow(/prefix/);
  });
});

describe.skipIf(SKIP_REDIS)("BullMQ executor with a worker process", () => {
  const prefix = uniquePrefix("executor");
  const url = queueUrl(prefix);
  let worker: CliProcess | undefined;
  beforeAll(async () => {
    await requireRedis();
    worker = await startWorkerProcess(url, ["--concurrency", "2"]);
  }, 120_000);
  afterAll(async () => {
    await stopProcesses([worker]);
    await deletePrefix(prefix);
  });

  // Blocks of two seeds, so that blocks, order across blocks and mid-block aborts are exercised.
  executorConformance("bullmq (1 worker process, blocks of 2)", () =>
    bullmqExecutor({ connection: url, blockSize: 2, pollInterval: 250 }),
  );

  describe("the real baseline", () => {
    const loaded = loadBuiltin("peru", { to: 2018 * 12 + 1 });
    if (!loaded.ok) throw new Error("cannot load the peru scenario");
    const scenario = loaded.scenario;
    const jobs: SimulationJob[] = ensembleSeeds(scenario.seed, 5).map((seed) => ({ scenario, seed }));
    let expected: string;
    const dir = tempDir();
    afterAll(() => dir.cleanup());

    beforeAll(async () => {
      const local = localExecutor({ workers: 1 });
      try {
        expected = JSON.stringify(await local.run(jobs));
      } finally {
        await local.close();
      }
    }, 120_000);

    it("gives byte-identical results to the local executor, stores them, then resumes from the store and the queue", async () => {
      const storePath = join(dir.path, "runs.db");
      const submissions: Submission[] = [];
      const run = async (store?: string): Promise<string> => {
        const executor = bullmqExecutor({
          connection: url,
          store,
          blockSize: 2,
          pollInterval: 250,
          onSubmit: (s) => submissions.push(s),
        });
        try {
          return JSON.stringify(await executor.run(jobs));
        } finally {
          await executor.close();
        }
      };

      expect(await run(storePath)).toBe(expected);
      expect(submissions[0]).toMatchObject({ runs: 5, blocks: 3, stored: 0, finished: 0, added: 3 });

      // Everything is in the store: nothing goes to the queue.
      expect(await run(storePath)).toBe(expected);
      expect(submissions[1]).toMatchObject({ runs: 5, blocks: 3, stored: 5, finished: 0, added: 0 });

      // No store: the finished jobs' results are taken from the queue, nothing runs again.
      expect(await run()).toBe(expected);
      expect(submissions[2]).toMatchObject({ runs: 5, blocks: 3, stored: 0, finished: 3, added: 0 });

      const store = await openStore(storePath);
      try {
        expect((await store.listRuns()).map((r) => r.key.seed).sort()).toEqual(
          jobs.map((j) => j.seed).sort(),
        );
        const ensemble = await store.getEnsemble(submissions[0].ensembles[0].id);
        expect(ensemble?.status).toBe("complete");
        expect(ensemble?.key.seeds).toEqual(jobs.map((j) => j.seed));
      } finally {
        await store.close();
      }
      // The worker ran each of the three blocks once.
      expect(worker!.stderr.match(/\(peru, \d seeds? from \d+\) done/g)).toHaveLength(3);
    });

    it("fails at once, naming the queue, when Redis cannot be reached", async () => {
      const executor = bullmqExecutor({ connection: "redis://127.0.0.1:1", connectTimeout: 1000 });
      try {
        await expect(executor.run(jobs.slice(0, 1))).rejects.toThrow(
          /cannot reach the queue at redis:\/\/127.0.0.1:1/,
        );
      } finally {
        await executor.close();
      }
    });
  });
});
