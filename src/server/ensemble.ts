/**
 * Ensembles on the server: the fold of the members' results into the project's
 * ensemble summary (src/ensemble: mean and 5th/50th/95th percentiles of every
 * yearly figure, the seeds from its SplitMix rule) plus the same statistics for
 * every monthly series and the mean flows. Members are folded in seed order
 * whatever order they finish in, so an ensemble's results are the same bytes on
 * every machine and at any parallelism.
 */
import { quantileSorted } from "../ensemble/stats.ts";
import { summariseEnsemble } from "../ensemble/summarise.ts";
import type { SimulationResult, Summary, YearSummary } from "../model/results.ts";
import type { EnsembleResult, EnsembleSeries } from "./types.ts";

export { ensembleSeeds } from "../ensemble/seeds.ts";

/** The numeric fields of a yearly summary by dotted path, "year" left out. */
export function flattenYear(year: YearSummary): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, prefix: string): void => {
    if (typeof value === "number") out.set(prefix, value);
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, prefix === "" ? key : `${prefix}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(year)) if (key !== "year") walk(value, key);
  return out;
}

/** The means of an ensemble year's statistics by dotted path ("hectares.total" → its mean). */
export function flattenMeans(yearStats: object): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, prefix: string): void => {
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (typeof record.mean === "number" && typeof record.p50 === "number") {
      out.set(prefix, record.mean);
      return;
    }
    for (const [key, child] of Object.entries(record)) walk(child, prefix === "" ? key : `${prefix}.${key}`);
  };
  for (const [key, value] of Object.entries(yearStats)) if (key !== "year") walk(value, key);
  return out;
}

interface SeriesAccumulator {
  readonly variable: string;
  readonly key: string;
  readonly sum: Float64Array;
  /** Member values, [month × member]. */
  readonly values: Float64Array;
}

export interface EnsembleAccumulator {
  /** Adds member `index`'s result (any order; each index once). */
  add(index: number, result: SimulationResult): void;
  /** Means and percentiles; call once every member has been added. */
  finish(): EnsembleResult;
}

/** Folds the results of an ensemble's `runs` members into an EnsembleResult. */
export function createEnsembleAccumulator(runs: number): EnsembleAccumulator {
  const waiting = new Map<number, SimulationResult>();
  const summaries: Summary[] = [];
  let next = 0;
  let finished = false;
  let months: readonly string[] = [];
  let series: SeriesAccumulator[] = [];
  let flows: { edges: SimulationResult["flows"]["edges"]; flowKg: Float64Array; seizedKg: Float64Array };

  const fold = (member: number, result: SimulationResult): void => {
    summaries.push(result.summary);
    if (member === 0) {
      months = result.monthly.months;
      series = [];
      for (const [variable, byKey] of result.monthly.variables) {
        for (const key of byKey.keys()) {
          series.push({
            variable,
            key,
            sum: new Float64Array(months.length),
            values: new Float64Array(months.length * runs),
          });
        }
      }
      flows = {
        edges: result.flows.edges,
        flowKg: new Float64Array(result.flows.flowKg.length),
        seizedKg: new Float64Array(result.flows.seizedKg.length),
      };
    }
    if (result.monthly.months.length !== months.length) {
      throw new Error(
        `ensemble member ${member} has ${result.monthly.months.length} months, not ${months.length}`,
      );
    }
    for (const s of series) {
      const values = result.monthly.variables.get(s.variable)?.get(s.key);
      if (values === undefined || values.length !== months.length) {
        throw new Error(`ensemble member ${member} lacks the monthly series ${s.variable}/${s.key}`);
      }
      for (let m = 0; m < months.length; m++) {
        s.sum[m] += values[m];
        s.values[m * runs + member] = values[m];
      }
    }
    if (
      result.flows.flowKg.length !== flows.flowKg.length ||
      result.flows.edges.length !== flows.edges.length
    ) {
      throw new Error(`ensemble member ${member} has flows of another shape`);
    }
    for (let i = 0; i < flows.flowKg.length; i++) {
      flows.flowKg[i] += result.flows.flowKg[i];
      flows.seizedKg[i] += result.flows.seizedKg[i];
    }
  };

  return {
    add(index, result) {
      if (!Number.isInteger(index) || index < 0 || index >= runs || index < next || waiting.has(index)) {
        throw new Error(`ensemble member ${index} added twice or out of range`);
      }
      waiting.set(index, result);
      while (waiting.has(next)) {
        const r = waiting.get(next)!;
        waiting.delete(next);
        fold(next, r);
        next++;
      }
    },

    finish() {
      if (next !== runs) throw new Error(`the ensemble has ${next} of its ${runs} members`);
      if (finished) throw new Error("the ensemble is already finished");
      finished = true;
      const outSeries: EnsembleSeries[] = series.map((s) => {
        const mean = new Float64Array(months.length);
        const p5 = new Float64Array(months.length);
        const p50 = new Float64Array(months.length);
        const p95 = new Float64Array(months.length);
        const column = new Float64Array(runs);
        for (let m = 0; m < months.length; m++) {
          mean[m] = s.sum[m] / runs;
          column.set(s.values.subarray(m * runs, (m + 1) * runs));
          column.sort();
          p5[m] = quantileSorted(column, 0.05);
          p50[m] = quantileSorted(column, 0.5);
          p95[m] = quantileSorted(column, 0.95);
        }
        return { variable: s.variable, key: s.key, mean, p5, p50, p95 };
      });
      for (let i = 0; i < flows.flowKg.length; i++) {
        flows.flowKg[i] /= runs;
        flows.seizedKg[i] /= runs;
      }
      return {
        summary: summariseEnsemble(summaries),
        monthly: { months, series: outSeries },
        flows: { edges: flows.edges, months, flowKg: flows.flowKg, seizedKg: flows.seizedKg },
        members: summaries,
      };
    },
  };
}
