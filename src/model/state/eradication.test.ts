import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, sum, zoneOf } from "../../../test/model/helpers.ts";
import type { Policy } from "../../scenario/types.ts";
import { statusQuoEradicationHa } from "./eradication-schedule.ts";

/** Eradicated hectares by month in one zone, and the month's target there. */
function eradicationIn(zone: string, policies: Policy[], months: number, seed = 1) {
  const run = startRun(makeScenario({ from: "2018-01", to: 2018 * 12 + months - 1, seed, policies }));
  const z = zoneOf(run.world, zone);
  const done: number[] = [];
  const target: number[] = [];
  for (let i = 0; i < months; i++) {
    stepMonth(run);
    done.push(run.world.month.eradicatedHa[z]);
    target.push(run.world.levers.eradicationHa[z]);
  }
  return { run, z, done, target };
}

const sendToVraem: Policy = {
  kind: "eradication",
  from: month("2018-01"),
  intensity: 1,
  hectaresPerYear: 24_000,
  where: { zones: ["VRAEM"] },
};

describe("eradication", () => {
  it("removes about the status-quo hectares nationally (2018: 25,107 ha/yr)", () => {
    const run = startRun(makeScenario({ to: "2018-03" }));
    for (let i = 0; i < 3; i++) {
      const t = stepMonth(run);
      const total = sum(run.world.month.eradicatedHa);
      expect(Math.abs(total / statusQuoEradicationHa(t, 25_000) - 1)).toBeLessThan(0.1);
    }
  });

  it("removes roughly the target hectares in a zone without armed-group control", () => {
    const { done, target } = eradicationIn(
      "Inambari-Tambopata",
      [{ ...sendToVraem, hectaresPerYear: 18_000, where: { zones: ["Inambari-Tambopata"] } }],
      3,
    );
    for (let i = 0; i < done.length; i++) {
      expect(target[i]).toBeCloseTo(1500, 6);
      expect(Math.abs(done[i] / target[i] - 1)).toBeLessThan(0.1);
    }
  });

  it("a larger target removes more, and an intensity of 0 removes nothing", () => {
    const zone = "Bajo Amazonas";
    const low = eradicationIn(zone, [{ kind: "eradication", from: month("2018-01"), intensity: 1 }], 2);
    const high = eradicationIn(zone, [{ kind: "eradication", from: month("2018-01"), intensity: 3 }], 2);
    const off = eradicationIn(zone, [{ kind: "eradication", from: month("2018-01"), intensity: 0 }], 2);
    expect(sum(high.done)).toBeGreaterThan(2 * sum(low.done));
    expect(sum(off.done)).toBe(0);
  });

  it("does nothing in the VRAEM under the status quo or a nationwide policy", () => {
    const statusQuo = eradicationIn("VRAEM", [], 3);
    expect(statusQuo.done).toEqual([0, 0, 0]);
    const nationwide = eradicationIn(
      "VRAEM",
      [{ kind: "eradication", from: month("2018-01"), intensity: 3, hectaresPerYear: 60_000 }],
      3,
    );
    expect(nationwide.done).toEqual([0, 0, 0]);
    expect(sum(nationwide.run.world.month.eradicatedHa)).toBeGreaterThan(0);
  });

  it("brigades sent to the VRAEM reach only what the armed group does not hold, unless an offensive escorts them", () => {
    const alone = eradicationIn("VRAEM", [sendToVraem], 3);
    const escorted = eradicationIn(
      "VRAEM",
      [sendToVraem, { kind: "military-offensive", from: month("2018-01"), intensity: 1 }],
      3,
    );
    const control = alone.run.world.zones.armedControl[alone.z];
    expect(control).toBeGreaterThan(0.3);
    for (let i = 0; i < 3; i++) {
      expect(alone.target[i]).toBeCloseTo(2000, 6);
      // Without escort: about (1 − armed control) of the target.
      expect(Math.abs(alone.done[i] / (alone.target[i] * (1 - control)) - 1)).toBeLessThan(0.12);
      // With a full offensive (escort = 1): about the whole target.
      expect(Math.abs(escorted.done[i] / escorted.target[i] - 1)).toBeLessThan(0.1);
    }
    expect(sum(escorted.done)).toBeGreaterThan(1.3 * sum(alone.done));
  });

  it("eradicated households replant young plants that mature after 12–18 months, and remember when", () => {
    const run = startRun(makeScenario({ to: "2018-01" }));
    const h = run.world.households;
    const t = stepMonth(run);
    let eradicated = 0;
    for (let i = 0; i < h.count; i++) {
      if (h.eradicatedAt[i] !== t) continue;
      eradicated++;
      expect(h.matureHa[i]).toBe(0);
      if (h.farmHa[i] > 0) {
        expect(h.youngReady[i]).toBeGreaterThanOrEqual(t + 12);
        expect(h.youngReady[i]).toBeLessThanOrEqual(t + 18);
      } else {
        expect(h.youngHa[i]).toBe(0); // left for another zone
      }
    }
    expect(eradicated).toBeGreaterThan(100);
  });

  it("keeps a 12-month sum of eradicated hectares equal to the last 12 months", () => {
    const run = startRun(makeScenario({ to: "2019-02" }));
    const history: Float64Array[] = [];
    while (run.next <= run.scenario.to) {
      stepMonth(run);
      history.push(Float64Array.from(run.world.month.eradicatedHa));
      if (history.length < 12) continue;
      const last12 = history.slice(-12);
      for (let z = 0; z < run.world.zones.defs.length; z++) {
        const expected = last12.reduce((s, m) => s + m[z], 0);
        expect(run.world.zones.eradicated12m[z]).toBeCloseTo(expected, 6);
      }
    }
  });

  // Regression: eradication once left zone totals out of step with households (young plants).
  it("leaves the zone hectares equal to the sum over its households", () => {
    const run = startRun(makeScenario({ to: "2018-01" }));
    stepMonth(run);
    const { zones, households: h } = run.world;
    for (let z = 0; z < zones.defs.length; z++) {
      let mature = 0;
      let young = 0;
      for (let i = h.zoneStart[z]; i < h.zoneStart[z] + h.zoneActive[z]; i++) {
        mature += h.matureHa[i];
        young += h.youngHa[i];
      }
      expect(zones.matureHa[z], zones.defs[z].name).toBeCloseTo(mature, 0);
      expect(zones.youngHa[z], zones.defs[z].name).toBeCloseTo(young, 0);
    }
  });
});
