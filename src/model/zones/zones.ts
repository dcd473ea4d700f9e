/**
 * The growing zones: DEVIDA's monitoring zones that had at least 1,000 ha in any
 * year 2018–2024 are modelled on their own; the rest are pooled in "Otras zonas".
 *
 * Hectares: DEVIDA, Monitoreo de cultivos de coca 2022 (zone table 2018–2022) and
 * Monitoreo 2024 (zone table 2020–2024); see data/hectares_by_zone.csv.
 * Yields: UNODC Monitoreo 2015, Datos clave and press release 15 July 2015
 * (VRAEM 3,600 kg/ha/yr; other zones about 2,300 kg/ha/yr); see data/conversion_factors.csv.
 * Coordinates: GeoNames points (CC BY 4.0) from data/places.csv.
 */

export interface ZoneDefinition {
  /** DEVIDA zone name, used in scenarios (`where.zones`). */
  readonly name: string;
  /** Departments the zone lies in, as in data/hectares_by_department.csv; the first is the main one. */
  readonly departments: readonly string[];
  /** Id of the zone's hub node on the trafficking network (src/model/trafficking/network-data.ts). */
  readonly hub: string;
  readonly lat: number;
  readonly lon: number;
  /** DEVIDA hectares on 31 Dec 2018; 0 where the zone was not yet reported separately. */
  readonly hectares2018: number;
  /** Largest DEVIDA hectares 2018–2021 (the calibration window), used to size land and households. */
  readonly peakHectares2018to2021: number;
  /** Sun-dried leaf yield of a productive hectare, kg/ha/yr. */
  readonly leafYieldKgPerHaYear: number;
  /** Armed-group (Militarizado PCP-SL) presence, 0–1: share of the zone the group holds. */
  readonly armedGroupPresence: number;
  /** State presence, 0–1: how much of the zone police and eradication brigades reach. */
  readonly statePresence: number;
  /**
   * Yearly drift of coca's net advantage in the zone, USD/ha/yr per year: the zone's
   * unobserved conditions (new roads and buyers, licit markets, crop substitution,
   * social control) changing over time. 0 here; `cocasim calibrate` fits one per
   * zone to 2018–2021 and the `peru` scenario sets them (growers/grower-step.ts).
   */
  readonly cocaTrendUsdPerHaYear: number;
}

/** Zone names that appear under another name in older reports or common usage. */
export const ZONE_ALIASES: Readonly<Record<string, string>> = {
  "Alto Huallaga": "Huallaga",
  VRAE: "VRAEM",
  "Apurímac-Ene (VRAE)": "VRAEM",
  Kcosñipata: "Kosñipata",
  "Palcazú-Pichis-Pachitea": "Pichis-Palcazú-Pachitea",
};

export const OTHER_ZONES = "Otras zonas";

// Yield figures (kg sun-dried leaf per ha per year): UNODC 2015 (VRAEM 3,600; others 2,300).
const VRAEM_YIELD = 3600;
const OTHER_YIELD = 2300;

