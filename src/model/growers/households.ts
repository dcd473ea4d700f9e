/**
 * Grower households as agents: one agent per farm household in the coca zones,
 * stored as struct-of-arrays typed arrays, contiguous by zone.
 *
 * Number of agents: the zone's farm households are `growers.householdsPerPeakHa`
 * × its 2018–2021 peak coca hectares (at least `growers.minHouseholdsPerZone`),
 * which gives about 140,000 households, 68,000 of them growing coca in 2018
 * (54,134 ha / 0.80 ha per family; PIRDAIS 2020: 46,503 ha for 58,222 families;
 * 95,000 families were affected by eradication in 2013–14, AP 2015). Slots for
 * frontier households that may arrive later (`growers.frontierExpansionPerYear`)
 * are allocated up front and stay dormant until activated.
 */
import { nextFloat, nextU32, type RngStreams, WORDS_PER_STREAM } from "../../core/rng.ts";
import type { ParameterValues } from "../parameters.ts";
import type { ZoneDefinition } from "../zones/zones.ts";
import { LOGISTIC_NOISE, NOISE_BITS, tableLogistic } from "./logistic-table.ts";

// Imported bindings aliased once: a loader that compiles modules to CommonJS (tsx,
// which runs the scripts and the bench) turns each use of an import into a getter
// call, which the start's loops over households would pay millions of times.
const logistic = tableLogistic;
const noiseTable = LOGISTIC_NOISE;
const noiseShift = 32 - NOISE_BITS;
const u32 = nextU32;
const uniform = nextFloat;
export interface Households {
  /** Number of slots (active and dormant). */
  readonly count: number;
  readonly zone: Uint8Array;
  /** Zone z owns slots [zoneStart[z], zoneStart[z + 1]); the first zoneActive[z] are active. */
  readonly zoneStart: Int32Array;
  readonly zoneActive: Int32Array;
  readonly zoneInitial: Int32Array;
  /** Fractional households waiting to be activated on the frontier. */
  readonly frontierCredit: Float64Array;
  /** Households displaced by eradication from other zones, waiting to settle in this one. */
  readonly arrivals: Float64Array;
  readonly farmHa: Float32Array;
  readonly matureHa: Float32Array;
  readonly youngHa: Float32Array;
  /** Month at which the young plants become productive. */
  readonly youngReady: Int32Array;
  /** Moral or legitimacy cost of growing coca, USD/ha/yr. */
  readonly moralUsd: Float32Array;
  /** Perceived annual probability of eradication. */
  readonly risk: Float32Array;
  /** Month from which alternative-development support is delivered, and month it ends (exclusive). */
  readonly adFrom: Int32Array;
  readonly adUntil: Int32Array;
  /** Month of the household's last eradication (−1: never). */
  readonly eradicatedAt: Int32Array;
  /**
   * Zone-specific constant of the coca choice, USD/ha/yr: the unobserved cost of
   * coca in the zone (remoteness, buyers, land, social control), calibrated at the
   * start so that households' desired coca matches DEVIDA's hectares, as
   * alternative-specific constants are calibrated in discrete-choice models.
   */
  readonly zoneConstant: Float64Array;
  /**
   * Per zone, the factor by which the start's spun-up areas were scaled to meet the
   * target (1 without decision noise): how far the constant found on a sample missed.
   */
  readonly startScale: Float64Array;
}

/** Dormant frontier slots per initial household. */
const FRONTIER_SLOTS = 1.5;

/** Gamma(shape 2) draw with the given mean, from two uniforms (sum of two exponentials). */
function gamma2(rng: RngStreams, s: number, mean: number): number {
  const u1 = 1 - uniform(rng.state, s);
  const u2 = 1 - uniform(rng.state, s);
  return (-Math.log(u1) - Math.log(u2)) * (mean / 2);
}

