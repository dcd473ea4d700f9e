/**
 * The calibration the built-in `peru` scenario uses: written by `cocasim calibrate`
 * (ABC-SMC against DEVIDA 2018–2021, src/calibration/) to peru-calibration.json.
 * Re-run the calibration and rebuild (`npm run build`) to update it.
 */
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
}

export const PERU_CALIBRATION: PeruCalibration = calibration;
