/** Running an experiment into a store, and resuming an interrupted one. */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { Executor, SimulationJob } from "../../src/executors/types.ts";
import { buildDesign, runExperiment, storedDefinition } from "../../src/experiments/index.ts";
import { experimentKey, openStore, type RunStore } from "../../src/store/index.ts";
import { fakeScenario } from "../cli/fakes.ts";
import { definitionOf, EXPERIMENT_YAML, experimentSimulate, tempDir } from "./helpers.ts";

const VERSION = "9.9.9-test";
const BASE = fakeScenario({ name: "base", seed: 42, policies: [] });
const DEFINITION = definitionOf(EXPERIMENT_YAML);

/** An inline executor that records its jobs and can fail on its n-th run (1-based). */
function countingExecutor(failOnRun?: number): Executor & { jobs: SimulationJob[]; runs: number } {
  const inner = inlineExecutor({ simulate: experimentSimulate });
  const executor = {
    jobs: [] as SimulationJob[],
    runs: 0,
    async run(jobs: readonly SimulationJob[], options?: Parameters<Executor["run"]>[1]) {
      executor.runs++;
      if (executor.runs === failOnRun) throw new Error("interrupted");
      executor.jobs.push(...jobs);
      return inner.run(jobs, options);
    },
    close: () => inner.close(),
  };
  return executor;
}

let dir: { path: string; cleanup: () => void };
const stores: RunStore[] = [];
async function store(name: string): Promise<RunStore> {
  const s = await openStore(`sqlite:${join(dir.path, name)}`);
  stores.push(s);
  return s;
}
beforeEach(() => {
  dir = tempDir();
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  dir.cleanup();
});

describe("runExperiment", () => {
  it("stores the definition, the design rows and every row's outcomes", async () => {
    const s = await store("a.db");
    const executor = countingExecutor();
    const progress: number[] = [];
    const result = await runExperiment({
      store: s,
      executor,
      modelVersion: VERSION,
      definition: DEFINITION,
      scenario: BASE,
      onProgress: (done, total) => {
        expect(total).toBe(20);
        progress.push(done);
      },
    });
    expect(executor.jobs).toHaveLength(10 * 2);
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(result).toMatchObject({ rows: 10, replications: 2, alreadyDone: 0, toRun: 10, resumed: false });
    const key = experimentKey(VERSION, storedDefinition(DEFINITION, BASE));
    const stored = await s.getExperiment(key);
    expect(stored?.id).toBe(result.id);
    expect(stored?.status).toBe("complete");
    expect(stored?.done).toBe(10);
    expect(stored?.definition).toEqual(JSON.parse(JSON.stringify(storedDefinition(DEFINITION, BASE))));
    expect(stored?.design).toEqual(buildDesign(DEFINITION).rows);
    expect(stored?.outcomes).toEqual(result.outcomes);
    // Each outcome is the mean of its two replications.
    const row = result.outcomes[3];
    expect(row.replications).toHaveLength(2);
    expect(row.values.hectares).toBeCloseTo(
      ((row.replications![0].hectares as number) + (row.replications![1].hectares as number)) / 2,
      9,
    );
  });

  it("resumes an interrupted experiment: only the rows left run, and the results are those of an uninterrupted run", async () => {
    const s = await store("interrupted.db");
    // Chunks of 2 rows (4 runs); the third chunk fails.
    const first = countingExecutor(3);
    await expect(
      runExperiment({
        store: s,
        executor: first,
        modelVersion: VERSION,
        definition: DEFINITION,
        scenario: BASE,
        chunkRows: 2,
      }),
    ).rejects.toThrow("interrupted");
    expect(first.jobs).toHaveLength(8);
    const key = experimentKey(VERSION, storedDefinition(DEFINITION, BASE));
    const half = await s.getExperiment(key);
    expect(half?.status).toBe("failed");
    expect(half?.done).toBe(4);
    expect(half?.outcomes.map((o) => o !== null)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);

    const second = countingExecutor();
    const starts: unknown[] = [];
    const resumed = await runExperiment({
      store: s,
      executor: second,
      modelVersion: VERSION,
      definition: DEFINITION,
      scenario: BASE,
      chunkRows: 2,
      onStart: (start) => starts.push(start),
    });
    expect(starts).toEqual([
      expect.objectContaining({ rows: 10, alreadyDone: 4, toRun: 6, resumed: true, id: half?.id }),
    ]);
    // Only rows 4–9 ran, each with both seeds.
    expect(second.jobs).toHaveLength(12);
    expect(second.jobs.map((j) => j.scenario.name)).toEqual(
      [4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9].map((i) => `resume #${i}`),
    );

    const fresh = await store("fresh.db");
    const uninterrupted = await runExperiment({
      store: fresh,
      executor: countingExecutor(),
      modelVersion: VERSION,
      definition: DEFINITION,
      scenario: BASE,
    });
    expect(resumed.outcomes).toEqual(uninterrupted.outcomes);
    expect(resumed.id).toBe(uninterrupted.id);
    const a = await s.getExperiment(key);
    const b = await fresh.getExperiment(key);
    expect(a?.outcomes).toEqual(b?.outcomes);
    expect(a?.design).toEqual(b?.design);
    expect(a?.status).toBe("complete");

    // A third run has nothing left to do.
    const third = countingExecutor();
    const done = await runExperiment({
      store: s,
      executor: third,
      modelVersion: VERSION,
      definition: DEFINITION,
      scenario: BASE,
    });
    expect(third.runs).toBe(0);
    expect(done).toMatchObject({ alreadyDone: 10, toRun: 0, resumed: true });
    expect(done.outcomes).toEqual(uninterrupted.outcomes);
  });

  it("gives a different experiment for another definition, base scenario or model version", async () => {
    const s = await store("keys.db");
    const run = (definition = DEFINITION, scenario = BASE, modelVersion = VERSION) =>
      runExperiment({ store: s, executor: countingExecutor(), modelVersion, definition, scenario });
    const ids = [
      (await run()).id,
      (await run({ ...DEFINITION, replications: 1 })).id,
      (await run(DEFINITION, { ...BASE, seed: 43 })).id,
      (await run(DEFINITION, BASE, "1.0.0")).id,
    ];
    expect(new Set(ids).size).toBe(4);
    expect((await s.listExperiments()).map((e) => e.id)).toEqual(ids);
  });
});
