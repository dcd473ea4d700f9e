/** The in-process queue, the ensemble fold and the in-memory store. */
import { describe, expect, it } from "vitest";
import { parseMonth } from "../../src/core/time.ts";
import { ensembleSeeds as projectSeeds } from "../../src/ensemble/seeds.ts";
import { summariseEnsemble } from "../../src/ensemble/summarise.ts";
import type { SimulationResult } from "../../src/model/results.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import {
  createEnsembleAccumulator,
  ensembleSeeds,
  flattenMeans,
  flattenYear,
} from "../../src/server/ensemble.ts";
import { cancelledError, createInlineExecutor, createLocalQueue } from "../../src/server/queue.ts";
import { createMemoryResultStore } from "../../src/server/store.ts";
import type {
  RunEvents,
  RunInfo,
  RunProgress,
  RunResult,
  SimulationExecutor,
} from "../../src/server/types.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";

const scenario: ResolvedScenario = fakeScenario({ from: parseMonth("2018-01")!, to: parseMonth("2018-12")! });

interface Recorded {
  log: string[];
  progress: RunProgress[];
  result?: RunResult;
  error?: Error;
  ended: Promise<void>;
}

function recorder(): { events: RunEvents; recorded: Recorded } {
  let end: () => void = () => {};
  const recorded: Recorded = {
    log: [],
    progress: [],
    ended: new Promise((resolve) => {
      end = resolve;
    }),
  };
  const events: RunEvents = {
    start: () => recorded.log.push("start"),
    progress: (p) => {
      recorded.progress.push(p);
    },
    done: (result) => {
      recorded.log.push("done");
      recorded.result = result;
      end();
    },
    fail: (error) => {
      recorded.log.push("fail");
      recorded.error = error;
      end();
    },
  };
  return { events, recorded };
}

/** An executor whose runs finish when the test says, in any order, `parallelism` at once. */
function controlledExecutor(parallelism: number) {
  const running: { seed: number; finish: () => void; fail: (e: Error) => void; signal: AbortSignal }[] = [];
  const executor: SimulationExecutor = {
    parallelism,
    run(s, onProgress, signal) {
      return new Promise<SimulationResult>((resolve, reject) => {
        running.push({
          seed: s.seed,
          signal,
          finish: () => resolve(fakeSimulate(s, { onProgress })),
          fail: reject,
        });
        signal.addEventListener("abort", () => reject(cancelledError()));
      });
    },
    async close() {},
  };
  return { executor, running };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createLocalQueue", () => {
  it("runs jobs first in, first out, one at a time", async () => {
    const order: number[] = [];
    const queue = createLocalQueue({
      executor: createInlineExecutor((s, o) => {
        order.push(s.seed);
        return fakeSimulate(s, o);
      }),
    });
    const a = recorder();
    const b = recorder();
    queue.submit({ id: "a", scenario, seeds: [1] }, a.events);
    queue.submit({ id: "b", scenario, seeds: [2] }, b.events);
    expect(queue.size).toBe(2);
    await Promise.all([a.recorded.ended, b.recorded.ended]);
    expect(order).toEqual([1, 2]);
    expect(a.recorded.log).toEqual(["start", "done"]);
    expect(a.recorded.result?.kind).toBe("single");
    expect(a.recorded.progress.at(-1)).toEqual({
      runsDone: 1,
      runsTotal: 1,
      monthsDone: 12,
      monthsTotal: 12,
      fraction: 1,
    });
    expect(queue.size).toBe(0);
    await queue.close();
  });

  it("reports progress that only goes up", async () => {
    const queue = createLocalQueue({ executor: createInlineExecutor(fakeSimulate) });
    const r = recorder();
    queue.submit({ id: "e", scenario, seeds: [1, 2, 3] }, r.events);
    await r.recorded.ended;
    const fractions = r.recorded.progress.map((p) => p.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(r.recorded.progress.at(-1)!.runsDone).toBe(3);
    await queue.close();
  });

  it("gives the same ensemble whatever order the members finish in", async () => {
    const seeds = [5, 6, 7, 8];
    const sequential = createLocalQueue({ executor: createInlineExecutor(fakeSimulate) });
    const a = recorder();
    sequential.submit({ id: "a", scenario, seeds }, a.events);
    await a.recorded.ended;

    const { executor, running } = controlledExecutor(4);
    const parallel = createLocalQueue({ executor });
    const b = recorder();
    parallel.submit({ id: "b", scenario, seeds }, b.events);
    while (running.length < 4) await tick();
    for (const i of [2, 0, 3, 1]) running[i].finish();
    await b.recorded.ended;
    expect(b.recorded.result).toEqual(a.recorded.result);
    await sequential.close();
    await parallel.close();
  });

  it("fails the job when a member fails, and stops the other members", async () => {
    const { executor, running } = controlledExecutor(2);
    const queue = createLocalQueue({ executor });
    const r = recorder();
    queue.submit({ id: "x", scenario, seeds: [1, 2, 3, 4] }, r.events);
    while (running.length < 2) await tick();
    running[0].fail(new Error("member 0 broke"));
    await r.recorded.ended;
    expect(r.recorded.log).toEqual(["start", "fail"]);
    expect(r.recorded.error?.message).toBe("member 0 broke");
    expect(running[1].signal.aborted).toBe(true);
    expect(running).toHaveLength(2);
    await queue.close();
  });

  it("close() cancels the running job and the queued ones", async () => {
    const { executor, running } = controlledExecutor(1);
    const queue = createLocalQueue({ executor });
    const a = recorder();
    const b = recorder();
    queue.submit({ id: "a", scenario, seeds: [1] }, a.events);
    queue.submit({ id: "b", scenario, seeds: [2] }, b.events);
    while (running.length < 1) await tick();
    await queue.close();
    await Promise.all([a.recorded.ended, b.recorded.ended]);
    expect(a.recorded.error?.name).toBe("AbortError");
    expect(b.recorded.error?.name).toBe("AbortError");
    expect(b.recorded.log).toEqual(["fail"]);
    const c = recorder();
    queue.submit({ id: "c", scenario, seeds: [3] }, c.events);
    expect(c.recorded.log).toEqual(["fail"]);
  });
});

