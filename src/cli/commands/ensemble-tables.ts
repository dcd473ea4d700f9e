/** The readable tables of `cocasim run --runs N` and `cocasim compare`. Deterministic text: no locale. */
import type { CostPerTonne, Effect, YearEffects } from "../../ensemble/compare.ts";
import type { Stat, YearStats } from "../../ensemble/summarise.ts";
import { type Column, formatFixed, renderTable } from "../format.ts";
import type { ComparisonDocument } from "./compare.ts";
import type { EnsembleDocument } from "./ensemble-run.ts";

interface StatColumn extends Column {
  stat(year: YearStats): Stat;
  readonly decimals: number;
  readonly scale: number;
}

const col = (
  header: readonly string[],
  stat: (y: YearStats) => Stat,
  decimals = 0,
  scale = 1,
): StatColumn => ({
  header,
  align: "right",
  stat,
  decimals,
  scale,
});

const ENSEMBLE_COLUMNS: readonly StatColumn[] = [
  col(["coca", "ha"], (y) => y.hectares.total),
  col(["leaf", "t"], (y) => y.leafTonnes),
  col(["cocaine", "produced t"], (y) => y.cocaineTonnes.produced, 1),
  col(["cocaine", "exported t"], (y) => y.cocaineTonnes.exported, 1),
  col(["cocaine", "seized t"], (y) => y.cocaineTonnes.seized, 1),
  col(["eradicated", "ha"], (y) => y.eradicatedHectares),
  col(["", "arrests"], (y) => y.arrests),
  col(["leaf", "USD/kg"], (y) => y.prices.leafUsdPerKg, 2),
  col(["HCl", "USD/kg"], (y) => y.prices.hclUsdPerKg),
  col(["enforcement", "USD M"], (y) => y.enforcementUsd, 1, 1e-6),
  col(["active", "routes"], (y) => y.activeRoutes, 1),
];

const STAT_ROWS = [
  ["mean", (s: Stat) => s.mean],
  ["p5", (s: Stat) => s.p5],
  ["p95", (s: Stat) => s.p95],
] as const;

/** The ensemble's main figures by year: the mean, then the 5th and 95th percentiles over the runs. */
export function renderEnsembleTable(doc: EnsembleDocument): string {
  const parts = [
    `Scenario ${doc.scenario}, ${doc.runs} runs (seeds from base seed ${doc.baseSeed}` +
      `${doc.varies === "posterior" ? "; parameters drawn from the calibration's posterior" : ""}), ${doc.from} to ${doc.to}`,
    "mean, 5th (p5) and 95th (p95) percentiles over the runs",
    "",
  ];
  if (doc.years.length === 0) {
    parts.push("(no complete year to summarise)");
    return parts.join("\n") + "\n";
  }
  const columns: Column[] = [
    { header: ["", "year"], align: "left" },
    { header: ["", ""], align: "left" },
    ...ENSEMBLE_COLUMNS,
  ];
  const rows: string[][] = [];
  for (const year of doc.years) {
    for (const [label, pick] of STAT_ROWS) {
      rows.push([
        label === "mean" ? String(year.year) : "",
        label,
        ...ENSEMBLE_COLUMNS.map((c) => formatFixed(pick(c.stat(year)) * c.scale, c.decimals)),
      ]);
    }
  }
  parts.push(renderTable(columns, rows));
  return parts.join("\n");
}

/** A number with an explicit sign when positive: +1.5, -2, 0. */
export function formatSigned(value: number, decimals = 0): string {
  const text = formatFixed(value, decimals);
  return value > 0 && !/^0(\.0*)?$/.test(text) ? `+${text}` : text;
}

/** "[lo, hi]", "-" without an interval; a null bound is +∞ (a cost per tonne that is unbounded). */
function interval(
  bounds: readonly [number | null, number | null] | null,
  format: (x: number) => string,
): string {
  if (bounds === null) return "-";
  const bound = (x: number | null): string => (x === null ? "+inf" : format(x));
  return `[${bound(bounds[0])}, ${bound(bounds[1])}]`;
}

interface EffectRow {
  readonly label: string;
  readonly effect: (y: YearEffects) => Effect;
  readonly decimals: number;
  readonly scale: number;
}

const row = (label: string, effect: (y: YearEffects) => Effect, decimals = 0, scale = 1): EffectRow => ({
  label,
  effect,
  decimals,
  scale,
});

