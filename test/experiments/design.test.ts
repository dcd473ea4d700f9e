/** Designs, and the mapping of design rows to the scenarios to simulate and of runs to outcomes. */
import { describe, expect, it } from "vitest";
import { parseMonth } from "../../src/core/time.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import {
  buildDesign,
  checkAgainstScenario,
  designRowCount,
  type ExperimentDefinition,
  experimentJobs,
  FIGURE_PATHS,
  figureValue,
  parseExperiment,
  rowMapper,
  rowOutcome,
  storedDefinition,
  withPeriod,
} from "../../src/experiments/index.ts";
import type { Summary } from "../../src/model/results.ts";
import { formatErrors } from "../../src/scenario/parse.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import { summaryRows } from "../../src/store/flatten.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";

function definition(text: string): ExperimentDefinition {
  const r = parseExperiment(text, "x.yaml");
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.definition;
}

const FACTORS = `name: mapping
uncertainties:
  - parameter: growers.logitScaleUsd
    range: [1000, 3000]
  - parameter: growers.decisionIntervalMonths
    range: [2, 5]
  - name: vraem-state
    parameter: zones.VRAE.statePresence
    values: [0.2, 0.6]
levers:
  - name: eradication
    policy: { kind: eradication, from: 2020-06, to: 2020-12, where: { zones: [VRAE] } }
    field: hectaresPerYear
    values: [0, 10000, 20000]
  - name: raids
    policy: { kind: lab-raids, from: 2020-01, intensity: 2 }
    field: labsPerYear
    range: [0, 1]
outcomes:
  - { name: ha, figure: hectares.total, direction: minimize }
`;

/** Base scenario: one policy and one parameter override of its own. */
const BASE: ResolvedScenario = {
  ...fakeScenario({ name: "base", seed: 42 }),
  parameters: { "growers.meanFarmHa": 3, "zones.VRAEM.statePresence": 0.9 },
  policies: [{ kind: "checkpoints", intensity: 1.5, from: parseMonth("2020-01")! }],
};

