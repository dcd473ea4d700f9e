/**
 * The command line, built with commander around injected dependencies. `runCli`
 * never exits the process and never throws: it returns the exit code.
 *
 * Exit codes: 0 success, 1 failure while running, 2 bad usage or bad input.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { parseMonth } from "../core/time.ts";
import { registerAnalyzeCommand } from "./commands/analyze.ts";
import { registerCalibrateCommand } from "./commands/calibrate.ts";
import { registerCompareCommand } from "./commands/compare.ts";
import { ENSEMBLE_RUN_HELP, ensembleRunCommand, parseRuns, parseWorkers } from "./commands/ensemble-run.ts";
import { registerExperimentCommand } from "./commands/experiment.ts";
import { registerExportCommand } from "./commands/export.ts";
import { registerFitReportCommand } from "./commands/fit-report.ts";
import { registerProjectCommand } from "./commands/project.ts";
import { registerReportCommand } from "./commands/report.ts";
import { runCommand } from "./commands/run.ts";
import { KEEP_STORE_OPTION_HELP, NO_STORE_OPTION_HELP, registerRunsCommand } from "./commands/runs.ts";
import { scenariosCommand } from "./commands/scenarios.ts";
import { schemaCommand } from "./commands/schema.ts";
import { registerServeCommand } from "./commands/serve.ts";
import { registerStatusCommand } from "./commands/status.ts";
import { validateCommand } from "./commands/validate.ts";
import {
  BACKEND_OPTION_HELP,
  parseQueueOption,
  parseStoreOption,
  registerWorkerCommand,
} from "./commands/worker.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./types.ts";

/** Largest seed: seeds are 32-bit unsigned integers (src/core/rng.ts). */
export const MAX_SEED = 0xffffffff;

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError("the seed must be a non-negative integer.");
  const seed = Number(text.trim());
  if (!Number.isSafeInteger(seed) || seed > MAX_SEED) {
    throw new InvalidArgumentError(`the seed must be at most ${MAX_SEED}.`);
  }
  return seed;
}

export function parseMonthOption(text: string): number {
  const month = parseMonth(text.trim());
  if (month === undefined) throw new InvalidArgumentError("expected a month as YYYY-MM, e.g. 2020-01.");
  return month;
}

const PROGRAM_HELP = `
Examples:
  $ cocasim run peru                            run the built-in baseline, print a yearly summary
  $ cocasim run my-scenario.yaml --out runs/a   also write the output files to runs/a
  $ cocasim run peru --runs 100                 an ensemble of 100 runs: means and percentiles
  $ cocasim compare peru my-policy.yaml         a policy's effects against the baseline, paired runs
  $ cocasim validate my-scenario.yaml           check a scenario file without running it
  $ cocasim scenarios                           list the built-in scenarios
  $ cocasim run --help                          options and examples of one command

Exit codes: 0 success, 1 failure while running, 2 bad usage or bad input.`;

const RUN_HELP = `
SCENARIO is a path to a scenario file (YAML) or, when no such file exists, the name of
a built-in scenario (see \`cocasim scenarios\`).

Without --out nothing is written to disk: the summary goes to stdout (a table, or JSON
with --json). With --out DIR the run writes, all at once (into a temporary directory
next to DIR, then renamed into place, so a failed run leaves no partial files):
  DIR/summary.json  yearly summary (the same JSON --json prints)
  DIR/monthly.csv   monthly series, long format: month,variable,key,value
  DIR/flows.csv     trafficking flows: month,edge,from,to,mode,flow_kg,seized_kg
  DIR/run.json      the resolved scenario, seed, cocasim version and scenario hash
Files are byte-identical for the same scenario, seed and cocasim version.

The run is kept, with its monthly series and flows, in the results store: an SQLite
file, .cocasim/cocasim.db under the current directory, unless the environment
variable COCASIM_STORE or --store names another (a file, sqlite:PATH or
postgres://...). Run again with the same scenario, seed and model version, it is
read back instead of simulated, with the same output. --no-store keeps nothing.
\`cocasim runs\` lists what the store holds.

A progress bar is drawn on stderr when it is a terminal; --quiet turns it off.

Examples:
  $ cocasim run peru
  $ cocasim run peru --seed 7 --from 2018-01 --to 2022-12
  $ cocasim run scenarios/eradication-x2.yaml --out runs/eradication-x2
  $ cocasim run peru --json --quiet > summary.json
  $ cocasim run peru --no-store                 simulate, keep nothing
  $ COCASIM_STORE=postgres://cocasim@db/cocasim cocasim run peru`;

const VALIDATE_HELP = `
Prints "ok: FILE (name, from–to, N policies)" and exits 0, or prints the errors on
stderr as FILE:LINE:COL: PATH: MESSAGE and exits 2.

Examples:
  $ cocasim validate my-scenario.yaml
  $ cocasim scenarios --show peru > mine.yaml && cocasim validate mine.yaml`;

const SCHEMA_HELP = `
The schema describes scenario files; editors can use it for completion and checks.

Examples:
  $ cocasim schema > cocasim-scenario.schema.json
  # then, in VS Code with the YAML extension, first line of a scenario file:
  # yaml-language-server: $schema=./cocasim-scenario.schema.json`;

const SCENARIOS_HELP = `
Examples:
  $ cocasim scenarios                  list the built-in scenarios
  $ cocasim scenarios --zones          zone names, their departments and other names
  $ cocasim scenarios --show peru      print the YAML of a built-in scenario
  $ cocasim scenarios --show peru > mine.yaml   start a scenario of your own`;

