/**
 * The distributed executor's parts (seed blocks, job ids, queue URLs, results),
 * then the executor itself on the test Redis (suites.ts executorSuite; the same
 * on Postgres is executor.postgres.test.ts).
 */
import { describe, expect, it } from "vitest";
import {
  blockJobId,
  blockResult,
  defaultBlockSize,
  parseSeedFailure,
  planBlocks,
  queueName,
  readBlockResult,
  seedFailure,
} from "../../src/distributed/jobs.ts";
import { parseQueueUrl, QueueUrlError } from "../../src/distributed/url.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { ensembleId, ensembleKey } from "../../src/store/store.ts";
import { conformanceScenario, referenceSummary } from "../executors/conformance.ts";
import { REDIS_BACKEND } from "./helpers.ts";
import { executorSuite } from "./suites.ts";

/** What Postgres's jsonb does to objects: their keys come back sorted, shortest first. */
function jsonbLike(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonbLike);
  if (typeof value !== "object" || value === null) return value;
  const keys = Object.keys(value).sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, jsonbLike((value as Record<string, unknown>)[k])]));
}

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

  it("parses Redis queue URLs, with a key prefix, and masks passwords", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6379")).toEqual({
      kind: "redis",
      url: "redis://127.0.0.1:6379",
      prefix: "cocasim",
      display: "redis://127.0.0.1:6379",
    });
    const withAll = parseQueueUrl("redis://:s3cret@h:6380/2?prefix=team-a");
    expect(withAll).toEqual({
      kind: "redis",
      url: "redis://:s3cret@h:6380/2",
      prefix: "team-a",
      display: "redis://:***@h:6380/2?prefix=team-a",
    });
    expect(() => parseQueueUrl("http://h")).toThrow(QueueUrlError);
    expect(() => parseQueueUrl("http://h")).toThrow(/redis:\/\/HOST:6379 or postgres:\/\//);
    expect(() => parseQueueUrl("redis://h/x")).toThrow(/database/);
    expect(() => parseQueueUrl("redis://h?prefix=a:b")).toThrow(/prefix/);
    expect(() => parseQueueUrl("redis://h?schema=a")).toThrow(/takes \?prefix=NAME, not \?schema=/);
  });

  it("parses Postgres queue URLs, with a schema, and masks passwords", () => {
    expect(parseQueueUrl("postgres://cocasim@10.0.0.5:5432/runs")).toEqual({
      kind: "postgres",
      url: "postgres://cocasim@10.0.0.5:5432/runs",
      schema: "cocasim_queue",
      display: "postgres://cocasim@10.0.0.5:5432/runs",
    });
    expect(parseQueueUrl("postgresql://u:pw@h/db?schema=team_a&sslmode=require")).toEqual({
      kind: "postgres",
      url: "postgresql://u:pw@h/db?sslmode=require",
      schema: "team_a",
      display: "postgresql://u:***@h/db?sslmode=require&schema=team_a",
    });
    expect(() => parseQueueUrl("postgres://h")).toThrow(/names its database/);
    expect(() => parseQueueUrl("postgres://h/")).toThrow(/names its database/);
    expect(() => parseQueueUrl("postgres://h/db?prefix=x")).toThrow(/takes \?schema=NAME, not \?prefix=/);
    expect(() => parseQueueUrl("postgres://h/db?schema=a-b")).toThrow(
      /schema .* letters, digits and underscores/,
    );
    expect(() => parseQueueUrl("postgres://h/db?schema=1a")).toThrow(QueueUrlError);
    expect(() => parseQueueUrl(`postgres://h/db?schema=${"s".repeat(64)}`)).toThrow(QueueUrlError);
  });

  it("carries a block's summaries as JSON text, so their bytes survive any datastore", () => {
    const summaries = [11, 12].map((seed) => referenceSummary({ scenario: a, seed }));
    const result = blockResult([11, 12], summaries);
    expect(typeof result.summaries).toBe("string");
    // Objects would come back from jsonb in another order, and print differently...
    expect(JSON.stringify(jsonbLike(summaries))).not.toBe(JSON.stringify(summaries));
    // ...but text inside them comes back as it went.
    const read = readBlockResult(jsonbLike(JSON.parse(JSON.stringify(result))), [11, 12]);
    expect(JSON.stringify(read)).toBe(JSON.stringify(summaries));
    expect(readBlockResult(result, [11, 13])).toMatch(/for seeds 11, 12, not 11, 13/);
    expect(readBlockResult({ seeds: [11], summaries: "{" }, [11])).toMatch(/not JSON/);
    expect(readBlockResult({ seeds: [11], summaries: "[]" }, [11])).toMatch(/0 summaries for 1 seeds/);
    expect(readBlockResult({ seeds: [11], summaries: [summaries[0]] }, [11])).toMatch(/not a block result/);
    expect(readBlockResult(null, [11])).toMatch(/not a block result/);
  });
});

executorSuite(REDIS_BACKEND);
