import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createStreams, nextNormal } from "../core/rng.ts";
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

/** exp of an independent random walk per zone with step `sigma` a year from 2018, drawn from `seed`. */
function walk(sigma: number, seed: number): (zone: string, year: number) => number {
  const rng = createStreams(seed, ["test.walk"]);
  const table = new Map<string, number>();
  for (const zone of ZONE_NAMES) {
    let w = 0;
    for (const year of YEARS) {
      w += sigma * nextNormal(rng.state, 0);
      table.set(`${zone}|${year}`, Math.exp(w));
    }
  }
  return (zone, year) => table.get(`${zone}|${year}`)!;
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
    // Zones alternately 20% above and below from the first year: the first year's
    // steps are the zones' own, and their hectare-weighted mean is small.
    const split = estimateDiscrepancy([run((zone) => (ZONE_NAMES.indexOf(zone) % 2 ? 1.2 : 1 / 1.2))]);
    expect(split.sigmaZone).toBeGreaterThan(0.05);
    expect(split.sigmaCommon).toBeLessThan(split.sigmaZone);
  });

  it("removes the members' own spread: a record that behaves like one more member has almost no discrepancy", () => {
    // Members and the record are the same random walk (step 0.2 a year) around a
    // common path: the record is a draw of the model. Without the correction the
    // zones' sigma would come out near 0.2.
    // The estimate rests on few hectare-weighted steps, so it is averaged over four
    // such records (as an RMS of the sigmas); one record alone can read up to ~0.1.
    const estimates = [999, 998, 997, 996].map((b) => {
      const base = walk(0.2, b);
      return estimateDiscrepancy(
        Array.from({ length: 100 }, (_, i) => {
          const own = walk(0.2, i + 1);
          return run((zone, year) => own(zone, year) / base(zone, year), i + 1);
        }),
      );
    });
    const rms = (pick: (d: Discrepancy) => number) =>
      Math.sqrt(estimates.reduce((sum, d) => sum + pick(d) ** 2, 0) / estimates.length);
    expect(rms((d) => d.sigmaZone)).toBeLessThan(0.1);
    expect(rms((d) => d.sigmaCommon)).toBeLessThan(0.1);
    const base = walk(0.2, 999);
    const members = Array.from({ length: 100 }, (_, i) => run(() => 1, i + 1));
    // The same members against a record that also drifts on its own (step 0.3).
    const drift = walk(0.3, 4242);
    const off = estimateDiscrepancy(
      members.map((m, i) => {
        const own = walk(0.2, i + 1);
        return run((zone, year) => own(zone, year) / base(zone, year) / drift(zone, year), m.seed);
      }),
    );
    expect(off.sigmaZone).toBeGreaterThan(0.2);
  });

  it("reads only the calibration years: what the runs do in 2022-2024 does not change it", () => {
    const early = (zone: string, year: number) => 1 + 0.05 * ((ZONE_NAMES.indexOf(zone) + year) % 3);
    const a = estimateDiscrepancy([run(early)]);
    const b = estimateDiscrepancy([run((zone, year) => (year >= 2022 ? 3 : early(zone, year)))]);
    expect(b).toEqual(a);
  });

  it("widens each member by a seeded random walk, keeps national = sum of zones and leaves the rest alone", () => {
    const d: Discrepancy = {
      sigmaCommon: 0.1,
      sigmaZone: 0.2,
      originYear: 2018,
      incrementCount: 0,
      years: [],
    };
    const runs = Array.from({ length: 400 }, (_, i) => run(() => 1, i + 1));
    const members = applyDiscrepancy(runs, d);
    expect(applyDiscrepancy(runs, d)).toEqual(members);
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

  it("leaves hectares unchanged (to rounding) when both sigmas are zero, whatever the seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        (seed, f) => {
          const d = { sigmaCommon: 0, sigmaZone: 0, originYear: 2018, incrementCount: 0, years: [] };
          const original = run(() => f, seed);
          const [same] = applyDiscrepancy([original], d);
          same.years.forEach((y, k) => {
            for (const [zone, v] of Object.entries(y.hectares.byZone))
              expect(v).toBeCloseTo(Math.max(0, original.years[k].hectares.byZone[zone]), 6);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it("gives the fit report a predictive interval at least as wide as the ensemble's", () => {
    const runs = [0.9, 1, 1.1].map((f, i) => run(() => f * 1.3, i + 1));
    const d = estimateDiscrepancy(runs);
    const members = applyDiscrepancy(
      Array.from({ length: 60 }, (_, i) => ({ ...runs[i % 3], seed: i + 1 })),
      { ...d, sigmaCommon: 0.2, sigmaZone: 0.2 },
    );
    const report = fitReport(runs, [2022, 2023, 2024], { runs: members, discrepancy: d });
    expect(report.zoneCoverage90).toBe(0);
    expect(report.zonePredictiveCoverage90).toBeGreaterThan(0.5);
    expect(report.targets.predictiveCoverageAtLeast80).toBe(report.zonePredictiveCoverage90! >= 0.8);
    for (const r of report.rows) expect(r.predictiveP95! - r.predictiveP5!).toBeGreaterThan(r.p95 - r.p5);
  });
});
