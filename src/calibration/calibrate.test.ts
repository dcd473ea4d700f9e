import { describe, expect, it } from "vitest";
import { makeScenario } from "../../test/model/helpers.ts";
import { atDefaults, CALIBRATED_PARAMETERS, calibratedScenario } from "./calibrate.ts";
import { trendPath } from "./zone-trends.ts";

describe("the scenario a calibration starts from and ends at", () => {
  const earlier = makeScenario({
    parameters: {
      "growers.riskWeight": 0.9,
      [trendPath("VRAEM")]: 1234,
      [trendPath("Callería")]: 999,
      "growers.meanFarmHa": 3.5,
    },
  });

  it("starts every fitted parameter and zone trend from its default, and keeps the rest", () => {
    const start = atDefaults(earlier);
    expect(start.parameters).toEqual({ "growers.meanFarmHa": 3.5 });
    expect(CALIBRATED_PARAMETERS).toContain("growers.riskWeight");
  });

  it("ends at the new point estimate: earlier fitted values and trends do not survive", () => {
    const at = calibratedScenario(earlier, {
      parameters: { "growers.riskWeight": 0.4 },
      zoneTrends: { VRAEM: { value: 2000, se: 100, years: 4 } },
    });
    expect(at.parameters).toEqual({
      "growers.meanFarmHa": 3.5,
      "growers.riskWeight": 0.4,
      [trendPath("VRAEM")]: 2000,
    });
    expect(at.from).toBe(earlier.from);
    expect(at.seed).toBe(earlier.seed);
  });
});
