/**
 * The trafficking submodel's monthly step: organisations buy product in their home
 * zones and spread it over the routes they know by expected margin,
 *
 *   margin_r = P_exit·(1 − a·ρ̂_r) − cost_r − tax_z − P_zone,   ρ̂_r = 1 − Π_e (1 − p̂_e),
 *
 * with a logit of scale `trafficking.choiceScaleUsdPerKg`; legs have a monthly
 * capacity shared by all organisations, so a full leg spills product onto the next
 * best routes, and a leg under a shock passes only its remaining share of what is
 * sent over it. Each leg seizes a Binomial(shipments, hazard) number of shipments.
 * Organisations then learn: p̂ moves toward the seizure rate they saw on each leg
 * over roughly the past year, and relaxes back toward the public base risk on legs
 * they no longer use, so perceived risk falls as well as rises. When losses pass
 * `trafficking.lossTolerance` of shipped value, or capacity blocked them, they add
 * new routes; routes idle for too long are forgotten. Displacement between modes is
 * not scripted: it follows from these rules.
 */
import { nextBinomial } from "../../core/rng.ts";
import { zoneTax } from "../prices/prices.ts";
import type { World } from "../world.ts";
import { zoneRouteOffsets } from "./organisations.ts";

interface Scratch {
  readonly zoneRouteStart: Int32Array;
  readonly usedCapacity: Float64Array;
  readonly weight: Float64Array;
  readonly margin: Float64Array;
  readonly observedKg: Float64Array;
  readonly observedSeizedKg: Float64Array;
  readonly shippedValue: Float64Array;
  readonly seizedValue: Float64Array;
  readonly blockedKg: Float64Array;
  readonly offeredKg: Float64Array;
}

const scratchByWorld = new WeakMap<World, Scratch>();

function scratch(world: World): Scratch {
  let s = scratchByWorld.get(world);
  if (!s) {
    const { network, organisations: orgs, zones } = world;
    s = {
      zoneRouteStart: zoneRouteOffsets(network, zones.defs.length),
      usedCapacity: new Float64Array(network.edges.length),
      weight: new Float64Array(network.routes.count),
      margin: new Float64Array(network.routes.count),
      observedKg: new Float64Array(orgs.count * network.edges.length),
      observedSeizedKg: new Float64Array(orgs.count * network.edges.length),
      shippedValue: new Float64Array(orgs.count),
      seizedValue: new Float64Array(orgs.count),
      blockedKg: new Float64Array(orgs.count),
      offeredKg: new Float64Array(orgs.count),
    };
    scratchByWorld.set(world, s);
  }
  return s;
}

/** Perceived probability that organisation `org` loses a shipment on route r. */
function perceivedRouteRisk(world: World, org: number, r: number): number {
  const { routes, edges } = world.network;
  const base = org * edges.length;
  let survive = 1;
  for (let k = routes.edges.offsets[r]; k < routes.edges.offsets[r + 1]; k++) {
    survive *= 1 - world.organisations.perceivedHazard[base + routes.edges.targets[k]];
  }
  return 1 - survive;
}

function expectedMargin(world: World, org: number, r: number, z: number): number {
  const { routes } = world.network;
  const aversion = world.params["trafficking.riskAversion"];
  const risk = Math.min(1, aversion * perceivedRouteRisk(world, org, r));
  return (
    routes.exitPriceUsdPerKg[r] * (1 - risk) -
    routes.baseCostUsdPerKg[r] -
    zoneTax(world, z) -
    world.zones.hclPrice[z]
  );
}

