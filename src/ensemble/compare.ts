/**
 * Policy against baseline under common random numbers: run i of the baseline and
 * run i of every policy use the same seed, so their difference is the policy's
 * effect in that "world", with the model's own noise largely cancelled. For each
 * policy and year, each figure's effect is summarised over the paired differences
 * d_i = policy_i − baseline_i:
 *
 * - `mean`: the mean effect, mean(d);
 * - `interval90`: the 5th and 95th percentiles of d (type 7, see stats.ts): the
 *   range of the effect across 90% of the runs;
 * - `ci95`: the 95% confidence interval of the mean effect, mean(d) ± t(0.975, n−1)·s_d/√n
 *   (null with a single run);
 * - `baseline`, `policy`: the two means, for reference.
 *
 * Dollars per tonne kept off the market (`usdPerTonneKeptOff`) is a ratio and has
 * its own rules, given with CostPerTonne.
 */
import type { Summary, YearSummary } from "../model/results.ts";
import {
  mean,
  meanCi95,
  quantileSorted,
  sampleCovariance,
  sampleVariance,
  sortedCopy,
  studentTQuantile,
} from "./stats.ts";
import { checkEnsembleRuns } from "./summarise.ts";

/** The effect of a policy on one figure in one year, over paired runs. */
export interface Effect {
  /** Mean of the figure over the baseline's runs. */
  readonly baseline: number;
  /** Mean of the figure over the policy's runs. */
  readonly policy: number;
  /** Mean of the paired differences policy − baseline (equal to policy − baseline above, up to rounding). */
  readonly mean: number;
  /** 5th and 95th percentiles of the paired differences. */
  readonly interval90: readonly [number, number];
  /** 95% confidence interval of the mean difference (Student's t); null with one run. */
  readonly ci95: readonly [number, number] | null;
}

/**
 * USD spent per tonne of cocaine kept off the market: the extra spending
 * (enforcement plus alternative development, policy − baseline) divided by the
 * fall in exports (baseline − policy), in USD per tonne.
 *
 * Rule when exports do not fall: the ratio is only defined for a cut in exports.
 * - `mean` is the ratio of the mean effects, mean(Δspending) / −mean(Δexported),
 *   and null when mean(Δexported) ≥ 0 (no tonne kept off on average).
 * - `interval90` holds the 5th and 95th percentiles of the per-run ratios
 *   Δspending_i / −Δexported_i, where a run with Δexported_i ≥ 0 counts as +∞
 *   (no tonne kept off at any price); an infinite percentile is written null.
 * - `ci95` is Fieller's 95% confidence interval of the ratio of means (paired
 *   data, Student's t with n − 1 degrees of freedom); null when it is unbounded
 *   (the mean cut in exports is not significantly different from zero), when
 *   `mean` is null, or with a single run.
 *
 * A negative value means the policy both saves money and cuts exports.
 */
export interface CostPerTonne {
  readonly mean: number | null;
  readonly interval90: readonly [number | null, number | null];
  readonly ci95: readonly [number, number] | null;
  /** Number of runs in which the policy cut exports (Δexported_i < 0). */
  readonly runsWithCut: number;
}

/** Where production and trafficking went. */
export interface Displacement {
  /** Share (0–1) of the year's exports leaving by each mode; effects in share points (0.01 = 1 percentage point). */
  readonly exportShareByMode: Readonly<Record<string, Effect>>;
  /** Distinct routes that carried product. */
  readonly activeRoutes: Effect;
  /** The fewest zones that together hold 90% of the coca hectares (see zonesHolding). */
  readonly zonesHolding90PercentOfHectares: Effect;
  /** Herfindahl–Hirschman index of coca hectares across zones, Σ share² (1/zones when spread evenly, 1 when all in one zone). */
  readonly hectaresHerfindahl: Effect;
}

export interface YearEffects {
  readonly year: number;
  /** Coca hectares standing on 31 December. */
  readonly hectares: Effect;
  readonly cocaineProducedTonnes: Effect;
  readonly cocaineExportedTonnes: Effect;
  /** Includes lab seizures. */
  readonly cocaineSeizedTonnes: Effect;
  readonly arrests: Effect;
  /** Enforcement plus alternative development, USD. */
  readonly spendingUsd: Effect;
  readonly usdPerTonneKeptOff: CostPerTonne;
  readonly displacement: Displacement;
}

export interface PolicyComparison {
  /** The policy scenario's name. */
  readonly scenario: string;
  readonly years: readonly YearEffects[];
}

