/**
 * Event `transport-shock`: a share `severity` of the capacity of the legs it
 * applies to (all modes by default) is lost while it lasts, as when the 2020
 * pandemic lockdown stopped movement: those legs carry at most that share less of
 * their physical capacity and of what traffickers send over them
 * (trafficking/route-choice.ts), so unsold product piles up at the hubs and
 * depresses prices (prices/prices.ts).
 */
import { TRANSPORT_MODES, type TransportShockEvent } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { isActive, matchingEdges } from "./where.ts";

export type TransportShockOptions = Omit<TransportShockEvent, "kind">;

export function transportShock(options: TransportShockOptions): Component {
  let edges: number[] | undefined;
  return {
    name: "event:transport-shock",
    step(world) {
      if (!isActive(options, world.now)) return;
      edges ??= matchingEdges(world, options.where, TRANSPORT_MODES);
      for (const e of edges) world.levers.edgeCapacity[e] *= 1 - options.severity;
    },
  };
}
