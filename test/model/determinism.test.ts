/**
 * Determinism: the same scenario and seed give deep-equal results (summary,
 * monthly series and edge flows); another seed gives other results; a policy
 * that changes nothing (intensity 1 on a scaling lever, severity 0) leaves every
 * stream of randomness where it was; stepping by hand reproduces simulate().
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/model/simulate.ts";
import type { Policy, PolicyKind } from "../../src/scenario/types.ts";
import { POLICY_KINDS, TRANSPORT_MODES } from "../../src/scenario/types.ts";
import { makeScenario, month, startRun, stepMonth, sum } from "./helpers.ts";

const base = {
  from: "2018-01",
  to: "2019-02",
  events: [{ kind: "transport-shock", from: month("2018-09"), to: month("2018-11"), severity: 0.5 }] as const,
  policies: [
    { kind: "checkpoints", from: month("2018-04"), intensity: 2 },
    { kind: "eradication", from: month("2018-06"), intensity: 1.5 },
  ] as Policy[],
};

describe("determinism", () => {
  it("same scenario and seed → deep-equal results", () => {
    const a = simulate(makeScenario({ ...base, seed: 11 }));
    const b = simulate(makeScenario({ ...base, seed: 11 }));
    expect(b.summary).toEqual(a.summary);
    expect(b.monthly.months).toEqual(a.monthly.months);
    expect([...b.monthly.variables.keys()]).toEqual([...a.monthly.variables.keys()]);
    for (const [variable, byKey] of a.monthly.variables) {
      const other = b.monthly.variables.get(variable)!;
      expect([...other.keys()]).toEqual([...byKey.keys()]);
      for (const [key, values] of byKey)
        expect(Array.from(other.get(key)!), `${variable}/${key}`).toEqual(Array.from(values));
    }
    expect(b.flows.edges).toEqual(a.flows.edges);
    expect(Array.from(b.flows.flowKg)).toEqual(Array.from(a.flows.flowKg));
    expect(Array.from(b.flows.seizedKg)).toEqual(Array.from(a.flows.seizedKg));
    expect(b).toEqual(a);
  });

  it("does not depend on earlier runs in the same process (no hidden module state)", () => {
    const first = simulate(makeScenario({ ...base, seed: 5, to: "2018-06" }));
    simulate(
      makeScenario({
        from: "2022-01",
        to: "2022-03",
        seed: 9,
        parameters: { "trafficking.organisations": 20 },
      }),
    );
    const again = simulate(makeScenario({ ...base, seed: 5, to: "2018-06" }));
    expect(again).toEqual(first);
  });

  it("different seeds → different results", () => {
    const a = simulate(makeScenario({ ...base, seed: 1, to: "2018-12" }));
    const b = simulate(makeScenario({ ...base, seed: 2, to: "2018-12" }));
    expect(Array.from(b.flows.seizedKg)).not.toEqual(Array.from(a.flows.seizedKg));
    expect(b.summary.years).not.toEqual(a.summary.years);
    // …but the same structure and the same order of magnitude.
    expect(b.flows.edges).toEqual(a.flows.edges);
    const pa = a.summary.years[0].cocaineTonnes.produced;
    const pb = b.summary.years[0].cocaineTonnes.produced;
    expect(Math.abs(pa - pb) / pa).toBeLessThan(0.2);
  });

  it("stepping the schedule by hand reproduces simulate()", () => {
    const scenario = makeScenario({ ...base, seed: 3, to: "2018-10" });
    const result = simulate(scenario);
    const run = startRun(scenario);
    const exported: number[] = [];
    const stock: number[] = [];
    while (run.next <= scenario.to) {
      stepMonth(run);
      exported.push(sum(run.world.month.exportedKgByMode));
      stock.push(sum(run.world.zones.stockKg));
    }
    const series = result.monthly.variables;
    const monthsRun = scenario.to - scenario.from + 1;
    for (let i = 0; i < monthsRun; i++) {
      let e = 0;
      for (const mode of TRANSPORT_MODES) e += series.get("exportsKg")!.get(mode)![i];
      let s = 0;
      for (const values of series.get("stockKg")!.values()) s += values[i];
      expect(exported[i]).toBe(e);
      expect(stock[i]).toBeCloseTo(s, 6);
    }
  });

  it("a policy that changes no lever (intensity 1, severity 0, offensive 0) changes nothing", () => {
    // Every kind whose intensity scales a lever (an offensive adds to one instead).
    const scaling = POLICY_KINDS.filter(
      (kind): kind is Exclude<PolicyKind, "military-offensive"> => kind !== "military-offensive",
    );
    const plain = simulate(makeScenario({ from: "2018-01", to: "2018-06", seed: 21 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...scaling, "military-offensive" as const, "transport-shock" as const),
        fc.integer({ min: 0, max: 5 }),
        (kind, start) => {
          const from = month("2018-01") + start;
          const scenario =
            kind === "transport-shock"
              ? makeScenario({
                  from: "2018-01",
                  to: "2018-06",
                  seed: 21,
                  events: [{ kind, from, severity: 0 }],
                })
              : makeScenario({
                  from: "2018-01",
                  to: "2018-06",
                  seed: 21,
                  policies: [{ kind, from, intensity: kind === "military-offensive" ? 0 : 1 } as Policy],
                });
          const withPolicy = simulate(scenario);
          // Spending and everything else must be identical.
          expect(withPolicy.summary.years).toEqual(plain.summary.years);
          expect(Array.from(withPolicy.flows.seizedKg)).toEqual(Array.from(plain.flows.seizedKg));
        },
      ),
      { numRuns: 4 },
    );
  });
});
