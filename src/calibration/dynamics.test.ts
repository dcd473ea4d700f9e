import { describe, expect, it } from "vitest";
import { type DynamicsCheck, dynamicsTable, meanInterval } from "./dynamics.ts";

describe("dynamics checks: statistics and table", () => {
  it("gives the mean with a Student-t 95% interval", () => {
    const i = meanInterval([1, 2, 3, 4]);
    expect(i.mean).toBe(2.5);
    // sd = 1.291, se = 0.6455, t(3) = 3.182
    expect(i.high - i.mean).toBeCloseTo(3.182 * (Math.sqrt(5 / 3) / 2), 3);
    expect(i.mean - i.low).toBeCloseTo(i.high - i.mean, 12);
    expect(i.n).toBe(4);
  });

  it("prints one row per condition and marks the failures", () => {
    const check = (name: string, passed: boolean[]): DynamicsCheck => ({
      name,
      claim: "",
      figures: {},
      passed: passed.every(Boolean),
      conditions: passed.map((p, k) => ({ text: `condition ${k}`, passed: p })),
    });
    const table = dynamicsTable([check("a", [true, false]), check("b", [true])], 8).split("\n");
    expect(table[0]).toBe("| dynamic | condition (mean [95% CI], 8 paired seeds) | reproduced |");
    expect(table.slice(2)).toEqual([
      "| a | condition 0 | yes |",
      "| a | condition 1 | **no** |",
      "| b | condition 0 | yes |",
    ]);
  });
});
