/**
 * The dynamics reporting on Peru describes, as experiments that can fail (issue #3 §4).
 * Each runs the `peru` baseline and a policy variant on the same seeds (common random
 * numbers: growers and eradication draw from per-zone streams) and tests paired
 * differences with a t-based 95% confidence interval of the mean.
 *
 * 1. route displacement — tripled road checkpoints from 2019;
 * 2. offensives — a VRAEM military offensive 2019–2021;
 * 3. eradication pause — no eradication from 2019;
 * 4. balloon effect — 8,000 ha/yr of eradication concentrated in Inambari-Tambopata;
 * 5. blocked exits — a transport blockage March–August 2019.
 */
import { parseMonth } from "../core/time.ts";
import type { SimulationResult, YearSummary } from "../model/results.ts";
import { statusQuoEradicates } from "../model/state/eradication-schedule.ts";
import type { Policy, ResolvedScenario, ScenarioEvent } from "../scenario/types.ts";

export type Runner = (scenario: ResolvedScenario) => SimulationResult;

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export interface DynamicsCheck {
  readonly name: string;
  readonly claim: string;
  readonly figures: Readonly<Record<string, Interval>>;
  readonly passed: boolean;
  /** The conditions tested, as text with their figures. */
  readonly conditions: readonly { readonly text: string; readonly passed: boolean }[];
}

// Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom; normal beyond.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean and 95% confidence interval (Student's t) of a sample of paired differences. */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, low: mean, high: mean, n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
  const half = t * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

const M = (text: string) => parseMonth(text) as number;

function withChanges(
  base: ResolvedScenario,
  seed: number,
  name: string,
  policies: Policy[] = [],
  events: ScenarioEvent[] = [],
): ResolvedScenario {
  return {
    ...base,
    name,
    seed,
    to: Math.min(base.to, M("2023-12")),
    policies: [...base.policies, ...policies],
    events: [...base.events, ...events],
  };
}

function year(result: SimulationResult, y: number): YearSummary {
  const found = result.summary.years.find((entry) => entry.year === y);
  if (!found) throw new Error(`run has no year ${y}`);
  return found;
}

function sumYears(
  result: SimulationResult,
  from: number,
  to: number,
  pick: (y: YearSummary) => number,
): number {
  let s = 0;
  for (let y = from; y <= to; y++) s += pick(year(result, y));
  return s;
}

interface Pair {
  baseline: SimulationResult;
  policy: SimulationResult;
}

function pairs(
  run: Runner,
  base: ResolvedScenario,
  seeds: readonly number[],
  policies: Policy[],
  events: ScenarioEvent[] = [],
): Pair[] {
  return seeds.map((seed) => ({
    baseline: run(withChanges(base, seed, "baseline")),
    policy: run(withChanges(base, seed, "policy", policies, events)),
  }));
}

function check(
  name: string,
  claim: string,
  figures: Record<string, Interval>,
  conditions: [string, boolean][],
): DynamicsCheck {
  return {
    name,
    claim,
    figures,
    passed: conditions.every(([, ok]) => ok),
    conditions: conditions.map(([text, passed]) => ({ text, passed })),
  };
}

const pct = (i: Interval) =>
  `${(100 * i.mean).toFixed(1)}% [${(100 * i.low).toFixed(1)}, ${(100 * i.high).toFixed(1)}]`;

