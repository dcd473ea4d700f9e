/**
 * `cocasim experiment <file> [--workers K] [--store URL] [--json]`: reads an
 * experiment file (src/experiments), builds its design, and runs every design
 * row × replication on the executor, storing the experiment and its outcomes
 * in the results store chunk by chunk. Running the same file again resumes an
 * interrupted experiment (only the rows without outcomes run) or, when it is
 * complete, just prints its summary. Prints the experiment's id and the
 * outcomes' statistics over the design.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { formatMonth } from "../../core/time.ts";
import { inlineExecutor } from "../../executors/inline.ts";
import type { Executor } from "../../executors/types.ts";
import { type OutcomeStats, outcomeStats } from "../../experiments/analyze.ts";
import { issuesToErrors, parseExperiment } from "../../experiments/parse.ts";
import { runExperiment } from "../../experiments/run.ts";
import { checkAgainstScenario, withPeriod } from "../../experiments/scenario.ts";
import type { ExperimentDefinition } from "../../experiments/types.ts";
import { num } from "../../report/format.ts";
import { formatErrors, type ScenarioError } from "../../scenario/parse.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { renderTable } from "../format.ts";
import {
  type CliDeps,
  CliError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type LoadResult,
  type ProgressBar,
} from "../types.ts";
import { parseWorkers } from "./ensemble-run.ts";
import { openCliStore, STORE_HELP, STORE_OPTION_HELP } from "./runs.ts";

export interface ExperimentOptions {
  workers?: number;
  /** A results store URL; false: --no-store (kept in memory only); undefined: the default store. */
  store?: string | false;
  json?: boolean;
  quiet?: boolean;
  /** Overrides of the file's period, samples and replications (they change the experiment's id). */
  from?: number;
  to?: number;
  samples?: number;
  replications?: number;
  /** Design rows per stored chunk. */
  chunk?: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseCount(text: string, what: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || !Number.isSafeInteger(Number(trimmed))) {
    throw new InvalidArgumentError(`${what} must be a positive integer.`);
  }
  return Number(trimmed);
}

export const parseSamples = (text: string): number => parseCount(text, "the number of samples");
export const parseReplications = (text: string): number => parseCount(text, "the number of replications");
export const parseChunk = (text: string): number => parseCount(text, "the chunk size");

/** Prints positioned errors and ends the command with exit code 2. */
function failWith(deps: CliDeps, errors: readonly ScenarioError[], file: string, what: string): never {
  deps.stderr.write(formatErrors(errors) + "\n");
  const n = errors.length;
  throw new CliError(`${file}: ${n} error${n === 1 ? "" : "s"} in the ${what}`, EXIT_USAGE);
}