export const ZONES: readonly ZoneDefinition[] = [
  z("VRAEM", ["Ayacucho", "Cusco", "Junín"], "vraem", -12.55, -73.85, 24111, 32106, VRAEM_YIELD, 0.35, 0.5),
  z("La Convención-Lares", ["Cusco"], "quillabamba", -12.86334, -72.69306, 9007, 9007, OTHER_YIELD, 0, 0.8),
  z("Inambari-Tambopata", ["Puno"], "putina_punco", -14.11218, -69.04767, 5747, 9730, OTHER_YIELD, 0, 0.6),
  z("San Gabán", ["Puno"], "lanlacuni_bajo", -13.43862, -70.40236, 1640, 1640, OTHER_YIELD, 0, 0.7),
  z("Kosñipata", ["Cusco"], "pillcopata", -13.06667, -71.16667, 1255, 1672, OTHER_YIELD, 0, 0.7),
  z("Huallaga", ["Huánuco", "San Martín"], "tocache", -8.1877, -76.52046, 1721, 2270, OTHER_YIELD, 0, 0.8),
  z("Bajo Huallaga", ["San Martín"], "chazuta", -6.57087, -76.13753, 0, 1379, OTHER_YIELD, 0, 0.7),
  z("Aguaytía", ["Ucayali", "Huánuco"], "aguaytia", -9.03778, -75.50906, 1517, 2475, OTHER_YIELD, 0, 0.8),
  z(
    "Pichis-Palcazú-Pachitea",
    ["Pasco", "Huánuco"],
    "puerto_inca",
    -9.377,
    -74.96564,
    919,
    4096,
    OTHER_YIELD,
    0,
    0.6,
  ),
  z("Callería", ["Ucayali"], "pucallpa", -8.37915, -74.55387, 1047, 6095, OTHER_YIELD, 0, 0.7),
  z("Contamana", ["Loreto"], "contamana", -7.33333, -75.01667, 214, 1095, OTHER_YIELD, 0, 0.6),
  z("Bajo Ucayali", ["Loreto", "Ucayali"], "requena", -5.06083, -73.85028, 0, 1659, OTHER_YIELD, 0, 0.5),
  z("Bajo Amazonas", ["Loreto"], "caballococha", -3.90583, -70.51639, 3019, 6472, OTHER_YIELD, 0, 0.4),
  z("Putumayo", ["Loreto"], "estrecho", -2.45012, -72.66896, 1840, 2193, OTHER_YIELD, 0, 0.3),
  z("Marañón", ["Amazonas", "Cajamarca"], "maranon", -5.64, -78.53, 1381, 1414, OTHER_YIELD, 0, 0.6),
  z("Amazonas", ["Amazonas"], "amazonas_zone", -6.4, -77.5, 0, 895, OTHER_YIELD, 0, 0.6),
  z(
    "Madre de Dios",
    ["Madre de Dios"],
    "puerto_maldonado",
    -12.58946,
    -69.19948,
    0,
    247,
    OTHER_YIELD,
    0,
    0.6,
  ),
  // Pooled: Alto Chicama (La Libertad), Camanti, Tahuamanu, Yaguas, Cotuhé, Tigre, Fitzcarrald.
  z(
    OTHER_ZONES,
    ["La Libertad", "Cusco", "Loreto", "Madre de Dios"],
    "otras",
    -7.8,
    -78.3,
    716,
    973,
    OTHER_YIELD,
    0,
    0.7,
  ),
];

function z(
  name: string,
  departments: string[],
  hub: string,
  lat: number,
  lon: number,
  hectares2018: number,
  peakHectares2018to2021: number,
  leafYieldKgPerHaYear: number,
  armedGroupPresence: number,
  statePresence: number,
): ZoneDefinition {
  return {
    name,
    departments,
    hub,
    lat,
    lon,
    hectares2018,
    peakHectares2018to2021,
    leafYieldKgPerHaYear,
    armedGroupPresence,
    statePresence,
    cocaTrendUsdPerHaYear: 0,
  };
}

export const ZONE_NAMES: readonly string[] = ZONES.map((zone) => zone.name);

/** Every department that holds a modelled zone, sorted. */
export const DEPARTMENTS: readonly string[] = [...new Set(ZONES.flatMap((zone) => zone.departments))].sort();

/** Resolves a zone name or alias to its index in ZONES, or -1. */
export function zoneIndex(name: string): number {
  const canonical = ZONE_ALIASES[name] ?? name;
  return ZONE_NAMES.indexOf(canonical);
}

/** Zone fields a scenario may override by path `zones.<zone name>.<field>`. */
export const ZONE_PARAMETER_FIELDS = {
  leafYieldKgPerHaYear: { unit: "kg/ha/yr", min: 100, max: 10000 },
  armedGroupPresence: { unit: "fraction", min: 0, max: 1 },
  statePresence: { unit: "fraction", min: 0, max: 1 },
  cocaTrendUsdPerHaYear: { unit: "USD/ha/yr per year", min: -20000, max: 20000 },
} as const;

export type ZoneParameterField = keyof typeof ZONE_PARAMETER_FIELDS;
