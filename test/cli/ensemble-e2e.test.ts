/**
 * Ensembles end to end: the real CLI (src/cli/main-entry.ts under tsx) with the
 * real model on worker threads, in a child process, over a short period.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { tempDir } from "./fakes.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function cocasim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main-entry.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    // Never the repository's own .cocasim/: a store of this test's.
    env: { ...process.env, COCASIM_STORE: join(dir.path, "store.db") },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

describe("ensembles end to end (real model, worker threads)", () => {
  it("gives byte-identical JSON with 1 and with 2 workers, and writes the same to --out", () => {
    // --no-store: both really run, so that the comparison is of the workers, not of the store.
    const short = ["--runs", "3", "--to", "2018-03", "--json", "--quiet", "--no-store"];
    const one = cocasim("run", "peru", ...short, "--workers", "1");
    expect(one.stderr).toBe("");
    expect(one.status).toBe(0);
    const out = join(dir.path, "ens");
    const two = cocasim("run", "peru", ...short, "--workers", "2", "--out", out);
    expect(two.stderr).toBe("");
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(readFileSync(join(out, "ensemble.json"), "utf8")).toBe(one.stdout);

    const doc = JSON.parse(one.stdout);
    expect(doc.scenario).toBe("peru");
    expect(doc.runs).toBe(3);
    expect(doc.seeds).toEqual(ensembleSeeds(doc.baseSeed, 3));
    expect(doc.years.map((y: { year: number }) => y.year)).toEqual([2018]);
    const ha = doc.years[0].hectares.total;
    expect(ha.p5).toBeLessThanOrEqual(ha.p50);
    expect(ha.p50).toBeLessThanOrEqual(ha.p95);
    expect(ha.mean).toBeGreaterThan(0);

    const runs = readFileSync(join(out, "runs.jsonl"), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(runs.map((r: { seed: number }) => r.seed)).toEqual(doc.seeds);
    const totals = runs.map((r: { years: { hectares: { total: number } }[] }) => r.years[0].hectares.total);
    expect(ha.mean).toBeCloseTo(totals.reduce((a: number, b: number) => a + b) / 3, 9);
  });

  it("compares a policy with the baseline over paired runs", () => {
    const policy = join(dir.path, "eradication-x3.yaml");
    writeFileSync(
      policy,
      "extends: peru\nname: eradication-x3\npolicies:\n  - kind: eradication\n    from: 2018-01\n    intensity: 3\n",
    );
    const r = cocasim(
      "compare",
      "peru",
      policy,
      "--runs",
      "2",
      "--to",
      "2018-03",
      "--workers",
      "2",
      "--json",
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^simulated 2 scenarios × 2 runs of 3 months, 2018-01 to 2018-03, .*2 workers, results kept in the store\n/,
    );
    expect(r.stderr).toMatch(
      /kept in .*store\.db as ensembles peru [0-9a-f]{12}, eradication-x3 [0-9a-f]{12}\n$/,
    );
    const doc = JSON.parse(r.stdout);
    expect(doc.baseline).toBe("peru");
    expect(doc.policies[0].scenario).toBe("eradication-x3");
    const [year] = doc.policies[0].years;
    expect(year.year).toBe(2018);
    expect(Object.keys(year)).toEqual([
      "year",
      "hectares",
      "cocaineProducedTonnes",
      "cocaineExportedTonnes",
      "cocaineSeizedTonnes",
      "arrests",
      "spendingUsd",
      "usdPerTonneKeptOff",
      "displacement",
    ]);
    // Tripled eradication costs more and removes coca.
    expect(year.spendingUsd.mean).toBeGreaterThan(0);
    expect(year.hectares.mean).toBeLessThan(0);
  });
});
