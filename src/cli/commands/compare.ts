/**
 * `cocasim compare <baseline> <policy> [<policy>...] --runs N`: runs the baseline
 * and each policy N times with the same N seeds (common random numbers) and
 * prints each policy's paired effects year by year (src/ensemble/compare.ts).
 */

import type { Command } from "commander";
import { withDraw } from "../../calibration/posterior-runs.ts";
import { formatMonth } from "../../core/time.ts";
import { compareEnsembles, type EnsembleComparison, type PolicyComparison } from "../../ensemble/compare.ts";
import { ensembleSeeds } from "../../ensemble/seeds.ts";
import type { SimulationJob } from "../../executors/types.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { overridesOf, parseRuns, parseWorkers, renderJson, runJobs } from "./ensemble-run.ts";
import { renderComparisonTable } from "./ensemble-tables.ts";
import { loadTarget } from "./run.ts";
import { chooseStore, KEEP_STORE_OPTION_HELP, NO_STORE_OPTION_HELP } from "./runs.ts";
import { posteriorDraws } from "./uncertainty-checks.ts";
import { BACKEND_OPTION_HELP, parseQueueOption, parseStoreOption } from "./worker.ts";

/** Runs per scenario when --runs is not given. */
export const DEFAULT_COMPARE_RUNS = 10;

export interface CompareOptions {
  runs: number;
  workers?: number;
  /** A queue URL: run on its workers (src/distributed/) instead of this machine's threads. */
  backend?: string;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
  seed?: number;
  from?: number;
  to?: number;
  json?: boolean;
  quiet?: boolean;
  /** Each pair of runs draws the calibrated parameters from the posterior (the same draw for every scenario). */
  posterior?: boolean;
}

/** What `cocasim compare --json` prints. */
export interface ComparisonDocument {
  readonly baseline: string;
  readonly baselineHash: string;
  readonly from: string;
  readonly to: string;
  /** The seed the runs' seeds derive from: the baseline's, or --seed. */
  readonly baseSeed: number;
  readonly runs: number;
  readonly seeds: readonly number[];
  /**
   * What varies between paired runs: "seed" (the seed only) or "posterior" (the seed
   * and the calibrated parameters, drawn from the calibration's posterior, the same
   * draw for every scenario of a pair).
   */
  readonly varies: "seed" | "posterior";
  readonly policies: readonly (PolicyComparison & { readonly scenarioHash: string })[];
}

function comparisonDocument(
  comparison: EnsembleComparison,
  baseline: ResolvedScenario,
  hashes: readonly string[],
  varies: ComparisonDocument["varies"],
): ComparisonDocument {
  return {
    baseline: comparison.baseline,
    baselineHash: hashes[0],
    from: comparison.from,
    to: comparison.to,
    baseSeed: baseline.seed,
    runs: comparison.runs,
    seeds: comparison.seeds,
    varies,
    policies: comparison.policies.map((p, i) => ({
      scenario: p.scenario,
      scenarioHash: hashes[i + 1],
      years: p.years,
    })),
  };
}

