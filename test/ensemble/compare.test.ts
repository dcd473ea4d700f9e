import { describe, expect, it } from "vitest";
import {
  compareEnsembles,
  costPerTonne,
  fiellerCi95,
  herfindahl,
  pairedEffect,
  shares,
  zonesHolding,
} from "../../src/ensemble/compare.ts";
import { makeSummary, makeYear, type YearInit } from "./fixtures.ts";

/** t(0.975, 2), in closed form. */
const T2 = 0.95 / Math.sqrt(2 * 0.975 * 0.025);

const SEEDS = [7, 8, 9];
function ensemble(name: string, years: readonly YearInit[]) {
  return years.map((init, i) => makeSummary(SEEDS[i], [makeYear(init)], name));
}

describe("pairedEffect", () => {
  it("summarises the paired differences", () => {
    // d = [−10, −20, 0]: mean −10; sorted [−20, −10, 0], h = 0.1 and 1.9; s = 10
    const e = pairedEffect([100, 200, 300], [90, 180, 300]);
    expect(e.baseline).toBe(200);
    expect(e.policy).toBeCloseTo(190, 12);
    expect(e.mean).toBe(-10);
    expect(e.interval90[0]).toBeCloseTo(-19, 12);
    expect(e.interval90[1]).toBeCloseTo(-1, 12);
    const half = (T2 * 10) / Math.sqrt(3);
    expect(e.ci95![0]).toBeCloseTo(-10 - half, 12);
    expect(e.ci95![1]).toBeCloseTo(-10 + half, 12);
  });

  it("has no confidence interval with a single run", () => {
    expect(pairedEffect([5], [8])).toEqual({
      baseline: 5,
      policy: 8,
      mean: 3,
      interval90: [3, 3],
      ci95: null,
    });
    expect(() => pairedEffect([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedEffect([], [])).toThrow(RangeError);
  });
});

describe("dollars per tonne kept off the market", () => {
  it("is the ratio of the mean effects, with per-run ratios for the interval", () => {
    // Δspending [30, 40, 20], Δexported [−2, −1, 0]: kept off [2, 1, 0], mean 1 → 30 / 1
    const c = costPerTonne([30, 40, 20], [-2, -1, 0]);
    expect(c.mean).toBe(30);
    expect(c.runsWithCut).toBe(2);
    // per-run ratios [15, 40, +∞] → p5 = 15 + 0.1·25; p95 between 40 and +∞ → unbounded
    expect(c.interval90[0]).toBeCloseTo(17.5, 12);
    expect(c.interval90[1]).toBeNull();
    // the mean cut (1 t, s = 1) is not significantly above 0 with 3 runs: Fieller is unbounded
    expect(c.ci95).toBeNull();
  });

  it("is null when exports did not fall on average", () => {
    const c = costPerTonne([10, 10], [1, -0.5]);
    expect(c.mean).toBeNull();
    expect(c.ci95).toBeNull();
    expect(c.runsWithCut).toBe(1);
    // per-run ratios [+∞, 20] → sorted [20, +∞]: any interpolation towards +∞ is unbounded
    expect(c.interval90).toEqual([null, null]);
    expect(costPerTonne([10, 10], [0, 0])).toEqual({
      mean: null,
      interval90: [null, null],
      ci95: null,
      runsWithCut: 0,
    });
  });

  it("is negative when the policy saves money and cuts exports", () => {
    expect(costPerTonne([-10, -30], [-1, -1]).mean).toBe(-20);
  });

  it("Fieller's interval: a constant denominator gives the t interval of the numerator, scaled", () => {
    // numerator [10, 20, 30] (mean 20, s² = 100), denominator 2: 10 ± t·√(100/3) / 2
    const [lo, hi] = fiellerCi95([10, 20, 30], [2, 2, 2])!;
    const half = (T2 * Math.sqrt(100 / 3)) / 2;
    expect(lo).toBeCloseTo(10 - half, 10);
    expect(hi).toBeCloseTo(10 + half, 10);
  });

  it("Fieller's interval: an exact ratio in every run gives a zero-width interval", () => {
    const [lo, hi] = fiellerCi95([10, 20, 30, 40, 50], [1, 2, 3, 4, 5])!;
    expect(lo).toBeCloseTo(10, 6);
    expect(hi).toBeCloseTo(10, 6);
    expect(fiellerCi95([10], [1])).toBeNull();
    // denominator not significantly away from zero
    expect(fiellerCi95([1, 2, 3], [-1, 0, 1.5])).toBeNull();
  });
});

describe("displacement measures", () => {
  it("zonesHolding counts the largest zones that hold the share", () => {
    expect(zonesHolding({ D: 5, A: 50, C: 15, B: 30 })).toBe(3); // 50, 80, 95 ≥ 90
    expect(zonesHolding({ A: 90, B: 10 })).toBe(1);
    expect(zonesHolding({ A: 25, B: 25, C: 25, D: 25 })).toBe(4);
    expect(zonesHolding({ A: 25, B: 25, C: 25, D: 25 }, 0.5)).toBe(2);
    expect(zonesHolding({ A: 0, B: 0 })).toBe(0);
    expect(zonesHolding({})).toBe(0);
  });

  it("herfindahl is the sum of squared shares", () => {
    expect(herfindahl({ A: 50, B: 50 })).toBe(0.5);
    expect(herfindahl({ A: 50, B: 30, C: 15, D: 5 })).toBeCloseTo(0.25 + 0.09 + 0.0225 + 0.0025, 15);
    expect(herfindahl({ A: 7 })).toBe(1);
    expect(herfindahl({ A: 0 })).toBe(0);
  });

  it("shares divide by the total", () => {
    expect(shares({ road: 75, sea: 25, river: 0 })).toEqual({ road: 0.75, sea: 0.25, river: 0 });
    expect(shares({ road: 0, sea: 0 })).toEqual({ road: 0, sea: 0 });
  });
});

describe("compareEnsembles", () => {
  const baseline = ensemble("base", [
    { hectares: 100, exported: 10, enforcementUsd: 100, arrests: 300 },
    { hectares: 200, exported: 10, enforcementUsd: 100, arrests: 300 },
    { hectares: 300, exported: 10, enforcementUsd: 100, arrests: 300 },
  ]);
  const policy = ensemble("policy", [
    {
      hectares: 90,
      exported: 8,
      enforcementUsd: 120,
      alternativeDevelopmentUsd: 10,
      arrests: 330,
      byZone: { A: 90, B: 10 },
      exportsByMode: { road: 30, river: 0, sea: 10 },
    },
    {
      hectares: 180,
      exported: 9,
      enforcementUsd: 130,
      alternativeDevelopmentUsd: 10,
      arrests: 360,
      byZone: { A: 90, B: 10 },
      exportsByMode: { road: 30, river: 0, sea: 10 },
    },
    {
      hectares: 300,
      exported: 10,
      enforcementUsd: 110,
      alternativeDevelopmentUsd: 10,
      arrests: 300,
      byZone: { A: 90, B: 10 },
      exportsByMode: { road: 30, river: 0, sea: 10 },
    },
  ]);

  it("pairs run i of each policy with run i of the baseline", () => {
    const c = compareEnsembles(baseline, [policy]);
    expect(c.baseline).toBe("base");
    expect(c.runs).toBe(3);
    expect(c.seeds).toEqual(SEEDS);
    expect(c.policies.map((p) => p.scenario)).toEqual(["policy"]);
    const [y] = c.policies[0].years;
    expect(y.year).toBe(2020);
    expect(y.hectares.mean).toBe(-10);
    expect(y.hectares.interval90[0]).toBeCloseTo(-19, 12);
    expect(y.cocaineExportedTonnes.mean).toBe(-1);
    expect(y.cocaineProducedTonnes).toEqual({
      baseline: 50,
      policy: 50,
      mean: 0,
      interval90: [0, 0],
      ci95: [0, 0],
    });
    expect(y.arrests.mean).toBe(30);
    // spending: enforcement + alternative development, Δ = [30, 40, 20]
    expect(y.spendingUsd.baseline).toBe(100);
    expect(y.spendingUsd.mean).toBe(30);
    expect(y.usdPerTonneKeptOff.mean).toBe(30);
    expect(y.usdPerTonneKeptOff.runsWithCut).toBe(2);
  });

  it("measures displacement: export shares by mode, routes and the spread of hectares", () => {
    const [y] = compareEnsembles(baseline, [policy]).policies[0].years;
    const d = y.displacement;
    // baseline exports by mode road 20, river 10, sea 10 → ½, ¼, ¼; policy 30, 0, 10 → ¾, 0, ¼
    expect(d.exportShareByMode.road.baseline).toBe(0.5);
    expect(d.exportShareByMode.road.mean).toBe(0.25);
    expect(d.exportShareByMode.river.mean).toBe(-0.25);
    expect(d.exportShareByMode.sea.mean).toBe(0);
    expect(Object.keys(d.exportShareByMode)).toEqual(["road", "river", "air", "foot", "lake", "sea"]);
    // baseline zones A 60, B 40 → 2 zones hold 90%, HHI 0.36 + 0.16; policy A 90, B 10 → 1 zone, HHI 0.82
    expect(d.zonesHolding90PercentOfHectares).toMatchObject({ baseline: 2, policy: 1, mean: -1 });
    expect(d.hectaresHerfindahl.baseline).toBeCloseTo(0.52, 12);
    expect(d.hectaresHerfindahl.mean).toBeCloseTo(0.3, 12);
    expect(d.activeRoutes.mean).toBe(0);
  });

  it("compares several policies, each with the baseline", () => {
    const c = compareEnsembles(baseline, [policy, baseline]);
    expect(c.policies).toHaveLength(2);
    expect(c.policies[1].years[0].hectares.mean).toBe(0);
    expect(c.policies[1].years[0].usdPerTonneKeptOff.mean).toBeNull();
  });

  it("refuses runs that are not paired", () => {
    expect(() => compareEnsembles(baseline, [policy.slice(0, 2)])).toThrow(
      /policy 0 has 2 runs, the baseline 3/,
    );
    const reseeded = policy.map((s, i) => ({ ...s, seed: i === 1 ? 99 : s.seed }));
    expect(() => compareEnsembles(baseline, [reseeded])).toThrow(
      /policy 0, run 1: seed 99, but the baseline's run 1 has seed 8/,
    );
    const longer = policy.map((s) => ({ ...s, to: "2021-12" }));
    expect(() => compareEnsembles(baseline, [longer])).toThrow(
      /runs 2020-01 to 2021-12, the baseline 2020-01 to 2020-12/,
    );
    const otherYear = policy.map((s) => ({ ...s, years: [makeYear({ year: 2019 })] }));
    expect(() => compareEnsembles(baseline, [otherYear])).toThrow(/years \[2019\], the baseline \[2020\]/);
    expect(() => compareEnsembles([], [])).toThrow(/no runs/);
  });
});
