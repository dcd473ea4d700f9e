/**
 * `cocasim analyze` on synthetic stored experiments whose answers are known:
 * outcomes of test functions (Ishigami, linear, a box) written straight into a
 * temporary SQLite store under designs built by the experiment code.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ishigami, ishigamiIndices } from "../../src/analysis/test-functions.ts";
import { runCli } from "../../src/cli/program.ts";
import {
  buildDesign,
  type Domain,
  type ExperimentDefinition,
  type StoredDefinition,
  storedDefinition,
} from "../../src/experiments/index.ts";
import { experimentKey, openStore } from "../../src/store/index.ts";
import { fakeDeps, fakeScenario } from "../cli/fakes.ts";
import { tempDir } from "./helpers.ts";

const VERSION = "9.9.9-test";
let dir: { path: string; cleanup: () => void };
let url: string;

type Factor = { name: string } & Domain;

function synthetic(
  name: string,
  factors: readonly Factor[],
  design: ExperimentDefinition["design"],
  f: (x: readonly number[]) => number,
): { stored: StoredDefinition; rows: ReturnType<typeof buildDesign>["rows"]; y: number[] } {
  const definition: ExperimentDefinition = {
    name,
    scenario: "peru",
    // The analyses use only names and domains; the parameter paths are placeholders.
    uncertainties: factors.map((f) => ({ ...f, parameter: `test.${f.name}` })),
    levers: [],
    outcomes: [
      { name: "y", figure: "hectares.total", year: "last", direction: "minimize" },
      { name: "minus-y", figure: "arrests", year: "sum", direction: "maximize" },
    ],
    design,
    replications: 1,
  };
  const stored = storedDefinition(definition, fakeScenario({ name: "base" }));
  const rows = buildDesign(definition).rows;
  return { stored, rows, y: rows.map((r) => f(r.x)) };
}

/** Stores a synthetic experiment (outcomes of the first `done` rows) and returns its id. */
async function put(experiment: ReturnType<typeof synthetic>, done = experiment.rows.length): Promise<string> {
  const store = await openStore(url);
  try {
    return await store.putExperiment(experimentKey(VERSION, experiment.stored), {
      name: experiment.stored.experiment.name,
      definition: experiment.stored,
      design: experiment.rows,
      outcomes: experiment.y.map((v, i) => (i < done ? { values: { y: v, "minus-y": -v } } : null)),
      status: done === experiment.rows.length ? "complete" : "running",
    });
  } finally {
    await store.close();
  }
}

async function cli(...args: string[]) {
  const deps = fakeDeps();
  const code = await runCli([...args, "--store", url], deps);
  return { code, out: deps.stdout.text, err: deps.stderr.text };
}

