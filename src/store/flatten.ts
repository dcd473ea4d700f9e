/**
 * A summary as a flat table: one row per year and figure, the figure named by its
 * path in the summary JSON ("hectares.total", "hectares.byZone.VRAEM",
 * "cocaineTonnes.produced", "prices.leafUsdPerKg", ...), in the summary's own order.
 */
import type { Summary } from "../model/results.ts";

export interface FigureRow {
  readonly year: number;
  readonly figure: string;
  readonly value: number;
}

function flatten(value: unknown, path: string, year: number, out: FigureRow[]): void {
  if (typeof value === "number") {
    out.push({ year, figure: path, value });
  } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, path ? `${path}.${key}` : key, year, out);
  }
}

/** The figures of every year of `summary`, year by year. Non-numeric fields are left out. */
export function summaryRows(summary: Summary): FigureRow[] {
  const out: FigureRow[] = [];
  for (const year of summary.years) {
    const { year: y, ...figures } = year;
    flatten(figures, "", y, out);
  }
  return out;
}
