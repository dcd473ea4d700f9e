/**
 * The parameters of each member of an ensemble that carries the calibration's
 * uncertainty: the global parameters from a posterior particle (systematic
 * resampling by weight) and each zone's coca trend drawn from N(estimate, se²),
 * with the draws seeded by the member's own seed so that the ensemble is the same
 * on any machine. Used by `cocasim fit-report`.
 */
import { createStreams, nextNormal } from "../core/rng.ts";
import { ZONE_PARAMETER_FIELDS } from "../model/zones/zones.ts";
import type { PeruCalibration } from "../scenario/builtin/peru-calibration.ts";
import { trendPath } from "./zone-trends.ts";

const BOUND = ZONE_PARAMETER_FIELDS.cocaTrendUsdPerHaYear;

/** Indices of posterior particles for `runs` draws, by systematic resampling on their weights. */
export function resamplePosterior(weights: readonly number[], runs: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let k = 0;
  let cumulative = weights[0] / total;
  for (let i = 0; i < runs; i++) {
    const u = (i + 0.5) / runs;
    while (u > cumulative && k < weights.length - 1) cumulative += weights[++k] / total;
    out.push(k);
  }
  return out;
}

/** Parameter overrides for each member, one per seed. */
export function posteriorMembers(
  calibration: Pick<PeruCalibration, "posterior" | "zoneTrends" | "parameters">,
  seeds: readonly number[],
): Record<string, number>[] {
  const { posterior } = calibration;
  const picks =
    posterior.length > 0
      ? resamplePosterior(
          posterior.map((p) => p.weight),
          seeds.length,
        )
      : [];
  const zones = Object.entries(calibration.zoneTrends ?? {});
  return seeds.map((seed, i) => {
    const parameters: Record<string, number> = {
      ...calibration.parameters,
      ...(posterior.length > 0 ? posterior[picks[i]].parameters : {}),
    };
    const rng = createStreams(seed, ["fit-report.zone-trends"]);
    for (const [zone, t] of zones) {
      const draw = t.value + t.se * nextNormal(rng.state, 0);
      parameters[trendPath(zone)] = Math.max(BOUND.min, Math.min(BOUND.max, draw));
    }
    return parameters;
  });
}
