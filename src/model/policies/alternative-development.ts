/**
 * Policy `alternative-development`: scales the status-quo budget in the zones it
 * names, or sets a yearly budget (`budgetUsdPerYear`) spread by coca area; an
 * optional `deliveryLagMonths` changes how long support takes to arrive.
 */
import type { AlternativeDevelopmentPolicy } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { isActive, matchingZones, spread } from "./where.ts";

export type AlternativeDevelopmentOptions = Omit<AlternativeDevelopmentPolicy, "kind">;

export function alternativeDevelopment(options: AlternativeDevelopmentOptions): Component {
  return {
    name: "policy:alternative-development",
    step(world) {
      if (!isActive(options, world.now)) return;
      const { levers, zones } = world;
      const selected = matchingZones(world, options.where);
      if (options.budgetUsdPerYear !== undefined) {
        spread(
          levers.adBudgetUsdPerYear,
          selected,
          options.budgetUsdPerYear * options.intensity,
          (z) => zones.matureHa[z] + zones.youngHa[z],
        );
      } else {
        for (const z of selected) levers.adBudgetUsdPerYear[z] *= options.intensity;
      }
      if (options.deliveryLagMonths !== undefined) {
        for (const z of selected) levers.adLagMonths[z] = options.deliveryLagMonths;
      }
    },
  };
}
