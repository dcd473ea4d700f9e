/**
 * The state's levers for the current month. The status quo (status-quo.ts)
 * fills them at the start of each month, the scenario's policies (src/model/policies/)
 * scale them where and when they apply, and lever-effects.ts turns them into
 * detection hazards and spending.
 */
import { POLICY_KINDS, type PolicyKind } from "../../scenario/types.ts";
import type { Network } from "../trafficking/network.ts";

export interface Levers {
  readonly kinds: readonly PolicyKind[];
  /** Hectares to eradicate this month, by zone. */
  readonly eradicationHa: Float64Array;
  /** Labs to raid this month, by zone. */
  readonly labRaids: Float64Array;
  /** Military offensive level by zone (1 = one standard offensive). */
  readonly offensive: Float64Array;
  /** Alternative-development budget by zone, USD/yr, and delivery lag, months. */
  readonly adBudgetUsdPerYear: Float64Array;
  readonly adLagMonths: Float64Array;
  /** Interdiction lever level on each edge (1 = status quo) for the lever that governs its mode. */
  readonly edgeLevel: Float64Array;
  /** Capacity multiplier on each edge (events such as transport shocks). */
  readonly edgeCapacity: Float64Array;
  /** Effective probability that a shipment on the edge is seized this month. */
  readonly edgeHazard: Float64Array;
  /** Lever kind index (into kinds) that governs each edge. */
  readonly edgeLever: Uint8Array;
}

export function leverIndex(kind: PolicyKind): number {
  return POLICY_KINDS.indexOf(kind);
}

/**
 * Which lever governs a mode. Foot columns move off the roads, through the forest:
 * police checkpoints do not reach them; military offensives do (lever-effects.ts).
 */
export function leverForMode(mode: string): PolicyKind {
  switch (mode) {
    case "road":
      return "checkpoints";
    case "foot":
      return "military-offensive";
    case "sea":
      return "port-controls";
    case "river":
    case "lake":
      return "river-patrols";
    default:
      return "air-interdiction";
  }
}

export function createLevers(network: Network, zones: number): Levers {
  const ne = network.edges.length;
  const edgeLever = new Uint8Array(ne);
  network.edges.forEach((edge, e) => {
    edgeLever[e] = leverIndex(leverForMode(edge.mode));
  });
  return {
    kinds: POLICY_KINDS,
    eradicationHa: new Float64Array(zones),
    labRaids: new Float64Array(zones),
    offensive: new Float64Array(zones),
    adBudgetUsdPerYear: new Float64Array(zones),
    adLagMonths: new Float64Array(zones),
    edgeLevel: new Float64Array(ne),
    edgeCapacity: new Float64Array(ne),
    edgeHazard: new Float64Array(ne),
    edgeLever,
  };
}
