/** Policy `river-patrols`: River and lake patrols (Ucayali, Huallaga, Amazon, Putumayo, Titicaca); intensity scales the status-quo level on the legs it applies to. */
import type { Component } from "../component.ts";
import { type InterdictionOptions, interdiction } from "./interdiction.ts";

export type RiverPatrolsOptions = InterdictionOptions;

export function riverPatrols(options: RiverPatrolsOptions): Component {
  return interdiction("river-patrols", ["river", "lake"], options);
}
