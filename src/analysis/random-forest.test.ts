import { describe, expect, it } from "vitest";
import { lhs } from "./lhs.ts";
import { evaluate, matrixFromRows, row } from "./matrix.ts";
import { monteCarlo } from "./monte-carlo.ts";
import { createRandom } from "./random.ts";
import { fitRandomForest, predictForest, predictTree } from "./random-forest.ts";

describe("fitRandomForest", () => {
  it("learns a step function exactly with a single full tree", () => {
    const x = monteCarlo(200, 3, createRandom(1));
    const y = evaluate(x, (v) => (v[0] > 0.5 ? 1 : 0));
    const forest = fitRandomForest(x, y, createRandom(2), { trees: 1, bootstrap: false, maxFeatures: "all" });
    const tree = forest.trees[0];
    expect(tree.feature[0]).toBe(0);
    expect(Math.abs(tree.threshold[0] - 0.5)).toBeLessThan(0.02);
    expect(tree.feature.length).toBe(3); // root + two pure leaves
    for (let i = 0; i < x.rows; i++) expect(predictTree(tree, row(x, i))).toBe(y[i]);
    expect(Array.from(forest.importances)).toEqual([1, 0, 0]);
    expect(forest.oobScore).toBeNaN();
  });

  it("generalises on a smooth function (high out-of-bag R²) and importances sum to 1", () => {
    const x = lhs(400, 4, createRandom(3));
    const y = evaluate(x, (v) => Math.sin(3 * v[0]) + v[1] * v[1]);
    const forest = fitRandomForest(x, y, createRandom(4), { trees: 60 });
    expect(forest.oobScore).toBeGreaterThan(0.9);
    const sum = forest.importances.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 12);
    // Hold-out error is small relative to the outcome's range (≈ 2).
    const test = monteCarlo(200, 4, createRandom(11));
    let sse = 0;
    for (let i = 0; i < test.rows; i++) {
      const v = row(test, i);
      sse += (predictForest(forest, v) - (Math.sin(3 * v[0]) + v[1] * v[1])) ** 2;
    }
    expect(Math.sqrt(sse / test.rows)).toBeLessThan(0.12);
  });

  it("respects maxDepth and minSamplesLeaf", () => {
    const x = monteCarlo(300, 2, createRandom(5));
    const y = evaluate(x, (v) => v[0] + v[1]);
    const stumps = fitRandomForest(x, y, createRandom(6), { trees: 5, maxDepth: 1 });
    for (const t of stumps.trees) expect(t.feature.length).toBe(3);
    const leafy = fitRandomForest(x, y, createRandom(6), { trees: 1, bootstrap: false, minSamplesLeaf: 10 });
    const tree = leafy.trees[0];
    const counts = new Map<number, number>();
    for (let i = 0; i < x.rows; i++) {
      let node = 0;
      while (tree.feature[node] >= 0) {
        node =
          x.data[i * 2 + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      }
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
    for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(10);
  });

  it("makes no split on a constant outcome", () => {
    const x = monteCarlo(50, 2, createRandom(7));
    const forest = fitRandomForest(x, new Float64Array(50).fill(3), createRandom(8), { trees: 3 });
    expect(Array.from(forest.importances)).toEqual([0, 0]);
    expect(predictForest(forest, [0.2, 0.4])).toBe(3);
  });

  it("is deterministic for a seed", () => {
    const x = monteCarlo(100, 3, createRandom(9));
    const y = evaluate(x, (v) => v[0] * v[1] - v[2]);
    const a = fitRandomForest(x, y, createRandom(10), { trees: 10 });
    const b = fitRandomForest(x, y, createRandom(10), { trees: 10 });
    expect(a).toEqual(b);
  });

  it("validates its inputs", () => {
    const x = matrixFromRows([[0], [1], [2]]);
    const g = createRandom(1);
    expect(() => fitRandomForest(x, [1, 2], g)).toThrow(RangeError);
    expect(() => fitRandomForest(x, [1, 2, 3], g, { trees: 0 })).toThrow(RangeError);
    expect(() => fitRandomForest(x, [1, 2, 3], g, { maxFeatures: 2 })).toThrow(RangeError);
    expect(() => fitRandomForest(x, [1, 2, Number.NaN], g)).toThrow(RangeError);
    expect(() => fitRandomForest(x, [1, 2, 3], g, { minSamplesSplit: 1 })).toThrow(RangeError);
  });
});
