/** Policy `port-controls`: Container and port controls (sea legs from the Pacific ports); intensity scales the status-quo level on the legs it applies to. */
import type { Component } from "../component.ts";
import { type InterdictionOptions, interdiction } from "./interdiction.ts";

export type PortControlsOptions = InterdictionOptions;

export function portControls(options: PortControlsOptions): Component {
  return interdiction("port-controls", ["sea"], options);
}
