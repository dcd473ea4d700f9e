/** Policy `air-interdiction`: Air interdiction and airstrip destruction (the air bridge to Bolivia); intensity scales the status-quo level on the legs it applies to. */
import type { Component } from "../component.ts";
import { type InterdictionOptions, interdiction } from "./interdiction.ts";

export type AirInterdictionOptions = InterdictionOptions;

export function airInterdiction(options: AirInterdictionOptions): Component {
  return interdiction("air-interdiction", ["air"], options);
}
