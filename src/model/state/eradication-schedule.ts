/**
 * Status-quo eradication: hectares per year from the record (data/eradication.csv),
 * then `state.eradicationFutureHaPerYear`. Partial-year figures are used as
 * recorded (lower bounds): 2021 to 28 Oct, 2023 part of the year, 2024 to October.
 */
import { monthOfYear, yearOf } from "../../core/time.ts";

export interface EradicationYear {
  readonly year: number;
  readonly hectares: number;
  readonly source: string;
  /** Months of the year (0 = January) in which the hectares were eradicated; default all 12. */
  readonly months?: readonly number[];
}

export const ERADICATION_RECORD: readonly EradicationYear[] = [
  { year: 2011, hectares: 10200, source: "Diálogo 2012-10-09 ('slightly more than' 10,200 ha)" },
  { year: 2012, hectares: 14234, source: "UNODC/DEVIDA 2012 survey via AP 2013-09-24" },
  { year: 2013, hectares: 23600, source: "DEVIDA via AFP 2014-01-04" },
  { year: 2014, hectares: 31205, source: "UNODC Monitoreo 2014 via EFE" },
  { year: 2015, hectares: 35868, source: "UNODC/DEVIDA Monitoreo 2015 via huachos.com" },
  { year: 2016, hectares: 30151, source: "UNODC/DEVIDA Monitoreo 2016 via Europa Press 2017-12-05" },
  { year: 2017, hectares: 22885, source: "Dirandro 2017 balance via huachos.com" },
  { year: 2018, hectares: 25107, source: "CORAH via peruinforma.com (25,106.67 ha)" },
  { year: 2019, hectares: 25525, source: "Mininter via AIN Bolivia 2020 (11 months)" },
  {
    year: 2020,
    hectares: 6000,
    source: "El Comercio Oct 2021 (about 6,000 ha; suspended by the pandemic from March)",
    months: [0, 1, 2],
  },
  { year: 2021, hectares: 2105, source: "El Comercio Oct 2021 (to 28 Oct; lowest of the decade)" },
  { year: 2022, hectares: 21628, source: "Mininter via tudiariohuanuco.pe (21,627.68 ha)" },
  { year: 2023, hectares: 18246, source: "Mininter/CORAH via peruinforma.com (part of the year)" },
  { year: 2024, hectares: 19982, source: "Mininter via impetu.pe (to October)" },
];

const BY_YEAR = new Map(ERADICATION_RECORD.map((entry) => [entry.year, entry]));
const FIRST = ERADICATION_RECORD[0];

/** Zones the status quo does not eradicate: the VRAEM (reconversion instead, since 2014, El Comercio) and La Convención-Lares (ENACO's licit leaf). */
export const NOT_ERADICATED_ZONES: ReadonlySet<string> = new Set(["VRAEM", "La Convención-Lares"]);

/** Status-quo national eradication in hectares for one month. */
export function statusQuoEradicationHa(month: number, futureHaPerYear: number): number {
  const year = yearOf(month);
  const entry = BY_YEAR.get(year) ?? (year < FIRST.year ? FIRST : undefined);
  if (!entry) return futureHaPerYear / 12;
  const months = entry.months;
  if (!months) return entry.hectares / 12;
  return months.includes(monthOfYear(month)) ? entry.hectares / months.length : 0;
}

/**
 * Eradication by department where the record breaks it down (data/eradication.csv):
 * 2023 from peruinforma.com (Mininter/CORAH), 2024 from impetu.pe (Mininter).
 */
export const ERADICATION_BY_DEPARTMENT: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  2023: { Ucayali: 5666, Huánuco: 3726, "San Martín": 4257, Pasco: 2572, Loreto: 1628 },
  2024: { Ucayali: 10366, Loreto: 3887, Huánuco: 3349, "San Martín": 2007, Pasco: 288 },
};

export interface ZoneForAllocation {
  readonly name: string;
  readonly departments: readonly string[];
}

/**
 * The status-quo plan: spreads a national eradication total over the zones the
 * status quo eradicates. Where the record gives the year's split by department,
 * each department's share goes to its zones; otherwise the total is split by
 * `weights` (the zones' standing coca when the year's plan was drawn up, see
 * status-quo.ts).
 */
export function allocateStatusQuoEradication(
  total: number,
  year: number,
  zones: readonly ZoneForAllocation[],
  weights: ArrayLike<number>,
  out: Float64Array,
): void {
  out.fill(0);
  const eligible = (z: number) => !NOT_ERADICATED_ZONES.has(zones[z].name);
  const byDepartment = ERADICATION_BY_DEPARTMENT[year];
  if (byDepartment) {
    const departmentTotal = Object.values(byDepartment).reduce((a, b) => a + b, 0);
    for (const [department, hectares] of Object.entries(byDepartment)) {
      let w = 0;
      for (let z = 0; z < zones.length; z++) {
        if (eligible(z) && zones[z].departments.includes(department))
          w += weights[z] / zones[z].departments.length;
      }
      if (w <= 0) continue;
      for (let z = 0; z < zones.length; z++) {
        if (!eligible(z) || !zones[z].departments.includes(department)) continue;
        out[z] += (total * (hectares / departmentTotal) * (weights[z] / zones[z].departments.length)) / w;
      }
    }
    return;
  }
  let w = 0;
  for (let z = 0; z < zones.length; z++) if (eligible(z)) w += weights[z];
  for (let z = 0; z < zones.length; z++) out[z] = w > 0 && eligible(z) ? (total * weights[z]) / w : 0;
}
