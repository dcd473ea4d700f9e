/**
 * `cocasim project`: a scenario's coca hectares with the uncertainty an analyst
 * should read them with. Each member takes the parameters the scenario holds from
 * the calibration from the calibration's posterior (src/calibration/projection.ts)
 * and its own seed, and the predictive band adds the model's discrepancy, estimated
 * on the baseline `peru` with the same members over the calibration years
 * (src/calibration/discrepancy.ts), as the fit report does for the record.
 * `run --runs N` varies only the seed; this is the projection with parameter and
 * structural uncertainty. Hectares only: the discrepancy is estimated on hectares.
 */
import type { Command } from "commander";
import { applyDiscrepancy, estimateDiscrepancy } from "../../calibration/discrepancy.ts";
import { bandsCsv, distribution, nationalChartSvg } from "../../calibration/fit-report.ts";
import { posteriorMembers } from "../../calibration/posterior-members.ts";
import { calibratedShare, projectionMembers } from "../../calibration/projection.ts";
import { CALIBRATION_YEARS } from "../../calibration/targets.ts";
import { formatMonth } from "../../core/time.ts";
import { ensembleSeeds } from "../../ensemble/seeds.ts";
import type { SimulationJob } from "../../executors/types.ts";
import type { Summary } from "../../model/results.ts";
import { PERU_CALIBRATION } from "../../scenario/builtin/peru-calibration.ts";
import { checkOutputDir, writeFilesAtomic } from "../outputs.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { overridesOf, parseRuns, parseWorkers, runJobs } from "./ensemble-run.ts";
import { loadTarget } from "./run.ts";
import { chooseStore, KEEP_STORE_OPTION_HELP, NO_STORE_OPTION_HELP } from "./runs.ts";
import { builtinPeru, checkBandRuns, checkYearEnd } from "./uncertainty-checks.ts";
import { BACKEND_OPTION_HELP, parseQueueOption, parseStoreOption } from "./worker.ts";

/** Writes the files atomically; a failure is reported as a CLI error naming the folder. */
function writeOutputs(deps: CliDeps, dir: string, files: { name: string; content: string }[]): void {
  try {
    writeFilesAtomic(deps.fs, dir, files);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot write outputs to ${dir}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_FAILURE,
    );
  }
}

export interface ProjectOptions {
  runs: number;
  seed?: number;
  to?: number;
  workers?: number;
  out?: string;
  quiet: boolean;
  /** A queue URL: run on its workers instead of this machine's threads. */
  backend?: string;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
}

interface NationalBand {
  readonly year: number;
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
  readonly predictiveP5: number;
  readonly predictiveP95: number;
}

/** The national bands of every simulated year (NaN where no run has the year). */
function nationalBands(runs: readonly Summary[], predictive: readonly Summary[]): NationalBand[] {
  const total = (y: Summary["years"][number]) => y.hectares.total;
  const years = [...new Set(runs.flatMap((r) => r.years.map((y) => y.year)))].sort((a, b) => a - b);
  return years.map((year) => {
    const d = distribution(runs, year, total);
    const p = distribution(predictive, year, total);
    return { year, mean: d.mean, p5: d.p5, p95: d.p95, predictiveP5: p.p5, predictiveP95: p.p95 };
  });
}

