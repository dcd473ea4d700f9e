import { describe, expect, it } from "vitest";
import { summariseEnsemble } from "../../src/ensemble/summarise.ts";
import type { YearSummary } from "../../src/model/results.ts";
import { makeSummary, makeYear } from "./fixtures.ts";

/** Three runs; hectares 100, 200, 400 and zone A 10, 20, 30 in 2020; leaf price 3, 3, 3. */
function threeRuns() {
  return [
    makeSummary(11, [makeYear({ hectares: 100, byZone: { A: 10, B: 90 } }), makeYear({ year: 2021 })]),
    makeSummary(22, [makeYear({ hectares: 200, byZone: { A: 20, B: 180 } }), makeYear({ year: 2021 })]),
    makeSummary(33, [makeYear({ hectares: 400, byZone: { A: 30, B: 370 } }), makeYear({ year: 2021 })]),
  ];
}

/** The keys of every object in the tree, with their paths, in order. */
function shape(value: unknown, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${path}.${k}`, ...shape(v, `${path}.${k}`)]);
}

describe("summariseEnsemble", () => {
  it("gives the mean and the 5th, 50th and 95th percentiles of every figure", () => {
    const e = summariseEnsemble(threeRuns());
    expect(e.scenario).toBe("test");
    expect(e.runs).toBe(3);
    expect(e.seeds).toEqual([11, 22, 33]);
    expect(e.years.map((y) => y.year)).toEqual([2020, 2021]);
    const [y2020] = e.years;
    // [100, 200, 400]: mean 700/3; type 7 with h = 0.1, 1, 1.9
    expect(y2020.hectares.total.mean).toBeCloseTo(700 / 3, 12);
    expect(y2020.hectares.total.p5).toBe(110);
    expect(y2020.hectares.total.p50).toBe(200);
    expect(y2020.hectares.total.p95).toBeCloseTo(380, 12);
    // [10, 20, 30]
    expect(y2020.hectares.byZone.A).toEqual({ mean: 20, p5: 11, p50: 20, p95: expect.closeTo(29, 12) });
    expect(y2020.prices.leafUsdPerKg).toEqual({ mean: 3, p5: 3, p50: 3, p95: 3 });
    expect(y2020.exportsTonnesByMode.river).toEqual({ mean: 10, p5: 10, p50: 10, p95: 10 });
    expect(y2020.cocaineTonnes.exported.mean).toBe(40);
    expect(y2020.activeRoutes.p50).toBe(10);
  });

  it("keeps the nested shape of YearSummary, with a Stat in place of every number", () => {
    const e = summariseEnsemble(threeRuns());
    const year = makeYear();
    const expected = shape(year)
      .filter((p) => p !== ".year")
      .flatMap((p) => {
        const value = p
          .slice(1)
          .split(".")
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], year);
        return typeof value === "number" ? [p, `${p}.mean`, `${p}.p5`, `${p}.p50`, `${p}.p95`] : [p];
      });
    expect(shape(e.years[0])).toEqual([".year", ...expected]);
    expect(typeof e.years[0].year).toBe("number");
  });

  it("is the run itself for a single run", () => {
    const [run] = threeRuns();
    const e = summariseEnsemble([run]);
    expect(e.years[0].hectares.total).toEqual({ mean: 100, p5: 100, p50: 100, p95: 100 });
  });

  it("does not depend on how the runs were computed, only on their order", () => {
    const runs = threeRuns();
    const copy = JSON.parse(JSON.stringify(runs));
    expect(JSON.stringify(summariseEnsemble(copy))).toBe(JSON.stringify(summariseEnsemble(runs)));
  });

  it("rejects runs that do not match, naming the difference", () => {
    const runs = threeRuns();
    expect(() => summariseEnsemble([])).toThrow(/no runs/);
    const otherZone = makeSummary(44, [makeYear({ byZone: { A: 1, C: 2 } }), makeYear({ year: 2021 })]);
    expect(() => summariseEnsemble([runs[0], otherZone])).toThrow(
      "run 1 lacks years[0].hectares.byZone.B that run 0 has",
    );
    const fewerYears = makeSummary(44, [makeYear()]);
    expect(() => summariseEnsemble([runs[0], { ...fewerYears, to: runs[0].to }])).toThrow(
      /run 1 has the years \[2020\], run 0 \[2020,2021\]/,
    );
    expect(() => summariseEnsemble([runs[0], { ...runs[1], scenario: "other" }])).toThrow(
      /run 1 is of "other"/,
    );
    const bad = { ...makeYear(), arrests: "many" } as unknown as YearSummary;
    expect(() => summariseEnsemble([runs[0], makeSummary(5, [bad, makeYear({ year: 2021 })])])).toThrow(
      "run 1 has a string at years[0].arrests, run 0 a number",
    );
  });
});
