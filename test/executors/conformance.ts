/**
 * The behaviour every Executor must have, as a test suite to run against each
 * implementation: `executorConformance("local", () => localExecutor({ workers: 2 }))`.
 * It uses only the Executor interface and the model's `simulate` (the reference
 * the results must equal), so that any executor (in-process, worker threads, a
 * job queue on other machines) can be checked with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Executor, SimulationJob } from "../../src/executors/types.ts";
import type { Summary } from "../../src/model/results.ts";
import { simulate } from "../../src/model/simulate.ts";
import type { Policy, ResolvedScenario } from "../../src/scenario/types.ts";

/** Month index of year/month (src/core/time.ts). */
const month = (year: number, m: number): number => year * 12 + m - 1;

/** A short scenario (four months over two calendar years, so two summary years) that runs in well under a second. */
export function conformanceScenario(
  name = "conformance",
  policies: readonly Policy[] = [],
): ResolvedScenario {
  return {
    name,
    from: month(2018, 11),
    to: month(2019, 2),
    seed: 1,
    parameters: {},
    policies,
    events: [],
  };
}

/** A scenario whose simulation throws (a policy kind the model does not know). */
export function failingScenario(): ResolvedScenario {
  const bogus = { kind: "teleportation", from: month(2018, 11), intensity: 1 } as unknown as Policy;
  return conformanceScenario("broken", [bogus]);
}

/** What an executor must return for `job`: the model's summary of the job's scenario with the job's seed. */
export function referenceSummary(job: SimulationJob): Summary {
  return simulate({ ...job.scenario, seed: job.seed }).summary;
}

export interface ConformanceOptions {
  /** Create the executor under test (called once for most tests, and once more for the close tests). */
  readonly create: () => Executor | Promise<Executor>;
}

export function executorConformance(name: string, create: ConformanceOptions["create"]): void {
  describe(`${name} executor: conformance`, () => {
    const plain = conformanceScenario("plain");
    const eradication = conformanceScenario("eradication", [
      { kind: "eradication", from: month(2018, 11), intensity: 3 },
    ]);
    // Two scenarios interleaved, and a seed used twice, so that order matters.
    const jobs: SimulationJob[] = [
      { scenario: plain, seed: 11 },
      { scenario: eradication, seed: 11 },
      { scenario: plain, seed: 12 },
      { scenario: eradication, seed: 13 },
      { scenario: plain, seed: 14 },
    ];
    let executor: Executor;
    let expected: Summary[];

    beforeAll(async () => {
      executor = await create();
      expected = jobs.map(referenceSummary);
    });
    afterAll(async () => {
      await executor?.close();
    });

    it("resolves to an empty list for no jobs", async () => {
      const calls: number[][] = [];
      await expect(executor.run([], { onProgress: (d, t) => calls.push([d, t]) })).resolves.toEqual([]);
      expect(calls).toEqual([]);
    });

    it("returns the summaries in job order, equal to calling simulate directly", async () => {
      const results = await executor.run(jobs);
      expect(results).toHaveLength(jobs.length);
      expect(results.map((s) => [s.scenario, s.seed])).toEqual(jobs.map((j) => [j.scenario.name, j.seed]));
      expect(results).toEqual(expected);
      expect(JSON.stringify(results)).toBe(JSON.stringify(expected));
    });

    it("gives byte-identical results when run again", async () => {
      const again = await executor.run(jobs);
      expect(JSON.stringify(again)).toBe(JSON.stringify(expected));
    });

    it("does not need the jobs to stay alive or unchanged after the call", async () => {
      const own = jobs.map((j) => ({ scenario: { ...j.scenario }, seed: j.seed }));
      const pending = executor.run(own);
      own.length = 0;
      expect(JSON.stringify(await pending)).toBe(JSON.stringify(expected));
    });

    it("reports progress once per job, counting up to the total", async () => {
      const calls: [number, number][] = [];
      await executor.run(jobs, { onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual(jobs.map((_, i) => [i + 1, jobs.length]));
    });

    it("serves two runs at once, each in its own order", async () => {
      const [a, b] = await Promise.all([
        executor.run(jobs.slice(0, 3)),
        executor.run(jobs.slice(2).reverse()),
      ]);
      expect(a).toEqual(expected.slice(0, 3));
      expect(b).toEqual(expected.slice(2).reverse());
    });

    it("rejects with a message naming the failed job, and keeps working", async () => {
      const bad: SimulationJob[] = [jobs[0], jobs[1], { scenario: failingScenario(), seed: 7 }, jobs[2]];
      const progress: number[] = [];
      const error = await executor.run(bad, { onProgress: (d) => progress.push(d) }).then(
        () => expect.fail("the run should have failed"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/^job 2 \(scenario "broken", seed 7\) failed: \S/);
      expect(progress.length).toBeLessThanOrEqual(3);
      expect(await executor.run(jobs.slice(0, 1))).toEqual(expected.slice(0, 1));
    });

    it("rejects at once with the signal's reason when already aborted, running nothing", async () => {
      const controller = new AbortController();
      const reason = new Error("stop before starting");
      controller.abort(reason);
      const progress: number[] = [];
      await expect(
        executor.run(jobs, { signal: controller.signal, onProgress: (d) => progress.push(d) }),
      ).rejects.toBe(reason);
      expect(progress).toEqual([]);
    });

    it("rejects with the signal's reason when aborted during a run, and reports no progress after", async () => {
      const controller = new AbortController();
      const progress: number[] = [];
      const many = [...jobs, ...jobs, ...jobs];
      const run = executor.run(many, {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done === 1) controller.abort();
        },
      });
      const error = await run.then(
        () => expect.fail("the run should have been aborted"),
        (e: unknown) => e,
      );
      expect(error).toBe(controller.signal.reason);
      expect((error as Error).name).toBe("AbortError");
      expect(progress).toEqual([1]);
      expect(await executor.run(jobs.slice(1, 2))).toEqual(expected.slice(1, 2));
    });

    it("refuses runs after close, rejects runs still going, and closes twice without error", async () => {
      const other = await create();
      const going = other.run([...jobs, ...jobs]);
      const outcome = going.then(
        () => "resolved",
        (e: unknown) => e,
      );
      await other.close();
      const settled = await outcome;
      // A run may have finished before close; if not, it was rejected with an Error.
      if (settled !== "resolved") expect(settled).toBeInstanceOf(Error);
      await expect(other.run(jobs.slice(0, 1))).rejects.toThrow(/closed/);
      await expect(other.close()).resolves.toBeUndefined();
    });
  });
}
