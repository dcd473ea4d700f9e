import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeScenario, startRun } from "../../../test/model/helpers.ts";
import { observedNationalHectares } from "../../data/record.ts";
import { ZONES } from "../zones/zones.ts";

/** DEVIDA's 2018 area brought back to 1 January, as initialise() targets it (docs/model.md §5.2). */
const SCALE = observedNationalHectares(2017)! / observedNationalHectares(2018)!;

function startOf(parameters: Record<string, number>, seed: number) {
  const { world } = startRun(makeScenario({ seed, parameters }));
  // Every household within its farm's coca cap and non-negative, the scaling included.
  const h = world.households;
  const cap = world.params["growers.maxCocaShareOfFarm"];
  for (let i = 0; i < h.count; i++) {
    const area = h.matureHa[i] + h.youngHa[i];
    if (!(area >= 0 && area <= cap * h.farmHa[i] * (1 + 1e-6) + 1e-9))
      throw new Error(`household ${i}: ${area} ha`);
  }
  return {
    standing: Float64Array.from(world.zones.matureHa, (m, z) => m + world.zones.youngHa[z]),
    scale: world.households.startScale,
  };
}

describe("the households' start (calibrateInitialCoca)", () => {
  it("starts every zone at its target area, from a constant that the spin-up itself nearly meets", () => {
    // The noise lifts the area above the noise-free one by a ratio that depends on the
    // zone constant; a single correction used to leave the start 10-15% too high. The
    // constant is now found on a sample and the areas scaled by what the sample
    // missed: that factor must stay near 1 (else the first decisions would drift
    // back) and the start must meet the target.
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 1500, max: 15000, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (noise, scale, seed) => {
          const start = startOf({ "growers.decisionNoise": noise, "growers.logitScaleUsd": scale }, seed);
          let target = 0;
          let total = 0;
          ZONES.forEach((zone, z) => {
            if (zone.hectares2018 <= 0) return;
            target += zone.hectares2018 * SCALE;
            total += start.standing[z];
            // Capped at the farm's share, a household scaled up may keep a little less.
            expect(Math.abs(start.standing[z] / (zone.hectares2018 * SCALE) - 1)).toBeLessThan(0.005);
            // Large zones: a sample of 1,500 households misses by its sampling error.
            if (zone.hectares2018 >= 2500) expect(Math.abs(start.scale[z] - 1)).toBeLessThan(0.06);
          });
          expect(Math.abs(total / target - 1)).toBeLessThan(0.002);
        },
      ),
      { numRuns: 6, seed: 20261129 },
    );
  });
});
