import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { morrisSample } from "./morris-sample.ts";
import { createRandom } from "./random.ts";

/** Sum over trajectory pairs of the summed point-to-point distances. */
function spread(data: Float64Array, r: number, d: number): number {
  const pts = d + 1;
  let total = 0;
  for (let a = 0; a < r; a++) {
    for (let b = a + 1; b < r; b++) {
      for (let i = 0; i < pts; i++) {
        for (let k = 0; k < pts; k++) {
          let s = 0;
          for (let j = 0; j < d; j++) s += (data[(a * pts + i) * d + j] - data[(b * pts + k) * d + j]) ** 2;
          total += Math.sqrt(s);
        }
      }
    }
  }
  return total;
}

describe("morrisSample", () => {
  it("builds r trajectories of d+1 grid points, each step moving one new parameter by ±Δ", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(2, 4, 6, 8),
        fc.integer(),
        (d, r, p, seed) => {
          const design = morrisSample(d, r, createRandom(seed), { levels: p });
          const { samples, delta } = design;
          expect(samples.rows).toBe(r * (d + 1));
          expect(delta).toBeCloseTo(p / (2 * (p - 1)), 15);
          const offGrid = samples.data.filter(
            (v) => !(v >= 0 && v <= 1) || Math.abs(v * (p - 1) - Math.round(v * (p - 1))) > 1e-9,
          );
          expect(offGrid).toHaveLength(0);
          for (let t = 0; t < r; t++) {
            const moved = new Set<number>();
            for (let s = 0; s < d; s++) {
              const lo = (t * (d + 1) + s) * d;
              const changed: number[] = [];
              for (let j = 0; j < d; j++) {
                const diff = samples.data[lo + d + j] - samples.data[lo + j];
                if (diff !== 0) {
                  changed.push(j);
                  expect(Math.abs(diff)).toBeCloseTo(delta, 12);
                }
              }
              expect(changed).toHaveLength(1);
              moved.add(changed[0]);
            }
            expect(moved.size).toBe(d);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("is deterministic for a seed", () => {
    const a = morrisSample(4, 10, createRandom(1));
    const b = morrisSample(4, 10, createRandom(1));
    expect(a.samples.data).toEqual(b.samples.data);
    expect(a.levels).toBe(4);
    expect(a.trajectories).toBe(10);
  });

  it("selecting r of many candidates spreads the trajectories out (Campolongo)", () => {
    const d = 5;
    const r = 8;
    let better = 0;
    for (let seed = 0; seed < 10; seed++) {
      const plain = morrisSample(d, r, createRandom(seed));
      const chosen = morrisSample(d, r, createRandom(seed), { candidates: 60 });
      if (spread(chosen.samples.data, r, d) > spread(plain.samples.data, r, d)) better++;
    }
    expect(better).toBe(10);
  });

  it("validates its arguments", () => {
    const g = createRandom(1);
    expect(() => morrisSample(0, 2, g)).toThrow(RangeError);
    expect(() => morrisSample(2, 0, g)).toThrow(RangeError);
    expect(() => morrisSample(2, 2, g, { levels: 3 })).toThrow(RangeError);
    expect(() => morrisSample(2, 4, g, { candidates: 3 })).toThrow(RangeError);
  });
});