export function createHouseholds(
  zones: readonly ZoneDefinition[],
  params: ParameterValues,
  rng: RngStreams,
  initStreams: Int32Array,
): Households {
  const nz = zones.length;
  const initial = new Int32Array(nz);
  const slots = new Int32Array(nz);
  for (let z = 0; z < nz; z++) {
    initial[z] = Math.max(
      params["growers.minHouseholdsPerZone"],
      Math.round(params["growers.householdsPerPeakHa"] * zones[z].peakHectares2018to2021),
    );
    slots[z] = initial[z] + Math.ceil(initial[z] * FRONTIER_SLOTS);
  }
  const zoneStart = new Int32Array(nz + 1);
  for (let z = 0; z < nz; z++) zoneStart[z + 1] = zoneStart[z] + slots[z];
  const count = zoneStart[nz];
  const h: Households = {
    count,
    zone: new Uint8Array(count),
    zoneStart,
    zoneActive: Int32Array.from(initial),
    zoneInitial: initial,
    frontierCredit: new Float64Array(nz),
    arrivals: new Float64Array(nz),
    farmHa: new Float32Array(count),
    matureHa: new Float32Array(count),
    youngHa: new Float32Array(count),
    youngReady: new Int32Array(count),
    moralUsd: new Float32Array(count),
    risk: new Float32Array(count),
    adFrom: new Int32Array(count),
    adUntil: new Int32Array(count),
    eradicatedAt: new Int32Array(count).fill(-1),
    zoneConstant: new Float64Array(nz),
    startScale: new Float64Array(nz).fill(1),
  };
  const meanFarm = params["growers.meanFarmHa"];
  const highShare = params["growers.highMoralCostShare"];
  const zeroShare = params["growers.noMoralCostShare"];
  const highCost = params["growers.highMoralCostUsd"];
  for (let z = 0; z < nz; z++) {
    const s = initStreams[z];
    for (let i = zoneStart[z]; i < zoneStart[z + 1]; i++) {
      h.zone[i] = z;
      h.farmHa[i] = Math.max(0.3, gamma2(rng, s, meanFarm));
      const u = uniform(rng.state, s);
      h.moralUsd[i] =
        u < highShare ? highCost : u < highShare + zeroShare ? 0 : uniform(rng.state, s) * highCost * 0.5;
    }
  }
  return h;
}

/** Smallest coca area a household bothers with, ha. */
export const MIN_PLOT_HA = 0.05;

/**
 * Calibrates each zone's constant so that the households' coca area equals
 * `targetHa[z]` at the start, then gives each household its area (92% productive,
 * 8% young plants, as 2017→2018 national growth was 8%). `gross[z]` is the expected
 * gross coca revenue per ha and `risk[z]` the perceived eradication risk.
 *
 * The decisions (grower-step.ts) redraw a shock each time and plant faster than
 * they abandon, so the area they hold settles above the noise-free desired area.
 * Starting from the noise-free area would make the first year jump (by a quarter
 * at the calibrated noise). So each zone's constant is found by the secant method
 * on the area its households hold after SPIN_UP_DECISIONS decisions with the run's
 * own rules (the "spin-up"), measured on a sample of SPIN_UP_SAMPLE to twice as many
 * households (all of a smaller zone); then all the households are spun up once from
 * there, and their areas are scaled by target / spun-up area (the sample's miss, a
 * few percent at most), so they start at the target and near the process's own
 * stationary spread.
 * That last factor is kept in `h.startScale`.
 */