/** Builds the commander program; each action stores its exit code through `setExitCode`. */
export function buildProgram(deps: CliDeps, setExitCode: (code: number) => void): Command {
  const program = new Command("cocasim");
  program
    .description("Agent-based simulation of Peru's coca-to-cocaine system.")
    .version(deps.version, "-V, --version", "print the cocasim version")
    .helpOption("-h, --help", "show help and examples")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, "cocasim: ")),
      getOutHelpWidth: () => deps.stdout.columns ?? 80,
      getErrHelpWidth: () => deps.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError("(add --help for usage and examples)")
    .addHelpText("after", PROGRAM_HELP);

  program
    .command("run")
    .description("run a scenario and print a yearly summary")
    .argument("<scenario>", "scenario file, or name of a built-in scenario")
    .option("--seed <n>", "random seed (non-negative integer), overrides the scenario's", parseSeed)
    .option("--from <YYYY-MM>", "first month to simulate, overrides the scenario's", parseMonthOption)
    .option("--to <YYYY-MM>", "last month to simulate, overrides the scenario's", parseMonthOption)
    .option("--out <dir>", "write the output files into DIR (default: write nothing)")
    .option("--json", "print the summary as JSON instead of a table")
    .option("-q, --quiet", "no progress bar, no messages on stderr (errors still go there)")
    .option("--runs <n>", "number of runs with different seeds: an ensemble when > 1 (default: 1)", parseRuns)
    .option("--workers <k>", "worker threads for an ensemble (default: one per CPU core)", parseWorkers)
    .option("--backend <url>", `with --runs: ${BACKEND_OPTION_HELP}`, parseQueueOption)
    .option("--store <url>", KEEP_STORE_OPTION_HELP, parseStoreOption)
    .option("--no-store", NO_STORE_OPTION_HELP)
    .option("--posterior", "with --runs: each run also draws the calibrated parameters from the posterior")
    .addHelpText("after", RUN_HELP)
    .addHelpText("after", ENSEMBLE_RUN_HELP)
    .action(async (scenario: string, options: Record<string, unknown>) => {
      const runOptions = {
        seed: options.seed as number | undefined,
        from: options.from as number | undefined,
        to: options.to as number | undefined,
        out: options.out as string | undefined,
        json: options.json === true,
        quiet: options.quiet === true,
      };
      const runs = (options.runs as number | undefined) ?? 1;
      const backend = options.backend as string | undefined;
      const store = options.store as string | false | undefined;
      if (runs === 1 && backend !== undefined) {
        throw new CliError("--backend is for ensembles: add --runs N (N > 1)", EXIT_USAGE);
      }
      const posterior = options.posterior === true;
      if (runs === 1 && posterior) {
        throw new CliError("--posterior is for ensembles: add --runs N (N > 1)", EXIT_USAGE);
      }
      setExitCode(
        runs > 1
          ? await ensembleRunCommand(deps, scenario, {
              ...runOptions,
              runs,
              workers: options.workers as number | undefined,
              backend,
              store,
              posterior,
            })
          : await runCommand(deps, scenario, { ...runOptions, store }),
      );
    });

  program
    .command("validate")
    .description("check a scenario file without running it")
    .argument("<file>", "scenario file (YAML)")
    .addHelpText("after", VALIDATE_HELP)
    .action((file: string) => {
      setExitCode(validateCommand(deps, file));
    });

  program
    .command("schema")
    .description("print the JSON Schema of scenario files")
    .addHelpText("after", SCHEMA_HELP)
    .action(() => {
      setExitCode(schemaCommand(deps));
    });

  program
    .command("scenarios")
    .description("list the built-in scenarios, or the zones, or print one scenario's YAML")
    .addOption(
      new Option("--zones", "list the zones with their departments and other names").conflicts("show"),
    )
    .addOption(new Option("--show <name>", "print the YAML of a built-in scenario"))
    .addHelpText("after", SCENARIOS_HELP)
    .action((options: { zones?: boolean; show?: string }) => {
      setExitCode(scenariosCommand(deps, options));
    });

  registerCompareCommand(program, deps, setExitCode, { seed: parseSeed, month: parseMonthOption });
  registerRunsCommand(program, deps, setExitCode);
  registerExportCommand(program, deps, setExitCode);
  registerServeCommand(program, deps, setExitCode);
  registerCalibrateCommand(program, deps, setExitCode, { seed: parseSeed });
  registerFitReportCommand(program, deps, setExitCode, { month: parseMonthOption });
  registerProjectCommand(program, deps, setExitCode, { seed: parseSeed, month: parseMonthOption });
  registerWorkerCommand(program, deps, setExitCode);
  registerStatusCommand(program, deps, setExitCode);
  registerExperimentCommand(program, deps, setExitCode, { month: parseMonthOption });
  registerAnalyzeCommand(program, deps, setExitCode);
  registerReportCommand(program, deps, setExitCode);

  return program;
}

/** Maps an error thrown by commander (help, version, usage errors) to an exit code. */
function commanderExitCode(error: CommanderError): number {
  switch (error.code) {
    case "commander.helpDisplayed":
    case "commander.version":
      return EXIT_OK;
    case "commander.help":
      // `cocasim` alone prints help on stderr with exit code 1 in commander: that is bad usage.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    default:
      return EXIT_USAGE;
  }
}

/**
 * Runs the CLI on `args` (the user's arguments, without `node` and the script path).
 * Never throws: everything ends as a message on stderr and an exit code.
 */
export async function runCli(args: readonly string[], deps: CliDeps): Promise<number> {
  let exitCode = EXIT_OK;
  try {
    const program = buildProgram(deps, (code) => {
      exitCode = code;
    });
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    if (error instanceof CliError) {
      deps.stderr.write(`cocasim: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    deps.stderr.write(`cocasim: ${message}\n`);
    return EXIT_FAILURE;
  }
}
