/**
 * Trafficking organisations as agents (struct-of-arrays): their home zones, where
 * they buy product; their members; the routes they know; and their perceived
 * seizure risk on each leg, learned from their own shipments.
 *
 * Organisations are spread over eight clusters of neighbouring zones (each gets at
 * least one) in proportion to the clusters' 2018 hectares.
 */
import { buildCsr, type Csr } from "../../core/csr.ts";
import type { ParameterValues } from "../parameters.ts";
import type { ZoneDefinition } from "../zones/zones.ts";
import type { Network } from "./network.ts";

/** Zones whose product is bought by the same organisations (neighbouring valleys sharing outlets). */
export const ZONE_CLUSTERS: readonly (readonly string[])[] = [
  ["VRAEM"],
  ["La Convención-Lares", "Kosñipata"],
  ["Inambari-Tambopata", "San Gabán", "Madre de Dios"],
  ["Huallaga", "Bajo Huallaga", "Marañón", "Amazonas"],
  ["Aguaytía", "Pichis-Palcazú-Pachitea"],
  ["Callería", "Contamana", "Bajo Ucayali"],
  ["Bajo Amazonas", "Putumayo"],
  ["Otras zonas"],
];

export interface Organisations {
  readonly count: number;
  /** Organisation → its home zones; zone → the organisations buying there. */
  readonly homeZones: Csr;
  readonly zoneOrgs: Csr;
  readonly members: Float64Array;
  readonly initialMembers: Float64Array;
  /** Recruits arriving in future months: a ring of `lag` monthly slots per organisation (at least 1). */
  readonly pipeline: Float64Array;
  readonly pipelineSlots: number;
  /** [org × route]: 1 if the organisation knows the route; month it last carried product. */
  readonly known: Uint8Array;
  readonly lastUsed: Int32Array;
  /** [org × edge]: perceived probability that a shipment on the leg is seized. */
  readonly perceivedHazard: Float64Array;
  /** This month's arrests by organisation. */
  readonly arrests: Float64Array;
}

export function createOrganisations(
  network: Network,
  params: ParameterValues,
  zones: readonly ZoneDefinition[],
): Organisations {
  const n = Math.max(ZONE_CLUSTERS.length, params["trafficking.organisations"] | 0);
  const zoneByName = new Map(zones.map((zone, i) => [zone.name, i]));
  const clusterHa = ZONE_CLUSTERS.map((names) =>
    names.reduce((sum, name) => sum + (zones[zoneByName.get(name) ?? -1]?.hectares2018 ?? 0), 0),
  );
  const totalHa = clusterHa.reduce((a, b) => a + b, 0);
  const perCluster = ZONE_CLUSTERS.map(() => 1);
  for (let extra = n - ZONE_CLUSTERS.length; extra > 0; extra--) {
    let best = 0;
    let bestGap = -Infinity;
    clusterHa.forEach((ha, c) => {
      const gap = (ha / totalHa) * n - perCluster[c];
      if (gap > bestGap) {
        bestGap = gap;
        best = c;
      }
    });
    perCluster[best]++;
  }
  const pairs: (readonly [number, number])[] = [];
  let o = 0;
  ZONE_CLUSTERS.forEach((names, c) => {
    for (let k = 0; k < perCluster[c]; k++, o++) {
      for (const name of names) {
        const z = zoneByName.get(name);
        if (z !== undefined) pairs.push([o, z]);
      }
    }
  });
  const homeZones = buildCsr(n, pairs);
  const zoneOrgs = buildCsr(
    zones.length,
    pairs.map(([org, z]) => [z, org] as const),
  );
  const members = new Float64Array(n).fill(params["trafficking.membersPerOrganisation"]);
  const slots = Math.max(1, params["organisations.recruitmentLagMonths"] | 0);
  const { routes } = network;
  const known = new Uint8Array(n * routes.count);
  const initialRoutes = params["trafficking.initialRoutesPerOrganisation"] | 0;
  // Each organisation starts knowing, for each home zone, the best status-quo route of
  // each exit (routes are catalogued best first), the exits taken best first and the
  // k-th organisation of a zone shifted by k, so that rivals use different outlets and
  // every known outlet of the zone (the air bridge, the rivers, the ports) has users.
  const zoneRouteStart = zoneRouteOffsets(network, zones.length);
  for (let z = 0; z < zones.length; z++) {
    const bestPerExit: number[] = [];
    const seen = new Set<number>();
    for (let r = zoneRouteStart[z]; r < zoneRouteStart[z + 1]; r++) {
      if (seen.has(routes.exitNode[r])) continue;
      seen.add(routes.exitNode[r]);
      bestPerExit.push(r);
    }
    if (bestPerExit.length === 0) continue;
    for (let k = zoneOrgs.offsets[z]; k < zoneOrgs.offsets[z + 1]; k++) {
      const org = zoneOrgs.targets[k];
      const rank = k - zoneOrgs.offsets[z];
      for (let j = 0; j < Math.min(initialRoutes, bestPerExit.length); j++) {
        known[org * routes.count + bestPerExit[(rank + j) % bestPerExit.length]] = 1;
      }
    }
  }
  const ne = network.edges.length;
  const perceivedHazard = new Float64Array(n * ne);
  for (let org = 0; org < n; org++) perceivedHazard.set(network.edgeBaseHazard, org * ne);
  return {
    count: n,
    homeZones,
    zoneOrgs,
    members,
    initialMembers: members.slice(),
    pipeline: new Float64Array(n * slots),
    pipelineSlots: slots,
    known,
    lastUsed: new Int32Array(n * routes.count),
    perceivedHazard,
    arrests: new Float64Array(n),
  };
}

/** Routes are catalogued zone by zone; returns the first route of each zone (length zones + 1). */
export function zoneRouteOffsets(network: Network, zones: number): Int32Array {
  const offsets = new Int32Array(zones + 1);
  const { routes } = network;
  for (let r = 0; r < routes.count; r++) offsets[routes.originZone[r] + 1]++;
  for (let z = 0; z < zones; z++) offsets[z + 1] += offsets[z];
  return offsets;
}
