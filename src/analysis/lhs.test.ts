import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lhs } from "./lhs.ts";
import { createRandom } from "./random.ts";

describe("lhs", () => {
  it("hits each of the n strata exactly once in every dimension", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        fc.boolean(),
        (n, d, seed, centered) => {
          const m = lhs(n, d, createRandom(seed), { centered });
          expect(m.rows).toBe(n);
          expect(m.cols).toBe(d);
          for (let j = 0; j < d; j++) {
            const hits = new Uint8Array(n);
            let outside = 0;
            for (let i = 0; i < n; i++) {
              const v = m.data[i * d + j];
              if (!(v >= 0 && v < 1)) outside++;
              hits[Math.floor(v * n)]++;
            }
            expect(outside).toBe(0);
            expect(hits.every((h) => h === 1)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = lhs(50, 4, createRandom(9));
    const b = lhs(50, 4, createRandom(9));
    const c = lhs(50, 4, createRandom(10));
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
  });

  it("puts centred points in the middle of their strata", () => {
    const m = lhs(4, 1, createRandom(1), { centered: true });
    expect(Array.from(m.data).sort()).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it("validates its arguments", () => {
    expect(() => lhs(0, 2, createRandom(1))).toThrow(RangeError);
    expect(() => lhs(3, 1.5, createRandom(1))).toThrow(RangeError);
  });
});
