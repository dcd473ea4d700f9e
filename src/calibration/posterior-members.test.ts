import { describe, expect, it } from "vitest";
import { posteriorMembers, resamplePosterior } from "./posterior-members.ts";
import { trendPath } from "./zone-trends.ts";

const calibration = {
  parameters: { "growers.riskWeight": 0.5 },
  posterior: [
    { parameters: { "growers.riskWeight": 0.2 }, weight: 1, distance: 0.4 },
    { parameters: { "growers.riskWeight": 0.8 }, weight: 3, distance: 0.5 },
  ],
  zoneTrends: {
    VRAEM: { value: 1000, se: 200, years: 4 },
    Putumayo: { value: -500, se: 0, years: 4 },
  },
};

describe("posterior members", () => {
  it("resamples particles in proportion to their weights", () => {
    const picks = resamplePosterior([1, 3], 40);
    expect(picks.filter((k) => k === 0)).toHaveLength(10);
    expect(picks.filter((k) => k === 1)).toHaveLength(30);
  });

  it("draws zone trends around their estimates with their standard errors, from each member's seed", () => {
    const seeds = Array.from({ length: 400 }, (_, i) => 1000 + i);
    const members = posteriorMembers(calibration, seeds);
    const vraem = members.map((m) => m[trendPath("VRAEM")]);
    const mean = vraem.reduce((a, b) => a + b, 0) / vraem.length;
    const sd = Math.sqrt(vraem.reduce((s, v) => s + (v - mean) ** 2, 0) / (vraem.length - 1));
    expect(Math.abs(mean - 1000)).toBeLessThan(3 * (200 / Math.sqrt(400)));
    expect(sd).toBeGreaterThan(170);
    expect(sd).toBeLessThan(230);
    // A zero standard error gives the estimate itself.
    expect(new Set(members.map((m) => m[trendPath("Putumayo")]))).toEqual(new Set([-500]));
    // Global parameters come from the resampled particles.
    expect(members.filter((m) => m["growers.riskWeight"] === 0.8)).toHaveLength(300);
    // A member's trend draws depend on its own seed only, not on the ensemble's size.
    const few = posteriorMembers(calibration, seeds.slice(0, 5));
    expect(few.map((m) => m[trendPath("VRAEM")])).toEqual(vraem.slice(0, 5));
    expect(posteriorMembers(calibration, seeds)).toEqual(members);
  });
});
