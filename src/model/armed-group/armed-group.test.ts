import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, zoneOf } from "../../../test/model/helpers.ts";
import { armedGroupStep } from "./armed-group.ts";

describe("armed group", () => {
  it("holds its strength without an offensive; control = presence × strength ratio", () => {
    const run = startRun(makeScenario({ to: "2018-03" }));
    const { world } = run;
    while (run.next <= run.scenario.to) stepMonth(run);
    expect(world.armedGroup.strength).toBe(350);
    for (let z = 0; z < world.zones.defs.length; z++) {
      expect(world.zones.armedControl[z]).toBe(world.zones.armedGroupPresence[z]);
    }
    expect(world.zones.armedControl[zoneOf(world, "VRAEM")]).toBeCloseTo(0.35, 12);
  });

  it("is worn down by an offensive in the VRAEM and recovers toward its initial strength afterwards", () => {
    const run = startRun(
      makeScenario({
        to: "2019-12",
        policies: [
          { kind: "military-offensive", from: month("2018-01"), to: month("2018-12"), intensity: 2 },
        ],
      }),
    );
    const { world } = run;
    const vraem = zoneOf(world, "VRAEM");
    const strength: number[] = [];
    while (run.next <= run.scenario.to) {
      stepMonth(run, { stopAfter: "armed-group" });
      strength.push(world.armedGroup.strength);
      expect(world.zones.armedControl[vraem]).toBeCloseTo((0.35 * world.armedGroup.strength) / 350, 12);
      expect(world.armedGroup.strength).toBeGreaterThanOrEqual(0);
    }
    // Falls every month of the offensive (3% × 2 a month, less the recovery) …
    for (let k = 1; k < 12; k++) expect(strength[k]).toBeLessThan(strength[k - 1]);
    expect(strength[11]).toBeLessThan(0.6 * 350);
    // … then recovers, without overshooting.
    for (let k = 13; k < 24; k++) expect(strength[k]).toBeGreaterThan(strength[k - 1]);
    expect(strength[23]).toBeLessThan(350);
  });

  it("an offensive outside the armed group's zones does not touch it", () => {
    const run = startRun(
      makeScenario({
        to: "2018-02",
        policies: [
          {
            kind: "military-offensive",
            from: month("2018-01"),
            intensity: 5,
            where: { zones: ["Putumayo"] },
          },
        ],
      }),
    );
    while (run.next <= run.scenario.to) stepMonth(run);
    expect(run.world.armedGroup.strength).toBe(350);
  });

  it("never goes below zero, even under an overwhelming offensive", () => {
    const run = startRun(
      makeScenario({ to: "2018-01", parameters: { "state.offensiveArmedLossPerMonth": 1 }, policies: [] }),
    );
    const { world } = run;
    world.levers.offensive[zoneOf(world, "VRAEM")] = 50;
    armedGroupStep(world);
    expect(world.armedGroup.strength).toBe(0);
    expect(world.zones.armedControl[zoneOf(world, "VRAEM")]).toBe(0);
  });
});