const MAIN_ROWS: readonly EffectRow[] = [
  row("coca ha", (y) => y.hectares),
  row("cocaine produced t", (y) => y.cocaineProducedTonnes, 1),
  row("cocaine exported t", (y) => y.cocaineExportedTonnes, 1),
  row("cocaine seized t", (y) => y.cocaineSeizedTonnes, 1),
  row("arrests", (y) => y.arrests),
  row("spending USD M", (y) => y.spendingUsd, 1, 1e-6),
];

const DISPLACEMENT_ROWS: readonly EffectRow[] = [
  row("active routes", (y) => y.displacement.activeRoutes, 1),
  row("zones with 90% of ha", (y) => y.displacement.zonesHolding90PercentOfHectares, 1),
  row("Herfindahl of ha", (y) => y.displacement.hectaresHerfindahl, 3),
];

function effectCells(e: Effect, decimals: number, scale: number): string[] {
  const signed = (x: number): string => formatSigned(x * scale, decimals);
  return [
    formatFixed(e.baseline * scale, decimals),
    formatFixed(e.policy * scale, decimals),
    signed(e.mean),
    interval(e.interval90, signed),
    interval(e.ci95, signed),
  ];
}

function costCells(c: CostPerTonne): string[] {
  const usdM = (x: number): string => formatFixed(x / 1e6, 2);
  return [
    "",
    "",
    c.mean === null ? "no cut" : usdM(c.mean),
    interval(c.interval90, usdM),
    interval(c.ci95, usdM),
  ];
}

const COMPARE_COLUMNS: readonly Column[] = [
  { header: ["", "year"], align: "left" },
  { header: ["", "figure"], align: "left" },
  { header: ["", "baseline"], align: "right" },
  { header: ["", "policy"], align: "right" },
  { header: ["", "effect"], align: "right" },
  { header: ["90% interval", "of effects"], align: "left" },
  { header: ["95% CI of", "mean effect"], align: "left" },
];

/**
 * For each policy, its effects year by year: the figure's mean under the baseline
 * and the policy, the mean effect (policy − baseline), the 5th–95th percentiles of
 * the runs' effects, and the 95% confidence interval of the mean effect.
 */
export function renderComparisonTable(doc: ComparisonDocument): string {
  const parts: string[] = [];
  for (const policy of doc.policies) {
    parts.push(
      `Effects of ${policy.scenario} against ${doc.baseline}: ${doc.runs} paired run${doc.runs === 1 ? "" : "s"} ` +
        `(common seeds from base seed ${doc.baseSeed}${doc.varies === "posterior" ? "; parameters drawn from the calibration's posterior, one draw per pair" : ""}), ${doc.from} to ${doc.to}`,
      "",
    );
    if (policy.years.length === 0) {
      parts.push("(no complete year to compare)", "");
      continue;
    }
    const rows: string[][] = [];
    for (const y of policy.years) {
      const yearRows: [string, string[]][] = [
        ...MAIN_ROWS.map((r): [string, string[]] => [r.label, effectCells(r.effect(y), r.decimals, r.scale)]),
        ["USD M per t kept off", costCells(y.usdPerTonneKeptOff)],
        ...DISPLACEMENT_ROWS.map((r): [string, string[]] => [
          r.label,
          effectCells(r.effect(y), r.decimals, r.scale),
        ]),
      ];
      for (const [mode, e] of Object.entries(y.displacement.exportShareByMode)) {
        if (e.baseline === 0 && e.policy === 0) continue;
        yearRows.push([`exports by ${mode} %`, effectCells(e, 1, 100)]);
      }
      yearRows.forEach(([label, cells], i) => {
        rows.push([i === 0 ? String(y.year) : "", label, ...cells]);
      });
    }
    parts.push(renderTable(COMPARE_COLUMNS, rows));
  }
  parts.push(
    "effect: policy − baseline, mean over paired runs (same seeds). 90% interval: 5th–95th percentile of the",
    "runs' effects. 95% CI: Student's t interval of the mean effect (\"-\" with one run). USD M per t kept off:",
    'Δspending / −Δexports (enforcement + alternative development); "no cut" where exports did not fall on',
    "average; a run that did not cut exports counts as +inf. Export shares by mode are in %, effects in points.",
    "",
  );
  return parts.join("\n");
}
