/**
 * Builds the trafficking network from src/model/trafficking/network-data.ts into
 * typed arrays: edges as struct-of-arrays, out-edges as CSR, and the catalogue of
 * candidate routes (zone hub → exit) as CSR over edge ids.
 */
import { buildCsr, type Csr } from "../../core/csr.ts";
import { TRANSPORT_MODES, type TransportMode } from "../../scenario/types.ts";
import type { ParameterValues } from "../parameters.ts";
import { ZONES } from "../zones/zones.ts";
import { EDGES, type EdgeData, NODES, type NodeData } from "./network-data.ts";

export interface Network {
  readonly nodes: readonly NodeData[];
  readonly edges: readonly EdgeData[];
  /** Per edge: index into TRANSPORT_MODES. */
  readonly edgeMode: Uint8Array;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeKm: Float64Array;
  readonly edgeCostUsdPerKg: Float64Array;
  readonly edgeCapacityKg: Float64Array;
  readonly edgeBaseHazard: Float64Array;
  readonly edgeShipmentKg: Float64Array;
  /** Zone index of the edge's origin node, or -1. */
  readonly edgeZone: Int16Array;
  readonly outEdges: Csr;
  /** Node index of each zone's hub. */
  readonly zoneHub: Int32Array;
  readonly routes: RouteCatalogue;
}

export interface RouteCatalogue {
  readonly count: number;
  /** Route → its edges in travel order. */
  readonly edges: Csr;
  readonly originZone: Int16Array;
  readonly exitNode: Int32Array;
  readonly exitPriceUsdPerKg: Float64Array;
  /** Status-quo transport cost along the route, USD/kg. */
  readonly baseCostUsdPerKg: Float64Array;
  /** Mode that carries the longest distance of the route (for reporting). */
  readonly mainMode: Uint8Array;
  /** Human-readable label, e.g. "VRAEM → Ayacucho → Lima → Callao → Overseas". */
  readonly labels: readonly string[];
}

/** Great-circle distance in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6371;
  const dLat = ((lat2 - lat1) * Math.PI) / 180;
  const dLon = ((lon2 - lon1) * Math.PI) / 180;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos((lat1 * Math.PI) / 180) * Math.cos((lat2 * Math.PI) / 180) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

const MAX_ROUTE_EDGES = 8;
const MAX_ROUTES_PER_ZONE = 40;
const MAX_ROUTES_PER_EXIT = 3;

export function buildNetwork(params: ParameterValues): Network {
  const nodeIndex = new Map<string, number>();
  NODES.forEach((node, i) => {
    if (nodeIndex.has(node.id)) throw new Error(`duplicate node id ${node.id}`);
    nodeIndex.set(node.id, i);
  });
  const zoneIndexByName = new Map(ZONES.map((zone, i) => [zone.name, i]));
  const n = EDGES.length;
  const edgeMode = new Uint8Array(n);
  const edgeFrom = new Int32Array(n);
  const edgeTo = new Int32Array(n);
  const edgeKm = new Float64Array(n);
  const edgeCost = new Float64Array(n);
  const edgeCapacity = new Float64Array(n);
  const edgeHazard = new Float64Array(n);
  const edgeShipment = new Float64Array(n);
  const edgeZone = new Int16Array(n);
  EDGES.forEach((edge, e) => {
    const from = nodeIndex.get(edge.from);
    const to = nodeIndex.get(edge.to);
    if (from === undefined || to === undefined) throw new Error(`edge ${edge.from}→${edge.to}: unknown node`);
    const mode = edge.mode;
    const a = NODES[from];
    const b = NODES[to];
    edgeMode[e] = TRANSPORT_MODES.indexOf(mode);
    edgeFrom[e] = from;
    edgeTo[e] = to;
    const km = haversineKm(a.lat, a.lon, b.lat, b.lon) * params[`network.${mode}.detour`];
    edgeKm[e] = km;
    edgeCost[e] = params[`network.${mode}.fixedCostUsdPerKg`] + params[`network.${mode}.costUsdPerKgKm`] * km;
    edgeCapacity[e] =
      (edge.capacityKgPerMonth ?? params[`network.${mode}.capacityKgPerMonth`]) *
      params["network.capacityMultiplier"];
    edgeHazard[e] = Math.min(0.95, params[`network.${mode}.baseHazard`] * params["network.hazardMultiplier"]);
    edgeShipment[e] = params[`network.${mode}.shipmentKg`];
    edgeZone[e] = a.zone === undefined ? -1 : (zoneIndexByName.get(a.zone) ?? -1);
  });
  const outEdges = buildCsr(
    NODES.length,
    EDGES.map((_, e) => [edgeFrom[e], e] as const),
  );
  const zoneHub = new Int32Array(ZONES.length);
  ZONES.forEach((zone, z) => {
    const hub = nodeIndex.get(zone.hub);
    if (hub === undefined) throw new Error(`zone ${zone.name}: hub ${zone.hub} is not a network node`);
    zoneHub[z] = hub;
  });
  const routes = enumerateRoutes({
    edgeMode,
    edgeFrom,
    edgeTo,
    edgeKm,
    edgeCost,
    edgeHazard,
    outEdges,
    zoneHub,
  });
  return {
    nodes: NODES,
    edges: EDGES,
    edgeMode,
    edgeFrom,
    edgeTo,
    edgeKm,
    edgeCostUsdPerKg: edgeCost,
    edgeCapacityKg: edgeCapacity,
    edgeBaseHazard: edgeHazard,
    edgeShipmentKg: edgeShipment,
    edgeZone,
    outEdges,
    zoneHub,
    routes,
  };
}

interface RouteInput {
  edgeMode: Uint8Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeKm: Float64Array;
  edgeCost: Float64Array;
  edgeHazard: Float64Array;
  outEdges: Csr;
  zoneHub: Int32Array;
}

/**
 * Every simple path from each zone hub to an exit, up to MAX_ROUTE_EDGES legs; a
 * zone keeps its MAX_ROUTES_PER_ZONE best by status-quo expected net-back. Paths are
 * found by depth-first search in edge order, so the catalogue is deterministic.
 */
