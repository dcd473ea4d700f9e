/**
 * Prices along the chain, derived from the exits backwards:
 * - net-back of a zone = max over its routes of (1 − φ·ρ_r)·P_exit − transport
 *   cost − armed-group tax, with ρ_r the route's current seizure risk and φ the
 *   producers' share of that risk (`prices.producerRiskShare`): traffickers pass
 *   most of the cost of risk downstream as higher prices beyond the exits
 *   (Reuter & Kleiman's "risks and prices"), so interdiction moves routes more
 *   than it moves farm-gate prices;
 * - zone HCl price → producerShare · net-back · (stock / normal stock)^−η, reached
 *   gradually; unsold stock (a blocked exit) depresses it, as in the 2020
 *   transport shutdown;
 * - base paste and farm-gate leaf prices are fixed shares of the HCl price
 *   (DEVIDA's January 2020 averages), and growers' expected leaf price follows the
 *   farm-gate price with adaptive expectations.
 */
import type { World } from "../world.ts";

export function routeRisk(world: World, route: number): number {
  const { routes } = world.network;
  let survive = 1;
  for (let k = routes.edges.offsets[route]; k < routes.edges.offsets[route + 1]; k++) {
    survive *= 1 - world.levers.edgeHazard[routes.edges.targets[k]];
  }
  return 1 - survive;
}

/** Armed-group tax on product leaving zone z, USD/kg. */
export function zoneTax(world: World, z: number): number {
  return world.params["trafficking.vraemTaxUsdPerKg"] * world.zones.armedControl[z];
}

export function pricesStep(world: World): void {
  const { zones, network, params, levers } = world;
  const { routes } = network;
  const nz = zones.defs.length;
  const best = zones.netbackUsdPerKg;
  const riskShare = params["prices.producerRiskShare"];
  best.fill(0);
  for (let r = 0; r < routes.count; r++) {
    const z = routes.originZone[r];
    // A route with a closed leg offers nothing this month. A leg that has only lost
    // part of its capacity (a shock) keeps its value per kilogram: what it cannot
    // carry stays unsold at the hub, and that stock depresses the price below.
    let open = true;
    for (let k = routes.edges.offsets[r]; k < routes.edges.offsets[r + 1]; k++) {
      if (levers.edgeCapacity[routes.edges.targets[k]] <= 0) open = false;
    }
    if (!open) continue;
    const value =
      (1 - riskShare * routeRisk(world, r)) * routes.exitPriceUsdPerKg[r] -
      routes.baseCostUsdPerKg[r] -
      zoneTax(world, z);
    if (value > best[z]) best[z] = value;
  }
  const share = params["prices.producerShareOfNetback"];
  const elasticity = params["prices.stockElasticity"];
  const normalMonths = params["prices.normalStockMonths"];
  const adjust = params["prices.adjustmentPerMonth"];
  const leafShare = params["prices.leafShareOfHclValue"];
  const baseShare = params["prices.baseShareOfHcl"];
  const leafPerKg = params["processing.leafKgPerKgHcl"];
  const memory = params["growers.priceMemory"];
  for (let z = 0; z < nz; z++) {
    const normal = Math.max(1, normalMonths * zones.productionAvgKg[z]);
    const pressure = Math.min(3, Math.max(0.2, (zones.stockKg[z] + 1) / normal));
    const target = Math.max(0, share * best[z] * pressure ** -elasticity);
    const price = zones.hclPrice[z] > 0 ? zones.hclPrice[z] + adjust * (target - zones.hclPrice[z]) : target;
    zones.hclPrice[z] = price;
    zones.basePrice[z] = baseShare * price;
    zones.leafPrice[z] = (leafShare * price) / leafPerKg;
    zones.expectedLeafPrice[z] =
      zones.expectedLeafPrice[z] > 0
        ? zones.expectedLeafPrice[z] + memory * (zones.leafPrice[z] - zones.expectedLeafPrice[z])
        : zones.leafPrice[z];
  }
}
