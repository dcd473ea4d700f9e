import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, sum } from "../../../test/model/helpers.ts";
import type { ByMode } from "../results.ts";
import { simulate } from "../simulate.ts";
import { ZONE_CLUSTERS } from "./organisations.ts";

const SEEDS = [1, 2, 3];

/** Share of 2018–2019 exports by main mode of the route, averaged over seeds. */
function exportShares(intensity: number): { shares: ByMode; total: number } {
  const acc: Record<string, number> = {};
  let total = 0;
  for (const seed of SEEDS) {
    const policies =
      intensity === 1 ? [] : [{ kind: "checkpoints" as const, from: month("2018-01"), intensity }];
    const result = simulate(makeScenario({ from: "2018-01", to: "2019-12", seed, policies }));
    const byMode: Record<string, number> = {};
    for (const y of result.summary.years) {
      for (const [mode, t] of Object.entries(y.exportsTonnesByMode)) byMode[mode] = (byMode[mode] ?? 0) + t;
    }
    const seedTotal = Object.values(byMode).reduce((a, b) => a + b, 0);
    total += seedTotal / SEEDS.length;
    for (const [mode, t] of Object.entries(byMode))
      acc[mode] = (acc[mode] ?? 0) + t / seedTotal / SEEDS.length;
  }
  return { shares: acc as ByMode, total };
}

describe("route choice", () => {
  it("moves product off the roads when checkpoints make road legs very risky (intensity 10, 2 years, 3 seeds)", () => {
    const base = exportShares(1);
    const hard = exportShares(10);
    // Status quo: road is the main mode (about 43% of exports at the registry defaults).
    expect(base.shares.road).toBeGreaterThan(0.4);
    for (const mode of ["river", "air", "sea"] as const)
      expect(base.shares.road).toBeGreaterThan(base.shares[mode]);
    // With checkpoints ×10 the road share falls sharply …
    expect(hard.shares.road).toBeLessThan(base.shares.road - 0.15);
    // … and rivers and the air bridge take up the slack.
    expect(hard.shares.river + hard.shares.air).toBeGreaterThan(base.shares.river + base.shares.air + 0.15);
    expect(hard.shares.air).toBeGreaterThan(base.shares.air);
    // Shares are shares.
    expect(Object.values(hard.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // Less gets out overall.
    expect(hard.total).toBeLessThan(base.total);
  });

  it("ships only on routes an organisation of the zone knows, within the organisations' capacity", () => {
    const run = startRun(
      makeScenario({
        to: "2018-06",
        parameters: { "trafficking.kgPerMemberMonth": 1.2 },
        policies: [{ kind: "checkpoints", from: month("2018-02"), intensity: 6 }],
      }),
    );
    const { world } = run;
    const { organisations: orgs, network, zones } = world;
    const nr = network.routes.count;
    const clusterOfZone = new Int32Array(zones.defs.length).fill(-1);
    ZONE_CLUSTERS.forEach((names, c) => {
      for (const name of names) clusterOfZone[zones.defs.findIndex((d) => d.name === name)] = c;
    });
    let capacityBound = 0;
    while (run.next <= run.scenario.to) {
      const membersBefore = Float64Array.from(orgs.members);
      stepMonth(run);
      const m = world.month;
      for (let r = 0; r < nr; r++) {
        if (m.routeFlowKg[r] <= 0) continue;
        const z = network.routes.originZone[r];
        let known = false;
        for (let k = orgs.zoneOrgs.offsets[z]; k < orgs.zoneOrgs.offsets[z + 1]; k++) {
          if (orgs.known[orgs.zoneOrgs.targets[k] * nr + r]) known = true;
        }
        expect(known, network.routes.labels[r]).toBe(true);
      }
      // Purchases in a cluster of zones ≤ what its organisations can handle.
      ZONE_CLUSTERS.forEach((_, c) => {
        let purchased = 0;
        for (let z = 0; z < zones.defs.length; z++) if (clusterOfZone[z] === c) purchased += m.purchasedKg[z];
        let capacity = 0;
        for (let o = 0; o < orgs.count; o++) {
          const home = orgs.homeZones.targets[orgs.homeZones.offsets[o]];
          if (clusterOfZone[home] === c) capacity += membersBefore[o] * 1.2;
        }
        expect(purchased).toBeLessThanOrEqual(capacity * (1 + 1e-9));
        if (purchased > 0.99 * capacity) capacityBound++;
      });
    }
    // With 1.2 kg per member the organisations, not the product, are the limit somewhere.
    expect(capacityBound).toBeGreaterThan(0);
    expect(sum(zones.stockKg)).toBeGreaterThan(0);
  });

  it("organisations learn: perceived risk on road legs rises under heavy checkpoints", () => {
    const run = startRun(
      makeScenario({
        to: "2018-09",
        policies: [{ kind: "checkpoints", from: month("2018-01"), intensity: 10 }],
      }),
    );
    while (run.next <= run.scenario.to) stepMonth(run);
    const { organisations: orgs, network } = run.world;
    const ne = network.edges.length;
    let raised = 0;
    let roadLegs = 0;
    for (let e = 0; e < ne; e++) {
      if (network.edges[e].mode !== "road") continue;
      roadLegs++;
      let max = 0;
      for (let o = 0; o < orgs.count; o++) max = Math.max(max, orgs.perceivedHazard[o * ne + e]);
      if (max > 2 * network.edgeBaseHazard[e]) raised++;
    }
    expect(roadLegs).toBeGreaterThan(0);
    expect(raised).toBeGreaterThan(0.2 * roadLegs);
  });
});

describe("an organisation whose known routes all lose money", () => {
  it("keeps the product in stock, counts it as blocked and looks for a new route", () => {
    const run = startRun(makeScenario({ to: "2018-03", seed: 5 }));
    const { world } = run;
    const { organisations: orgs, network } = world;
    const { routes } = network;
    const nr = routes.count;
    const ne = network.edges.length;
    const vraem = world.zones.defs.findIndex((d) => d.name === "VRAEM");
    const org = orgs.zoneOrgs.targets[orgs.zoneOrgs.offsets[vraem]];
    // It knows one VRAEM route, and believes every shipment on it would be seized.
    let r0 = -1;
    for (let r = 0; r < nr; r++) {
      if (routes.originZone[r] !== vraem) continue;
      if (r0 < 0) r0 = r;
      orgs.known[org * nr + r] = r === r0 ? 1 : 0;
    }
    for (let k = routes.edges.offsets[r0]; k < routes.edges.offsets[r0 + 1]; k++)
      orgs.perceivedHazard[org * ne + routes.edges.targets[k]] = 1;
    // No other organisation uses that route, so its flow is this one's.
    for (let o = 0; o < orgs.count; o++) if (o !== org) orgs.known[o * nr + r0] = 0;
    const knownBefore = orgs.known.subarray(org * nr, (org + 1) * nr).reduce((a, b) => a + b, 0);
    // Only its route choice and what follows from it: up to the trafficking step.
    stepMonth(run, { stopAfter: "trafficking" });
    const knownAfter = orgs.known.subarray(org * nr, (org + 1) * nr).reduce((a, b) => a + b, 0);
    // Nothing went out on the route it thinks lost, and it learned at least one other.
    expect(world.month.routeFlowKg[r0]).toBe(0);
    expect(knownAfter).toBeGreaterThan(knownBefore);
  });
});
