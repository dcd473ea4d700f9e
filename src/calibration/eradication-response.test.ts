import { describe, expect, it } from "vitest";
import { observedEradication, observedNationalHectares } from "../data/record.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { eradicationResponse, regression } from "./eradication-response.ts";

/** A run whose only figure is national hectares by year. */
function run(hectares: Record<number, number>): Summary {
  const years = Object.entries(hectares).map(
    ([year, total]) => ({ year: Number(year), hectares: { total, byZone: {} } }) as unknown as YearSummary,
  );
  return { years } as unknown as Summary;
}

const record = (year: number) => observedNationalHectares(year)!;

describe("regression", () => {
  it("recovers an exact line and its sign", () => {
    expect(regression([1, 2, 3, 4], [10, 8, 6, 4])).toEqual({ slope: -2, r: -1 });
    const fit = regression([0, 1, 2, 3], [1, 3, 2, 4]);
    expect(fit.slope).toBeCloseTo(0.8, 12);
    expect(fit.r).toBeCloseTo(0.8, 12);
  });
});

describe("eradication response", () => {
  it("regresses DEVIDA's yearly change on the year before's eradication, 2019-2024", () => {
    const years = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
    const flat = run(Object.fromEntries(years.map((y) => [y, 50_000])));
    const response = eradicationResponse([flat])!;
    expect(response.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(response.eradicatedBefore).toEqual(response.years.map((y) => observedEradication(y - 1)));
    expect(response.recorded.changes[2]).toBe(record(2021) - record(2020));
    // The record's answer: strong, negative (docs/validation.md §3).
    expect(response.recorded.slope).toBeLessThan(-0.6);
    expect(response.recorded.r).toBeLessThan(-0.7);
    // A run that does not change cannot answer eradication at all.
    expect(response.simulated.slope).toBe(0);
  });

  it("finds the record's slope inside runs that replay the record, and outside runs that ignore it", () => {
    const years = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
    // Runs whose yearly changes are the record's, scaled by 0.8, 1 and 1.2.
    const replay = (scale: number) =>
      run(Object.fromEntries(years.map((y) => [y, record(2018) + scale * (record(y) - record(2018))])));
    const replaying = eradicationResponse([replay(0.8), replay(1), replay(1.2)])!;
    expect(replaying.simulated.slope).toBeCloseTo(replaying.recorded.slope, 9);
    expect(replaying.simulated.slopeP5).toBeGreaterThan(replaying.recorded.slope * 1.25);
    expect(replaying.inside90).toBe(true);
    const steady = (step: number) =>
      run(Object.fromEntries(years.map((y) => [y, 50_000 + step * (y - 2018)])));
    const ignoring = eradicationResponse([steady(7_000), steady(8_000), steady(9_000)])!;
    expect(ignoring.simulated.slope).toBeCloseTo(0, 9);
    expect(ignoring.inside90).toBe(false);
  });

  it("says nothing with fewer than three years the runs and the record share", () => {
    expect(eradicationResponse([run({ 2018: 1, 2019: 2, 2020: 3 })])).toBeUndefined();
    expect(eradicationResponse([])).toBeUndefined();
  });
});
