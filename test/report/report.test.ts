/** Reports: snapshots of small fixtures, self-containment, determinism, and `cocasim report`. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import {
  buildDesign,
  type ExperimentDefinition,
  type LoadedExperiment,
  storedDefinition,
} from "../../src/experiments/index.ts";
import { experimentReport, niceDomain, niceTicks, num, runsReport } from "../../src/report/index.ts";
import { ensembleKey, experimentKey, memberRunKeys, openStore, runKey } from "../../src/store/index.ts";
import { fakeDeps, fakeScenario, fakeSimulate, tempDir } from "../cli/fakes.ts";

const VERSION = "9.9.9-test";
const SCENARIO = fakeScenario({ name: "peru", seed: 42 });
const SEEDS = ensembleSeeds(42, 3);
const SUMMARIES = SEEDS.map((seed) => fakeSimulate({ ...SCENARIO, seed }).summary);

/** A small experiment with known answers: hectares answer to a and the lever, exports to b. */
function smallExperiment(design: ExperimentDefinition["design"]): LoadedExperiment {
  const definition: ExperimentDefinition = {
    name: "small",
    description: "A fixture: two uncertainties, a lever and a category.",
    scenario: "peru",
    uncertainties: [
      {
        name: "a",
        parameter: "growers.logitScaleUsd",
        type: "real",
        range: [800, 4000],
        distribution: { type: "uniform" },
      },
      {
        name: "b",
        parameter: "network.hazardMultiplier",
        type: "real",
        range: [0.5, 2],
        distribution: { type: "triangular", mode: 1 },
      },
    ],
    levers: [
      {
        name: "lever",
        policy: { kind: "checkpoints", from: "2020-01" },
        field: "intensity",
        type: "real",
        range: [0.5, 3],
        distribution: { type: "uniform" },
      },
      {
        name: "labs",
        policy: { kind: "lab-raids", from: "2020-06" },
        field: "labsPerYear",
        type: "categorical",
        values: [100, 200],
      },
    ],
    outcomes: [
      { name: "hectares", figure: "hectares.total", year: "last", direction: "minimize" },
      { name: "exports", figure: "cocaineTonnes.exported", year: "sum", direction: "maximize" },
      { name: "arrests", figure: "arrests", year: 2021, direction: "report" },
    ],
    design,
    replications: 1,
  };
  const stored = storedDefinition(definition, SCENARIO);
  const rows = buildDesign(definition).rows;
  return {
    id: "0123456789ab",
    stored,
    design: rows,
    outcomes: rows.map((r) => ({
      values: {
        hectares: r.x[0] * 20 + (r.x[2] > 2 ? 0 : 30000),
        exports: 400 / r.x[1] + r.x[3],
        arrests: 1000 + r.x[0] / 10,
      },
    })),
  };
}

function selfContained(html: string): void {
  expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|https?:/i);
  expect(html).toMatch(/<style>[\s\S]*@media print/);
}

describe("runsReport", () => {
  it("renders an ensemble: fan charts against the record, comparison tables (snapshot)", async () => {
    const html = runsReport({
      kind: "ensemble",
      id: "fedcba987654",
      modelVersion: VERSION,
      scenario: SCENARIO,
      summaries: SUMMARIES,
    });
    selfContained(html);
    expect(html).toContain("<title>Ensemble fedcba987654: peru</title>");
    // DEVIDA's national record in 2020 and 2021
    expect(html).toContain("61,777");
    expect(html).toContain("80,681");
    expect((html.match(/<svg class="chart fan small"/g) ?? []).length).toBe(4); // the fixture's four zones
    expect(html).toContain('class="band-90"');
    await expect(html).toMatchFileSnapshot("./__snapshots__/ensemble.html");
  });

  it("renders a single run without bands, and notes seeds without a stored run", async () => {
    const html = runsReport({
      kind: "run",
      id: "a1b2c3d4e5f6",
      modelVersion: VERSION,
      scenario: SCENARIO,
      summaries: [SUMMARIES[0]],
    });
    selfContained(html);
    expect(html).not.toContain('class="band-90"');
    expect(html).toContain("simulated");
    await expect(html).toMatchFileSnapshot("./__snapshots__/run.html");
    const partial = runsReport({
      kind: "ensemble",
      id: "fedcba987654",
      modelVersion: VERSION,
      scenario: SCENARIO,
      summaries: SUMMARIES.slice(0, 2),
      missingSeeds: [SEEDS[2]],
    });
    expect(partial).toContain(`1 seeds without a stored run: ${SEEDS[2]}`);
  });

  it("is deterministic", () => {
    const input = {
      kind: "ensemble" as const,
      id: "x",
      modelVersion: VERSION,
      scenario: SCENARIO,
      summaries: SUMMARIES,
    };
    expect(runsReport(input)).toBe(runsReport(input));
  });
});

