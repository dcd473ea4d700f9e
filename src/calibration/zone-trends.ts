/**
 * Fits each zone's coca trend (`zones.<zone>.cocaTrendUsdPerHaYear`, see
 * growers/grower-step.ts) to the zone's DEVIDA hectares in the calibration years,
 * given the global parameters. One parameter per zone, fitted by Gauss–Newton on
 * log hectares:
 *
 *   r_zy = log(obs_zy + 100) − log(sim_zy(g) + 100),
 *   J_zy = ∂ log(sim_zy + 100) / ∂g_z   (forward difference, common random numbers),
 *   g_z ← g_z + Σ_y J_zy r_zy / Σ_y J_zy²   (step clamped),
 *
 * with the Jacobian taken as diagonal across zones: a zone's trend moves its own
 * growers, and other zones only through the few migrants and shared legs. The
 * standard error of each trend is the usual non-linear least-squares one,
 * se_z = s_z / √(Σ_y J_zy²), with s_z² the zone's residual variance (pooled over
 * zones when a zone has fewer than three observed years, as the zones DEVIDA first
 * reported in 2021). Ensembles draw each zone's trend from N(g_z, se_z²), which
 * gives zones their own spread rather than only the spread of shared parameters.
 * Pure: the caller supplies `run`.
 */
import type { Summary } from "../model/results.ts";
import { ZONE_PARAMETER_FIELDS } from "../model/zones/zones.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { SimulationJob } from "./calibrate.ts";
import { observedZoneYears } from "./targets.ts";

export interface ZoneTrend {
  /** Fitted trend, USD/ha/yr per year. */
  readonly value: number;
  /** Standard error of the fit, USD/ha/yr per year. */
  readonly se: number;
  /** Observed zone-years it was fitted to. */
  readonly years: number;
}

export interface ZoneTrendFit {
  readonly trends: Record<string, ZoneTrend>;
  /** Hectare-weighted RMS log error over the fitted zone-years, before and after. */
  readonly rmsleBefore: number;
  readonly rmsleAfter: number;
  readonly iterations: number;
  readonly evaluations: number;
}

export interface FitZoneTrendsOptions {
  /** Scenario with the global parameters set; its period is cut to the years. */
  readonly scenario: ResolvedScenario;
  readonly years: readonly number[];
  readonly seeds: readonly number[];
  /** Starting trends (0 where absent). */
  readonly start?: Readonly<Record<string, number>>;
  readonly iterations?: number;
  run(jobs: SimulationJob[]): Promise<Summary[]>;
  onProgress?(iteration: number, rmsle: number): void;
}

/** Parameter path of a zone's trend. */
export const trendPath = (zone: string): string => `zones.${zone}.cocaTrendUsdPerHaYear`;

/** Fitted trends as parameter overrides: each zone's trend path → its value. */
export function trendParameters(
  trends: Readonly<Record<string, { readonly value: number }>>,
): Record<string, number> {
  return Object.fromEntries(Object.entries(trends).map(([zone, t]) => [trendPath(zone), t.value]));
}

const OFFSET_HA = 100;
/** Forward-difference step, USD/ha/yr per year: large enough to rise above the model's noise. */
const DELTA = 400;
/** Largest Gauss–Newton step, so that a flat Jacobian cannot throw a zone to its bound. */
const MAX_STEP = 3000;
const BOUND = ZONE_PARAMETER_FIELDS.cocaTrendUsdPerHaYear;
const round = (x: number) => Math.round(x);

