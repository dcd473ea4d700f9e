/**
 * How the national area answers eradication, in the record and in an ensemble: the
 * least-squares slope of each year's change in hectares on the previous year's
 * recorded eradication (ha of growth per ha eradicated), and its correlation. In
 * DEVIDA's record for 2019–2024 the slope is about −0.8: the years after heavy
 * eradication barely grew or fell, the two after the 2020–2021 pause grew by 19,000
 * and 14,000 ha. Calibration fits levels, not this answer, so the fit report shows it
 * beside the fit (docs/validation.md §3, "The area does not answer eradication").
 * Pure: no I/O.
 */
import { observedEradication, observedNationalHectares } from "../data/record.ts";
import { quantileSorted } from "../ensemble/stats.ts";
import type { Summary } from "../model/results.ts";

export interface Regression {
  /** Least-squares slope of y on x. */
  readonly slope: number;
  /** Pearson correlation (NaN when either series is constant). */
  readonly r: number;
}

/** Slope and correlation of `y` on `x` (same length, at least 2). */
export function regression(x: readonly number[], y: readonly number[]): Regression {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return { slope: sxy / sxx, r: sxy / Math.sqrt(sxx * syy) };
}

export interface EradicationResponse {
  /** The years whose change from the year before is regressed. */
  readonly years: readonly number[];
  /** Recorded national eradication in the year before each of `years`, ha. */
  readonly eradicatedBefore: readonly number[];
  /** DEVIDA's change in national hectares in each of `years`, and its fit. */
  readonly recorded: Regression & { readonly changes: readonly number[] };
  /** The ensemble: the mean run's changes and fit, and the 5th/95th percentiles of the runs' slopes. */
  readonly simulated: Regression & {
    readonly changes: readonly number[];
    readonly slopeP5: number;
    readonly slopeP95: number;
  };
  /** Whether the record's slope lies within the runs' 5th–95th percentiles. */
  readonly inside90: boolean;
}

/**
 * The response over the years that the runs, DEVIDA's national series (from 2018)
 * and the eradication record all cover; undefined with fewer than three such years,
 * where a slope says nothing.
 */
export function eradicationResponse(runs: readonly Summary[]): EradicationResponse | undefined {
  if (runs.length === 0) return undefined;
  const hectares = runs.map((run) => new Map(run.years.map((y) => [y.year, y.hectares.total])));
  const years = [...hectares[0].keys()]
    .filter(
      (year) =>
        year >= 2019 &&
        hectares.every((h) => h.has(year) && h.has(year - 1)) &&
        observedNationalHectares(year) !== undefined &&
        observedNationalHectares(year - 1) !== undefined &&
        observedEradication(year - 1) !== undefined,
    )
    .sort((a, b) => a - b);
  if (years.length < 3) return undefined;
  const eradicatedBefore = years.map((year) => observedEradication(year - 1)!);
  const recordedChanges = years.map(
    (year) => observedNationalHectares(year)! - observedNationalHectares(year - 1)!,
  );
  const runChanges = hectares.map((h) => years.map((year) => h.get(year)! - h.get(year - 1)!));
  const meanChanges = years.map((_, k) => runChanges.reduce((a, c) => a + c[k], 0) / runs.length);
  const slopes = runChanges
    .map((changes) => regression(eradicatedBefore, changes).slope)
    .sort((a, b) => a - b);
  const recorded = { ...regression(eradicatedBefore, recordedChanges), changes: recordedChanges };
  const slopeP5 = quantileSorted(slopes, 0.05);
  const slopeP95 = quantileSorted(slopes, 0.95);
  return {
    years,
    eradicatedBefore,
    recorded,
    simulated: { ...regression(eradicatedBefore, meanChanges), changes: meanChanges, slopeP5, slopeP95 },
    inside90: recorded.slope >= slopeP5 && recorded.slope <= slopeP95,
  };
}