export interface EnsembleComparison {
  /** The baseline scenario's name. */
  readonly baseline: string;
  readonly from: string;
  readonly to: string;
  /** Number of paired runs. */
  readonly runs: number;
  /** The seeds shared by the baseline and every policy, in run order. */
  readonly seeds: readonly number[];
  readonly policies: readonly PolicyComparison[];
}

/** The effect summary of paired values (run i of `policy` against run i of `baseline`). */
export function pairedEffect(baseline: ArrayLike<number>, policy: ArrayLike<number>): Effect {
  const n = baseline.length;
  if (policy.length !== n) throw new RangeError(`paired effect of ${n} and ${policy.length} runs`);
  if (n === 0) throw new RangeError("paired effect of no runs");
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = policy[i] - baseline[i];
  const sorted = sortedCopy(d);
  return {
    baseline: mean(baseline),
    policy: mean(policy),
    mean: mean(d),
    interval90: [quantileSorted(sorted, 0.05), quantileSorted(sorted, 0.95)],
    ci95: meanCi95(d),
  };
}

/**
 * Fieller's 95% confidence interval of mean(numerator) / mean(denominator) for
 * paired samples: the values R with (ā − R·b̄)² ≤ t²·(Vaa − 2R·Vab + R²·Vbb), where
 * V are the (co)variances of the means and t = t(0.975, n − 1). Null when that
 * set is not a finite interval (b̄² ≤ t²·Vbb: the denominator's mean is not
 * significantly different from zero) or for fewer than two pairs.
 */
export function fiellerCi95(
  numerator: ArrayLike<number>,
  denominator: ArrayLike<number>,
): readonly [number, number] | null {
  const n = numerator.length;
  if (denominator.length !== n) throw new RangeError(`ratio of ${n} and ${denominator.length} values`);
  if (n < 2) return null;
  const a = mean(numerator);
  const b = mean(denominator);
  const vaa = sampleVariance(numerator) / n;
  const vbb = sampleVariance(denominator) / n;
  const vab = sampleCovariance(numerator, denominator) / n;
  const t2 = studentTQuantile(0.975, n - 1) ** 2;
  // R²·(b² − t²Vbb) − 2R·(ab − t²Vab) + (a² − t²Vaa) = 0
  const qa = b * b - t2 * vbb;
  if (!(qa > 0)) return null;
  const qb = a * b - t2 * vab;
  const qc = a * a - t2 * vaa;
  const root = Math.sqrt(Math.max(0, qb * qb - qa * qc));
  return [(qb - root) / qa, (qb + root) / qa];
}

/** USD per tonne kept off the market, from the paired changes in spending and exports (see CostPerTonne). */
export function costPerTonne(
  deltaSpending: ArrayLike<number>,
  deltaExported: ArrayLike<number>,
): CostPerTonne {
  const n = deltaSpending.length;
  if (deltaExported.length !== n) throw new RangeError(`cost of ${n} and ${deltaExported.length} runs`);
  const keptOff = Float64Array.from(deltaExported, (d) => -d);
  const ratios = new Float64Array(n);
  let runsWithCut = 0;
  for (let i = 0; i < n; i++) {
    if (keptOff[i] > 0) {
      ratios[i] = deltaSpending[i] / keptOff[i];
      runsWithCut++;
    } else {
      ratios[i] = Number.POSITIVE_INFINITY;
    }
  }
  const sorted = sortedCopy(ratios);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const meanKeptOff = mean(keptOff);
  const defined = meanKeptOff > 0;
  return {
    mean: defined ? mean(deltaSpending) / meanKeptOff : null,
    interval90: [finite(quantileSorted(sorted, 0.05)), finite(quantileSorted(sorted, 0.95))],
    ci95: defined ? fiellerCi95(deltaSpending, keptOff) : null,
    runsWithCut,
  };
}

/** Values in descending order, ties by key, so that sums run in a fixed order. */
function descending(record: Readonly<Record<string, number>>): number[] {
  return Object.entries(record)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, v]) => v);
}

/**
 * The fewest zones that together hold at least `share` of the total: the k of
 * the largest zones whose cumulative sum first reaches share × total. 0 when the
 * total is 0.
 */
export function zonesHolding(byZone: Readonly<Record<string, number>>, share = 0.9): number {
  const values = descending(byZone);
  let total = 0;
  for (const v of values) total += v;
  if (!(total > 0)) return 0;
  let cumulative = 0;
  for (let k = 0; k < values.length; k++) {
    cumulative += values[k];
    if (cumulative >= share * total) return k + 1;
  }
  return values.length;
}

