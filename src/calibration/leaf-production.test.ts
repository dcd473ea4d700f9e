import { describe, expect, it } from "vitest";
import { CONVERSION_FACTORS } from "../data/record.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { leafProductionRows } from "./leaf-production.ts";

/** A run with the given leaf tonnes by year (nothing else is read). */
function run(leaf: Record<number, number>): Summary {
  const years = Object.keys(leaf).map(Number);
  return {
    scenario: "fixture",
    seed: 1,
    from: `${years[0]}-01`,
    to: `${years[years.length - 1]}-12`,
    years: years.map((year) => ({ year, leafTonnes: leaf[year] }) as unknown as YearSummary),
  };
}

const recorded2020 = CONVERSION_FACTORS.find(
  (r) => r.kind === "leaf_production" && r.item === "Peru potential sun-dried leaf" && r.year === 2020,
);

describe("leaf production against the record", () => {
  it("has the 2020 national figure derived from DEVIDA's VRAEM production and share", () => {
    expect(recorded2020?.status).toBe("derived");
    // 101,406 t were 69.3% of the national production.
    expect(recorded2020?.value).toBeCloseTo((101406 * 1000) / 693, -1);
  });

  it("compares the ensemble's leaf with the record in the years both have", () => {
    const runs = [
      run({ 2019: 1, 2020: 100000, 2021: 1 }),
      run({ 2019: 1, 2020: 120000, 2021: 1 }),
      run({ 2019: 1, 2020: 140000, 2021: 1 }),
    ];
    const rows = leafProductionRows(runs);
    expect(rows.map((r) => r.year)).toEqual([2020]);
    const [r] = rows;
    expect(r.mean).toBe(120000);
    expect(r.p5).toBeCloseTo(102000, 6);
    expect(r.p95).toBeCloseTo(138000, 6);
    expect(r.relativeError).toBeCloseTo((120000 - recorded2020!.value) / recorded2020!.value, 12);
    expect(r.inside90).toBe(false);
    expect(leafProductionRows([run({ 2020: 140000 }), run({ 2020: 150000 })])[0].inside90).toBe(true);
  });

  it("takes the last of several figures for a year (2012: a rounded one, then the precise one)", () => {
    const rows = leafProductionRows([run({ 2012: 128000 })]);
    expect(rows.map((r) => [r.year, r.observed])).toEqual([[2012, 128739]]);
  });

  it("has no rows when the runs cover no recorded year", () => {
    expect(leafProductionRows([run({ 2030: 1 })])).toEqual([]);
  });
});
