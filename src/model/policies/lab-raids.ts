/**
 * Policy `lab-raids`: scales the status-quo raids (labs destroyed) in the zones it
 * names, or sets a yearly number of labs (`labsPerYear`) spread by production.
 */
import type { LabRaidsPolicy } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { isActive, matchingZones, spread } from "./where.ts";

export type LabRaidsOptions = Omit<LabRaidsPolicy, "kind">;

export function labRaids(options: LabRaidsOptions): Component {
  return {
    name: "policy:lab-raids",
    step(world) {
      if (!isActive(options, world.now)) return;
      const { levers, zones } = world;
      const selected = matchingZones(world, options.where);
      if (options.labsPerYear !== undefined) {
        spread(
          levers.labRaids,
          selected,
          (options.labsPerYear / 12) * options.intensity,
          (z) => zones.productionAvgKg[z],
        );
      } else {
        for (const z of selected) levers.labRaids[z] *= options.intensity;
      }
    },
  };
}
