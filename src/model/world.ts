/**
 * The simulation state: one struct-of-arrays per agent type, typed arrays for
 * zones and edges, and the RNG streams. Submodels read and write it in the fixed
 * order of src/model/schedule.ts. Nothing here allocates per agent per month.
 */
import { createStreams, type RngStreams } from "../core/rng.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { TRANSPORT_MODES } from "../scenario/types.ts";
import { createHouseholds, type Households } from "./growers/households.ts";
import type { ParameterValues } from "./parameters.ts";
import { createLevers, type Levers } from "./state/levers.ts";
import { buildNetwork, type Network } from "./trafficking/network.ts";
import { createOrganisations, type Organisations } from "./trafficking/organisations.ts";
import { ZONES, type ZoneDefinition } from "./zones/zones.ts";

/**
 * Named RNG streams besides the per-zone ones (see createWorld); each stream's seed
 * depends only on (scenario seed, name), so adding one never shifts another.
 */
export const STREAMS = ["trafficking"] as const;
export type StreamName = (typeof STREAMS)[number];

export interface ZoneState {
  /** Zone definitions with scenario overrides applied, and their names. */
  readonly defs: readonly ZoneDefinition[];
  readonly names: readonly string[];
  readonly yieldKgPerHaYear: Float64Array;
  readonly armedGroupPresence: Float64Array;
  readonly statePresence: Float64Array;
  /** Yearly drift of coca's net advantage, USD/ha/yr per year (ZoneDefinition.cocaTrendUsdPerHaYear). */
  readonly cocaTrend: Float64Array;
  /** Productive and young coca hectares, recomputed each month by the growers. */
  readonly matureHa: Float64Array;
  readonly youngHa: Float64Array;
  /** Leaf harvested this month (t) and leaf stock at the labs (t). */
  readonly leafHarvestT: Float64Array;
  readonly leafStockT: Float64Array;
  /** Lab capacity, kg HCl/month, and its smoothed leaf supply (t/month). */
  readonly labCapacityKg: Float64Array;
  readonly leafSupplyAvgT: Float64Array;
  /** Cocaine (HCl-equivalent) stock at the zone hub, kg; smoothed production, kg/month. */
  readonly stockKg: Float64Array;
  readonly productionAvgKg: Float64Array;
  /** Zone prices, USD/kg: HCl, base paste, farm-gate leaf; growers' expected leaf price. */
  readonly hclPrice: Float64Array;
  readonly basePrice: Float64Array;
  readonly leafPrice: Float64Array;
  readonly expectedLeafPrice: Float64Array;
  /** Eradicated hectares over the last 12 months (ring of monthly values) and their sum. */
  readonly eradicatedRing: Float64Array;
  readonly eradicated12m: Float64Array;
  /** Weight of each zone in the year's status-quo eradication plan (its standing coca in January, or at the start). */
  readonly eradicationWeight: Float64Array;
  /** Armed-group control (0–1), recomputed monthly from presence and strength. */
  readonly armedControl: Float64Array;
  /** Alternative-development families supported now (enrolled and not yet expired). */
  readonly adFamilies: Float64Array;
  /** Best status-quo net-back per kg at the exits, USD (from the price submodel). */
  readonly netbackUsdPerKg: Float64Array;
}

/** Quantities accumulated during the current month, reset at its start. */
export interface MonthFlows {
  readonly producedKg: Float64Array; // by zone
  readonly purchasedKg: Float64Array; // by zone
  readonly labSeizedKg: Float64Array; // by zone
  readonly eradicatedHa: Float64Array; // by zone
  readonly leafLossT: Float64Array; // by zone
  readonly leafToLabsT: Float64Array; // by zone
  readonly leafLicitT: Float64Array; // by zone
  readonly exportedKgByMode: Float64Array; // by main mode of the route
  readonly seizedKgByMode: Float64Array; // by mode of the edge
  readonly edgeFlowKg: Float64Array; // by edge
  readonly edgeSeizedKg: Float64Array; // by edge
  readonly routeFlowKg: Float64Array; // by route
  arrests: number;
  labsRaided: number;
  /** Spending this month by lever kind, USD. */
  readonly spendingUsd: Float64Array;
}

export interface ArmedGroup {
  strength: number;
  readonly initialStrength: number;
}

/** Stream index of each zone's own random stream, by submodel. */
export interface ZoneStreams {
  readonly init: Int32Array;
  readonly growers: Int32Array;
  readonly eradication: Int32Array;
}

export interface World {
  readonly scenario: ResolvedScenario;
  readonly params: ParameterValues;
  readonly rng: RngStreams;
  readonly zoneStreams: ZoneStreams;
  readonly zones: ZoneState;
  readonly households: Households;
  readonly network: Network;
  readonly organisations: Organisations;
  readonly levers: Levers;
  readonly armedGroup: ArmedGroup;
  readonly month: MonthFlows;
  /** The month being simulated (absolute index). */
  now: number;
}

