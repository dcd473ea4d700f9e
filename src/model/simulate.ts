/**
 * Runs a resolved scenario month by month and returns its results. Pure and
 * synchronous: no I/O, no clock, randomness only from the scenario's seed, so the
 * same scenario and seed give byte-identical results anywhere (Node or browser).
 */
import { yearOf } from "../core/time.ts";
import { observedNationalHectares } from "../data/record.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { calibrateInitialCoca } from "./growers/households.ts";
import { defaultParameters, isParameterPath, type ParameterValues } from "./parameters.ts";
import { pricesStep } from "./prices/prices.ts";
import { createRecorder } from "./record/recorder.ts";
import type { SimulationResult } from "./results.ts";
import { buildSchedule } from "./schedule.ts";
import { allocateStatusQuoEradication, statusQuoEradicationHa } from "./state/eradication-schedule.ts";
import { leverEffectsStep } from "./state/lever-effects.ts";
import { statusQuoStep } from "./state/status-quo.ts";
import { createWorld, resetMonth, type World } from "./world.ts";

export interface SimulateOptions {
  /** Called after each simulated month. */
  readonly onProgress?: (monthsDone: number, monthsTotal: number) => void;
}

/** Default parameters with the scenario's global overrides applied (zone overrides are read by createWorld). */
export function resolveParameters(scenario: ResolvedScenario): ParameterValues {
  const params = defaultParameters();
  for (const [path, value] of Object.entries(scenario.parameters)) {
    if (isParameterPath(path)) params[path] = value;
  }
  return params;
}

/** Share of its 2018–2021 peak given to a zone DEVIDA did not yet report separately in 2018. */
const UNREPORTED_ZONE_SHARE = 0.15;

/**
 * DEVIDA's zone figures are for 31 December 2018, and the run starts on 1 January
 * 2018. The starting area is each zone's 2018 figure scaled by the national change
 * over 2018 (2017 → 2018, 49,900 → 54,134 ha: UNODC/DEVIDA, data/hectares_national.csv;
 * the 2018 methodology change makes this the best available bridge).
 */
function startOf2018Scale(): number {
  const before = observedNationalHectares(2017);
  const after = observedNationalHectares(2018);
  return before !== undefined && after !== undefined && after > 0 ? before / after : 1;
}
const START_SCALE = startOf2018Scale();

/**
 * Puts the world in a consistent state for its first month: past eradication and
 * the risk households perceive, prices in equilibrium with a normal stock, the
 * households' coca calibrated to DEVIDA's 2018 hectares brought back to the start
 * of the year, and lab capacity.
 */
export function initialise(world: World): void {
  const { zones, households: h, params } = world;
  const licit = params["processing.licitLeafShare"];
  const leafPerKg = params["processing.leafKgPerKgHcl"];
  const nz = zones.defs.length;
  const target = Float64Array.from(
    zones.defs,
    (d) =>
      START_SCALE * (d.hectares2018 > 0 ? d.hectares2018 : UNREPORTED_ZONE_SHARE * d.peakHectares2018to2021),
  );
  const setSupply = (z: number, matureHa: number): void => {
    const leaf = ((matureHa * zones.yieldKgPerHaYear[z]) / 12 / 1000) * (1 - licit);
    zones.leafSupplyAvgT[z] = leaf;
    zones.productionAvgKg[z] = (leaf * 1000) / leafPerKg;
    zones.labCapacityKg[z] = params["processing.labCapacityMonthsOfLeaf"] * zones.productionAvgKg[z];
  };
  for (let z = 0; z < nz; z++) {
    zones.matureHa[z] = target[z];
    zones.youngHa[z] = 0;
    setSupply(z, target[z]);
  }
  // Past year's eradication, so that households start with the risk they knew.
  const past = new Float64Array(nz);
  for (let k = 1; k <= 12; k++) {
    const month = world.scenario.from - k;
    allocateStatusQuoEradication(
      statusQuoEradicationHa(month, params["state.eradicationFutureHaPerYear"]),
      yearOf(month),
      zones.defs,
      target,
      past,
    );
    for (let z = 0; z < nz; z++) {
      zones.eradicatedRing[z * 12 + (((month % 12) + 12) % 12)] = past[z];
      zones.eradicated12m[z] += past[z];
    }
  }
  const risk = new Float64Array(nz);
  for (let z = 0; z < nz; z++) {
    risk[z] = target[z] > 1 ? Math.min(1, zones.eradicated12m[z] / target[z]) : 0;
    for (let i = h.zoneStart[z]; i < h.zoneStart[z + 1]; i++) h.risk[i] = risk[z];
  }
  world.organisations.lastUsed.fill(world.scenario.from);
  // Prices in equilibrium with a normal stock.
  statusQuoStep(world);
  leverEffectsStep(world);
  for (let z = 0; z < nz; z++) zones.stockKg[z] = zones.productionAvgKg[z];
  pricesStep(world);
  for (let z = 0; z < nz; z++) zones.stockKg[z] = 0;
  const gross = Float64Array.from(
    zones.defs,
    (_, z) => zones.yieldKgPerHaYear[z] * zones.expectedLeafPrice[z],
  );
  calibrateInitialCoca(
    h,
    params,
    target,
    gross,
    risk,
    world.scenario.from,
    world.rng,
    world.zoneStreams.init,
  );
  for (let z = 0; z < nz; z++) {
    let mature = 0;
    let young = 0;
    for (let i = h.zoneStart[z]; i < h.zoneStart[z] + h.zoneActive[z]; i++) {
      mature += h.matureHa[i];
      young += h.youngHa[i];
    }
    zones.matureHa[z] = mature;
    zones.youngHa[z] = young;
    setSupply(z, mature);
  }
  resetMonth(world);
}

export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): SimulationResult {
  const params = resolveParameters(scenario);
  const world = createWorld(scenario, params);
  initialise(world);
  const schedule = buildSchedule(scenario);
  const recorder = createRecorder(world);
  const total = scenario.to - scenario.from + 1;
  for (let t = scenario.from; t <= scenario.to; t++) {
    world.now = t;
    resetMonth(world);
    for (const component of schedule) component.step(world);
    recorder.record(world);
    options.onProgress?.(t - scenario.from + 1, total);
  }
  return recorder.finish(world);
}
