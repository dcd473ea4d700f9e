/**
 * `cocasim run <scenario> --runs N [--workers K]` with N > 1: an ensemble of N runs
 * of one scenario with seeds derived from its seed (src/ensemble/seeds.ts), run
 * on an executor, summarised as the mean and percentiles of every figure.
 *
 * Also the pieces `cocasim compare` shares: option parsers, running jobs with a
 * progress bar, and the output documents.
 */

import { InvalidArgumentError } from "commander";
import { withDraw } from "../../calibration/posterior-runs.ts";
import { formatMonth } from "../../core/time.ts";
import { maskQueueUrl } from "../../distributed/url.ts";
import { ensembleSeeds } from "../../ensemble/seeds.ts";
import { type EnsembleSummary, summariseEnsemble } from "../../ensemble/summarise.ts";
import { inlineExecutor } from "../../executors/inline.ts";
import type { Executor, SimulationJob } from "../../executors/types.ts";
import type { Summary } from "../../model/results.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { ensembleGroups } from "../../store/cached-executor.ts";
import { ensembleId } from "../../store/store.ts";
import { checkOutputDir, type OutputFile, scenarioToJson, writeFilesAtomic } from "../outputs.ts";
import {
  type CliDeps,
  CliError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type ProgressBar,
  type ScenarioOverrides,
} from "../types.ts";
import { renderEnsembleTable } from "./ensemble-tables.ts";
import { loadTarget, type RunOptions } from "./run.ts";
import { chooseStore, openChosenStore, type StoreChoice } from "./runs.ts";
import { posteriorDraws } from "./uncertainty-checks.ts";
import { describeSubmission } from "./worker.ts";

/** Most runs one command accepts. */
export const MAX_CLI_RUNS = 1_000_000;
/** Most worker threads one command accepts. */
export const MAX_CLI_WORKERS = 1024;

function parseCount(text: string, what: string, max: number): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new InvalidArgumentError(`${what} must be a positive integer.`);
  const n = Number(trimmed);
  if (n < 1) throw new InvalidArgumentError(`${what} must be a positive integer.`);
  if (n > max) throw new InvalidArgumentError(`${what} must be at most ${max}.`);
  return n;
}

/** Parses --runs: a positive integer. */
export function parseRuns(text: string): number {
  return parseCount(text, "the number of runs", MAX_CLI_RUNS);
}

/** Parses --workers: a positive integer. */
export function parseWorkers(text: string): number {
  return parseCount(text, "the number of workers", MAX_CLI_WORKERS);
}

