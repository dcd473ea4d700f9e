import { describe, expect, it } from "vitest";
import { makeScenario, month, startRun, stepMonth, sum, zoneOf } from "../../../test/model/helpers.ts";
import type { World } from "../world.ts";
import { membersStep } from "./members.ts";

/** A world where only the arrests a test injects remove members. */
function quietWorld(lag: number, success = 0.95): World {
  const run = startRun(
    makeScenario({
      to: "2019-12",
      parameters: {
        "state.policeArrestsPerMonth": 0,
        "organisations.recruitmentLagMonths": lag,
        "organisations.recruitmentSuccess": success,
      },
    }),
  );
  return run.world;
}

/** Runs the members step alone for month t with `arrests` injected for organisation 0. */
function membersMonth(world: World, t: number, arrests = 0): void {
  world.now = t;
  world.month.labsRaided = 0;
  world.organisations.arrests[0] += arrests;
  membersStep(world);
}

describe("members", () => {
  it("arrests remove members, and recruitment replaces a share of them exactly after the lag", () => {
    const world = quietWorld(4);
    const orgs = world.organisations;
    const initial = orgs.members[0];
    const t0 = world.scenario.from;
    membersMonth(world, t0, 100);
    expect(orgs.members[0]).toBe(initial - 100);
    for (let k = 1; k < 4; k++) {
      membersMonth(world, t0 + k);
      expect(orgs.members[0], `month +${k}`).toBe(initial - 100);
    }
    membersMonth(world, t0 + 4);
    expect(orgs.members[0]).toBeCloseTo(initial - 5, 9);
    membersMonth(world, t0 + 5);
    expect(orgs.members[0]).toBeCloseTo(initial - 5, 9);
    // The other organisations were untouched.
    for (let o = 1; o < orgs.count; o++) expect(orgs.members[o]).toBe(orgs.initialMembers[o]);
  });

  it("waves of arrests in consecutive months come back in the same order", () => {
    const world = quietWorld(2, 1);
    const orgs = world.organisations;
    const initial = orgs.members[0];
    const t0 = world.scenario.from;
    const path: number[] = [];
    [100, 50, 0, 0, 0].forEach((a, k) => {
      membersMonth(world, t0 + k, a);
      path.push(orgs.members[0] - initial);
    });
    expect(path).toEqual([-100, -150, -50, 0, 0]);
  });

  it("never removes more than 90% of an organisation in a month", () => {
    const world = quietWorld(4);
    const orgs = world.organisations;
    const initial = orgs.members[0];
    membersMonth(world, world.scenario.from, 1e9);
    expect(orgs.members[0]).toBeCloseTo(0.1 * initial, 9);
    expect(orgs.arrests[0]).toBe(0);
  });

  // Regression: a recruitment lag of 0 once behaved like a lag of 1.
  it("with a recruitment lag of 0, replacements arrive in the month of the arrests", () => {
    const world = quietWorld(0);
    const initial = world.organisations.members[0];
    membersMonth(world, world.scenario.from, 100);
    expect(world.organisations.members[0]).toBeCloseTo(initial - 5, 9);
  });

  it("in the full model: a military offensive arrests VRAEM members, recruitment restores them after it ends", () => {
    const offensive = {
      kind: "military-offensive" as const,
      from: month("2018-02"),
      to: month("2018-04"),
      intensity: 3,
    };
    const parameters = { "organisations.recruitmentSuccess": 1 };
    const base = startRun(makeScenario({ to: "2018-12", seed: 4, parameters }));
    const hit = startRun(makeScenario({ to: "2018-12", seed: 4, parameters, policies: [offensive] }));
    const vraem = zoneOf(base.world, "VRAEM");
    const orgs = base.world.organisations;
    const vraemOrgs = Array.from(
      orgs.zoneOrgs.targets.subarray(orgs.zoneOrgs.offsets[vraem], orgs.zoneOrgs.offsets[vraem + 1]),
    );
    const others = Array.from({ length: orgs.count }, (_, o) => o).filter((o) => !vraemOrgs.includes(o));
    const membersOf = (world: World, which: number[]) =>
      which.reduce((s, o) => s + world.organisations.members[o], 0);
    const gap: number[] = [];
    let arrestsGap = 0;
    while (base.next <= base.scenario.to) {
      stepMonth(base);
      stepMonth(hit);
      gap.push(membersOf(base.world, vraemOrgs) - membersOf(hit.world, vraemOrgs));
      arrestsGap += hit.world.month.arrests - base.world.month.arrests;
    }
    // state.offensiveArrestsPerMonth (40) × intensity 3 in each of 3 months.
    expect(arrestsGap).toBeGreaterThan(0.8 * 360);
    expect(gap[1]).toBeGreaterThan(100); // Feb
    expect(gap[3]).toBeGreaterThan(gap[1]); // Apr: three waves, none back yet
    // Lag 4: Feb's wave is back in June, all three by August.
    expect(gap[7]).toBeLessThan(0.1 * gap[3]);
    expect(Math.abs(gap[11])).toBeLessThan(0.1 * gap[3]);
    // Organisations of other zones hardly notice.
    const otherGap = Math.abs(membersOf(base.world, others) - membersOf(hit.world, others));
    expect(otherGap).toBeLessThan(0.2 * gap[3]);
    expect(sum(hit.world.organisations.members)).toBeGreaterThan(0);
  });
});
