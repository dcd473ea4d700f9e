import { describe, expect, it } from "vitest";
import { makeScenario, month, type Run, startRun, stepMonth, zoneOf } from "../../../test/model/helpers.ts";
import type { Policy } from "../../scenario/types.ts";

const PER_FAMILY = 860; // state.alternativeDevelopmentUsdPerFamilyYear

/** Households of zone z enrolled (support not yet expired) at month t. */
function enrolled(run: Run, z: number, t: number): number[] {
  const h = run.world.households;
  const out: number[] = [];
  for (let i = h.zoneStart[z]; i < h.zoneStart[z] + h.zoneActive[z]; i++) if (h.adUntil[i] > t) out.push(i);
  return out;
}

const budget = (usd: number, extra: Partial<Policy> = {}): Policy =>
  ({
    kind: "alternative-development",
    from: month("2018-01"),
    intensity: 1,
    budgetUsdPerYear: usd,
    where: { zones: ["Huallaga"] },
    ...extra,
  }) as Policy;

describe("alternative development", () => {
  it("enrols budget / cost-per-family families, coca growers first, with support after the lag", () => {
    const run = startRun(makeScenario({ to: "2018-02", policies: [budget(1000 * PER_FAMILY)] }));
    const z = zoneOf(run.world, "Huallaga");
    const h = run.world.households;
    const t = stepMonth(run);
    const families = enrolled(run, z, t);
    expect(families.length).toBe(1000);
    expect(run.world.zones.adFamilies[z]).toBe(1000);
    for (const i of families) {
      expect(h.matureHa[i] + h.youngHa[i]).toBeGreaterThan(0); // growers before anyone else
      expect(h.adFrom[i]).toBe(t + 18); // state.alternativeDevelopmentLagMonths
      expect(h.adUntil[i]).toBe(t + 18 + 60); // 5 years of support
    }
    // Full: nobody new next month.
    const t2 = stepMonth(run);
    const next = enrolled(run, z, t2);
    expect(next).toEqual(families);
  });

  it("enrols other households once every grower is supported, up to the households there are", () => {
    const run = startRun(makeScenario({ to: "2018-01", policies: [budget(1e9)] }));
    const z = zoneOf(run.world, "Huallaga");
    const t = stepMonth(run);
    const h = run.world.households;
    expect(enrolled(run, z, t).length).toBe(h.zoneActive[z]);
  });

  it("uses the policy's delivery lag and scales the status-quo budget by intensity", () => {
    const lagged = startRun(
      makeScenario({ to: "2018-01", policies: [budget(500 * PER_FAMILY, { deliveryLagMonths: 6 })] }),
    );
    const z = zoneOf(lagged.world, "Huallaga");
    const t = stepMonth(lagged);
    for (const i of enrolled(lagged, z, t)) expect(lagged.world.households.adFrom[i]).toBe(t + 6);

    const statusQuo = startRun(makeScenario({ to: "2018-01" }));
    const doubled = startRun(
      makeScenario({
        to: "2018-01",
        policies: [{ kind: "alternative-development", from: month("2018-01"), intensity: 2 }],
      }),
    );
    stepMonth(statusQuo);
    stepMonth(doubled);
    for (let zone = 0; zone < statusQuo.world.zones.defs.length; zone++) {
      const expected = Math.min(
        statusQuo.world.households.zoneActive[zone],
        Math.floor((2 * statusQuo.world.levers.adBudgetUsdPerYear[zone]) / PER_FAMILY),
      );
      expect(Math.abs(doubled.world.zones.adFamilies[zone] - expected)).toBeLessThanOrEqual(1);
    }
  });

  it("supports about status-quo budget / cost families nationally", () => {
    const run = startRun(makeScenario({ to: "2018-01" }));
    const t = stepMonth(run);
    let total = 0;
    for (let z = 0; z < run.world.zones.defs.length; z++) {
      const families = enrolled(run, z, t).length;
      expect(families).toBe(Math.floor(run.world.levers.adBudgetUsdPerYear[z] / PER_FAMILY));
      total += families;
    }
    const expected = 50e6 / PER_FAMILY; // state.alternativeDevelopmentUsdPerYear
    expect(total).toBeLessThanOrEqual(expected);
    expect(total).toBeGreaterThan(expected - run.world.zones.defs.length);
  });
});
