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
 * hectare-weighted spread around it (σ_u²), each less what the members' own
 * run-to-run spread puts there (estimateDiscrepancy). The validation years are never used.
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
  /** The walks start at zero on 1 January of this year (the runs' first year). */
  readonly originYear: number;
  /** How many zone-year steps of the record the estimate rests on. */
  readonly incrementCount: number;
  /** The years whose steps entered the estimate. */
  readonly years: readonly number[];
}

/** Added to both sides of the log ratio, as in the calibration distance. */
const OFFSET_HA = 100;

/** Log hectares (+ offset) of every member in `year` for `zone`, or undefined when the runs lack the year. */
function memberLogs(runs: readonly Summary[], zone: string, year: number): Float64Array | undefined {
  const out = new Float64Array(runs.length);
  for (let i = 0; i < runs.length; i++) {
    const y = runs[i].years.find((entry) => entry.year === year);
    if (!y) return undefined;
    out[i] = Math.log((y.hectares.byZone[zone] ?? 0) + OFFSET_HA);
  }
  return out;
}

/**
 * Estimates the discrepancy from the ensemble's in-sample years (by default the
 * calibration years), by the method of moments. The record's residual steps Δ
 * (the log ratio of DEVIDA to the ensemble mean, year on year) hold the
 * discrepancy's step and also the run-to-run spread of the model itself, which
 * every member already carries; that spread is measured on the members' own
 * residual steps (each member against the same mean, scaled by (n + 1) / (n − 1)
 * since the record is not part of the mean and a member is) and subtracted, for
 * the common part and the zones' own parts separately, floored at zero.
 *
 * A zone enters with the step from the start (residual 0) only when the record has
 * it in the runs' first year, since the model starts it at DEVIDA's area; later
 * steps need both years observed. With four calibration years this is a plug-in
 * estimate resting on few degrees of freedom (4 years for the common part), and the
 * calibration fitted a trend per zone on the same years, which shrinks the zones'
 * residual steps: both err on the narrow side.
 */
export function estimateDiscrepancy(
  runs: readonly Summary[],
  years: readonly number[] = CALIBRATION_YEARS,
): Discrepancy {
  if (runs.length === 0) throw new RangeError("estimateDiscrepancy needs at least one run");
  const origin = Math.min(...runs.map((run) => Number(run.from.slice(0, 4))));
  const n = runs.length;
  const inflate = n > 1 ? (n + 1) / (n - 1) : 0;
  // Residuals against the ensemble mean: the record's, and each member's.
  const observed = new Map<string, { w: number; r: number; e: Float64Array }>();
  for (const { zone, year, hectares } of observedZoneYears(years)) {
    if (year < origin) continue;
    const logs = memberLogs(runs, zone, year);
    if (!logs) continue;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += Math.exp(logs[i]) - OFFSET_HA;
    const m = Math.log(mean / n + OFFSET_HA);
    const e = logs.map((l) => l - m);
    observed.set(`${zone}|${year}`, { w: hectares, r: Math.log(hectares + OFFSET_HA) - m, e });
  }
  const zero = { r: 0, e: new Float64Array(n) };
  let commonObserved = 0;
  let commonModel = 0;
  let commonYears = 0;
  let zoneObserved = 0;
  let zoneModel = 0;
  let zoneWeight = 0;
  let incrementCount = 0;
  const used: number[] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const steps: { w: number; d: number; di: Float64Array }[] = [];
    for (const zone of ZONE_NAMES) {
      const now = observed.get(`${zone}|${year}`);
      const before = year === origin ? zero : observed.get(`${zone}|${year - 1}`);
      if (!now || !before) continue;
      steps.push({ w: now.w, d: now.r - before.r, di: now.e.map((x, i) => x - before.e[i]) });
    }
    const w = steps.reduce((sum, x) => sum + x.w, 0);
    if (w <= 0) continue;
    const m = steps.reduce((sum, x) => sum + x.w * x.d, 0) / w;
    const mi = new Float64Array(n);
    for (const x of steps) for (let i = 0; i < n; i++) mi[i] += (x.w * x.di[i]) / w;
    commonObserved += m * m;
    commonModel += (inflate * mi.reduce((sum, v) => sum + v * v, 0)) / n;
    commonYears++;
    for (const x of steps) {
      zoneObserved += x.w * (x.d - m) ** 2;
      let spread = 0;
      for (let i = 0; i < n; i++) spread += (x.di[i] - mi[i]) ** 2;
      zoneModel += (x.w * inflate * spread) / n;
      zoneWeight += x.w;
    }
    incrementCount += steps.length;
    used.push(year);
  }
  return {
    sigmaCommon: commonYears > 0 ? Math.sqrt(Math.max(0, commonObserved - commonModel) / commonYears) : 0,
    sigmaZone: zoneWeight > 0 ? Math.sqrt(Math.max(0, zoneObserved - zoneModel) / zoneWeight) : 0,
    originYear: origin,
    incrementCount,
    years: used,
  };
}

/**
 * The predictive members: each run with one draw of the discrepancy applied to its
 * zones' hectares (and the national total re-added from them), seeded by the run's
 * own seed. Everything else in the summaries is left as simulated, the young part of
 * the area included: only `hectares` is a predictive figure.
 */
export function applyDiscrepancy(runs: readonly Summary[], discrepancy: Discrepancy): Summary[] {
  const zones = ZONE_NAMES;
  return runs.map((run) => {
    const rng = createStreams(run.seed, ["fit-report.discrepancy"]);
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