/** The experiment file, parsed and validated, with the command-line overrides applied. */
function readExperiment(
  deps: CliDeps,
  file: string,
  options: ExperimentOptions,
): {
  definition: ExperimentDefinition;
  locate: (path: readonly (string | number)[]) => { line: number; column: number };
} {
  const kind = deps.fs.kind(file);
  if (kind === undefined) throw new CliError(`${file}: no such file`, EXIT_USAGE);
  if (kind === "directory") throw new CliError(`${file} is a directory, not an experiment file`, EXIT_USAGE);
  let text: string;
  try {
    text = deps.fs.readText(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${errorMessage(error)}`, EXIT_USAGE);
  }
  const parsed = parseExperiment(text, file);
  if (!parsed.ok) failWith(deps, parsed.errors, file, "experiment");
  let definition = parsed.definition;
  if (options.samples !== undefined) {
    if (definition.design.sampler === "full-factorial") {
      throw new CliError(
        "--samples: a full-factorial design has no samples (its size comes from its levels)",
        EXIT_USAGE,
      );
    }
    definition = { ...definition, design: { ...definition.design, samples: options.samples } };
  }
  if (options.replications !== undefined) definition = { ...definition, replications: options.replications };
  return { definition, locate: parsed.locate };
}

/** The base scenario: a file next to the experiment file (or at the given path), else a built-in. */
function loadBase(
  deps: CliDeps,
  file: string,
  definition: ExperimentDefinition,
  locate: (path: readonly (string | number)[]) => { line: number; column: number },
  options: ExperimentOptions,
): ResolvedScenario {
  const name = definition.scenario;
  const path = isAbsolute(name) ? name : resolve(dirname(file), name);
  let loaded: LoadResult;
  const kind = deps.fs.kind(path);
  if (kind === "file") {
    let text: string;
    try {
      text = deps.fs.readText(path);
    } catch (error) {
      throw new CliError(`cannot read the scenario ${path}: ${errorMessage(error)}`, EXIT_USAGE);
    }
    loaded = deps.loadScenario(text, path);
  } else if (deps.builtinNames().includes(name)) {
    loaded = deps.loadBuiltin(name);
  } else {
    failWith(
      deps,
      [
        {
          file,
          ...locate(["scenario"]),
          path: "scenario",
          message: `expected a built-in scenario (${deps.builtinNames().join(", ")}) or a scenario file, got ${JSON.stringify(name)} (no file ${path})`,
        },
      ],
      file,
      "experiment",
    );
  }
  if (!loaded.ok) {
    const text = deps.formatErrors(loaded.errors);
    deps.stderr.write(text.endsWith("\n") ? text : text + "\n");
    throw new CliError(`${name}: errors in the experiment's scenario`, EXIT_USAGE);
  }
  let base = withPeriod(definition, loaded.scenario);
  if (options.from !== undefined || options.to !== undefined) {
    base = { ...base, from: options.from ?? base.from, to: options.to ?? base.to };
  }
  if (base.to < base.from) {
    throw new CliError(
      `the experiment would end (${formatMonth(base.to)}) before it starts (${formatMonth(base.from)})`,
      EXIT_USAGE,
    );
  }
  return base;
}

/** What `cocasim experiment --json` prints. */
export interface ExperimentDocument {
  readonly id: string;
  readonly name: string;
  readonly scenario: string;
  readonly from: string;
  readonly to: string;
  readonly sampler: string;
  readonly rows: number;
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly resumed: boolean;
  /** Rows that already had outcomes before this command. */
  readonly alreadyDone: number;
  /** Rows this command ran. */
  readonly ran: number;
  readonly outcomes: readonly OutcomeStats[];
}

export function renderExperimentSummary(doc: ExperimentDocument): string {
  const lines = [
    `Experiment ${doc.name} (id ${doc.id}): ${doc.rows} design rows × ${doc.replications} replication${doc.replications === 1 ? "" : "s"}, ` +
      `${doc.sampler}, ${doc.scenario} ${doc.from} to ${doc.to}`,
    "",
  ];
  const table = renderTable(
    [
      { header: ["outcome"], align: "left" },
      { header: ["figure"], align: "left" },
      { header: ["year"], align: "left" },
      { header: ["direction"], align: "left" },
      { header: ["mean"], align: "right" },
      { header: ["min"], align: "right" },
      { header: ["p5"], align: "right" },
      { header: ["median"], align: "right" },
      { header: ["p95"], align: "right" },
      { header: ["max"], align: "right" },
      { header: ["best row"], align: "right" },
    ],
    doc.outcomes.map((o) => [
      o.name,
      o.figure,
      String(o.year),
      o.direction,
      num(o.mean),
      num(o.min),
      num(o.p5),
      num(o.p50),
      num(o.p95),
      num(o.max),
      o.best ? String(o.best.row) : "–",
    ]),
  );
  const best = doc.outcomes
    .filter((o) => o.best)
    .map(
      (o) =>
        `${o.direction === "minimize" ? "lowest" : "highest"} ${o.name} (${num(o.best!.value)}) at row ${o.best!.row}: ` +
        Object.entries(o.best!.factors)
          .map(([name, v]) => `${name} ${num(v)}`)
          .join(", "),
    );
  return lines.join("\n") + "\n" + table + (best.length > 0 ? `\n${best.join("\n")}\n` : "");
}

function suggestedMethod(sampler: string): string {
  return sampler === "sobol" ? "sobol" : sampler === "morris" ? "morris" : "features";
}

export async function experimentCommand(
  deps: CliDeps,
  file: string,
  options: ExperimentOptions,
): Promise<number> {
  const quiet = options.quiet === true;
  const { definition, locate } = readExperiment(deps, file, options);
  const base = loadBase(deps, file, definition, locate, options);
  const effective: ExperimentDefinition =
    options.from !== undefined || options.to !== undefined
      ? { ...definition, period: { from: formatMonth(base.from), to: formatMonth(base.to) } }
      : definition;
  const issues = checkAgainstScenario(effective, base);
  if (issues.length > 0) failWith(deps, issuesToErrors(issues, file, locate), file, "experiment");

  // --no-store: the experiment still needs a store to run in, so one in memory, gone at the end.
  const { store, location } =
    options.store === false
      ? await openCliStore(deps, "sqlite::memory:")
      : await openCliStore(deps, options.store);
  if (!store) throw new CliError(`cannot open the store ${location}`, EXIT_FAILURE);
  const months = base.to - base.from + 1;
  let executor: Executor | undefined;
  let where = "in process";
  let bar: ProgressBar | undefined;
  let lastNote = -1;
  let jobsLeft = 1;
  try {
    const result = await runExperiment({
      store,
      executor: {
        // Created on first use, once the number of jobs left is known.
        run: (jobs, runOptions) => {
          if (!executor) {
            if (deps.createExecutor) {
              const workers = Math.max(
                1,
                Math.min(options.workers ?? deps.defaultWorkers?.() ?? 1, jobsLeft),
              );
              executor = deps.createExecutor(workers);
              where = `${workers} worker${workers === 1 ? "" : "s"}`;
            } else executor = inlineExecutor({ simulate: (scenario) => deps.simulate(scenario) });
          }
          return executor.run(jobs, runOptions);
        },
        close: async () => {},
      },
      modelVersion: deps.version,
      definition: effective,
      scenario: base,
      ...(options.chunk !== undefined ? { chunkRows: options.chunk } : {}),
      onStart: (start) => {
        const runs = start.toRun * start.replications;
        jobsLeft = Math.max(1, runs);
        if (quiet) return;
        deps.stderr.write(
          `experiment ${start.id} in ${location}: ${start.rows} design rows × ${start.replications} replication${start.replications === 1 ? "" : "s"}` +
            (start.resumed ? `, ${start.alreadyDone} rows already done` : "") +
            (start.toRun > 0
              ? `; running ${start.toRun} rows (${runs} runs of ${months} months)\n`
              : "; nothing left to run\n"),
        );
        if (start.toRun > 0 && deps.stderr.isTTY === true) {
          bar = deps.createProgressBar(
            runs * months,
            `${effective.name} ${start.toRun}×${start.replications}`,
          );
        }
      },
      onProgress: (done) => bar?.update(done * months),
      onStored: (rowsDone, rows) => {
        if (quiet || bar) return;
        const decile = Math.floor((rowsDone / rows) * 10);
        if (decile > lastNote || rowsDone === rows) {
          lastNote = decile;
          deps.stderr.write(`  ${rowsDone}/${rows} rows stored\n`);
        }
      },
    }).catch((error: unknown) => {
      throw new CliError(
        `simulation failed: ${errorMessage(error)}\nthe rows finished so far are stored: run the same command again to resume`,
        EXIT_FAILURE,
      );
    });
    bar?.stop();
    bar = undefined;
    if (!quiet && result.toRun > 0) {
      deps.stderr.write(
        `ran ${result.toRun} rows × ${result.replications} replication${result.replications === 1 ? "" : "s"}, ${where}\n`,
      );
    }
    const loaded = {
      id: result.id,
      stored: result.stored,
      design: result.design,
      outcomes: result.outcomes,
    };
    const doc: ExperimentDocument = {
      id: result.id,
      name: effective.name,
      scenario: base.name,
      from: formatMonth(base.from),
      to: formatMonth(base.to),
      sampler: effective.design.sampler,
      rows: result.rows,
      replications: result.replications,
      seeds: result.stored.seeds,
      resumed: result.resumed,
      alreadyDone: result.alreadyDone,
      ran: result.toRun,
      outcomes: outcomeStats(loaded),
    };
    deps.stdout.write(options.json ? JSON.stringify(doc, null, 2) + "\n" : renderExperimentSummary(doc));
    if (!quiet && !options.json) {
      deps.stderr.write(
        options.store === false
          ? "nothing was kept (--no-store): run without it to analyse or report on the experiment\n"
          : `next: cocasim analyze ${result.id} --method ${suggestedMethod(effective.design.sampler)}` +
              `${options.store ? ` --store ${options.store}` : ""}; cocasim report ${result.id}\n`,
      );
    }
    return EXIT_OK;
  } finally {
    bar?.stop();
    await (executor as Executor | undefined)?.close();
    await store.close();
  }
}

const EXPERIMENT_HELP = `
FILE is an experiment (YAML; see examples/README.md): a base scenario, the
uncertainties (model parameters over ranges) and levers (a policy's intensity,
hectares, budget or labs over ranges), the outcomes (figures of the yearly
summary), and a design (latin-hypercube, monte-carlo, full-factorial, sobol or
morris). Every design row runs once per replication (seeds derived from the
scenario's seed, the same for every row); outcomes are averaged over them.

The experiment, its design rows and each row's outcomes go to the results store
as they finish, chunk by chunk. Running the same command again resumes an
interrupted experiment: only the rows without outcomes run, and the results are
the same as an uninterrupted run's. The experiment's id is a hash of the model
version, the definition (with the base scenario) and the overrides below, so
--to, --samples and --replications make a different experiment.

Errors in the file are reported as FILE:LINE:COL: PATH: MESSAGE (exit code 2).
${STORE_HELP}

Examples:
  $ cocasim experiment examples/checkpoints-vs-eradication.yaml
  $ cocasim experiment examples/checkpoints-vs-eradication.yaml --to 2020-12 --samples 8 --replications 1
  $ cocasim experiment my-experiment.yaml --workers 8 --json > summary.json
  $ cocasim analyze <id> --method features`;

/** Registers `cocasim experiment`; the month parser is program.ts's, passed in to avoid an import cycle. */
export function registerExperimentCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  parsers: { month(text: string): number },
): void {
  program
    .command("experiment")
    .description("run an experiment (a design over uncertainties and levers) into the results store")
    .argument("<file>", "experiment file (YAML)")
    .option("--workers <k>", "worker threads (default: one per CPU core)", parseWorkers)
    .option("--store <url>", STORE_OPTION_HELP)
    .option("--no-store", "keep nothing: run the experiment in memory and print its summary")
    .option("--json", "print the summary as JSON")
    .option("-q, --quiet", "no progress, no messages on stderr (errors still go there)")
    .option("--from <YYYY-MM>", "first month to simulate, overrides the file's period", parsers.month)
    .option("--to <YYYY-MM>", "last month to simulate, overrides the file's period", parsers.month)
    .option("--samples <n>", "overrides the design's samples", parseSamples)
    .option("--replications <n>", "overrides the replications per design row", parseReplications)
    .option("--chunk <rows>", "design rows run and stored together (default: about 32 runs)", parseChunk)
    .addHelpText("after", EXPERIMENT_HELP)
    .action(async (file: string, options: Record<string, unknown>) => {
      setExitCode(
        await experimentCommand(deps, file, {
          workers: options.workers as number | undefined,
          store: options.store as string | false | undefined,
          json: options.json === true,
          quiet: options.quiet === true,
          from: options.from as number | undefined,
          to: options.to as number | undefined,
          samples: options.samples as number | undefined,
          replications: options.replications as number | undefined,
          chunk: options.chunk as number | undefined,
        }),
      );
    });
}