export function traffickingStep(world: World): void {
  const { network, organisations: orgs, zones, levers, params, month } = world;
  const { routes } = network;
  const t = world.now;
  const sc = scratch(world);
  const st = world.rng.state;
  const stream = world.rng.index.trafficking;
  const ne = network.edges.length;
  const nr = routes.count;
  const tau = params["trafficking.choiceScaleUsdPerKg"];
  const kgPerMember = params["trafficking.kgPerMemberMonth"];
  const arrestsPerSeizure = params["state.arrestsPerSeizure"];
  sc.usedCapacity.fill(0);
  sc.observedKg.fill(0);
  sc.observedSeizedKg.fill(0);
  sc.shippedValue.fill(0);
  sc.seizedValue.fill(0);
  sc.blockedKg.fill(0);
  sc.offeredKg.fill(0);
  const capacityLeft = new Float64Array(orgs.count);
  for (let o = 0; o < orgs.count; o++) capacityLeft[o] = orgs.members[o] * kgPerMember;

  // Zones in a rotating order so that no zone always gets first use of shared legs.
  const nz = zones.defs.length;
  for (let zi = 0; zi < nz; zi++) {
    const z = (zi + t) % nz;
    const available = zones.stockKg[z];
    if (available <= 0) continue;
    let membersHere = 0;
    for (let k = orgs.zoneOrgs.offsets[z]; k < orgs.zoneOrgs.offsets[z + 1]; k++) {
      membersHere += orgs.members[orgs.zoneOrgs.targets[k]];
    }
    if (membersHere <= 0) continue;
    for (let k = orgs.zoneOrgs.offsets[z]; k < orgs.zoneOrgs.offsets[z + 1]; k++) {
      const o = orgs.zoneOrgs.targets[k];
      let remaining = Math.min(capacityLeft[o], (available * orgs.members[o]) / membersHere);
      if (remaining <= 0) continue;
      sc.offeredKg[o] += remaining;
      const r0 = sc.zoneRouteStart[z];
      const r1 = sc.zoneRouteStart[z + 1];
      let best = -Infinity;
      for (let r = r0; r < r1; r++) {
        sc.weight[r] = 0;
        if (!orgs.known[o * nr + r]) continue;
        const m = expectedMargin(world, o, r, z);
        sc.margin[r] = m;
        if (m > 0 && m > best) best = m;
      }
      if (best === -Infinity) {
        // No known route pays: the product stays in stock, and the organisation counts
        // it as blocked so that it looks for new routes (adapt); otherwise it would keep
        // its share of the zone's stock unsold for as long as its routes stay unprofitable.
        sc.blockedKg[o] += remaining;
        continue;
      }
      let weightSum = 0;
      for (let r = r0; r < r1; r++) {
        if (!orgs.known[o * nr + r] || sc.margin[r] <= 0) continue;
        const w = Math.exp((sc.margin[r] - best) / tau);
        sc.weight[r] = w;
        weightSum += w;
      }
      // Water-filling over capacity: saturated routes drop out and their share spills over.
      for (let round = 0; round < 4 && remaining > 1e-6 && weightSum > 0; round++) {
        let shippedThisRound = 0;
        let nextWeightSum = 0;
        const pool = remaining;
        for (let r = r0; r < r1; r++) {
          const w = sc.weight[r];
          if (w <= 0) continue;
          let room = Infinity;
          // A leg that has lost part of its capacity (a shock) passes only that part of
          // what is sent over it; the rest spills to other routes or stays in stock.
          let open = 1;
          for (let q = routes.edges.offsets[r]; q < routes.edges.offsets[r + 1]; q++) {
            const e = routes.edges.targets[q];
            const cap = network.edgeCapacityKg[e] * levers.edgeCapacity[e] - sc.usedCapacity[e];
            if (cap < room) room = cap;
            if (levers.edgeCapacity[e] < open) open = levers.edgeCapacity[e];
          }
          const want = (pool * w) / weightSum;
          const amount = Math.max(0, Math.min(want * open, room));
          if (amount < want || room <= 0) sc.weight[r] = 0;
          else nextWeightSum += w;
          if (amount <= 0) continue;
          ship(world, sc, o, r, amount, t, stream, st, arrestsPerSeizure);
          shippedThisRound += amount;
          month.purchasedKg[z] += amount;
        }
        remaining -= shippedThisRound;
        capacityLeft[o] -= shippedThisRound;
        // Round-off below a microgram is treated as an empty stock, never as a negative one.
        const left = zones.stockKg[z] - shippedThisRound;
        zones.stockKg[z] = left > 1e-9 ? left : 0;
        weightSum = nextWeightSum;
      }
      if (remaining > 1e-6) sc.blockedKg[o] += remaining;
    }
  }
  learn(world, sc, ne);
  adapt(world, sc, t);
}

