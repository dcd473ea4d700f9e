/**
 * The scenario as the model consumes it, after parsing, validation, `extends`
 * and defaults (see src/scenario/resolve.ts). Months are absolute month indices
 * (year·12 + month − 1, src/core/time.ts).
 */

export const TRANSPORT_MODES = ["road", "river", "air", "foot", "lake", "sea"] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const POLICY_KINDS = [
  "eradication",
  "checkpoints",
  "port-controls",
  "river-patrols",
  "air-interdiction",
  "lab-raids",
  "military-offensive",
  "alternative-development",
] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const EVENT_KINDS = ["transport-shock"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface Where {
  /** Canonical DEVIDA zone names. */
  readonly zones?: readonly string[];
  readonly departments?: readonly string[];
  readonly modes?: readonly TransportMode[];
}

interface TimeBounded {
  /** First month the entry is active. */
  readonly from: number;
  /** Last month the entry is active (inclusive); undefined = to the end of the run. */
  readonly to?: number;
  readonly where?: Where;
}

export interface PolicyBase extends TimeBounded {
  readonly kind: PolicyKind;
  /** Multiplies the baseline level of the lever where it applies (0 = off). Default 1. */
  readonly intensity: number;
}

export interface EradicationPolicy extends PolicyBase {
  readonly kind: "eradication";
  /** Replaces the baseline total hectares per year in the zones it applies to. */
  readonly hectaresPerYear?: number;
}
export interface LabRaidsPolicy extends PolicyBase {
  readonly kind: "lab-raids";
  /** Replaces the baseline number of labs destroyed per year in the zones it applies to. */
  readonly labsPerYear?: number;
}
export interface AlternativeDevelopmentPolicy extends PolicyBase {
  readonly kind: "alternative-development";
  /** Replaces the baseline budget (USD/yr) in the zones it applies to. */
  readonly budgetUsdPerYear?: number;
  /** Overrides the delivery lag (months) for families enrolled under this policy. */
  readonly deliveryLagMonths?: number;
}
export interface SimplePolicy extends PolicyBase {
  readonly kind:
    | "checkpoints"
    | "port-controls"
    | "river-patrols"
    | "air-interdiction"
    | "military-offensive";
}
export type Policy = EradicationPolicy | LabRaidsPolicy | AlternativeDevelopmentPolicy | SimplePolicy;

export interface TransportShockEvent extends TimeBounded {
  readonly kind: "transport-shock";
  /** Share of edge capacity lost while the shock lasts (0–1). */
  readonly severity: number;
}
export type ScenarioEvent = TransportShockEvent;

export interface ResolvedScenario {
  readonly name: string;
  readonly description?: string;
  /** Built-in scenario this one extends, if any. */
  readonly extends?: string;
  readonly from: number;
  readonly to: number;
  readonly seed: number;
  /** Overrides by dotted path: global parameters (src/model/parameters.ts) or `zones.<zone>.<field>`. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly policies: readonly Policy[];
  readonly events: readonly ScenarioEvent[];
}
