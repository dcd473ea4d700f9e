import { describe, expect, it } from "vitest";
import { row } from "../../core/csr.ts";
import { TRANSPORT_MODES } from "../../scenario/types.ts";
import { defaultParameters } from "../parameters.ts";
import { ZONES } from "../zones/zones.ts";
import { buildNetwork, haversineKm } from "./network.ts";
import { createOrganisations, zoneRouteOffsets } from "./organisations.ts";

const params = defaultParameters();
const network = buildNetwork(params);
const { routes, nodes } = network;
const isExit = (node: number) => nodes[node].exitPriceUsdPerKg !== undefined;

describe("trafficking network", () => {
  it("has unique node ids, and every edge joins two known nodes", () => {
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    for (let e = 0; e < network.edges.length; e++) {
      expect(nodes[network.edgeFrom[e]].id).toBe(network.edges[e].from);
      expect(nodes[network.edgeTo[e]].id).toBe(network.edges[e].to);
      expect(TRANSPORT_MODES[network.edgeMode[e]]).toBe(network.edges[e].mode);
      expect(network.edgeKm[e]).toBeGreaterThan(0);
      expect(network.edgeCostUsdPerKg[e]).toBeGreaterThan(0);
      expect(network.edgeCapacityKg[e]).toBeGreaterThan(0);
      expect(network.edgeBaseHazard[e]).toBeGreaterThan(0);
      expect(network.edgeBaseHazard[e]).toBeLessThanOrEqual(0.95);
    }
  });

  it("indexes out-edges by their origin node", () => {
    for (let v = 0; v < nodes.length; v++) {
      for (const e of row(network.outEdges, v)) expect(network.edgeFrom[e]).toBe(v);
    }
    expect(network.outEdges.targets.length).toBe(network.edges.length);
  });

  it("gives every zone a hub that reaches an exit, and at least one route", () => {
    const offsets = zoneRouteOffsets(network, ZONES.length);
    ZONES.forEach((zone, z) => {
      expect(nodes[network.zoneHub[z]].zone, zone.name).toBe(zone.name);
      expect(offsets[z + 1] - offsets[z], `${zone.name} has routes`).toBeGreaterThan(0);
      expect(offsets[z + 1] - offsets[z]).toBeLessThanOrEqual(40);
    });
  });

  it("catalogues routes that are valid edge chains from the zone's hub to an exit", () => {
    expect(routes.count).toBeGreaterThan(ZONES.length);
    for (let r = 0; r < routes.count; r++) {
      const edges = Array.from(row(routes.edges, r));
      const label = routes.labels[r];
      expect(edges.length, label).toBeGreaterThan(0);
      expect(edges.length, label).toBeLessThanOrEqual(8);
      expect(network.edgeFrom[edges[0]], label).toBe(network.zoneHub[routes.originZone[r]]);
      const visited = new Set<number>([network.edgeFrom[edges[0]]]);
      for (let k = 0; k < edges.length; k++) {
        const to = network.edgeTo[edges[k]];
        if (k + 1 < edges.length) {
          expect(network.edgeFrom[edges[k + 1]], label).toBe(to);
          // Routes stop at the first exit they reach.
          expect(isExit(to), label).toBe(false);
        }
        expect(visited.has(to), `${label}: a simple path`).toBe(false);
        visited.add(to);
      }
      const last = network.edgeTo[edges[edges.length - 1]];
      expect(last, label).toBe(routes.exitNode[r]);
      expect(isExit(last), label).toBe(true);
      expect(routes.exitPriceUsdPerKg[r]).toBe(nodes[last].exitPriceUsdPerKg);
      // Cost and main mode follow from the legs.
      const cost = edges.reduce((s, e) => s + network.edgeCostUsdPerKg[e], 0);
      expect(routes.baseCostUsdPerKg[r]).toBeCloseTo(cost, 9);
      const km = new Float64Array(TRANSPORT_MODES.length);
      for (const e of edges) km[network.edgeMode[e]] += network.edgeKm[e];
      expect(km[routes.mainMode[r]]).toBe(Math.max(...km));
      expect(label.split(" → ").length).toBe(edges.length + 1);
    }
  });

  it("keeps routes grouped by zone, best status-quo net-back first, without duplicates", () => {
    for (let r = 1; r < routes.count; r++)
      expect(routes.originZone[r]).toBeGreaterThanOrEqual(routes.originZone[r - 1]);
    const netback = (r: number) => {
      let survive = 1;
      for (const e of row(routes.edges, r)) survive *= 1 - network.edgeBaseHazard[e];
      return survive * routes.exitPriceUsdPerKg[r] - routes.baseCostUsdPerKg[r];
    };
    const seen = new Set<string>();
    for (let r = 0; r < routes.count; r++) {
      const key = `${routes.originZone[r]}:${Array.from(row(routes.edges, r)).join(",")}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      if (r > 0 && routes.originZone[r] === routes.originZone[r - 1]) {
        expect(netback(r)).toBeLessThanOrEqual(netback(r - 1) + 1e-9);
      }
    }
  });

  it("every zone has a route with a positive status-quo net-back", () => {
    const offsets = zoneRouteOffsets(network, ZONES.length);
    ZONES.forEach((zone, z) => {
      const r = offsets[z];
      let survive = 1;
      for (const e of row(routes.edges, r)) survive *= 1 - network.edgeBaseHazard[e];
      expect(survive * routes.exitPriceUsdPerKg[r] - routes.baseCostUsdPerKg[r], zone.name).toBeGreaterThan(
        0,
      );
    });
  });

  it("applies the capacity and hazard multipliers, hazards capped at 0.95", () => {
    const scaled = buildNetwork({
      ...params,
      "network.capacityMultiplier": 2,
      "network.hazardMultiplier": 1000,
    });
    for (let e = 0; e < network.edges.length; e++) {
      expect(scaled.edgeCapacityKg[e]).toBeCloseTo(2 * network.edgeCapacityKg[e], 9);
      expect(scaled.edgeBaseHazard[e]).toBe(0.95);
    }
    // Same legs, so the same policies apply; routes may be re-ranked.
    expect(scaled.edges).toBe(network.edges);
  });

  it("measures great-circle distances", () => {
    expect(haversineKm(0, 0, 0, 0)).toBe(0);
    // One degree of latitude ≈ 111.2 km.
    expect(haversineKm(0, 0, 1, 0)).toBeCloseTo(111.19, 1);
    // Lima → Cusco ≈ 574 km.
    expect(haversineKm(-12.0464, -77.0428, -13.532, -71.9675)).toBeGreaterThan(565);
    expect(haversineKm(-12.0464, -77.0428, -13.532, -71.9675)).toBeLessThan(585);
    expect(haversineKm(10, 20, -5, 40)).toBeCloseTo(haversineKm(-5, 40, 10, 20), 9);
  });

  it("gives each organisation routes it knows in every home zone", () => {
    const orgs = createOrganisations(network, params, ZONES);
    expect(orgs.count).toBe(14);
    const offsets = zoneRouteOffsets(network, ZONES.length);
    for (let o = 0; o < orgs.count; o++) {
      const homes = Array.from(row(orgs.homeZones, o));
      expect(homes.length).toBeGreaterThan(0);
      for (const z of homes) {
        let known = 0;
        for (let r = offsets[z]; r < offsets[z + 1]; r++) known += orgs.known[o * routes.count + r];
        expect(known, `org ${o} in ${ZONES[z].name}`).toBeGreaterThan(0);
        expect(Array.from(row(orgs.zoneOrgs, z))).toContain(o);
      }
    }
    // Every zone is someone's home.
    ZONES.forEach((zone, z) => {
      expect(row(orgs.zoneOrgs, z).length, zone.name).toBeGreaterThan(0);
    });
  });
});
