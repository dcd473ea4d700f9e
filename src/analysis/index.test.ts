import { describe, expect, it } from "vitest";
import * as analysis from "./index.ts";

describe("public API", () => {
  it("runs a whole study end to end on an arbitrary model through the index", () => {
    const problem = analysis.defineProblem({
      uncertainties: [
        { kind: "real", name: "demand", bounds: [0, 10], distribution: { type: "triangular", mode: 4 } },
        { kind: "integer", name: "routes", bounds: [1, 4] },
      ],
      levers: [{ kind: "categorical", name: "policy", values: ["none", "interdict"] }],
    });
    const model = (x: Float64Array) => {
      const v = analysis.decodeSample(problem, x);
      return (v.demand as number) * (v.policy === "interdict" ? 0.5 : 1) + 0.1 * (v.routes as number);
    };
    const random = analysis.createRandom(123);
    const design = analysis.scaleSamples(problem, analysis.lhs(400, problem.dimension, random));
    const y = analysis.evaluate(design, model);
    const scores = analysis.featureScoring(design, y, random, { names: problem.names, trees: 30 });
    expect(scores.names[scores.ranking[0]]).toBe("demand");
    const boxes = analysis.prim(design, y, { threshold: 6, categorical: [2], names: problem.names });
    const box = boxes.select(boxes.bestIndex(0.9));
    expect(box.restrictions.some((r) => r.name === "demand")).toBe(true);
  });

  it("exports every analysis entry point", () => {
    for (const name of [
      "createRandom",
      "defineProblem",
      "scaleSamples",
      "lhs",
      "monteCarlo",
      "fullFactorial",
      "sobolSequence",
      "saltelli",
      "morrisSample",
      "sobolAnalyze",
      "morrisAnalyze",
      "prim",
      "featureScoring",
      "fitRandomForest",
      "ishigami",
      "sobolG",
    ]) {
      expect(typeof (analysis as Record<string, unknown>)[name]).toBe("function");
    }
  });
});