export function calibrateInitialCoca(
  h: Households,
  params: ParameterValues,
  targetHa: Float64Array,
  gross: Float64Array,
  risk: Float64Array,
  startMonth: number,
  rng: RngStreams,
  initStreams: Int32Array,
): void {
  const w = params["growers.riskWeight"];
  const base = params["growers.cocaCostUsdPerHaYear"] + params["growers.licitNetUsdPerHaYear"];
  const invScale = 1 / params["growers.logitScaleUsd"];
  const maxShare = params["growers.maxCocaShareOfFarm"];
  const matMin = params["growers.maturationMonthsMin"];
  const matMax = Math.max(matMin, params["growers.maturationMonthsMax"]);
  const noise = params["growers.decisionNoise"];
  const maxPlant = params["growers.maxPlantHaPerDecision"];
  const abandon = params["growers.abandonSharePerDecision"];
  for (let z = 0; z < targetHa.length; z++) {
    const start = h.zoneStart[z];
    const end = start + h.zoneActive[z];
    const common = (1 - w * risk[z]) * gross[z] - base;
    const s = initStreams[z];
    const desired = (i: number, k: number): number => {
      const d = maxShare * h.farmHa[i] * logistic((common - h.moralUsd[i] - k) * invScale);
      return d >= MIN_PLOT_HA ? d : 0;
    };
    /**
     * Runs every `stride`-th household of the zone through the decision rule from its
     * noise-free area at `k`; returns their total before and after.
     */
    const spinUp = (k: number, stride: number): [number, number] => {
      const state = rng.state;
      let before = 0;
      let after = 0;
      for (let i = start; i < end; i += stride) {
        h.matureHa[i] = desired(i, k);
        before += h.matureHa[i];
        if (noise <= 0) {
          after += h.matureHa[i];
          continue;
        }
        const x0 = (common - h.moralUsd[i] - k) * invScale;
        const top = maxShare * h.farmHa[i];
        let current = h.matureHa[i];
        for (let round = 0; round < SPIN_UP_DECISIONS; round++) {
          let want = top * logistic(x0 + noise * noiseTable[u32(state, s) >>> noiseShift]);
          if (want < MIN_PLOT_HA) want = 0;
          if (want > current + 0.01) current += Math.min(want - current, maxPlant);
          else if (want < current - 0.01) {
            current -= Math.min(current - want, abandon * current);
            if (current < 1e-4) current = 0;
          }
        }
        h.matureHa[i] = current;
        after += current;
      }
      return [before, after];
    };
    const desiredTotal = (k: number): number => {
      let sum = 0;
      for (let i = start; i < end; i++) sum += desired(i, k);
      return sum;
    };
    let k = solveZoneConstant(targetHa[z], desiredTotal);
    const draws = rng.state.slice(s * WORDS_PER_STREAM, (s + 1) * WORDS_PER_STREAM);
    if (noise > 0 && targetHa[z] > 0) {
      // The shock lifts the area above the noise-free one by a ratio that itself
      // depends on k (the fewer households want coca, the more the shock adds), so k
      // is found by the secant method on the zone's spun-up area, estimated as the
      // noise-free total × the ratio measured on every stride-th household. The first
      // step divides the target by the ratio at the noise-free solution.
      // Every evaluation, and the final spin-up below, replays the same draws (common
      // random numbers): the gap is then a deterministic function of k. With a stride
      // above 1 the sample's households get other draws than in the final spin-up of
      // the whole zone, which is why the two differ by a sampling error.
      const stride = Math.max(1, Math.floor((end - start) / SPIN_UP_SAMPLE));
      const gap = (at: number): number => {
        rng.state.set(draws, s * WORDS_PER_STREAM);
        const [still, spun] = spinUp(at, stride);
        const total = desiredTotal(at);
        return (still > 0 && spun > 0 ? (total * spun) / still : total) - targetHa[z];
      };
      let kPrev = k;
      let fPrev = gap(k);
      let best = k;
      let fBest = fPrev;
      if (Math.abs(fPrev) >= SPIN_UP_TOLERANCE * targetHa[z]) {
        k = solveZoneConstant(targetHa[z] ** 2 / (targetHa[z] + fPrev), desiredTotal, 1e-4, k);
        for (let round = 0; round < SPIN_UP_SOLVE_ROUNDS; round++) {
          const f = gap(k);
          if (Math.abs(f) < Math.abs(fBest)) {
            best = k;
            fBest = f;
          }
          if (Math.abs(f) < SPIN_UP_TOLERANCE * targetHa[z] || f === fPrev) break;
          const step = (-f * (k - kPrev)) / (f - fPrev);
          kPrev = k;
          fPrev = f;
          k += Math.max(-MAX_SECANT_STEP, Math.min(MAX_SECANT_STEP, step));
        }
        k = best;
      }
    }
    h.zoneConstant[z] = k;
    rng.state.set(draws, s * WORDS_PER_STREAM);
    const [, spun] = spinUp(k, 1);
    // The sample's estimate of the spun-up area misses the whole zone's by its
    // sampling error; scaling every household's area by the miss starts the zone at
    // its target, less what the farms' caps keep back when the factor is above 1.
    const factor = noise > 0 && spun > 0 ? targetHa[z] / spun : 1;
    h.startScale[z] = factor;
    for (let i = start; i < end; i++) {
      const d = Math.min(h.matureHa[i] * factor, maxShare * h.farmHa[i]);
      if (d <= 0) {
        h.matureHa[i] = 0;
        continue;
      }
      h.matureHa[i] = d * 0.92;
      h.youngHa[i] = d * 0.08;
      h.youngReady[i] = startMonth + 1 + Math.floor(uniform(rng.state, s) * (matMax - matMin + 1));
    }
  }
}

