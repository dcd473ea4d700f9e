import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { parseMonth } from "../../src/core/time.ts";
import { type FakeDeps, fakeDepsTo2024, tempDir } from "./fakes.ts";

/** Fake deps whose built-in peru runs 2018-2024, and whose default store is `store` when given. */
const depsTo2024 = (store?: string): FakeDeps => fakeDepsTo2024({ store });

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe("cocasim fit-report", () => {
  it("writes the table, the JSON and the charts with the ensemble's and the predictive intervals", async () => {
    const out = join(dir.path, "fit");
    const deps = depsTo2024();
    expect(await runCli(["fit-report", "--runs", "4", "--out", out, "--quiet"], deps)).toBe(0);
    expect(deps.stdout.text).toContain("zone-years inside the ensemble's 90% interval:");
    expect(deps.stdout.text).toMatch(
      /inside the predictive 90% interval \(with model discrepancy, σ [\d.]+ common \+ [\d.]+ by zone/,
    );
    const files = readdirSync(out).sort();
    expect(files).toContain("fit-report.md");
    expect(readFileSync(join(out, "bands.csv"), "utf8")).toMatch(
      /^zone,year,mean_ha,p5_ha,p95_ha,predictive_p5_ha,predictive_p95_ha\nnational,2018,/,
    );
    expect(files).toContain("national.svg");
    const report = JSON.parse(readFileSync(join(out, "fit-report.json"), "utf8"));
    expect(report.runs).toBe(4);
    expect(report.discrepancy.years).toEqual([2018, 2019, 2020, 2021]);
    expect(report.discrepancy.originYear).toBe(2018);
    expect(report.rows.length).toBeGreaterThan(3);
    for (const row of report.rows) {
      expect(Number.isFinite(row.predictiveP5) && Number.isFinite(row.predictiveP95)).toBe(true);
      expect(row.predictiveP5).toBeLessThanOrEqual(row.predictiveP95);
      expect(row.insidePredictive90).toBe(
        row.observed >= row.predictiveP5 && row.observed <= row.predictiveP95,
      );
    }
    expect(readFileSync(join(out, "fit-report.md"), "utf8")).toContain("| predictive 90% | inside |");
    // The leaf check: the fake runs harvest 120,000.4 t × (1 + seed % 7 / 10) a year.
    expect(report.leafProduction.map((r: { year: number }) => r.year)).toEqual([2020]);
    const [leaf] = report.leafProduction;
    expect(leaf.status).toBe("derived");
    expect(leaf.relativeError).toBeCloseTo((leaf.mean - leaf.observed) / leaf.observed, 12);
    expect(leaf.mean).toBeGreaterThanOrEqual(120000.4);
    expect(deps.stdout.text).toMatch(
      /leaf 2020 \(not fitted\): recorded 146329 t \(derived\), simulated \d+ \[\d+, \d+\]/,
    );
    expect(readFileSync(join(out, "fit-report.md"), "utf8")).toContain(
      "Leaf production (sun-dried, t; not fitted by calibration):",
    );
    // The area's answer to eradication, 2019-2024, against the record's.
    const response = report.eradicationResponse;
    expect(response.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(response.recorded.slope).toBeLessThan(-0.6);
    expect(response.simulated.slopeP5).toBeLessThanOrEqual(response.simulated.slopeP95);
    expect(deps.stdout.text).toMatch(
      /area's answer to eradication \(not fitted\): .*2019–2024: recorded -0\.\d\d \(r -0\.\d\d\), simulated -?\d+\.\d\d \[/,
    );
    expect(readFileSync(join(out, "fit-report.md"), "utf8")).toContain("| slope (ha per ha) |");
    // The same command again writes the same report (seeded draws).
    const again = join(dir.path, "again");
    expect(await runCli(["fit-report", "--runs", "4", "--out", again, "--quiet"], depsTo2024())).toBe(0);
    expect(readFileSync(join(again, "fit-report.json"), "utf8")).toBe(
      readFileSync(join(out, "fit-report.json"), "utf8"),
    );
  });

  it("keeps its runs in the store and reads them back when run again", async () => {
    const store = join(dir.path, "store.db");
    const first = depsTo2024(store);
    expect(await runCli(["fit-report", "--runs", "3", "--out", join(dir.path, "a"), "--quiet"], first)).toBe(
      0,
    );
    expect(first.simulateCalls).toHaveLength(3);
    const again = depsTo2024(store);
    expect(await runCli(["fit-report", "--runs", "3", "--out", join(dir.path, "b"), "--quiet"], again)).toBe(
      0,
    );
    expect(again.simulateCalls).toHaveLength(0);
    expect(readFileSync(join(dir.path, "b", "fit-report.json"), "utf8")).toBe(
      readFileSync(join(dir.path, "a", "fit-report.json"), "utf8"),
    );
  });

  it("refuses a --to before the end of the validation years, with exit 2 and nothing written", async () => {
    const out = join(dir.path, "early");
    const deps = depsTo2024();
    expect(await runCli(["fit-report", "--to", "2023-12", "--out", out, "--quiet"], deps)).toBe(2);
    expect(deps.stderr.text).toContain(
      "--to: 2023-12 ends before the validation years; expected 2024-12 or later",
    );
    expect(() => readdirSync(out)).toThrow();
  });

  it("carries the runs on to --to, past the scenario's own end, and refuses a single run", async () => {
    const out = join(dir.path, "far");
    const deps = depsTo2024();
    expect(
      await runCli(["fit-report", "--runs", "2", "--to", "2026-12", "--out", out, "--quiet"], deps),
    ).toBe(0);
    expect(deps.simulateCalls.every((s) => s.to === parseMonth("2026-12"))).toBe(true);
    expect(readFileSync(join(out, "bands.csv"), "utf8")).toContain("\nnational,2026,");
    const one = depsTo2024();
    expect(await runCli(["fit-report", "--runs", "1", "--quiet"], one)).toBe(2);
    expect(one.stderr.text).toContain("--runs: 1 run gives no interval");
  });
});
