import { describe, expect, it } from "vitest";
import { makeScenario } from "../../test/model/helpers.ts";
import { PERU_CALIBRATION } from "../scenario/builtin/peru-calibration.ts";
import { loadBuiltin } from "../scenario/resolve.ts";
import { calibratedShare, projectionMembers } from "./projection.ts";
import { trendPath } from "./zone-trends.ts";

const loaded = loadBuiltin("peru");
if (!loaded.ok) throw new Error("peru does not load");
const peru = loaded.scenario;

describe("projection members", () => {
  it("draw every calibrated parameter of peru from the posterior, one set per seed", () => {
    expect(calibratedShare(peru, PERU_CALIBRATION)).toBe(1);
    const members = projectionMembers(peru, PERU_CALIBRATION, [1, 2, 3]);
    expect(members).toHaveLength(3);
    const fitted =
      Object.keys(PERU_CALIBRATION.parameters).length + Object.keys(PERU_CALIBRATION.zoneTrends).length;
    for (const m of members) expect(Object.keys(m)).toHaveLength(fitted);
    // Zone trends differ between members (each drawn from N(estimate, se²)).
    expect(members[0][trendPath("VRAEM")]).not.toBe(members[1][trendPath("VRAEM")]);
    expect(projectionMembers(peru, PERU_CALIBRATION, [1, 2, 3])).toEqual(members);
  });

  it("leave alone what the analyst set: a parameter off its calibrated value is not drawn", () => {
    const mine = {
      ...peru,
      parameters: { ...peru.parameters, "growers.riskWeight": 0.2, [trendPath("VRAEM")]: 0 },
    };
    const [member] = projectionMembers(mine, PERU_CALIBRATION, [7]);
    expect(member).not.toHaveProperty("growers.riskWeight");
    expect(member).not.toHaveProperty(trendPath("VRAEM"));
    expect(member).toHaveProperty("growers.decisionNoise");
    expect(calibratedShare(mine, PERU_CALIBRATION)).toBeLessThan(1);
  });

  it("draw nothing for a scenario built on the registry defaults", () => {
    const bare = makeScenario();
    expect(calibratedShare(bare, PERU_CALIBRATION)).toBe(0);
    expect(projectionMembers(bare, PERU_CALIBRATION, [1, 2])).toEqual([{}, {}]);
  });
});
