/**
 * The RunStore conformance suite: every adapter must pass it. `createFixture`
 * makes a fresh, empty store location (a temporary SQLite file, a new Postgres
 * schema) and returns its URL for `openStore` and a `dispose` that removes it.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { summariseEnsemble } from "../../src/ensemble/summarise.ts";
import type { MonthlySeries, Summary } from "../../src/model/results.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import {
  cachedSimulate,
  type EnsembleMonthly,
  type EnsembleResultRecord,
  ensembleId,
  ensembleKey,
  experimentId,
  experimentKey,
  ID_LENGTH,
  memberRunKeys,
  missingSeeds,
  openStore,
  type RunKey,
  type RunRecord,
  type RunStore,
  runId,
  runKey,
  type SeriesStats,
} from "../../src/store/index.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";

export interface StoreFixture {
  /** A URL for openStore pointing at a fresh, empty store. */
  readonly url: string;
  /** Removes the store (its file, its schema). */
  dispose(): Promise<void>;
}

const VERSION = "1.2.3-test";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CRASH_WRITER = fileURLToPath(new URL("./crash-writer.ts", import.meta.url));

/** A scenario with this seed (and name), and its full record. */
function record(seed: number, name = "fake", options: { series?: boolean } = {}): RunRecord {
  const scenario = fakeScenario({ name, seed });
  const result = fakeSimulate(scenario);
  return options.series === false ? { scenario, summary: result.summary } : { scenario, ...result };
}

function keyOf(rec: RunRecord, version = VERSION): RunKey {
  return runKey(version, rec.scenario);
}

function withNaN(summary: Summary): Summary {
  const [first, ...rest] = summary.years;
  return { ...summary, years: [{ ...first, arrests: Number.NaN }, ...rest] };
}

function seriesEntries(monthly: MonthlySeries): [string, string, number[]][] {
  const out: [string, string, number[]][] = [];
  for (const [variable, byKey] of monthly.variables) {
    for (const [key, values] of byKey) out.push([variable, key, Array.from(values)]);
  }
  return out;
}

function statsEntries(monthly: EnsembleMonthly): [string, string, number[][]][] {
  return monthly.series.map((s) => [
    s.variable,
    s.key,
    [Array.from(s.mean), Array.from(s.p5), Array.from(s.p50), Array.from(s.p95)],
  ]);
}

/** Aggregated results of an ensemble of the fake model (odd values included, to check they come back). */
function ensembleResult(scenario: ResolvedScenario, seeds: readonly number[]): EnsembleResultRecord {
  const members = seeds.map((seed) => fakeSimulate({ ...scenario, seed }));
  const first = members[0];
  const months = first.monthly.months;
  const series: SeriesStats[] = [];
  for (const [variable, byKey] of first.monthly.variables) {
    for (const key of byKey.keys()) {
      const at = (m: number) => members.map((r) => r.monthly.variables.get(variable)!.get(key)![m]);
      const mean = Float64Array.from(months, (_, m) => at(m).reduce((a, b) => a + b) / members.length);
      series.push({
        variable,
        key,
        mean,
        p5: Float64Array.from(months, (_, m) => Math.min(...at(m))),
        p50: mean.map((v) => v + 1e-300),
        p95: Float64Array.from(months, (_, m) => Math.max(...at(m))),
      });
    }
  }
  const p5 = series[0].p5;
  p5[0] = -0;
  if (p5.length > 1) p5[1] = Number.NaN;
  const n = first.flows.flowKg.length;
  return {
    summary: summariseEnsemble(members.map((r) => r.summary)),
    monthly: { months, series },
    flows: {
      edges: first.flows.edges,
      months,
      flowKg: Float64Array.from(
        { length: n },
        (_, i) => members.reduce((a, r) => a + r.flows.flowKg[i], 0) / 3,
      ),
      seizedKg: Float64Array.from({ length: n }, (_, i) =>
        members.reduce((a, r) => a + r.flows.seizedKg[i], 0),
      ),
    },
  };
}