export function routeDisplacement(
  run: Runner,
  base: ResolvedScenario,
  seeds: readonly number[],
): DynamicsCheck {
  const intensity = 3;
  const ps = pairs(run, base, seeds, [{ kind: "checkpoints", from: M("2019-01"), intensity }]);
  const share = (r: SimulationResult, modes: ("road" | "river" | "air")[]) => {
    const total = sumYears(r, 2019, 2023, (y) =>
      Object.values(y.exportsTonnesByMode).reduce((a, b) => a + b, 0),
    );
    return sumYears(r, 2019, 2023, (y) => modes.reduce((s, m) => s + y.exportsTonnesByMode[m], 0)) / total;
  };
  const roadShare = meanInterval(ps.map((p) => share(p.policy, ["road"]) - share(p.baseline, ["road"])));
  const riverAirShare = meanInterval(
    ps.map((p) => share(p.policy, ["river", "air"]) - share(p.baseline, ["river", "air"])),
  );
  const exported = (r: SimulationResult) => sumYears(r, 2019, 2023, (y) => y.cocaineTonnes.exported);
  const roadSeized = (r: SimulationResult) => sumYears(r, 2019, 2023, (y) => y.seizuresTonnesByMode.road);
  // What a static calculation suggests: road seizures scale with the hazard 1 − (1 − p0)^k.
  const p0 = 0.035;
  const staticFactor = (1 - (1 - p0) ** intensity) / p0 - 1;
  const exportsChange = meanInterval(ps.map((p) => exported(p.policy) - exported(p.baseline)));
  const naive = meanInterval(ps.map((p) => -roadSeized(p.baseline) * staticFactor));
  const extraRoadSeizures = meanInterval(ps.map((p) => roadSeized(p.policy) - roadSeized(p.baseline)));
  return check(
    "route-displacement",
    "Tripling police road checkpoints from 2019 shifts exports from road to river and air, and cuts total exports by far less than the extra road seizures would suggest.",
    {
      roadShare,
      riverAirShare,
      exportsChangeTonnes: exportsChange,
      staticExportsChangeTonnes: naive,
      extraRoadSeizuresTonnes: extraRoadSeizures,
    },
    [
      [`road share of exports 2019–2023 changes by ${pct(roadShare)} (must fall)`, roadShare.high < 0],
      [`river + air share changes by ${pct(riverAirShare)} (must rise)`, riverAirShare.low > 0],
      [
        `exports change by ${exportsChange.mean.toFixed(1)} t [${exportsChange.low.toFixed(1)}, ${exportsChange.high.toFixed(1)}] against ${naive.mean.toFixed(1)} t from a static calculation (the whole interval must be within half of it)`,
        Math.max(Math.abs(exportsChange.low), Math.abs(exportsChange.high)) < 0.5 * Math.abs(naive.mean),
      ],
    ],
  );
}

export function offensive(run: Runner, base: ResolvedScenario, seeds: readonly number[]): DynamicsCheck {
  const ps = pairs(run, base, seeds, [
    {
      kind: "military-offensive",
      from: M("2019-01"),
      to: M("2021-12"),
      intensity: 1,
      where: { zones: ["VRAEM"] },
    },
  ]);
  const arrests = (r: SimulationResult) => sumYears(r, 2019, 2021, (y) => y.arrests);
  const vraem = (r: SimulationResult) => year(r, 2021).hectares.byZone.VRAEM;
  const arrestsChange = meanInterval(ps.map((p) => arrests(p.policy) / arrests(p.baseline) - 1));
  const hectaresChange = meanInterval(ps.map((p) => vraem(p.policy) / vraem(p.baseline) - 1));
  return check(
    "offensive",
    "A military offensive in the VRAEM raises arrests sharply but changes VRAEM hectares by only a few percent within three years.",
    { arrestsChange, vraemHectaresChange: hectaresChange },
    [
      [
        `arrests 2019–2021 change by ${pct(arrestsChange)} (must rise by more than 20%)`,
        arrestsChange.low > 0.2,
      ],
      [
        `VRAEM hectares at end 2021 change by ${pct(hectaresChange)} (must stay within ±5%)`,
        Math.abs(hectaresChange.mean) < 0.05,
      ],
    ],
  );
}

export function eradicationPause(
  run: Runner,
  base: ResolvedScenario,
  seeds: readonly number[],
): DynamicsCheck {
  const ps = pairs(run, base, seeds, [{ kind: "eradication", from: M("2019-01"), intensity: 0 }]);
  const eradicated = (r: SimulationResult) =>
    Object.entries(year(r, 2021).hectares.byZone)
      .filter(([zone]) => statusQuoEradicates(zone, 2019))
      .reduce((s, [, ha]) => s + ha, 0);
  const change = meanInterval(ps.map((p) => eradicated(p.policy) / eradicated(p.baseline) - 1));
  return check(
    "eradication-pause",
    "Suspending eradication makes hectares grow in the zones that had been eradicated.",
    { eradicatedZonesHectaresChange: change },
    [
      [
        `hectares in the eradicated zones at end 2021 change by ${pct(change)} (must rise by more than 10%)`,
        change.low > 0.1,
      ],
    ],
  );
}

