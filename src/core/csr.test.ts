import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCsr, row } from "./csr.ts";

describe("buildCsr / row", () => {
  it("groups targets by row, keeping insertion order", () => {
    const csr = buildCsr(4, [
      [2, 10],
      [0, 5],
      [2, 11],
      [0, 6],
      [2, 9],
    ]);
    expect(Array.from(csr.offsets)).toEqual([0, 2, 2, 5, 5]);
    expect(Array.from(row(csr, 0))).toEqual([5, 6]);
    expect(Array.from(row(csr, 1))).toEqual([]);
    expect(Array.from(row(csr, 2))).toEqual([10, 11, 9]);
    expect(Array.from(row(csr, 3))).toEqual([]);
  });

  it("handles no rows and no pairs", () => {
    expect(Array.from(buildCsr(0, []).offsets)).toEqual([0]);
    const empty = buildCsr(3, []);
    expect(Array.from(empty.offsets)).toEqual([0, 0, 0, 0]);
    expect(empty.targets.length).toBe(0);
  });

  it("rejects rows outside 0..rows-1", () => {
    expect(() => buildCsr(2, [[2, 0]])).toThrow(RangeError);
    expect(() => buildCsr(2, [[-1, 0]])).toThrow(RangeError);
  });

  it("row() is a view, not a copy", () => {
    const csr = buildCsr(2, [
      [1, 3],
      [1, 4],
    ]);
    row(csr, 1)[0] = 99;
    expect(csr.targets[0]).toBe(99);
  });

  it("matches a naive grouping for any pairs (offsets monotone, every pair in its row, in order)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((rows) =>
          fc.tuple(
            fc.constant(rows),
            fc.array(fc.tuple(fc.integer({ min: 0, max: rows - 1 }), fc.integer({ min: -1000, max: 1000 })), {
              maxLength: 100,
            }),
          ),
        ),
        ([rows, pairs]) => {
          const csr = buildCsr(rows, pairs);
          expect(csr.offsets.length).toBe(rows + 1);
          expect(csr.offsets[0]).toBe(0);
          expect(csr.offsets[rows]).toBe(pairs.length);
          for (let r = 0; r < rows; r++) {
            expect(csr.offsets[r + 1]).toBeGreaterThanOrEqual(csr.offsets[r]);
            const expected = pairs.filter(([pr]) => pr === r).map(([, t]) => t);
            expect(Array.from(row(csr, r))).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
