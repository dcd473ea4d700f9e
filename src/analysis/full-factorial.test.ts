import { describe, expect, it } from "vitest";
import { fullFactorial } from "./full-factorial.ts";
import { toRows } from "./matrix.ts";
import { defineProblem, scaleSamples } from "./problem.ts";

describe("fullFactorial", () => {
  it("enumerates every combination, first dimension slowest", () => {
    const m = fullFactorial([2, 3]);
    expect(toRows(m)).toEqual([
      [0, 0],
      [0, 0.5],
      [0, 1],
      [1, 0],
      [1, 0.5],
      [1, 1],
    ]);
    expect(toRows(fullFactorial([1]))).toEqual([[0.5]]);
  });

  it("enumerates each integer and category exactly once when levels match their counts", () => {
    const problem = defineProblem({
      levers: [
        { kind: "integer", name: "n", bounds: [2, 5] },
        { kind: "categorical", name: "c", values: ["a", "b", "c"] },
        { kind: "real", name: "r", bounds: [-1, 1] },
      ],
    });
    const scaled = scaleSamples(problem, fullFactorial([4, 3, 2]));
    const rows = toRows(scaled);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((r) => r.join(","))).size).toBe(24);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([2, 3, 4, 5]));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([0, 1, 2]));
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set([-1, 1]));
  });

  it("validates levels", () => {
    expect(() => fullFactorial([])).toThrow(RangeError);
    expect(() => fullFactorial([2, 0])).toThrow(RangeError);
    expect(() => fullFactorial([1000, 1000, 1000])).toThrow(RangeError);
  });
});