describe("ensembles", () => {
  it("uses the project's ensemble seeds (src/ensemble)", () => {
    expect(ensembleSeeds(7, 5)).toEqual(projectSeeds(7, 5));
    expect(new Set(ensembleSeeds(7, 50)).size).toBe(50);
  });

  it("flattens a yearly summary by dotted path", () => {
    const year = fakeSimulate(scenario).summary.years[0];
    const flat = flattenYear(year);
    expect(flat.has("year")).toBe(false);
    expect(flat.get("hectares.total")).toBe(year.hectares.total);
    expect(flat.get("hectares.byZone.VRAEM")).toBe(year.hectares.byZone.VRAEM);
    expect(flat.get("prices.hclUsdPerKg")).toBe(year.prices.hclUsdPerKg);
    expect(flat.get("exportsTonnesByMode.sea")).toBe(year.exportsTonnesByMode.sea);
  });

  it("folds members into means and percentiles", () => {
    const seeds = [0, 1, 2];
    const members = seeds.map((seed) => fakeSimulate({ ...scenario, seed }));
    const acc = createEnsembleAccumulator(3);
    acc.add(2, members[2]);
    acc.add(0, members[0]);
    acc.add(1, members[1]);
    const result = acc.finish();
    expect(result.summary).toEqual(summariseEnsemble(members.map((m) => m.summary)));
    expect(result.summary.seeds).toEqual(seeds);
    const vraem = result.monthly.series.find((s) => s.variable === "hectares" && s.key === "VRAEM")!;
    const values = members.map((m) => m.monthly.variables.get("hectares")!.get("VRAEM")![0]);
    expect(vraem.mean[0]).toBeCloseTo((values[0] + values[1] + values[2]) / 3, 9);
    expect(vraem.p50[0]).toBe([...values].sort((a, b) => a - b)[1]);
    expect(vraem.p5[0]).toBeCloseTo(
      Math.min(...values) + 0.1 * ([...values].sort((a, b) => a - b)[1] - Math.min(...values)),
      9,
    );
    const flow = members.reduce((sum, m) => sum + m.flows.flowKg[0], 0) / 3;
    expect(result.flows.flowKg[0]).toBeCloseTo(flow, 9);
    expect(() => acc.add(1, members[1])).toThrow(/twice/);
    expect(() => acc.finish()).toThrow(/already/);
  });

  it("reads the means out of an ensemble year by dotted path", () => {
    const members = [1, 2].map((seed) => fakeSimulate({ ...scenario, seed }));
    const year = summariseEnsemble(members.map((m) => m.summary)).years[0];
    const means = flattenMeans(year);
    const flat = members.map((m) => flattenYear(m.summary.years[0]));
    expect([...means.keys()]).toEqual([...flat[0].keys()]);
    for (const [path, mean] of means)
      expect(mean).toBeCloseTo((flat[0].get(path)! + flat[1].get(path)!) / 2, 9);
  });

  it("refuses to finish before every member is in", () => {
    const acc = createEnsembleAccumulator(2);
    acc.add(1, fakeSimulate(scenario));
    expect(() => acc.finish()).toThrow(/0 of its 2/);
  });
});

describe("createMemoryResultStore", () => {
  const info = (id: string) => ({ id }) as RunInfo;

  it("evicts the least recently used run", () => {
    const store = createMemoryResultStore(2);
    store.put({ info: info("a") });
    store.put({ info: info("b") });
    store.get("a");
    store.put({ info: info("c") });
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")?.info.id).toBe("a");
    expect(store.list(10).map((i) => i.id)).toEqual(["a", "c"]);
    expect(store.size).toBe(2);
  });

  it("refuses a limit below 1", () => {
    expect(() => createMemoryResultStore(0)).toThrow();
  });
});
