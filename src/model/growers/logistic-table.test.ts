import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOGISTIC_NOISE, NOISE_BITS, tableLogistic } from "./logistic-table.ts";

describe("logistic tables", () => {
  it("interpolates the logistic function within 1e-5", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(tableLogistic(x) - 1 / (1 + Math.exp(-x)))).toBeLessThan(1e-5);
      }),
    );
  });

  it("holds standard logistic quantiles: symmetric, increasing, variance near π²/3", () => {
    const n = 1 << NOISE_BITS;
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      expect(LOGISTIC_NOISE[k]).toBeCloseTo(-LOGISTIC_NOISE[n - 1 - k], 12);
      if (k > 0) expect(LOGISTIC_NOISE[k]).toBeGreaterThan(LOGISTIC_NOISE[k - 1]);
      sumSq += LOGISTIC_NOISE[k] ** 2;
    }
    expect(sumSq / n).toBeCloseTo(Math.PI ** 2 / 3, 1);
  });
});
