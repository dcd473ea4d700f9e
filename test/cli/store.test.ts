/**
 * run, compare and experiment keep their runs in a results store (the default one
 * unless --store or --no-store says otherwise), with fakes and temporary stores: a
 * repeated run is read back, `run --runs N` records its ensemble, a bad store is
 * reported, and --no-store keeps nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultStore } from "../../src/cli/main.ts";
import { runCli } from "../../src/cli/program.ts";
import type { CliDeps, DefaultStore } from "../../src/cli/types.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import { lazyCachedExecutor } from "../../src/store/cached-executor.ts";
import { openStore } from "../../src/store/open.ts";
import { ensembleId, ensembleKey, runId, runKey } from "../../src/store/store.ts";
import { DEFAULT_STORE_PATH } from "../../src/store/url.ts";
import { EXPERIMENT_YAML, experimentSimulate } from "../experiments/helpers.ts";
import { type FakeDeps, fakeDeps, fakeScenario, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
let storePath: string;
beforeEach(() => {
  dir = tempDir();
  storePath = join(dir.path, "kept", "store.db");
});
afterEach(() => dir.cleanup());

/** Fake deps whose default store is `store` and whose ensembles run in process over the store. */
function storeDeps(store: DefaultStore | undefined, overrides: Partial<CliDeps> = {}): FakeDeps {
  const deps: FakeDeps = fakeDeps({
    overrides: {
      ...(store ? { defaultStore: () => store } : {}),
      createStoredExecutor: (_workers, url) =>
        lazyCachedExecutor(
          inlineExecutor({ simulate: (scenario) => deps.simulate(scenario) }),
          () => openStore(url),
          deps.version,
        ),
      ...overrides,
    },
  });
  return deps;
}

async function cli(args: string[], deps: FakeDeps) {
  const code = await runCli(args, deps);
  return { code, out: deps.stdout.text, err: deps.stderr.text };
}

async function inStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(storePath);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const VERSION = "9.9.9-test";

