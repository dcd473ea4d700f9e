import { describe, expect, it } from "vitest";
import { abcSmc, weightedQuantile } from "./abc-smc.ts";

// A model with a known answer: y = (a, b) observed with no noise at (0.3, 0.7).
const evaluate = async (thetas: number[][]) => thetas.map(([a, b]) => Math.hypot(a - 0.3, b - 0.7));

describe("abcSmc", () => {
  it("concentrates the posterior around the true parameters", async () => {
    const result = await abcSmc({
      lower: [0, 0],
      upper: [1, 1],
      particles: 60,
      budget: 1500,
      seed: 3,
      evaluate,
    });
    expect(result.evaluations).toBeLessThanOrEqual(1500);
    expect(result.generations).toBeGreaterThan(2);
    expect(Math.abs(weightedQuantile(result.particles, 0, 0.5) - 0.3)).toBeLessThan(0.05);
    expect(Math.abs(weightedQuantile(result.particles, 1, 0.5) - 0.7)).toBeLessThan(0.05);
    expect(result.best.distance).toBeLessThan(0.03);
    // Weights are normalised and every particle lies within the prior.
    expect(result.particles.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 9);
    for (const p of result.particles) for (const x of p.theta) expect(x >= 0 && x <= 1).toBe(true);
    // Tolerance shrinks: the final population beats the prior's median distance.
    expect(result.tolerance).toBeLessThan(0.2);
  });

  it("is reproducible from its seed, and differs with another seed", async () => {
    const run = (seed: number) =>
      abcSmc({ lower: [0, 0], upper: [1, 1], particles: 20, budget: 200, seed, evaluate });
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(b).toEqual(a);
    expect(c.particles).not.toEqual(a.particles);
  });

  it("stops at the budget", async () => {
    let calls = 0;
    const result = await abcSmc({
      lower: [0],
      upper: [1],
      particles: 10,
      budget: 37,
      seed: 1,
      evaluate: async (thetas) => {
        calls += thetas.length;
        return thetas.map(([a]) => Math.abs(a - 0.5));
      },
    });
    expect(calls).toBe(37);
    expect(result.evaluations).toBe(37);
    expect(result.particles).toHaveLength(10);
  });
});
