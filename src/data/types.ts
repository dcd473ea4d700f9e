/**
 * Row types of Peru's public record, as embedded from `data/*.csv` into
 * `record.generated.ts`. Field names are the CSV column names in camelCase; see
 * `data/README.md` for what each column means and where each figure comes from.
 */

/**
 * How far a figure can be trusted.
 * - `verified-excerpt`: seen in a report, press release or press article.
 * - `verified-transcription`: read from a transcription of a DEVIDA/UNODC table.
 * - `verified-gazetteer`: coordinates taken from GeoNames.
 * - `derived`: computed from verified figures (the note gives the arithmetic).
 * - `partial-year`: a verified figure that covers only part of the year.
 * - `unverified-recall`: a standard figure not yet seen in a source; check it.
 * - `manual-approximation`: a coordinate placed by hand.
 */
export type FigureStatus =
  | "verified-excerpt"
  | "verified-transcription"
  | "verified-gazetteer"
  | "derived"
  | "partial-year"
  | "unverified-recall"
  | "manual-approximation";

/** Every {@link FigureStatus}, in the order of decreasing confidence. */
export const FIGURE_STATUSES: readonly FigureStatus[] = [
  "verified-transcription",
  "verified-excerpt",
  "verified-gazetteer",
  "derived",
  "partial-year",
  "manual-approximation",
  "unverified-recall",
];

/**
 * Who produced a coca-area series. UNODC: the UNODC-supported national surveys
 * (Peru to 2017, Colombia's SIMCI, Bolivia). DEVIDA: Peru's own series from 2018
 * (the series break). USG: the US Government (ONDCP/INCSR) estimates, made with a
 * different method and not comparable with the other two.
 */
export type AreaSeries = "UNODC" | "DEVIDA" | "USG";

/**
 * `zone`: a monitoring zone as printed. `part`: an area reported in the press that
 * is part of a zone or does not match one exactly. `group`: a sum or residual of
 * several zones. `national`: the national total as printed in the zone table.
 */
export type ZoneKind = "zone" | "part" | "group" | "national";

/** Coca area (ha) by monitoring zone and year: `data/hectares_by_zone.csv`. */
export interface HectaresByZoneRow {
  readonly series: "UNODC" | "DEVIDA";
  /** Stable id linking the same area across series (e.g. UNODC "Alto Huallaga" and DEVIDA "Huallaga"). */
  readonly zoneId: string;
  /** The zone name as printed in the source. */
  readonly zone: string;
  readonly zoneKind: ZoneKind;
  readonly year: number;
  readonly hectares: number;
  readonly definition: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** Reported percentage change of a zone's area on an earlier year: `data/zone_changes.csv`. */
export interface ZoneChangeRow {
  readonly series: "UNODC" | "DEVIDA";
  readonly zoneId: string;
  readonly zone: string;
  readonly year: number;
  readonly baseYear: number;
  readonly percentChange: number;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** Coca area (ha) by department and year: `data/hectares_by_department.csv`. */
export interface HectaresByDepartmentRow {
  readonly series: "UNODC" | "DEVIDA";
  readonly department: string;
  /** ISO 3166-2 code, e.g. `PE-CUS`; matches the Natural Earth admin-1 `iso_3166_2`. */
  readonly iso31662: string;
  readonly year: number;
  readonly hectares: number;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** National coca area (ha): Peru, Colombia, Bolivia and Andean totals: `data/hectares_national.csv`. */
export interface HectaresNationalRow {
  readonly country: "Peru" | "Colombia" | "Bolivia" | "Andean total";
  readonly series: AreaSeries;
  readonly year: number;
  readonly hectares: number;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** Coca eradication (ha), national year totals and part-year figures by zone: `data/eradication.csv`. */
export interface EradicationRow {
  readonly year: number;
  /** `national`, or the zone/axis the figure covers. */
  readonly scope: string;
  readonly hectares: number;
  /** True when the figure is (or stands for) the whole calendar year. */
  readonly fullYear: boolean;
  readonly coverage: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

export type SeizureDrug = "pbc" | "hcl" | "cocaine_type" | "all_drugs" | "marijuana" | "precursors";
export type SeizureMeasure = "seized" | "destroyed" | "single_seizure";

/** Drug seizures and destruction (kg): `data/seizures.csv`. */
export interface SeizureRow {
  /** The period as printed (a year, or a span such as `2006-08 to 2011-07`). */
  readonly period: string;
  /** The first calendar year of the period. */
  readonly year: number;
  readonly drug: SeizureDrug;
  readonly measure: SeizureMeasure;
  readonly kg: number;
  readonly fullYear: boolean;
  readonly description: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

export type PriceProduct = "coca_leaf" | "pbc" | "hcl";

/** Prices of coca leaf, PBC and cocaine HCl along the chain: `data/prices.csv`. */
export interface PriceRow {
  /** As printed: `2004`, `2020-01`, `c.2014`, `n.d. (c.2016)`. */
  readonly period: string;
  /** Best calendar year for the period. */
  readonly year: number;
  readonly location: string;
  readonly product: PriceProduct;
  readonly price: number;
  readonly unit: "USD/kg" | "PEN/kg" | "PEN/arroba";
  readonly description: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** Yields, leaf production, conversion and cocaine production figures: `data/conversion_factors.csv`. */
export interface ConversionFactorRow {
  readonly kind: string;
  readonly item: string;
  readonly period: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** DEVIDA alternative-development budgets, families and hectares: `data/alternative_development.csv`. */
export interface AlternativeDevelopmentRow {
  readonly period: string;
  readonly year: number;
  readonly scope: string;
  readonly item: string;
  readonly value: number;
  readonly unit: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** Counts and facts about coca-growing households and people: `data/households.csv`. */
export interface HouseholdRow {
  readonly period: string;
  readonly year: number;
  readonly scope: string;
  readonly item: string;
  readonly value: number;
  readonly unit: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}

/** A named place of the system (GeoNames, CC BY 4.0: credit "GeoNames"): `data/places.csv`. */
export interface PlaceRow {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  /** GeoNames admin-1 code (a string such as `08`); empty for hand-placed points. */
  readonly admin1: string;
  readonly lat: number;
  readonly lon: number;
  readonly role: string;
  readonly coordSource: string;
  readonly status: FigureStatus;
}

/** A trafficking route and the figures reported for it: `data/trafficking_routes.csv`. */
export interface TraffickingRouteRow {
  readonly routeId: string;
  readonly mode: string;
  readonly originZones: string;
  /** Place ids from `places.csv` and named places, joined by `->` (free text as reported). */
  readonly path: string;
  readonly quantitativeEstimate: string;
  readonly period: string;
  readonly status: FigureStatus;
  readonly source: string;
  readonly note: string;
}