/** Decisions each household makes in the spin-up: enough for the slowest adjustment (abandoning) to settle. */
const SPIN_UP_DECISIONS = 10;
/**
 * The spin-ups that only measure the ratio visit every stride-th household, the
 * stride chosen to leave at least SPIN_UP_SAMPLE households (all of a smaller zone).
 */
const SPIN_UP_SAMPLE = 1500;
/**
 * Most secant steps for the zone constant with the shock, the relative gap to the
 * target that ends them (about the sampling noise of SPIN_UP_SAMPLE households), and
 * the largest step, USD/ha/yr.
 */
const SPIN_UP_SOLVE_ROUNDS = 8;
const SPIN_UP_TOLERANCE = 0.01;
const MAX_SECANT_STEP = 20000;

/** The zone constant's search bracket, ±USD/ha/yr, and the first half-width around a guess. */
const BRACKET = 60000;
const GUESS_WIDTH = 1000;

/**
 * The zone constant k at which `total(k)` (decreasing in k) equals `target`, by the
 * Illinois method (modified regula falsi) on [−60,000, 60,000], or on a bracket
 * widened from ±1,000 around `guess`; the nearer end of the full bracket when the
 * target lies outside it.
 */
function solveZoneConstant(
  target: number,
  total: (k: number) => number,
  tolerance = 1e-6,
  guess?: number,
): number {
  let lo = -BRACKET;
  let hi = BRACKET;
  let fLo: number;
  let fHi: number;
  if (guess === undefined) {
    fLo = total(lo) - target;
    fHi = total(hi) - target;
  } else {
    // Near an earlier solution: a narrow bracket around the guess, widened until it
    // holds the root (or reaches the full one), saves most of the iterations.
    let width = GUESS_WIDTH;
    lo = Math.max(-BRACKET, guess - width);
    hi = Math.min(BRACKET, guess + width);
    fLo = total(lo) - target;
    fHi = total(hi) - target;
    while (!(fLo > 0 && fHi < 0)) {
      width *= 4;
      if (!(fLo > 0)) {
        // The root lies below lo (total is decreasing in k).
        if (lo <= -BRACKET) break;
        hi = lo;
        fHi = fLo;
        lo = Math.max(-BRACKET, guess - width);
        fLo = total(lo) - target;
      } else {
        if (hi >= BRACKET) break;
        lo = hi;
        fLo = fHi;
        hi = Math.min(BRACKET, guess + width);
        fHi = total(hi) - target;
      }
    }
  }
  let k = 0;
  let side = 0;
  for (let it = 0; it < 60 && fLo > 0 && fHi < 0; it++) {
    k = (lo * fHi - hi * fLo) / (fHi - fLo);
    const fk = total(k) - target;
    if (Math.abs(fk) < tolerance * Math.max(1, target)) break;
    if (fk > 0) {
      lo = k;
      fLo = fk;
      if (side === 1) fHi /= 2;
      side = 1;
    } else {
      hi = k;
      fHi = fk;
      if (side === -1) fLo /= 2;
      side = -1;
    }
  }
  if (!(fLo > 0)) k = lo;
  else if (!(fHi < 0)) k = hi;
  return k;
}
