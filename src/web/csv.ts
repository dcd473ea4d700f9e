/**
 * Results as CSV for download: the yearly summary (one row per scenario and
 * year, wide) and the monthly series (long format, as `cocasim run --out`'s
 * monthly.csv with leading `run` and `scenario` columns). Numbers as in the CLI's files:
 * six significant digits, no locale.
 */
import { csvField, formatCsvNumber } from "../cli/format.ts";
import type { SimulationResult, YearSummary } from "../model/results.ts";
import { TRANSPORT_MODES } from "../scenario/types.ts";

const SUMMARY_COLUMNS: readonly [string, (y: YearSummary) => number][] = [
  ["hectares_total", (y) => y.hectares.total],
  ["young_hectares", (y) => y.youngHectares],
  ["leaf_t", (y) => y.leafTonnes],
  ["cocaine_produced_t", (y) => y.cocaineTonnes.produced],
  ["cocaine_exported_t", (y) => y.cocaineTonnes.exported],
  ["cocaine_seized_t", (y) => y.cocaineTonnes.seized],
  ["cocaine_seized_at_labs_t", (y) => y.cocaineTonnes.seizedAtLabs],
  ["cocaine_stock_t", (y) => y.cocaineTonnes.stock],
  ...TRANSPORT_MODES.map(
    (m) =>
      [`exports_${m}_t`, (y: YearSummary) => y.exportsTonnesByMode[m]] as [
        string,
        (y: YearSummary) => number,
      ],
  ),
  ...TRANSPORT_MODES.map(
    (m) =>
      [`seizures_${m}_t`, (y: YearSummary) => y.seizuresTonnesByMode[m]] as [
        string,
        (y: YearSummary) => number,
      ],
  ),
  ["eradicated_ha", (y) => y.eradicatedHectares],
  ["arrests", (y) => y.arrests],
  ["leaf_usd_per_kg", (y) => y.prices.leafUsdPerKg],
  ["base_usd_per_kg", (y) => y.prices.baseUsdPerKg],
  ["hcl_usd_per_kg", (y) => y.prices.hclUsdPerKg],
  ["enforcement_usd", (y) => y.enforcementUsd],
  ["alternative_development_usd", (y) => y.alternativeDevelopmentUsd],
  ["active_routes", (y) => y.activeRoutes],
  ["grower_households", (y) => y.growerHouseholds],
  ["trafficking_members", (y) => y.traffickingMembers],
  ["armed_group_strength", (y) => y.armedGroupStrength],
];

/** A run to write: `run` says which ("baseline", "policy"). */
export interface LabelledResult {
  readonly run: string;
  readonly result: SimulationResult;
}

/** Yearly summary of one or more runs: `run,scenario,year,…,hectares_<zone>…`. */
export function summaryCsv(runs: readonly LabelledResult[]): string {
  const zones = [
    ...new Set(
      runs.flatMap(({ result }) => result.summary.years.flatMap((y) => Object.keys(y.hectares.byZone))),
    ),
  ];
  const header = [
    "run",
    "scenario",
    "year",
    ...SUMMARY_COLUMNS.map(([name]) => name),
    ...zones.map((z) => csvField(`hectares_${z}`)),
  ];
  const lines = [header.join(",")];
  for (const { run, result } of runs) {
    for (const y of result.summary.years) {
      lines.push(
        [
          csvField(run),
          csvField(result.summary.scenario),
          String(y.year),
          ...SUMMARY_COLUMNS.map(([, pick]) => formatCsvNumber(pick(y))),
          ...zones.map((z) => (z in y.hectares.byZone ? formatCsvNumber(y.hectares.byZone[z]) : "")),
        ].join(","),
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** Monthly series of one or more runs, long format: `run,scenario,month,variable,key,value`. */
export function monthlyCsv(runs: readonly LabelledResult[]): string {
  const lines = ["run,scenario,month,variable,key,value"];
  for (const { run, result } of runs) {
    const scenario = `${csvField(run)},${csvField(result.summary.scenario)}`;
    const { months, variables } = result.monthly;
    const series: { prefix: string; values: Float64Array }[] = [];
    for (const [variable, byKey] of variables) {
      for (const [key, values] of byKey)
        series.push({ prefix: `${csvField(variable)},${csvField(key)},`, values });
    }
    for (let m = 0; m < months.length; m++) {
      const month = csvField(months[m]);
      for (const s of series) lines.push(`${scenario},${month},${s.prefix}${formatCsvNumber(s.values[m])}`);
    }
  }
  return lines.join("\n") + "\n";
}