export async function compareCommand(
  deps: CliDeps,
  baselineTarget: string,
  policyTargets: readonly string[],
  options: CompareOptions,
): Promise<number> {
  const overrides = overridesOf(options);
  const store = chooseStore(deps, options.store);
  const baseline = loadTarget(deps, baselineTarget, overrides);
  const policies = policyTargets.map((target) => loadTarget(deps, target, overrides));
  policies.forEach((policy, i) => {
    if (policy.from !== baseline.from || policy.to !== baseline.to) {
      throw new CliError(
        `${policyTargets[i]} runs ${formatMonth(policy.from)} to ${formatMonth(policy.to)}, but the baseline ` +
          `${baselineTarget} runs ${formatMonth(baseline.from)} to ${formatMonth(baseline.to)}: ` +
          "give them the same period (--from and --to apply to all)",
        EXIT_USAGE,
      );
    }
  });
  const quiet = options.quiet === true;
  const scenarios = [baseline, ...policies];
  const seeds = ensembleSeeds(baseline.seed, options.runs);
  const members = options.posterior
    ? posteriorDraws(scenarios, [baselineTarget, ...policyTargets], seeds)
    : undefined;
  const jobs: SimulationJob[] = scenarios.flatMap((scenario, s) =>
    seeds.map((seed, i) => ({
      scenario: members ? withDraw(scenario, members[s][i]) : scenario,
      seed,
    })),
  );
  const { summaries, where, kept } = await runJobs(deps, jobs, {
    workers: options.workers,
    quiet,
    label: `compare ${scenarios.length}×${options.runs}`,
    backend: options.backend,
    store,
  });
  if (!quiet) {
    const months = baseline.to - baseline.from + 1;
    deps.stderr.write(
      `simulated ${scenarios.length} scenarios × ${options.runs} runs of ${months} months, ` +
        `${formatMonth(baseline.from)} to ${formatMonth(baseline.to)}, seeds from base seed ${baseline.seed}` +
        `${members ? ", calibrated parameters drawn from the posterior (one draw per pair)" : ""}, ${where}\n${kept}`,
    );
  }
  const n = options.runs;
  let comparison: EnsembleComparison;
  try {
    comparison = compareEnsembles(
      summaries.slice(0, n),
      policies.map((_, p) => summaries.slice((p + 1) * n, (p + 2) * n)),
    );
  } catch (error) {
    throw new CliError(
      `cannot compare the runs: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_FAILURE,
    );
  }
  const document = comparisonDocument(
    comparison,
    baseline,
    scenarios.map((s) => deps.scenarioHash(s)),
    members ? "posterior" : "seed",
  );
  deps.stdout.write(options.json ? renderJson(document) : renderComparisonTable(document));
  return EXIT_OK;
}

const COMPARE_HELP = `
Runs the baseline and every policy scenario N times with the same N seeds (common
random numbers: run i of each uses seed i, derived from the baseline's seed or
--seed; the policies' own seeds are not used), then prints, for each policy and
year, the effect (policy − baseline) on coca hectares, cocaine produced, exported
and seized, arrests, spending (enforcement + alternative development), the dollars
spent per tonne kept off the market (Δspending / −Δexports; "no cut" where exports
did not fall on average), and displacement: active routes, the number of zones
holding 90% of the hectares, the Herfindahl index of hectares across zones, and
the shares of exports by mode. Each effect is the mean over the paired runs with
the 5th–95th percentiles of the runs' effects (90% interval) and the 95% confidence
interval of the mean. --json prints the same as JSON (effects per figure as
{ baseline, policy, mean, interval90, ci95 }).

With --posterior, every pair of runs also draws the calibrated parameters (the
fitted global parameters and the zone trends) from the calibration's posterior, the
same draw for the baseline and every policy, so the intervals carry parameter
uncertainty as well as the model's noise; parameters a policy sets itself stay as
set. It needs peru or scenarios that extend it, runs that start in 2018-01, and
--runs 2 or more (exit 2 otherwise).

All scenarios must cover the same period; --from and --to apply to all of them.
The runs use worker threads, one per CPU core unless --workers says otherwise;
the results do not depend on the number of workers. A progress bar is drawn on
stderr when it is a terminal; --quiet turns it off.

Every run is kept in the results store (.cocasim/cocasim.db unless COCASIM_STORE
or --store names another; --no-store keeps nothing), each scenario's runs as an
ensemble: runs already stored are read back instead of run again, so repeating a
comparison costs nothing and an interrupted one resumes.

Examples:
  $ cocasim compare peru vraem-offensive.yaml
  $ cocasim compare peru a.yaml b.yaml --runs 50 --to 2024-12
  $ cocasim compare peru vraem-offensive.yaml --runs 20 --workers 4 --json > effects.json
  $ cocasim compare peru vraem-offensive.yaml --runs 40 --posterior   with parameter uncertainty
  $ cocasim compare peru a.yaml --runs 500 --backend redis://10.0.0.5:6379   on the queue's workers
  $ cocasim compare peru a.yaml --runs 500 --backend postgres://cocasim@10.0.0.5/cocasim   a queue in Postgres`;

/** Registers `cocasim compare`; the seed and month parsers are program.ts's, passed in to avoid an import cycle. */
export function registerCompareCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  parsers: { seed(text: string): number; month(text: string): number },
): void {
  program
    .command("compare")
    .description("compare policy scenarios with a baseline over paired runs (same seeds)")
    .argument("<baseline>", "baseline scenario file, or name of a built-in scenario")
    .argument("<policies...>", "one or more policy scenario files or built-in names")
    .option("--runs <n>", `runs per scenario (default: ${DEFAULT_COMPARE_RUNS})`, parseRuns)
    .option("--workers <k>", "worker threads (default: one per CPU core)", parseWorkers)
    .option("--backend <url>", BACKEND_OPTION_HELP, parseQueueOption)
    .option("--store <url>", KEEP_STORE_OPTION_HELP, parseStoreOption)
    .option("--no-store", NO_STORE_OPTION_HELP)
    .option("--seed <n>", "base seed of the runs' seeds (default: the baseline's seed)", parsers.seed)
    .option("--from <YYYY-MM>", "first month to simulate, for every scenario", parsers.month)
    .option("--to <YYYY-MM>", "last month to simulate, for every scenario", parsers.month)
    .option("--json", "print the comparison as JSON instead of tables")
    .option(
      "--posterior",
      "each pair of runs also draws the calibrated parameters from the calibration's posterior",
    )
    .option("-q, --quiet", "no progress bar, no messages on stderr (errors still go there)")
    .addHelpText("after", COMPARE_HELP)
    .action(async (baseline: string, policies: string[], options: Record<string, unknown>) => {
      setExitCode(
        await compareCommand(deps, baseline, policies, {
          runs: (options.runs as number | undefined) ?? DEFAULT_COMPARE_RUNS,
          workers: options.workers as number | undefined,
          backend: options.backend as string | undefined,
          store: options.store as string | false | undefined,
          seed: options.seed as number | undefined,
          from: options.from as number | undefined,
          to: options.to as number | undefined,
          json: options.json === true,
          quiet: options.quiet === true,
          posterior: options.posterior === true,
        }),
      );
    });
}
