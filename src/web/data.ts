/**
 * Pure helpers over simulation results for the page: month look-ups, yearly
 * series for the charts, and the policy-against-baseline comparison. No DOM.
 */
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import type { SimulationResult, YearSummary } from "../model/results.ts";
import { POLICY_KINDS, TRANSPORT_MODES, type TransportMode } from "../scenario/types.ts";

/** A finished run as the page keeps it. */
export interface Run {
  readonly result: SimulationResult;
  /** Milliseconds the simulation took in the worker. */
  readonly ms: number;
  /** Month label → index into the run's months. */
  readonly monthIndex: ReadonlyMap<string, number>;
  /** Edge id → index into the run's edges. */
  readonly edgeIndex: ReadonlyMap<string, number>;
}

export function makeRun(result: SimulationResult, ms: number): Run {
  return {
    result,
    ms,
    monthIndex: new Map(result.flows.months.map((m, i) => [m, i])),
    edgeIndex: new Map(result.flows.edges.map((e, i) => [e.id, i])),
  };
}

/** Value of a monthly series in a month (by label), or undefined if the run does not have it. */
export function monthlyValue(run: Run, variable: string, key: string, month: string): number | undefined {
  const i = run.monthIndex.get(month);
  if (i === undefined) return undefined;
  return run.result.monthly.variables.get(variable)?.get(key)?.[i];
}

/** Flow and seizures (kg) on an edge (by id) in a month (by label). */
export function edgeMonth(run: Run, edgeId: string, month: string): { flowKg: number; seizedKg: number } {
  const m = run.monthIndex.get(month);
  const e = run.edgeIndex.get(edgeId);
  if (m === undefined || e === undefined) return { flowKg: 0, seizedKg: 0 };
  const ne = run.result.flows.edges.length;
  return { flowKg: run.result.flows.flowKg[m * ne + e], seizedKg: run.result.flows.seizedKg[m * ne + e] };
}

/** Largest value of a [month × edge] matrix (for stable scales over the slider). */
export function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

/** Largest value over every key of a monthly variable. */
export function maxMonthly(run: Run, variable: string): number {
  let max = 0;
  for (const values of run.result.monthly.variables.get(variable)?.values() ?? []) {
    max = Math.max(max, maxOf(values));
  }
  return max;
}

/** Yearly sums of each key of a monthly variable: key → year → sum. */
export function yearlySums(run: Run, variable: string): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  const months = run.result.monthly.months;
  for (const [key, values] of run.result.monthly.variables.get(variable) ?? []) {
    const byYear = new Map<number, number>();
    for (let i = 0; i < months.length; i++) {
      const year = Number(months[i].slice(0, 4));
      byYear.set(year, (byYear.get(year) ?? 0) + values[i]);
    }
    out.set(key, byYear);
  }
  return out;
}

/** A point of a yearly chart series. */
export interface YearPoint {
  readonly year: number;
  /** What the point belongs to: a mode, a price, a lever… */
  readonly series: string;
  readonly value: number;
}

function byModePoints(
  years: readonly YearSummary[],
  pick: (y: YearSummary) => Record<TransportMode, number>,
) {
  return years.flatMap((y) =>
    TRANSPORT_MODES.map((mode) => ({ year: y.year, series: mode, value: pick(y)[mode] })),
  );
}

/** Cocaine exported by mode, t/year. */
export function exportsByMode(run: Run): YearPoint[] {
  return byModePoints(run.result.summary.years, (y) => y.exportsTonnesByMode);
}

/** Cocaine seized by mode and at labs ("labs"), t/year. */
export function seizuresBySource(run: Run): YearPoint[] {
  return run.result.summary.years.flatMap((y) => [
    ...TRANSPORT_MODES.map((mode) => ({ year: y.year, series: mode, value: y.seizuresTonnesByMode[mode] })),
    { year: y.year, series: "labs", value: y.cocaineTonnes.seizedAtLabs },
  ]);
}

/** Production-weighted yearly prices, USD/kg: leaf, base and HCl. */
export function prices(run: Run): YearPoint[] {
  return run.result.summary.years.flatMap((y) => [
    { year: y.year, series: "leaf", value: y.prices.leafUsdPerKg },
    { year: y.year, series: "base", value: y.prices.baseUsdPerKg },
    { year: y.year, series: "hcl", value: y.prices.hclUsdPerKg },
  ]);
}

export function arrests(run: Run): YearPoint[] {
  return run.result.summary.years.map((y) => ({ year: y.year, series: "arrests", value: y.arrests }));
}

