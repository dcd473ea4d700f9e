import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";
import { saltelli, saltelliBlockSize } from "./saltelli.ts";
import { sobolSequence } from "./sobol-sequence.ts";

describe("saltelli", () => {
  it("has N·(D+2) rows, or N·(2D+2) with second order", () => {
    expect(saltelli(64, 3).rows).toBe(64 * 5);
    expect(saltelli(64, 3, { secondOrder: true }).rows).toBe(64 * 8);
    expect(saltelli(16, 4).cols).toBe(4);
    expect(saltelliBlockSize(4, false)).toBe(6);
    expect(saltelliBlockSize(4, true)).toBe(10);
  });

  it("lays out A, AB_j, BA_j, B per base row from one 2D-dimensional Sobol' sequence", () => {
    const n = 32;
    const d = 3;
    const base = sobolSequence(n, 2 * d);
    const x = saltelli(n, d, { secondOrder: true });
    const step = 2 * d + 2;
    for (let i = 0; i < n; i++) {
      const a = Array.from(base.data.subarray(i * 2 * d, i * 2 * d + d));
      const b = Array.from(base.data.subarray(i * 2 * d + d, (i + 1) * 2 * d));
      const r = (k: number) => Array.from(x.data.subarray((i * step + k) * d, (i * step + k + 1) * d));
      expect(r(0)).toEqual(a);
      expect(r(step - 1)).toEqual(b);
      for (let j = 0; j < d; j++) {
        expect(r(1 + j)).toEqual(a.map((v, k) => (k === j ? b[k] : v)));
        expect(r(1 + d + j)).toEqual(b.map((v, k) => (k === j ? a[k] : v)));
      }
    }
  });

  it("is deterministic, and scrambled designs depend on the seed", () => {
    expect(saltelli(16, 2).data).toEqual(saltelli(16, 2).data);
    const s1 = saltelli(16, 2, { scramble: "lms", random: createRandom(1) });
    const s1b = saltelli(16, 2, { scramble: "lms", random: createRandom(1) });
    const s2 = saltelli(16, 2, { scramble: "lms", random: createRandom(2) });
    expect(s1.data).toEqual(s1b.data);
    expect(s1.data).not.toEqual(s2.data);
  });

  it("refuses more parameters than the direction table supports", () => {
    expect(() => saltelli(8, 65)).toThrow(RangeError);
    expect(() => saltelli(8, 0)).toThrow(RangeError);
  });
});