/** Herfindahl–Hirschman index Σ (v / total)² over the entries; 0 when the total is 0. */
export function herfindahl(byKey: Readonly<Record<string, number>>): number {
  const values = descending(byKey);
  let total = 0;
  for (const v of values) total += v;
  if (!(total > 0)) return 0;
  let sum = 0;
  for (const v of values) sum += (v / total) ** 2;
  return sum;
}

/** Each entry's share of the total (all 0 when the total is 0), in the record's key order. */
export function shares(byKey: Readonly<Record<string, number>>): Record<string, number> {
  let total = 0;
  for (const v of Object.values(byKey)) total += v;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(byKey)) out[k] = total > 0 ? v / total : 0;
  return out;
}

const spending = (y: YearSummary): number => y.enforcementUsd + y.alternativeDevelopmentUsd;

function yearEffects(base: readonly YearSummary[], pol: readonly YearSummary[]): YearEffects {
  const effect = (figure: (y: YearSummary) => number): Effect =>
    pairedEffect(Float64Array.from(base, figure), Float64Array.from(pol, figure));
  const delta = (figure: (y: YearSummary) => number): Float64Array =>
    Float64Array.from(base, (b, i) => figure(pol[i]) - figure(b));
  const baseShares = base.map((y) => shares(y.exportsTonnesByMode));
  const polShares = pol.map((y) => shares(y.exportsTonnesByMode));
  const modes = [...new Set([...Object.keys(baseShares[0]), ...Object.keys(polShares[0])])];
  const exportShareByMode: Record<string, Effect> = {};
  for (const mode of modes) {
    exportShareByMode[mode] = pairedEffect(
      baseShares.map((s) => s[mode] ?? 0),
      polShares.map((s) => s[mode] ?? 0),
    );
  }
  return {
    year: base[0].year,
    hectares: effect((y) => y.hectares.total),
    cocaineProducedTonnes: effect((y) => y.cocaineTonnes.produced),
    cocaineExportedTonnes: effect((y) => y.cocaineTonnes.exported),
    cocaineSeizedTonnes: effect((y) => y.cocaineTonnes.seized),
    arrests: effect((y) => y.arrests),
    spendingUsd: effect(spending),
    usdPerTonneKeptOff: costPerTonne(
      delta(spending),
      delta((y) => y.cocaineTonnes.exported),
    ),
    displacement: {
      exportShareByMode,
      activeRoutes: effect((y) => y.activeRoutes),
      zonesHolding90PercentOfHectares: effect((y) => zonesHolding(y.hectares.byZone, 0.9)),
      hectaresHerfindahl: effect((y) => herfindahl(y.hectares.byZone)),
    },
  };
}

/**
 * The effects of each policy against the baseline, year by year, over paired
 * runs: `policies[p][i]` is compared with `baseline[i]`, and the two must have
 * the same seed (common random numbers), the same period and the same years.
 * Throws an Error naming the first mismatch otherwise.
 */
export function compareEnsembles(
  baseline: readonly Summary[],
  policies: readonly (readonly Summary[])[],
): EnsembleComparison {
  checkEnsembleRuns(baseline, "baseline");
  const [first] = baseline;
  const years = first.years.map((y) => y.year).join(",");
  const comparisons = policies.map((runs, p): PolicyComparison => {
    const what = `policy ${p}`;
    if (runs.length !== baseline.length) {
      throw new Error(
        `${what} has ${runs.length} runs, the baseline ${baseline.length}: runs must be paired`,
      );
    }
    checkEnsembleRuns(runs, what);
    runs.forEach((s, i) => {
      if (s.seed !== baseline[i].seed) {
        throw new Error(
          `${what}, run ${i}: seed ${s.seed}, but the baseline's run ${i} has seed ${baseline[i].seed} ` +
            "(paired runs must share their seeds)",
        );
      }
    });
    const [run0] = runs;
    if (run0.from !== first.from || run0.to !== first.to) {
      throw new Error(
        `${what} (${JSON.stringify(run0.scenario)}) runs ${run0.from} to ${run0.to}, ` +
          `the baseline ${first.from} to ${first.to}`,
      );
    }
    const policyYears = run0.years.map((y) => y.year).join(",");
    if (policyYears !== years) {
      throw new Error(`${what} has the years [${policyYears}], the baseline [${years}]`);
    }
    return {
      scenario: run0.scenario,
      years: first.years.map((_, k) =>
        yearEffects(
          baseline.map((s) => s.years[k]),
          runs.map((s) => s.years[k]),
        ),
      ),
    };
  });
  return {
    baseline: first.scenario,
    from: first.from,
    to: first.to,
    runs: baseline.length,
    seeds: baseline.map((s) => s.seed),
    policies: comparisons,
  };
}
