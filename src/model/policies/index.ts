/** Policy and event factories by kind. Adding a kind: one file here, its test, the schema and docs/scenarios.md. */
import type { Policy, ScenarioEvent } from "../../scenario/types.ts";
import type { Component } from "../component.ts";
import { airInterdiction } from "./air-interdiction.ts";
import { alternativeDevelopment } from "./alternative-development.ts";
import { checkpoints } from "./checkpoints.ts";
import { eradication } from "./eradication.ts";
import { labRaids } from "./lab-raids.ts";
import { militaryOffensive } from "./military-offensive.ts";
import { portControls } from "./port-controls.ts";
import { riverPatrols } from "./river-patrols.ts";
import { transportShock } from "./transport-shock.ts";

export function policyComponent(policy: Policy): Component {
  switch (policy.kind) {
    case "eradication":
      return eradication(policy);
    case "lab-raids":
      return labRaids(policy);
    case "alternative-development":
      return alternativeDevelopment(policy);
    case "checkpoints":
      return checkpoints(policy);
    case "port-controls":
      return portControls(policy);
    case "river-patrols":
      return riverPatrols(policy);
    case "air-interdiction":
      return airInterdiction(policy);
    case "military-offensive":
      return militaryOffensive(policy);
  }
}

export function eventComponent(event: ScenarioEvent): Component {
  switch (event.kind) {
    case "transport-shock":
      return transportShock(event);
  }
}
