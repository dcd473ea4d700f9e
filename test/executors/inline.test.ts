import { describe, expect, it } from "vitest";
import { inlineExecutor } from "../../src/executors/inline.ts";
import { conformanceScenario, executorConformance } from "./conformance.ts";

executorConformance("inline", () => inlineExecutor());

describe("inline executor", () => {
  it("runs an injected simulate, with the job's seed in place of the scenario's", async () => {
    const seen: number[] = [];
    const executor = inlineExecutor({
      simulate: (scenario) => {
        seen.push(scenario.seed);
        return { summary: { scenario: scenario.name, seed: scenario.seed, from: "a", to: "b", years: [] } };
      },
    });
    const scenario = conformanceScenario();
    const results = await executor.run([
      { scenario, seed: 5 },
      { scenario, seed: 6 },
    ]);
    expect(seen).toEqual([5, 6]);
    expect(results.map((r) => r.seed)).toEqual([5, 6]);
    expect(scenario.seed).toBe(1);
  });

  it("wraps what a job throws, keeping it as the cause", async () => {
    const cause = new RangeError("negative hectares");
    const executor = inlineExecutor({
      simulate: () => {
        throw cause;
      },
    });
    const error = (await executor
      .run([{ scenario: conformanceScenario("x"), seed: 3 }])
      .catch((e) => e)) as Error;
    expect(error.message).toBe('job 0 (scenario "x", seed 3) failed: negative hectares');
    expect(error.cause).toBe(cause);
  });
});
