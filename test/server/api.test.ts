/** Every endpoint through app.request(): answers, and errors for bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderFlowsCsv, renderMonthlyCsv } from "../../src/cli/outputs.ts";
import { simulate } from "../../src/model/simulate.ts";
import { ZONE_NAMES } from "../../src/model/zones/zones.ts";
import {
  BUILTIN_SCENARIOS,
  builtinNames,
  loadBuiltin,
  scenarioJsonSchema,
} from "../../src/scenario/index.ts";
import { createApp } from "../../src/server/app.ts";
import { ensembleSeeds } from "../../src/server/ensemble.ts";
import type { RunInfo, StaticAssets } from "../../src/server/types.ts";
import { errorOf, fake, get, postJson, postText, runToEnd, type TestApp, testApp } from "./helpers.ts";
import { manualQueue } from "./manual-queue.ts";

const SHORT = { scenario: "peru", to: "2018-06" };

describe("service and scenario endpoints", () => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp({ simulate: fake });
  });
  afterAll(() => t.close());

  it("GET /api/health answers ok with the version", async () => {
    const r = await get(t.app, "/api/health");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ status: "ok", version: "9.9.9-test", runs: { active: 0, limit: 100 } });
  });

  it("GET /api/scenarios lists the built-ins with description and YAML", async () => {
    const r = await get(t.app, "/api/scenarios");
    expect(r.status).toBe(200);
    const body = (await r.json()) as { scenarios: { name: string; description: string; yaml: string }[] };
    expect(body.scenarios.map((s) => s.name)).toEqual(builtinNames());
    const peru = body.scenarios.find((s) => s.name === "peru")!;
    expect(peru.description).toBe(BUILTIN_SCENARIOS.peru.description);
    expect(peru.yaml).toBe(BUILTIN_SCENARIOS.peru.yaml);
  });

  it("GET /api/zones lists every zone with departments, aliases and position", async () => {
    const r = await get(t.app, "/api/zones");
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      zones: { name: string; departments: string[]; aliases: string[]; lat: number; lon: number }[];
      departments: string[];
    };
    expect(body.zones.map((z) => z.name)).toEqual(ZONE_NAMES);
    const vraem = body.zones.find((z) => z.name === "VRAEM")!;
    expect(vraem.departments).toContain("Ayacucho");
    expect(vraem.aliases).toContain("VRAE");
    expect(typeof vraem.lat).toBe("number");
    expect(body.departments).toContain("Cusco");
  });

  it("GET /api/schema is the scenario JSON Schema", async () => {
    const r = await get(t.app, "/api/schema");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it("POST /api/validate accepts a valid scenario", async () => {
    const r = await postText(t.app, "/api/validate", BUILTIN_SCENARIOS.peru.yaml);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      ok: true,
      scenario: { name: "peru", from: "2018-01", to: "2030-12", seed: 20180101, policies: 0, events: 2 },
    });
  });

  it("POST /api/validate accepts JSON text and `extends`", async () => {
    const text = JSON.stringify({
      extends: "peru",
      name: "offensive",
      policies: [{ kind: "military-offensive", from: "2022-01", intensity: 2, where: { zones: ["VRAEM"] } }],
    });
    const r = await postText(t.app, "/api/validate", text, "application/json");
    expect(r.status).toBe(200);
    expect(((await r.json()) as { scenario: { name: string; policies: number } }).scenario).toMatchObject({
      name: "offensive",
      policies: 1,
    });
  });

  it("POST /api/validate reports errors with line, column, path and message (422)", async () => {
    const yaml = "name: bad\npolicies:\n  - kind: eradication\n    from: 2020-01\n    intensity: high\n";
    const r = await postText(t.app, "/api/validate", yaml);
    expect(r.status).toBe(422);
    const error = await errorOf(r);
    expect(error.code).toBe("invalid_scenario");
    const errors = error.details!.errors as { line: number; column: number; path: string; message: string }[];
    const intensity = errors.find((e) => e.path === "policies[0].intensity");
    expect(intensity).toMatchObject({ line: 5, column: 16 });
    expect(intensity!.message).toMatch(/number/);
    expect(error.message).toContain("line");
  });

  it("POST /api/validate: empty body 400, invalid UTF-8 400, too large 413, GET 405", async () => {
    expect((await errorOf(await postText(t.app, "/api/validate", ""))).code).toBe("bad_request");
    const bad = await t.app.request("/api/validate", {
      method: "POST",
      body: new Uint8Array([0x6e, 0xff, 0xfe]),
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("bad_encoding");
    const big = await postText(t.app, "/api/validate", `name: x\n#${"a".repeat(300 * 1024)}\n`);
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("body_too_large");
    const r = await get(t.app, "/api/validate");
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("POST");
    expect((await errorOf(r)).code).toBe("method_not_allowed");
  });

  it("refuses a body over the limit even without a Content-Length header", async () => {
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const r = await t.app.request("/api/validate", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(r.status).toBe(413);
  });

  it("unknown routes answer 404 JSON, under /api and elsewhere", async () => {
    for (const path of ["/api/nope", "/api", "/api/runs/x/nope", "/nothing-here.js"]) {
      const r = await get(t.app, path);
      expect(r.status, path).toBe(404);
      expect((await errorOf(r)).code).toBe("not_found");
    }
    const del = await t.app.request("/api/health", { method: "DELETE" });
    expect(del.status).toBe(405);
  });
});

describe("POST /api/runs: bad input", () => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp({ simulate: fake });
  });
  afterAll(() => t.close());

  it.each([
    ["not JSON", "{scenario: peru", "bad_json", /not valid JSON/],
    ["empty", "", "bad_json", /empty/],
    ["an array", "[]", "bad_request", /expected a JSON object/],
    ["null", "null", "bad_request", /expected a JSON object/],
    ["no scenario", "{}", "bad_request", /^scenario:/],
    ["a number as scenario", '{"scenario": 3}', "bad_request", /^scenario:/],
    ["an unknown field", '{"scenario": "peru", "seeds": 3}', "bad_request", /^seeds: unknown field/],
    ["a fractional seed", '{"scenario": "peru", "seed": 1.5}', "bad_request", /^seed:/],
    ["a negative seed", '{"scenario": "peru", "seed": -1}', "bad_request", /^seed:/],
    ["a seed over 2^32-1", '{"scenario": "peru", "seed": 4294967296}', "bad_request", /^seed:/],
    ["a bad month", '{"scenario": "peru", "to": "2020-13"}', "bad_request", /^to: expected a month/],
    ["runs = 0", '{"scenario": "peru", "runs": 0}', "bad_request", /^runs:/],
    ["runs over the limit", '{"scenario": "peru", "runs": 201}', "bad_request", /^runs: .*200/],
    ["runs as a string", '{"scenario": "peru", "runs": "5"}', "bad_request", /^runs:/],
  ])("400 for %s", async (_, body, code, message) => {
    const r = await postJson(t.app, "/api/runs", body);
    expect(r.status).toBe(400);
    const error = await errorOf(r);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("lists every problem in details.issues", async () => {
    const error = await errorOf(await postJson(t.app, "/api/runs", { scenario: 1, runs: 1000, x: 1 }));
    expect((error.details!.issues as { path: string }[]).map((i) => i.path).sort()).toEqual([
      "runs",
      "scenario",
      "x",
    ]);
  });

  it("422 with did-you-mean for an unknown built-in", async () => {
    const r = await postJson(t.app, "/api/runs", { scenario: "peur" });
    expect(r.status).toBe(422);
    const error = await errorOf(r);
    expect(error.code).toBe("invalid_scenario");
    expect(error.message).toContain('did you mean "peru"');
  });

  it("422 with positions for a bad scenario text", async () => {
    const r = await postJson(t.app, "/api/runs", {
      scenario: "name: x\nperiod:\n  from: 2020-01\n  to: soon\n",
    });
    expect(r.status).toBe(422);
    const errors = (await errorOf(r)).details!.errors as { line: number; path: string }[];
    expect(errors.some((e) => e.line === 4 && e.path === "period.to")).toBe(true);
  });

  it("422 when the run would end before it starts", async () => {
    const r = await postJson(t.app, "/api/runs", { scenario: "peru", from: "2020-01", to: "2019-12" });
    expect(r.status).toBe(422);
    expect((await errorOf(r)).code).toBe("invalid_scenario");
  });

  it("413 for a body over 256 KiB", async () => {
    const r = await postJson(t.app, "/api/runs", { scenario: `name: x\n#${"a".repeat(300 * 1024)}` });
    expect(r.status).toBe(413);
    expect((await errorOf(r)).code).toBe("body_too_large");
  });

  it("404 for unknown runs on every run endpoint", async () => {
    for (const suffix of ["", "/events", "/summary", "/monthly", "/flows"]) {
      const r = await get(t.app, `/api/runs/nope${suffix}`);
      expect(r.status, suffix).toBe(404);
      expect((await errorOf(r)).code).toBe("run_not_found");
    }
  });
});

describe("a real short run (peru to 2018-06)", () => {
  let t: TestApp;
  let id: string;
  let info: RunInfo;
  const expected = (() => {
    const loaded = loadBuiltin("peru", { to: "2018-06" });
    if (!loaded.ok) throw new Error("peru does not load");
    return loaded.scenario;
  })();

  beforeAll(async () => {
    t = testApp();
    ({ id, info } = await runToEnd(t.app, SHORT));
  });
  afterAll(() => t.close());

  it("ends done, with its scenario, hash and full progress", async () => {
    expect(info.status).toBe("done");
    const r = await get(t.app, `/api/runs/${id}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as RunInfo & { links: Record<string, string> };
    expect(body).toMatchObject({
      id,
      status: "done",
      kind: "single",
      runs: 1,
      scenario: { name: "peru", from: "2018-01", to: "2018-06", seed: 20180101 },
      progress: { runsDone: 1, runsTotal: 1, monthsDone: 6, monthsTotal: 6, fraction: 1 },
    });
    expect(body.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.links.summary).toBe(`/api/runs/${id}/summary`);
    expect(typeof body.startedAt).toBe("string");
    expect(typeof body.finishedAt).toBe("string");
  });

  it("gives the same results as simulate() and the same CSV bytes as `cocasim run --out`", async () => {
    const direct = simulate(expected);
    const summary = (await (await get(t.app, `/api/runs/${id}/summary`)).json()) as {
      kind: string;
      summary: unknown;
    };
    expect(summary.kind).toBe("single");
    expect(summary.summary).toEqual(JSON.parse(JSON.stringify(direct.summary)));

    const monthly = await get(t.app, `/api/runs/${id}/monthly?format=csv`);
    expect(monthly.status).toBe(200);
    expect(monthly.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(monthly.headers.get("content-disposition")).toContain(`${id}-monthly.csv`);
    expect(await monthly.text()).toBe(renderMonthlyCsv(direct));

    const flows = await get(t.app, `/api/runs/${id}/flows?format=csv`);
    expect(flows.status).toBe(200);
    expect(await flows.text()).toBe(renderFlowsCsv(direct));
  });

  it("GET /monthly is columnar JSON, filtered by ?variable=", async () => {
    const r = await get(t.app, `/api/runs/${id}/monthly`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      months: string[];
      series: { variable: string; key: string; values: number[] }[];
    };
    expect(body.months).toEqual(["2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06"]);
    const national = body.series.find((s) => s.variable === "hectares" && s.key === "")!;
    expect(national.values).toHaveLength(6);
    for (const s of body.series) expect(s.values).toHaveLength(6);

    const filtered = (await (
      await get(t.app, `/api/runs/${id}/monthly?variable=hectares,arrests`)
    ).json()) as {
      series: { variable: string }[];
    };
    expect(new Set(filtered.series.map((s) => s.variable))).toEqual(new Set(["hectares", "arrests"]));

    const unknown = await get(t.app, `/api/runs/${id}/monthly?variable=hectars`);
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).details!.variables).toContain("hectares");
  });

  it("GET /flows is columnar JSON, [month][edge]", async () => {
    const body = (await (await get(t.app, `/api/runs/${id}/flows`)).json()) as {
      months: string[];
      edges: { id: string; mode: string }[];
      flowKg: number[][];
      seizedKg: number[][];
    };
    expect(body.months).toHaveLength(6);
    expect(body.edges.length).toBeGreaterThan(0);
    expect(body.flowKg).toHaveLength(6);
    for (const row of [...body.flowKg, ...body.seizedKg]) expect(row).toHaveLength(body.edges.length);
    expect(body.flowKg.flat().some((v) => v > 0)).toBe(true);
  });

  it("400 for an unknown format", async () => {
    for (const what of ["monthly", "flows"]) {
      const r = await get(t.app, `/api/runs/${id}/${what}?format=xml`);
      expect(r.status).toBe(400);
      expect((await errorOf(r)).message).toMatch(/^format:/);
    }
  });

  it("GET /api/runs lists it", async () => {
    const body = (await (await get(t.app, "/api/runs")).json()) as { runs: RunInfo[] };
    expect(body.runs.map((r) => r.id)).toContain(id);
  });
});

describe("ensembles and comparisons (fake model)", () => {
  let t: TestApp;
  beforeAll(() => {
    t = testApp({ simulate: fake });
  });
  afterAll(() => t.close());

  it("runs an ensemble on the project's ensemble seeds and reports the statistics", async () => {
    const { id, info } = await runToEnd(t.app, { scenario: "peru", to: "2019-12", seed: 10, runs: 5 });
    expect(info).toMatchObject({
      status: "done",
      kind: "ensemble",
      runs: 5,
      progress: { runsDone: 5, fraction: 1 },
    });
    expect(info.scenario.seed).toBe(10);
    const summary = (await (await get(t.app, `/api/runs/${id}/summary`)).json()) as {
      kind: string;
      summary: {
        runs: number;
        seeds: number[];
        years: { year: number; leafTonnes: { mean: number; p5: number; p50: number; p95: number } }[];
      };
    };
    expect(summary.kind).toBe("ensemble");
    const seeds = ensembleSeeds(10, 5);
    expect(summary.summary.seeds).toEqual(seeds);
    expect(summary.summary.runs).toBe(5);
    expect(summary.summary.years.map((y) => y.year)).toEqual([2018, 2019]);
    // fakeSimulate: leafTonnes = 120000.4 × (1 + (seed mod 7)/10).
    const leaf = summary.summary.years[0].leafTonnes;
    const values = seeds.map((s) => 120000.4 * (1 + (s % 7) / 10));
    expect(leaf.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 5, 6);
    expect(leaf.p50).toBeCloseTo([...values].sort((a, b) => a - b)[2], 6);
    expect(leaf.p5).toBeLessThanOrEqual(leaf.p50);
    expect(leaf.p95).toBeGreaterThanOrEqual(leaf.p50);

    const monthly = (await (await get(t.app, `/api/runs/${id}/monthly`)).json()) as {
      kind: string;
      series: { values: number[]; p5: number[]; p95: number[] }[];
    };
    expect(monthly.kind).toBe("ensemble");
    for (const s of monthly.series) {
      expect(s.values).toHaveLength(24);
      s.values.forEach((v, m) => {
        expect(s.p5[m]).toBeLessThanOrEqual(v + 1e-9);
        expect(s.p95[m]).toBeGreaterThanOrEqual(v - 1e-9);
      });
    }
    const csv = await (await get(t.app, `/api/runs/${id}/monthly?format=csv`)).text();
    expect(csv.split("\n")[0]).toBe("month,variable,key,mean,p5,p50,p95");
    const flows = await (await get(t.app, `/api/runs/${id}/flows?format=csv`)).text();
    expect(flows.split("\n")[0]).toBe("month,edge,from,to,mode,flow_kg,seized_kg");
  });

  it("GET /api/compare gives per-year differences of the main figures", async () => {
    const a = await runToEnd(t.app, { scenario: "peru", to: "2019-12", seed: 1 });
    const b = await runToEnd(t.app, { scenario: "peru", to: "2020-12", seed: 2 });
    const r = await get(t.app, `/api/compare?baseline=${a.id}&policy=${b.id}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      baseline: { id: string };
      policy: { id: string };
      figures: { path: string }[];
      years: {
        year: number;
        figures: Record<string, { baseline: number; policy: number; difference: number; percent: number }>;
      }[];
    };
    expect(body.baseline.id).toBe(a.id);
    expect(body.policy.id).toBe(b.id);
    expect(body.figures.map((f) => f.path)).toContain("hectares.total");
    expect(body.years.map((y) => y.year)).toEqual([2018, 2019]);
    const leaf = body.years[0].figures.leafTonnes;
    expect(leaf.baseline).toBeCloseTo(120000.4 * 1.1, 6);
    expect(leaf.policy).toBeCloseTo(120000.4 * 1.2, 6);
    expect(leaf.difference).toBeCloseTo(leaf.policy - leaf.baseline, 6);
    expect(leaf.percent).toBeCloseTo((100 * leaf.difference) / leaf.baseline, 6);

    const ensemble = await runToEnd(t.app, { scenario: "peru", to: "2019-12", runs: 3 });
    expect((await get(t.app, `/api/compare?baseline=${a.id}&policy=${ensemble.id}`)).status).toBe(200);
  });

  it("GET /api/compare: 400 without both ids, 404 for an unknown one", async () => {
    for (const query of ["", "?baseline=x", "?policy=x", "?baseline=&policy=y"]) {
      const r = await get(t.app, `/api/compare${query}`);
      expect(r.status, query).toBe(400);
      expect((await errorOf(r)).code).toBe("bad_request");
    }
    const a = await runToEnd(t.app, { scenario: "peru", to: "2018-03" });
    const r = await get(t.app, `/api/compare?baseline=${a.id}&policy=nope`);
    expect(r.status).toBe(404);
    expect((await errorOf(r)).code).toBe("run_not_found");
  });
});

describe("runs that fail, wait or overflow", () => {
  it("a failing simulation ends the run failed; its results answer 409 run_failed", async () => {
    const t = testApp({
      simulate: () => {
        throw new Error("boom");
      },
      log: () => {},
    });
    const { id, info } = await runToEnd(t.app, SHORT);
    expect(info.status).toBe("failed");
    expect(info.error).toEqual({ code: "simulation_failed", message: "boom" });
    const r = await get(t.app, `/api/runs/${id}/summary`);
    expect(r.status).toBe(409);
    expect((await errorOf(r)).code).toBe("run_failed");
    await t.close();
  });

  it("results of a run still queued or running answer 409 run_not_finished", async () => {
    const queue = manualQueue();
    const app = createApp({ queue });
    const { id } = (await (await postJson(app, "/api/runs", SHORT)).json()) as { id: string };
    expect(((await (await get(app, `/api/runs/${id}`)).json()) as RunInfo).status).toBe("queued");
    for (const what of ["summary", "monthly", "flows"]) {
      const r = await get(app, `/api/runs/${id}/${what}`);
      expect(r.status).toBe(409);
      expect((await errorOf(r)).code).toBe("run_not_finished");
    }
    queue.jobs[0].events.start();
    expect(((await (await get(app, `/api/runs/${id}`)).json()) as RunInfo).status).toBe("running");
    const other = (await (await postJson(app, "/api/runs", SHORT)).json()) as { id: string };
    const cmp = await get(app, `/api/compare?baseline=${id}&policy=${other.id}`);
    expect(cmp.status).toBe(409);
  });

  it("429 queue_full when too many runs are waiting", async () => {
    const app = createApp({ queue: manualQueue(), limits: { maxQueuedRuns: 2 } });
    expect((await postJson(app, "/api/runs", SHORT)).status).toBe(202);
    expect((await postJson(app, "/api/runs", SHORT)).status).toBe(202);
    const r = await postJson(app, "/api/runs", SHORT);
    expect(r.status).toBe(429);
    expect((await errorOf(r)).code).toBe("queue_full");
  });

  it("202 with a Location header; the ensemble limit can be lowered", async () => {
    const app = createApp({ queue: manualQueue(), limits: { maxEnsembleRuns: 3 } });
    const r = await postJson(app, "/api/runs", { ...SHORT, runs: 3 });
    expect(r.status).toBe(202);
    const { id } = (await r.json()) as { id: string };
    expect(r.headers.get("location")).toBe(`/api/runs/${id}`);
    expect((await postJson(app, "/api/runs", { ...SHORT, runs: 4 })).status).toBe(400);
  });

  it("keeps the latest finished runs only (LRU)", async () => {
    const { createMemoryResultStore } = await import("../../src/server/store.ts");
    const t = testApp({ simulate: fake, store: createMemoryResultStore(2) });
    const a = await runToEnd(t.app, { scenario: "peru", to: "2018-02" });
    const b = await runToEnd(t.app, { scenario: "peru", to: "2018-02" });
    expect((await get(t.app, `/api/runs/${a.id}`)).status).toBe(200); // a is now the most recently used
    const c = await runToEnd(t.app, { scenario: "peru", to: "2018-02" });
    expect((await get(t.app, `/api/runs/${b.id}`)).status).toBe(404);
    expect((await get(t.app, `/api/runs/${a.id}`)).status).toBe(200);
    expect((await get(t.app, `/api/runs/${c.id}`)).status).toBe(200);
    await t.close();
  });
});

describe("the dashboard's files", () => {
  it("without dist-web, / is a page saying the dashboard has not been built", async () => {
    const app = createApp({ queue: manualQueue() });
    const r = await get(app, "/");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await r.text()).toContain("has not been built");
    expect((await get(app, "/assets/app.js")).status).toBe(404);
  });

  const files: Record<string, string> = {
    "index.html": "<!doctype html><title>cocasim</title>",
    "assets/app-1a2b3c.js": "console.log(1)",
    "assets/app-1a2b3c.css": "body{}",
    "favicon.svg": "<svg/>",
  };
  const assets: StaticAssets = {
    async get(path) {
      const text = files[path];
      return text === undefined
        ? undefined
        : { body: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>, etag: `"${path.length}"` };
    },
  };
  const app = createApp({ queue: manualQueue(), assets });

  it.each([
    ["/", "text/html; charset=utf-8", "no-cache", files["index.html"]],
    ["/index.html", "text/html; charset=utf-8", "no-cache", files["index.html"]],
    [
      "/assets/app-1a2b3c.js",
      "text/javascript; charset=utf-8",
      "public, max-age=31536000, immutable",
      "console.log(1)",
    ],
    ["/assets/app-1a2b3c.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable", "body{}"],
    ["/favicon.svg", "image/svg+xml", "no-cache", "<svg/>"],
  ])("serves %s as %s", async (path, type, cache, body) => {
    const r = await get(app, path);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe(type);
    expect(r.headers.get("cache-control")).toBe(cache);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await r.text()).toBe(body);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const first = await get(app, "/favicon.svg");
    const etag = first.headers.get("etag")!;
    const r = await app.request("/favicon.svg", { headers: { "if-none-match": etag } });
    expect(r.status).toBe(304);
  });

  it.each([
    "/missing.js",
    "/%2e%2e/package.json",
    "/assets/%2e%2e%2f%2e%2e%2fsecret",
    "/.env",
    "/%ff",
    "/a//b",
  ])("404 JSON for %s", async (path) => {
    const r = await get(app, path);
    expect(r.status).toBe(404);
    expect((await errorOf(r)).code).toBe("not_found");
  });
});
