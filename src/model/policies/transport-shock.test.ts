import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, sum } from "../../../test/model/helpers.ts";
import type { ScenarioEvent } from "../../scenario/types.ts";
import { TRANSPORT_MODES } from "../../scenario/types.ts";

const shock = (severity: number, extra: Partial<ScenarioEvent> = {}): ScenarioEvent => ({
  kind: "transport-shock",
  from: month("2018-02"),
  to: month("2018-03"),
  severity,
  ...extra,
});

describe("transport-shock event", () => {
  it("cuts the capacity of every leg by its severity while it lasts, and only then", () => {
    const run = startRun(makeScenario({ to: "2018-04", events: [shock(0.6)] }));
    const { levers } = run.world;
    const seen: number[][] = [];
    while (run.next <= run.scenario.to) {
      stepMonth(run);
      seen.push([...new Set(levers.edgeCapacity)]);
    }
    expect(seen[0]).toEqual([1]);
    expect(seen[1].length).toBe(1);
    expect(seen[1][0]).toBeCloseTo(0.4, 12);
    expect(seen[2][0]).toBeCloseTo(0.4, 12);
    expect(seen[3]).toEqual([1]);
  });

  it("applies to the modes it names, and overlapping shocks compound", () => {
    const run = startRun(
      makeScenario({
        from: "2018-02",
        to: "2018-02",
        events: [
          shock(0.5, { where: { modes: ["river"] } }),
          shock(0.5, { where: { modes: ["river", "sea"] } }),
        ],
      }),
    );
    stepMonth(run, { stopAfter: "lever-effects" });
    const { levers, network } = run.world;
    for (let e = 0; e < network.edges.length; e++) {
      const mode = TRANSPORT_MODES[network.edgeMode[e]];
      const expected = mode === "river" ? 0.25 : mode === "sea" ? 0.5 : 1;
      expect(levers.edgeCapacity[e], `${network.edges[e].from}→${network.edges[e].to} ${mode}`).toBeCloseTo(
        expected,
        12,
      );
    }
  });

  it("keeps the flow on each leg within its reduced capacity and share, so product backs up in the zones", () => {
    const base = startRun(makeScenario({ to: "2018-03" }));
    const shocked = startRun(makeScenario({ to: "2018-03", events: [shock(0.9)] }));
    for (let i = 0; i < 3; i++) {
      stepMonth(base);
      const t = stepMonth(shocked);
      const { network, levers, month: m } = shocked.world;
      for (let e = 0; e < network.edges.length; e++) {
        const cap = network.edgeCapacityKg[e] * levers.edgeCapacity[e];
        expect(m.edgeFlowKg[e]).toBeLessThanOrEqual(cap * (1 + 1e-9) + 1e-6);
      }
      if (t === month("2018-02")) {
        // Same stocks as the baseline until now: legs at 10% pass at most 10% of it.
        expect(sum(m.purchasedKg)).toBeLessThanOrEqual(0.1 * sum(base.world.month.purchasedKg) * 1.001);
        expect(sum(m.purchasedKg)).toBeGreaterThan(0.05 * sum(base.world.month.purchasedKg));
      }
      if (t >= month("2018-02")) {
        expect(sum(m.purchasedKg)).toBeLessThan(sum(base.world.month.purchasedKg));
        expect(sum(shocked.world.zones.stockKg)).toBeGreaterThan(sum(base.world.zones.stockKg) + 1000);
      }
    }
  });
});
