/**
 * Turns the month's lever levels into effects and spending:
 * - detection hazard on each edge: p = 1 − (1 − p0)^L, with p0 the edge's base
 *   hazard and L the level of the lever that governs its mode, raised on foot and
 *   road legs leaving a zone under military offensive and lowered where the armed
 *   group protects the trade;
 * - spending by lever kind, USD, from the status-quo annual costs scaled by level.
 */

import type { World } from "../world.ts";
import { leverIndex } from "./levers.ts";

const FOOT = 3;
const ROAD = 0;

export function leverEffectsStep(world: World): void {
  const { levers, network, zones, params, month } = world;
  const protection = params["trafficking.armedProtection"];
  const offensiveHazard = params["state.offensiveHazardMultiplier"];
  const ne = network.edges.length;
  const levelSum = new Float64Array(levers.kinds.length);
  const edgeCount = new Float64Array(levers.kinds.length);
  for (let e = 0; e < ne; e++) {
    let level = levers.edgeLevel[e];
    const lever = levers.edgeLever[e];
    levelSum[lever] += level;
    edgeCount[lever] += 1;
    const z = network.edgeZone[e];
    const mode = network.edgeMode[e];
    if (z >= 0 && (mode === FOOT || mode === ROAD)) {
      level *= 1 + offensiveHazard * levers.offensive[z];
      level *= 1 - protection * zones.armedControl[z];
    }
    const p0 = network.edgeBaseHazard[e];
    levers.edgeHazard[e] = level <= 0 ? 0 : 1 - (1 - p0) ** level;
  }
  const spend = month.spendingUsd;
  const perYear = (usd: number) => usd / 12;
  const edgeCost = (kind: Parameters<typeof leverIndex>[0], annual: number) => {
    const k = leverIndex(kind);
    spend[k] += edgeCount[k] > 0 ? perYear(annual) * (levelSum[k] / edgeCount[k]) : 0;
  };
  edgeCost("checkpoints", params["state.checkpointsUsdPerYear"]);
  edgeCost("port-controls", params["state.portControlsUsdPerYear"]);
  edgeCost("river-patrols", params["state.riverPatrolsUsdPerYear"]);
  edgeCost("air-interdiction", params["state.airInterdictionUsdPerYear"]);
  let raids = 0;
  let offensive = 0;
  let ad = 0;
  let eradication = 0;
  for (let z = 0; z < zones.defs.length; z++) {
    raids += levers.labRaids[z];
    offensive += levers.offensive[z];
    ad += levers.adBudgetUsdPerYear[z];
    eradication += levers.eradicationHa[z];
  }
  const baselineRaids = params["state.labRaidsPerYear"] / 12;
  spend[leverIndex("lab-raids")] +=
    baselineRaids > 0 ? perYear(params["state.labRaidsUsdPerYear"]) * (raids / baselineRaids) : 0;
  spend[leverIndex("military-offensive")] += perYear(params["state.offensiveUsdPerYear"]) * offensive;
  spend[leverIndex("alternative-development")] += perYear(ad);
  // Eradication is paid for the hectares attempted: brigades deployed where the armed group blocks them still cost.
  spend[leverIndex("eradication")] += eradication * params["state.eradicationUsdPerHa"];
}
