import { describe, expect, it } from "vitest";
import { monteCarlo } from "./monte-carlo.ts";
import { createRandom } from "./random.ts";

describe("monteCarlo", () => {
  it("draws independent uniform points, deterministically per seed", () => {
    const m = monteCarlo(5000, 3, createRandom(2));
    expect(m.rows).toBe(5000);
    expect(m.cols).toBe(3);
    const mean = [0, 0, 0];
    let outside = 0;
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < 3; j++) {
        const v = m.data[i * 3 + j];
        if (!(v >= 0 && v < 1)) outside++;
        mean[j] += v / m.rows;
      }
    }
    expect(outside).toBe(0);
    for (const v of mean) expect(v).toBeCloseTo(0.5, 1);
    expect(monteCarlo(10, 3, createRandom(2)).data).toEqual(m.data.subarray(0, 30));
    expect(() => monteCarlo(0, 3, createRandom(2))).toThrow(RangeError);
  });
});
