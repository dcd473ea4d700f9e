import { describe, expect, it } from "vitest";
import { observedNationalHectares, observedZoneHectares } from "../data/record.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { OTHER_ZONES, ZONE_NAMES } from "../model/zones/zones.ts";
import { calibrationDistance } from "./distance.ts";
import { bandsCsv, fitReport, fitReportTable, zoneChartSvg } from "./fit-report.ts";

/** A run whose hectares are the record scaled by `factor` (zones without a record: 0). */
function runAt(factor: number, years: number[]): Summary {
  return {
    scenario: "fixture",
    seed: 1,
    from: `${years[0]}-01`,
    to: `${years[years.length - 1]}-12`,
    years: years.map((year) => {
      const byZone: Record<string, number> = {};
      for (const zone of ZONE_NAMES)
        byZone[zone] = zone === OTHER_ZONES ? 0 : (observedZoneHectares(zone, year) ?? 0) * factor;
      const y = {
        year,
        hectares: { total: (observedNationalHectares(year) ?? 0) * factor, byZone },
        cocaineTonnes: { produced: 0, exported: 0, seized: 40, seizedAtLabs: 0, stock: 0 },
      };
      return y as unknown as YearSummary;
    }),
  };
}

describe("fit report", () => {
  const years = [2018, 2019, 2020, 2021, 2022, 2023, 2024];

  it("finds no error when the ensemble brackets the record", () => {
    const report = fitReport([runAt(0.9, years), runAt(1, years), runAt(1.1, years)]);
    expect(report.national.mape).toBeCloseTo(0, 9);
    expect(report.weightedZoneError).toBeCloseTo(0, 9);
    expect(report.zoneCoverage90).toBe(1);
    expect(report.targets).toEqual({
      nationalErrorEachYearAtMost10: true,
      weightedZoneErrorAtMost25: true,
      coverageAtLeast80: true,
    });
    expect(report.rows.filter((r) => r.zone === "national").map((r) => r.year)).toEqual([2022, 2023, 2024]);
  });

  it("measures bias and misses when the ensemble runs 20% high", () => {
    const report = fitReport([runAt(1.19, years), runAt(1.2, years), runAt(1.21, years)]);
    expect(report.national.mape).toBeCloseTo(0.2, 6);
    expect(report.national.bias).toBeGreaterThan(0);
    expect(report.zoneCoverage90).toBe(0);
    expect(report.targets.nationalErrorEachYearAtMost10).toBe(false);
    expect(report.targets.weightedZoneErrorAtMost25).toBe(true);
    expect(fitReportTable(report)).toContain("| national | 2022 |");
  });

  it("draws an SVG with a band, a mean line and the observed points", () => {
    const svg = zoneChartSvg(
      [runAt(0.9, years), runAt(1.1, years)],
      "VRAEM",
      [{ year: 2022, hectares: 35709 }],
      2021,
    );
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain("<polygon");
    expect(svg).toContain("<polyline");
    expect(svg).toContain("DEVIDA 2022: 35709 ha");
  });
});

describe("bands.csv", () => {
  it("has one row per zone and simulated year, national first, with the predictive columns when given", () => {
    const years = [2018, 2019, 2020];
    const runs = [runAt(0.9, years), runAt(1, years), runAt(1.1, years)];
    const plain = bandsCsv(runs).trimEnd().split("\n");
    expect(plain[0]).toBe("zone,year,mean_ha,p5_ha,p95_ha,predictive_p5_ha,predictive_p95_ha");
    expect(plain.length).toBe(1 + (1 + ZONE_NAMES.length) * years.length);
    const [zone, year, mean, p5, p95, pp5, pp95] = plain[1].split(",");
    expect([zone, year]).toEqual(["national", "2018"]);
    expect(Number(mean)).toBeCloseTo(observedNationalHectares(2018)!, 0);
    expect(Number(p5)).toBeLessThan(Number(mean));
    expect(Number(p95)).toBeGreaterThan(Number(mean));
    expect([pp5, pp95]).toEqual(["", ""]);
    const wide = bandsCsv(runs, [runAt(0.5, years), runAt(2, years)])
      .split("\n")[1]
      .split(",");
    expect(Number(wide[5])).toBeLessThan(Number(p5));
    expect(Number(wide[6])).toBeGreaterThan(Number(p95));
  });
});

describe("calibration distance", () => {
  it("is zero on the record and grows with the error", () => {
    const years = [2018, 2019, 2020, 2021];
    const perfect = calibrationDistance([runAt(1, years)], years);
    const off = calibrationDistance([runAt(1.3, years)], years);
    expect(perfect.zones).toBeCloseTo(0, 9);
    expect(perfect.national).toBeCloseTo(0, 9);
    expect(off.zones).toBeGreaterThan(0.2);
    expect(off.total).toBeGreaterThan(perfect.total);
  });
});
