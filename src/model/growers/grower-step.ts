/**
 * The grower submodel's monthly step: maturation of young plots, harvests, and
 * each household's crop decision (coca or licit crops) once every
 * `growers.decisionIntervalMonths`, staggered across households.
 *
 * The decision is a random-utility choice of the coca share of the farm:
 *   advantage = (1 − w·ρ_h)·yield·E[P_leaf] − c_coca − (r_licit + AD_h) − μ_h − κ_z(t)
 *   share*    = s_max · logistic(advantage / σ + n·ε),  ε ~ Logistic(0, 1)
 * and the household moves its coca area toward share*·farm, planting at most
 * `growers.maxPlantHaPerDecision` (young plants produce after 12–18 months) and
 * abandoning at most `growers.abandonSharePerDecision` of its coca. ρ_h is the
 * household's perceived eradication risk, κ_z(t) = κ_z − g_z·(1 − φ^y)/(1 − φ) the
 * zone constant calibrated at the start (growers/households.ts) drifting with the
 * zone's damped trend g_z (y years since the start, φ = `growers.zoneTrendDamping`), learned from its zone's eradication
 * over the past year and from its own; AD_h counts only once support is delivered.
 */
import type { ParameterValues } from "../parameters.ts";
import type { World } from "../world.ts";
import { MIN_PLOT_HA } from "./households.ts";
import {
  LOGISTIC_NOISE,
  LOGISTIC_RANGE,
  LOGISTIC_STEPS,
  LOGISTIC_TABLE,
  NOISE_BITS,
} from "./logistic-table.ts";

export function growersStep(world: World): void {
  const t = world.now;
  const { households: h, zones, params } = world;
  const interval = params["growers.decisionIntervalMonths"] | 0;
  const harvestEvery = params["growers.harvestIntervalMonths"] | 0;
  const riskWeight = params["growers.riskWeight"];
  const cocaCost = params["growers.cocaCostUsdPerHaYear"];
  const licit = params["growers.licitNetUsdPerHaYear"];
  const frontierRate = params["growers.frontierExpansionPerYear"] / 12;
  // Years of zone trend so far, damped: Σ φ^k over the years since the start.
  const damping = params["growers.zoneTrendDamping"];
  const elapsed = Math.max(0, t - world.scenario.from) / 12;
  const trendYears = damping < 1 ? (1 - damping ** elapsed) / (1 - damping) : elapsed;
  const rule = decisionRule(params);
  const st = world.rng.state;
  const totals = TOTALS;

  for (let z = 0; z < zones.defs.length; z++) {
    const start = h.zoneStart[z];
    const y = zones.yieldKgPerHaYear[z];
    const gross = y * zones.expectedLeafPrice[z];
    const standing = zones.matureHa[z] + zones.youngHa[z];
    const zoneRisk = standing > 1 ? Math.min(1, zones.eradicated12m[z] / standing) : 0;
    const harvestT = (y * harvestEvery) / 12 / 1000;

    // Displaced growers settle whatever coca pays here (they were pushed, not pulled);
    // frontier households arrive only while coca beats licit crops for a household
    // without moral cost.
    const constant = h.zoneConstant[z] - zones.cocaTrend[z] * trendYears;
    const zoneAdvantage = (1 - riskWeight * zoneRisk) * gross - cocaCost - licit - constant;
    if (zoneAdvantage > 0 && frontierRate > 0) h.frontierCredit[z] += frontierRate * h.zoneInitial[z];
    const room = h.zoneStart[z + 1] - start - h.zoneActive[z];
    const settle = Math.min(room, Math.floor(h.arrivals[z]));
    h.arrivals[z] -= settle;
    const frontier = Math.min(room - settle, Math.floor(h.frontierCredit[z]));
    h.frontierCredit[z] -= Math.max(0, frontier);
    if (settle + frontier > 0) h.zoneActive[z] += settle + frontier;

    const end = start + h.zoneActive[z];
    // Pass 1, the households deciding this month (every interval-th slot, in slot order).
    const firstDecider = start + ((interval - ((start + t) % interval)) % interval);
    decideZone(
      h,
      rule,
      firstDecider,
      end,
      t,
      gross,
      zoneRisk,
      constant,
      st,
      world.zoneStreams.growers[z] * 4,
    );
    // Pass 2, everyone: maturation, harvests (staggered by slot), support and totals.
    settleZone(h, start, end, t, harvestEvery, harvestT, totals);
    zones.matureHa[z] = totals[0];
    zones.youngHa[z] = totals[1];
    zones.leafHarvestT[z] = totals[2];
    zones.adFamilies[z] = totals[3];
  }
}