async function json(...args: string[]) {
  const r = await cli(...args, "--json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const PI_RANGE: readonly [number, number] = [-Math.PI, Math.PI];
const real = (name: string, range: readonly [number, number] = [0, 1]): Factor => ({
  name,
  type: "real",
  range,
  distribution: { type: "uniform" },
});

const ids: Record<string, string> = {};
beforeAll(async () => {
  dir = tempDir();
  url = `sqlite:${join(dir.path, "analyze.db")}`;
  const xs = [real("x1", PI_RANGE), real("x2", PI_RANGE), real("x3", PI_RANGE)];
  ids.sobol = await put(synthetic("ishigami", xs, { sampler: "sobol", samples: 1024, seed: 1 }, ishigami));
  ids.sobol2 = await put(
    synthetic("ishigami-2", xs, { sampler: "sobol", samples: 512, secondOrder: true, seed: 1 }, ishigami),
  );
  const linear = (x: readonly number[]) => 10 * x[0] + x[1];
  ids.morris = await put(
    synthetic(
      "linear",
      [real("a", [0, 2]), real("b"), real("c")],
      { sampler: "morris", samples: 20, levels: 4, seed: 3 },
      linear,
    ),
  );
  const box = (x: readonly number[]) => (x[0] > 0.7 && x[1] < 0.3 ? 10 : 0);
  ids.prim = await put(
    synthetic(
      "box",
      [real("p"), real("q"), real("r"), { name: "k", type: "categorical", values: [10, 20, 30] }],
      { sampler: "latin-hypercube", samples: 600, seed: 5 },
      box,
    ),
  );
  ids.features = await put(
    synthetic(
      "features",
      [real("a"), real("b"), real("c")],
      { sampler: "monte-carlo", samples: 300, seed: 8 },
      linear,
    ),
  );
  ids.partial = await put(
    synthetic(
      "partial",
      [real("a"), real("b"), real("c")],
      { sampler: "sobol", samples: 8, seed: 1 },
      linear,
    ),
    20,
  );
});
afterAll(() => dir.cleanup());

describe("cocasim analyze --method sobol", () => {
  it("recovers the Ishigami function's first-order and total indices, with intervals", async () => {
    const doc = await json("analyze", ids.sobol, "--method", "sobol", "--outcome", "y");
    expect(doc.method).toBe("sobol");
    expect(doc.results).toHaveLength(1);
    const r = doc.results[0];
    const exact = ishigamiIndices();
    expect(r.names).toEqual(["x1", "x2", "x3"]);
    expect(r.n).toBe(1024);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(r.S1[j] - exact.S1[j])).toBeLessThan(0.05);
      expect(Math.abs(r.ST[j] - exact.ST[j])).toBeLessThan(0.05);
      expect(r.S1Conf[j]).toBeGreaterThan(0);
      expect(r.S1Conf[j]).toBeLessThan(0.15);
      expect(r.STConf[j]).toBeGreaterThan(0);
    }
    expect(r.S2).toBeUndefined();
  });

  it("gives second-order indices when the design has them, and analyses every outcome by default", async () => {
    const doc = await json("analyze", ids.sobol2, "--method", "sobol");
    expect(doc.results.map((r: { outcome: string }) => r.outcome)).toEqual(["y", "minus-y"]);
    const pairs = doc.results[0].S2 as { a: string; b: string; S2: number; S2Conf: number }[];
    expect(pairs.map((p) => `${p.a}×${p.b}`)).toEqual(["x1×x2", "x1×x3", "x2×x3"]);
    const exact = ishigamiIndices();
    expect(Math.abs(pairs[1].S2 - exact.S2[2])).toBeLessThan(0.1);
    expect(Math.abs(pairs[0].S2)).toBeLessThan(0.1);
    // Indices of −y are those of y.
    expect(doc.results[1].ST[0]).toBeCloseTo(doc.results[0].ST[0], 9);
  });

  it("prints a readable table, factors by total index", async () => {
    const r = await cli("analyze", ids.sobol.slice(0, 6), "--method", "sobol", "--outcome", "y");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(
      "Sobol' indices of y (hectares.total, last), N = 1024 base samples, 95% intervals from 100 bootstrap resamples",
    );
    expect(lines[2]).toMatch(/^factor +S1 +± +ST +±$/);
    expect(lines.slice(4, 7).map((l) => l.split(/ +/)[0])).toEqual(["x1", "x2", "x3"]);
  });

  it("is deterministic", async () => {
    const a = await cli("analyze", ids.sobol, "--method", "sobol", "--json");
    const b = await cli("analyze", ids.sobol, "--method", "sobol", "--json");
    expect(a.out).toBe(b.out);
  });

  it("refuses a design that is not a Sobol' design, or an unfinished one (exit 2)", async () => {
    const wrong = await cli("analyze", ids.features, "--method", "sobol");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(
      /^cocasim: Sobol' indices need a design made with sampler: sobol; experiment [0-9a-f]{12} used monte-carlo/,
    );
    const partial = await cli("analyze", ids.partial, "--method", "sobol");
    expect(partial.code).toBe(2);
    expect(partial.err).toBe(
      "cocasim: Sobol' analysis needs the outcome y on every design row, but 20 of 40 have none: run the experiment again to finish it\n",
    );
  });
});

describe("cocasim analyze --method morris", () => {
  it("recovers the effects of a linear function over each factor's range, with no spread", async () => {
    const doc = await json("analyze", ids.morris, "--method", "morris", "--outcome", "y");
    const r = doc.results[0];
    expect(r.names).toEqual(["a", "b", "c"]);
    expect(r.trajectories).toBe(20);
    // y = 10a + b with a over [0, 2]: 20 per full range of a, 1 of b, 0 of c.
    expect(r.muStar[0]).toBeCloseTo(20, 9);
    expect(r.muStar[1]).toBeCloseTo(1, 9);
    expect(r.muStar[2]).toBeCloseTo(0, 9);
    expect(r.mu[0]).toBeCloseTo(20, 9);
    for (const s of r.sigma) expect(s).toBeCloseTo(0, 9);
  });

  it("prints mu*, its interval, mu and sigma, most influential first", async () => {
    const r = await cli("analyze", ids.morris, "--method", "morris", "--outcome", "minus-y");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[2]).toMatch(/^factor +mu\* +± +mu +sigma$/);
    expect(lines[4]).toMatch(/^a +20 +0 +-20 +\S+$/); // sigma: 0 up to round-off
  });
});