function enumerateRoutes(input: RouteInput): RouteCatalogue {
  const { edgeFrom, edgeTo, edgeKm, edgeCost, edgeHazard, edgeMode, outEdges, zoneHub } = input;
  type Found = { zone: number; edges: number[]; exit: number; price: number; cost: number; netback: number };
  const all: Found[] = [];
  for (let z = 0; z < zoneHub.length; z++) {
    const found: Found[] = [];
    const path: number[] = [];
    const onPath = new Uint8Array(NODES.length);
    const visit = (node: number): void => {
      const price = NODES[node].exitPriceUsdPerKg;
      if (price !== undefined && path.length > 0) {
        let cost = 0;
        let survive = 1;
        for (const e of path) {
          cost += edgeCost[e];
          survive *= 1 - edgeHazard[e];
        }
        found.push({ zone: z, edges: [...path], exit: node, price, cost, netback: survive * price - cost });
        return;
      }
      if (path.length >= MAX_ROUTE_EDGES) return;
      onPath[node] = 1;
      for (let k = outEdges.offsets[node]; k < outEdges.offsets[node + 1]; k++) {
        const e = outEdges.targets[k];
        const next = edgeTo[e];
        if (onPath[next]) continue;
        path.push(e);
        visit(next);
        path.pop();
      }
      onPath[node] = 0;
    };
    visit(zoneHub[z]);
    // Stable sort: best net-back first, ties in discovery order. At most
    // MAX_ROUTES_PER_EXIT variants per exit are kept, so that an outlet reached by
    // many near-identical paths (the Pacific ports) does not crowd out distinct
    // outlets in the organisations' logit choice (independence of irrelevant alternatives).
    const perExit = new Map<number, number>();
    const kept = found
      .map((f, i) => ({ f, i }))
      .sort((a, b) => b.f.netback - a.f.netback || a.i - b.i)
      .filter(({ f }) => {
        const n = perExit.get(f.exit) ?? 0;
        perExit.set(f.exit, n + 1);
        return n < MAX_ROUTES_PER_EXIT;
      })
      .slice(0, MAX_ROUTES_PER_ZONE)
      .map(({ f }) => f);
    all.push(...kept);
  }
  const count = all.length;
  const originZone = new Int16Array(count);
  const exitNode = new Int32Array(count);
  const exitPrice = new Float64Array(count);
  const baseCost = new Float64Array(count);
  const mainMode = new Uint8Array(count);
  const pairs: (readonly [number, number])[] = [];
  const labels: string[] = [];
  all.forEach((route, r) => {
    originZone[r] = route.zone;
    exitNode[r] = route.exit;
    exitPrice[r] = route.price;
    baseCost[r] = route.cost;
    const kmByMode = new Float64Array(TRANSPORT_MODES.length);
    for (const e of route.edges) {
      pairs.push([r, e]);
      kmByMode[edgeMode[e]] += edgeKm[e];
    }
    let best = 0;
    for (let m = 1; m < kmByMode.length; m++) if (kmByMode[m] > kmByMode[best]) best = m;
    mainMode[r] = best;
    labels.push(
      [NODES[edgeFrom[route.edges[0]]].name, ...route.edges.map((e) => `${NODES[edgeTo[e]].name}`)].join(
        " → ",
      ),
    );
  });
  return {
    count,
    edges: buildCsr(count, pairs),
    originZone,
    exitNode,
    exitPriceUsdPerKg: exitPrice,
    baseCostUsdPerKg: baseCost,
    mainMode,
    labels,
  };
}

export function modeIndex(mode: TransportMode): number {
  return TRANSPORT_MODES.indexOf(mode);
}
