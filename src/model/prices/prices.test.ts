import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, zoneOf } from "../../../test/model/helpers.ts";
import type { ScenarioEvent } from "../../scenario/types.ts";
import { zoneIndex } from "../zones/zones.ts";
import { routeRisk, zoneTax } from "./prices.ts";

interface PriceRow {
  hcl: Float64Array;
  leaf: Float64Array;
  base: Float64Array;
  netback: Float64Array;
}

function prices(events: ScenarioEvent[], to = "2018-09", seed = 2): PriceRow[] {
  const run = startRun(makeScenario({ to, seed, events }));
  const rows: PriceRow[] = [];
  while (run.next <= run.scenario.to) {
    stepMonth(run);
    const z = run.world.zones;
    rows.push({
      hcl: Float64Array.from(z.hclPrice),
      leaf: Float64Array.from(z.leafPrice),
      base: Float64Array.from(z.basePrice),
      netback: Float64Array.from(z.netbackUsdPerKg),
    });
  }
  return rows;
}

describe("prices", () => {
  it("a blocked exit (transport shock of severity 1) lowers zone HCl and leaf prices over the following months", () => {
    const blocked: ScenarioEvent = {
      kind: "transport-shock",
      from: month("2018-03"),
      to: month("2018-05"),
      severity: 1,
    };
    const base = prices([]);
    const shocked = prices([blocked]);
    const nz = base[0].hcl.length;
    // Same path before the shock (same seed, same policies).
    expect(Array.from(shocked[1].hcl)).toEqual(Array.from(base[1].hcl));
    for (let z = 0; z < nz; z++) {
      if (base[1].hcl[z] <= 0) continue;
      // Nothing can be sold: no net-back anywhere.
      expect(shocked[2].netback[z]).toBe(0);
      // Prices fall month after month while the exit is blocked …
      expect(shocked[2].hcl[z]).toBeLessThan(0.7 * base[2].hcl[z]);
      expect(shocked[3].hcl[z]).toBeLessThan(shocked[2].hcl[z]);
      expect(shocked[4].hcl[z]).toBeLessThan(shocked[3].hcl[z]);
      expect(shocked[4].hcl[z]).toBeLessThan(0.2 * base[4].hcl[z]);
      expect(shocked[4].leaf[z]).toBeLessThan(0.2 * base[4].leaf[z]);
      // … and recover once it reopens, though the piled-up stock keeps them below normal for a while.
      expect(shocked[6].hcl[z]).toBeGreaterThan(shocked[4].hcl[z]);
      expect(shocked[5].hcl[z]).toBeLessThan(base[5].hcl[z]);
    }
  });

  it("keeps base paste and leaf prices at fixed shares of the HCl price", () => {
    const rows = prices([], "2018-03");
    for (const row of rows) {
      for (let z = 0; z < row.hcl.length; z++) {
        expect(row.base[z]).toBeCloseTo(0.5 * row.hcl[z], 9); // prices.baseShareOfHcl
        expect(row.leaf[z]).toBeCloseTo((0.9 * row.hcl[z]) / 375, 9); // leafShareOfHclValue / leafKgPerKgHcl
      }
    }
  });

  it("derives a zone's net-back from its best route: (1 − φ·risk)·exit price − transport − armed-group tax", () => {
    const run = startRun(makeScenario({ to: "2018-01" }));
    stepMonth(run);
    const { world } = run;
    const { routes } = world.network;
    const phi = world.params["prices.producerRiskShare"];
    expect(phi).toBeGreaterThan(0);
    expect(phi).toBeLessThan(1);
    for (let z = 0; z < world.zones.defs.length; z++) {
      let best = 0;
      for (let r = 0; r < routes.count; r++) {
        if (routes.originZone[r] !== z) continue;
        const value =
          (1 - phi * routeRisk(world, r)) * routes.exitPriceUsdPerKg[r] -
          routes.baseCostUsdPerKg[r] -
          zoneTax(world, z);
        best = Math.max(best, value);
      }
      expect(world.zones.netbackUsdPerKg[z]).toBeCloseTo(best, 6);
      expect(best).toBeGreaterThan(500);
    }
    // Only the VRAEM pays the armed group.
    expect(zoneTax(world, zoneOf(world, "VRAEM"))).toBeGreaterThan(0);
    expect(zoneTax(world, zoneOf(world, "Putumayo"))).toBe(0);
  });

  it("a shock confined to one zone's legs depresses that zone's prices", () => {
    const blocked: ScenarioEvent = {
      kind: "transport-shock",
      from: month("2018-02"),
      to: month("2018-04"),
      severity: 1,
      where: { zones: ["Putumayo"] },
    };
    const z = zoneIndex("Putumayo");
    const base = prices([], "2018-04");
    const shocked = prices([blocked], "2018-04");
    expect(shocked[3].hcl[z]).toBeLessThan(0.3 * base[3].hcl[z]);
    expect(shocked[3].leaf[z]).toBeLessThan(0.3 * base[3].leaf[z]);
  });
});
