import { describe, expect, it } from "vitest";
import { observedZoneHectares } from "../data/record.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import { OTHER_ZONES, ZONE_NAMES } from "../model/zones/zones.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import type { SimulationJob } from "./calibrate.ts";
import { CALIBRATION_YEARS } from "./targets.ts";
import { fitZoneTrends, trendPath } from "./zone-trends.ts";

const YEARS = [...CALIBRATION_YEARS];
const scenario = { from: 2018 * 12, to: 2030 * 12 + 11, parameters: {} } as unknown as ResolvedScenario;

/** Hidden trends the synthetic model is built around: alternating signs, different sizes. */
const TRUE: Record<string, number> = Object.fromEntries(
  ZONE_NAMES.filter((z) => z !== OTHER_ZONES).map((zone, i) => [
    zone,
    (i % 2 === 0 ? 1 : -1) * (300 + 150 * i),
  ]),
);

/**
 * A stand-in for the simulation: each zone's hectares are the record times
 * exp(k·(g − g*)·t), t years since 2017, plus seed noise, so the least-squares
 * trend is g* up to the noise and the +100 ha offset.
 */
function syntheticRun(noise: number) {
  return async (jobs: SimulationJob[]): Promise<Summary[]> =>
    jobs.map(({ scenario: s, seed }) => ({
      scenario: "synthetic",
      seed,
      from: "2018-01",
      to: "2021-12",
      years: YEARS.map((year) => {
        const byZone: Record<string, number> = {};
        for (const zone of ZONE_NAMES) {
          const observed = observedZoneHectares(zone, year) ?? 0;
          const g = s.parameters[trendPath(zone)] ?? 0;
          const wobble = 1 + noise * Math.sin(seed * 7.3 + year * 1.7 + zone.length);
          byZone[zone] = observed * Math.exp(0.0004 * (g - (TRUE[zone] ?? 0)) * (year - 2017)) * wobble;
        }
        return { year, hectares: { total: 0, byZone } } as unknown as YearSummary;
      }),
    }));
}

describe("zone trend fit", () => {
  it("recovers the trends of a model whose answer is known", async () => {
    const fit = await fitZoneTrends({ scenario, years: YEARS, seeds: [1, 2], run: syntheticRun(0) });
    for (const [zone, truth] of Object.entries(TRUE)) {
      expect(Math.abs(fit.trends[zone].value - truth), zone).toBeLessThan(60);
    }
    expect(fit.rmsleAfter).toBeLessThan(0.01);
    expect(fit.rmsleBefore).toBeGreaterThan(0.1);
  });

  it("reports larger standard errors when the model is noisier, and counts the years fitted", async () => {
    const quiet = await fitZoneTrends({ scenario, years: YEARS, seeds: [1], run: syntheticRun(0.02) });
    const noisy = await fitZoneTrends({ scenario, years: YEARS, seeds: [1], run: syntheticRun(0.2) });
    let larger = 0;
    for (const zone of Object.keys(TRUE)) {
      expect(noisy.trends[zone].se).toBeGreaterThan(0);
      if (noisy.trends[zone].se > quiet.trends[zone].se) larger++;
    }
    expect(larger).toBeGreaterThan(Object.keys(TRUE).length * 0.8);
    // VRAEM is reported every year; Bajo Ucayali only from 2021.
    expect(noisy.trends.VRAEM.years).toBe(4);
    expect(noisy.trends["Bajo Ucayali"].years).toBe(1);
  });

  it("asks for the same jobs whatever the run returns first (deterministic job list)", async () => {
    const seen: string[] = [];
    const run = syntheticRun(0);
    await fitZoneTrends({
      scenario,
      years: YEARS,
      seeds: [3, 4],
      iterations: 2,
      run: async (jobs) => {
        seen.push(jobs.map((j) => `${j.seed}:${j.scenario.parameters[trendPath("VRAEM")]}`).join(","));
        return run(jobs);
      },
    });
    expect(seen).toHaveLength(3); // two iterations (at g and g + Δ) and the final evaluation
    expect(seen[0]).toBe("3:0,4:0,3:400,4:400");
  });
});
