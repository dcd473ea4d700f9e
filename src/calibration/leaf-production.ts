/**
 * The leaf the ensemble harvests against the record's national leaf production, in
 * the years of the run for which the record has it (`leaf_production` rows of
 * data/conversion_factors.csv for Peru; from 2018 that is 2020, derived from DEVIDA's
 * VRAEM figure and the VRAEM's share). Calibration fits hectares and seizures, never
 * leaf, so this checks an output the fit does not touch, and the one that tells
 * productive coca from young plants: DEVIDA's hectares are bushes "en producción",
 * and its leaf is those hectares times the yield. Pure: no I/O.
 */
import { CONVERSION_FACTORS } from "../data/record.ts";
import type { Summary } from "../model/results.ts";
import { distribution } from "./fit-report.ts";

/** The national leaf series in the record. */
const NATIONAL_LEAF_ITEM = "Peru potential sun-dried leaf";

export interface LeafProductionRow {
  readonly year: number;
  /** Recorded national production of sun-dried leaf, t. */
  readonly observed: number;
  /** The record's status for the figure (`derived` for 2020). */
  readonly status: string;
  readonly source: string;
  /** The ensemble's mean and 5th/95th percentiles of `leafTonnes`, t. */
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
  /** (mean − observed) / observed. */
  readonly relativeError: number;
  readonly inside90: boolean;
}

/** One row per year that both the runs and the record's national leaf series have, in year order. */
export function leafProductionRows(runs: readonly Summary[]): LeafProductionRow[] {
  const simulated = new Set(runs.flatMap((run) => run.years.map((y) => y.year)));
  const recorded = CONVERSION_FACTORS.filter(
    (row) => row.kind === "leaf_production" && row.item === NATIONAL_LEAF_ITEM && simulated.has(row.year),
  );
  // One figure a year: the record may hold a rounded figure and a precise one for the
  // same year (2012); the last row of a year is the one that supersedes the others.
  const byYear = new Map(recorded.map((row) => [row.year, row]));
  return [...byYear.values()]
    .sort((a, b) => a.year - b.year)
    .map((row) => {
      const d = distribution(runs, row.year, (y) => y.leafTonnes);
      return {
        year: row.year,
        observed: row.value,
        status: row.status,
        source: row.source,
        mean: d.mean,
        p5: d.p5,
        p95: d.p95,
        relativeError: (d.mean - row.value) / row.value,
        inside90: row.value >= d.p5 && row.value <= d.p95,
      };
    });
}
