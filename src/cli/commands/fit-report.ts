/**
 * `cocasim fit-report`: an ensemble of the calibrated `peru` scenario against the
 * record for 2022–2024, which calibration never sees (src/calibration/fit-report.ts).
 * Each run draws its parameters from the calibration's posterior (systematic
 * resampling by weight, and each zone's trend from its standard error:
 * src/calibration/posterior-members.ts) and its own seed, so the bands carry
 * parameter uncertainty as well as the model's noise. The predictive interval adds
 * the model's discrepancy, estimated from the same runs' calibration years only
 * (src/calibration/discrepancy.ts). Writes fit-report.md, fit-report.json,
 * bands.csv (both intervals for every simulated year, to --to) and an SVG per zone
 * into DIR. It also compares the leaf the runs harvest with the record's national
 * leaf production (src/calibration/leaf-production.ts), an output calibration never fits,
 * and how the national area answers eradication (src/calibration/eradication-response.ts).
 */
import type { Command } from "commander";
import { applyDiscrepancy, estimateDiscrepancy } from "../../calibration/discrepancy.ts";
import { type EradicationResponse, eradicationResponse } from "../../calibration/eradication-response.ts";
import {
  bandsCsv,
  fitReport,
  fitReportTable,
  nationalChartSvg,
  zoneChartSvg,
} from "../../calibration/fit-report.ts";
import { type LeafProductionRow, leafProductionRows } from "../../calibration/leaf-production.ts";
import { posteriorMembers } from "../../calibration/posterior-members.ts";
import { CALIBRATION_YEARS, VALIDATION_YEARS } from "../../calibration/targets.ts";
import { formatMonth } from "../../core/time.ts";
import { zoneSeries } from "../../data/record.ts";
import { ensembleSeeds } from "../../ensemble/seeds.ts";
import type { SimulationJob } from "../../executors/types.ts";
import { PERU_CALIBRATION } from "../../scenario/builtin/peru-calibration.ts";
import { checkOutputDir, writeFilesAtomic } from "../outputs.ts";
import { type CliDeps, CliError, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { parseRuns, parseWorkers, runJobs } from "./ensemble-run.ts";
import { chooseStore, KEEP_STORE_OPTION_HELP, NO_STORE_OPTION_HELP } from "./runs.ts";
import { builtinPeru, checkBandRuns, checkYearEnd } from "./uncertainty-checks.ts";
import { BACKEND_OPTION_HELP, parseQueueOption, parseStoreOption } from "./worker.ts";

export interface FitReportOptions {
  runs: number;
  /** Last month of the runs (default and earliest: December of the last validation year). */
  to?: number;
  workers?: number;
  out: string;
  quiet: boolean;
  /** A queue URL: run on its workers instead of this machine's threads. */
  backend?: string;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
}

export async function fitReportCommand(deps: CliDeps, options: FitReportOptions): Promise<number> {
  const lastValidation = Math.max(...VALIDATION_YEARS) * 12 + 11;
  checkBandRuns(options.runs);
  checkYearEnd(options.to);
  if (options.to !== undefined && options.to < lastValidation) {
    throw new CliError(
      `--to: ${formatMonth(options.to)} ends before the validation years; expected ${formatMonth(lastValidation)} or later`,
      EXIT_USAGE,
    );
  }
  checkOutputDir(deps.fs, options.out);
  const store = chooseStore(deps, options.store);
  const base = builtinPeru(deps);
  const to = options.to ?? lastValidation;
  const seeds = ensembleSeeds(base.seed, options.runs);
  const members = posteriorMembers(PERU_CALIBRATION, seeds);
  const jobs: SimulationJob[] = seeds.map((seed, i) => ({
    seed,
    scenario: { ...base, to, parameters: { ...base.parameters, ...members[i] } },
  }));
  if (!options.quiet) deps.stderr.write(`fit report: ${jobs.length} runs of peru to ${formatMonth(to)}\n`);
  const { summaries: runs, kept } = await runJobs(deps, jobs, {
    workers: options.workers,
    quiet: options.quiet,
    label: `fit report ×${jobs.length}`,
    backend: options.backend,
    store,
  });
  if (!options.quiet) deps.stderr.write(kept);
  const discrepancy = estimateDiscrepancy(runs, CALIBRATION_YEARS);
  const predictiveRuns = applyDiscrepancy(runs, discrepancy);
  const report = fitReport(runs, VALIDATION_YEARS, { runs: predictiveRuns, discrepancy });
  const leaf = leafProductionRows(runs);
  const response = eradicationResponse(runs);
  const calibrationEnd = Math.max(...CALIBRATION_YEARS);
  const files = [
    {
      name: "fit-report.md",
      content: fitReportTable(report) + leafTable(leaf) + responseTable(response),
    },
    {
      name: "fit-report.json",
      content: `${JSON.stringify({ ...report, leafProduction: leaf, ...(response ? { eradicationResponse: response } : {}) }, null, 2)}\n`,
    },
    { name: "bands.csv", content: bandsCsv(runs, predictiveRuns) },
    {
      name: "national.svg",
      content: nationalChartSvg(runs, predictiveRuns),
    },
    ...report.byZone.map((z) => ({
      name: `zone-${z.zone
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[^A-Za-z0-9]+/g, "-")
        .toLowerCase()}.svg`,
      content: zoneChartSvg(runs, z.zone, zoneSeries(z.zone, "DEVIDA"), calibrationEnd, predictiveRuns),
    })),
  ];
  writeFilesAtomic(deps.fs, options.out, files);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const nationalRows = report.rows.filter((r) => r.zone === "national");
  deps.stdout.write(
    [
      `Out-of-sample fit, ${report.runs} runs, ${report.years.join("–")} (calibration saw ${CALIBRATION_YEARS.join(", ")}):`,
      ...nationalRows.map(
        (r) =>
          `  national ${r.year}: observed ${Math.round(r.observed)} ha, simulated ${Math.round(r.mean)} [${Math.round(r.p5)}, ${Math.round(r.p95)}], predictive [${Math.round(r.predictiveP5 ?? Number.NaN)}, ${Math.round(r.predictiveP95 ?? Number.NaN)}], error ${pct(r.absPercentError)}${r.inside90 ? "" : " (outside 90%)"}`,
      ),
      `  hectare-weighted zone error: ${pct(report.weightedZoneError)} (target ≤ 25%)`,
      `  zone-years inside the ensemble's 90% interval: ${pct(report.zoneCoverage90)} (target ≥ 80%)`,
      `  inside the predictive 90% interval (with model discrepancy, σ ${discrepancy.sigmaCommon.toFixed(3)} common + ${discrepancy.sigmaZone.toFixed(3)} by zone per year, log scale, from ${discrepancy.years.join("–")}): ${pct(report.zonePredictiveCoverage90 ?? 0)}`,
      `  national error ≤ 10% each year: ${report.targets.nationalErrorEachYearAtMost10 ? "yes" : "no"}`,
      ...leaf.map(
        (r) =>
          `  leaf ${r.year} (not fitted): recorded ${Math.round(r.observed)} t (${r.status}), simulated ${Math.round(r.mean)} [${Math.round(r.p5)}, ${Math.round(r.p95)}], error ${r.relativeError >= 0 ? "+" : ""}${pct(r.relativeError)}${r.inside90 ? "" : " (outside 90%)"}`,
      ),
      ...(response
        ? [
            `  area's answer to eradication (not fitted): yearly change per ha eradicated the year before, ${response.years[0]}–${response.years.at(-1)}: recorded ${response.recorded.slope.toFixed(2)} (r ${response.recorded.r.toFixed(2)}), simulated ${response.simulated.slope.toFixed(2)} [${response.simulated.slopeP5.toFixed(2)}, ${response.simulated.slopeP95.toFixed(2)}]${response.inside90 ? "" : " (outside 90%)"}`,
          ]
        : []),
      `wrote ${options.out}/fit-report.md, fit-report.json, bands.csv and ${files.length - 3} SVG charts`,
      "",
    ].join("\n"),
  );
  return EXIT_OK;
}

/** A titled Markdown table after the report's own, as in fit-report.md. */
function markdownSection(title: string, header: string, align: string, rows: readonly string[]): string {
  return ["", title, "", header, align, ...rows, ""].join("\n");
}

const tonnesOrHectares = (x: number) => Math.round(x).toLocaleString("en-US");

/** The leaf check as a Markdown section (empty when the runs cover no recorded year). */
function leafTable(rows: readonly LeafProductionRow[]): string {
  if (rows.length === 0) return "";
  const t = tonnesOrHectares;
  return markdownSection(
    "Leaf production (sun-dried, t; not fitted by calibration):",
    "| year | recorded | status | simulated mean | 90% interval | error | source |",
    "| --- | ---: | --- | ---: | --- | ---: | --- |",
    rows.map(
      (r) =>
        `| ${r.year} | ${t(r.observed)} | ${r.status} | ${t(r.mean)} | ${t(r.p5)}–${t(r.p95)} | ${(100 * r.relativeError).toFixed(1)}% | ${r.source.replaceAll("|", "\\|")} |`,
    ),
  );
}

/** The eradication-response check as a Markdown section (empty without one). */
function responseTable(response: EradicationResponse | undefined): string {
  if (response === undefined) return "";
  const t = tonnesOrHectares;
  const { recorded, simulated } = response;
  return markdownSection(
    "The area's answer to eradication (not fitted): each year's change in national hectares against the eradication of the year before.",
    "| year | eradicated the year before (ha) | recorded change (ha) | simulated change, mean (ha) |",
    "| --- | ---: | ---: | ---: |",
    [
      ...response.years.map(
        (year, k) =>
          `| ${year} | ${t(response.eradicatedBefore[k])} | ${t(recorded.changes[k])} | ${t(simulated.changes[k])} |`,
      ),
      `| slope (ha per ha) | | ${recorded.slope.toFixed(2)} (r ${recorded.r.toFixed(2)}) | ${simulated.slope.toFixed(2)} (runs' 90%: ${simulated.slopeP5.toFixed(2)} to ${simulated.slopeP95.toFixed(2)}) |`,
    ],
  );
}

const HELP = `
The runs are kept in the results store one by one (.cocasim/cocasim.db unless
COCASIM_STORE or --store names another; --no-store keeps nothing), so a repeated or
interrupted report reads them back; --backend sends them to a queue's workers.

Examples:
  $ cocasim fit-report                      40 runs, written to fit-report/
  $ cocasim fit-report --runs 100 --out /tmp/fit --workers 2
  $ cocasim fit-report --to 2030-12         the same bands (ensemble and predictive) projected to 2030`;

export function registerFitReportCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  parsers: { month(text: string): number },
): void {
  program
    .command("fit-report")
    .description(
      "compare an ensemble of the calibrated peru baseline with the 2022-2024 record (out of sample)",
    )
    .option("--runs <n>", "ensemble size (default: 40)", parseRuns)
    .option(
      "--to <YYYY-MM>",
      "last month of the runs, for the bands beyond 2024 (default: 2024-12)",
      parsers.month,
    )
    .option("--workers <k>", "worker threads (default: one per CPU core)", parseWorkers)
    .option("--backend <url>", BACKEND_OPTION_HELP, parseQueueOption)
    .option("--store <url>", KEEP_STORE_OPTION_HELP, parseStoreOption)
    .option("--no-store", NO_STORE_OPTION_HELP)
    .option("--out <dir>", "output directory (default: fit-report)")
    .option("-q, --quiet", "no progress on stderr")
    .addHelpText("after", HELP)
    .action(async (options: Record<string, unknown>) => {
      setExitCode(
        await fitReportCommand(deps, {
          runs: (options.runs as number | undefined) ?? 40,
          to: options.to as number | undefined,
          workers: options.workers as number | undefined,
          out: (options.out as string | undefined) ?? "fit-report",
          quiet: options.quiet === true,
          backend: options.backend as string | undefined,
          store: options.store as string | false | undefined,
        }),
      );
    });
}
