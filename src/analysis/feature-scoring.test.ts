import { describe, expect, it } from "vitest";
import { featureScoring } from "./feature-scoring.ts";
import { lhs } from "./lhs.ts";
import { evaluate } from "./matrix.ts";
import { createRandom } from "./random.ts";

describe("featureScoring", () => {
  it("ranks the informative features of a continuous outcome first", () => {
    const x = lhs(500, 6, createRandom(2));
    const noise = createRandom(3);
    const y = evaluate(x, (v) => 5 * v[0] + 3 * v[1] ** 2 + 0.2 * (noise.next() - 0.5));
    const names = ["a", "b", "c", "d", "e", "f"];
    const fs = featureScoring(x, y, createRandom(9), { names, trees: 100 });
    expect(fs.ranking.slice(0, 2)).toEqual([0, 1]);
    expect(fs.scores[0]).toBeGreaterThan(0.4);
    for (let j = 2; j < 6; j++) expect(fs.scores[j]).toBeLessThan(0.1);
    expect(fs.scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(fs.names).toEqual(names);
    expect(fs.oobScore).toBeGreaterThan(0.8);
  });

  it("finds the two inputs that define a binary class of interest", () => {
    const x = lhs(600, 8, createRandom(5));
    const y = evaluate(x, (v) => (v[2] > 0.6 && v[5] < 0.4 ? 1 : 0));
    const fs = featureScoring(x, y, createRandom(6), { trees: 80 });
    expect(new Set(fs.ranking.slice(0, 2))).toEqual(new Set([2, 5]));
    expect(fs.scores[2] + fs.scores[5]).toBeGreaterThan(0.6);
  });

  it("is deterministic for a seed", () => {
    const x = lhs(100, 3, createRandom(1));
    const y = evaluate(x, (v) => v[0] - v[2]);
    expect(featureScoring(x, y, createRandom(4), { trees: 10 })).toEqual(
      featureScoring(x, y, createRandom(4), { trees: 10 }),
    );
    expect(() => featureScoring(x, y, createRandom(4), { names: ["a"] })).toThrow(RangeError);
  });
});