function zoneOverrides(scenario: ResolvedScenario): ZoneDefinition[] {
  return ZONES.map((zone) => {
    const get = (field: string, fallback: number): number =>
      scenario.parameters[`zones.${zone.name}.${field}`] ?? fallback;
    return {
      ...zone,
      leafYieldKgPerHaYear: get("leafYieldKgPerHaYear", zone.leafYieldKgPerHaYear),
      armedGroupPresence: get("armedGroupPresence", zone.armedGroupPresence),
      statePresence: get("statePresence", zone.statePresence),
      cocaTrendUsdPerHaYear: get("cocaTrendUsdPerHaYear", zone.cocaTrendUsdPerHaYear),
    };
  });
}

export function createWorld(scenario: ResolvedScenario, params: ParameterValues): World {
  const defs = zoneOverrides(scenario);
  // Growers and eradication draw from one stream per zone, so that a policy in one
  // zone leaves the random draws of the others untouched (common random numbers).
  const perZone = (prefix: string) => defs.map((d) => `${prefix}:${d.name}`);
  const rng = createStreams(scenario.seed, [
    ...STREAMS,
    ...perZone("growers.init"),
    ...perZone("growers"),
    ...perZone("eradication"),
  ]);
  const zoneStreams: ZoneStreams = {
    init: Int32Array.from(perZone("growers.init"), (name) => rng.index[name]),
    growers: Int32Array.from(perZone("growers"), (name) => rng.index[name]),
    eradication: Int32Array.from(perZone("eradication"), (name) => rng.index[name]),
  };
  const nz = defs.length;
  const f = () => new Float64Array(nz);
  const zones: ZoneState = {
    defs,
    names: defs.map((d) => d.name),
    yieldKgPerHaYear: Float64Array.from(defs, (d) => d.leafYieldKgPerHaYear),
    armedGroupPresence: Float64Array.from(defs, (d) => d.armedGroupPresence),
    statePresence: Float64Array.from(defs, (d) => d.statePresence),
    cocaTrend: Float64Array.from(defs, (d) => d.cocaTrendUsdPerHaYear),
    matureHa: f(),
    youngHa: f(),
    leafHarvestT: f(),
    leafStockT: f(),
    labCapacityKg: f(),
    leafSupplyAvgT: f(),
    stockKg: f(),
    productionAvgKg: f(),
    hclPrice: f(),
    basePrice: f(),
    leafPrice: f(),
    expectedLeafPrice: f(),
    eradicatedRing: new Float64Array(nz * 12),
    eradicated12m: f(),
    eradicationWeight: f(),
    armedControl: Float64Array.from(defs, (d) => d.armedGroupPresence),
    adFamilies: f(),
    netbackUsdPerKg: f(),
  };
  const network = buildNetwork(params);
  const households = createHouseholds(defs, params, rng, zoneStreams.init);
  const organisations = createOrganisations(network, params, defs);
  const levers = createLevers(network, nz);
  const ne = network.edges.length;
  const month: MonthFlows = {
    producedKg: f(),
    purchasedKg: f(),
    labSeizedKg: f(),
    eradicatedHa: f(),
    leafLossT: f(),
    leafToLabsT: f(),
    leafLicitT: f(),
    exportedKgByMode: new Float64Array(TRANSPORT_MODES.length),
    seizedKgByMode: new Float64Array(TRANSPORT_MODES.length),
    edgeFlowKg: new Float64Array(ne),
    edgeSeizedKg: new Float64Array(ne),
    routeFlowKg: new Float64Array(network.routes.count),
    arrests: 0,
    labsRaided: 0,
    spendingUsd: new Float64Array(levers.kinds.length),
  };
  return {
    scenario,
    params,
    rng,
    zoneStreams,
    zones,
    households,
    network,
    organisations,
    levers,
    armedGroup: {
      strength: params["armedGroup.initialStrength"],
      initialStrength: params["armedGroup.initialStrength"],
    },
    month,
    now: scenario.from,
  };
}

/** Clears the per-month accumulators. */
export function resetMonth(world: World): void {
  const m = world.month;
  m.producedKg.fill(0);
  m.purchasedKg.fill(0);
  m.labSeizedKg.fill(0);
  m.eradicatedHa.fill(0);
  m.leafLossT.fill(0);
  m.leafToLabsT.fill(0);
  m.leafLicitT.fill(0);
  m.exportedKgByMode.fill(0);
  m.seizedKgByMode.fill(0);
  m.edgeFlowKg.fill(0);
  m.edgeSeizedKg.fill(0);
  m.routeFlowKg.fill(0);
  m.arrests = 0;
  m.labsRaided = 0;
  m.spendingUsd.fill(0);
}