/** The constants of the decision rule, read once per step. */
interface DecisionRule {
  readonly interval: number;
  readonly riskWeight: number;
  readonly riskMemory: number;
  readonly riskJump: number;
  readonly cocaCost: number;
  readonly licit: number;
  readonly adBoost: number;
  readonly invScale: number;
  readonly maxShare: number;
  readonly maxPlant: number;
  readonly abandon: number;
  readonly matMin: number;
  readonly matSpan: number;
  readonly noise: number;
}

function decisionRule(params: ParameterValues): DecisionRule {
  const matMin = params["growers.maturationMonthsMin"] | 0;
  return {
    interval: params["growers.decisionIntervalMonths"] | 0,
    riskWeight: params["growers.riskWeight"],
    riskMemory: params["growers.riskMemory"],
    riskJump: params["growers.eradicatedRiskJump"],
    cocaCost: params["growers.cocaCostUsdPerHaYear"],
    licit: params["growers.licitNetUsdPerHaYear"],
    adBoost: params["state.alternativeDevelopmentBoostUsdPerHaYear"],
    invScale: 1 / params["growers.logitScaleUsd"],
    maxShare: params["growers.maxCocaShareOfFarm"],
    maxPlant: params["growers.maxPlantHaPerDecision"],
    abandon: params["growers.abandonSharePerDecision"],
    matMin,
    matSpan: Math.max(0, (params["growers.maturationMonthsMax"] | 0) - matMin) + 1,
    noise: params["growers.decisionNoise"],
  };
}

/**
 * Pass 1 over a zone: the households from `first` to `end` (every interval-th slot)
 * decide. Draws from the xoshiro128** stream whose state starts at `st[so]`, inlined
 * over locals (see src/core/rng.ts) so that no closure runs in the hot loop. A
 * function of its own, with every value it loops over in a local, so that V8 keeps
 * the doubles unboxed.
 */
