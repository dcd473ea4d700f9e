import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseMonth } from "../../src/core/time.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { Executor, SimulationJob } from "../../src/executors/types.ts";
import { simulate } from "../../src/model/simulate.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import { cachedExecutor, ensembleGroups } from "../../src/store/cached-executor.ts";
import { openStore } from "../../src/store/open.ts";
import { ensembleId, ensembleKey, missingSeeds } from "../../src/store/store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function jobs(n: number): SimulationJob[] {
  const loaded = loadBuiltin("peru");
  if (!loaded.ok) throw new Error("peru");
  const scenario = { ...loaded.scenario, to: parseMonth("2018-04") as number };
  return Array.from({ length: n }, (_, i) => ({ scenario, seed: 500 + i }));
}

/** Counts the jobs it runs; fails after `failAfter` jobs when given. */
function countingExecutor(failAfter?: number): Executor & { count: number } {
  const inner = inlineExecutor({ simulate });
  const wrapper = {
    count: 0,
    async run(list: readonly SimulationJob[]) {
      if (failAfter !== undefined && wrapper.count + list.length > failAfter) throw new Error("interrupted");
      wrapper.count += list.length;
      return inner.run(list);
    },
    close: () => inner.close(),
  };
  return wrapper;
}

describe("cachedExecutor", () => {
  it("stores runs, reads them back instead of recomputing, and resumes an interrupted ensemble", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cocasim-cache-"));
    dirs.push(dir);
    const store = await openStore(join(dir, "store.db"));
    try {
      const list = jobs(6);
      const direct = await inlineExecutor({ simulate }).run(list);

      // Interrupted after the first chunk of 2: those 2 runs are kept.
      const failing = countingExecutor(2);
      await expect(cachedExecutor(failing, store, "test", { chunk: 2 }).run(list)).rejects.toThrow(
        "interrupted",
      );
      expect(failing.count).toBe(2);
      // The six jobs are one scenario with six seeds: an ensemble, marked failed when interrupted.
      const key = ensembleKey(
        "test",
        list[0].scenario,
        list.map((j) => j.seed),
      );
      expect((await store.getEnsemble(key))?.status).toBe("failed");
      expect(await missingSeeds(store, key)).toEqual(list.slice(2).map((j) => j.seed));

      // Resuming runs only the 4 missing jobs and returns everything in job order.
      const resuming = countingExecutor();
      const cached = cachedExecutor(resuming, store, "test", { chunk: 2 });
      const resumed = await cached.run(list);
      expect(resuming.count).toBe(4);
      expect(cached.lastReused()).toBe(2);
      expect(resumed).toEqual(direct);
      expect((await store.listEnsembles()).map((e) => [e.id, e.status])).toEqual([
        [ensembleId(key), "complete"],
      ]);

      // Repeating costs nothing.
      const again = countingExecutor();
      expect(await cachedExecutor(again, store, "test").run(list)).toEqual(direct);
      expect(again.count).toBe(0);

      // Another model version does not reuse the runs.
      const other = countingExecutor();
      await cachedExecutor(other, store, "other", { chunk: 6 }).run(list);
      expect(other.count).toBe(6);
    } finally {
      await store.close();
    }
  });

  it("records each scenario run with several seeds as an ensemble, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cocasim-cache-"));
    dirs.push(dir);
    const store = await openStore(join(dir, "store.db"));
    try {
      const [a, b] = jobs(2);
      const other = { ...a.scenario, name: "other", to: a.scenario.to - 1 };
      // Two scenarios × two seeds (as compare runs them), one lone run, and a repeated seed.
      const list: SimulationJob[] = [a, b, { scenario: other, seed: 1 }, { scenario: other, seed: 2 }];
      const groups = ensembleGroups(list, "v");
      expect(groups.map((g) => [g.scenario.name, g.key.seeds])).toEqual([
        ["peru", [500, 501]],
        ["other", [1, 2]],
      ]);
      expect(ensembleGroups([a], "v")).toEqual([]);
      expect(ensembleGroups([a, a], "v")).toEqual([]);

      await cachedExecutor(countingExecutor(), store, "v").run(list);
      expect((await store.listEnsembles()).map((e) => [e.scenarioName, e.status])).toEqual([
        ["peru", "complete"],
        ["other", "complete"],
      ]);
      await cachedExecutor(countingExecutor(), store, "w", { recordEnsembles: false }).run(list);
      expect((await store.listEnsembles()).length).toBe(2);
      expect((await store.listRuns()).length).toBe(8);
    } finally {
      await store.close();
    }
  });
});