/** State spending by lever kind, USD million/year (from the monthly `spendingUsd` series). */
export function spendingByLever(run: Run): YearPoint[] {
  const sums = yearlySums(run, "spendingUsd");
  const out: YearPoint[] = [];
  for (const year of run.result.summary.years.map((y) => y.year)) {
    for (const kind of POLICY_KINDS) {
      const value = sums.get(kind)?.get(year);
      if (value !== undefined) out.push({ year, series: kind, value: value / 1e6 });
    }
  }
  return out;
}

/** Year-end hectares, all zones (zone undefined) or one zone. */
export function hectares(run: Run, zone?: string): YearPoint[] {
  return run.result.summary.years.map((y) => ({
    year: y.year,
    series: zone ?? "total",
    value: zone === undefined ? y.hectares.total : (y.hectares.byZone[zone] ?? 0),
  }));
}

/** One year of an uncertainty band: the 5th and 95th percentiles over an ensemble. */
export interface BandPoint {
  readonly year: number;
  readonly p5: number;
  readonly p95: number;
}

/** The 90% band of hectares (nationally, or in one zone) from an ensemble's statistics. */
export function hectareBand(summary: EnsembleSummary, zone?: string): BandPoint[] {
  return summary.years.map((y) => {
    const stat = zone === undefined ? y.hectares.total : y.hectares.byZone[zone];
    return { year: y.year, p5: stat?.p5 ?? 0, p95: stat?.p95 ?? 0 };
  });
}

/** policy − baseline for the (year, series) pairs both have. */
export function differences(baseline: readonly YearPoint[], policy: readonly YearPoint[]): YearPoint[] {
  const base = new Map(baseline.map((p) => [`${p.year}\u0000${p.series}`, p.value]));
  const out: YearPoint[] = [];
  for (const p of policy) {
    const b = base.get(`${p.year}\u0000${p.series}`);
    if (b !== undefined) out.push({ year: p.year, series: p.series, value: p.value - b });
  }
  return out;
}

/** policy − baseline of series summed over `series` (e.g. all modes) per year. */
export function totalDifferences(baseline: readonly YearPoint[], policy: readonly YearPoint[]): YearPoint[] {
  const sum = (points: readonly YearPoint[]): Map<number, number> => {
    const out = new Map<number, number>();
    for (const p of points) out.set(p.year, (out.get(p.year) ?? 0) + p.value);
    return out;
  };
  const b = sum(baseline);
  return [...sum(policy)]
    .filter(([year]) => b.has(year))
    .map(([year, value]) => ({ year, series: "total", value: value - b.get(year)! }));
}

export const COMPARISON_INDICATORS = ["hectares", "exports", "seizures", "arrests", "spending"] as const;
export type ComparisonIndicator = (typeof COMPARISON_INDICATORS)[number];

function indicator(y: YearSummary, which: ComparisonIndicator): number {
  switch (which) {
    case "hectares":
      return y.hectares.total;
    case "exports":
      return y.cocaineTonnes.exported;
    case "seizures":
      return y.cocaineTonnes.seized;
    case "arrests":
      return y.arrests;
    case "spending":
      return (y.enforcementUsd + y.alternativeDevelopmentUsd) / 1e6;
  }
}

export interface ComparisonRow {
  readonly indicator: ComparisonIndicator;
  readonly lastYear: { readonly baseline: number; readonly policy: number };
  readonly cumulative: { readonly baseline: number; readonly policy: number };
}

export interface Comparison {
  /** Last year both runs cover. */
  readonly lastYear: number;
  readonly firstYear: number;
  readonly rows: readonly ComparisonRow[];
}

/**
 * Policy against baseline over the years both runs cover: each indicator in
 * the last common year and summed over the common years (for hectares, the sum
 * of year-end areas: hectare-years). Undefined when the runs share no year.
 */
export function compareRuns(baseline: Run, policy: Run): Comparison | undefined {
  const policyYears = new Map(policy.result.summary.years.map((y) => [y.year, y]));
  const pairs = baseline.result.summary.years
    .filter((y) => policyYears.has(y.year))
    .map((y) => [y, policyYears.get(y.year)!] as const);
  if (pairs.length === 0) return undefined;
  const [lastBase, lastPolicy] = pairs[pairs.length - 1];
  const rows = COMPARISON_INDICATORS.map((which) => ({
    indicator: which,
    lastYear: { baseline: indicator(lastBase, which), policy: indicator(lastPolicy, which) },
    cumulative: {
      baseline: pairs.reduce((s, [b]) => s + indicator(b, which), 0),
      policy: pairs.reduce((s, [, p]) => s + indicator(p, which), 0),
    },
  }));
  return { firstYear: pairs[0][0].year, lastYear: lastBase.year, rows };
}

/** Relative change in percent, or undefined when the baseline is 0. */
export function percentChange(baseline: number, policy: number): number | undefined {
  return baseline === 0 ? undefined : ((policy - baseline) / Math.abs(baseline)) * 100;
}
