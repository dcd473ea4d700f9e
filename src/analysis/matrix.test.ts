import { describe, expect, it } from "vitest";
import { at, column, createMatrix, evaluate, matrixFromData, matrixFromRows, row, toRows } from "./matrix.ts";

describe("SampleMatrix helpers", () => {
  it("stores rows in row-major order", () => {
    const m = matrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(at(m, 1, 0)).toBe(4);
    expect(Array.from(row(m, 1))).toEqual([4, 5, 6]);
    expect(Array.from(column(m, 2))).toEqual([3, 6]);
    expect(toRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("row() is a view, evaluate() runs any model over the rows", () => {
    const m = createMatrix(3, 2);
    row(m, 1)[0] = 7;
    expect(at(m, 1, 0)).toBe(7);
    const y = evaluate(m, (x, i) => x[0] + 10 * i);
    expect(Array.from(y)).toEqual([0, 17, 20]);
  });

  it("validates shapes", () => {
    expect(() => matrixFromData(new Float64Array(5), 2)).toThrow(RangeError);
    expect(matrixFromData(new Float64Array(6), 2).rows).toBe(3);
    expect(() => matrixFromRows([[1, 2], [3]])).toThrow(RangeError);
    expect(() => createMatrix(-1, 2)).toThrow(RangeError);
  });
});
