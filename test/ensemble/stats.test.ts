import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  mean,
  meanCi95,
  quantile,
  quantileSorted,
  sampleCovariance,
  sampleVariance,
  studentTCdf,
  studentTQuantile,
} from "../../src/ensemble/stats.ts";

describe("quantile (type 7, linear interpolation between order statistics)", () => {
  it("matches hand-computed values", () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    // h = (n − 1)·p: 0.45, 4.5, 8.55
    expect(quantile(ten, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantile(ten, 0.5)).toBe(5.5);
    expect(quantile(ten, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantile(ten, 0)).toBe(1);
    expect(quantile(ten, 1)).toBe(10);
    // h = 0.1, 1, 1.9 on [10, 20, 40]
    expect(quantile([40, 10, 20], 0.05)).toBe(11);
    expect(quantile([40, 10, 20], 0.5)).toBe(20);
    expect(quantile([40, 10, 20], 0.95)).toBeCloseTo(38, 12);
  });

  it("handles one value, no values, NaN and infinities", () => {
    expect(quantile([7], 0.05)).toBe(7);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([1, Number.NaN, 3], 0.5)).toBeNaN();
    expect(quantileSorted([1, 2, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], 0.95)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(quantileSorted([1, 2, Number.POSITIVE_INFINITY], 0.95)).toBe(Number.POSITIVE_INFINITY);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it("lies between the smallest and largest value and rises with p", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const lo = Math.min(...values);
          const hi = Math.max(...values);
          const x = quantile(values, p);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
          if (p <= q) expect(x).toBeLessThanOrEqual(quantile(values, q) + 1e-9 * (1 + Math.abs(hi)));
        },
      ),
    );
  });
});

describe("moments", () => {
  it("mean, variance and covariance of small samples", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(sampleVariance([1, 2, 3])).toBe(1);
    expect(sampleVariance([5])).toBeNaN();
    // deviations [−1, 0, 1] and [2, 0, −2]: Σ = −4, / (n − 1) = −2
    expect(sampleCovariance([1, 2, 3], [6, 4, 2])).toBe(-2);
    expect(() => sampleCovariance([1, 2], [1])).toThrow(RangeError);
  });
});

describe("Student's t", () => {
  it("matches the closed forms for 1 and 2 degrees of freedom", () => {
    // df = 1 (Cauchy): tan(π(p − ½)); df = 2: (2p − 1) / √(2p(1 − p))
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 10);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 12);
    expect(studentTQuantile(0.025, 2)).toBeCloseTo(-0.95 / Math.sqrt(2 * 0.975 * 0.025), 12);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it("matches published table values", () => {
    // qt(0.975, df) in R
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445105, 8);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157163, 8);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.045229642, 8);
    expect(studentTQuantile(0.975, 999)).toBeCloseTo(1.962341461, 8);
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(studentTCdf(studentTQuantile(0.9, 3), 3)).toBeCloseTo(0.9, 13);
  });

  it("gives the 95% confidence interval of a mean", () => {
    // [1, 2, 3]: mean 2, s = 1, s/√3; t(0.975, 2) = 4.3026527...
    const half = (0.95 / Math.sqrt(2 * 0.975 * 0.025)) * (1 / Math.sqrt(3));
    const ci = meanCi95([1, 2, 3])!;
    expect(ci[0]).toBeCloseTo(2 - half, 12);
    expect(ci[1]).toBeCloseTo(2 + half, 12);
    expect(meanCi95([3, 3, 3])).toEqual([3, 3]);
    expect(meanCi95([3])).toBeNull();
  });
});
