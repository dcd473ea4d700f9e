import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeScenario, startRun } from "../../../test/model/helpers.ts";
import { observedNationalHectares } from "../../data/record.ts";
import { ZONES } from "../zones/zones.ts";

/** DEVIDA's 2018 area brought back to 1 January, as initialise() targets it (docs/model.md §5.2). */
const SCALE = observedNationalHectares(2017)! / observedNationalHectares(2018)!;

function standingAtStart(parameters: Record<string, number>, seed: number): Float64Array {
  const { world } = startRun(makeScenario({ seed, parameters }));
  return Float64Array.from(world.zones.matureHa, (m, z) => m + world.zones.youngHa[z]);
}

describe("the households' start (calibrateInitialCoca)", () => {
  it("starts every large zone at its target area, whatever the decision noise and logit scale", () => {
    // The noise lifts the area above the noise-free one by a ratio that depends on the
    // zone constant; a single correction used to leave the start 10-15% too high.
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 1500, max: 15000, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (noise, scale, seed) => {
          const standing = standingAtStart(
            { "growers.decisionNoise": noise, "growers.logitScaleUsd": scale },
            seed,
          );
          let target = 0;
          let total = 0;
          ZONES.forEach((zone, z) => {
            if (zone.hectares2018 <= 0) return;
            target += zone.hectares2018 * SCALE;
            total += standing[z];
            // Large zones: the ratio is measured on a third of the households, so small ones are noisier.
            if (zone.hectares2018 >= 2500) {
              expect(Math.abs(standing[z] / (zone.hectares2018 * SCALE) - 1)).toBeLessThan(0.03);
            }
          });
          expect(Math.abs(total / target - 1)).toBeLessThan(0.02);
        },
      ),
      { numRuns: 6, seed: 20261129 },
    );
  });
});
