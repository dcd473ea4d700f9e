import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, sum } from "../../../test/model/helpers.ts";

describe("processing", () => {
  it("converts leaf at 375 kg per kg HCl, within lab capacity, after the licit share", () => {
    const run = startRun(makeScenario({ to: "2018-04" }));
    const { world } = run;
    while (run.next <= run.scenario.to) {
      stepMonth(run);
      const { zones, month: m } = world;
      for (let z = 0; z < zones.defs.length; z++) {
        expect(m.producedKg[z]).toBeCloseTo((m.leafToLabsT[z] * 1000) / 375, 6);
        expect(m.producedKg[z]).toBeLessThanOrEqual(zones.labCapacityKg[z] * (1 + 1e-12));
        expect(m.leafLicitT[z]).toBeCloseTo(0.08 * zones.leafHarvestT[z], 9);
      }
    }
    expect(sum(world.month.producedKg)).toBeGreaterThan(10_000);
  });

  it("lab raids destroy capacity and seize product; without raids nothing is seized at the labs", () => {
    const run = (labsPerYear: number) => {
      const r = startRun(
        makeScenario({
          to: "2018-03",
          seed: 6,
          policies: [{ kind: "lab-raids", from: month("2018-01"), intensity: 1, labsPerYear }],
        }),
      );
      let seized = 0;
      let raided = 0;
      while (r.next <= r.scenario.to) {
        stepMonth(r);
        seized += sum(r.world.month.labSeizedKg);
        raided += r.world.month.labsRaided;
      }
      return { seized, raided, capacity: sum(r.world.zones.labCapacityKg) };
    };
    const none = run(0);
    const normal = run(1000);
    const heavy = run(6000);
    expect(none.seized).toBe(0);
    expect(none.raided).toBe(0);
    expect(normal.raided).toBeCloseTo(250, 0); // 1,000 a year for 3 months
    expect(normal.seized).toBeGreaterThan(0);
    expect(heavy.seized).toBeGreaterThan(normal.seized);
    expect(heavy.capacity).toBeLessThan(normal.capacity);
    expect(normal.capacity).toBeLessThan(none.capacity);
  });
});
