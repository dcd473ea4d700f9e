/**
 * The policy panel's state and its two-way mapping to the scenario's YAML.
 *
 * The panel holds one policy per kind (intensity, zones, from, to). A kind
 * whose intensity is at its default (1: the status quo; 0 for the military
 * offensive, which adds to what is there) is left out of the scenario. Reading
 * a scenario, the first policy of each kind fills that kind's controls; fields
 * the panel has no control for (`hectaresPerYear`, `where.departments`, …) and
 * any further policies of the same kind are kept as they are. Writing (in
 * scenario-tools.ts, which needs the YAML library), the panel replaces the
 * scenario's `policies` list and leaves the rest of the YAML (comments
 * included) alone. Pure: no DOM.
 */
import { ZONE_NAMES, zoneIndex } from "../model/zones/zones.ts";
import type { RawPolicy, RawScenario } from "../scenario/raw.ts";
import { POLICY_KINDS, type PolicyKind } from "../scenario/types.ts";

export const INTENSITY_MIN = 0;
export const INTENSITY_MAX = 5;
export const INTENSITY_STEP = 0.1;

/** Intensity that leaves the lever as in the status quo. */
export const DEFAULT_INTENSITY: Readonly<Record<PolicyKind, number>> = Object.fromEntries(
  POLICY_KINDS.map((kind) => [kind, kind === "military-offensive" ? 0 : 1]),
) as Record<PolicyKind, number>;

/** Default period of a policy set from the panel: the years after the record. */
export const DEFAULT_FROM = "2025-01";
export const DEFAULT_TO = "";

export interface PanelPolicy {
  readonly intensity: number;
  /** Canonical zone names; empty: where the lever applies by default. */
  readonly zones: readonly string[];
  /** "YYYY-MM". */
  readonly from: string;
  /** "YYYY-MM", or "" for the end of the run. */
  readonly to: string;
  /** Fields of the scenario's policy that the panel has no control for, kept as they were. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** `where` fields other than zones (departments, modes), kept as they were. */
  readonly whereExtra?: Readonly<Record<string, unknown>>;
}

export interface PanelModel {
  readonly policies: Readonly<Record<PolicyKind, PanelPolicy>>;
  /** Policies the panel does not show (the second and later of a kind), kept in order. */
  readonly others: readonly RawPolicy[];
}

export const DEFAULT_SCENARIO_YAML = `# A policy scenario on top of the status quo (the built-in "peru").
# Edit it here, or move the controls of the policy panel: they rewrite the
# policies list. See docs/scenarios.md for every field.
name: my-policy
extends: peru
policies: []
`;

export function defaultPolicy(kind: PolicyKind): PanelPolicy {
  return { intensity: DEFAULT_INTENSITY[kind], zones: [], from: DEFAULT_FROM, to: DEFAULT_TO };
}

export function defaultPanel(): PanelModel {
  return {
    policies: Object.fromEntries(POLICY_KINDS.map((kind) => [kind, defaultPolicy(kind)])) as Record<
      PolicyKind,
      PanelPolicy
    >,
    others: [],
  };
}

/** Whether the kind's controls change the scenario. */
export function isActive(kind: PolicyKind, policy: PanelPolicy): boolean {
  return policy.intensity !== DEFAULT_INTENSITY[kind] || policy.extra !== undefined;
}

/** Rounds an intensity to the slider's step (floating point noise off). */
export function roundIntensity(value: number): number {
  const rounded = Number((Math.round(value / INTENSITY_STEP) * INTENSITY_STEP).toFixed(1));
  return Math.min(INTENSITY_MAX, Math.max(INTENSITY_MIN, rounded)) || 0;
}

/** The panel as it reads a (parsed, valid) scenario's own policies. */
export function panelFromScenario(raw: RawScenario): PanelModel {
  const policies = defaultPanel().policies as Record<PolicyKind, PanelPolicy>;
  const seen = new Set<PolicyKind>();
  const others: RawPolicy[] = [];
  for (const policy of raw.policies ?? []) {
    if (seen.has(policy.kind)) {
      others.push(policy);
      continue;
    }
    seen.add(policy.kind);
    const { kind: _kind, intensity, from, to, where, ...rest } = policy;
    const { zones, ...whereRest } = where ?? {};
    const entry: {
      intensity: number;
      zones: string[];
      from: string;
      to: string;
      extra?: Record<string, unknown>;
      whereExtra?: Record<string, unknown>;
    } = {
      intensity: intensity ?? 1,
      zones: (zones ?? []).map((z) => ZONE_NAMES[zoneIndex(z)] ?? z),
      from,
      to: to ?? "",
    };
    if (Object.keys(rest).length > 0) entry.extra = rest;
    if (Object.keys(whereRest).length > 0) entry.whereExtra = whereRest;
    policies[policy.kind] = entry;
  }
  return { policies, others };
}

/** The scenario's `policies` list as the panel writes it. */
export function panelPolicies(model: PanelModel): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const kind of POLICY_KINDS) {
    const p = model.policies[kind];
    if (!isActive(kind, p)) continue;
    const policy: Record<string, unknown> = { kind, from: p.from };
    if (p.to) policy.to = p.to;
    policy.intensity = p.intensity;
    const where: Record<string, unknown> = {};
    if (p.zones.length > 0) where.zones = [...p.zones];
    Object.assign(where, p.whereExtra ?? {});
    if (Object.keys(where).length > 0) policy.where = where;
    Object.assign(policy, p.extra ?? {});
    out.push(policy);
  }
  for (const other of model.others) out.push({ ...other });
  return out;
}
