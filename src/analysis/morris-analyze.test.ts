import { describe, expect, it } from "vitest";
import { evaluate, matrixFromRows } from "./matrix.ts";
import { morrisAnalyze } from "./morris-analyze.ts";
import { morrisSample } from "./morris-sample.ts";
import { createRandom } from "./random.ts";
import { sobolG } from "./test-functions.ts";

describe("morrisAnalyze", () => {
  it("gives exact effects for a linear model: mu = mu* = slope, sigma = 0", () => {
    const design = morrisSample(3, 12, createRandom(1));
    const y = evaluate(design.samples, (x) => 10 * x[0] - 4 * x[1] + 0 * x[2]);
    const res = morrisAnalyze(design.samples, y, createRandom(2));
    expect(res.mu[0]).toBeCloseTo(10, 10);
    expect(res.mu[1]).toBeCloseTo(-4, 10);
    expect(res.muStar[1]).toBeCloseTo(4, 10);
    expect(res.sigma[0]).toBeCloseTo(0, 10);
    expect(res.muStar[2]).toBe(0);
    expect(res.elementaryEffects.rows).toBe(12);
    expect(res.muStarConf[0]).toBeCloseTo(0, 10);
  });

  it("finds the inert parameters (mu* = 0) and ranks the others correctly", () => {
    // x3 and x4 are inert; expected mu*: x0 = 10, x1 ≈ 5, x2 ≈ 2.6.
    const design = morrisSample(5, 30, createRandom(3), { candidates: 120 });
    const y = evaluate(design.samples, (x) => 10 * x[0] + 5 * x[1] ** 2 + 2 * Math.sin(2 * Math.PI * x[2]));
    const res = morrisAnalyze(design.samples, y, createRandom(4));
    expect(res.muStar[3]).toBe(0);
    expect(res.muStar[4]).toBe(0);
    expect(res.sigma[3]).toBe(0);
    expect(res.muStarConf[4]).toBe(0);
    expect(res.muStar[0]).toBeCloseTo(10, 10);
    expect(res.muStar[1]).toBeGreaterThan(3.3);
    expect(res.muStar[1]).toBeLessThan(6.7);
    expect(res.muStar[2]).toBeCloseTo((3 * Math.sqrt(3)) / 2, 10); // |Δ sin| / Δ on the 4-level grid
    const ranking = Array.from(res.muStar.keys()).sort((a, b) => res.muStar[b] - res.muStar[a]);
    expect(ranking.slice(0, 3)).toEqual([0, 1, 2]);
    // The non-linear x1 has a spread of effects; the linear x0 has none.
    expect(res.sigma[1]).toBeGreaterThan(0.5);
    expect(res.sigma[0]).toBeCloseTo(0, 10);
    expect(res.muStarConf[1]).toBeGreaterThan(0);
    expect(res.muStarConf[1]).toBeLessThan(2);
  });

  it("ranks the G-function factors by their a-coefficients", () => {
    const a = [0, 1, 4.5, 9, 99, 99];
    const design = morrisSample(a.length, 40, createRandom(8), { levels: 6 });
    const y = evaluate(design.samples, (x) => sobolG(x, a));
    const res = morrisAnalyze(design.samples, y, createRandom(9), { resamples: 200 });
    for (let j = 0; j < 3; j++) expect(res.muStar[j]).toBeGreaterThan(res.muStar[j + 1]);
    expect(res.muStar[4]).toBeLessThan(0.05);
    expect(res.muStar[5]).toBeLessThan(0.05);
  });

  it("is deterministic for fixed seeds", () => {
    const design = morrisSample(4, 10, createRandom(1));
    const y = evaluate(design.samples, (x) => x[0] * x[1] + x[2] ** 3);
    expect(morrisAnalyze(design.samples, y, createRandom(2))).toEqual(
      morrisAnalyze(design.samples, y, createRandom(2)),
    );
  });

  it("rejects designs that are not Morris trajectories", () => {
    const g = createRandom(1);
    const two = matrixFromRows([
      [0, 0],
      [1, 1],
      [1, 0],
    ]);
    expect(() => morrisAnalyze(two, [0, 1, 2], g)).toThrow(/more than one/);
    const still = matrixFromRows([
      [0, 0],
      [0, 0],
      [1, 0],
    ]);
    expect(() => morrisAnalyze(still, [0, 1, 2], g)).toThrow(/no parameter/);
    const twice = matrixFromRows([
      [0, 0],
      [1, 0],
      [0, 0],
    ]);
    expect(() => morrisAnalyze(twice, [0, 1, 2], g)).toThrow(/twice/);
    expect(() => morrisAnalyze(two, [0, 1], g)).toThrow(RangeError);
    expect(() => morrisAnalyze(matrixFromRows([[0, 0]]), [0], g)).toThrow(RangeError);
  });
});
