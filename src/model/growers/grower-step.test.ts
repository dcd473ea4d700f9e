import { describe, expect, it } from "vitest";
import { makeScenario, startRun, stepMonth, sum, zoneOf } from "../../../test/model/helpers.ts";

describe("growers", () => {
  it("harvest a third of the plots each month, so a zone's leaf ≈ mature ha × yield / 12", () => {
    const run = startRun(makeScenario({ to: "2018-03" }));
    const { world } = run;
    // The VRAEM is not eradicated, so its aggregates are exactly the growers' own.
    const z = zoneOf(world, "VRAEM");
    while (run.next <= run.scenario.to) {
      const matureBefore = world.zones.matureHa[z];
      stepMonth(run);
      const expected = (matureBefore * world.zones.yieldKgPerHaYear[z]) / 12 / 1000;
      expect(Math.abs(world.zones.leafHarvestT[z] / expected - 1)).toBeLessThan(0.1);
    }
  });

  it("never put more than maxCocaShareOfFarm of a farm under coca", () => {
    const run = startRun(makeScenario({ to: "2018-04", parameters: { "growers.maxCocaShareOfFarm": 0.5 } }));
    const h = run.world.households;
    while (run.next <= run.scenario.to) {
      stepMonth(run);
      for (let i = 0; i < h.count; i++) {
        const coca = h.matureHa[i] + h.youngHa[i];
        if (coca > 0.5 * h.farmHa[i] + 1e-4)
          throw new Error(`household ${i}: ${coca} ha on a ${h.farmHa[i]} ha farm`);
      }
    }
  });

  it("young plots become productive when they are ready", () => {
    const run = startRun(makeScenario({ to: "2019-08" }));
    const h = run.world.households;
    while (run.next <= run.scenario.to) {
      const t = stepMonth(run);
      // After the growers' step (and eradication, which sets new dates in the future) no young
      // plot is overdue.
      for (let i = 0; i < h.count; i++) {
        if (h.youngHa[i] > 0 && h.youngReady[i] <= t && h.eradicatedAt[i] !== t) {
          throw new Error(`household ${i}: young plants ready at ${h.youngReady[i]} still young at ${t}`);
        }
      }
    }
    expect(sum(run.world.zones.matureHa)).toBeGreaterThan(0);
  });

  // Regression: displaced growers once settled only while frontier expansion was on.
  it("displaced growers settle in another zone even without frontier expansion", () => {
    const run = startRun(
      makeScenario({
        to: "2018-03",
        parameters: { "growers.frontierExpansionPerYear": 0, "growers.migrationAfterEradication": 1 },
      }),
    );
    const h = run.world.households;
    const active = sum(h.zoneActive);
    const t = stepMonth(run);
    let migrants = 0;
    for (let i = 0; i < h.count; i++) if (h.eradicatedAt[i] === t && h.farmHa[i] === 0) migrants++;
    expect(migrants).toBeGreaterThan(100);
    stepMonth(run);
    stepMonth(run);
    expect(sum(h.zoneActive) - active).toBeGreaterThanOrEqual(0.9 * migrants);
  });

  it("a zone's coca trend moves that zone's area and, damped, levels off", () => {
    const at = (trend: number, damping = 0.7) => {
      const run = startRun(
        makeScenario({
          to: "2020-12",
          parameters: { "zones.Putumayo.cocaTrendUsdPerHaYear": trend, "growers.zoneTrendDamping": damping },
        }),
      );
      const byYear: { putumayo: number; vraem: number }[] = [];
      while (run.next <= run.scenario.to) {
        const t = stepMonth(run);
        if (t % 12 === 11) {
          const z = run.world.zones;
          const p = zoneOf(run.world, "Putumayo");
          const v = zoneOf(run.world, "VRAEM");
          byYear.push({ putumayo: z.matureHa[p] + z.youngHa[p], vraem: z.matureHa[v] + z.youngHa[v] });
        }
      }
      return byYear;
    };
    const none = at(0);
    const up = at(3000);
    const down = at(-3000);
    for (let k = 0; k < 3; k++) {
      expect(up[k].putumayo).toBeGreaterThan(none[k].putumayo);
      expect(down[k].putumayo).toBeLessThan(none[k].putumayo);
      // Other zones draw from their own streams: only prices and migrants link them.
      expect(Math.abs(up[k].vraem / none[k].vraem - 1)).toBeLessThan(0.02);
    }
    expect(up[2].putumayo / none[2].putumayo).toBeGreaterThan(1.1);
    // With no damping left (φ = 0) the whole trend applies at once and stays: the
    // gap to the baseline does not keep widening as it does with φ = 1.
    const flat = at(3000, 0);
    const linear = at(3000, 1);
    const gap = (r: typeof up, k: number) => r[k].putumayo - none[k].putumayo;
    expect(gap(linear, 2) - gap(linear, 1)).toBeGreaterThan(gap(flat, 2) - gap(flat, 1));
  });
});