describe("designs", () => {
  const base = (sampler: string, extra = "") =>
    definition(
      `name: d\nuncertainties:\n  - parameter: growers.logitScaleUsd\n  - parameter: growers.decisionIntervalMonths\n  - { parameter: growers.riskWeight, values: [0.1, 0.5, 0.9] }\n` +
        `outcomes:\n  - { name: ha, figure: hectares.total, direction: report }\ndesign:\n  sampler: ${sampler}\n${extra}`,
    );

  it("has the rows each sampler promises, inside the factors' domains", () => {
    const cases: [string, string, number][] = [
      ["latin-hypercube", "  samples: 7\n", 7],
      ["monte-carlo", "  samples: 5\n", 5],
      ["full-factorial", "  levels: 2\n", 2 * 2 * 3],
      ["sobol", "  samples: 4\n", 4 * (3 + 2)],
      ["sobol", "  samples: 4\n  secondOrder: true\n", 4 * (2 * 3 + 2)],
      ["morris", "  samples: 3\n", 3 * (3 + 1)],
    ];
    for (const [sampler, extra, rows] of cases) {
      const def = base(sampler, extra);
      const design = buildDesign(def);
      expect(design.rows).toHaveLength(rows);
      expect(designRowCount(def)).toBe(rows);
      for (const row of design.rows) {
        expect(row.unit.every((u) => u >= 0 && u <= 1)).toBe(true);
        expect(row.x[0]).toBeGreaterThanOrEqual(1500);
        expect(row.x[0]).toBeLessThanOrEqual(15000);
        expect(Number.isInteger(row.x[1]) && row.x[1] >= 1 && row.x[1] <= 12).toBe(true);
        expect([0, 1, 2]).toContain(row.x[2]); // category index
      }
    }
  });

  it("is a pure function of the definition: same seed, same rows; another seed, other rows", () => {
    const a = buildDesign(base("latin-hypercube", "  samples: 6\n  seed: 9\n"));
    const b = buildDesign(base("latin-hypercube", "  samples: 6\n  seed: 9\n"));
    const c = buildDesign(base("latin-hypercube", "  samples: 6\n  seed: 10\n"));
    expect(b.rows).toEqual(a.rows);
    expect(c.rows).not.toEqual(a.rows);
  });

  it("enumerates every category and integer of a full factorial with as many levels", () => {
    const def = base("full-factorial", "  levels: 12\n");
    const rows = buildDesign(def).rows;
    expect(rows).toHaveLength(12 * 12 * 3);
    expect(new Set(rows.map((r) => r.x[1]))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(new Set(rows.map((r) => r.x[2]))).toEqual(new Set([0, 1, 2]));
  });
});

describe("design rows → scenarios", () => {
  const def = definition(`${FACTORS}design: { sampler: full-factorial, levels: 2 }\n`);
  const mapper = rowMapper(def, BASE);

  it("sets the uncertainties' parameters over the base's, keys sorted, zone names canonical", () => {
    // x: logitScaleUsd, decisionIntervalMonths, vraem-state (index), eradication (index), raids' labs
    const s = mapper([1500, 4, 1, 2, 0.25], 3);
    expect(s.parameters).toEqual({
      "growers.decisionIntervalMonths": 4,
      "growers.logitScaleUsd": 1500,
      "growers.meanFarmHa": 3,
      "zones.VRAEM.statePresence": 0.6,
    });
    expect(Object.keys(s.parameters)).toEqual([...Object.keys(s.parameters)].sort());
    expect(s.name).toBe("mapping #3");
    expect([s.from, s.to, s.seed]).toEqual([BASE.from, BASE.to, BASE.seed]);
  });

  it("adds one policy per lever after the base's, with the row's value of its field", () => {
    const s = mapper([1500, 4, 0, 1, 0.75], 0);
    expect(s.policies).toEqual([
      BASE.policies[0],
      {
        kind: "eradication",
        from: parseMonth("2020-06"),
        to: parseMonth("2020-12"),
        where: { zones: ["VRAEM"] },
        intensity: 1,
        hectaresPerYear: 10000,
      },
      { kind: "lab-raids", from: parseMonth("2020-01"), intensity: 2, labsPerYear: 0.75 },
    ]);
    expect(BASE.policies).toHaveLength(1); // the base is not changed
  });

  it("maps the stored design rows one to one", () => {
    const design = buildDesign(def);
    // 2 × 2 levels for the first two, 2 values, 3 values, 2 levels
    expect(design.rows).toHaveLength(2 * 2 * 2 * 3 * 2);
    const scenarios = design.rows.map((r, i) => mapper(r.x, i));
    expect(new Set(scenarios.map((s) => s.parameters["growers.logitScaleUsd"]))).toEqual(
      new Set([1000, 3000]),
    );
    expect(new Set(scenarios.map((s) => s.parameters["growers.decisionIntervalMonths"]))).toEqual(
      new Set([2, 5]),
    );
    expect(
      new Set(scenarios.map((s) => (s.policies[1] as { hectaresPerYear?: number }).hectaresPerYear)),
    ).toEqual(new Set([0, 10000, 20000]));
  });

  it("runs every row once per replication seed, the same seeds for every row", () => {
    const two = { ...def, replications: 2 };
    const stored = storedDefinition(two, BASE);
    expect(stored.seeds).toEqual(ensembleSeeds(42, 2));
    const rows = buildDesign(two)
      .rows.slice(0, 3)
      .map((r, i) => ({ index: i, x: r.x }));
    const jobs = experimentJobs(stored, rows);
    expect(jobs.map((j) => j.seed)).toEqual([...stored.seeds, ...stored.seeds, ...stored.seeds]);
    expect(jobs[0].scenario).toBe(jobs[1].scenario); // one scenario object per row
    expect(jobs[2].scenario.name).toBe("mapping #1");
  });

  it("applies the experiment's period to the base", () => {
    const d = { ...def, period: { from: "2020-03", to: "2020-08" } };
    const b = withPeriod(d, BASE);
    expect([b.from, b.to]).toEqual([parseMonth("2020-03"), parseMonth("2020-08")]);
    expect(withPeriod(def, BASE)).toBe(BASE);
  });
});

describe("checks against the base scenario", () => {
  it("finds levers and outcome years outside the base's period", () => {
    const def = definition(
      `${FACTORS.replace("from: 2020-06, to: 2020-12", "from: 2023-01")}  - { name: y, figure: arrests, year: 2019, direction: report }\ndesign: { sampler: monte-carlo, samples: 2 }\n`,
    );
    expect(checkAgainstScenario(def, BASE)).toEqual([
      {
        path: ["levers", 0, "policy", "from"],
        message:
          'expected a month within the period 2020-01..2021-12, got "2023-01" (the policy would start after the run ends)',
      },
      {
        path: ["outcomes", 1, "year"],
        message: "expected a year within the period (2020 to 2021), got 2019",
      },
    ]);
  });

  it("finds parameters that may cross: maturation months and moral-cost shares", () => {
    const def = definition(
      "name: c\nuncertainties:\n  - { parameter: growers.maturationMonthsMin, range: [6, 20] }\n  - { parameter: growers.noMoralCostShare, range: [0.5, 0.7] }\n" +
        "outcomes:\n  - { name: a, figure: arrests, direction: report }\ndesign: { sampler: monte-carlo, samples: 2 }\n",
    );
    expect(checkAgainstScenario(def, BASE)).toEqual([
      {
        path: ["uncertainties", 0, "range"],
        message:
          "expected growers.maturationMonthsMin <= growers.maturationMonthsMax at every design point, but the minimum can reach 20 and the maximum fall to 18",
      },
      {
        path: ["uncertainties", 1, "range"],
        message:
          "expected growers.highMoralCostShare + growers.noMoralCostShare <= 1 at every design point, but they can reach 0.33 + 0.7",
      },
    ]);
  });
});

describe("runs → outcomes", () => {
  const summary = (seed: number): Summary => fakeSimulate(fakeScenario({ seed })).summary;

  it("reads a figure in a year, in the last year, or summed or averaged over the years", () => {
    const s = summary(42); // years 2020 and 2021
    const ha = s.years.map((y) => y.hectares.total);
    expect(figureValue(s, "hectares.total", 2020)).toBe(ha[0]);
    expect(figureValue(s, "hectares.total", "last")).toBe(ha[1]);
    expect(figureValue(s, "hectares.total", "sum")).toBe(ha[0] + ha[1]);
    expect(figureValue(s, "hectares.total", "mean")).toBe((ha[0] + ha[1]) / 2);
    expect(figureValue(s, "hectares.byZone.VRAEM", "last")).toBe(s.years[1].hectares.byZone.VRAEM);
    expect(figureValue(s, "hectares.byZone.La Convención-Lares", 2021)).toBe(10000);
    expect(figureValue(s, "exportsTonnesByMode.river", "sum")).toBe(400);
    expect(figureValue(s, "hectares.total", 2019)).toBeNaN();
  });

  it("averages the replications and keeps each one", () => {
    const def = definition(
      `${FACTORS}  - { name: exp, figure: cocaineTonnes.produced, year: sum, direction: report }\ndesign: { sampler: monte-carlo, samples: 2 }\n`,
    );
    const runs = [summary(1), summary(2)];
    const one = rowOutcome(def, [runs[0]]);
    expect(one).toEqual({ values: { ha: runs[0].years[1].hectares.total, exp: 2 * 800.25 * 1.1 } });
    const both = rowOutcome(def, runs);
    expect(both.replications).toHaveLength(2);
    expect(both.values.ha).toBeCloseTo(
      (runs[0].years[1].hectares.total + runs[1].years[1].hectares.total) / 2,
      9,
    );
  });

  it("knows every figure of a summary", () => {
    const figures = new Set(summaryRows(summary(3)).map((r) => r.figure));
    for (const f of figures) expect(FIGURE_PATHS).toContain(f);
  });
});
