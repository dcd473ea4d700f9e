import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { fakeDeps, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe("cocasim fit-report", () => {
  it("writes the table, the JSON and the charts with the ensemble's and the predictive intervals", async () => {
    const out = join(dir.path, "fit");
    const deps = fakeDeps();
    expect(await runCli(["fit-report", "--runs", "4", "--out", out, "--quiet"], deps)).toBe(0);
    expect(deps.stdout.text).toContain("zone-years inside the ensemble's 90% interval:");
    expect(deps.stdout.text).toMatch(
      /inside the predictive 90% interval \(with model discrepancy, σ [\d.]+ common \+ [\d.]+ by zone/,
    );
    const files = readdirSync(out).sort();
    expect(files).toContain("fit-report.md");
    expect(files).toContain("national.svg");
    const report = JSON.parse(readFileSync(join(out, "fit-report.json"), "utf8"));
    expect(report.runs).toBe(4);
    // The fake peru runs 2020-2021: the only in-sample increment is 2020→2021.
    expect(report.discrepancy.years).toEqual([2021]);
    // (The fake runs stop before the validation years, so the intervals themselves are empty.)
    for (const row of report.rows) {
      expect(row).toHaveProperty("predictiveP5");
      expect(typeof row.insidePredictive90).toBe("boolean");
    }
    expect(readFileSync(join(out, "fit-report.md"), "utf8")).toContain("| predictive 90% | inside |");
    // The same command again writes the same report (seeded draws).
    const again = join(dir.path, "again");
    expect(await runCli(["fit-report", "--runs", "4", "--out", again, "--quiet"], fakeDeps())).toBe(0);
    expect(readFileSync(join(again, "fit-report.json"), "utf8")).toBe(
      readFileSync(join(out, "fit-report.json"), "utf8"),
    );
  });
});