describe("experimentReport", () => {
  it("renders a Latin hypercube experiment: feature-score tornados and PRIM boxes (snapshot)", async () => {
    const experiment = smallExperiment({ sampler: "latin-hypercube", samples: 40, seed: 3 });
    const html = experimentReport({ experiment, modelVersion: VERSION, status: "complete" });
    selfContained(html);
    expect(html).toContain("<title>Experiment 0123456789ab: small</title>");
    expect((html.match(/<svg class="chart tornado"/g) ?? []).length).toBe(3);
    // PRIM for the two outcomes with a direction, not for the one to report
    expect((html.match(/<svg class="chart tradeoff"/g) ?? []).length).toBe(2);
    expect((html.match(/<svg class="chart box"/g) ?? []).length).toBe(2);
    expect(html).toContain("hectares ≤ ");
    expect(html).toContain("exports ≥ ");
    expect(html).toBe(experimentReport({ experiment, modelVersion: VERSION, status: "complete" }));
    await expect(html).toMatchFileSnapshot("./__snapshots__/experiment-lhs.html");
  });

  it("renders Sobol' indices for a Sobol' design (snapshot)", async () => {
    const experiment = smallExperiment({ sampler: "sobol", samples: 16, seed: 1 });
    const html = experimentReport({ experiment, modelVersion: VERSION, status: "complete" });
    selfContained(html);
    expect(html).toContain("hectares: Sobol&#39; indices");
    expect(html).toContain("Total-order (bars) and first-order (inner bars) indices of hectares");
    await expect(html).toMatchFileSnapshot("./__snapshots__/experiment-sobol.html");
  });

  it("falls back to feature scores on an unfinished design, and says when nothing has run", () => {
    const experiment = smallExperiment({ sampler: "morris", samples: 4, levels: 4, seed: 1 });
    const partial = { ...experiment, outcomes: experiment.outcomes.map((o, i) => (i < 12 ? o : null)) };
    const html = experimentReport({ experiment: partial, modelVersion: VERSION, status: "running" });
    expect(html).toContain("20 (12 with outcomes; 8 not run yet)");
    expect(html).toContain("hectares: feature scores");
    const morris = experimentReport({ experiment, modelVersion: VERSION, status: "complete" });
    expect(morris).toContain("hectares: Morris screening");
    const none = experimentReport({
      experiment: { ...experiment, outcomes: experiment.outcomes.map(() => null) },
      modelVersion: VERSION,
      status: "pending",
    });
    expect(none).toContain("No design row has run yet.");
  });
});

describe("svg helpers", () => {
  it("chooses round ticks", () => {
    expect(niceTicks(0, 95008, 5)).toEqual([0, 20000, 40000, 60000, 80000]);
    expect(niceDomain(0, 95008, 5)).toEqual([0, 100000]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceDomain(0, 0)).toEqual([0, 1]);
  });

  it("writes numbers for people, the same on every machine", () => {
    expect([
      num(0),
      num(95008.4),
      num(123.45),
      num(1.2345),
      num(0.012345),
      num(-2.5e-7),
      num(Number.NaN),
      num(null),
    ]).toEqual(["0", "95,008", "123.5", "1.23", "0.0123", "-2.50e-7", "NaN", "–"]);
  });
});

describe("cocasim report", () => {
  let dir: { path: string; cleanup: () => void };
  let store: string;
  beforeEach(() => {
    dir = tempDir();
    store = `sqlite:${join(dir.path, "store.db")}`;
  });
  afterEach(() => dir.cleanup());

  async function cli(...args: string[]) {
    const deps = fakeDeps();
    const code = await runCli([...args, "--store", store], deps);
    return { code, out: deps.stdout.text, err: deps.stderr.text };
  }

  it("writes the report of a stored ensemble, run or experiment to --out", async () => {
    const s = await openStore(store);
    let ensemble: string;
    let run: string;
    let experiment: string;
    try {
      const keys = memberRunKeys(VERSION, SCENARIO, SEEDS);
      for (const [i, key] of keys.entries())
        await s.putRun(key, { scenario: { ...SCENARIO, seed: SEEDS[i] }, summary: SUMMARIES[i] });
      ensemble = await s.putEnsemble(ensembleKey(VERSION, SCENARIO, SEEDS), {
        scenario: SCENARIO,
        status: "complete",
      });
      run = await s.putRun(runKey(VERSION, SCENARIO), {
        scenario: SCENARIO,
        summary: fakeSimulate(SCENARIO).summary,
      });
      const x = smallExperiment({ sampler: "latin-hypercube", samples: 40, seed: 3 });
      experiment = await s.putExperiment(experimentKey(VERSION, x.stored), {
        name: "small",
        definition: x.stored,
        design: x.design,
        outcomes: x.outcomes,
        status: "complete",
      });
    } finally {
      await s.close();
    }
    const out = join(dir.path, "ens.html");
    const r = await cli("report", ensemble, "--out", out);
    expect(r.err).toBe(`wrote the report of ensemble ${ensemble} to ${out}\n`);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      runsReport({
        kind: "ensemble",
        id: ensemble,
        modelVersion: VERSION,
        scenario: SCENARIO,
        summaries: SUMMARIES,
      }),
    );
    const one = join(dir.path, "run.html");
    expect((await cli("report", run, "--out", one, "--quiet")).code).toBe(0);
    expect(readFileSync(one, "utf8")).toContain(`<title>Run ${run}: peru</title>`);
    const x = join(dir.path, "x.html");
    expect((await cli("report", experiment.slice(0, 6), "--out", x, "--quiet")).code).toBe(0);
    expect(readFileSync(x, "utf8")).toContain(`<title>Experiment ${experiment}: small</title>`);
  });

  it("rejects an unknown id, a missing store and a directory as --out (exit 2)", async () => {
    const missing = await cli("report", "abcdef");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^cocasim: no store at .*store\.db \(nothing has been stored yet\)\n$/);
    const s = await openStore(store);
    await s.close();
    const unknown = await cli("report", "abcdef", "--out", join(dir.path, "r.html"));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^cocasim: no run, ensemble or experiment with id abcdef in /);
    const directory = await cli("report", "abcdef", "--out", dir.path);
    expect(directory.code).toBe(2);
    expect(directory.err).toContain("is a directory");
  });
});
