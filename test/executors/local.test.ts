import { describe, expect, it } from "vitest";
import { defaultBatchSize, localExecutor } from "../../src/executors/local.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { conformanceScenario, executorConformance, referenceSummary } from "./conformance.ts";

// Batches of two jobs, so that batching, order across batches and mid-batch aborts are exercised.
executorConformance("local (2 workers, batches of 2)", () => localExecutor({ workers: 2, batchSize: 2 }));

describe("local executor", () => {
  const scenario = conformanceScenario();
  const jobs: SimulationJob[] = [21, 22, 23, 24].map((seed) => ({ scenario, seed }));

  it("gives byte-identical results with 1 and with 3 workers, batched or not", async () => {
    const expected = JSON.stringify(jobs.map(referenceSummary));
    for (const options of [{ workers: 1 }, { workers: 3, batchSize: 1 }]) {
      const executor = localExecutor(options);
      try {
        expect(JSON.stringify(await executor.run(jobs))).toBe(expected);
      } finally {
        await executor.close();
      }
    }
  });

  it("reports a job that cannot be sent to a worker", async () => {
    const executor = localExecutor({ workers: 1 });
    try {
      const bad = {
        scenario: { ...scenario, name: () => "not cloneable" },
        seed: 1,
      } as unknown as SimulationJob;
      await expect(executor.run([bad])).rejects.toThrow(/cannot send jobs to a worker thread/);
      expect(await executor.run(jobs.slice(0, 1))).toEqual([referenceSummary(jobs[0])]);
    } finally {
      await executor.close();
    }
  });

  it("rejects a bad number of workers or batch size", () => {
    expect(() => localExecutor({ workers: 0 })).toThrow(/workers must be a positive integer, got 0/);
    expect(() => localExecutor({ workers: 1.5 })).toThrow(RangeError);
    expect(() => localExecutor({ batchSize: -1 })).toThrow(/batchSize/);
  });

  it("sizes batches to a quarter of each worker's share, from 1 to 16", () => {
    expect(defaultBatchSize(8, 2)).toBe(1);
    expect(defaultBatchSize(100, 2)).toBe(12);
    expect(defaultBatchSize(1000, 2)).toBe(16);
    expect(defaultBatchSize(3, 16)).toBe(1);
  });
});
