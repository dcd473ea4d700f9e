import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./matrix.ts";
import { defineProblem, scaleSamples } from "./problem.ts";
import { createRandom } from "./random.ts";
import { saltelli } from "./saltelli.ts";
import { sobolAnalyze } from "./sobol-analyze.ts";
import { ishigami, ishigamiIndices, sobolG, sobolGIndices } from "./test-functions.ts";

const ishigamiProblem = defineProblem({
  uncertainties: ["x1", "x2", "x3"].map((name) => ({
    kind: "real" as const,
    name,
    bounds: [-Math.PI, Math.PI] as const,
  })),
});

function runIshigami(n: number, secondOrder: boolean, scramble: "none" | "lms") {
  const unit = saltelli(n, 3, { secondOrder, scramble, random: createRandom(2024) });
  const y = evaluate(scaleSamples(ishigamiProblem, unit), (x) => ishigami(x, 7, 0.1));
  return sobolAnalyze(y, 3, createRandom(7), { secondOrder });
}

describe("sobolAnalyze — known answers", () => {
  const known = ishigamiIndices(7, 0.1);

  it.each(["none", "lms"] as const)("recovers the Ishigami indices (N = 2^13, %s scrambling)", (scramble) => {
    const res = runIshigami(2 ** 13, false, scramble);
    const textbookS1 = [0.314, 0.442, 0.0];
    const textbookST = [0.558, 0.442, 0.244];
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(res.S1[j] - textbookS1[j])).toBeLessThan(0.03);
      expect(Math.abs(res.ST[j] - textbookST[j])).toBeLessThan(0.03);
      expect(Math.abs(res.S1[j] - known.S1[j])).toBeLessThan(0.03);
      expect(Math.abs(res.ST[j] - known.ST[j])).toBeLessThan(0.03);
      // Bootstrap intervals are finite, positive, and narrow at this N.
      expect(res.S1Conf[j]).toBeGreaterThan(0);
      expect(res.S1Conf[j]).toBeLessThan(0.06);
      expect(res.STConf[j]).toBeGreaterThan(0);
      expect(res.STConf[j]).toBeLessThan(0.06);
    }
    expect(res.n).toBe(2 ** 13);
    expect(res.S2).toBeUndefined();
  });

  it("recovers the Ishigami second-order indices (only x1–x3 interacts)", () => {
    const res = runIshigami(2 ** 13, true, "none");
    const S2 = res.S2 as Float64Array;
    const S2Conf = res.S2Conf as Float64Array;
    expect(Math.abs(S2[0 * 3 + 2] - known.S2[2])).toBeLessThan(0.05);
    expect(Math.abs(S2[0 * 3 + 1])).toBeLessThan(0.05);
    expect(Math.abs(S2[1 * 3 + 2])).toBeLessThan(0.05);
    expect(S2[2 * 3 + 0]).toBe(S2[0 * 3 + 2]); // symmetric
    expect(S2[0]).toBeNaN(); // diagonal
    expect(S2Conf[0 * 3 + 2]).toBeGreaterThan(0);
    for (let j = 0; j < 3; j++) expect(Math.abs(res.ST[j] - known.ST[j])).toBeLessThan(0.03);
  });

  it("recovers the analytic indices of the Sobol' G-function", () => {
    const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
    const d = a.length;
    const want = sobolGIndices(a);
    const y = evaluate(saltelli(2 ** 12, d), (x) => sobolG(x, a));
    const res = sobolAnalyze(y, d, createRandom(1), { resamples: 50 });
    for (let j = 0; j < d; j++) {
      expect(Math.abs(res.S1[j] - want.S1[j])).toBeLessThan(0.02);
      expect(Math.abs(res.ST[j] - want.ST[j])).toBeLessThan(0.02);
    }
    // Importance ordering follows a.
    expect(res.ST[0]).toBeGreaterThan(res.ST[1]);
    expect(res.ST[1]).toBeGreaterThan(res.ST[2]);
    expect(res.ST[2]).toBeGreaterThan(res.ST[3]);
    expect(res.ST[3]).toBeGreaterThan(res.ST[4]);
  });

  it("gives S1 = ST = c_j² / Σc² for an additive linear model", () => {
    const c = [1, 2, 3];
    const total = c.reduce((s, v) => s + v * v, 0);
    const y = evaluate(saltelli(2 ** 12, 3), (x) => c[0] * x[0] + c[1] * x[1] + c[2] * x[2]);
    const res = sobolAnalyze(y, 3, createRandom(1), { resamples: 0 });
    for (let j = 0; j < 3; j++) {
      expect(res.S1[j]).toBeCloseTo((c[j] * c[j]) / total, 2);
      expect(res.ST[j]).toBeCloseTo((c[j] * c[j]) / total, 2);
      expect(res.S1Conf[j]).toBeNaN();
    }
  });
});

describe("sobolAnalyze — properties", () => {
  it("ST ≥ S1 − tolerance on random G-functions with interactions", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((d) =>
          fc.record({
            a: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: d, maxLength: d }),
            c: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }),
            seed: fc.integer(),
          }),
        ),
        ({ a, c, seed }) => {
          const d = a.length;
          const random = createRandom(seed);
          const x = saltelli(2 ** 10, d, { scramble: "lms", random });
          const y = evaluate(
            x,
            (v) => sobolG(v, a) + c.reduce((s, ci, i) => s + ci * v[i] * v[(i + 1) % d], 0),
          );
          const res = sobolAnalyze(y, d, random, { resamples: 0 });
          for (let j = 0; j < d; j++) expect(res.ST[j]).toBeGreaterThanOrEqual(res.S1[j] - 0.02);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is deterministic and unaffected by a constant offset in the output", () => {
    const x = saltelli(2 ** 10, 3, { secondOrder: true });
    const y = evaluate(scaleSamples(ishigamiProblem, x), (v) => ishigami(v));
    const a = sobolAnalyze(y, 3, createRandom(5), { secondOrder: true });
    const b = sobolAnalyze(y, 3, createRandom(5), { secondOrder: true });
    expect(a).toEqual(b);
    const shifted = sobolAnalyze(
      y.map((v) => v + 1e6),
      3,
      createRandom(5),
      { secondOrder: true },
    );
    for (let j = 0; j < 3; j++) {
      expect(shifted.S1[j]).toBeCloseTo(a.S1[j], 6);
      expect(shifted.ST[j]).toBeCloseTo(a.ST[j], 6);
      expect(shifted.S1Conf[j]).toBeCloseTo(a.S1Conf[j], 6);
    }
  });

  it("validates its inputs", () => {
    const g = createRandom(1);
    expect(() => sobolAnalyze(new Float64Array(11), 3, g)).toThrow(RangeError);
    expect(() => sobolAnalyze(new Float64Array(10), 3, g, { secondOrder: true })).toThrow(RangeError);
    expect(() => sobolAnalyze(new Float64Array(10), 3, g, { resamples: 1 })).toThrow(RangeError);
    expect(() => sobolAnalyze(new Float64Array(10), 3, g, { confidenceLevel: 1 })).toThrow(RangeError);
    expect(() => sobolAnalyze([0, 1, 2, 3, Number.NaN], 3, g)).toThrow(RangeError);
  });
});