describe("cocasim run keeps its run in the store", () => {
  it("simulates once, keeps the run with its series, and reads it back with the same output", async () => {
    const store: DefaultStore = { url: storePath, source: "default" };
    const first = storeDeps(store);
    const a = join(dir.path, "a");
    const r1 = await cli(["run", "peru", "--out", a], first);
    expect(r1.code).toBe(0);
    expect(first.simulateCalls.length).toBe(1);
    const id = runId(runKey(VERSION, fakeScenario({ name: "peru" })));
    expect(r1.err).toContain(`kept as run ${id} in ${storePath}\n`);

    const second = storeDeps(store);
    const b = join(dir.path, "b");
    const r2 = await cli(["run", "peru", "--out", b], second);
    expect(r2.code).toBe(0);
    expect(second.simulateCalls.length).toBe(0);
    expect(r2.err).toMatch(
      new RegExp(`^read peru from the store \\(run ${id} in .*store\\.db\\): 24 months`),
    );
    expect(r2.out).toBe(r1.out);
    for (const file of readdirSync(a)) {
      expect(readFileSync(join(b, file), "utf8"), file).toBe(readFileSync(join(a, file), "utf8"));
    }
    const run = await inStore((s) => s.getRun(id));
    expect(run).toMatchObject({ hasMonthly: true, hasFlows: true, scenarioName: "peru" });

    // Another seed is another run; --json prints the same summary either way.
    const third = storeDeps(store);
    expect((await cli(["run", "peru", "--seed", "7", "--json"], third)).code).toBe(0);
    expect(third.simulateCalls.map((s) => s.seed)).toEqual([7]);
    const again = storeDeps(store);
    expect((await cli(["run", "peru", "--seed", "7", "--json"], again)).out).toBe(third.stdout.text);
    expect(again.simulateCalls).toEqual([]);
  });

  it("keeps nothing with --no-store, and uses --store over the default", async () => {
    const store: DefaultStore = { url: storePath, source: "default" };
    const none = storeDeps(store);
    expect((await cli(["run", "peru", "--no-store", "--quiet"], none)).code).toBe(0);
    expect(existsSync(storePath)).toBe(false);

    const other = join(dir.path, "other.db");
    const named = storeDeps(store);
    expect((await cli(["run", "peru", "--store", `sqlite:${other}`], named)).code).toBe(0);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(storePath)).toBe(false);
  });

  it("goes on without keeping when the default store cannot be opened, but not a store it was told to use", async () => {
    const blocker = join(dir.path, "blocker");
    writeFileSync(blocker, "a file where the store's directory should be");
    const unopenable = join(blocker, "store.db");

    const fallback = storeDeps({ url: unopenable, source: "default" });
    const r = await cli(["run", "peru"], fallback);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^cocasim: warning: cannot open the store .*blocker.*; the runs are not kept/m);
    expect(r.out).toMatch(/^Scenario fake|^Scenario peru/);
    // Quietly with --quiet.
    const quiet = storeDeps({ url: unopenable, source: "default" });
    expect(await cli(["run", "peru", "--quiet"], quiet)).toMatchObject({ code: 0, err: "" });

    for (const deps of [storeDeps({ url: unopenable, source: "environment" }), storeDeps(undefined)]) {
      const args = deps.defaultStore ? ["run", "peru"] : ["run", "peru", "--store", unopenable];
      const failed = await cli(args, deps);
      expect(failed.code, args.join(" ")).toBe(1);
      expect(failed.err).toMatch(/^cocasim: cannot open the store .*blocker/m);
      expect(failed.err).not.toMatch(/\n\s+at /);
      expect(deps.simulateCalls).toEqual([]);
    }
  });

  it("names COCASIM_STORE or --store when the URL is bad (exit 2, nothing run)", async () => {
    const env = storeDeps({ url: "mysql://db/x", source: "environment" });
    const r = await cli(["run", "peru"], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^cocasim: COCASIM_STORE: unknown kind of store "mysql:\/\/db\/x"/);
    expect(env.simulateCalls).toEqual([]);
    const listing = await cli(["runs"], storeDeps({ url: "mysql://db/x", source: "environment" }));
    expect(listing.code).toBe(2);
    expect(listing.err).toMatch(/^cocasim: COCASIM_STORE: unknown kind of store/);
    const option = await cli(["run", "peru", "--store", "mysql://db/x"], storeDeps(undefined));
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/--store/);
  });

  it("still refuses --backend for a single run", async () => {
    const r = await cli(["run", "peru", "--backend", "redis://q:6379"], storeDeps(undefined));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--backend is for ensembles: add --runs N/);
  });
});

