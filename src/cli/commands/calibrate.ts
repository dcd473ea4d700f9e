/**
 * `cocasim calibrate`: fits the uncertain parameters of the `peru` baseline to the
 * 2018–2021 record with ABC-SMC (src/calibration/calibrate.ts), on worker threads,
 * and writes the result (point estimates, 90% intervals, the posterior particles)
 * as JSON. The default output is the file the built-in `peru` scenario reads,
 * src/scenario/builtin/peru-calibration.json (rebuild with `npm run build` to use it).
 * Then it checks the dynamics of docs/validation.md §4 at the new point estimate.
 */
import type { Command } from "commander";
import { type CalibrationResult, calibrate, calibratedScenario } from "../../calibration/calibrate.ts";
import { checkDynamics, dynamicsTable } from "../../calibration/dynamics.ts";
import { inlineExecutor } from "../../executors/inline.ts";
import type { Executor } from "../../executors/types.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK } from "../types.ts";
import { parseRuns, parseWorkers } from "./ensemble-run.ts";
import { loadTarget } from "./run.ts";
import { chooseStore, KEEP_STORE_OPTION_HELP, NO_STORE_OPTION_HELP, openChosenStore } from "./runs.ts";
import { parseStoreOption } from "./worker.ts";

export const DEFAULT_CALIBRATION_OUT = "src/scenario/builtin/peru-calibration.json";

export interface CalibrateCliOptions {
  budget: number;
  particles: number;
  seedsPerCandidate: number;
  seed: number;
  workers?: number;
  out: string;
  quiet: boolean;
  /** Check the dynamics of docs/validation.md §4 at the new point estimate (default: yes). */
  dynamics?: boolean;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
}

/** Paired seeds of the dynamics check after a calibration: those of the test suite's small ensemble. */
const DYNAMICS_SEEDS = [101, 102, 103, 104, 105, 106, 107, 108];

export function executorFor(deps: CliDeps, workers: number | undefined): Executor {
  if (deps.createExecutor) return deps.createExecutor(Math.max(1, workers ?? deps.defaultWorkers?.() ?? 1));
  return inlineExecutor({ simulate: (scenario) => deps.simulate(scenario) });
}

/**
 * The calibration's executor: with a results store (the default one unless --store or
 * --no-store says otherwise), every candidate's runs are kept as they complete, so an
 * interrupted calibration, run again with the same options, reads back what it had done
 * and goes on from there (every candidate is a function of the calibration's seed).
 * The candidates are not recorded as ensembles: 1,200 of them would bury the store's
 * listing.
 */
async function calibrationExecutor(deps: CliDeps, options: CalibrateCliOptions): Promise<Executor> {
  const store = chooseStore(deps, options.store);
  if (store === undefined || !deps.createStoredExecutor) return executorFor(deps, options.workers);
  const opened = await openChosenStore(deps, store, options.quiet);
  if (!opened) return executorFor(deps, options.workers);
  await opened.store.close();
  if (!options.quiet) deps.stderr.write(`runs are kept in ${opened.location}\n`);
  const workers = Math.max(1, options.workers ?? deps.defaultWorkers?.() ?? 1);
  return deps.createStoredExecutor(workers, store.url, { recordEnsembles: false });
}

/** Writes text to `path` through a temporary file and a rename, so the file is never half-written. */
export function writeFileAtomic(deps: CliDeps, path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    deps.fs.writeText(tmp, text);
    deps.fs.rename(tmp, path);
  } catch (error) {
    deps.fs.remove(tmp);
    throw new CliError(
      `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_FAILURE,
    );
  }
}

export async function calibrateCommand(
  deps: CliDeps,
  target: string,
  options: CalibrateCliOptions,
): Promise<number> {
  const scenario = loadTarget(deps, target, {});
  const executor = await calibrationExecutor(deps, options);
  let result: CalibrationResult;
  try {
    result = await calibrate({
      // Calibrate from the defaults: earlier calibrated values must not anchor the new fit.
      scenario: { ...scenario, parameters: {} },
      budget: options.budget,
      particles: options.particles,
      seedsPerCandidate: options.seedsPerCandidate,
      seed: options.seed,
      run: (jobs) => executor.run(jobs),
      onProgress: (p) => {
        if (options.quiet) return;
        deps.stderr.write(
          `generation ${p.generation}: ${p.evaluations}/${p.budget} candidates, ${p.accepted} accepted, tolerance ${Number.isFinite(p.tolerance) ? p.tolerance.toFixed(4) : "∞"}, best ${p.best.toFixed(4)}\n`,
        );
      },
      onTrendProgress: (stage, iteration, rmsle) => {
        if (options.quiet) return;
        deps.stderr.write(
          `zone trends (stage ${stage} of 3), iteration ${iteration + 1}: zone error ${rmsle.toFixed(4)}\n`,
        );
      },
    });
  } catch (error) {
    throw new CliError(
      `calibration failed: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_FAILURE,
    );
  } finally {
    await executor.close();
  }
  writeFileAtomic(deps, options.out, `${JSON.stringify(result, null, 2)}\n`);
  const lines = [
    `calibrated ${Object.keys(result.parameters).length} parameters with ${result.evaluations} candidates × ${result.seedsPerCandidate} seeds (${result.generations} generations)`,
    `distance to the 2018–2021 record: ${result.distance.total} (zones ${result.distance.zones}, national ${result.distance.national}, seizures ${result.distance.seizures})`,
    "",
    "parameter                                   estimate   90% interval",
    ...Object.entries(result.parameters).map(
      ([path, value]) =>
        `${path.padEnd(42)} ${String(value).padStart(10)}   ${result.intervals[path][0]} – ${result.intervals[path][1]}`,
    ),
    "",
    "zone trend (USD/ha/yr per year)             estimate   standard error",
    ...Object.entries(result.zoneTrends).map(
      ([zone, t]) => `${zone.padEnd(42)} ${String(t.value).padStart(10)}   ${t.se}`,
    ),
    "",
    `wrote ${options.out}`,
  ];
  deps.stdout.write(`${lines.join("\n")}\n`);
  if (options.dynamics !== false) checkDynamicsAt(deps, calibratedScenario(scenario, result), options.quiet);
  return EXIT_OK;
}

