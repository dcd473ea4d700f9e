/**
 * Typed look-ups over Peru's public record (the arrays embedded in
 * `record.generated.ts` from `data/*.csv`). Pure: no I/O, safe in a browser.
 *
 * The coca-area series has a break in 2018 ({@link SERIES_BREAK_YEAR}): up to
 * 2017 Peru's figures are UNODC's net area at 31 December; from 2018 they are
 * DEVIDA's "superficie cultivada con arbustos de hoja de coca en producción".
 * Treat the two as separate calibration windows. When no series is asked for,
 * the helpers here pick the official series for the year: UNODC before 2018,
 * DEVIDA from 2018. The US Government (USG) estimates are only returned when
 * asked for by name.
 */

import {
  ERADICATION,
  HECTARES_BY_DEPARTMENT,
  HECTARES_BY_ZONE,
  HECTARES_NATIONAL,
  PLACES,
  TRAFFICKING_ROUTES,
} from "./record.generated.ts";
import type {
  AreaSeries,
  FigureStatus,
  HectaresByZoneRow,
  HectaresNationalRow,
  PlaceRow,
  TraffickingRouteRow,
} from "./types.ts";

export * from "./record.generated.ts";
export type * from "./types.ts";
export { FIGURE_STATUSES } from "./types.ts";

/** First year of Peru's DEVIDA series; earlier years are UNODC's. */
export const SERIES_BREAK_YEAR = 2018;

/** A (year, hectares) point of an observed series. */
export interface YearValue {
  readonly year: number;
  readonly hectares: number;
}

/** The official Peruvian area series for a year: UNODC before 2018, DEVIDA from 2018. */
export function officialSeries(year: number): "UNODC" | "DEVIDA" {
  return year >= SERIES_BREAK_YEAR ? "DEVIDA" : "UNODC";
}

/** True for figures seen in a source (`verified-*`) or derived from such figures. */
export function isVerified(status: FigureStatus): boolean {
  return status.startsWith("verified-") || status === "derived";
}

function key(...parts: (string | number)[]): string {
  return parts.join("\u0000");
}

let zoneIndex: Map<string, HectaresByZoneRow> | undefined;
let zoneNameToId: Map<string, string> | undefined;

function zoneRows(): Map<string, HectaresByZoneRow> {
  if (zoneIndex === undefined) {
    zoneIndex = new Map();
    zoneNameToId = new Map();
    for (const row of HECTARES_BY_ZONE) {
      if (row.zoneKind !== "zone") continue;
      zoneIndex.set(key(row.series, row.zoneId, row.year), row);
      zoneNameToId.set(row.zone, row.zoneId);
    }
  }
  return zoneIndex;
}

/** Resolves a zone id (`vraem`) or a printed zone name (`VRAEM`, `Alto Huallaga`) to its zone id. */
export function zoneId(zone: string): string | undefined {
  zoneRows();
  if (zoneNameToId!.has(zone)) return zoneNameToId!.get(zone);
  return HECTARES_BY_ZONE.some((r) => r.zoneKind === "zone" && r.zoneId === zone) ? zone : undefined;
}

/**
 * Observed coca area (ha) of a monitoring zone in a year, or `undefined` when no
 * figure was published or found. `zone` is a zone id (`vraem`) or a printed name.
 * Only whole zones count (no sub-areas, groups or totals). `series` defaults to
 * the official series for the year.
 */
export function observedZoneHectares(
  zone: string,
  year: number,
  series: "UNODC" | "DEVIDA" = officialSeries(year),
): number | undefined {
  const id = zoneId(zone);
  if (id === undefined) return undefined;
  return zoneRows().get(key(series, id, year))?.hectares;
}

/** The row behind {@link observedZoneHectares}, with its source and status. */
export function observedZoneRow(
  zone: string,
  year: number,
  series: "UNODC" | "DEVIDA" = officialSeries(year),
): HectaresByZoneRow | undefined {
  const id = zoneId(zone);
  return id === undefined ? undefined : zoneRows().get(key(series, id, year));
}

