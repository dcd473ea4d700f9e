/**
 * Status-quo levels of every lever for the month, before the scenario's policies:
 * the recorded eradication allocated to eradicable zones (by the recorded department
 * split where known, and within it by their coca area at the start of the year), lab
 * raids by production, no military offensive (the standing VRAEM presence is part
 * of the armed-group balance), the alternative-development budget by coca area,
 * interdiction at level 1 on every edge, full capacity.
 */
import { monthOfYear, yearOf } from "../../core/time.ts";
import type { World } from "../world.ts";
import { allocateStatusQuoEradication, statusQuoEradicationHa } from "./eradication-schedule.ts";

export function statusQuoStep(world: World): void {
  const { levers, zones, params } = world;
  const nz = zones.defs.length;
  const standing = new Float64Array(nz);
  let area = 0;
  let production = 0;
  for (let z = 0; z < nz; z++) {
    standing[z] = zones.matureHa[z] + zones.youngHa[z];
    area += standing[z];
    production += zones.productionAvgKg[z] * zones.statePresence[z];
  }
  // The year's plan follows the coca standing when it is drawn up (in January, or
  // at the start of a run): brigades are sent where monitoring last found coca.
  if (world.now === world.scenario.from || monthOfYear(world.now) === 0)
    zones.eradicationWeight.set(standing);
  const total = statusQuoEradicationHa(world.now, params["state.eradicationFutureHaPerYear"]);
  allocateStatusQuoEradication(
    total,
    yearOf(world.now),
    zones.defs,
    zones.eradicationWeight,
    levers.eradicationHa,
  );
  const raids = params["state.labRaidsPerYear"] / 12;
  const adBudget = params["state.alternativeDevelopmentUsdPerYear"];
  for (let z = 0; z < nz; z++) {
    levers.labRaids[z] =
      production > 0 ? (raids * zones.productionAvgKg[z] * zones.statePresence[z]) / production : 0;
    levers.offensive[z] = 0;
    levers.adBudgetUsdPerYear[z] = area > 0 ? (adBudget * standing[z]) / area : 0;
    levers.adLagMonths[z] = params["state.alternativeDevelopmentLagMonths"];
  }
  levers.edgeLevel.fill(1);
  levers.edgeCapacity.fill(1);
}
