import { describe, expect, it } from "vitest";
import { ishigami, ishigamiIndices, sobolG, sobolGIndices } from "./test-functions.ts";

describe("benchmark functions", () => {
  it("Ishigami analytic indices are the textbook values", () => {
    const { S1, ST, S2 } = ishigamiIndices(7, 0.1);
    expect(S1[0]).toBeCloseTo(0.314, 3);
    expect(S1[1]).toBeCloseTo(0.442, 3);
    expect(S1[2]).toBe(0);
    expect(ST[0]).toBeCloseTo(0.558, 3);
    expect(ST[1]).toBeCloseTo(0.442, 3);
    expect(ST[2]).toBeCloseTo(0.244, 3);
    expect(S2[0 * 3 + 2]).toBeCloseTo(0.244, 3);
    expect(ishigami([0, Math.PI / 2, 1])).toBeCloseTo(7, 12);
  });

  it("G-function indices satisfy the variance decomposition", () => {
    const a = [0, 1, 4.5, 9, 99];
    const { S1, ST, S2 } = sobolGIndices(a);
    const sumS1 = S1.reduce((s, v) => s + v, 0);
    let sumS2 = 0;
    for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) sumS2 += S2[i * a.length + j];
    expect(sumS1).toBeLessThan(1);
    expect(sumS1 + sumS2).toBeLessThanOrEqual(1 + 1e-12);
    for (let i = 0; i < a.length; i++) expect(ST[i]).toBeGreaterThanOrEqual(S1[i]);
    // Each factor has mean 1 over [0, 1].
    expect(sobolG([0.25, 0.25, 0.25, 0.25, 0.25], a)).toBeCloseTo(1, 12);
  });
});
