/**
 * The server's runs kept in the results store (src/server/run-store.ts): every
 * answer of the API for a run is the same after a restart, the command line sees
 * the runs, a stored run is read back instead of simulated, and `cocasim serve`
 * opens the default store (or says why it cannot).
 */
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ServeDeps, serveCommand } from "../../src/cli/commands/serve.ts";
import { runCli } from "../../src/cli/program.ts";
import type { DefaultStore } from "../../src/cli/types.ts";
import { CliError } from "../../src/cli/types.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import { createApp } from "../../src/server/app.ts";
import { startServer } from "../../src/server/node.ts";
import { createInlineExecutor, createLocalQueue } from "../../src/server/queue.ts";
import { createRunStoreResultStore, storedExecutor } from "../../src/server/run-store.ts";
import type { RunInfo } from "../../src/server/types.ts";
import { openStore } from "../../src/store/open.ts";
import { memberRunKeys, runKey } from "../../src/store/store.ts";
import { fakeDeps, tempDir } from "../cli/fakes.ts";
import { errorOf, fake, get, runToEnd, type Simulate } from "./helpers.ts";

const VERSION = "9.9.9-test";
let dir: { path: string; cleanup: () => void };
let path: string;
beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, "server", "store.db");
});
afterEach(() => dir.cleanup());

/** The app on an inline queue over the results store at `path`; close() stops both. */
async function storedApp(simulate: Simulate = fake, prefix = "run") {
  const store = await openStore(path);
  const kept = createRunStoreResultStore(store, VERSION);
  const queue = createLocalQueue({
    executor: storedExecutor(createInlineExecutor(simulate), store, VERSION),
  });
  let n = 0;
  const app = createApp({ queue, store: kept, version: VERSION, newId: () => `${prefix}-${++n}` });
  return {
    app,
    close: async () => {
      await queue.close();
      await kept.close();
    },
  };
}

/** Every body the API returns about the runs, by path. */
async function answers(app: ReturnType<typeof createApp>, paths: readonly string[]) {
  const out: Record<string, { status: number; body: string }> = {};
  for (const p of paths) {
    const r = await get(app, p);
    out[p] = { status: r.status, body: await r.text() };
  }
  return out;
}

describe("the server's runs in the results store", () => {
  it("answers the same for a run and an ensemble after a restart, and the command line sees them", async () => {
    const first = await storedApp();
    const single = await runToEnd(first.app, { scenario: "peru", to: "2018-06" });
    const ensemble = await runToEnd(first.app, { scenario: "peru", to: "2018-06", runs: 3 });
    expect([single.info.status, ensemble.info.status]).toEqual(["done", "done"]);
    const paths = [
      "/api/runs",
      ...[single.id, ensemble.id].flatMap((id) => [
        `/api/runs/${id}`,
        `/api/runs/${id}/summary`,
        `/api/runs/${id}/monthly`,
        `/api/runs/${id}/monthly?format=csv`,
        `/api/runs/${id}/monthly?variable=hectares`,
        `/api/runs/${id}/flows`,
        `/api/runs/${id}/flows?format=csv`,
      ]),
      `/api/compare?baseline=${single.id}&policy=${ensemble.id}`,
    ];
    const before = await answers(first.app, paths);
    for (const [p, answer] of Object.entries(before)) expect(answer.status, p).toBe(200);
    await first.close();

    const second = await storedApp();
    try {
      expect(await answers(second.app, paths)).toEqual(before);
      const listed = JSON.parse(before["/api/runs"].body) as { runs: RunInfo[] };
      expect(listed.runs.map((r) => [r.id, r.kind])).toEqual([
        [ensemble.id, "ensemble"],
        [single.id, "single"],
      ]);
      const events = await (await get(second.app, `/api/runs/${single.id}/events`)).text();
      expect(events).toMatch(/^event: done/m);
    } finally {
      await second.close();
    }

    // The command line sees the single run (with its series), the ensemble and its members.
    const store = await openStore(path);
    try {
      const loaded = loadBuiltin("peru", { to: 2018 * 12 + 5 });
      if (!loaded.ok) throw new Error("peru");
      const run = await store.getRun(runKey(VERSION, loaded.scenario));
      expect(run).toMatchObject({ scenarioName: "peru", hasMonthly: true, hasFlows: true });
      const [stored] = await store.listEnsembles();
      expect(stored).toMatchObject({ scenarioName: "peru", status: "complete", hasResult: true });
      expect(stored.key.seeds.length).toBe(3);
      const members = await store.hasRuns(memberRunKeys(VERSION, stored.scenario, stored.key.seeds));
      expect(members).toEqual([true, true, true]);
    } finally {
      await store.close();
    }
    const deps = fakeDeps();
    expect(await runCli(["runs", "--store", path, "--json"], deps)).toBe(0);
    const listing = JSON.parse(deps.stdout.text) as { runs: unknown[]; ensembles: { runs: number }[] };
    expect(listing.runs.length).toBe(4);
    expect(listing.ensembles.map((e) => e.runs)).toEqual([3]);
  });

  it("reads a stored run back instead of simulating it", async () => {
    let calls = 0;
    const counting: Simulate = (scenario, options) => {
      calls++;
      return fake(scenario, options);
    };
    const first = await storedApp(counting, "a");
    const a = await runToEnd(first.app, { scenario: "peru", to: "2018-03", seed: 5 });
    await first.close();
    expect(calls).toBe(1);

    const second = await storedApp(counting, "b");
    try {
      const b = await runToEnd(second.app, { scenario: "peru", to: "2018-03", seed: 5 });
      expect(b.info.status).toBe("done");
      expect(calls).toBe(1);
      const [x, y] = await Promise.all(
        [a.id, b.id].map(async (id) => (await get(second.app, `/api/runs/${id}/flows?format=csv`)).text()),
      );
      expect(y).toBe(x);
      // Another seed is another run.
      await runToEnd(second.app, { scenario: "peru", to: "2018-03", seed: 6 });
      expect(calls).toBe(2);
    } finally {
      await second.close();
    }
  });

  it("keeps failed runs, and reports a run whose results left the store as failed", async () => {
    const failing: Simulate = () => {
      throw new Error("the model broke");
    };
    const first = await storedApp(failing, "f");
    const failed = await runToEnd(first.app, { scenario: "peru", to: "2018-03" });
    expect(failed.info.status).toBe("failed");
    await first.close();

    const second = await storedApp(fake, "g");
    const done = await runToEnd(second.app, { scenario: "peru", to: "2018-03" });
    await second.close();
    // Someone deletes the stored runs by hand.
    const db = new SqliteDatabase(path);
    db.prepare("delete from runs").run();
    db.close();

    const third = await storedApp();
    try {
      const r = await get(third.app, `/api/runs/${failed.id}`);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({
        status: "failed",
        error: { code: "simulation_failed", message: "the model broke" },
      });
      const gone = await get(third.app, `/api/runs/${done.id}/summary`);
      expect(gone.status).toBe(409);
      expect(await errorOf(gone)).toMatchObject({
        code: "run_failed",
        message: expect.stringContaining("no longer in the store"),
      });
      expect((await get(third.app, "/api/runs/nope")).status).toBe(404);
    } finally {
      await third.close();
    }
  });
});

