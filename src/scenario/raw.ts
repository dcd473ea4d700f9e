/**
 * The scenario as written in a file (YAML or JSON), after parsing and
 * validation but before `extends`, defaults and month conversion
 * (src/scenario/resolve.ts turns it into a ResolvedScenario). Months are "YYYY-MM".
 */
import type { TransportMode } from "./types.ts";

/**
 * Parameter overrides: dotted paths (`"growers.logitScaleUsd": 900`,
 * `"zones.VRAEM.statePresence": 0.6`) or the same paths as nested mappings
 * (`growers: { logitScaleUsd: 900 }`, `zones: { VRAEM: { statePresence: 0.6 } }`).
 */
export interface RawParameters {
  readonly [key: string]: number | RawParameters | undefined;
}

export interface RawWhere {
  /** Zone names or aliases (src/model/zones/zones.ts). */
  readonly zones?: readonly string[];
  readonly departments?: readonly string[];
  readonly modes?: readonly TransportMode[];
}

interface RawTimeBounded {
  readonly from: string;
  readonly to?: string;
  readonly where?: RawWhere;
}

interface RawPolicyBase extends RawTimeBounded {
  readonly intensity?: number;
}

export interface RawEradicationPolicy extends RawPolicyBase {
  readonly kind: "eradication";
  readonly hectaresPerYear?: number;
}
export interface RawLabRaidsPolicy extends RawPolicyBase {
  readonly kind: "lab-raids";
  readonly labsPerYear?: number;
}
export interface RawAlternativeDevelopmentPolicy extends RawPolicyBase {
  readonly kind: "alternative-development";
  readonly budgetUsdPerYear?: number;
  readonly deliveryLagMonths?: number;
}
export interface RawSimplePolicy extends RawPolicyBase {
  readonly kind:
    | "checkpoints"
    | "port-controls"
    | "river-patrols"
    | "air-interdiction"
    | "military-offensive";
}
export type RawPolicy =
  | RawEradicationPolicy
  | RawLabRaidsPolicy
  | RawAlternativeDevelopmentPolicy
  | RawSimplePolicy;

export interface RawTransportShock extends RawTimeBounded {
  readonly kind: "transport-shock";
  readonly severity: number;
}
export type RawEvent = RawTransportShock;

export interface RawScenario {
  /** JSON Schema reference for editors; ignored. */
  readonly $schema?: string;
  /** Required unless `extends` gives it. */
  readonly name?: string;
  readonly description?: string;
  /** Name of a built-in scenario (src/scenario/builtin) this one builds on. */
  readonly extends?: string;
  /** Required unless `extends` gives it. */
  readonly period?: { readonly from: string; readonly to: string };
  /** Required unless `extends` gives it. */
  readonly seed?: number;
  readonly parameters?: RawParameters;
  readonly policies?: readonly RawPolicy[];
  readonly events?: readonly RawEvent[];
}
