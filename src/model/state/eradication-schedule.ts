/**
 * Status-quo eradication: the year's national total from the record
 * (data/eradication.csv, its full-year national rows, read through
 * observedEradication), spread over the months in which it fell, then
 * `state.eradicationFutureHaPerYear` after the last recorded year.
 */
import { monthOfYear, yearOf } from "../../core/time.ts";
import { ERADICATION, observedEradication } from "../../data/record.ts";

/** Years the status quo reads from the record; earlier years use the first. */
export const FIRST_RECORDED_YEAR = 2011;
export const LAST_RECORDED_YEAR = 2024;

/** Part-year national figure of a year (the first part-year national row), in ha. */
function partYear(year: number): number {
  const row = ERADICATION.find((r) => r.year === year && r.scope === "national" && !r.fullYear);
  if (row === undefined) throw new Error(`data/eradication.csv has no part-year national row for ${year}`);
  return row.hectares;
}

/**
 * When in the year eradication fell, where the record says more than the total:
 * relative weights by month, January first. Other years are spread evenly.
 */
function monthWeights(year: number, total: number): readonly number[] | undefined {
  // 2020: brigades stopped in March for the pandemic and did not go back that year
  // (El Comercio, Oct 2021).
  if (year === 2020) return [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  // 2021: 2,105 ha by 28 October (El Comercio), 5,774 in the year (Mininter, December):
  // most of it in November and December, in Padre Abad and Carabaya.
  if (year === 2021) {
    const byOctober = partYear(2021);
    const late = Math.max(0, total - byOctober) / 2;
    return [...Array<number>(10).fill(byOctober / 10), late, late];
  }
  return undefined;
}

const HA_BY_MONTH = new Map<number, Float64Array>();
for (let year = FIRST_RECORDED_YEAR; year <= LAST_RECORDED_YEAR; year++) {
  const total = observedEradication(year);
  if (total === undefined) throw new Error(`data/eradication.csv has no full-year national row for ${year}`);
  const weights = monthWeights(year, total) ?? Array<number>(12).fill(1);
  const sum = weights.reduce((a, b) => a + b, 0);
  HA_BY_MONTH.set(
    year,
    Float64Array.from(weights, (w) => (total * w) / sum),
  );
}

/** Zones the status quo does not eradicate: the VRAEM (reconversion instead, since 2014, El Comercio) and La Convención-Lares (ENACO's licit leaf). */
export const NOT_ERADICATED_ZONES: ReadonlySet<string> = new Set(["VRAEM", "La Convención-Lares"]);

/**
 * Zones whose first recorded eradication came late, and its year: before it the
 * status quo leaves them alone (data/eradication.csv has the rows).
 * - Putumayo: "El Perú inició la erradicación … en la zona del Putumayo … por primera
 *   vez" (Cusco Post, 2023; Mininter's Putumayo axis).
 * - Inambari-Tambopata (Sandia, Puno): no brigades in Puno before mid-July 2024 other
 *   than on the San Gabán axis (Carabaya); the Sandia axis began in October 2024 (the
 *   mayor of San Pedro de Putina Punco in Diario Sin Fronteras, 9 Oct 2024; Mininter's
 *   October balance), 812 ha in Puno in 2024 (Mininter via Infobae, 4 Dec 2024). No
 *   eradication in Sandia is reported for 2017–2023. Spread over the whole of 2024 here.
 */
export const FIRST_ERADICATION_YEAR: ReadonlyMap<string, number> = new Map([
  ["Putumayo", 2023],
  ["Inambari-Tambopata", 2024],
]);

/** Whether the status quo eradicates in `zone` in `year`. */
export function statusQuoEradicates(zone: string, year: number): boolean {
  if (NOT_ERADICATED_ZONES.has(zone)) return false;
  return year >= (FIRST_ERADICATION_YEAR.get(zone) ?? Number.NEGATIVE_INFINITY);
}

/** Status-quo national eradication in hectares for one month. */
export function statusQuoEradicationHa(month: number, futureHaPerYear: number): number {
  const year = yearOf(month);
  if (year > LAST_RECORDED_YEAR) return futureHaPerYear / 12;
  return HA_BY_MONTH.get(Math.max(FIRST_RECORDED_YEAR, year))![monthOfYear(month)];
}

/**
 * Eradication by department where the record breaks it down (data/eradication.csv,
 * part-year rows): 2023 from peruinforma.com (Mininter/CORAH), 2024 to 4 December from
 * Infobae (Mininter: 27,787 ha by then). They cover 17,849 of 2023's 22,628 ha and
 * 25,786 of 2024's 26,475 (Junín's 397 ha in 2023 fall in the VRAEM, which the status
 * quo does not eradicate, and are left out); see allocateStatusQuoEradication.
 */
export const ERADICATION_BY_DEPARTMENT: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  2023: { Ucayali: 5666, Huánuco: 3726, "San Martín": 4257, Pasco: 2572, Loreto: 1628 },
  2024: { Ucayali: 11779, Loreto: 6157, "San Martín": 3401, Huánuco: 3349, Pasco: 288, Puno: 812 },
};

/**
 * Each split's hectares and the share of its year's total they cover, found once:
 * the plan is drawn every month.
 */
const SPLIT_COVERAGE = new Map(
  Object.entries(ERADICATION_BY_DEPARTMENT).map(([key, byDepartment]) => {
    const year = Number(key);
    const departmentTotal = Object.values(byDepartment).reduce((a, b) => a + b, 0);
    const yearTotal = observedEradication(year) ?? departmentTotal;
    return [year, { departmentTotal, covered: Math.min(1, departmentTotal / yearTotal) }];
  }),
);

export interface ZoneForAllocation {
  readonly name: string;
  readonly departments: readonly string[];
}

/**
 * The status-quo plan: spreads a national eradication total over the zones the
 * status quo eradicates. Where the record gives a split by department, the share of
 * the year's total that the split covers (its hectares over the year's; the splits
 * are part-year figures) goes to each department's zones by its share, and the rest
 * of the year, whose split is unknown, is spread like a year without one: by
 * `weights` (the zones' standing coca when the year's plan was drawn up, see
 * status-quo.ts) over every zone the status quo eradicates that year
 * (statusQuoEradicates).
 */
export function allocateStatusQuoEradication(
  total: number,
  year: number,
  zones: readonly ZoneForAllocation[],
  weights: ArrayLike<number>,
  out: Float64Array,
): void {
  out.fill(0);
  const eligible = (z: number) => statusQuoEradicates(zones[z].name, year);
  const byDepartment = ERADICATION_BY_DEPARTMENT[year];
  let unsplit = total;
  if (byDepartment) {
    const { departmentTotal, covered } = SPLIT_COVERAGE.get(year)!;
    const split = total * covered;
    unsplit = total - split;
    for (const [department, hectares] of Object.entries(byDepartment)) {
      let w = 0;
      for (let z = 0; z < zones.length; z++) {
        if (eligible(z) && zones[z].departments.includes(department))
          w += weights[z] / zones[z].departments.length;
      }
      if (w <= 0) continue;
      for (let z = 0; z < zones.length; z++) {
        if (!eligible(z) || !zones[z].departments.includes(department)) continue;
        out[z] += (split * (hectares / departmentTotal) * (weights[z] / zones[z].departments.length)) / w;
      }
    }
  }
  let w = 0;
  for (let z = 0; z < zones.length; z++) if (eligible(z)) w += weights[z];
  if (w <= 0) return;
  for (let z = 0; z < zones.length; z++) if (eligible(z)) out[z] += (unsplit * weights[z]) / w;
}