export interface EnsembleRunOptions extends RunOptions {
  runs: number;
  workers?: number;
  /** A queue URL: run on its workers (src/distributed/) instead of this machine's threads. */
  backend?: string;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
  /** Each run also draws the calibrated parameters from the calibration's posterior. */
  posterior?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function overridesOf(options: { seed?: number; from?: number; to?: number }): ScenarioOverrides {
  const overrides: ScenarioOverrides = {};
  if (options.seed !== undefined) overrides.seed = options.seed;
  if (options.from !== undefined) overrides.from = options.from;
  if (options.to !== undefined) overrides.to = options.to;
  return overrides;
}

export interface JobsRun {
  readonly summaries: Summary[];
  /** How the jobs ran, for the closing message: "2 workers" or "in process". */
  readonly where: string;
  /** Where the runs were kept, as a line for stderr ("" when they were not). */
  readonly kept: string;
}

/**
 * Runs `jobs` on the executor the dependencies provide (worker threads in the real
 * CLI; in process with `deps.simulate` when `createExecutor` is absent), with a
 * progress bar counting simulated months when stderr is a terminal. A failed job
 * ends the command with exit code 1.
 */
export async function runJobs(
  deps: CliDeps,
  jobs: readonly SimulationJob[],
  options: {
    readonly workers?: number;
    readonly quiet: boolean;
    readonly label: string;
    readonly backend?: string;
    /** Where the runs are kept (chooseStore): stored runs are read back, the others stored as they finish. */
    readonly store?: StoreChoice;
  },
): Promise<JobsRun> {
  const monthsOf = (job: SimulationJob): number => job.scenario.to - job.scenario.from + 1;
  const months = jobs.map(monthsOf);
  let executor: Executor;
  let where: string;
  const say = (text: string): void => {
    if (!options.quiet) deps.stderr.write(text);
  };
  let store = options.store;
  if (store !== undefined && options.backend === undefined && !deps.createStoredExecutor) {
    if (store.source === "option") throw new CliError("--store: no results store here", EXIT_USAGE);
    store = undefined;
  }
  // Opened once before the runs: a store named with --store or COCASIM_STORE must open (exit 1
  // otherwise), the implicit default may fail (the runs then go on unkept, with a warning). The
  // queue executor opens a store named for it itself.
  let kept: string | undefined;
  if (store !== undefined && (options.backend === undefined || store.source === "default")) {
    const opened = await openChosenStore(deps, store, options.quiet);
    if (opened) {
      kept = opened.location;
      await opened.store.close();
    } else store = undefined;
  }
  if (options.backend !== undefined) {
    if (!deps.createExecutor) throw new CliError("--backend: no queue executor here", EXIT_USAGE);
    // `cocasim status` finds the default store by itself: the hint names only a store given with --store.
    const hint = store?.source === "option" ? store.url : undefined;
    executor = deps.createExecutor(1, {
      url: options.backend,
      store: store?.url,
      onSubmit: (submission) => say(describeSubmission(submission, hint)),
      log: (message) => say(`${message}\n`),
    });
    where = `on the workers of ${maskQueueUrl(options.backend)}`;
    // The queue executor says where its ensembles are (describeSubmission).
    kept = undefined;
  } else if (store !== undefined) {
    // Local runs kept in a results store: stored runs are read back, the rest are run and stored.
    if (!deps.createStoredExecutor) throw new CliError("--store: no results store here", EXIT_USAGE);
    const workers = Math.max(1, Math.min(options.workers ?? deps.defaultWorkers?.() ?? 1, jobs.length));
    executor = deps.createStoredExecutor(workers, store.url);
    where = `${workers} worker${workers === 1 ? "" : "s"}, results kept in the store`;
  } else if (deps.createExecutor) {
    const workers = Math.max(1, Math.min(options.workers ?? deps.defaultWorkers?.() ?? 1, jobs.length));
    executor = deps.createExecutor(workers);
    where = `${workers} worker${workers === 1 ? "" : "s"}`;
  } else {
    executor = inlineExecutor({ simulate: (scenario) => deps.simulate(scenario) });
    where = "in process";
  }
  const totalMonths = months.reduce((a, b) => a + b, 0);
  const bar: ProgressBar | undefined =
    !options.quiet && deps.stderr.isTTY === true
      ? deps.createProgressBar(totalMonths, options.label)
      : undefined;
  // Jobs finish in any order: the bar shows the months of the jobs done so far.
  const monthsDone = (done: number): number => Math.round((done / jobs.length) * totalMonths);
  let summaries: Summary[];
  try {
    summaries = await executor.run(jobs, bar ? { onProgress: (done) => bar.update(monthsDone(done)) } : {});
  } catch (error) {
    throw new CliError(`simulation failed: ${errorMessage(error)}`, EXIT_FAILURE);
  } finally {
    bar?.stop();
    await executor.close();
  }
  let keptLine = "";
  if (kept !== undefined) {
    const ensembles = ensembleGroups(jobs, deps.version).map(
      (g) => `${g.scenario.name} ${ensembleId(g.key)}`,
    );
    if (ensembles.length > 0) {
      keptLine = `kept in ${kept} as ensemble${ensembles.length === 1 ? "" : "s"} ${ensembles.join(", ")}\n`;
    } else if (jobs.length > 1) {
      // Runs that differ in more than the seed (--posterior), or one run per scenario,
      // are kept one by one.
      keptLine = `kept in ${kept}: ${jobs.length} runs, one by one (no ensemble)\n`;
    }
  }
  return { summaries, where, kept: keptLine };
}

/** What `cocasim run --runs N --json` prints and `ensemble.json` holds. */
export interface EnsembleDocument extends EnsembleSummary {
  readonly scenarioHash: string;
  /** The seed the runs' seeds derive from (the scenario's, or --seed). */
  readonly baseSeed: number;
  /** What varies between runs: the seed, or (--posterior) the seed and the calibrated parameters. */
  readonly varies: "seed" | "posterior";
}

export function ensembleDocument(
  scenario: ResolvedScenario,
  scenarioHash: string,
  summaries: readonly Summary[],
  varies: EnsembleDocument["varies"] = "seed",
): EnsembleDocument {
  const stats = summariseEnsemble(summaries);
  return {
    scenario: stats.scenario,
    scenarioHash,
    from: stats.from,
    to: stats.to,
    baseSeed: scenario.seed,
    runs: stats.runs,
    seeds: stats.seeds,
    varies,
    years: stats.years,
  };
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** `runs.jsonl`: one summary per line, in run (seed) order. */
export function renderRunsJsonl(summaries: readonly Summary[]): string {
  return summaries.map((s) => JSON.stringify(s) + "\n").join("");
}

/** `run.json` of an ensemble: what was run, enough to run it again. */
export function renderEnsembleRunJson(
  scenario: ResolvedScenario,
  seeds: readonly number[],
  version: string,
  scenarioHash: string,
  varies: EnsembleDocument["varies"] = "seed",
  draws?: readonly Readonly<Record<string, number>>[],
): string {
  return renderJson({
    cocasim: version,
    seed: scenario.seed,
    runs: seeds.length,
    seeds,
    varies,
    ...(draws ? { draws } : {}),
    scenarioHash,
    scenario: scenarioToJson(scenario),
  });
}

export async function ensembleRunCommand(
  deps: CliDeps,
  target: string,
  options: EnsembleRunOptions,
): Promise<number> {
  if (options.out !== undefined) checkOutputDir(deps.fs, options.out);
  const store = chooseStore(deps, options.store);
  const scenario = loadTarget(deps, target, overridesOf(options));
  const quiet = options.quiet === true;
  const seeds = ensembleSeeds(scenario.seed, options.runs);
  const draws = options.posterior ? posteriorDraws([scenario], [target], seeds)[0] : undefined;
  const varies = draws ? "posterior" : "seed";
  const jobs = seeds.map((seed, i) => ({ scenario: draws ? withDraw(scenario, draws[i]) : scenario, seed }));
  const { summaries, where, kept } = await runJobs(deps, jobs, {
    workers: options.workers,
    quiet,
    label: `${scenario.name} ×${options.runs}`,
    backend: options.backend,
    store,
  });
  const months = scenario.to - scenario.from + 1;
  if (!quiet) {
    deps.stderr.write(
      `simulated ${scenario.name}: ${options.runs} runs of ${months} months, ${formatMonth(scenario.from)} ` +
        `to ${formatMonth(scenario.to)}, seeds from base seed ${scenario.seed}` +
        `${draws ? ", calibrated parameters drawn from the posterior (one draw per run)" : ""}, ${where}\n${kept}`,
    );
  }

  let document: EnsembleDocument;
  try {
    document = ensembleDocument(scenario, deps.scenarioHash(scenario), summaries, varies);
  } catch (error) {
    throw new CliError(`cannot summarise the ensemble: ${errorMessage(error)}`, EXIT_FAILURE);
  }
  const json = renderJson(document);

  if (options.out !== undefined) {
    try {
      const files: OutputFile[] = [
        { name: "ensemble.json", content: json },
        { name: "runs.jsonl", content: renderRunsJsonl(summaries) },
        {
          name: "run.json",
          content: renderEnsembleRunJson(
            scenario,
            seeds,
            deps.version,
            deps.scenarioHash(scenario),
            varies,
            draws,
          ),
        },
      ];
      writeFilesAtomic(deps.fs, options.out, files);
      if (!quiet) deps.stderr.write(`wrote ${files.map((f) => f.name).join(", ")} to ${options.out}\n`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot write outputs to ${options.out}: ${errorMessage(error)}`, EXIT_FAILURE);
    }
  }

  deps.stdout.write(options.json ? json : renderEnsembleTable(document));
  return EXIT_OK;
}

/** Appended to `cocasim run --help`. */
export const ENSEMBLE_RUN_HELP = `
Ensembles: with --runs N (N > 1) the scenario runs N times with N seeds derived
from its seed (or --seed) by SplitMix32, on worker threads (one per CPU core unless
--workers says otherwise; the results do not depend on the number of workers). It
prints, for the main figures of every year, the mean and the 5th and 95th
percentiles over the runs; --json prints the ensemble summary: every figure of the
yearly summary as { mean, p5, p50, p95 } (percentiles by linear interpolation,
type 7). With --out DIR it writes, all at once:
  DIR/ensemble.json  the ensemble summary (the same JSON --json prints)
  DIR/runs.jsonl     one yearly summary per run, one per line, in seed order
  DIR/run.json       the resolved scenario, base seed, the runs' seeds, cocasim version

Every run is kept in the results store (.cocasim/cocasim.db unless COCASIM_STORE
or --store names another; --no-store keeps nothing), and the ensemble too: the
command prints its id, which \`cocasim runs\` lists and \`cocasim export\` and
\`cocasim report\` take. Runs already stored are read back instead of run again,
so repeating an ensemble costs nothing, an interrupted one resumes where it
stopped, and 100 runs extend a stored 10.

With --posterior each run also draws the calibrated parameters (the fitted global
parameters and the zone trends) from the calibration's posterior, so the
percentiles carry parameter uncertainty as well as the model's noise; parameters
the scenario sets itself stay as set. It needs peru or a scenario that extends it,
runs that start in 2018-01 and --runs 2 or more (exit 2 otherwise). Such runs are
kept in the store each under its own parameters, not as an ensemble (they differ
in more than the seed), so the command prints no ensemble id.

With --backend redis://HOST:6379 (or postgres://USER@HOST:5432/DB, a queue kept
in PostgreSQL) the runs go to the workers of that queue
(\`cocasim worker\`, on any number of machines) instead of this machine's threads,
with the same results, and are kept in the store as well. It prints an ensemble
id for \`cocasim status\`; run the same command again to resume an interrupted
ensemble (see docs/distributed.md).

Examples:
  $ cocasim run peru --runs 100
  $ cocasim run peru --runs 1000 --workers 8 --out runs/peru-1000
  $ cocasim run peru --runs 1000 --backend redis://10.0.0.5:6379 --out runs/peru-1000
  $ cocasim run peru --runs 20 --to 2024-12 --json > ensemble.json
  $ cocasim run peru --runs 100 --posterior --out runs/peru-posterior`;
