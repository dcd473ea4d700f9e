/**
 * The dynamics of issue #3 §4 on a small ensemble (8 paired seeds each); the
 * full-size check (24 seeds) is `node --import tsx scripts/dynamics.ts`, whose
 * figures are in docs/validation.md.
 */
import { describe, expect, it } from "vitest";
import {
  balloon,
  blockedExits,
  type DynamicsCheck,
  eradicationPause,
  offensive,
  routeDisplacement,
} from "../../src/calibration/dynamics.ts";
import { simulate } from "../../src/model/simulate.ts";
import { loadBuiltin } from "../../src/scenario/resolve.ts";

const loaded = loadBuiltin("peru");
if (!loaded.ok) throw new Error("peru does not load");
const peru = loaded.scenario;
const seeds = [101, 102, 103, 104, 105, 106, 107, 108];
const run = (scenario: Parameters<typeof simulate>[0]) => simulate(scenario);

function expectAll(check: DynamicsCheck): void {
  for (const condition of check.conditions) expect(condition.passed, condition.text).toBe(true);
}

describe("dynamics the model must reproduce", () => {
  it("route displacement: tripled road checkpoints shift exports to river and air, and cut them far less than static seizures suggest", () => {
    expectAll(routeDisplacement(run, peru, seeds));
  });

  it("offensive: arrests rise sharply, VRAEM hectares move only a few percent", () => {
    expectAll(offensive(run, peru, seeds));
  });

  it("eradication pause: hectares grow in the zones that had been eradicated", () => {
    expectAll(eradicationPause(run, peru, seeds));
  });

  it("balloon: concentrated eradication moves planting elsewhere; the national cut is far smaller", () => {
    expectAll(balloon(run, peru, seeds));
  });

  it("blocked exits: a transport blockage crashes farm-gate prices", () => {
    expectAll(blockedExits(run, peru, seeds));
  });
});