function ship(
  world: World,
  sc: Scratch,
  o: number,
  r: number,
  amount: number,
  t: number,
  stream: number,
  st: Uint32Array,
  arrestsPerSeizure: number,
): void {
  const { network, organisations: orgs, levers, month } = world;
  const { routes } = network;
  const ne = network.edges.length;
  const exitPrice = routes.exitPriceUsdPerKg[r];
  let flow = amount;
  for (let q = routes.edges.offsets[r]; q < routes.edges.offsets[r + 1]; q++) {
    const e = routes.edges.targets[q];
    sc.usedCapacity[e] += flow;
    month.edgeFlowKg[e] += flow;
    sc.observedKg[o * ne + e] += flow;
    const shipments = Math.max(1, Math.ceil(flow / network.edgeShipmentKg[e]));
    const caught = nextBinomial(st, stream, shipments, levers.edgeHazard[e]);
    if (caught > 0) {
      const seized = Math.min(flow, (flow * caught) / shipments);
      flow -= seized;
      month.edgeSeizedKg[e] += seized;
      month.seizedKgByMode[network.edgeMode[e]] += seized;
      sc.observedSeizedKg[o * ne + e] += seized;
      sc.seizedValue[o] += seized * exitPrice;
      const arrests = caught * arrestsPerSeizure;
      orgs.arrests[o] += arrests;
      month.arrests += arrests;
    }
  }
  month.exportedKgByMode[routes.mainMode[r]] += flow;
  month.routeFlowKg[r] += amount;
  sc.shippedValue[o] += amount * exitPrice;
  orgs.lastUsed[o * routes.count + r] = t;
}

/** Perceived risk per leg: toward what the organisation saw, or back toward the public base risk. */
function learn(world: World, sc: Scratch, ne: number): void {
  const { organisations: orgs, network, params } = world;
  const memory = params["trafficking.riskMemory"];
  const prior = params["trafficking.riskPriorPseudoShipments"];
  for (let o = 0; o < orgs.count; o++) {
    for (let e = 0; e < ne; e++) {
      const i = o * ne + e;
      const seen = sc.observedKg[i];
      const p = orgs.perceivedHazard[i];
      if (seen > 0) {
        const shipments = seen / network.edgeShipmentKg[e];
        // Few shipments teach little: the update is weighted by shipments / (shipments + prior).
        const w = memory * (shipments / (shipments + prior));
        orgs.perceivedHazard[i] = p + w * (sc.observedSeizedKg[i] / seen - p);
      } else {
        orgs.perceivedHazard[i] = p + memory * 0.25 * (network.edgeBaseHazard[e] - p);
      }
    }
  }
}

/** Route exploration after losses or blocked capacity, and forgetting of idle routes. */
function adapt(world: World, sc: Scratch, t: number): void {
  const { organisations: orgs, network, params } = world;
  const { routes } = network;
  const nr = routes.count;
  const tolerance = params["trafficking.lossTolerance"];
  const maxNew = params["trafficking.maxNewRoutesPerMonth"] | 0;
  const idle = params["trafficking.dropRouteAfterIdleMonths"] | 0;
  for (let o = 0; o < orgs.count; o++) {
    const lossy = sc.seizedValue[o] > tolerance * sc.shippedValue[o] && sc.shippedValue[o] > 0;
    const blocked = sc.blockedKg[o] > 0.1 * sc.offeredKg[o] && sc.offeredKg[o] > 0;
    if ((lossy || blocked) && maxNew > 0) {
      for (let added = 0; added < maxNew; added++) {
        let bestRoute = -1;
        let bestMargin = 0;
        for (let k = orgs.homeZones.offsets[o]; k < orgs.homeZones.offsets[o + 1]; k++) {
          const z = orgs.homeZones.targets[k];
          for (let r = sc.zoneRouteStart[z]; r < sc.zoneRouteStart[z + 1]; r++) {
            if (orgs.known[o * nr + r]) continue;
            const m = expectedMargin(world, o, r, z);
            if (m > bestMargin) {
              bestMargin = m;
              bestRoute = r;
            }
          }
        }
        if (bestRoute < 0) break;
        orgs.known[o * nr + bestRoute] = 1;
        orgs.lastUsed[o * nr + bestRoute] = t;
      }
    }
    // Forget idle routes, keeping at least one per home zone.
    for (let k = orgs.homeZones.offsets[o]; k < orgs.homeZones.offsets[o + 1]; k++) {
      const z = orgs.homeZones.targets[k];
      let knownHere = 0;
      for (let r = sc.zoneRouteStart[z]; r < sc.zoneRouteStart[z + 1]; r++)
        knownHere += orgs.known[o * nr + r];
      for (let r = sc.zoneRouteStart[z]; r < sc.zoneRouteStart[z + 1] && knownHere > 1; r++) {
        const i = o * nr + r;
        if (orgs.known[i] && t - orgs.lastUsed[i] > idle) {
          orgs.known[i] = 0;
          knownHere--;
        }
      }
    }
  }
}
