/**
 * Processing: leaf → base paste → cocaine hydrochloride in each zone's labs.
 * All cocaine quantities are HCl-equivalent kilograms (base paste counted at its
 * HCl yield), so mass balance holds along the chain.
 *
 * - Leaf: a share goes to traditional use (ENACO); the rest joins the labs' leaf
 *   stock, which degrades each month (a documented loss).
 * - Labs convert up to their capacity at `processing.leafKgPerKgHcl`; capacity
 *   follows the leaf supply and is rebuilt after raids.
 * - Lab raids destroy capacity and the share of the zone's stock held at labs
 *   (counted as seized at labs) and lead to arrests.
 */
import type { World } from "../world.ts";

export function processingStep(world: World): void {
  const { zones, levers, params, month } = world;
  const licitShare = params["processing.licitLeafShare"];
  const leafPerKg = params["processing.leafKgPerKgHcl"];
  const lossRate = params["processing.leafLossPerMonth"];
  const capacityMonths = params["processing.labCapacityMonthsOfLeaf"];
  const rebuild = params["processing.labRebuildPerMonth"];
  const labsPerT = params["processing.labsPerTonneMonth"];
  const labStockShare = params["state.labStockShare"];
  const arrestsPerLab = params["state.arrestsPerLabRaid"];
  for (let z = 0; z < zones.defs.length; z++) {
    const harvest = zones.leafHarvestT[z];
    const licit = harvest * licitShare;
    month.leafLicitT[z] = licit;
    let leaf = zones.leafStockT[z] + harvest - licit;
    // Capacity tracks the leaf supply (smoothed over about half a year).
    zones.leafSupplyAvgT[z] += (harvest - licit - zones.leafSupplyAvgT[z]) / 6;
    const target = (capacityMonths * zones.leafSupplyAvgT[z] * 1000) / leafPerKg;
    let capacity = zones.labCapacityKg[z];
    capacity += rebuild * (target - capacity);
    // Raids: labs destroyed this month against labs standing.
    const labs = (capacity / 1000) * labsPerT;
    const raids = Math.min(levers.labRaids[z], labs);
    const hit = labs > 0 ? Math.min(0.9, raids / labs) : 0;
    capacity *= 1 - hit;
    month.labsRaided += raids;
    month.arrests += raids * arrestsPerLab;
    // Conversion.
    const produced = Math.max(0, Math.min(capacity, (leaf * 1000) / leafPerKg));
    const used = (produced * leafPerKg) / 1000;
    leaf -= used;
    month.leafToLabsT[z] = used;
    const lost = leaf * lossRate;
    leaf -= lost;
    month.leafLossT[z] = lost;
    zones.leafStockT[z] = leaf;
    zones.labCapacityKg[z] = capacity;
    zones.stockKg[z] += produced;
    month.producedKg[z] = produced;
    // Raids seize what the raided labs hold: their share of the stock, this month's output included.
    const seized = zones.stockKg[z] * labStockShare * hit;
    zones.stockKg[z] -= seized;
    month.labSeizedKg[z] = seized;
    zones.productionAvgKg[z] += (produced - zones.productionAvgKg[z]) / 6;
  }
}
