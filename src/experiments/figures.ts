/**
 * The figures of a yearly summary (src/model/results.ts, docs/outputs.md) that an
 * experiment's outcomes may name, by their path in the summary JSON, and how to
 * read one from a summary: a given year, the last year, or the sum or mean over
 * the years. Pure.
 */
import type { Summary, YearSummary } from "../model/results.ts";
import { ZONE_ALIASES, ZONE_NAMES } from "../model/zones/zones.ts";
import { TRANSPORT_MODES } from "../scenario/types.ts";

/** Every numeric figure of YearSummary, in the summary's order. */
export const FIGURE_PATHS: readonly string[] = [
  "hectares.total",
  ...ZONE_NAMES.map((zone) => `hectares.byZone.${zone}`),
  "youngHectares",
  "leafTonnes",
  "cocaineTonnes.produced",
  "cocaineTonnes.exported",
  "cocaineTonnes.seized",
  "cocaineTonnes.seizedAtLabs",
  "cocaineTonnes.stock",
  ...TRANSPORT_MODES.map((mode) => `exportsTonnesByMode.${mode}`),
  ...TRANSPORT_MODES.map((mode) => `seizuresTonnesByMode.${mode}`),
  "eradicatedHectares",
  "arrests",
  "prices.leafUsdPerKg",
  "prices.baseUsdPerKg",
  "prices.hclUsdPerKg",
  "enforcementUsd",
  "alternativeDevelopmentUsd",
  "activeRoutes",
  "growerHouseholds",
  "traffickingMembers",
  "armedGroupStrength",
];

const FIGURES = new Set(FIGURE_PATHS);

/** `hectares.byZone.<alias>` → the canonical zone name; other paths unchanged. */
export function canonicalFigure(path: string): string {
  const prefix = "hectares.byZone.";
  if (!path.startsWith(prefix)) return path;
  const zone = path.slice(prefix.length);
  return Object.hasOwn(ZONE_ALIASES, zone) ? prefix + ZONE_ALIASES[zone] : path;
}

export function isFigure(path: string): boolean {
  return FIGURES.has(canonicalFigure(path));
}

/** How an outcome reads its figure over the years of a run. */
export type YearSelector = number | "last" | "sum" | "mean";

/** The figure at `path` in one year of a summary (NaN when it is not there). */
export function figureOfYear(year: YearSummary, path: string): number {
  let value: unknown = year;
  const parts = path.split(".");
  // hectares.byZone.<zone> may hold dots in neither part but zone names may hold spaces; split on the first two.
  const segments =
    parts[0] === "hectares" && parts[1] === "byZone" ? [parts[0], parts[1], parts.slice(2).join(".")] : parts;
  for (const seg of segments) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, seg)) return Number.NaN;
    value = (value as Record<string, unknown>)[seg];
  }
  return typeof value === "number" ? value : Number.NaN;
}

/** The value of a figure over a run: one year, the last year, or the sum or mean of all years. */
export function figureValue(summary: Summary, path: string, year: YearSelector): number {
  const years = summary.years;
  if (years.length === 0) return Number.NaN;
  if (year === "last") return figureOfYear(years[years.length - 1], path);
  if (year === "sum" || year === "mean") {
    let total = 0;
    for (const y of years) total += figureOfYear(y, path);
    return year === "sum" ? total : total / years.length;
  }
  const found = years.find((y) => y.year === year);
  return found ? figureOfYear(found, path) : Number.NaN;
}