export async function projectCommand(
  deps: CliDeps,
  target: string,
  options: ProjectOptions,
): Promise<number> {
  checkBandRuns(options.runs);
  checkYearEnd(options.to);
  if (options.out !== undefined) checkOutputDir(deps.fs, options.out);
  const store = chooseStore(deps, options.store);
  const scenario = loadTarget(deps, target, overridesOf({ seed: options.seed, to: options.to }));
  const start = Math.min(...CALIBRATION_YEARS) * 12;
  if (scenario.from !== start) {
    throw new CliError(
      `${scenario.name} starts in ${formatMonth(scenario.from)}; a projection starts where the calibration does, in ${formatMonth(start)}`,
      EXIT_USAGE,
    );
  }
  if (calibratedShare(scenario, PERU_CALIBRATION) === 0) {
    throw new CliError(
      `${scenario.name} carries none of the calibrated parameters: project needs peru or a scenario that extends it`,
      EXIT_USAGE,
    );
  }
  const seeds = ensembleSeeds(scenario.seed, options.runs);
  const members = projectionMembers(scenario, PERU_CALIBRATION, seeds);
  // The discrepancy is the baseline model's against the record: the baseline with the same members.
  const baseline = builtinPeru(deps);
  const baselineMembers = posteriorMembers(PERU_CALIBRATION, seeds);
  const lastCalibration = Math.max(...CALIBRATION_YEARS) * 12 + 11;
  const jobs: SimulationJob[] = [
    ...seeds.map((seed, i) => ({
      seed,
      scenario: { ...scenario, parameters: { ...scenario.parameters, ...members[i] } },
    })),
    ...seeds.map((seed, i) => ({
      seed,
      scenario: {
        ...baseline,
        to: Math.min(baseline.to, lastCalibration),
        parameters: { ...baseline.parameters, ...baselineMembers[i] },
      },
    })),
  ];
  if (!options.quiet) {
    deps.stderr.write(
      `projection: ${seeds.length} runs of ${scenario.name} to ${formatMonth(scenario.to)}, and of peru to ${formatMonth(lastCalibration)} for the discrepancy\n`,
    );
  }
  const { summaries: results, kept } = await runJobs(deps, jobs, {
    workers: options.workers,
    quiet: options.quiet,
    label: `project ${scenario.name} ×${seeds.length}`,
    backend: options.backend,
    store,
  });
  if (!options.quiet) deps.stderr.write(kept);
  const runs = results.slice(0, seeds.length);
  const discrepancy = estimateDiscrepancy(results.slice(seeds.length), CALIBRATION_YEARS);
  const predictive = applyDiscrepancy(runs, discrepancy);
  const bands = nationalBands(runs, predictive);
  const drawn = Object.keys(members[0] ?? {}).length;

  if (options.out !== undefined) {
    const document = {
      scenario: scenario.name,
      from: formatMonth(scenario.from),
      to: formatMonth(scenario.to),
      baseSeed: scenario.seed,
      runs: seeds.length,
      drawnParameters: drawn,
      discrepancy,
      national: bands,
    };
    writeOutputs(deps, options.out, [
      { name: "projection.json", content: `${JSON.stringify(document, null, 2)}\n` },
      { name: "bands.csv", content: bandsCsv(runs, predictive) },
      {
        name: "national.svg",
        content: nationalChartSvg(runs, predictive),
      },
    ]);
    if (!options.quiet)
      deps.stderr.write(`wrote projection.json, bands.csv and national.svg to ${options.out}\n`);
  }
  const ha = (x: number) => Math.round(x).toLocaleString("en-US").padStart(9);
  deps.stdout.write(
    [
      `Projection of ${scenario.name}, ${seeds.length} runs: ${drawn} parameters drawn from the calibration's posterior, the model's discrepancy (σ ${discrepancy.sigmaCommon.toFixed(3)} common + ${discrepancy.sigmaZone.toFixed(3)} by zone per year, log scale) in the predictive band`,
      "",
      "year   coca ha (mean)   90% of the runs          predictive 90%",
      "----   --------------   ----------------------   ----------------------",
      ...bands.map(
        (b) =>
          `${b.year}        ${ha(b.mean)}   ${ha(b.p5)} – ${ha(b.p95)}   ${ha(b.predictiveP5)} – ${ha(b.predictiveP95)}`,
      ),
      "",
    ].join("\n"),
  );
  return EXIT_OK;
}

const HELP = `
Each run draws the parameters the scenario takes from the calibration (the
posterior's particles, each zone's trend from its standard error) and has its own
seed; parameters the scenario sets itself are kept. The predictive band adds the
model's discrepancy, estimated on the baseline peru with the same draws over
2018-2021 (docs/validation.md, section 3). Hectares only. The scenario must start
in 2018-01 and carry the calibration (peru, or a scenario that extends it).
With --out DIR it writes projection.json (the national bands), bands.csv (every
zone and year) and national.svg.

The runs are kept in the results store one by one (.cocasim/cocasim.db unless
COCASIM_STORE or --store names another; --no-store keeps nothing), so repeating a
projection, or resuming an interrupted one, reads them back; --backend sends them to
a queue's workers.

Examples:
  $ cocasim project peru --runs 40 --to 2030-12
  $ cocasim project vraem-offensive.yaml --runs 100 --out runs/vraem-projection`;

export function registerProjectCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  parsers: { seed(text: string): number; month(text: string): number },
): void {
  program
    .command("project")
    .description(
      "a scenario's coca hectares with parameter and structural uncertainty (posterior + discrepancy)",
    )
    .argument("<scenario>", "scenario file or built-in name (peru or one extending it)")
    .option("--runs <n>", "ensemble size (default: 40)", parseRuns)
    .option("--seed <n>", "base seed of the runs, overrides the scenario's", parsers.seed)
    .option("--to <YYYY-MM>", "last month to simulate, overrides the scenario's", parsers.month)
    .option("--workers <k>", "worker threads (default: one per CPU core)", parseWorkers)
    .option("--backend <url>", BACKEND_OPTION_HELP, parseQueueOption)
    .option("--store <url>", KEEP_STORE_OPTION_HELP, parseStoreOption)
    .option("--no-store", NO_STORE_OPTION_HELP)
    .option("--out <dir>", "also write projection.json, bands.csv and national.svg there")
    .option("-q, --quiet", "no progress on stderr")
    .addHelpText("after", HELP)
    .action(async (target: string, options: Record<string, unknown>) => {
      setExitCode(
        await projectCommand(deps, target, {
          runs: (options.runs as number | undefined) ?? 40,
          seed: options.seed as number | undefined,
          to: options.to as number | undefined,
          workers: options.workers as number | undefined,
          out: options.out as string | undefined,
          quiet: options.quiet === true,
          backend: options.backend as string | undefined,
          store: options.store as string | false | undefined,
        }),
      );
    });
}
