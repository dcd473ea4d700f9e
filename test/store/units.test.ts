/** The store's parts that need no database: URLs, ids, strict JSON, blobs, the flat summary table. */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioHash } from "../../src/scenario/hash.ts";
import { decodeFlows, decodeMonthly, encodeFlows, encodeMonthly } from "../../src/store/codec.ts";
import { summaryRows } from "../../src/store/flatten.ts";
import { strictJson } from "../../src/store/json.ts";
import {
  ensembleId,
  ensembleKey,
  experimentId,
  experimentKey,
  memberRunKeys,
  runId,
  runKey,
  scenarioHashWithoutSeed,
} from "../../src/store/store.ts";
import { DEFAULT_STORE_PATH, maskUrl, parseStoreUrl, StoreUrlError } from "../../src/store/url.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";

describe("store URLs", () => {
  const cwd = "/home/analyst/project";

  it.each([
    [undefined, { kind: "sqlite", path: resolve(cwd, DEFAULT_STORE_PATH) }],
    ["", { kind: "sqlite", path: "/home/analyst/project/.cocasim/cocasim.db" }],
    ["runs.db", { kind: "sqlite", path: "/home/analyst/project/runs.db" }],
    ["/data/runs.db", { kind: "sqlite", path: "/data/runs.db" }],
    ["sqlite:runs.db", { kind: "sqlite", path: "/home/analyst/project/runs.db" }],
    ["sqlite:///data/runs.db", { kind: "sqlite", path: "/data/runs.db" }],
    ["sqlite::memory:", { kind: "sqlite", path: ":memory:" }],
    ["postgres://u@db:5432/cocasim", { kind: "postgres", url: "postgres://u@db:5432/cocasim" }],
    [
      "postgresql://u@db/cocasim?schema=s1",
      { kind: "postgres", url: "postgresql://u@db/cocasim", schema: "s1" },
    ],
    [
      "postgres://u@db/cocasim?sslmode=require&schema=S_2",
      { kind: "postgres", url: "postgres://u@db/cocasim?sslmode=require", schema: "S_2" },
    ],
  ])("%s", (url, expected) => {
    expect(parseStoreUrl(url, cwd)).toEqual(expected);
  });

  it.each([
    ["mysql://db/x", /unknown kind of store/],
    ["sqlite:", /no file name/],
    ["postgres://u@db/x?schema=a;drop", /schema/],
    ["postgres://u@db:notaport/x", /not a valid Postgres URL/],
  ])("rejects %s", (url, message) => {
    expect(() => parseStoreUrl(url, cwd)).toThrow(StoreUrlError);
    expect(() => parseStoreUrl(url, cwd)).toThrow(message);
  });

  it("masks passwords", () => {
    expect(maskUrl("postgres://me:s3cret@db:5432/x")).toBe("postgres://me:***@db:5432/x");
    expect(maskUrl("postgres://me@db/x")).toBe("postgres://me@db/x");
    expect(maskUrl("runs.db")).toBe("runs.db");
  });
});

