/** Shared matching rules for a policy's `from`/`to` window and its `where` clause. */
import type { TransportMode, Where } from "../../scenario/types.ts";
import type { World } from "../world.ts";

export interface Window {
  readonly from: number;
  readonly to?: number;
}

export function isActive(window: Window, month: number): boolean {
  return month >= window.from && (window.to === undefined || month <= window.to);
}

/** Zone indices a clause selects: named zones and zones in named departments; all zones when neither is given. */
export function matchingZones(
  world: World,
  where: Where | undefined,
  fallback?: (z: number) => boolean,
): number[] {
  const defs = world.zones.defs;
  const out: number[] = [];
  for (let z = 0; z < defs.length; z++) {
    const byZone = where?.zones?.includes(defs[z].name) ?? false;
    const byDept = where?.departments?.some((d) => defs[z].departments.includes(d)) ?? false;
    const unrestricted = !where?.zones && !where?.departments;
    if (byZone || byDept || (unrestricted && (fallback ? fallback(z) : true))) out.push(z);
  }
  return out;
}

/** Edge indices a clause selects among edges of the given modes. */
export function matchingEdges(
  world: World,
  where: Where | undefined,
  modes: readonly TransportMode[],
): number[] {
  const { network } = world;
  const allowed = where?.modes ? modes.filter((m) => where.modes?.includes(m)) : modes;
  const out: number[] = [];
  network.edges.forEach((edge, e) => {
    if (!allowed.includes(edge.mode)) return;
    if (where?.zones || where?.departments) {
      const a = network.nodes[network.edgeFrom[e]];
      const b = network.nodes[network.edgeTo[e]];
      const inZone = where.zones?.some((z) => a.zone === z || b.zone === z) ?? false;
      const inDept = where.departments?.some((d) => a.department === d || b.department === d) ?? false;
      if (!inZone && !inDept) return;
    }
    out.push(e);
  });
  return out;
}

/** Splits `total` over zones in proportion to weights (evenly when all weights are 0). */
export function spread(
  target: Float64Array,
  zones: readonly number[],
  total: number,
  weight: (z: number) => number,
): void {
  let sum = 0;
  for (const z of zones) sum += weight(z);
  for (const z of zones) target[z] = sum > 0 ? (total * weight(z)) / sum : total / zones.length;
}