describe("cocasim analyze --method prim", () => {
  it("finds the box where the outcome is high, with its trade-off curve and quasi-p-values", async () => {
    const doc = await json(
      "analyze",
      ids.prim,
      "--method",
      "prim",
      "--outcome",
      "y",
      "--threshold",
      "5",
      "--above",
    );
    const r = doc.result;
    expect(r.outcome).toBe("y");
    expect(r.side).toBe("above");
    expect(r.n).toBe(600);
    // About 0.3 × 0.3 of the rows.
    expect(r.casesOfInterest).toBeGreaterThan(40);
    expect(r.casesOfInterest).toBeLessThan(70);
    expect(r.trajectory[0]).toMatchObject({ index: 0, phase: "initial", coverage: 1, mass: 1 });
    expect(r.chosen.density).toBeGreaterThanOrEqual(0.8);
    expect(r.chosen.coverage).toBeGreaterThan(0.7);
    const byName = Object.fromEntries(r.chosen.restrictions.map((l: { name: string }) => [l.name, l]));
    expect(Math.abs(byName.p.lower - 0.7)).toBeLessThan(0.05);
    expect(Math.abs(byName.q.upper - 0.3)).toBeLessThan(0.05);
    expect(byName.p.qpLower).toBeLessThan(1e-6);
    expect(byName.q.qpUpper).toBeLessThan(1e-6);
  });

  it("defaults to the median and to the outcome's direction, and prints the curve and the box", async () => {
    const doc = await json("analyze", ids.prim, "--method", "prim", "--outcome", "minus-y");
    expect(doc.result.side).toBe("above"); // minus-y is to be maximised
    expect(doc.result.threshold).toBe(0); // its median
    const r = await cli("analyze", ids.prim, "--method", "prim", "--threshold", "5", "--above", "--box", "2");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^PRIM on y >= 5: \d+ of 600 rows are cases of interest\n\nTrade-off curve/);
    expect(r.out).toMatch(/\n \*2 {2}peel /);
    expect(r.out).toContain("\nBox 2: coverage ");
    expect(r.out).toMatch(/\nfactor +box +design range +qp lower +qp upper\n/);
  });

  it("rejects a threshold no row reaches, and an unknown outcome (exit 2)", async () => {
    const none = await cli("analyze", ids.prim, "--method", "prim", "--threshold", "50", "--above");
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^cocasim: no design row has y >= 50: choose another threshold/);
    const unknown = await cli("analyze", ids.prim, "--method", "prim", "--outcome", "z");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('cocasim: no outcome "z" in experiment box (outcomes: y, minus-y)\n');
  });
});

describe("cocasim analyze --method features", () => {
  it("ranks the factors by importance on any design", async () => {
    const doc = await json("analyze", ids.features, "--method", "features", "--outcome", "y");
    const r = doc.results[0];
    expect(r.ranking).toEqual(["a", "b", "c"]);
    expect(r.scores[0]).toBeGreaterThan(0.6);
    expect(r.scores[2]).toBeLessThan(0.1);
    expect(r.scores.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 9);
    expect(r.oobScore).toBeGreaterThan(0.9);
  });

  it("uses the rows that have outcomes, saying so", async () => {
    const r = await cli("analyze", ids.partial, "--method", "features", "--outcome", "y");
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      "note: 20 of 40 design rows have outcomes; analysing those (run the experiment again to finish it)\n",
    );
    expect(r.out).toMatch(/random forest of 100 trees on 20 rows/);
  });
});

describe("cocasim analyze: usage", () => {
  it("rejects unknown ids, options of another method and a missing method (exit 2)", async () => {
    expect((await cli("analyze", "ffffffffffff", "--method", "features")).err).toMatch(
      /^cocasim: no experiment with id ffffffffffff in /,
    );
    const bad = await cli("analyze", "xyz", "--method", "features");
    expect([bad.code, bad.err]).toEqual([
      2,
      'cocasim: "xyz" is not an id: ids are hex digits, as `cocasim runs` lists them\n',
    ]);
    const threshold = await cli("analyze", ids.features, "--method", "features", "--threshold", "1");
    expect([threshold.code, threshold.err]).toEqual([2, "cocasim: --threshold is for --method prim\n"]);
    const both = await cli("analyze", ids.prim, "--method", "prim", "--below", "--above");
    expect(both.code).toBe(2);
    const none = await cli("analyze", ids.prim);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/required option '--method <method>' not specified/);
    const other = await cli("analyze", ids.prim, "--method", "anova");
    expect(other.code).toBe(2);
  });
});
