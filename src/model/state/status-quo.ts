/**
 * Status-quo levels of every lever for the month, before the scenario's policies:
 * the recorded eradication allocated to eradicable zones by their coca area, lab
 * raids by production, no military offensive (the standing VRAEM presence is part
 * of the armed-group balance), the alternative-development budget by coca area,
 * interdiction at level 1 on every edge, full capacity.
 */
import type { World } from "../world.ts";
import { NOT_ERADICATED_ZONES, statusQuoEradicationHa } from "./eradication-schedule.ts";

export function statusQuoStep(world: World): void {
  const { levers, zones, params } = world;
  const nz = zones.defs.length;
  const total = statusQuoEradicationHa(world.now, params["state.eradicationFutureHaPerYear"]);
  let weight = 0;
  let production = 0;
  let area = 0;
  for (let z = 0; z < nz; z++) {
    const standing = zones.matureHa[z] + zones.youngHa[z];
    area += standing;
    if (!NOT_ERADICATED_ZONES.has(zones.defs[z].name)) weight += standing;
    production += zones.productionAvgKg[z] * zones.statePresence[z];
  }
  const raids = params["state.labRaidsPerYear"] / 12;
  const adBudget = params["state.alternativeDevelopmentUsdPerYear"];
  for (let z = 0; z < nz; z++) {
    const standing = zones.matureHa[z] + zones.youngHa[z];
    const eradicable = NOT_ERADICATED_ZONES.has(zones.defs[z].name) ? 0 : standing;
    levers.eradicationHa[z] = weight > 0 ? (total * eradicable) / weight : 0;
    levers.labRaids[z] =
      production > 0 ? (raids * zones.productionAvgKg[z] * zones.statePresence[z]) / production : 0;
    levers.offensive[z] = 0;
    levers.adBudgetUsdPerYear[z] = area > 0 ? (adBudget * standing) / area : 0;
    levers.adLagMonths[z] = params["state.alternativeDevelopmentLagMonths"];
  }
  levers.edgeLevel.fill(1);
  levers.edgeCapacity.fill(1);
}
