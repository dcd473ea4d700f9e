/**
 * The armed group in the VRAEM (remnants of the Shining Path, the Militarizado
 * PCP-SL): its strength falls under military offensives and recovers toward its
 * initial level, funded by taxing the trade; its control of a zone is the zone's
 * presence scaled by strength. Control blocks eradication (unless escorted),
 * protects foot and road legs, and lets the group tax product leaving the zone.
 */
import type { World } from "../world.ts";

export function armedGroupStep(world: World): void {
  const { armedGroup: g, zones, levers, params } = world;
  let pressure = 0;
  for (let z = 0; z < zones.defs.length; z++) {
    if (zones.armedGroupPresence[z] > 0) pressure += levers.offensive[z];
  }
  const loss = Math.min(1, params["state.offensiveArmedLossPerMonth"] * pressure);
  const recovery = params["armedGroup.recruitmentPerMonth"] * Math.max(0, g.initialStrength - g.strength);
  g.strength = Math.max(0, g.strength * (1 - loss) + recovery);
  const ratio = g.initialStrength > 0 ? Math.min(1, g.strength / g.initialStrength) : 0;
  for (let z = 0; z < zones.defs.length; z++) zones.armedControl[z] = zones.armedGroupPresence[z] * ratio;
}