/**
 * A calibration fits hectares and seizures, not the dynamics the model must also
 * reproduce (route displacement, the balloon effect...): a posterior can land where
 * one of them fails, as one did on 2026-11-29. So the new point estimate is checked
 * on the test suite's 8 paired seeds (about a minute, in this thread), and a failure
 * is reported: the file is written either way, but `npm test` would fail on it.
 */
function checkDynamicsAt(deps: CliDeps, scenario: ResolvedScenario, quiet: boolean): void {
  if (!quiet)
    deps.stderr.write(
      `checking the dynamics at the new point estimate (${DYNAMICS_SEEDS.length} paired seeds)\n`,
    );
  const checks = checkDynamics((s) => deps.simulate(s), scenario, DYNAMICS_SEEDS);
  const failed = checks.flatMap((check) => check.conditions.filter((c) => !c.passed));
  deps.stdout.write(`\n${dynamicsTable(checks, DYNAMICS_SEEDS.length)}\n`);
  if (failed.length > 0) {
    deps.stderr.write(
      `warning: ${failed.length} dynamics condition${failed.length === 1 ? "" : "s"} fail at this calibration (docs/validation.md §4); npm test will fail until they hold\n`,
    );
  }
}

const HELP = `
Examples:
  $ cocasim calibrate                       fit peru with the default budget (about 10-20 min on 2 cores)
  $ cocasim calibrate --budget 200 --out /tmp/quick.json
                                            a quick, rough fit written elsewhere
  $ cocasim calibrate --workers 1 --seed 7  single worker, another calibration seed

The method is approximate Bayesian computation by sequential Monte Carlo over the
parameters listed in docs/validation.md, each within its prior range, against DEVIDA
hectares by zone and nationally and recorded seizures for 2018-2021, with each
zone's coca trend fitted by least squares before and after it. The default
output is the file the built-in peru scenario reads; run \`npm run build\` afterwards.
At the end it checks, on 8 paired seeds, that the dynamics of docs/validation.md
section 4 still hold at the new point estimate (about a minute; --no-dynamics skips it)
and warns when one fails.

Every candidate's runs are kept in the results store (.cocasim/cocasim.db unless
COCASIM_STORE or --store names another; --no-store keeps nothing) as they complete,
so a calibration interrupted and run again with the same options reads back what it
had done and goes on from there, with the same result.`;

export function registerCalibrateCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  parsers: { seed(text: string): number },
): void {
  program
    .command("calibrate")
    .description("fit the peru baseline's uncertain parameters to the 2018-2021 record (ABC-SMC)")
    .argument("[scenario]", "scenario file or built-in name to calibrate", "peru")
    .option("--budget <n>", "candidate parameter sets to evaluate (default: 1200)", parseRuns)
    .option("--particles <n>", "particles kept per generation (default: 48)", parseRuns)
    .option("--seeds-per-candidate <n>", "simulation seeds averaged per candidate (default: 3)", parseRuns)
    .option("--seed <n>", "seed of the calibration itself (default: 20240101)", parsers.seed)
    .option("--workers <k>", "worker threads (default: one per CPU core)", parseWorkers)
    .option("--out <file>", `where to write the result (default: ${DEFAULT_CALIBRATION_OUT})`)
    .option("--no-dynamics", "skip the check of the dynamics at the new point estimate")
    .option("--store <url>", KEEP_STORE_OPTION_HELP, parseStoreOption)
    .option("--no-store", NO_STORE_OPTION_HELP)
    .option("-q, --quiet", "no progress on stderr")
    .addHelpText("after", HELP)
    .action(async (target: string, options: Record<string, unknown>) => {
      setExitCode(
        await calibrateCommand(deps, target, {
          budget: (options.budget as number | undefined) ?? 1200,
          particles: (options.particles as number | undefined) ?? 48,
          seedsPerCandidate: (options.seedsPerCandidate as number | undefined) ?? 3,
          seed: (options.seed as number | undefined) ?? 20240101,
          workers: options.workers as number | undefined,
          out: (options.out as string | undefined) ?? DEFAULT_CALIBRATION_OUT,
          quiet: options.quiet === true,
          dynamics: options.dynamics !== false,
          store: options.store as string | false | undefined,
        }),
      );
    });
}
