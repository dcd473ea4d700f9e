import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toRows } from "./matrix.ts";
import { createRandom } from "./random.ts";
import { JOE_KUO_DIRECTIONS } from "./sobol-directions.ts";
import { SOBOL_MAX_DIMENSION, sobolDirectionNumbers, sobolSequence } from "./sobol-sequence.ts";

describe("Joe–Kuo direction table", () => {
  it("covers at least 21 dimensions with valid primitive-polynomial data", () => {
    expect(SOBOL_MAX_DIMENSION).toBeGreaterThanOrEqual(21);
    JOE_KUO_DIRECTIONS.forEach(([a, ...m]) => {
      const s = m.length;
      expect(a).toBeLessThan(2 ** Math.max(0, s - 1));
      m.forEach((mk, k) => {
        expect(mk % 2).toBe(1); // odd
        expect(mk).toBeLessThan(2 ** (k + 1));
      });
    });
    expect(sobolDirectionNumbers(0)[0]).toBe(2 ** 31);
    expect(() => sobolDirectionNumbers(SOBOL_MAX_DIMENSION)).toThrow(RangeError);
  });
});

describe("sobolSequence", () => {
  it("reproduces the first points of the Sobol' sequence", () => {
    expect(toRows(sobolSequence(8, 3))).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it("matches SciPy's qmc.Sobol (Joe–Kuo 6.21201, unscrambled) in high dimensions", () => {
    // Reference values from scipy 1.17 `qmc.Sobol(d=128, scramble=False, bits=32).random(1024)`,
    // rows 100, 777, 1023 and columns 0, 1, 2, 20, 63, 127.
    const m = sobolSequence(1024, 128);
    const cols = [0, 1, 2, 20, 63, 127];
    const pick = (i: number) => cols.map((j) => m.data[i * 128 + j]);
    expect(pick(100)).toEqual([0.4140625, 0.2578125, 0.7734375, 0.7578125, 0.6484375, 0.4609375]);
    expect(pick(777)).toEqual([
      0.6923828125, 0.9365234375, 0.1630859375, 0.2373046875, 0.4267578125, 0.1181640625,
    ]);
    expect(pick(1023)).toEqual([
      0.0009765625, 0.7529296875, 0.6123046875, 0.8662109375, 0.0400390625, 0.7001953125,
    ]);
  });

  it("stratifies every dimension perfectly on power-of-two prefixes", () => {
    const n = 1024;
    const d = SOBOL_MAX_DIMENSION;
    const m = sobolSequence(n, d);
    for (let j = 0; j < d; j++) {
      const hits = new Uint8Array(n);
      for (let i = 0; i < n; i++) hits[m.data[i * d + j] * n]++;
      expect(hits.every((h) => h === 1)).toBe(true);
    }
  });

  it("balances every two-dimensional projection of the first 64 dimensions on a 4 × 4 grid", () => {
    const n = 1024;
    const d = 64;
    const m = sobolSequence(n, d);
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        const cells = new Int32Array(16);
        for (let i = 0; i < n; i++)
          cells[Math.floor(m.data[i * d + a] * 4) * 4 + Math.floor(m.data[i * d + b] * 4)]++;
        expect(cells.every((c) => c === n / 16)).toBe(true);
      }
    }
  });

  it("skip continues the same sequence", () => {
    const full = sobolSequence(300, 5);
    const tail = sobolSequence(100, 5, { skip: 200 });
    expect(tail.data).toEqual(full.data.subarray(200 * 5));
  });

  it("integrates a smooth function far better than Monte Carlo's σ/√n", () => {
    const n = 4096;
    const d = 6;
    const m = sobolSequence(n, d, { skip: 0 });
    let s = 0;
    for (let i = 0; i < n; i++) {
      let f = 1;
      for (let j = 0; j < d; j++) f *= 1 + 0.5 * (m.data[i * d + j] - 0.5);
      s += f;
    }
    // σ of f is ≈ 0.35, so plain Monte Carlo would have a standard error ≈ 5.5e-3.
    expect(Math.abs(s / n - 1)).toBeLessThan(1e-3);
  });

  it("scrambled sequences keep the stratification, are in [0, 1) and depend only on the seed", () => {
    fc.assert(
      fc.property(fc.constantFrom("shift" as const, "lms" as const), fc.integer(), (scramble, seed) => {
        const n = 256;
        const d = 8;
        const a = sobolSequence(n, d, { scramble, random: createRandom(seed) });
        const b = sobolSequence(n, d, { scramble, random: createRandom(seed) });
        expect(a.data).toEqual(b.data);
        for (let j = 0; j < d; j++) {
          const hits = new Uint8Array(n);
          let outside = 0;
          for (let i = 0; i < n; i++) {
            const v = a.data[i * d + j];
            if (!(v >= 0 && v < 1)) outside++;
            hits[Math.floor(v * n)]++;
          }
          expect(outside).toBe(0);
          expect(hits.every((h) => h === 1)).toBe(true);
        }
        expect(a.data).not.toEqual(sobolSequence(n, d).data);
      }),
      { numRuns: 20 },
    );
  });

  it("validates its arguments", () => {
    expect(() => sobolSequence(0, 2)).toThrow(RangeError);
    expect(() => sobolSequence(4, 0)).toThrow(RangeError);
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSION + 1)).toThrow(RangeError);
    expect(() => sobolSequence(4, 2, { skip: -1 })).toThrow(RangeError);
    expect(() => sobolSequence(4, 2, { scramble: "lms" })).toThrow(/random/);
  });
});
