/**
 * Calibration of the `peru` baseline, against DEVIDA hectares by zone and
 * nationally and recorded seizures for 2018–2021 (distance.ts), in three stages:
 *
 * 1. each zone's coca trend is fitted at the default global parameters
 *    (zone-trends.ts: Gauss–Newton, one parameter per zone);
 * 2. ABC-SMC (abc-smc.ts) fits the global parameters below, each within its prior
 *    range from the parameter registry, with those zone trends held fixed;
 * 3. the zone trends are fitted again at the posterior point estimate.
 *
 * Each candidate runs several seeds. Pure: the caller supplies `run`, which
 * evaluates simulation jobs (in-process, on worker threads or on a queue), so the
 * same calibration runs anywhere and is reproducible from its seed.
 */
import { PARAMETERS, type ParameterPath } from "../model/parameters.ts";
import type { Summary } from "../model/results.ts";
import { ZONE_NAMES } from "../model/zones/zones.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { type AbcProgress, abcSmc, weightedQuantile } from "./abc-smc.ts";
import { calibrationDistance, type DistanceParts } from "./distance.ts";
import { CALIBRATION_YEARS } from "./targets.ts";
import { fitZoneTrends, trendParameters, trendPath, type ZoneTrend } from "./zone-trends.ts";

/** The parameters calibration fits, and why each is uncertain (see docs/validation.md). */
export const CALIBRATED_PARAMETERS: readonly ParameterPath[] = [
  "growers.logitScaleUsd",
  "growers.riskWeight",
  "growers.replantShareAfterEradication",
  "growers.migrationAfterEradication",
  "growers.frontierExpansionPerYear",
  "growers.priceMemory",
  "growers.abandonSharePerDecision",
  "growers.maxPlantHaPerDecision",
  "growers.decisionNoise",
  "prices.stockElasticity",
  "network.hazardMultiplier",
];

export function priorRange(path: ParameterPath): readonly [number, number] {
  const spec = PARAMETERS[path];
  return "prior" in spec && spec.prior ? spec.prior : [spec.min, spec.max];
}

export interface SimulationJob {
  readonly scenario: ResolvedScenario;
  readonly seed: number;
}

export interface CalibrateOptions {
  /** The scenario to calibrate (its period is cut to the calibration years). */
  readonly scenario: ResolvedScenario;
  readonly budget: number;
  readonly particles: number;
  readonly seedsPerCandidate: number;
  readonly seed: number;
  run(jobs: SimulationJob[]): Promise<Summary[]>;
  onProgress?(report: AbcProgress): void;
  /** Progress of the zone-trend stages (1 and 3). */
  onTrendProgress?(stage: 1 | 3, iteration: number, rmsle: number): void;
}

export interface CalibrationResult {
  /** Written to src/scenario/builtin/peru-calibration.json and used by the peru scenario. */
  readonly method: string;
  readonly seed: number;
  readonly budget: number;
  readonly evaluations: number;
  readonly generations: number;
  readonly seedsPerCandidate: number;
  readonly years: readonly number[];
  readonly tolerance: number;
  /** Posterior weighted medians: the point estimate the peru scenario uses. */
  readonly parameters: Record<string, number>;
  /** Posterior 5th and 95th percentiles. */
  readonly intervals: Record<string, [number, number]>;
  readonly prior: Record<string, [number, number]>;
  readonly distance: DistanceParts;
  /** The weighted posterior particles, for ensembles that carry parameter uncertainty. */
  readonly posterior: { parameters: Record<string, number>; weight: number; distance: number }[];
  /** Each zone's coca trend (USD/ha/yr per year) with its standard error, from stage 3. */
  readonly zoneTrends: Record<string, ZoneTrend>;
  /** Hectare-weighted RMS log zone error of the trend fits: stage 1 before and after, stage 3 after. */
  readonly zoneTrendFit: { readonly before: number; readonly stage1: number; readonly stage3: number };
}

const round6 = (x: number) => Number(x.toPrecision(6));

/**
 * The scenario at a calibration's point estimate: every fitted parameter and zone
 * trend from `result`, whatever the scenario carried before (the built-in peru
 * scenario carries the calibration it was built with).
 */
export function calibratedScenario(
  scenario: ResolvedScenario,
  result: Pick<CalibrationResult, "parameters" | "zoneTrends">,
): ResolvedScenario {
  const base = atDefaults(scenario);
  return {
    ...base,
    parameters: { ...base.parameters, ...result.parameters, ...trendParameters(result.zoneTrends) },
  };
}

/**
 * The scenario with every parameter that calibration fits (the global ones and the
 * zone trends) taken back to its default, so that a calibration does not start from
 * an earlier one's result and gives the same answer from any starting file.
 */