export function balloon(run: Runner, base: ResolvedScenario, seeds: readonly number[]): DynamicsCheck {
  const target = "Inambari-Tambopata";
  const ps = pairs(run, base, seeds, [
    {
      kind: "eradication",
      from: M("2019-01"),
      intensity: 1,
      hectaresPerYear: 8000,
      where: { zones: [target] },
    },
  ]);
  const others = (r: SimulationResult) =>
    Object.entries(year(r, 2023).hectares.byZone)
      .filter(([zone]) => zone !== target)
      .reduce((s, [, ha]) => s + ha, 0);
  const extraEradicated = meanInterval(
    ps.map(
      (p) =>
        sumYears(p.policy, 2019, 2023, (y) => y.eradicatedHectares) -
        sumYears(p.baseline, 2019, 2023, (y) => y.eradicatedHectares),
    ),
  );
  const nationalReduction = meanInterval(
    ps.map((p) => year(p.baseline, 2023).hectares.total - year(p.policy, 2023).hectares.total),
  );
  const othersChange = meanInterval(ps.map((p) => others(p.policy) - others(p.baseline)));
  return check(
    "balloon",
    "Eradication concentrated in one zone moves planting to other zones, so the national reduction is much smaller than the hectares eradicated.",
    {
      extraEradicatedHa: extraEradicated,
      nationalReductionHa: nationalReduction,
      otherZonesChangeHa: othersChange,
    },
    [
      [
        `hectares in the other zones at end 2023 change by ${othersChange.mean.toFixed(0)} ha [${othersChange.low.toFixed(0)}, ${othersChange.high.toFixed(0)}] (must rise)`,
        othersChange.low > 0,
      ],
      [
        `national reduction ${nationalReduction.mean.toFixed(0)} ha against ${extraEradicated.mean.toFixed(0)} ha more eradicated in 2019–2023 (must be under half)`,
        nationalReduction.mean < 0.5 * extraEradicated.mean,
      ],
    ],
  );
}

/** Production-weighted national farm-gate leaf price over a month range, from the monthly series. */
function leafPrice(r: SimulationResult, from: number, to: number): number {
  const price = r.monthly.variables.get("leafUsdPerKg");
  const leaf = r.monthly.variables.get("leafTonnes");
  if (!price || !leaf) throw new Error("monthly series lack leaf prices");
  const first = parseMonth(r.monthly.months[0]) as number;
  let value = 0;
  let weight = 0;
  for (const [zone, series] of price) {
    const tonnes = leaf.get(zone);
    if (!tonnes) continue;
    for (let m = from; m <= to; m++) {
      value += series[m - first] * tonnes[m - first];
      weight += tonnes[m - first];
    }
  }
  return weight > 0 ? value / weight : 0;
}

export function blockedExits(run: Runner, base: ResolvedScenario, seeds: readonly number[]): DynamicsCheck {
  const from = M("2019-03");
  const to = M("2019-08");
  const ps = pairs(run, base, seeds, [], [{ kind: "transport-shock", from, to, severity: 0.9 }]);
  const change = meanInterval(
    ps.map((p) => leafPrice(p.policy, from + 1, to) / leafPrice(p.baseline, from + 1, to) - 1),
  );
  return check(
    "blocked-exits",
    "A transport blockage (as in 2020) crashes farm-gate prices.",
    { leafPriceChange: change },
    [
      [
        `farm-gate leaf price during the blockage changes by ${pct(change)} (must fall by more than 30%)`,
        change.high < -0.3,
      ],
    ],
  );
}

export const DYNAMICS = { routeDisplacement, offensive, eradicationPause, balloon, blockedExits } as const;

/** Every dynamic of DYNAMICS on `seeds` paired seeds, in order. */
export function checkDynamics(
  run: Runner,
  base: ResolvedScenario,
  seeds: readonly number[],
): DynamicsCheck[] {
  return Object.values(DYNAMICS).map((f) => f(run, base, seeds));
}

/** The checks as a Markdown table, one row per condition (the table in docs/validation.md). */
export function dynamicsTable(checks: readonly DynamicsCheck[], seeds: number): string {
  return [
    `| dynamic | condition (mean [95% CI], ${seeds} paired seeds) | reproduced |`,
    "| --- | --- | --- |",
    ...checks.flatMap((check) =>
      check.conditions.map((c) => `| ${check.name} | ${c.text} | ${c.passed ? "yes" : "**no**"} |`),
    ),
  ].join("\n");
}