function runCrashWriter(
  url: string,
  definition: string,
): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CRASH_WRITER, url, VERSION, definition], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`crash writer ended with ${code}/${signal}: ${stderr}`));
      else resolve({ code, signal });
    });
  });
}

export function runConformance(label: string, createFixture: () => Promise<StoreFixture>): void {
  describe(`RunStore conformance: ${label}`, () => {
    const fixtures: StoreFixture[] = [];
    const stores: RunStore[] = [];

    /** A fresh store, closed and removed after the test. */
    async function fresh(): Promise<{ store: RunStore; url: string; reopen: () => Promise<RunStore> }> {
      const fixture = await createFixture();
      fixtures.push(fixture);
      const open = async () => {
        const store = await openStore(fixture.url);
        stores.push(store);
        return store;
      };
      return { store: await open(), url: fixture.url, reopen: open };
    }

    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      for (const fixture of fixtures.splice(0)) await fixture.dispose();
    });

    it("starts empty", async () => {
      const { store } = await fresh();
      const rec = record(1);
      expect(await store.listRuns()).toEqual([]);
      expect(await store.listEnsembles()).toEqual([]);
      expect(await store.listExperiments()).toEqual([]);
      expect(await store.getRun(keyOf(rec))).toBeUndefined();
      expect(await store.getRun("000000000000")).toBeUndefined();
      expect(await store.hasRuns([keyOf(rec)])).toEqual([false]);
      expect(await store.hasRuns([])).toEqual([]);
      expect(await store.getEnsemble("000000000000")).toBeUndefined();
      expect(await store.getExperiment("000000000000")).toBeUndefined();
      expect(await store.findIds("0")).toEqual([]);
    });

    it("stores a run and gives back the same scenario and summary, by key and by short id", async () => {
      const { store } = await fresh();
      const rec = record(7);
      const key = keyOf(rec);
      const id = await store.putRun(key, rec);
      expect(id).toBe(runId(key));
      expect(id).toMatch(new RegExp(`^[0-9a-f]{${ID_LENGTH}}$`));

      const byKey = await store.getRun(key);
      const byId = await store.getRun(id);
      expect(byId).toEqual(byKey);
      expect(byKey).toMatchObject({
        id,
        key,
        scenarioName: "fake",
        from: "2020-01",
        to: "2021-12",
        hasMonthly: true,
        hasFlows: true,
      });
      // Byte for byte: the stored JSON keeps the key order and every digit.
      expect(JSON.stringify(byKey!.summary)).toBe(JSON.stringify(rec.summary));
      expect(JSON.stringify(byKey!.scenario)).toBe(JSON.stringify(rec.scenario));
      // Series only when asked for.
      expect(byKey!.monthly).toBeUndefined();
      expect(byKey!.flows).toBeUndefined();
    });

    it("gives back the monthly series and flows bit for bit when asked", async () => {
      const { store } = await fresh();
      const rec = record(3);
      const odd = Float64Array.from([0.1 + 0.2, -0, 1e-300, Number.MAX_VALUE, Number.NaN, -5e-324]);
      const monthly: MonthlySeries = {
        months: ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06"],
        variables: new Map([
          ["odd values", new Map([["", odd]])],
          ["hectares", new Map([["VRAEM", new Float64Array(6).fill(1.5)]])],
        ]),
      };
      const full = { ...rec, monthly };
      await store.putRun(keyOf(rec), full);
      const got = await store.getRun(keyOf(rec), { series: true });
      expect(got?.monthly?.months).toEqual(monthly.months);
      expect(seriesEntries(got!.monthly!)).toEqual(seriesEntries(monthly));
      expect(Object.is(got!.monthly!.variables.get("odd values")!.get("")![1], -0)).toBe(true);
      expect(got?.flows?.edges).toEqual(rec.flows!.edges);
      expect(got?.flows?.months).toEqual(rec.flows!.months);
      expect(Array.from(got!.flows!.flowKg)).toEqual(Array.from(rec.flows!.flowKg));
      expect(Array.from(got!.flows!.seizedKg)).toEqual(Array.from(rec.flows!.seizedKg));
    });

    it("stores a run without series", async () => {
      const { store } = await fresh();
      const rec = record(4, "fake", { series: false });
      await store.putRun(keyOf(rec), rec);
      const got = await store.getRun(keyOf(rec), { series: true });
      expect(got).toMatchObject({ hasMonthly: false, hasFlows: false });
      expect(got?.monthly).toBeUndefined();
      expect(got?.flows).toBeUndefined();
    });

    it("keeps seeds up to 2^32 - 1", async () => {
      const { store } = await fresh();
      const rec = record(0xffffffff);
      await store.putRun(keyOf(rec), rec);
      const [info] = await store.listRuns();
      expect(info.key.seed).toBe(0xffffffff);
      expect((await store.getRun(keyOf(rec)))?.summary.seed).toBe(0xffffffff);
    });

    it("is idempotent: putting the same key again replaces the record and keeps its place", async () => {
      const { store } = await fresh();
      const a = record(1);
      const b = record(2);
      await store.putRun(keyOf(a), a);
      await store.putRun(keyOf(b), b);
      const before = await store.listRuns();
      await store.putRun(keyOf(a), a);
      expect(await store.listRuns()).toEqual(before);
      // A record without series under the same key (same key, same results) keeps the stored series.
      await store.putRun(keyOf(a), { scenario: a.scenario, summary: a.summary });
      const after = await store.listRuns();
      expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
      expect(after.map((r) => r.seq)).toEqual(before.map((r) => r.seq));
      expect(after[0]).toMatchObject({ hasMonthly: true, hasFlows: true });
      const kept = await store.getRun(keyOf(a), { series: true });
      expect(Array.from(kept!.flows!.flowKg)).toEqual(Array.from(a.flows!.flowKg));
      // ... and a run first stored without series gains them when put again with them.
      const c = record(3);
      await store.putRun(keyOf(c), { scenario: c.scenario, summary: c.summary });
      expect((await store.getRun(keyOf(c)))?.hasMonthly).toBe(false);
      await store.putRun(keyOf(c), c);
      expect((await store.getRun(keyOf(c), { series: true }))?.monthly?.months).toEqual(c.monthly!.months);
    });

    it("keeps runs of other model versions apart", async () => {
      const { store } = await fresh();
      const rec = record(1);
      const v1 = keyOf(rec, "1.0.0");
      const v2 = keyOf(rec, "2.0.0");
      expect(runId(v1)).not.toBe(runId(v2));
      await store.putRun(v1, rec);
      expect(await store.hasRuns([v1, v2])).toEqual([true, false]);
      await store.putRun(v2, rec);
      expect((await store.listRuns()).map((r) => r.key.modelVersion)).toEqual(["1.0.0", "2.0.0"]);
    });

    it("answers hasRuns in the order asked, for many keys", async () => {
      const { store } = await fresh();
      const present = [3, 600, 1100].map((seed) => record(seed, "fake", { series: false }));
      for (const rec of present) await store.putRun(keyOf(rec), rec);
      const keys = Array.from({ length: 1200 }, (_, seed) => keyOf(record(seed, "fake", { series: false })));
      const answer = await store.hasRuns(keys);
      expect(answer.length).toBe(1200);
      expect(answer.flatMap((has, seed) => (has ? [seed] : []))).toEqual([3, 600, 1100]);
    });

    it("lists runs in creation order; limit keeps the most recent; scenario filters by name or hash", async () => {
      const { store } = await fresh();
      const recs = [record(5, "alpha"), record(1, "beta"), record(9, "alpha"), record(2, "gamma")];
      for (const rec of recs)
        await store.putRun(keyOf(rec), { scenario: rec.scenario, summary: rec.summary });
      const all = await store.listRuns();
      expect(all.map((r) => [r.scenarioName, r.key.seed])).toEqual([
        ["alpha", 5],
        ["beta", 1],
        ["alpha", 9],
        ["gamma", 2],
      ]);
      for (let i = 1; i < all.length; i++) expect(all[i].seq).toBeGreaterThan(all[i - 1].seq);
      expect((await store.listRuns({ limit: 2 })).map((r) => r.key.seed)).toEqual([9, 2]);
      expect(await store.listRuns({ limit: 0 })).toEqual([]);
      expect((await store.listRuns({ scenario: "alpha" })).map((r) => r.key.seed)).toEqual([5, 9]);
      expect((await store.listRuns({ scenario: "alpha", limit: 1 })).map((r) => r.key.seed)).toEqual([9]);
      const hash = keyOf(recs[1]).scenarioHash;
      expect((await store.listRuns({ scenario: hash })).map((r) => r.scenarioName)).toEqual(["beta"]);
      expect(await store.listRuns({ scenario: "nope" })).toEqual([]);
      await expect(store.listRuns({ limit: -1 })).rejects.toThrow(/limit/);
    });

    it("rejects a run whose seed is not the key's, or with a non-finite figure, and stores nothing", async () => {
      const { store } = await fresh();
      const rec = record(1);
      await expect(store.putRun({ ...keyOf(rec), seed: 2 }, rec)).rejects.toThrow(/seed/);
      await expect(store.putRun(keyOf(rec), { ...rec, summary: withNaN(rec.summary) })).rejects.toThrow(
        /non-finite/,
      );
      await expect(store.putRun({ ...keyOf(rec), modelVersion: "" }, rec)).rejects.toThrow(/version/);
      expect(await store.listRuns()).toEqual([]);
    });

    it("cachedSimulate computes once, then answers from the store", async () => {
      const { store } = await fresh();
      const rec = record(11);
      let calls = 0;
      const compute = () => {
        calls++;
        return rec;
      };
      const first = await cachedSimulate(store, keyOf(rec), compute);
      const second = await cachedSimulate(store, keyOf(rec), async () => compute());
      expect(calls).toBe(1);
      expect(first).toEqual({ id: runId(keyOf(rec)), summary: rec.summary, cached: false });
      expect(second).toEqual({ id: runId(keyOf(rec)), summary: rec.summary, cached: true });
      // A failing computation stores nothing.
      const other = record(12);
      await expect(
        cachedSimulate(store, keyOf(other), () => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.hasRuns([keyOf(other)])).toEqual([false]);
    });

    it("survives concurrent writers of the same key", async () => {
      const { store, reopen } = await fresh();
      const other = await reopen();
      const recs = Array.from({ length: 6 }, (_, i) => record(i % 3, "fake", { series: false }));
      await Promise.all(recs.map((rec, i) => (i % 2 === 0 ? store : other).putRun(keyOf(rec), rec)));
      expect((await store.listRuns()).map((r) => r.key.seed).sort()).toEqual([0, 1, 2]);
    });

    it("stores ensembles, updates their status, and says which seeds are missing", async () => {
      const { store } = await fresh();
      const scenario: ResolvedScenario = fakeScenario({ name: "ens", seed: 100 });
      const seeds = [100, 101, 102, 103];
      const key = ensembleKey(VERSION, scenario, seeds);
      // The seed is not part of an ensemble's scenario hash.
      expect(ensembleKey(VERSION, { ...scenario, seed: 5 }, seeds)).toEqual(key);
      const id = await store.putEnsemble(key, { scenario, status: "running" });
      expect(id).toBe(ensembleId(key));
      expect(await missingSeeds(store, key)).toEqual(seeds);

      const members = memberRunKeys(VERSION, scenario, seeds);
      for (const i of [0, 2]) {
        const member = { ...scenario, seed: seeds[i] };
        await store.putRun(members[i], { scenario: member, summary: fakeSimulate(member).summary });
      }
      expect(await missingSeeds(store, id)).toEqual([101, 103]);

      const stored = await store.getEnsemble(key);
      expect(stored).toEqual({
        id,
        key,
        scenarioName: "ens",
        from: "2020-01",
        to: "2021-12",
        status: "running",
        seq: stored!.seq,
        scenario,
        hasResult: false,
      });
      expect(await store.getEnsemble(id)).toEqual(stored);
      expect(await store.getEnsemble(id, { result: true })).toEqual(stored);

      await store.putEnsemble(key, { scenario, status: "complete" });
      const list = await store.listEnsembles();
      expect(list.map((e) => [e.id, e.status, e.seq])).toEqual([[id, "complete", stored!.seq]]);

      const other = ensembleKey(VERSION, fakeScenario({ name: "other" }), [1, 2]);
      await store.putEnsemble(other, { scenario: fakeScenario({ name: "other" }), status: "pending" });
      expect((await store.listEnsembles()).map((e) => e.scenarioName)).toEqual(["ens", "other"]);
      expect((await store.listEnsembles({ limit: 1 })).map((e) => e.scenarioName)).toEqual(["other"]);
      expect((await store.listEnsembles({ scenario: "ens" })).map((e) => e.id)).toEqual([id]);
      await expect(missingSeeds(store, "ffffffffffff")).rejects.toThrow(/no ensemble/);
    });

    it("stores an ensemble's aggregated results bit for bit, and keeps them through status updates", async () => {
      const { store, reopen } = await fresh();
      const scenario = fakeScenario({ name: "agg", seed: 5 });
      const seeds = [5, 6, 7];
      const key = ensembleKey(VERSION, scenario, seeds);
      const result = ensembleResult(scenario, seeds);
      const id = await store.putEnsemble(key, { scenario, status: "complete", result });
      const listed = await store.listEnsembles();
      expect(listed.map((e) => [e.id, e.hasResult])).toEqual([[id, true]]);
      expect(listed[0].result).toBeUndefined();
      expect((await store.getEnsemble(id))?.result).toBeUndefined();

      const check = async (s: RunStore) => {
        const got = await s.getEnsemble(key, { result: true });
        expect(got?.hasResult).toBe(true);
        expect(JSON.stringify(got!.result!.summary)).toBe(JSON.stringify(result.summary));
        expect(got!.result!.monthly.months).toEqual(result.monthly.months);
        expect(statsEntries(got!.result!.monthly)).toEqual(statsEntries(result.monthly));
        expect(Object.is(got!.result!.monthly.series[0].p5[0], -0)).toBe(true);
        expect(got!.result!.flows.edges).toEqual(result.flows.edges);
        expect(Array.from(got!.result!.flows.flowKg)).toEqual(Array.from(result.flows.flowKg));
        expect(Array.from(got!.result!.flows.seizedKg)).toEqual(Array.from(result.flows.seizedKg));
      };
      await check(store);
      // A status update without results (what the queue executor writes) keeps them.
      await store.putEnsemble(key, { scenario, status: "running" });
      expect((await store.getEnsemble(id))?.status).toBe("running");
      await check(store);
      await check(await reopen());

      // The result must summarise as many runs as the key has seeds; nothing is written otherwise.
      const other = ensembleKey(VERSION, fakeScenario({ name: "short" }), [1, 2]);
      await expect(
        store.putEnsemble(other, { scenario: fakeScenario({ name: "short" }), status: "complete", result }),
      ).rejects.toThrow(/3 runs, the key has 2 seeds/);
      expect(await store.getEnsemble(other)).toBeUndefined();
    });

    it("keeps the server's runs: put, replace in place, get and list newest last", async () => {
      const { store, reopen } = await fresh();
      expect(await store.listServerRuns()).toEqual([]);
      expect(await store.getServerRun("nope")).toBeUndefined();
      const rec = record(8);
      const runShortId = await store.putRun(keyOf(rec), rec);
      const uuid = "0b7c2d9e-5f4a-4c1b-9d3e-2a1f0e9b8c7d";
      await store.putServerRun({ id: uuid, kind: "run", status: "running", info: { id: uuid, n: 1 } });
      await store.putServerRun({ id: "second", kind: "ensemble", status: "failed", info: { why: "boom" } });
      const first = await store.getServerRun(uuid);
      expect(first).toEqual({
        id: uuid,
        kind: "run",
        status: "running",
        info: { id: uuid, n: 1 },
        seq: first!.seq,
      });
      // Finished: the same id again, now with its results' id; its place in the list is kept.
      await store.putServerRun({
        id: uuid,
        kind: "run",
        status: "done",
        resultId: runShortId,
        info: { id: uuid, n: 2, nested: [1.5, "x", null] },
      });
      const list = await store.listServerRuns();
      expect(list.map((r) => [r.id, r.status, r.resultId])).toEqual([
        [uuid, "done", runShortId],
        ["second", "failed", undefined],
      ]);
      expect(list[0].seq).toBe(first!.seq);
      expect(list[1].seq).toBeGreaterThan(list[0].seq);
      expect((await store.listServerRuns({ limit: 1 })).map((r) => r.id)).toEqual(["second"]);
      expect((await (await reopen()).getServerRun(uuid))?.info).toEqual({
        id: uuid,
        n: 2,
        nested: [1.5, "x", null],
      });
      // Server runs are not stored runs: ids and listings of runs are unchanged.
      expect((await store.listRuns()).map((r) => r.id)).toEqual([runShortId]);
    });

    it("rejects bad server runs and stores nothing", async () => {
      const { store } = await fresh();
      const ok = { id: "a", kind: "run" as const, status: "done", info: {} };
      await expect(store.putServerRun({ ...ok, id: "" })).rejects.toThrow(/id/);
      await expect(store.putServerRun({ ...ok, id: "x".repeat(201) })).rejects.toThrow(/id/);
      await expect(store.putServerRun({ ...ok, kind: "batch" as unknown as "run" })).rejects.toThrow(/kind/);
      await expect(store.putServerRun({ ...ok, status: "" })).rejects.toThrow(/status/);
      await expect(store.putServerRun({ ...ok, resultId: "../etc" })).rejects.toThrow(/result id/);
      await expect(store.putServerRun({ ...ok, info: { x: Number.NaN } })).rejects.toThrow(/non-finite/);
      await expect(store.listServerRuns({ limit: -1 })).rejects.toThrow(/limit/);
      expect(await store.listServerRuns()).toEqual([]);
    });

    it("rejects bad ensembles", async () => {
      const { store } = await fresh();
      const scenario = fakeScenario();
      await expect(
        store.putEnsemble(ensembleKey(VERSION, scenario, []), { scenario, status: "running" }),
      ).rejects.toThrow(/at least one seed/);
      await expect(
        store.putEnsemble(ensembleKey(VERSION, scenario, [1, 1]), { scenario, status: "running" }),
      ).rejects.toThrow(/distinct/);
      await expect(
        store.putEnsemble(ensembleKey(VERSION, scenario, [1]), {
          scenario,
          status: "done" as unknown as "complete",
        }),
      ).rejects.toThrow(/status/);
      expect(await store.listEnsembles()).toEqual([]);
    });

    it("stores experiments with their design rows and outcomes, and records outcomes as they come", async () => {
      const { store } = await fresh();
      const definition = { name: "sobol", parameters: { a: [0, 1], b: [2, 3] }, n: 4 };
      const key = experimentKey(VERSION, definition);
      // The key does not depend on the order of keys in the definition.
      expect(experimentKey(VERSION, { n: 4, parameters: { b: [2, 3], a: [0, 1] }, name: "sobol" })).toEqual(
        key,
      );
      const design = [
        { a: 0.1, b: 2.5 },
        { a: 0.7, b: 2.25 },
        { a: 0.3, b: 2.75 },
      ];
      const id = await store.putExperiment(key, {
        name: "sobol",
        definition,
        design,
        outcomes: [{ hectares: 60000.5 }],
        status: "running",
      });
      expect(id).toBe(experimentId(key));
      const stored = await store.getExperiment(key);
      expect(stored).toEqual({
        id,
        key,
        name: "sobol",
        status: "running",
        rows: 3,
        done: 1,
        seq: stored!.seq,
        definition,
        design,
        outcomes: [{ hectares: 60000.5 }, null, null],
      });

      await store.setExperimentOutcomes(id, [
        { index: 2, outcome: { hectares: 1 } },
        { index: 1, outcome: [1, 2, 3] },
      ]);
      expect((await store.getExperiment(id))?.outcomes).toEqual([
        { hectares: 60000.5 },
        [1, 2, 3],
        { hectares: 1 },
      ]);
      await store.setExperimentOutcomes(key, [{ index: 0, outcome: null }], "complete");
      const after = await store.getExperiment(key);
      expect(after).toMatchObject({ status: "complete", done: 2 });
      expect(after?.outcomes[0]).toBeNull();

      const list = await store.listExperiments();
      expect(list).toEqual([
        { id, key, name: "sobol", status: "complete", rows: 3, done: 2, seq: stored!.seq },
      ]);
    });

    it("records a batch of outcomes all or nothing", async () => {
      const { store } = await fresh();
      const key = experimentKey(VERSION, { x: 1 });
      await store.putExperiment(key, {
        name: "x",
        definition: { x: 1 },
        design: [1, 2, 3],
        status: "running",
      });
      await expect(
        store.setExperimentOutcomes(
          key,
          [
            { index: 0, outcome: 10 },
            { index: 3, outcome: 40 },
          ],
          "complete",
        ),
      ).rejects.toThrow(/no design row 3/);
      await expect(
        store.setExperimentOutcomes(key, [
          { index: 1, outcome: 10 },
          { index: 2, outcome: Number.POSITIVE_INFINITY },
        ]),
      ).rejects.toThrow(/non-finite/);
      expect(await store.getExperiment(key)).toMatchObject({
        status: "running",
        done: 0,
        outcomes: [null, null, null],
      });
      await expect(store.setExperimentOutcomes("ffffffffffff", [{ index: 0, outcome: 1 }])).rejects.toThrow(
        /no experiment/,
      );
    });

    it("replaces an experiment whole, and a failed write leaves the previous version", async () => {
      const { store } = await fresh();
      const key = experimentKey(VERSION, { big: true });
      const design = Array.from({ length: 1200 }, (_, i) => ({ i, x: i / 7 }));
      await store.putExperiment(key, { name: "big", definition: { big: true }, design, status: "complete" });
      const before = await store.getExperiment(key);
      expect(before?.rows).toBe(1200);

      // Row 1100 is bad: rows 0..999 are already written inside the transaction when it fails.
      const bad = design.map((row, i) => (i === 1100 ? { i, x: Number.NaN } : row));
      await expect(
        store.putExperiment(key, {
          name: "big v2",
          definition: { big: true },
          design: bad,
          status: "running",
        }),
      ).rejects.toThrow(/design row 1100/);
      expect(await store.getExperiment(key)).toEqual(before);

      // A new experiment that fails leaves nothing behind.
      const fresh2 = experimentKey(VERSION, { fresh: true });
      await expect(
        store.putExperiment(fresh2, {
          name: "f",
          definition: { fresh: true },
          design: bad,
          status: "running",
        }),
      ).rejects.toThrow(/non-finite/);
      expect(await store.getExperiment(fresh2)).toBeUndefined();
      expect((await store.listExperiments()).map((e) => e.name)).toEqual(["big"]);

      // A smaller replacement drops the rows it no longer has.
      await store.putExperiment(key, {
        name: "small",
        definition: { big: true },
        design: [1, 2],
        outcomes: [3],
        status: "running",
      });
      expect(await store.getExperiment(key)).toMatchObject({
        name: "small",
        rows: 2,
        done: 1,
        seq: before!.seq,
        design: [1, 2],
        outcomes: [3, null],
      });
      await expect(
        store.putExperiment(key, {
          name: "x",
          definition: {},
          design: [1],
          outcomes: [1, 2],
          status: "running",
        }),
      ).rejects.toThrow(/2 outcomes for 1 design rows/);
    });

    it("finds runs, ensembles and experiments by id prefix", async () => {
      const { store } = await fresh();
      const rec = record(1);
      const run = await store.putRun(keyOf(rec), rec);
      const ens = await store.putEnsemble(ensembleKey(VERSION, rec.scenario, [1]), {
        scenario: rec.scenario,
        status: "pending",
      });
      const exp = await store.putExperiment(experimentKey(VERSION, 1), {
        name: "e",
        definition: 1,
        design: [],
        status: "pending",
      });
      expect(await store.findIds(run)).toEqual([{ kind: "run", id: run }]);
      expect(await store.findIds(ens.slice(0, 8).toUpperCase())).toEqual([{ kind: "ensemble", id: ens }]);
      expect(await store.findIds(exp.slice(0, 6))).toEqual([{ kind: "experiment", id: exp }]);
      expect((await store.findIds("")).length).toBe(0);
      expect(await store.findIds("%")).toEqual([]);
      expect(await store.findIds("zz")).toEqual([]);
      const firstDigits = new Set([run[0], ens[0], exp[0]]);
      let all = 0;
      for (const digit of firstDigits) all += (await store.findIds(digit)).length;
      expect(all).toBe(3);
    });

    it("keeps everything across close and reopen (migrations run once)", async () => {
      const { store, reopen } = await fresh();
      const rec = record(21);
      await store.putRun(keyOf(rec), rec);
      const xk = experimentKey(VERSION, "d");
      await store.putExperiment(xk, { name: "d", definition: "d", design: [1], status: "pending" });
      await store.close();
      await expect(store.listRuns()).rejects.toThrow(/closed/);
      await store.close(); // a second close is harmless

      const again = await reopen();
      expect((await again.getRun(keyOf(rec), { series: true }))?.flows?.flowKg.length).toBe(
        rec.flows!.flowKg.length,
      );
      expect((await again.getExperiment(xk))?.design).toEqual([1]);
      const third = await reopen();
      expect((await third.listRuns()).length).toBe(1);
    });

    it("leaves no partial record when the writing process is killed half-way", async () => {
      const { store, url } = await fresh();
      const key = experimentKey(VERSION, "crash");
      await store.putExperiment(key, {
        name: "before",
        definition: "crash",
        design: [1, 2, 3],
        status: "complete",
      });
      const before = await store.getExperiment(key);
      // The child rewrites the experiment with 2,000 rows and kills itself with SIGKILL
      // while serialising row 1,500, after 1,500 rows went to the database uncommitted.
      const result = await runCrashWriter(url, "crash");
      expect(result.signal).toBe("SIGKILL");
      expect(await store.getExperiment(key)).toEqual(before);
      const other = await openStore(url);
      stores.push(other);
      expect(await other.getExperiment(key)).toEqual(before);
      expect(await other.listExperiments()).toEqual([
        { id: before!.id, key, name: "before", status: "complete", rows: 3, done: 0, seq: before!.seq },
      ]);
      // The run the child put before it started the experiment is there, whole.
      const runs = await other.listRuns();
      expect(runs.map((r) => r.scenarioName)).toEqual(["crash-writer"]);
      expect((await other.getRun(runs[0].id, { series: true }))?.monthly?.months.length).toBe(24);
    }, 60_000);
  });
}