export function atDefaults(scenario: ResolvedScenario): ResolvedScenario {
  const fitted = new Set<string>([...CALIBRATED_PARAMETERS, ...ZONE_NAMES.map(trendPath)]);
  const parameters = Object.fromEntries(
    Object.entries(scenario.parameters).filter(([path]) => !fitted.has(path)),
  );
  return { ...scenario, parameters };
}

export async function calibrate(input: CalibrateOptions): Promise<CalibrationResult> {
  const options = { ...input, scenario: atDefaults(input.scenario) };
  const paths = CALIBRATED_PARAMETERS;
  const lower = paths.map((p) => priorRange(p)[0]);
  const upper = paths.map((p) => priorRange(p)[1]);
  const lastYear = CALIBRATION_YEARS[CALIBRATION_YEARS.length - 1];
  const firstYear = CALIBRATION_YEARS[0];
  const to = Math.min(options.scenario.to, lastYear * 12 + 11);
  const seeds = Array.from(
    { length: options.seedsPerCandidate },
    (_, k) => (options.seed + 7919 * (k + 1)) >>> 0,
  );
  let fittedTrends: Record<string, number> = {};
  const runJobs = (jobs: SimulationJob[]) => options.run(jobs);
  // Stage 1: zone trends at the default global parameters.
  const stage1 = await fitZoneTrends({
    scenario: options.scenario,
    years: CALIBRATION_YEARS,
    seeds,
    run: runJobs,
    onProgress: (i, r) => options.onTrendProgress?.(1, i, r),
  });
  fittedTrends = trendParameters(stage1.trends);
  const scenarioFor = (theta: readonly number[]): ResolvedScenario => {
    const parameters: Record<string, number> = { ...options.scenario.parameters, ...fittedTrends };
    paths.forEach((path, j) => {
      parameters[path] = PARAMETERS[path].integer ? Math.round(theta[j]) : theta[j];
    });
    return { ...options.scenario, from: Math.min(options.scenario.from, firstYear * 12), to, parameters };
  };
  const distanceOf = async (thetas: number[][]): Promise<DistanceParts[]> => {
    const jobs = thetas.flatMap((theta) =>
      seeds.map((seed) => ({ scenario: { ...scenarioFor(theta), seed }, seed })),
    );
    const summaries = await options.run(jobs);
    return thetas.map((_, i) =>
      calibrationDistance(summaries.slice(i * seeds.length, (i + 1) * seeds.length), CALIBRATION_YEARS),
    );
  };
  const result = await abcSmc({
    lower,
    upper,
    particles: options.particles,
    budget: options.budget,
    seed: options.seed,
    batch: Math.max(2, Math.floor(options.particles / 2)),
    evaluate: async (thetas) => (await distanceOf(thetas)).map((d) => d.total),
    onProgress: options.onProgress,
  });
  const parameters: Record<string, number> = {};
  const intervals: Record<string, [number, number]> = {};
  const prior: Record<string, [number, number]> = {};
  paths.forEach((path, j) => {
    const median = weightedQuantile(result.particles, j, 0.5);
    parameters[path] = round6(PARAMETERS[path].integer ? Math.round(median) : median);
    intervals[path] = [
      round6(weightedQuantile(result.particles, j, 0.05)),
      round6(weightedQuantile(result.particles, j, 0.95)),
    ];
    prior[path] = [lower[j], upper[j]];
  });
  // Stage 3: zone trends again, at the posterior point estimate.
  const stage3 = await fitZoneTrends({
    scenario: { ...options.scenario, parameters: { ...options.scenario.parameters, ...parameters } },
    years: CALIBRATION_YEARS,
    seeds,
    start: Object.fromEntries(Object.entries(stage1.trends).map(([zone, t]) => [zone, t.value])),
    run: runJobs,
    onProgress: (i, r) => options.onTrendProgress?.(3, i, r),
  });
  fittedTrends = trendParameters(stage3.trends);
  const [distance] = await distanceOf([paths.map((p) => parameters[p])]);
  return {
    method: "ABC-SMC (Beaumont et al. 2009; adaptive tolerance at the median distance)",
    seed: options.seed,
    budget: options.budget,
    evaluations: result.evaluations,
    generations: result.generations,
    seedsPerCandidate: options.seedsPerCandidate,
    years: CALIBRATION_YEARS,
    tolerance: round6(result.tolerance),
    parameters,
    intervals,
    prior,
    distance: {
      total: round6(distance.total),
      zones: round6(distance.zones),
      national: round6(distance.national),
      seizures: round6(distance.seizures),
    },
    posterior: result.particles.map((p) => ({
      parameters: Object.fromEntries(paths.map((path, j) => [path, round6(p.theta[j])])),
      weight: round6(p.weight),
      distance: round6(p.distance),
    })),
    zoneTrends: stage3.trends,
    zoneTrendFit: {
      before: round6(stage1.rmsleBefore),
      stage1: round6(stage1.rmsleAfter),
      stage3: round6(stage3.rmsleAfter),
    },
  };
}
