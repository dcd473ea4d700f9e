/**
 * Policy `eradication`: scales the status-quo hectares in the zones it names
 * (`intensity`), or sets a yearly total spread over them by coca area
 * (`hectaresPerYear`). Without `where`, a total is spread over the zones the
 * status quo eradicates; naming the VRAEM sends brigades there (they still need a
 * military offensive to work in armed-group territory).
 */
import type { EradicationPolicy } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { NOT_ERADICATED_ZONES } from "../state/eradication-schedule.ts";
import { isActive, matchingZones, spread } from "./where.ts";

export type EradicationOptions = Omit<EradicationPolicy, "kind">;

export function eradication(options: EradicationOptions): Component {
  return {
    name: "policy:eradication",
    step(world) {
      if (!isActive(options, world.now)) return;
      const { levers, zones } = world;
      const selected = matchingZones(
        world,
        options.where,
        (z) => !NOT_ERADICATED_ZONES.has(zones.defs[z].name),
      );
      if (options.hectaresPerYear !== undefined) {
        spread(
          levers.eradicationHa,
          selected,
          (options.hectaresPerYear / 12) * options.intensity,
          (z) => zones.matureHa[z] + zones.youngHa[z],
        );
      } else {
        for (const z of selected) levers.eradicationHa[z] *= options.intensity;
      }
    },
  };
}