describe("ensembles and comparisons in the store", () => {
  it("records `run --runs N` as an ensemble that runs, export and report take, and repeats it for free", async () => {
    const store: DefaultStore = { url: storePath, source: "default" };
    const first = storeDeps(store);
    const r = await cli(["run", "peru", "--runs", "3", "--json"], first);
    expect(r.code).toBe(0);
    expect(first.simulateCalls.length).toBe(3);
    const seeds = JSON.parse(r.out).seeds as number[];
    const id = ensembleId(ensembleKey(VERSION, fakeScenario({ name: "peru" }), seeds));
    expect(r.err).toContain(`kept in ${storePath} as ensemble peru ${id}\n`);

    const listed = JSON.parse((await cli(["runs", "--json"], storeDeps(store))).out);
    expect(listed.ensembles).toMatchObject([{ id, scenario: "peru", seeds, runs: 3, status: "complete" }]);
    expect(listed.runs.length).toBe(3);

    const exported = await cli(["export", id], storeDeps(store));
    expect(exported.code).toBe(0);
    const seedsOut = new Set(
      exported.out
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => Number(l.split(",")[2])),
    );
    expect([...seedsOut]).toEqual(seeds);
    const html = join(dir.path, "report.html");
    expect((await cli(["report", id.slice(0, 6), "--out", html], storeDeps(store))).code).toBe(0);
    expect(readFileSync(html, "utf8")).toContain(id);

    const again = storeDeps(store);
    const repeat = await cli(["run", "peru", "--runs", "3", "--json"], again);
    expect(repeat.out).toBe(r.out);
    expect(again.simulateCalls).toEqual([]);
    // A larger ensemble runs only the seeds it adds.
    const larger = storeDeps(store);
    expect((await cli(["run", "peru", "--runs", "5", "--json", "--quiet"], larger)).code).toBe(0);
    expect(larger.simulateCalls.length).toBe(2);
  });

  it("records each scenario of a comparison as an ensemble; --no-store keeps nothing", async () => {
    const store: DefaultStore = { url: storePath, source: "default" };
    const policy = join(dir.path, "policy.json");
    writeFileSync(policy, JSON.stringify({ name: "policy", policies: 1 }));
    const deps = storeDeps(store);
    const r = await cli(["compare", "peru", policy, "--runs", "2", "--json"], deps);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/kept in .*store\.db as ensembles peru [0-9a-f]{12}, policy [0-9a-f]{12}\n/);
    const ensembles = await inStore((s) => s.listEnsembles());
    expect(ensembles.map((e) => [e.scenarioName, e.key.seeds.length, e.status])).toEqual([
      ["peru", 2, "complete"],
      ["policy", 2, "complete"],
    ]);

    mkdirSync(join(dir.path, "fresh"));
    const freshStore = join(dir.path, "fresh", "store.db");
    const none = storeDeps({ url: freshStore, source: "default" });
    expect((await cli(["compare", "peru", policy, "--runs", "2", "--no-store"], none)).code).toBe(0);
    expect(none.simulateCalls.length).toBe(4);
    expect(existsSync(freshStore)).toBe(false);
  });

  it("fails with exit 1 before running when a store it was told to use cannot be opened", async () => {
    const blocker = join(dir.path, "blocker");
    writeFileSync(blocker, "x");
    const deps = storeDeps({ url: join(blocker, "s.db"), source: "environment" });
    const r = await cli(["run", "peru", "--runs", "2"], deps);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cocasim: cannot open the store /m);
    expect(deps.simulateCalls).toEqual([]);
  });
});

describe("cocasim experiment and the store", () => {
  it("uses the default store, and runs in memory with --no-store", async () => {
    const file = join(dir.path, "experiment.yaml");
    writeFileSync(file, EXPERIMENT_YAML);
    const simulate = (s: Parameters<CliDeps["simulate"]>[0]) => experimentSimulate(s);
    const kept = storeDeps({ url: storePath, source: "environment" }, { simulate });
    const r = await cli(["experiment", file, "--samples", "4", "--replications", "1", "--json"], kept);
    expect(r.code).toBe(0);
    const id = JSON.parse(r.out).id as string;
    expect((await inStore((s) => s.listExperiments())).map((e) => e.id)).toEqual([id]);

    const other = join(dir.path, "none", "store.db");
    const none = storeDeps({ url: other, source: "default" }, { simulate });
    const n = await cli(["experiment", file, "--samples", "4", "--replications", "1", "--no-store"], none);
    expect(n.code).toBe(0);
    expect(n.err).toContain("nothing was kept (--no-store)");
    expect(existsSync(other)).toBe(false);
  });
});

describe("the default store of the real command", () => {
  it("is COCASIM_STORE when set, else .cocasim/cocasim.db", () => {
    expect(defaultStore({})).toEqual({ url: DEFAULT_STORE_PATH, source: "default" });
    expect(defaultStore({ COCASIM_STORE: "  " })).toEqual({ url: DEFAULT_STORE_PATH, source: "default" });
    expect(defaultStore({ COCASIM_STORE: "postgres://u@h/db" })).toEqual({
      url: "postgres://u@h/db",
      source: "environment",
    });
    expect(DEFAULT_STORE_PATH).toBe(".cocasim/cocasim.db");
  });
});
