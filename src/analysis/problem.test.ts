import { describe, expect, it } from "vitest";
import { matrixFromRows } from "./matrix.ts";
import { monteCarlo } from "./monte-carlo.ts";
import { decodeSample, defineProblem, parameterValue, scaleSamples } from "./problem.ts";
import { createRandom } from "./random.ts";
import { normalCdf } from "./special.ts";

const problem = defineProblem({
  uncertainties: [
    { kind: "real", name: "price", bounds: [10, 20] },
    { kind: "integer", name: "routes", bounds: [1, 3] },
  ],
  levers: [{ kind: "categorical", name: "policy", values: ["none", "eradicate", "substitute"] }],
});

describe("defineProblem", () => {
  it("orders columns uncertainties first, then levers", () => {
    expect(problem.names).toEqual(["price", "routes", "policy"]);
    expect(problem.dimension).toBe(3);
    expect(problem.uncertainties).toHaveLength(2);
    expect(problem.levers).toHaveLength(1);
  });

  it("rejects invalid specifications", () => {
    const bad = [
      { kind: "real", name: "a", bounds: [1, 1] },
      { kind: "real", name: "a", bounds: [0, Number.POSITIVE_INFINITY] },
      { kind: "integer", name: "a", bounds: [0.5, 3] },
      { kind: "categorical", name: "a", values: [] },
      { kind: "real", name: "a", bounds: [0, 1], distribution: { type: "triangular", mode: 2 } },
      { kind: "real", name: "a", bounds: [0, 1], distribution: { type: "normal", mean: 0, sd: 0 } },
      { kind: "real", name: "a", bounds: [-1, 1], distribution: { type: "lognormal", mu: 0, sigma: 1 } },
    ] as const;
    for (const p of bad) expect(() => defineProblem({ uncertainties: [p] })).toThrow();
    expect(() =>
      defineProblem({
        uncertainties: [{ kind: "real", name: "a", bounds: [0, 1] }],
        levers: [{ kind: "real", name: "a", bounds: [0, 1] }],
      }),
    ).toThrow(/duplicate/);
  });
});

describe("parameterValue", () => {
  it("maps uniform reals linearly and integers/categories by equal bins", () => {
    const [price, routes, policy] = problem.parameters;
    expect(parameterValue(price, 0)).toBe(10);
    expect(parameterValue(price, 0.25)).toBe(12.5);
    expect(parameterValue(price, 1)).toBe(20);
    expect([0, 0.33, 0.34, 0.66, 0.67, 0.999, 1].map((u) => parameterValue(routes, u))).toEqual([
      1, 1, 2, 2, 3, 3, 3,
    ]);
    expect([0, 0.5, 1].map((u) => parameterValue(policy, u))).toEqual([0, 1, 2]);
    expect(() => parameterValue(price, 1.1)).toThrow(RangeError);
    expect(() => parameterValue(price, Number.NaN)).toThrow(RangeError);
  });

  it("uses the inverse CDF of triangular, truncated normal and lognormal distributions", () => {
    const tri = {
      kind: "real",
      name: "t",
      bounds: [0, 2],
      distribution: { type: "triangular", mode: 1 },
    } as const;
    expect(parameterValue(tri, 0.5)).toBeCloseTo(1, 12);
    expect(parameterValue(tri, 0.125)).toBeCloseTo(0.5, 12); // CDF(0.5) = 0.5²/2

    const norm = {
      kind: "real",
      name: "n",
      bounds: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
      distribution: { type: "normal", mean: 3, sd: 2 },
    } as const;
    expect(parameterValue(norm, 0.5)).toBeCloseTo(3, 12);
    expect(parameterValue(norm, normalCdf(1))).toBeCloseTo(5, 10);
    expect(Number.isFinite(parameterValue(norm, 0))).toBe(true); // first Sobol' point is 0

    const truncated = { ...norm, bounds: [3, Number.POSITIVE_INFINITY] } as const;
    expect(parameterValue(truncated, 0)).toBe(3);
    expect(parameterValue(truncated, 0.5)).toBeCloseTo(3 + 2 * 0.6744897501960817, 8); // median of half-normal

    const logn = {
      kind: "real",
      name: "l",
      bounds: [0, Number.POSITIVE_INFINITY],
      distribution: { type: "lognormal", mu: 1, sigma: 0.5 },
    } as const;
    expect(parameterValue(logn, 0.5)).toBeCloseTo(Math.E, 12);
  });

  it("keeps sample moments of a truncated normal inside the bounds", () => {
    const p = {
      kind: "real",
      name: "n",
      bounds: [-1, 1],
      distribution: { type: "normal", mean: 0, sd: 1 },
    } as const;
    const g = createRandom(1);
    let s = 0;
    let outside = 0;
    for (let i = 0; i < 20000; i++) {
      const v = parameterValue(p, g.next());
      if (!(v >= -1 && v <= 1)) outside++;
      s += v;
    }
    expect(outside).toBe(0);
    expect(s / 20000).toBeCloseTo(0, 1);
  });
});

describe("scaleSamples and decodeSample", () => {
  it("scales a unit design column by column and decodes categories", () => {
    const unit = matrixFromRows([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.999, 0.999, 0.999],
    ]);
    const scaled = scaleSamples(problem, unit);
    const expected = [10, 1, 0, 15, 2, 1, 19.99, 3, 2];
    expected.forEach((v, k) => {
      expect(scaled.data[k]).toBeCloseTo(v, 12);
    });
    expect(decodeSample(problem, scaled.data.subarray(3, 6))).toEqual({
      price: 15,
      routes: 2,
      policy: "eradicate",
    });
    expect(() => decodeSample(problem, [15, 2, 7])).toThrow(RangeError);
    expect(() => scaleSamples(problem, monteCarlo(2, 2, createRandom(1)))).toThrow(RangeError);
  });
});
