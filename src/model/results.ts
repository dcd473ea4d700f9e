/** What a simulation run produces. Documented for users in docs/outputs.md. */
import type { TransportMode } from "../scenario/types.ts";

export type ByMode = Record<TransportMode, number>;

export interface YearSummary {
  readonly year: number;
  /** Coca hectares standing on 31 December (productive plus young plants; DEVIDA's cultivated area), total and by zone. */
  readonly hectares: { readonly total: number; readonly byZone: Readonly<Record<string, number>> };
  /** The part of `hectares.total` planted but not yet productive, on 31 December. */
  readonly youngHectares: number;
  /** Sun-dried leaf harvested in the year, tonnes. */
  readonly leafTonnes: number;
  /** Cocaine (HCl-equivalent) tonnes. `seized` includes lab seizures; `seizedAtLabs` is that part. */
  readonly cocaineTonnes: {
    readonly produced: number;
    readonly exported: number;
    readonly seized: number;
    readonly seizedAtLabs: number;
    /** Stock at the zone hubs on 31 December. */
    readonly stock: number;
  };
  readonly exportsTonnesByMode: ByMode;
  readonly seizuresTonnesByMode: ByMode;
  readonly eradicatedHectares: number;
  readonly arrests: number;
  /** Production-weighted yearly means, USD per kg. */
  readonly prices: {
    readonly leafUsdPerKg: number;
    readonly baseUsdPerKg: number;
    readonly hclUsdPerKg: number;
  };
  /** State spending on enforcement levers (everything but alternative development), USD. */
  readonly enforcementUsd: number;
  readonly alternativeDevelopmentUsd: number;
  /** Distinct routes that carried product in the year. */
  readonly activeRoutes: number;
  readonly growerHouseholds: number;
  readonly traffickingMembers: number;
  readonly armedGroupStrength: number;
}

export interface Summary {
  readonly scenario: string;
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly years: readonly YearSummary[];
}

/** Monthly series in long format: one row per (month, variable, key). */
export interface MonthlySeries {
  readonly months: readonly string[];
  /** variable → key → values by month (key "" for national series). */
  readonly variables: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>;
}

export interface EdgeInfo {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly mode: TransportMode;
}

/** Flow and seizures on each edge by month, kg HCl-equivalent, as [month × edge] matrices. */
export interface EdgeFlows {
  readonly edges: readonly EdgeInfo[];
  readonly months: readonly string[];
  readonly flowKg: Float64Array;
  readonly seizedKg: Float64Array;
}

export interface SimulationResult {
  readonly summary: Summary;
  readonly monthly: MonthlySeries;
  readonly flows: EdgeFlows;
}
