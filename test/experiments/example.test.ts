/**
 * The shipped example end to end: the real CLI (src/cli/main-entry.ts under tsx)
 * with the real model on worker threads, in a child process, over a short period
 * and a small design; then analyze and report on what it stored.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { designRowCount, FIGURE_PATHS, parseExperiment } from "../../src/experiments/index.ts";
import { simulate } from "../../src/model/simulate.ts";
import { formatErrors } from "../../src/scenario/parse.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";
import { summaryRows } from "../../src/store/flatten.ts";
import { tempDir } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = "examples/checkpoints-vs-eradication.yaml";

function cocasim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main-entry.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

describe("examples/", () => {
  it("every example experiment is valid", () => {
    const files = readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".yaml"));
    expect(files).toContain("checkpoints-vs-eradication.yaml");
    for (const f of files) {
      const r = parseExperiment(readFileSync(join(ROOT, "examples", f), "utf8"), f);
      if (!r.ok) throw new Error(formatErrors(r.errors));
    }
    const r = parseExperiment(readFileSync(join(ROOT, EXAMPLE), "utf8"), EXAMPLE);
    if (!r.ok) throw new Error("invalid");
    expect(r.definition.uncertainties.map((u) => u.parameter)).toEqual([
      "growers.logitScaleUsd",
      "growers.licitNetUsdPerHaYear",
      "growers.riskWeight",
      "growers.replantShareAfterEradication",
      "network.hazardMultiplier",
    ]);
    expect(
      r.definition.levers.map((l) => [l.policy.kind, l.field, l.type === "real" ? l.range : []]),
    ).toEqual([
      ["checkpoints", "intensity", [0.5, 3]],
      ["eradication", "intensity", [0, 2]],
    ]);
    expect(designRowCount(r.definition)).toBe(40);
  });

  it("names only figures the model's summary has", () => {
    const base = loadBuiltin("peru", { to: "2018-02" });
    if (!base.ok) throw new Error("peru");
    const figures = summaryRows(simulate(base.scenario).summary).map((row) => row.figure);
    expect([...new Set(figures)].sort()).toEqual([...FIGURE_PATHS].sort());
  });

  it("runs the example (three years, four rows), resumes it, analyses it and reports it", () => {
    const store = `sqlite:${join(dir.path, "store.db")}`;
    const small = ["--to", "2020-12", "--samples", "4", "--replications", "1", "--store", store];
    const run = cocasim("experiment", EXAMPLE, ...small, "--workers", "2", "--json", "--quiet");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      name: "checkpoints-vs-eradication",
      scenario: "peru",
      from: "2018-01",
      to: "2020-12",
      sampler: "latin-hypercube",
      rows: 4,
      replications: 1,
      ran: 4,
    });
    const [hectares, exports, spending] = doc.outcomes;
    expect(hectares).toMatchObject({ name: "hectares", n: 4 });
    expect(hectares.min).toBeGreaterThan(20_000);
    expect(hectares.max).toBeLessThan(200_000);
    expect(exports.min).toBeGreaterThan(0);
    expect(spending.min).toBeGreaterThan(1e7);
    expect(hectares.best.row).toBeGreaterThanOrEqual(0);

    // Again: everything is stored, nothing runs.
    const again = cocasim("experiment", EXAMPLE, ...small, "--json", "--quiet");
    expect(again.status).toBe(0);
    const second = JSON.parse(again.stdout);
    expect(second).toMatchObject({ id: doc.id, resumed: true, alreadyDone: 4, ran: 0 });
    expect(second.outcomes).toEqual(doc.outcomes);

    const features = cocasim("analyze", doc.id, "--method", "features", "--store", store, "--json");
    expect(features.status).toBe(0);
    const scores = JSON.parse(features.stdout).results;
    expect(scores.map((r: { outcome: string }) => r.outcome)).toEqual(["hectares", "exports", "spending"]);
    expect(scores[0].names).toEqual([
      "growers.logitScaleUsd",
      "growers.licitNetUsdPerHaYear",
      "growers.riskWeight",
      "growers.replantShareAfterEradication",
      "hazard",
      "checkpoints",
      "eradication",
    ]);
    const prim = cocasim(
      "analyze",
      doc.id.slice(0, 6),
      "--method",
      "prim",
      "--outcome",
      "exports",
      "--store",
      store,
    );
    expect(prim.status).toBe(0);
    expect(prim.stdout).toMatch(/^PRIM on exports <= [\d,.]+: 2 of 4 rows are cases of interest\n/);

    const out = join(dir.path, "report.html");
    const report = cocasim("report", doc.id, "--store", store, "--out", out);
    expect(report.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(`<title>Experiment ${doc.id}: checkpoints-vs-eradication</title>`);
    expect(html).not.toMatch(/<script|https?:/);
  }, 150_000);
});
