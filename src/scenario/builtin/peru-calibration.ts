/**
 * The calibration the built-in `peru` scenario uses: written by `cocasim calibrate`
 * (ABC-SMC against DEVIDA 2018–2021, src/calibration/) to peru-calibration.json.
 * Re-run the calibration and rebuild (`npm run build`) to update it.
 */
import type { RawParameters } from "../raw.ts";
import calibration from "./peru-calibration.json" with { type: "json" };

export interface PeruCalibration {
  readonly method: string;
  readonly seed: number;
  readonly budget: number;
  readonly evaluations: number;
  readonly generations: number;
  readonly seedsPerCandidate: number;
  readonly years: readonly number[];
  readonly tolerance: number;
  readonly parameters: Readonly<Record<string, number>>;
  readonly intervals: Readonly<Record<string, readonly number[]>>;
  readonly prior: Readonly<Record<string, readonly number[]>>;
  readonly distance: {
    readonly total: number;
    readonly zones: number;
    readonly national: number;
    readonly seizures: number;
  };
  readonly posterior: readonly {
    readonly parameters: Readonly<Record<string, number>>;
    readonly weight: number;
    readonly distance: number;
  }[];
  /** Each zone's coca trend, USD/ha/yr per year, with its standard error. */
  readonly zoneTrends: Readonly<
    Record<string, { readonly value: number; readonly se: number; readonly years: number }>
  >;
  readonly zoneTrendFit: { readonly before: number; readonly stage1: number; readonly stage3: number };
}

export const PERU_CALIBRATION: PeruCalibration = calibration;

/**
 * The calibrated parameters as a scenario's `parameters` mapping: the global ones by
 * path, then each zone's trend under `zones` (as the YAML of `peru` writes them).
 */
export function calibratedParameters(c: PeruCalibration = PERU_CALIBRATION): RawParameters {
  const trends = Object.entries(c.zoneTrends);
  if (trends.length === 0) return { ...c.parameters };
  return {
    ...c.parameters,
    zones: Object.fromEntries(trends.map(([zone, t]) => [zone, { cocaTrendUsdPerHaYear: t.value }])),
  };
}