/** Every observed (year, hectares) of a zone, sorted by year; both series unless one is given. */
export function zoneSeries(zone: string, series?: "UNODC" | "DEVIDA"): YearValue[] {
  const id = zoneId(zone);
  if (id === undefined) return [];
  return HECTARES_BY_ZONE.filter(
    (r) => r.zoneKind === "zone" && r.zoneId === id && (series === undefined || r.series === series),
  )
    .map((r) => ({ year: r.year, hectares: r.hectares }))
    .sort((a, b) => a.year - b.year);
}

/** Zone ids of the DEVIDA zones observed in a year (all DEVIDA zones when no year is given), sorted. */
export function devidaZoneIds(year?: number): string[] {
  const ids = new Set<string>();
  for (const r of HECTARES_BY_ZONE) {
    if (r.series === "DEVIDA" && r.zoneKind === "zone" && (year === undefined || r.year === year)) {
      ids.add(r.zoneId);
    }
  }
  return [...ids].sort();
}

let nationalIndex: Map<string, HectaresNationalRow> | undefined;

function nationalRows(): Map<string, HectaresNationalRow> {
  if (nationalIndex === undefined) {
    nationalIndex = new Map();
    for (const row of HECTARES_NATIONAL) nationalIndex.set(key(row.country, row.series, row.year), row);
  }
  return nationalIndex;
}

/**
 * Observed national coca area (ha) in a year. Defaults: Peru, and the official
 * series for the year (UNODC before 2018, DEVIDA from 2018; Colombia and Bolivia
 * are always UNODC unless `series` says otherwise).
 */
export function observedNationalHectares(
  year: number,
  country: HectaresNationalRow["country"] = "Peru",
  series?: AreaSeries,
): number | undefined {
  return observedNationalRow(year, country, series)?.hectares;
}

/** The row behind {@link observedNationalHectares}, with its source and status. */
export function observedNationalRow(
  year: number,
  country: HectaresNationalRow["country"] = "Peru",
  series?: AreaSeries,
): HectaresNationalRow | undefined {
  const s = series ?? (country === "Peru" ? officialSeries(year) : "UNODC");
  return nationalRows().get(key(country, s, year));
}

/**
 * A country's national series, sorted by year. Without `series`, Peru's is the
 * official spliced series (UNODC to 2017, DEVIDA from 2018: mind the break) and
 * the others are UNODC's.
 */
export function nationalSeries(
  country: HectaresNationalRow["country"] = "Peru",
  series?: AreaSeries,
): YearValue[] {
  return HECTARES_NATIONAL.filter((r) => {
    if (r.country !== country) return false;
    if (series !== undefined) return r.series === series;
    return country === "Peru" ? r.series === officialSeries(r.year) : r.series === "UNODC";
  })
    .map((r) => ({ year: r.year, hectares: r.hectares }))
    .sort((a, b) => a.year - b.year);
}

/**
 * Observed coca area (ha) of a department in a year. `department` is an ISO
 * 3166-2 code (`PE-CUS`) or a printed name (`Cusco`).
 */
export function observedDepartmentHectares(department: string, year: number): number | undefined {
  const row = HECTARES_BY_DEPARTMENT.find(
    (r) => r.year === year && (r.iso31662 === department || r.department === department),
  );
  return row?.hectares;
}

/**
 * Peru's reported eradication (ha) for a whole year, or `undefined` where only a
 * part-year figure (or none) was found. Part-year rows stay in `ERADICATION`.
 */
export function observedEradication(year: number): number | undefined {
  return ERADICATION.find((r) => r.year === year && r.scope === "national" && r.fullYear)?.hectares;
}

let placeIndex: Map<string, PlaceRow> | undefined;

/** A named place by id (see `data/places.csv`), or `undefined`. Coordinates: GeoNames, CC BY 4.0. */
export function place(id: string): PlaceRow | undefined {
  if (placeIndex === undefined) placeIndex = new Map(PLACES.map((p) => [p.id, p]));
  return placeIndex.get(id);
}

/** Like {@link place}, but throws on an unknown id. */
export function requirePlace(id: string): PlaceRow {
  const p = place(id);
  if (p === undefined) throw new Error(`unknown place id '${id}'`);
  return p;
}

/** All rows reported for a trafficking route id (e.g. `air_bridge_bolivia`). */
export function trafficRoute(routeId: string): TraffickingRouteRow[] {
  return TRAFFICKING_ROUTES.filter((r) => r.routeId === routeId);
}
