/**
 * Alternative development: each zone's budget supports budget / cost-per-family
 * families at a time. New families are enrolled from coca growers first (then
 * other households), in slot order from a rotating cursor; their licit return
 * rises by `state.alternativeDevelopmentBoostUsdPerHaYear` only once support is
 * delivered, after the lag, and lasts `state.alternativeDevelopmentYears`.
 */
import type { World } from "../world.ts";

export function alternativeDevelopmentStep(world: World): void {
  const { households: h, zones, levers, params } = world;
  const t = world.now;
  const perFamily = params["state.alternativeDevelopmentUsdPerFamilyYear"];
  const duration = Math.round(params["state.alternativeDevelopmentYears"] * 12);
  for (let z = 0; z < zones.defs.length; z++) {
    const capacity = Math.floor(levers.adBudgetUsdPerYear[z] / perFamily);
    let missing = capacity - zones.adFamilies[z];
    if (missing <= 0) continue;
    const start = h.zoneStart[z];
    const active = h.zoneActive[z];
    if (active === 0) continue;
    const lag = Math.round(levers.adLagMonths[z]);
    // Two passes: growers first, then anyone not yet supported.
    for (let pass = 0; pass < 2 && missing > 0; pass++) {
      const offset = t % active;
      for (let k = 0; k < active && missing > 0; k++) {
        const i = start + ((offset + k) % active);
        if (h.adUntil[i] > t) continue;
        if (pass === 0 && h.matureHa[i] + h.youngHa[i] <= 0) continue;
        h.adFrom[i] = t + lag;
        h.adUntil[i] = t + lag + duration;
        missing--;
      }
    }
    zones.adFamilies[z] = capacity - Math.max(0, missing);
  }
}
