/**
 * Shared body of the four interdiction policies: scale the lever's level on the
 * legs it governs (optionally only some modes, zones or departments).
 */
import type { SimplePolicy, TransportMode } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { isActive, matchingEdges } from "./where.ts";

export type InterdictionOptions = Omit<SimplePolicy, "kind">;

export function interdiction(
  name: string,
  modes: readonly TransportMode[],
  options: InterdictionOptions,
): Component {
  let edges: number[] | undefined;
  return {
    name: `policy:${name}`,
    step(world) {
      if (!isActive(options, world.now)) return;
      edges ??= matchingEdges(world, options.where, modes);
      for (const e of edges) world.levers.edgeLevel[e] *= options.intensity;
    },
  };
}
