/**
 * What calibration and validation compare the model with: DEVIDA hectares by zone
 * and nationally, and cocaine-type seizures, from the project's record (data/).
 * Calibration sees 2018–2021 only; 2022–2024 are kept for the out-of-sample fit report.
 */
import { observedNationalHectares, observedZoneHectares, SEIZURES } from "../data/record.ts";
import { OTHER_ZONES, ZONE_NAMES } from "../model/zones/zones.ts";

export const CALIBRATION_YEARS: readonly number[] = [2018, 2019, 2020, 2021];
export const VALIDATION_YEARS: readonly number[] = [2022, 2023, 2024];

export interface ZoneYear {
  readonly zone: string;
  readonly year: number;
  readonly hectares: number;
}

/** DEVIDA hectares of each modelled zone (the pooled zone excluded) in the given years, where published. */
export function observedZoneYears(years: readonly number[]): ZoneYear[] {
  const out: ZoneYear[] = [];
  for (const zone of ZONE_NAMES) {
    if (zone === OTHER_ZONES) continue;
    for (const year of years) {
      const hectares = observedZoneHectares(zone, year);
      if (hectares !== undefined) out.push({ zone, year, hectares });
    }
  }
  return out;
}

export function observedNational(years: readonly number[]): { year: number; hectares: number }[] {
  return years.flatMap((year) => {
    const hectares = observedNationalHectares(year);
    return hectares === undefined ? [] : [{ year, hectares }];
  });
}

/** Full-year cocaine-type (base paste + HCl) seizures in tonnes, where recorded. */
export function observedSeizuresTonnes(years: readonly number[]): { year: number; tonnes: number }[] {
  return years.flatMap((year) => {
    const row = SEIZURES.find(
      (r) => r.year === year && r.drug === "cocaine_type" && r.measure === "seized" && r.fullYear,
    );
    return row ? [{ year, tonnes: row.kg / 1000 }] : [];
  });
}
