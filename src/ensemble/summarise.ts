/**
 * The statistics of an ensemble: for every numeric figure of every year of the
 * runs' summaries, the mean and the 5th, 50th and 95th percentiles over runs, in
 * the same nested shape as YearSummary (`hectares.total`, `hectares.byZone.VRAEM`,
 * `cocaineTonnes.exported`, `exportsTonnesByMode.river`, `prices.leafUsdPerKg`, ...).
 *
 * The structure is walked generically, so a figure added to YearSummary is
 * summarised without a change here. Percentiles are linear interpolation
 * between order statistics (type 7, see stats.ts); means are summed in run
 * order, so the result depends only on the runs and their order.
 */
import type { Summary, YearSummary } from "../model/results.ts";
import { mean, quantileSorted, sortedCopy } from "./stats.ts";

/** Mean and percentiles of one figure over the runs. */
export interface Stat {
  readonly mean: number;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

/** `T` with every number replaced by its Stat. */
export type StatsOf<T> = T extends number
  ? Stat
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { readonly [K in keyof T]: StatsOf<T[K]> }
      : never;

/** One year of an ensemble: the year, then every figure of YearSummary as a Stat. */
export type YearStats = { readonly year: number } & StatsOf<Omit<YearSummary, "year">>;

export interface EnsembleSummary {
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  /** Number of runs. */
  readonly runs: number;
  /** The runs' seeds, in run order. */
  readonly seeds: readonly number[];
  readonly years: readonly YearStats[];
}

/** Mean and percentiles of `values` (in run order). */
export function stat(values: ArrayLike<number>): Stat {
  const sorted = sortedCopy(values);
  return {
    mean: mean(values),
    p5: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Walks the same place of every run's tree: numbers become a Stat, objects are
 * walked key by key (in the first run's key order). Throws when the runs do not
 * have the same shape there.
 */
function statsTree(values: readonly unknown[], path: string): unknown {
  const first = values[0];
  if (typeof first === "number") {
    const numbers = new Float64Array(values.length);
    values.forEach((v, r) => {
      if (typeof v !== "number") throw new Error(`run ${r} has ${describe(v)} at ${path}, run 0 a number`);
      numbers[r] = v;
    });
    return stat(numbers);
  }
  if (first === null || typeof first !== "object" || Array.isArray(first)) {
    throw new Error(`cannot summarise ${describe(first)} at ${path}: expected numbers and objects`);
  }
  const keys = Object.keys(first);
  const out: Record<string, unknown> = {};
  values.forEach((v, r) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw new Error(`run ${r} has ${describe(v)} at ${path}, run 0 an object`);
    }
    const other = Object.keys(v);
    const missing = keys.find((k) => !Object.hasOwn(v, k)) ?? other.find((k) => !Object.hasOwn(first, k));
    if (missing !== undefined) {
      const inFirst = Object.hasOwn(first, missing);
      throw new Error(
        `run ${r} ${inFirst ? "lacks" : "has an extra"} ${path}.${missing}${inFirst ? " that run 0 has" : ""}`,
      );
    }
  });
  for (const key of keys) {
    out[key] = statsTree(
      values.map((v) => (v as Record<string, unknown>)[key]),
      `${path}.${key}`,
    );
  }
  return out;
}

/** Checks that all runs are of one scenario and period with the same years; `what` starts the messages. */
export function checkEnsembleRuns(summaries: readonly Summary[], what: string): void {
  if (summaries.length === 0) throw new Error(`${what}: no runs to summarise`);
  const [first] = summaries;
  summaries.forEach((s, r) => {
    if (s.scenario !== first.scenario || s.from !== first.from || s.to !== first.to) {
      throw new Error(
        `${what}: run ${r} is of ${JSON.stringify(s.scenario)} ${s.from} to ${s.to}, ` +
          `run 0 of ${JSON.stringify(first.scenario)} ${first.from} to ${first.to}`,
      );
    }
    const years = s.years.map((y) => y.year).join(",");
    const firstYears = first.years.map((y) => y.year).join(",");
    if (years !== firstYears) {
      throw new Error(`${what}: run ${r} has the years [${years}], run 0 [${firstYears}]`);
    }
  });
}

/**
 * Mean and 5th/50th/95th percentiles over the runs of every numeric figure of
 * every year. The runs must be of one scenario and period (same years, same
 * figures, same zones); throws an Error naming the first difference otherwise.
 */
export function summariseEnsemble(summaries: readonly Summary[]): EnsembleSummary {
  checkEnsembleRuns(summaries, "summariseEnsemble");
  const [first] = summaries;
  const years = first.years.map((y, i) => {
    const figures = summaries.map((s) => {
      const { year: _year, ...rest } = s.years[i];
      return rest;
    });
    return { year: y.year, ...(statsTree(figures, `years[${i}]`) as object) } as YearStats;
  });
  return {
    scenario: first.scenario,
    from: first.from,
    to: first.to,
    runs: summaries.length,
    seeds: summaries.map((s) => s.seed),
    years,
  };
}
