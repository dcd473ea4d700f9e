/**
 * The eradication submodel: brigades remove the month's hectares in each zone by
 * picking coca plots at random (each household's coca is eradicated with
 * probability q = hectares / standing coca, drawn as geometric gaps between hits). Brigades cannot work where the armed
 * group holds territory unless a military offensive escorts them. Eradicated
 * households replant part of their area at once (young plants), as Peruvian
 * growers have done faster than the state eradicates (Reading brief 2020); a
 * share of them leave for other zones instead (the balloon effect's displacement).
 */
import { nextFloat } from "../../core/rng.ts";
import type { World } from "../world.ts";

/** nextFloat aliased once (see growers/households.ts: imports under a CommonJS-compiling loader). */
const uniform = nextFloat;

export function eradicationStep(world: World): void {
  const { households: h, zones, levers, params, month } = world;
  const t = world.now;
  const st = world.rng.state;
  const replant = params["growers.replantShareAfterEradication"];
  const matMin = params["growers.maturationMonthsMin"] | 0;
  const matSpan = Math.max(0, (params["growers.maturationMonthsMax"] | 0) - matMin) + 1;
  const ring = t % 12;
  const migrate = params["growers.migrationAfterEradication"];
  // Where displaced growers go: zones weighted by coca area and low eradication risk.
  const nz = zones.defs.length;
  const pull = new Float64Array(nz);
  let pullSum = 0;
  for (let z = 0; z < nz; z++) {
    const standing = zones.matureHa[z] + zones.youngHa[z];
    const rate = standing > 1 ? Math.min(1, zones.eradicated12m[z] / standing) : 1;
    pull[z] = standing * (1 - rate);
    pullSum += pull[z];
  }
  for (let z = 0; z < nz; z++) {
    const s = world.zoneStreams.eradication[z];
    const escort = Math.min(1, levers.offensive[z]);
    const reach = 1 - zones.armedControl[z] * (1 - escort);
    const target = levers.eradicationHa[z] * reach;
    const standing = zones.matureHa[z] + zones.youngHa[z];
    let done = 0;
    if (target > 0 && standing > 0) {
      const q = Math.min(0.95, target / standing);
      const start = h.zoneStart[z];
      const end = start + h.zoneActive[z];
      let matureRemoved = 0;
      let youngChange = 0;
      // Each coca plot is hit with probability q. Rather than one draw per plot, draw
      // the number of plots skipped before the next hit (geometric), so the cost is
      // in hits, not in households.
      const logMiss = Math.log(1 - q);
      let skip = Math.floor(Math.log(1 - uniform(st, s)) / logMiss);
      for (let i = start; i < end; i++) {
        const ha = h.matureHa[i] + h.youngHa[i];
        if (ha <= 0) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        skip = Math.floor(Math.log(1 - uniform(st, s)) / logMiss);
        done += ha;
        matureRemoved += h.matureHa[i];
        youngChange -= h.youngHa[i];
        h.matureHa[i] = 0;
        h.eradicatedAt[i] = t;
        if (migrate > 0 && pullSum > 0 && uniform(st, s) < migrate) {
          // The household leaves: its farm is abandoned and it settles elsewhere.
          h.youngHa[i] = 0;
          h.farmHa[i] = 0;
          let u = uniform(st, s) * pullSum;
          let dest = 0;
          while (dest < nz - 1 && u >= pull[dest]) u -= pull[dest++];
          h.arrivals[dest] += 1;
          continue;
        }
        h.youngHa[i] = ha * replant;
        youngChange += h.youngHa[i];
        h.youngReady[i] = t + matMin + Math.floor(uniform(st, s) * matSpan);
      }
      // Keep the zone totals equal to the sum over households (replanting included).
      zones.matureHa[z] = Math.max(0, zones.matureHa[z] - matureRemoved);
      zones.youngHa[z] = Math.max(0, zones.youngHa[z] + youngChange);
    }
    month.eradicatedHa[z] = done;
    const slot = z * 12 + ring;
    zones.eradicated12m[z] += done - zones.eradicatedRing[slot];
    zones.eradicatedRing[slot] = done;
  }
}
