/** The Node adapter: a real server on a free port, files from a directory, simulations in worker threads. */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltin } from "../../src/scenario/index.ts";
import { directoryAssets, startServer } from "../../src/server/node.ts";
import { createWorkerExecutor } from "../../src/server/worker-executor.ts";
import { tempDir } from "../cli/fakes.ts";
import { parseSse } from "./helpers.ts";

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

describe("startServer", () => {
  it("serves /api/health and / on 127.0.0.1, then closes", async () => {
    const server = await startServer({ port: 0, distDir: join(dir.path, "no-such-dir"), log: () => {} });
    try {
      expect(server.host).toBe("127.0.0.1");
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      const health = await fetch(new URL("/api/health", server.url));
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe("ok");
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain("has not been built");
      const missing = await fetch(new URL("/api/missing", server.url));
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("serves a built dashboard from its directory", async () => {
    const dist = join(dir.path, "dist-web");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>dashboard</title>");
    writeFileSync(join(dist, "assets", "index-abc123.js"), "export {};");
    const server = await startServer({ port: 0, distDir: dist, executor: "inline", log: () => {} });
    try {
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("dashboard");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      const js = await fetch(new URL("/assets/index-abc123.js", server.url));
      expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(js.headers.get("cache-control")).toContain("immutable");
      const etag = js.headers.get("etag")!;
      expect(etag).toMatch(/^W\/"/);
      const again = await fetch(new URL("/assets/index-abc123.js", server.url), {
        headers: { "if-none-match": etag },
      });
      expect(again.status).toBe(304);
    } finally {
      await server.close();
    }
  });

  it("refuses to start on a port in use", async () => {
    const first = await startServer({ port: 0, executor: "inline", log: () => {} });
    try {
      await expect(
        startServer({ port: first.port, executor: "inline", log: () => {} }),
      ).rejects.toMatchObject({
        code: "EADDRINUSE",
      });
    } finally {
      await first.close();
    }
  });

  it("runs a short simulation in a worker thread and streams its events over HTTP", async () => {
    const server = await startServer({ port: 0, workers: 1, distDir: dir.path, log: () => {} });
    try {
      const started = await fetch(new URL("/api/runs", server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scenario: "peru", to: "2018-03" }),
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      const events = parseSse(await (await fetch(new URL(`/api/runs/${id}/events`, server.url))).text());
      const last = events.at(-1)!;
      expect(last.event).toBe("done");
      const summary = await fetch(new URL(`/api/runs/${id}/summary`, server.url));
      expect(summary.status).toBe(200);
      const body = (await summary.json()) as { summary: { from: string; to: string } };
      expect(body.summary).toMatchObject({ from: "2018-01", to: "2018-03" });
    } finally {
      await server.close();
    }
  });
});

describe("directoryAssets", () => {
  it("reads files inside the directory only", async () => {
    const root = join(dir.path, "assets-root");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "a.txt"), "inside");
    writeFileSync(join(dir.path, "secret.txt"), "outside");
    symlinkSync(join(dir.path, "secret.txt"), join(root, "link.txt"));
    const assets = directoryAssets(root);
    expect(new TextDecoder().decode((await assets.get("a.txt"))!.body)).toBe("inside");
    expect(await assets.get("../secret.txt")).toBeUndefined();
    expect(await assets.get("link.txt")).toBeUndefined();
    expect(await assets.get("missing.txt")).toBeUndefined();
    expect(await assets.get("")).toBeUndefined();
    expect(await directoryAssets(join(dir.path, "nothing")).get("index.html")).toBeUndefined();
  });
});

describe("createWorkerExecutor", () => {
  const loaded = loadBuiltin("peru", { to: "2018-02" });
  if (!loaded.ok) throw new Error("peru does not load");
  const scenario = loaded.scenario;

  it("runs a simulation in a worker and reports its progress", async () => {
    const executor = createWorkerExecutor({ workers: 1 });
    try {
      const progress: number[] = [];
      const result = await executor.run(
        scenario,
        (done) => progress.push(done),
        new AbortController().signal,
      );
      expect(result.monthly.months).toEqual(["2018-01", "2018-02"]);
      expect(result.monthly.variables).toBeInstanceOf(Map);
      expect(result.flows.flowKg).toBeInstanceOf(Float64Array);
      expect(progress).toEqual([1, 2]);
    } finally {
      await executor.close();
    }
  });

  it("rejects a cancelled run, and runs the next one on a fresh worker", async () => {
    const executor = createWorkerExecutor({ workers: 1 });
    try {
      const controller = new AbortController();
      const cancelled = executor.run(scenario, () => {}, controller.signal);
      controller.abort();
      await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
      // A simulation that throws inside the worker rejects with the error's message.
      const broken = { ...scenario, parameters: null } as unknown as typeof scenario;
      await expect(executor.run(broken, () => {}, new AbortController().signal)).rejects.toThrow(/null/);
      const result = await executor.run(scenario, () => {}, new AbortController().signal);
      expect(result.summary.to).toBe("2018-02");
    } finally {
      await executor.close();
    }
  });

  it("rejects runs after close", async () => {
    const executor = createWorkerExecutor({ workers: 1 });
    await executor.close();
    await expect(executor.run(scenario, () => {}, new AbortController().signal)).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
