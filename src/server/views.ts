/**
 * What the result endpoints send: summaries, monthly series and flows as JSON
 * (columnar) or CSV, and the comparison of two runs. Pure functions of a RunResult.
 * A single run's CSV files are byte-identical to the ones `cocasim run --out` writes.
 */
import { csvField, formatCsvNumber } from "../cli/format.ts";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { Summary } from "../model/results.ts";
import { flattenMeans, flattenYear } from "./ensemble.ts";
import type { RunInfo, RunResult } from "./types.ts";

/** A number for JSON: non-finite values become null (JSON has no NaN or Infinity). */
const num = (value: number): number | null => (Number.isFinite(value) ? value : null);
const numbers = (values: ArrayLike<number>): (number | null)[] => Array.from(values, num);

export function summaryJson(id: string, run: RunResult): unknown {
  return { id, kind: run.kind, summary: run.result.summary };
}

/** Keeps the series whose variable is in `variables` (all when undefined). */
function wanted(variables: ReadonlySet<string> | undefined, variable: string): boolean {
  return variables === undefined || variables.has(variable);
}

/** Monthly series, columnar: one entry per (variable, key) with its values by month. */
export function monthlyJson(id: string, run: RunResult, variables?: ReadonlySet<string>): unknown {
  if (run.kind === "single") {
    const series: unknown[] = [];
    for (const [variable, byKey] of run.result.monthly.variables) {
      if (!wanted(variables, variable)) continue;
      for (const [key, values] of byKey) series.push({ variable, key, values: numbers(values) });
    }
    return { id, kind: run.kind, months: run.result.monthly.months, series };
  }
  const series = run.result.monthly.series
    .filter((s) => wanted(variables, s.variable))
    .map((s) => ({
      variable: s.variable,
      key: s.key,
      values: numbers(s.mean),
      p5: numbers(s.p5),
      p50: numbers(s.p50),
      p95: numbers(s.p95),
    }));
  return { id, kind: run.kind, months: run.result.monthly.months, series };
}