describe("startServer with a results store", () => {
  it("keeps runs across a restart of the real server", async () => {
    const options = { port: 0, executor: "inline" as const, storeUrl: path, version: VERSION, log: () => {} };
    const first = await startServer(options);
    let id: string;
    try {
      const post = await fetch(new URL("/api/runs", first.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scenario: "peru", to: "2018-02" }),
      });
      expect(post.status).toBe(202);
      id = ((await post.json()) as { id: string }).id;
      await (await fetch(new URL(`/api/runs/${id}/events`, first.url))).text();
    } finally {
      await first.close();
    }
    const second = await startServer(options);
    try {
      const info = (await (await fetch(new URL(`/api/runs/${id}`, second.url))).json()) as RunInfo;
      expect(info).toMatchObject({ id, status: "done", kind: "single" });
      const summary = await fetch(new URL(`/api/runs/${id}/summary`, second.url));
      expect(summary.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("fails with a StoreOpenError when the store cannot be opened", async () => {
    await expect(
      startServer({ port: 0, executor: "inline", storeUrl: dir.path, log: () => {} }),
    ).rejects.toMatchObject({ name: "StoreOpenError", message: expect.stringContaining(dir.path) });
  });
});

describe("cocasim serve and the store", () => {
  function fakeServe(failStore: (store: string | undefined) => boolean = () => false) {
    const calls: { store?: string }[] = [];
    let stop: (signal: string) => void = () => {};
    const serve: ServeDeps = {
      async startServer(o) {
        calls.push(o);
        if (failStore(o.store)) {
          throw Object.assign(new Error(`cannot open the store ${o.store}: no`), { name: "StoreOpenError" });
        }
        return { url: "http://127.0.0.1:1/", close: async () => {} };
      },
      waitForStop: () =>
        new Promise((resolve) => {
          stop = resolve;
        }),
    };
    return { serve, calls, stop: (signal: string) => stop(signal) };
  }

  async function serveOnce(
    store: DefaultStore | undefined,
    options: { store?: string | false },
    failStore?: (store: string | undefined) => boolean,
  ) {
    const deps = fakeDeps({ overrides: store ? { defaultStore: () => store } : {} });
    const fake = fakeServe(failStore);
    const done = serveCommand(deps, { port: 0, host: "127.0.0.1", ...options }, fake.serve);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.stop("SIGINT");
    return { code: await done, calls: fake.calls, err: deps.stderr.text };
  }

  it("uses the default store, --store, or memory", async () => {
    const store: DefaultStore = { url: path, source: "default" };
    const byDefault = await serveOnce(store, {});
    expect(byDefault.calls.map((c) => c.store)).toEqual([path]);
    expect(byDefault.err).toContain(`Runs are kept in ${path}.`);
    const named = await serveOnce(store, { store: "postgres://u@h/db" });
    expect(named.calls.map((c) => c.store)).toEqual(["postgres://u@h/db"]);
    for (const option of ["memory", false] as const) {
      const memory = await serveOnce(store, { store: option });
      expect(memory.calls.map((c) => c.store)).toEqual([undefined]);
      expect(memory.err).toContain("Runs are kept in memory");
    }
  });

  it("serves with runs in memory when the default store cannot be opened, and fails for a named one", async () => {
    const fallback = await serveOnce({ url: path, source: "default" }, {}, (s) => s !== undefined);
    expect(fallback.code).toBe(0);
    expect(fallback.calls.map((c) => c.store)).toEqual([path, undefined]);
    expect(fallback.err).toMatch(/warning: cannot open the store .*; runs are kept in memory only/);

    const deps = fakeDeps({ overrides: { defaultStore: () => ({ url: path, source: "environment" }) } });
    const failing = serveCommand(deps, { port: 0, host: "127.0.0.1" }, fakeServe(() => true).serve);
    await expect(failing).rejects.toBeInstanceOf(CliError);
    await expect(failing).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining(path) });
  });

  it("refuses a bad --store with exit 2", async () => {
    const deps = fakeDeps();
    expect(await runCli(["serve", "--store", "mysql://db"], deps)).toBe(2);
    expect(deps.stderr.text).toMatch(/unknown kind of store/);
  });
});