export async function fitZoneTrends(options: FitZoneTrendsOptions): Promise<ZoneTrendFit> {
  const observed = observedZoneYears(options.years);
  const zones = [...new Set(observed.map((o) => o.zone))];
  const first = options.years[0];
  const last = options.years[options.years.length - 1];
  const base: ResolvedScenario = {
    ...options.scenario,
    from: Math.min(options.scenario.from, first * 12),
    to: Math.min(options.scenario.to, last * 12 + 11),
  };
  const g = new Map(zones.map((z) => [z, options.start?.[z] ?? 0]));
  let evaluations = 0;

  /** Mean over seeds of log(sim + 100) for every observed zone-year, at trends `trends`. */
  const evaluate = async (sets: Map<string, number>[]): Promise<Map<string, number>[]> => {
    const jobs = sets.flatMap((trends) => {
      const parameters = { ...base.parameters };
      for (const [zone, value] of trends) parameters[trendPath(zone)] = value;
      return options.seeds.map((seed) => ({ scenario: { ...base, parameters, seed }, seed }));
    });
    evaluations += jobs.length;
    const runs = await options.run(jobs);
    const k = options.seeds.length;
    return sets.map((_, i) => {
      const mine = runs.slice(i * k, (i + 1) * k);
      const out = new Map<string, number>();
      for (const { zone, year } of observed) {
        let sum = 0;
        for (const run of mine) sum += run.years.find((y) => y.year === year)?.hectares.byZone[zone] ?? 0;
        out.set(`${zone}|${year}`, Math.log(sum / mine.length + OFFSET_HA));
      }
      return out;
    });
  };
  const residual = (logSim: Map<string, number>, zone: string, year: number, hectares: number) =>
    Math.log(hectares + OFFSET_HA) - (logSim.get(`${zone}|${year}`) ?? 0);
  const rmsle = (logSim: Map<string, number>): number => {
    let sq = 0;
    let w = 0;
    for (const { zone, year, hectares } of observed) {
      sq += hectares * residual(logSim, zone, year, hectares) ** 2;
      w += hectares;
    }
    return w > 0 ? Math.sqrt(sq / w) : 0;
  };

  const iterations = options.iterations ?? 5;
  let rmsleBefore = Number.NaN;
  let jtj = new Map<string, number>();
  let current: Map<string, number> | undefined;
  for (let it = 0; it < iterations; it++) {
    const shifted = new Map([...g].map(([z, v]) => [z, v + DELTA]));
    const [atG, atShift] = await evaluate([g, shifted]);
    if (it === 0) rmsleBefore = rmsle(atG);
    options.onProgress?.(it, rmsle(atG));
    jtj = new Map();
    for (const zone of zones) {
      let jr = 0;
      let jj = 0;
      for (const o of observed) {
        if (o.zone !== zone) continue;
        const key = `${zone}|${o.year}`;
        const j = ((atShift.get(key) ?? 0) - (atG.get(key) ?? 0)) / DELTA;
        jr += j * residual(atG, zone, o.year, o.hectares);
        jj += j * j;
      }
      jtj.set(zone, jj);
      if (!(jj > 1e-14)) continue;
      const step = Math.max(-MAX_STEP, Math.min(MAX_STEP, jr / jj));
      g.set(zone, Math.max(BOUND.min, Math.min(BOUND.max, (g.get(zone) ?? 0) + step)));
    }
  }
  [current] = await evaluate([g]);
  const rmsleAfter = rmsle(current);

  // Residual variance per zone, pooled where a zone has too few years to estimate it.
  const counts = new Map<string, number>();
  const sums = new Map<string, number>();
  for (const { zone, year, hectares } of observed) {
    counts.set(zone, (counts.get(zone) ?? 0) + 1);
    sums.set(zone, (sums.get(zone) ?? 0) + residual(current, zone, year, hectares) ** 2);
  }
  let pooledSq = 0;
  let pooledDf = 0;
  for (const zone of zones) {
    const n = counts.get(zone) ?? 0;
    if (n >= 3) {
      pooledSq += sums.get(zone) ?? 0;
      pooledDf += n - 1;
    }
  }
  const pooled = pooledDf > 0 ? pooledSq / pooledDf : 0.04;
  const trends: Record<string, ZoneTrend> = {};
  for (const zone of zones) {
    const n = counts.get(zone) ?? 0;
    const s2 = n >= 3 ? (sums.get(zone) ?? 0) / (n - 1) : pooled;
    const jj = jtj.get(zone) ?? 0;
    const se = jj > 1e-14 ? Math.sqrt(s2 / jj) : 0;
    trends[zone] = { value: round(g.get(zone) ?? 0), se: round(Math.min(se, BOUND.max)), years: n };
  }
  return { trends, rmsleBefore, rmsleAfter, iterations, evaluations };
}
