/** The readable summary `cocasim run` prints: one row per year, then the top zones of the last year. */
import type { Summary, YearSummary } from "../model/results.ts";
import { type Column, formatFixed, renderTable } from "./format.ts";

interface SummaryColumn extends Column {
  value(year: YearSummary): string;
}

const num = (header: readonly string[], value: (y: YearSummary) => number, decimals = 0): SummaryColumn => ({
  header,
  align: "right",
  value: (y) => formatFixed(value(y), decimals),
});

const COLUMNS: readonly SummaryColumn[] = [
  { header: ["", "year"], align: "left", value: (y) => String(y.year) },
  num(["coca", "ha"], (y) => y.hectares.total),
  num(["leaf", "t"], (y) => y.leafTonnes),
  num(["cocaine", "produced t"], (y) => y.cocaineTonnes.produced, 1),
  num(["cocaine", "exported t"], (y) => y.cocaineTonnes.exported, 1),
  num(["cocaine", "seized t"], (y) => y.cocaineTonnes.seized, 1),
  num(["eradicated", "ha"], (y) => y.eradicatedHectares),
  num(["", "arrests"], (y) => y.arrests),
  num(["leaf", "USD/kg"], (y) => y.prices.leafUsdPerKg, 2),
  num(["base", "USD/kg"], (y) => y.prices.baseUsdPerKg),
  num(["HCl", "USD/kg"], (y) => y.prices.hclUsdPerKg),
  num(["enforcement", "USD M"], (y) => y.enforcementUsd / 1e6, 1),
  num(["active", "routes"], (y) => y.activeRoutes),
];

/** How many zones the "top zones" list shows. */
export const TOP_ZONES = 5;

export function renderSummaryTable(summary: Summary): string {
  const title = `Scenario ${summary.scenario}, seed ${summary.seed}, ${summary.from} to ${summary.to}`;
  const parts = [title, ""];
  if (summary.years.length === 0) {
    parts.push("(no complete year to summarise)");
    return parts.join("\n") + "\n";
  }
  const rows = summary.years.map((y) => COLUMNS.map((c) => c.value(y)));
  parts.push(renderTable(COLUMNS, rows));

  const last = summary.years[summary.years.length - 1];
  const zones = Object.entries(last.hectares.byZone)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_ZONES);
  if (zones.length > 0) {
    const total = last.hectares.total;
    const zoneRows = zones.map(([zone, ha]) => [
      zone,
      formatFixed(ha),
      total > 0 ? formatFixed((100 * ha) / total, 1) + "%" : "-",
    ]);
    parts.push(`Top zones in ${last.year} by coca hectares:`);
    parts.push(
      renderTable(
        [
          { header: ["zone"], align: "left" },
          { header: ["ha"], align: "right" },
          { header: ["share"], align: "right" },
        ],
        zoneRows,
      ),
    );
  }
  return parts.join("\n");
}
