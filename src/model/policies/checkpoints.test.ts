import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth } from "../../../test/model/helpers.ts";
import type { Policy } from "../../scenario/types.ts";
import { TRANSPORT_MODES } from "../../scenario/types.ts";

const cache = new Map<string, ReturnType<typeof compute>>();

/** Edge hazards and levels after the lever effects of the month `at` (cached: runs are deterministic). */
function hazards(policies: Policy[], at = "2018-01") {
  const key = JSON.stringify([policies, at]);
  let value = cache.get(key);
  if (!value) {
    value = compute(policies, at);
    cache.set(key, value);
  }
  return value;
}

function compute(policies: Policy[], at: string) {
  const run = startRun(makeScenario({ from: at, to: at, policies }));
  stepMonth(run, { stopAfter: "lever-effects" });
  const { levers, network } = run.world;
  return {
    hazard: Float64Array.from(levers.edgeHazard),
    level: Float64Array.from(levers.edgeLevel),
    mode: (e: number) => TRANSPORT_MODES[network.edgeMode[e]],
    network,
    world: run.world,
  };
}

const checkpoints = (extra: Partial<Policy> = {}): Policy =>
  ({ kind: "checkpoints", from: month("2018-01"), intensity: 3, ...extra }) as Policy;

describe("checkpoints policy", () => {
  it("raises the hazard on road legs only (foot columns avoid checkpoints), by 1 − (1 − p0)^3", () => {
    const base = hazards([]);
    const with3 = hazards([checkpoints()]);
    const { network, world } = with3;
    let raised = 0;
    for (let e = 0; e < network.edges.length; e++) {
      const mode = with3.mode(e);
      if (mode === "road") {
        expect(with3.level[e]).toBe(3);
        if (base.hazard[e] > 0) {
          expect(with3.hazard[e]).toBeGreaterThan(base.hazard[e]);
          raised++;
        }
        const z = network.edgeZone[e];
        if (z < 0 || world.zones.armedControl[z] === 0) {
          // Outside armed-group territory the level is exactly 3.
          expect(with3.hazard[e]).toBeCloseTo(1 - (1 - network.edgeBaseHazard[e]) ** 3, 12);
        }
      } else {
        expect(with3.level[e]).toBe(1);
        expect(with3.hazard[e]).toBe(base.hazard[e]);
      }
    }
    expect(raised).toBeGreaterThan(10);
  });

  it("with where.modes = [road] raises road legs and leaves foot columns alone", () => {
    const base = hazards([]);
    const road = hazards([checkpoints({ where: { modes: ["road"] } })]);
    let roads = 0;
    for (let e = 0; e < road.network.edges.length; e++) {
      if (road.mode(e) === "road") {
        expect(road.hazard[e]).toBeGreaterThan(base.hazard[e]);
        roads++;
      } else {
        expect(road.hazard[e]).toBe(base.hazard[e]);
      }
    }
    expect(roads).toBeGreaterThan(0);
  });

  it("with where.zones touches only legs from or to that zone's places", () => {
    const base = hazards([]);
    const vraem = hazards([checkpoints({ where: { zones: ["VRAEM"] } })]);
    const { network } = vraem;
    let touched = 0;
    for (let e = 0; e < network.edges.length; e++) {
      const a = network.nodes[network.edgeFrom[e]];
      const b = network.nodes[network.edgeTo[e]];
      const mode = vraem.mode(e);
      const inZone = a.zone === "VRAEM" || b.zone === "VRAEM";
      if (inZone && mode === "road") {
        expect(vraem.hazard[e]).toBeGreaterThan(base.hazard[e]);
        touched++;
      } else {
        expect(vraem.hazard[e]).toBe(base.hazard[e]);
      }
    }
    expect(touched).toBeGreaterThan(0);
  });

  it("does nothing outside its window and scales the status quo (intensity 0 switches checkpoints off)", () => {
    const base = hazards([], "2018-03");
    const before = hazards([checkpoints({ from: month("2018-04") })], "2018-03");
    const after = hazards([checkpoints({ to: month("2018-02") })], "2018-03");
    expect(Array.from(before.hazard)).toEqual(Array.from(base.hazard));
    expect(Array.from(after.hazard)).toEqual(Array.from(base.hazard));
    const off = hazards([checkpoints({ intensity: 0 })]);
    for (let e = 0; e < off.network.edges.length; e++) {
      const mode = off.mode(e);
      if (mode === "road") expect(off.hazard[e]).toBe(0);
    }
  });

  it("costs in proportion to its level", () => {
    const spend = (policies: Policy[]) => {
      const run = startRun(makeScenario({ to: "2018-01", policies }));
      stepMonth(run);
      return run.world.month.spendingUsd[run.world.levers.kinds.indexOf("checkpoints")];
    };
    const base = spend([]);
    expect(base).toBeCloseTo(30e6 / 12, 0);
    expect(spend([checkpoints()])).toBeCloseTo(3 * base, 0);
  });
});
