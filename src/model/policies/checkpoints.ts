/** Policy `checkpoints`: Police road checkpoints (road legs; foot columns through the forest avoid them); intensity scales the status-quo level on the legs it applies to. */
import type { Component } from "../component.ts";
import { type InterdictionOptions, interdiction } from "./interdiction.ts";

export type CheckpointsOptions = InterdictionOptions;

export function checkpoints(options: CheckpointsOptions): Component {
  return interdiction("checkpoints", ["road"], options);
}
