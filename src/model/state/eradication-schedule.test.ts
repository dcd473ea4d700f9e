import { describe, expect, it } from "vitest";
import { parseMonth } from "../../core/time.ts";
import { ERADICATION } from "../../data/record.ts";
import {
  allocateStatusQuoEradication,
  FIRST_RECORDED_YEAR,
  LAST_RECORDED_YEAR,
  statusQuoEradicates,
  statusQuoEradicationHa,
} from "./eradication-schedule.ts";

const FUTURE = 30_000;
const monthsOf = (year: number) => Array.from({ length: 12 }, (_, k) => year * 12 + k);
const yearTotal = (year: number) => monthsOf(year).reduce((a, t) => a + statusQuoEradicationHa(t, FUTURE), 0);
const recorded = (year: number, fullYear: boolean) =>
  ERADICATION.find((r) => r.year === year && r.scope === "national" && r.fullYear === fullYear)!.hectares;

describe("status-quo eradication schedule", () => {
  it("gives each recorded year its full-year national total from data/eradication.csv", () => {
    for (let year = FIRST_RECORDED_YEAR; year <= LAST_RECORDED_YEAR; year++) {
      expect(yearTotal(year)).toBeCloseTo(recorded(year, true), 6);
    }
    // The figures that the press on the UNODC/DEVIDA reports gave after the part-year ones.
    expect(yearTotal(2024)).toBeCloseTo(26_475, 6);
    expect(yearTotal(2020)).toBeCloseTo(5_775, 6);
  });

  it("puts 2020's eradication in January-March, before the pandemic stopped it", () => {
    const months = monthsOf(2020).map((t) => statusQuoEradicationHa(t, FUTURE));
    expect(months.slice(3).every((ha) => ha === 0)).toBe(true);
    expect(months[0]).toBeCloseTo(5_775 / 3, 6);
  });

  it("puts 2021's part-year figure in January-October and the rest in November-December", () => {
    const months = monthsOf(2021).map((t) => statusQuoEradicationHa(t, FUTURE));
    const byOctober = months.slice(0, 10).reduce((a, b) => a + b, 0);
    expect(byOctober).toBeCloseTo(recorded(2021, false), 6);
    expect(months[10]).toBeCloseTo((recorded(2021, true) - recorded(2021, false)) / 2, 6);
    expect(months[10]).toBeGreaterThan(months[9]);
  });

  it("uses the first recorded year before it and the scenario's future rate after the last", () => {
    expect(statusQuoEradicationHa(parseMonth("2005-06")!, FUTURE)).toBe(
      statusQuoEradicationHa(2011 * 12, FUTURE),
    );
    expect(statusQuoEradicationHa(parseMonth("2025-01")!, FUTURE)).toBe(FUTURE / 12);
  });

  it("splits the part of a year that its department breakdown covers, and spreads the rest by the weights", () => {
    const zones = [
      { name: "VRAEM", departments: ["Ayacucho", "Cusco", "Junín"] },
      { name: "Callería", departments: ["Ucayali"] },
      { name: "Bajo Amazonas", departments: ["Loreto"] },
      { name: "Inambari-Tambopata", departments: ["Puno"] },
    ];
    const out = new Float64Array(zones.length);
    allocateStatusQuoEradication(1_000, 2024, zones, [10, 1, 1, 2], out);
    expect(out[0]).toBe(0);
    const split = 11_779 + 6_157 + 3_401 + 3_349 + 288 + 812;
    const covered = split / 26_475;
    const rest = 1_000 * (1 - covered);
    // Each department's share of the split goes to its zones; the rest of the year by the weights.
    expect(out[1]).toBeCloseTo((1_000 * covered * 11_779) / split + rest / 4, 6);
    expect(out[2]).toBeCloseTo((1_000 * covered * 6_157) / split + rest / 4, 6);
    expect(out[3]).toBeCloseTo((1_000 * covered * 812) / split + rest / 2, 6);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1_000 * (1 - (3_401 + 3_349 + 288) / 26_475), 6);
    // Without a breakdown the total goes by the weights over the zones eradicated that
    // year: before 2024, not Inambari-Tambopata (Sandia's first brigades came in October 2024).
    allocateStatusQuoEradication(1_000, 2022, zones, [10, 1, 1, 2], out);
    expect(Array.from(out)).toEqual([0, 500, 500, 0]);
  });

  it("leaves a zone alone until its first recorded eradication", () => {
    expect(statusQuoEradicates("Putumayo", 2022)).toBe(false);
    expect(statusQuoEradicates("Putumayo", 2023)).toBe(true);
    expect(statusQuoEradicates("Inambari-Tambopata", 2023)).toBe(false);
    expect(statusQuoEradicates("Inambari-Tambopata", 2024)).toBe(true);
    expect(statusQuoEradicates("Inambari-Tambopata", 2030)).toBe(true);
    expect(statusQuoEradicates("Callería", 2011)).toBe(true);
    expect(statusQuoEradicates("VRAEM", 2024)).toBe(false);
    expect(statusQuoEradicates("La Convención-Lares", 2018)).toBe(false);
  });
});
