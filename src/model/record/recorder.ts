/**
 * Records each month's state into columnar series and folds them into the
 * yearly summary. Values are rounded once, here, so that outputs are stable text.
 */
import { formatMonth, yearOf } from "../../core/time.ts";
import { TRANSPORT_MODES } from "../../scenario/types.ts";
import type { ByMode, EdgeFlows, MonthlySeries, Summary, YearSummary } from "../results.ts";
import type { World } from "../world.ts";

export interface Recorder {
  record(world: World): void;
  finish(world: World): { summary: Summary; monthly: MonthlySeries; flows: EdgeFlows };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

interface YearAccumulator {
  leafT: number;
  producedKg: number;
  exportedKg: number;
  seizedKg: number;
  labSeizedKg: number;
  exportsByMode: Float64Array;
  seizuresByMode: Float64Array;
  eradicatedHa: number;
  arrests: number;
  leafValue: number;
  baseValue: number;
  hclValue: number;
  enforcementUsd: number;
  adUsd: number;
  routesUsed: Uint8Array;
}

export function createRecorder(world: World): Recorder {
  const months = world.scenario.to - world.scenario.from + 1;
  const zoneNames = world.zones.defs.map((d) => d.name);
  const ne = world.network.edges.length;
  const series = new Map<string, Map<string, Float64Array>>();
  const column = (variable: string, key: string): Float64Array => {
    let byKey = series.get(variable);
    if (!byKey) {
      byKey = new Map();
      series.set(variable, byKey);
    }
    let values = byKey.get(key);
    if (!values) {
      values = new Float64Array(months);
      byKey.set(key, values);
    }
    return values;
  };
  const flowKg = new Float64Array(months * ne);
  const seizedKg = new Float64Array(months * ne);
  const years: YearSummary[] = [];
  let acc: YearAccumulator | undefined;
  let currentYear = -1;
  const newAcc = (): YearAccumulator => ({
    leafT: 0,
    producedKg: 0,
    exportedKg: 0,
    seizedKg: 0,
    labSeizedKg: 0,
    exportsByMode: new Float64Array(TRANSPORT_MODES.length),
    seizuresByMode: new Float64Array(TRANSPORT_MODES.length),
    eradicatedHa: 0,
    arrests: 0,
    leafValue: 0,
    baseValue: 0,
    hclValue: 0,
    enforcementUsd: 0,
    adUsd: 0,
    routesUsed: new Uint8Array(world.network.routes.count),
  });
  const adIndex = world.levers.kinds.indexOf("alternative-development");

  const closeYear = (w: World): void => {
    if (!acc) return;
    const a = acc;
    const byZone: Record<string, number> = {};
    let total = 0;
    let young = 0;
    let stock = 0;
    zoneNames.forEach((name, z) => {
      byZone[name] = round(w.zones.matureHa[z] + w.zones.youngHa[z], 1);
      total += w.zones.matureHa[z] + w.zones.youngHa[z];
      young += w.zones.youngHa[z];
      stock += w.zones.stockKg[z];
    });
    const byMode = (values: Float64Array): ByMode =>
      Object.fromEntries(TRANSPORT_MODES.map((m, i) => [m, round(values[i] / 1000, 3)])) as ByMode;
    let activeRoutes = 0;
    for (const used of a.routesUsed) activeRoutes += used;
    let growers = 0;
    const h = w.households;
    for (let z = 0; z < zoneNames.length; z++) {
      for (let i = h.zoneStart[z]; i < h.zoneStart[z] + h.zoneActive[z]; i++) {
        if (h.matureHa[i] + h.youngHa[i] > 0) growers++;
      }
    }
    let members = 0;
    for (const m of w.organisations.members) members += m;
    years.push({
      year: currentYear,
      hectares: { total: round(total, 1), byZone },
      youngHectares: round(young, 1),
      leafTonnes: round(a.leafT, 1),
      cocaineTonnes: {
        produced: round(a.producedKg / 1000, 3),
        exported: round(a.exportedKg / 1000, 3),
        seized: round((a.seizedKg + a.labSeizedKg) / 1000, 3),
        seizedAtLabs: round(a.labSeizedKg / 1000, 3),
        stock: round(stock / 1000, 3),
      },
      exportsTonnesByMode: byMode(a.exportsByMode),
      seizuresTonnesByMode: byMode(a.seizuresByMode),
      eradicatedHectares: round(a.eradicatedHa, 1),
      arrests: Math.round(a.arrests),
      prices: {
        leafUsdPerKg: round(a.leafT > 0 ? a.leafValue / a.leafT : 0, 2),
        baseUsdPerKg: round(a.producedKg > 0 ? a.baseValue / a.producedKg : 0, 2),
        hclUsdPerKg: round(a.producedKg > 0 ? a.hclValue / a.producedKg : 0, 2),
      },
      enforcementUsd: Math.round(a.enforcementUsd),
      alternativeDevelopmentUsd: Math.round(a.adUsd),
      activeRoutes,
      growerHouseholds: growers,
      traffickingMembers: Math.round(members),
      armedGroupStrength: round(w.armedGroup.strength, 1),
    });
  };

  return {
    record(w) {
      const t = w.now;
      const i = t - w.scenario.from;
      const year = yearOf(t);
      if (year !== currentYear) {
        currentYear = year;
        acc = newAcc();
      }
      const a = acc!;
      const { zones, month } = w;
      let exported = 0;
      let seized = 0;
      for (let m = 0; m < TRANSPORT_MODES.length; m++) {
        exported += month.exportedKgByMode[m];
        seized += month.seizedKgByMode[m];
        a.exportsByMode[m] += month.exportedKgByMode[m];
        a.seizuresByMode[m] += month.seizedKgByMode[m];
        column("exportsKg", TRANSPORT_MODES[m])[i] = month.exportedKgByMode[m];
        column("seizuresKg", TRANSPORT_MODES[m])[i] = month.seizedKgByMode[m];
      }
      a.exportedKg += exported;
      a.seizedKg += seized;
      let hectares = 0;
      for (let z = 0; z < zoneNames.length; z++) {
        const name = zoneNames[z];
        hectares += zones.matureHa[z] + zones.youngHa[z];
        column("hectares", name)[i] = zones.matureHa[z] + zones.youngHa[z];
        column("youngHectares", name)[i] = zones.youngHa[z];
        column("leafTonnes", name)[i] = zones.leafHarvestT[z];
        column("producedKg", name)[i] = month.producedKg[z];
        column("stockKg", name)[i] = zones.stockKg[z];
        column("eradicatedHa", name)[i] = month.eradicatedHa[z];
        column("labSeizedKg", name)[i] = month.labSeizedKg[z];
        column("hclUsdPerKg", name)[i] = zones.hclPrice[z];
        column("leafUsdPerKg", name)[i] = zones.leafPrice[z];
        column("armedControl", name)[i] = zones.armedControl[z];
        a.leafT += zones.leafHarvestT[z];
        a.producedKg += month.producedKg[z];
        a.labSeizedKg += month.labSeizedKg[z];
        a.eradicatedHa += month.eradicatedHa[z];
        a.leafValue += zones.leafPrice[z] * zones.leafHarvestT[z];
        a.baseValue += zones.basePrice[z] * month.producedKg[z];
        a.hclValue += zones.hclPrice[z] * month.producedKg[z];
      }
      column("hectares", "")[i] = hectares;
      column("arrests", "")[i] = month.arrests;
      a.arrests += month.arrests;
      let members = 0;
      for (const m of w.organisations.members) members += m;
      column("traffickingMembers", "")[i] = members;
      column("armedGroupStrength", "")[i] = w.armedGroup.strength;
      for (let k = 0; k < w.levers.kinds.length; k++) {
        column("spendingUsd", w.levers.kinds[k])[i] = month.spendingUsd[k];
        if (k === adIndex) a.adUsd += month.spendingUsd[k];
        else a.enforcementUsd += month.spendingUsd[k];
      }
      let active = 0;
      for (let r = 0; r < month.routeFlowKg.length; r++) {
        if (month.routeFlowKg[r] > 0) {
          a.routesUsed[r] = 1;
          active++;
        }
      }
      column("activeRoutes", "")[i] = active;
      flowKg.set(month.edgeFlowKg, i * ne);
      seizedKg.set(month.edgeSeizedKg, i * ne);
      if (t === w.scenario.to || yearOf(t + 1) !== year) closeYear(w);
    },
    finish(w) {
      const monthLabels = Array.from({ length: months }, (_, i) => formatMonth(w.scenario.from + i));
      const { network } = w;
      return {
        summary: {
          scenario: w.scenario.name,
          seed: w.scenario.seed,
          from: formatMonth(w.scenario.from),
          to: formatMonth(w.scenario.to),
          years,
        },
        monthly: { months: monthLabels, variables: series },
        flows: {
          edges: network.edges.map((edge, e) => ({
            id: `${edge.from}-${edge.to}-${edge.mode}`,
            from: edge.from,
            to: edge.to,
            mode: network.edges[e].mode,
          })),
          months: monthLabels,
          flowKg,
          seizedKg,
        },
      };
    },
  };
}