function decideZone(
  h: World["households"],
  rule: DecisionRule,
  first: number,
  end: number,
  t: number,
  gross: number,
  zoneRisk: number,
  constant: number,
  st: Uint32Array,
  so: number,
): void {
  const { interval, riskWeight, riskMemory, riskJump, cocaCost, licit, adBoost, invScale } = rule;
  const { maxShare, maxPlant, abandon, matMin, matSpan, noise } = rule;
  const farm = h.farmHa;
  const mature = h.matureHa;
  const young = h.youngHa;
  const ready = h.youngReady;
  const moral = h.moralUsd;
  const risk = h.risk;
  const adFrom = h.adFrom;
  const adUntil = h.adUntil;
  const eradAt = h.eradicatedAt;
  // Imported bindings read once into locals: a loader that compiles modules to
  // CommonJS (tsx, which runs the scripts and the bench) turns each use of one
  // into a getter call, which here was a third of the loop's time.
  const table = LOGISTIC_TABLE;
  const noiseTable = LOGISTIC_NOISE;
  const range = LOGISTIC_RANGE;
  const steps = LOGISTIC_STEPS;
  const noiseShift = 32 - NOISE_BITS;
  const minPlot = MIN_PLOT_HA;
  // `| 0` keeps the words as int32 in registers (Uint32Array reads above 2^31 are doubles).
  let s0 = st[so] | 0;
  let s1 = st[so + 1] | 0;
  let s2 = st[so + 2] | 0;
  let s3 = st[so + 3] | 0;
  for (let i = first; i < end; i += interval) {
    let m = mature[i];
    let yg = young[i];
    if (yg > 0 && ready[i] <= t) {
      m += yg;
      yg = 0;
    }
    const supported = adFrom[i] <= t && t < adUntil[i];
    // Perceived risk: moves toward the zone's eradication rate; jumps after one's own loss.
    let r = risk[i] + riskMemory * (zoneRisk - risk[i]);
    if (eradAt[i] >= 0 && t - eradAt[i] < interval && r < riskJump) r = riskJump;
    risk[i] = r;
    const advantage =
      (1 - riskWeight * r) * gross - cocaCost - licit - constant - (supported ? adBoost : 0) - moral[i];
    // xoshiro128** draw → uniform in (0, 1).
    const x5 = Math.imul(s1, 5);
    const out = Math.imul((x5 << 7) | (x5 >>> 25), 9) >>> 0;
    const tt = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= tt;
    s3 = (s3 << 11) | (s3 >>> 21);
    // Logistic shock from the top bits of the draw; logistic by table (logistic-table.ts).
    const x = advantage * invScale + noise * noiseTable[out >>> noiseShift];
    // Initialised (not just declared): an `undefined` start makes V8 box every value.
    let share = 0;
    if (x <= -range) share = 0;
    else if (x >= range) share = maxShare;
    else {
      const position = (x + range) * steps;
      const k = position | 0;
      share = maxShare * (table[k] + (position - k) * (table[k + 1] - table[k]));
    }
    let desired = share * farm[i];
    if (desired < minPlot) desired = 0;
    const current = m + yg;
    if (desired > current + 0.01) {
      const plant = Math.min(desired - current, maxPlant);
      if (yg === 0) ready[i] = t + matMin + ((out >>> 8) % matSpan);
      yg += plant;
    } else if (desired < current - 0.01) {
      let cut = Math.min(current - desired, abandon * current);
      const fromYoung = Math.min(yg, cut);
      yg -= fromYoung;
      cut -= fromYoung;
      m -= cut;
      if (m < 1e-4) m = 0;
    }
    mature[i] = m;
    young[i] = yg;
  }
  st[so] = s0;
  st[so + 1] = s1;
  st[so + 2] = s2;
  st[so + 3] = s3;
}

/** Scratch for settleZone's results: mature ha, young ha, leaf t, supported households. */
const TOTALS = new Float64Array(4);

/**
 * Pass 2 over a zone's active households [start, end): young plots that are ready
 * mature, households whose harvest phase is due harvest, and the zone's totals go
 * to `out`. A function of its own so that V8 keeps its accumulators unboxed (the
 * whole step in one function allocated a heap number per household and month).
 */
function settleZone(
  h: World["households"],
  start: number,
  end: number,
  t: number,
  harvestEvery: number,
  harvestT: number,
  out: Float64Array,
): void {
  const mature = h.matureHa;
  const young = h.youngHa;
  const ready = h.youngReady;
  const adUntil = h.adUntil;
  let matureSum = 0;
  let youngSum = 0;
  let leaf = 0;
  let adCount = 0;
  let harvestPhase = (start + t) % harvestEvery;
  for (let i = start; i < end; i++) {
    const harvest = harvestPhase === 0;
    if (++harvestPhase === harvestEvery) harvestPhase = 0;
    if (adUntil[i] > t) adCount++;
    let m = mature[i];
    let yg = young[i];
    if (yg > 0 && ready[i] <= t) {
      m += yg;
      yg = 0;
      mature[i] = m;
      young[i] = 0;
    }
    if (harvest) leaf += m * harvestT;
    matureSum += m;
    youngSum += yg;
  }
  out[0] = matureSum;
  out[1] = youngSum;
  out[2] = leaf;
  out[3] = adCount;
}
