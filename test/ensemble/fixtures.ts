/** Small hand-made summaries for the ensemble tests. */
import type { Summary, YearSummary } from "../../src/model/results.ts";

/** Everything a YearSummary deeper than one level may override. */
export interface YearInit {
  readonly year?: number;
  readonly hectares?: number;
  readonly byZone?: Record<string, number>;
  readonly produced?: number;
  readonly exported?: number;
  readonly seized?: number;
  readonly exportsByMode?: Partial<YearSummary["exportsTonnesByMode"]>;
  readonly arrests?: number;
  readonly enforcementUsd?: number;
  readonly alternativeDevelopmentUsd?: number;
  readonly activeRoutes?: number;
  readonly leafUsdPerKg?: number;
}

export function makeYear(init: YearInit = {}): YearSummary {
  return {
    year: init.year ?? 2020,
    hectares: { total: init.hectares ?? 100, byZone: init.byZone ?? { A: 60, B: 40 } },
    youngHectares: 10,
    leafTonnes: 1000,
    cocaineTonnes: {
      produced: init.produced ?? 50,
      exported: init.exported ?? 40,
      seized: init.seized ?? 5,
      seizedAtLabs: 1,
      stock: 5,
    },
    exportsTonnesByMode: { road: 20, river: 10, air: 0, foot: 0, lake: 0, sea: 10, ...init.exportsByMode },
    seizuresTonnesByMode: { road: 2, river: 1, air: 0, foot: 0, lake: 0, sea: 2 },
    eradicatedHectares: 20,
    arrests: init.arrests ?? 300,
    prices: { leafUsdPerKg: init.leafUsdPerKg ?? 3, baseUsdPerKg: 700, hclUsdPerKg: 1400 },
    enforcementUsd: init.enforcementUsd ?? 100,
    alternativeDevelopmentUsd: init.alternativeDevelopmentUsd ?? 0,
    activeRoutes: init.activeRoutes ?? 10,
    growerHouseholds: 1000,
    traffickingMembers: 500,
    armedGroupStrength: 300,
  };
}

export function makeSummary(seed: number, years: readonly YearSummary[], scenario = "test"): Summary {
  return { scenario, seed, from: "2020-01", to: `${years.at(-1)?.year ?? 2020}-12`, years };
}
