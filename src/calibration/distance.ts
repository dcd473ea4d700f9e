/**
 * The distance between simulated and observed record used by calibration: a
 * weighted sum of root-mean-square log errors, computed on the mean over seeds
 * (several seeds per candidate damp the model's own noise).
 *
 *   D = w_zone·RMSLE(zone-years, hectare-weighted) + w_nat·RMSLE(national)
 *       + w_seiz·RMSLE(cocaine-type seizures)
 *
 * Log errors treat a zone of 1,000 ha missed by half like one of 30,000 ha missed by
 * half; the hectare weights then make large zones count more. 100 ha is added to
 * both sides so that small zones do not dominate.
 */
import type { Summary } from "../model/results.ts";
import { observedNational, observedSeizuresTonnes, observedZoneYears } from "./targets.ts";

export interface DistanceWeights {
  readonly zones: number;
  readonly national: number;
  readonly seizures: number;
}

export const DEFAULT_WEIGHTS: DistanceWeights = { zones: 1, national: 1, seizures: 0.3 };

export interface DistanceParts {
  readonly total: number;
  readonly zones: number;
  readonly national: number;
  readonly seizures: number;
}

const OFFSET_HA = 100;

/** Mean over runs of a figure picked from a year's summary; undefined when no run has the year. */
function meanOver(
  runs: readonly Summary[],
  year: number,
  pick: (y: Summary["years"][number]) => number,
): number | undefined {
  let sum = 0;
  let n = 0;
  for (const run of runs) {
    const y = run.years.find((entry) => entry.year === year);
    if (!y) continue;
    sum += pick(y);
    n++;
  }
  return n > 0 ? sum / n : undefined;
}

export function calibrationDistance(
  runs: readonly Summary[],
  years: readonly number[],
  weights: DistanceWeights = DEFAULT_WEIGHTS,
): DistanceParts {
  let zoneSq = 0;
  let zoneW = 0;
  for (const { zone, year, hectares } of observedZoneYears(years)) {
    const sim = meanOver(runs, year, (y) => y.hectares.byZone[zone] ?? 0);
    if (sim === undefined) continue;
    const e = Math.log((sim + OFFSET_HA) / (hectares + OFFSET_HA));
    zoneSq += hectares * e * e;
    zoneW += hectares;
  }
  let natSq = 0;
  let natN = 0;
  for (const { year, hectares } of observedNational(years)) {
    const sim = meanOver(runs, year, (y) => y.hectares.total);
    if (sim === undefined) continue;
    natSq += Math.log((sim + OFFSET_HA) / (hectares + OFFSET_HA)) ** 2;
    natN++;
  }
  let seizSq = 0;
  let seizN = 0;
  for (const { year, tonnes } of observedSeizuresTonnes(years)) {
    const sim = meanOver(runs, year, (y) => y.cocaineTonnes.seized);
    if (sim === undefined) continue;
    seizSq += Math.log((sim + 1) / (tonnes + 1)) ** 2;
    seizN++;
  }
  const zones = zoneW > 0 ? Math.sqrt(zoneSq / zoneW) : 0;
  const national = natN > 0 ? Math.sqrt(natSq / natN) : 0;
  const seizures = seizN > 0 ? Math.sqrt(seizSq / seizN) : 0;
  return {
    total: weights.zones * zones + weights.national * national + weights.seizures * seizures,
    zones,
    national,
    seizures,
  };
}
