import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/embed-data.ts";
import { parseCsvTable } from "../../src/data/csv.ts";
import * as record from "../../src/data/record.generated.ts";
import {
  HECTARES_BY_DEPARTMENT,
  HECTARES_BY_ZONE,
  HECTARES_NATIONAL,
  PLACES,
  TRAFFICKING_ROUTES,
} from "../../src/data/record.generated.ts";

const DATA = join(ROOT, "data");
const csvFiles = readdirSync(DATA)
  .filter((f) => f.endsWith(".csv"))
  .sort();

function sumBy<T>(
  rows: readonly T[],
  keyOf: (r: T) => number,
  amountOf: (r: T) => number,
): Map<number, number> {
  const sums = new Map<number, number>();
  for (const r of rows) sums.set(keyOf(r), (sums.get(keyOf(r)) ?? 0) + amountOf(r));
  return sums;
}

describe("data/*.csv", () => {
  it("has the expected files", () => {
    expect(csvFiles).toEqual(
      expect.arrayContaining([
        "hectares_by_zone.csv",
        "hectares_by_department.csv",
        "hectares_national.csv",
        "eradication.csv",
        "seizures.csv",
        "prices.csv",
        "conversion_factors.csv",
        "alternative_development.csv",
        "households.csv",
        "places.csv",
        "trafficking_routes.csv",
      ]),
    );
  });

  it.each(csvFiles)("%s: snake_case header, and every row has a non-empty source and status", (file) => {
    const text = readFileSync(join(DATA, file), "utf8");
    const table = parseCsvTable(text);
    for (const name of table.header) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    const sourceColumn = table.header.includes("source") ? "source" : "coord_source";
    expect(table.header).toContain(sourceColumn);
    expect(table.header).toContain("status");
    expect(table.rows.length).toBeGreaterThan(0);
    table.rows.forEach((row, k) => {
      expect(row[sourceColumn]!.trim(), `${file} row ${k + 2} ${sourceColumn}`).not.toBe("");
      expect(row.status!.trim(), `${file} row ${k + 2} status`).not.toBe("");
    });
  });

  it.each(csvFiles)("%s: UTF-8 without replacement characters", (file) => {
    expect(readFileSync(join(DATA, file), "utf8")).not.toContain("\uFFFD");
  });
});

describe("embedded arrays", () => {
  const tables = Object.entries(record) as unknown as [string, readonly Record<string, unknown>[]][];

  it.each(tables)("%s: every number is finite and every source/status non-empty", (_, rows) => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
      }
      const source = (row["source"] ?? row["coordSource"]) as string;
      expect(source.length).toBeGreaterThan(0);
      expect((row["status"] as string).length).toBeGreaterThan(0);
    }
  });

  it("has no duplicate (series, zone, year) zone rows or (country, series, year) national rows", () => {
    const zoneKeys = HECTARES_BY_ZONE.filter((r) => r.zoneKind === "zone").map(
      (r) => `${r.series}|${r.zoneId}|${r.year}`,
    );
    expect(new Set(zoneKeys).size).toBe(zoneKeys.length);
    const natKeys = HECTARES_NATIONAL.map((r) => `${r.country}|${r.series}|${r.year}`);
    expect(new Set(natKeys).size).toBe(natKeys.length);
  });
});

describe("DEVIDA 2018-2024 consistency", () => {
  const devidaTotals = new Map(
    HECTARES_NATIONAL.filter((r) => r.country === "Peru" && r.series === "DEVIDA").map((r) => [
      r.year,
      r.hectares,
    ]),
  );

  it("has national DEVIDA totals for every year 2018-2024", () => {
    expect([...devidaTotals.keys()].sort()).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
  });

  it("zones sum to the national DEVIDA total within ±3 ha each year", () => {
    const zones = HECTARES_BY_ZONE.filter((r) => r.series === "DEVIDA" && r.zoneKind === "zone");
    const sums = sumBy(
      zones,
      (r) => r.year,
      (r) => r.hectares,
    );
    for (const [year, total] of devidaTotals) {
      const sum = sums.get(year);
      expect(sum, `zone sum ${year}`).toBeDefined();
      expect(Math.abs(sum! - total), `zones ${sum} vs national ${total} in ${year}`).toBeLessThanOrEqual(3);
    }
  });

  it("the totals printed in the zone table equal the national series", () => {
    const printed = HECTARES_BY_ZONE.filter((r) => r.series === "DEVIDA" && r.zoneKind === "national");
    expect(printed.length).toBe(7);
    for (const r of printed) expect(r.hectares).toBe(devidaTotals.get(r.year));
  });

  it("departments sum to the national DEVIDA total within ±3 ha each year", () => {
    const sums = sumBy(
      HECTARES_BY_DEPARTMENT.filter((r) => r.series === "DEVIDA"),
      (r) => r.year,
      (r) => r.hectares,
    );
    for (const [year, total] of devidaTotals) {
      expect(Math.abs(sums.get(year)! - total), `departments in ${year}`).toBeLessThanOrEqual(3);
    }
  });

  it("department codes are ISO 3166-2 codes for Peru", () => {
    for (const r of HECTARES_BY_DEPARTMENT) expect(r.iso31662).toMatch(/^PE-[A-Z]{3}$/);
  });
});

describe("places", () => {
  it("have valid, unique ids and valid coordinates in the region of the system", () => {
    const ids = PLACES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PLACES) {
      expect(p.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(p.lat).toBeGreaterThanOrEqual(-90);
      expect(p.lat).toBeLessThanOrEqual(90);
      expect(p.lon).toBeGreaterThanOrEqual(-180);
      expect(p.lon).toBeLessThanOrEqual(180);
      // Every point of this system lies between Guayaquil, Manaus and Arica.
      expect(p.lat, p.id).toBeGreaterThan(-19);
      expect(p.lat, p.id).toBeLessThan(2);
      expect(p.lon, p.id).toBeGreaterThan(-82);
      expect(p.lon, p.id).toBeLessThan(-59);
      expect(p.country).toMatch(/^[A-Z]{2}$/);
    }
  });

  it("credit GeoNames unless placed by hand", () => {
    for (const p of PLACES) {
      if (p.status === "manual-approximation") expect(p.coordSource).toMatch(/manual/);
      else expect(p.coordSource).toMatch(/GeoNames.*CC BY 4\.0/);
    }
  });

  it("include every place id named in a trafficking route path", () => {
    const ids = new Set(PLACES.map((p) => p.id));
    for (const route of TRAFFICKING_ROUTES) {
      for (const token of route.path.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []) {
        expect(ids.has(token), `${route.routeId}: ${token}`).toBe(true);
      }
    }
  });
});