/** Monthly series as CSV: `month,variable,key,value` (an ensemble: `…,mean,p5,p50,p95`). */
export function monthlyCsv(run: RunResult, variables?: ReadonlySet<string>): string {
  const lines: string[] = [];
  if (run.kind === "single") {
    const { months } = run.result.monthly;
    const series: { prefix: string; values: Float64Array }[] = [];
    for (const [variable, byKey] of run.result.monthly.variables) {
      if (!wanted(variables, variable)) continue;
      for (const [key, values] of byKey)
        series.push({ prefix: `${csvField(variable)},${csvField(key)},`, values });
    }
    lines.push("month,variable,key,value");
    for (let m = 0; m < months.length; m++) {
      const month = csvField(months[m]);
      for (const s of series) lines.push(`${month},${s.prefix}${formatCsvNumber(s.values[m])}`);
    }
  } else {
    const { months } = run.result.monthly;
    const series = run.result.monthly.series.filter((s) => wanted(variables, s.variable));
    lines.push("month,variable,key,mean,p5,p50,p95");
    for (let m = 0; m < months.length; m++) {
      const month = csvField(months[m]);
      for (const s of series) {
        const values = [s.mean[m], s.p5[m], s.p50[m], s.p95[m]].map(formatCsvNumber).join(",");
        lines.push(`${month},${csvField(s.variable)},${csvField(s.key)},${values}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** Flow and seizures by month and edge, kg: `flowKg[month][edge]` (an ensemble: member means). */
export function flowsJson(id: string, run: RunResult): unknown {
  const { edges, months, flowKg, seizedKg } = run.result.flows;
  const n = edges.length;
  const byMonth = (values: Float64Array): (number | null)[][] =>
    months.map((_, m) => numbers(values.subarray(m * n, (m + 1) * n)));
  return { id, kind: run.kind, months, edges, flowKg: byMonth(flowKg), seizedKg: byMonth(seizedKg) };
}

/** Flows as CSV, `month,edge,from,to,mode,flow_kg,seized_kg`, rows with no flow and no seizure left out. */
export function flowsCsv(run: RunResult): string {
  const { edges, months, flowKg, seizedKg } = run.result.flows;
  const edgeFields = edges.map(
    (e) => `${csvField(e.id)},${csvField(e.from)},${csvField(e.to)},${csvField(e.mode)}`,
  );
  const lines = ["month,edge,from,to,mode,flow_kg,seized_kg"];
  for (let m = 0; m < months.length; m++) {
    const month = csvField(months[m]);
    for (let e = 0; e < edges.length; e++) {
      const flow = flowKg[m * edges.length + e];
      const seized = seizedKg[m * edges.length + e];
      if (flow === 0 && seized === 0) continue;
      lines.push(`${month},${edgeFields[e]},${formatCsvNumber(flow)},${formatCsvNumber(seized)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The figures /api/compare reports, by their path in a yearly summary. */
export const MAIN_FIGURES: readonly {
  readonly path: string;
  readonly label: string;
  readonly unit: string;
}[] = [
  { path: "hectares.total", label: "coca hectares", unit: "ha" },
  { path: "leafTonnes", label: "leaf harvested", unit: "t" },
  { path: "cocaineTonnes.produced", label: "cocaine produced", unit: "t" },
  { path: "cocaineTonnes.exported", label: "cocaine exported", unit: "t" },
  { path: "cocaineTonnes.seized", label: "cocaine seized", unit: "t" },
  { path: "eradicatedHectares", label: "hectares eradicated", unit: "ha" },
  { path: "arrests", label: "arrests", unit: "people" },
  { path: "prices.leafUsdPerKg", label: "leaf price", unit: "USD/kg" },
  { path: "prices.baseUsdPerKg", label: "base price", unit: "USD/kg" },
  { path: "prices.hclUsdPerKg", label: "HCl price", unit: "USD/kg" },
  { path: "enforcementUsd", label: "enforcement spending", unit: "USD" },
  { path: "alternativeDevelopmentUsd", label: "alternative development spending", unit: "USD" },
  { path: "activeRoutes", label: "active routes", unit: "routes" },
  { path: "traffickingMembers", label: "trafficking members", unit: "people" },
  { path: "armedGroupStrength", label: "armed group strength", unit: "fighters" },
];

/** Main figures by year: a single run's values, an ensemble's means. */
function yearlyFigures(run: RunResult): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  if (run.kind === "single") {
    for (const year of (run.result.summary as Summary).years) out.set(year.year, flattenYear(year));
  } else {
    for (const year of (run.result.summary as EnsembleSummary).years) out.set(year.year, flattenMeans(year));
  }
  return out;
}

/** Per-year differences (policy − baseline) of the main figures, over the years both runs cover. */
export function compareJson(
  baseline: { info: RunInfo; result: RunResult },
  policy: { info: RunInfo; result: RunResult },
): unknown {
  const b = yearlyFigures(baseline.result);
  const p = yearlyFigures(policy.result);
  const years = [...b.keys()].filter((year) => p.has(year)).sort((x, y) => x - y);
  const describe = (run: { info: RunInfo }) => ({
    id: run.info.id,
    kind: run.info.kind,
    runs: run.info.runs,
    scenario: run.info.scenario,
  });
  return {
    baseline: describe(baseline),
    policy: describe(policy),
    figures: MAIN_FIGURES,
    years: years.map((year) => {
      const by = b.get(year)!;
      const py = p.get(year)!;
      const figures: Record<string, unknown> = {};
      for (const { path } of MAIN_FIGURES) {
        const base = by.get(path) ?? Number.NaN;
        const pol = py.get(path) ?? Number.NaN;
        const difference = pol - base;
        figures[path] = {
          baseline: num(base),
          policy: num(pol),
          difference: num(difference),
          percent: base !== 0 ? num((100 * difference) / Math.abs(base)) : null,
        };
      }
      return { year, figures };
    }),
  };
}
