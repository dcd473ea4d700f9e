import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { observedZoneHectares } from "../data/record.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { ZONE_NAMES } from "../model/zones/zones.ts";
import { applyDiscrepancy, type Discrepancy, estimateDiscrepancy } from "./discrepancy.ts";
import { fitReport } from "./fit-report.ts";

const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];

/** A run whose zone hectares are (record + 100) × factor(zone, year) − 100 (1,000 ha where there is no record). */
function run(factor: (zone: string, year: number) => number, seed = 1): Summary {
  return {
    scenario: "fixture",
    seed,
    from: "2018-01",
    to: "2024-12",
    years: YEARS.map((year) => {
      const byZone: Record<string, number> = {};
      let total = 0;
      for (const zone of ZONE_NAMES) {
        const observed = observedZoneHectares(zone, year) ?? 1000;
        byZone[zone] = (observed + 100) * factor(zone, year) - 100;
        total += byZone[zone];
      }
      return { year, hectares: { total, byZone }, leafTonnes: 7 } as unknown as YearSummary;
    }),
  };
}

describe("model discrepancy (Kennedy & O'Hagan)", () => {
  it("is zero when the ensemble mean follows the record in the calibration years", () => {
    const d = estimateDiscrepancy([run(() => 1)]);
    expect(d.sigmaCommon).toBeCloseTo(0, 12);
    expect(d.sigmaZone).toBeCloseTo(0, 12);
    expect(d.originYear).toBe(2018);
    expect(d.years).toEqual([2018, 2019, 2020, 2021]);
  });

  it("puts a drift shared by every zone in the common walk and a zone's own in the zone walk", () => {
    // Every zone falls 10% a year behind the record: all increments are log(1.1).
    const common = estimateDiscrepancy([run((_, year) => 1.1 ** -(year - 2017))]);
    expect(common.sigmaCommon).toBeCloseTo(Math.log(1.1), 9);
    expect(common.sigmaZone).toBeCloseTo(0, 9);
    // Zones alternately 20% above and below, fixed from the first year: the shared
    // mean is near zero after the first year and the zone increments are not.
    const split = estimateDiscrepancy([
      run((zone, year) => (year >= 2018 ? (ZONE_NAMES.indexOf(zone) % 2 ? 1.2 : 1 / 1.2) : 1)),
    ]);
    expect(split.sigmaZone).toBeGreaterThan(0.05);
  });

  it("reads only the calibration years: what the runs do in 2022-2024 does not change it", () => {
    const early = (zone: string, year: number) => 1 + 0.05 * ((ZONE_NAMES.indexOf(zone) + year) % 3);
    const a = estimateDiscrepancy([run(early)]);
    const b = estimateDiscrepancy([run((zone, year) => (year >= 2022 ? 3 : early(zone, year)))]);
    expect(b).toEqual(a);
  });

  it("widens each member by a seeded random walk, keeps national = sum of zones and leaves the rest alone", () => {
    const d: Discrepancy = { sigmaCommon: 0.1, sigmaZone: 0.2, originYear: 2018, increments: 0, years: [] };
    const runs = Array.from({ length: 400 }, (_, i) => run(() => 1, i + 1));
    const seeds = runs.map((r) => r.seed);
    const members = applyDiscrepancy(runs, seeds, d);
    expect(applyDiscrepancy(runs, seeds, d)).toEqual(members);
    for (const m of members.slice(0, 5))
      for (const y of m.years) {
        const sum = Object.values(y.hectares.byZone).reduce((s, v) => s + v, 0);
        expect(y.hectares.total).toBeCloseTo(sum, 6);
        expect(y.leafTonnes).toBe(7);
      }
    // The log ratio's spread in year y is sqrt((y − 2017) · (σc² + σu²)).
    const vraem = (year: number) =>
      members.map((m) => {
        const y = m.years.find((e) => e.year === year);
        const base = runs[0].years.find((e) => e.year === year);
        return Math.log((y!.hectares.byZone.VRAEM + 100) / (base!.hectares.byZone.VRAEM + 100));
      });
    for (const year of [2018, 2024]) {
      const v = vraem(year);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
      const expected = Math.sqrt((year - 2017) * (0.1 ** 2 + 0.2 ** 2));
      // 400 draws: the sample sd is within about 3.5 standard errors (sd / sqrt(2n)).
      expect(Math.abs(sd - expected)).toBeLessThan((3.5 * expected) / Math.sqrt(800));
      expect(Math.abs(mean)).toBeLessThan((3.5 * expected) / 20);
    }
  });

  it("never makes hectares negative and adds nothing when both sigmas are zero", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (sigmaCommon, sigmaZone, seed) => {
          const d = { sigmaCommon, sigmaZone, originYear: 2018, increments: 0, years: [] };
          const [member] = applyDiscrepancy([run(() => 0.5)], [seed], d);
          for (const y of member.years)
            for (const v of Object.values(y.hectares.byZone)) expect(v).toBeGreaterThanOrEqual(0);
          const [same] = applyDiscrepancy([run(() => 0.5)], [seed], { ...d, sigmaCommon: 0, sigmaZone: 0 });
          expect(same.years.map((y) => y.hectares.byZone)).toEqual(
            run(() => 0.5).years.map((y) => y.hectares.byZone),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it("gives the fit report a predictive interval at least as wide as the ensemble's", () => {
    const runs = [0.9, 1, 1.1].map((f, i) => run(() => f * 1.3, i + 1));
    const d = estimateDiscrepancy(runs);
    const members = applyDiscrepancy(
      Array.from({ length: 60 }, (_, i) => runs[i % 3]),
      Array.from({ length: 60 }, (_, i) => i + 1),
      { ...d, sigmaCommon: 0.2, sigmaZone: 0.2 },
    );
    const report = fitReport(runs, [2022, 2023, 2024], { runs: members, discrepancy: d });
    expect(report.zoneCoverage90).toBe(0);
    expect(report.zonePredictiveCoverage90).toBeGreaterThan(0.5);
    expect(report.targets.predictiveCoverageAtLeast80).toBe(report.zonePredictiveCoverage90! >= 0.8);
    for (const r of report.rows) expect(r.predictiveP95! - r.predictiveP5!).toBeGreaterThan(r.p95 - r.p5);
  });
});