describe("keys and ids", () => {
  const scenario = fakeScenario({ seed: 5 });

  it("are 12 hex digits, stable, and differ by kind, version, scenario and seed", () => {
    const key = runKey("0.1.0", scenario);
    expect(key).toEqual({ modelVersion: "0.1.0", scenarioHash: scenarioHash(scenario), seed: 5 });
    // The order of the key's fields does not matter.
    expect(runId({ modelVersion: "0.1.0", scenarioHash: "ab", seed: 1 })).toBe(
      runId({ seed: 1, scenarioHash: "ab", modelVersion: "0.1.0" }),
    );
    // Pinned to its definition: SHA-256 of the canonical JSON of the kind and the key.
    const canonical = '{"kind":"run","modelVersion":"0.1.0","scenarioHash":"ab","seed":1}';
    expect(runId({ modelVersion: "0.1.0", scenarioHash: "ab", seed: 1 })).toBe(
      createHash("sha256").update(canonical).digest("hex").slice(0, 12),
    );
    const ids = new Set([
      runId(key),
      runId({ ...key, seed: 6 }),
      runId({ ...key, modelVersion: "0.1.1" }),
      runId({ ...key, scenarioHash: "other" }),
      ensembleId({ modelVersion: "0.1.0", scenarioHash: key.scenarioHash, seeds: [5] }),
      ensembleId({ modelVersion: "0.1.0", scenarioHash: key.scenarioHash, seeds: [5, 6] }),
      experimentId({ modelVersion: "0.1.0", definitionHash: key.scenarioHash }),
    ]);
    expect(ids.size).toBe(7);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });

  it("ensemble keys leave the seed out of the scenario hash; members put it back", () => {
    expect(scenarioHashWithoutSeed(scenario)).toBe(scenarioHashWithoutSeed({ ...scenario, seed: 99 }));
    expect(scenarioHashWithoutSeed(scenario)).not.toBe(scenarioHash(scenario));
    const key = ensembleKey("1", scenario, [3, 1]);
    expect(key.seeds).toEqual([3, 1]);
    expect(memberRunKeys("1", scenario, [3, 1])).toEqual([
      runKey("1", { ...scenario, seed: 3 }),
      runKey("1", { ...scenario, seed: 1 }),
    ]);
  });

  it("experiment keys hash the canonical definition", () => {
    expect(experimentKey("1", { a: 1, b: [1, 2] })).toEqual(experimentKey("1", { b: [1, 2], a: 1 }));
    expect(experimentKey("1", { a: 1 })).not.toEqual(experimentKey("1", { a: 2 }));
  });
});

describe("strict JSON", () => {
  it("round-trips ordinary values", () => {
    const value = { b: 1, a: [1.5, "x", null, true, { c: -0.1 }] };
    expect(strictJson(value, "v")).toBe(JSON.stringify(value));
  });

  it.each([
    [Number.NaN, /non-finite number NaN/],
    [{ a: Number.POSITIVE_INFINITY }, /non-finite number Infinity at "a"/],
    [{ a: 1n }, /cannot store a bigint at "a"/],
    [[1, undefined], /undefined in an array at index 1/],
    [undefined, /cannot store undefined/],
  ])("refuses %s", (value, message) => {
    expect(() => strictJson(value, "what")).toThrow(message);
  });
});

describe("series blobs", () => {
  it("round-trip monthly series and flows", () => {
    const result = fakeSimulate(fakeScenario());
    const monthly = decodeMonthly(encodeMonthly(result.monthly));
    expect(monthly.months).toEqual(result.monthly.months);
    expect([...monthly.variables.keys()]).toEqual([...result.monthly.variables.keys()]);
    for (const [variable, byKey] of result.monthly.variables) {
      for (const [key, values] of byKey) expect(monthly.variables.get(variable)?.get(key)).toEqual(values);
    }
    const flows = decodeFlows(encodeFlows(result.flows));
    expect(flows).toEqual({ ...result.flows, edges: [...result.flows.edges] });
  });

  it("are deterministic and refuse the wrong kind", () => {
    const result = fakeSimulate(fakeScenario());
    expect(encodeMonthly(result.monthly)).toEqual(encodeMonthly(result.monthly));
    expect(() => decodeFlows(encodeMonthly(result.monthly))).toThrow(/not in a format/);
    expect(() => encodeFlows({ ...result.flows, seizedKg: new Float64Array(1) })).toThrow(/flow values/);
  });
});

describe("summaryRows", () => {
  it("flattens every numeric figure of every year, in the summary's order", () => {
    const summary = fakeSimulate(fakeScenario()).summary;
    const rows = summaryRows(summary);
    const figures = rows.filter((r) => r.year === 2020).map((r) => r.figure);
    expect(figures.slice(0, 6)).toEqual([
      "hectares.total",
      "hectares.byZone.VRAEM",
      "hectares.byZone.Huallaga",
      "hectares.byZone.La Convención-Lares",
      "hectares.byZone.Putumayo",
      "youngHectares",
    ]);
    expect(figures).toContain("prices.hclUsdPerKg");
    expect(figures).not.toContain("year");
    expect(rows.length).toBe(figures.length * summary.years.length);
    expect(rows.find((r) => r.year === 2021 && r.figure === "arrests")?.value).toBe(1234);
  });
});
