import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { trendPath } from "../../src/calibration/zone-trends.ts";
import { runCli } from "../../src/cli/program.ts";
import { parseMonth } from "../../src/core/time.ts";
import { PERU_CALIBRATION } from "../../src/scenario/builtin/peru-calibration.ts";
import { type FakeDeps, fakeDepsTo2024, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/**
 * Fake deps whose built-in peru runs 2018-2024 and carries the calibration's values (or
 * none), and whose default store is `store` when given.
 */
function depsWithPeru(from = "2018-01", calibrated = true, store?: string): FakeDeps {
  const parameters: Record<string, number> = calibrated ? { ...PERU_CALIBRATION.parameters } : {};
  if (calibrated)
    for (const [zone, t] of Object.entries(PERU_CALIBRATION.zoneTrends))
      parameters[trendPath(zone)] = t.value;
  return fakeDepsTo2024({ from, parameters, store });
}

describe("cocasim project", () => {
  it("prints the national bands with the predictive interval and writes its files", async () => {
    const out = join(dir.path, "proj");
    const deps = depsWithPeru();
    expect(await runCli(["project", "peru", "--runs", "4", "--out", out, "--quiet"], deps)).toBe(0);
    expect(deps.stdout.text).toContain(
      "Projection of peru, 4 runs: 28 parameters drawn from the calibration's posterior",
    );
    expect(deps.stdout.text).toMatch(/\n2024 +[\d,]+ +[\d,]+ – +[\d,]+ +[\d,]+ – +[\d,]+\n/);
    // 4 scenario runs and 4 baseline runs (to 2021) for the discrepancy.
    expect(deps.simulateCalls).toHaveLength(8);
    expect(deps.simulateCalls.filter((s) => s.to === parseMonth("2021-12")!)).toHaveLength(4);
    // Each run got its own draw of the zone trends, and its baseline run the same draw and seed.
    const vraem = new Set(deps.simulateCalls.slice(0, 4).map((s) => s.parameters[trendPath("VRAEM")]));
    expect(vraem.size).toBe(4);
    for (let i = 0; i < 4; i++) {
      const [run, base] = [deps.simulateCalls[i], deps.simulateCalls[i + 4]];
      expect(base.seed).toBe(run.seed);
      expect(base.parameters[trendPath("VRAEM")]).toBe(run.parameters[trendPath("VRAEM")]);
      expect(base.parameters["growers.riskWeight"]).toBe(run.parameters["growers.riskWeight"]);
    }
    const doc = JSON.parse(readFileSync(join(out, "projection.json"), "utf8"));
    expect(doc.runs).toBe(4);
    expect(doc.discrepancy.years).toEqual([2018, 2019, 2020, 2021]);
    expect(doc.national).toHaveLength(7);
    for (const b of doc.national) {
      expect(b.p5).toBeLessThanOrEqual(b.p95);
      expect(b.predictiveP5).toBeLessThanOrEqual(b.predictiveP95);
    }
    expect(readFileSync(join(out, "bands.csv"), "utf8")).toMatch(/^zone,year,/);
    expect(readFileSync(join(out, "national.svg"), "utf8")).toMatch(/^<svg /);
  });

  it("keeps its runs in the store, so a repeated or interrupted projection reads them back", async () => {
    const store = join(dir.path, "store.db");
    const first = depsWithPeru("2018-01", true, store);
    expect(await runCli(["project", "peru", "--runs", "3", "--quiet"], first)).toBe(0);
    expect(first.simulateCalls).toHaveLength(6);
    const again = depsWithPeru("2018-01", true, store);
    expect(await runCli(["project", "peru", "--runs", "3"], again)).toBe(0);
    expect(again.simulateCalls).toHaveLength(0);
    expect(again.stdout.text).toBe(first.stdout.text);
    expect(again.stderr.text).toContain(`kept in ${store}: 6 runs, one by one (no ensemble)\n`);
    const none = depsWithPeru("2018-01", true, store);
    expect(await runCli(["project", "peru", "--runs", "3", "--no-store", "--quiet"], none)).toBe(0);
    expect(none.simulateCalls).toHaveLength(6);
  });

  it("refuses a scenario that does not carry the calibration, with exit 2", async () => {
    const deps = depsWithPeru("2018-01", false);
    expect(await runCli(["project", "peru", "--runs", "2", "--quiet"], deps)).toBe(2);
    expect(deps.stderr.text).toContain("carries none of the calibrated parameters");
    expect(deps.simulateCalls).toHaveLength(0);
  });

  it("refuses a scenario that starts after the calibration does, with exit 2", async () => {
    const out = join(dir.path, "late");
    const deps = depsWithPeru("2020-01");
    expect(await runCli(["project", "peru", "--runs", "2", "--out", out, "--quiet"], deps)).toBe(2);
    expect(deps.stderr.text).toContain(
      "starts in 2020-01; a projection starts where the calibration does, in 2018-01",
    );
    // Nothing simulated, nothing written.
    expect(deps.simulateCalls).toHaveLength(0);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a --to that is not a December and a single run, with exit 2", async () => {
    const deps = depsWithPeru();
    expect(await runCli(["project", "peru", "--to", "2024-06", "--quiet"], deps)).toBe(2);
    expect(deps.stderr.text).toContain("--to: 2024-06 is not a December");
    const one = depsWithPeru();
    expect(await runCli(["project", "peru", "--runs", "1", "--quiet"], one)).toBe(2);
    expect(one.stderr.text).toContain("--runs: 1 run gives no interval");
    expect(deps.simulateCalls.length + one.simulateCalls.length).toBe(0);
  });
});
