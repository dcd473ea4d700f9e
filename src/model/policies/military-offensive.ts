/**
 * Policy `military-offensive`: adds a standard offensive (intensity 1; 2 doubles
 * it) in the zones it names, the VRAEM by default. An offensive arrests members,
 * wears down the armed group, escorts eradication brigades into its territory and
 * raises detection on foot and road legs leaving the zone.
 */
import type { SimplePolicy } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { isActive, matchingZones } from "./where.ts";

export type MilitaryOffensiveOptions = Omit<SimplePolicy, "kind">;

export function militaryOffensive(options: MilitaryOffensiveOptions): Component {
  return {
    name: "policy:military-offensive",
    step(world) {
      if (!isActive(options, world.now)) return;
      const selected = matchingZones(world, options.where, (z) => world.zones.defs[z].name === "VRAEM");
      for (const z of selected) world.levers.offensive[z] += options.intensity;
    },
  };
}
