/**
 * Model discrepancy: the part of the gap between the model and the record that no
 * parameter value removes (Kennedy & O'Hagan 2001, "Bayesian calibration of
 * computer models"; Brynjarsdóttir & O'Hagan 2014). An ensemble that varies only
 * the parameters and the seed answers "what would the record look like if the
 * model were right"; a predictive interval must also carry what the model gets
 * wrong, or its coverage is overstated (it was 63% for a nominal 90%).
 *
 * The discrepancy of zone z at the end of year y is modelled on the log scale (the
 * calibration's own scale, distance.ts) as a random walk that starts at zero on
 * 1 January of the first calibration year, when the model is set to the record:
 *
 *   δ_z(y) = c(y) + u_z(y),  c(y) = c(y−1) + σ_c·ε,  u_z(y) = u_z(y−1) + σ_u·ε_z
 *
 * with a component common to all zones (a national surge the model misses, as in
 * 2021) and one of each zone's own. Both variances are estimated from the
 * calibration years only: r_z(y) = log((observed + 100) / (ensemble mean + 100)),
 * its year-on-year increments Δ_z(y) (from r = 0 at the start), their
 * hectare-weighted mean in each year m(y) (σ_c² = mean of m(y)²) and the
 * hectare-weighted spread around it (σ_u²). The validation years are never used.
 *
 * A predictive member is an ensemble member with one draw of δ applied to every
 * zone: (h + 100)·exp(δ) − 100, at least 0; the national total is the sum of the
 * members' zones. Draws are seeded by each member's seed, so the report is the same
 * on any machine. Pure: no I/O.
 */
import { createStreams, nextNormal } from "../core/rng.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { ZONE_NAMES } from "../model/zones/zones.ts";
import { CALIBRATION_YEARS, observedZoneYears } from "./targets.ts";

export interface Discrepancy {
  /** Standard deviation per year of the common random walk, log scale. */
  readonly sigmaCommon: number;
  /** Standard deviation per year of each zone's own random walk, log scale. */
  readonly sigmaZone: number;
  /** The walk starts at zero on 1 January of this year. */
  readonly originYear: number;
  /** Year-on-year increments the estimate rests on, and the years they span. */
  readonly increments: number;
  readonly years: readonly number[];
}

/** Added to both sides of the log ratio, as in the calibration distance. */
const OFFSET_HA = 100;

function meanHectares(runs: readonly Summary[], zone: string, year: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (const run of runs) {
    const y = run.years.find((entry) => entry.year === year);
    if (!y) continue;
    sum += y.hectares.byZone[zone] ?? 0;
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

/**
 * Estimates the discrepancy from the ensemble's in-sample years (by default the
 * calibration years). A zone enters with the increment from the start (r = 0)
 * only when the record has it in the first of those years, since the model starts
 * it at DEVIDA's area; later increments need both years observed.
 */
export function estimateDiscrepancy(
  runs: readonly Summary[],
  years: readonly number[] = CALIBRATION_YEARS,
): Discrepancy {
  const first = years[0];
  const residual = new Map<string, number>();
  for (const { zone, year, hectares } of observedZoneYears(years)) {
    const mean = meanHectares(runs, zone, year);
    if (mean !== undefined)
      residual.set(`${zone}|${year}`, Math.log((hectares + OFFSET_HA) / (mean + OFFSET_HA)));
  }
  const observed = new Map(observedZoneYears(years).map((o) => [`${o.zone}|${o.year}`, o.hectares]));
  let commonSq = 0;
  let commonYears = 0;
  let zoneSq = 0;
  let zoneW = 0;
  let increments = 0;
  const used: number[] = [];
  for (const year of years) {
    const steps: { w: number; d: number }[] = [];
    for (const zone of ZONE_NAMES) {
      const now = residual.get(`${zone}|${year}`);
      const before = year === first ? 0 : residual.get(`${zone}|${year - 1}`);
      if (now === undefined || before === undefined) continue;
      steps.push({ w: observed.get(`${zone}|${year}`) ?? 0, d: now - before });
    }
    const w = steps.reduce((s, x) => s + x.w, 0);
    if (w <= 0) continue;
    const m = steps.reduce((s, x) => s + x.w * x.d, 0) / w;
    commonSq += m * m;
    commonYears++;
    for (const x of steps) {
      zoneSq += x.w * (x.d - m) ** 2;
      zoneW += x.w;
    }
    increments += steps.length;
    used.push(year);
  }
  return {
    sigmaCommon: commonYears > 0 ? Math.sqrt(commonSq / commonYears) : 0,
    sigmaZone: zoneW > 0 ? Math.sqrt(zoneSq / zoneW) : 0,
    originYear: first,
    increments,
    years: used,
  };
}

/**
 * The predictive members: each run with one draw of the discrepancy applied to its
 * zones' hectares (and the national total re-added from them); everything else in
 * the summaries is left as simulated. `seeds[i]` seeds member i's draws.
 */
export function applyDiscrepancy(
  runs: readonly Summary[],
  seeds: readonly number[],
  discrepancy: Discrepancy,
): Summary[] {
  const zones = ZONE_NAMES;
  return runs.map((run, i) => {
    const rng = createStreams(seeds[i], ["fit-report.discrepancy"]);
    const walk = new Float64Array(zones.length);
    let common = 0;
    let last = discrepancy.originYear - 1;
    const years: YearSummary[] = run.years.map((y) => {
      // One step per year since the last (none before the origin).
      for (; last < y.year; last++) {
        if (last + 1 < discrepancy.originYear) continue;
        common += discrepancy.sigmaCommon * nextNormal(rng.state, 0);
        for (let z = 0; z < zones.length; z++) walk[z] += discrepancy.sigmaZone * nextNormal(rng.state, 0);
      }
      if (y.year < discrepancy.originYear) return y;
      const byZone: Record<string, number> = {};
      let total = 0;
      zones.forEach((zone, z) => {
        const h = y.hectares.byZone[zone];
        if (h === undefined) return;
        // The pooled small zones (no record of their own) carry a walk like any zone's.
        const value = Math.max(0, (h + OFFSET_HA) * Math.exp(common + walk[z]) - OFFSET_HA);
        byZone[zone] = value;
        total += value;
      });
      return { ...y, hectares: { total, byZone } };
    });
    return { ...run, years };
  });
}
