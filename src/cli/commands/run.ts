/** `cocasim run <scenario-file|builtin-name>`: load, simulate, print a summary, optionally write outputs. */
import { formatMonth } from "../../core/time.ts";
import type { SimulationResult } from "../../model/results.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
import { checkOutputDir, renderOutputFiles, renderSummaryJson, writeFilesAtomic } from "../outputs.ts";
import { renderSummaryTable } from "../summary-table.ts";
import {
  type CliDeps,
  CliError,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type LoadResult,
  type ProgressBar,
  type ScenarioOverrides,
} from "../types.ts";

export interface RunOptions {
  seed?: number;
  from?: number;
  to?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Lists the built-in scenario names for error messages. */
export function builtinList(deps: CliDeps): string {
  const names = deps.builtinNames();
  return names.length > 0 ? names.join(", ") : "(none)";
}

/**
 * Resolves `target`: a path that exists is read as a scenario file; otherwise it must
 * be the name of a built-in scenario. Invalid scenarios end the command with exit code 2
 * after printing the loader's errors on stderr.
 */
export function loadTarget(deps: CliDeps, target: string, overrides: ScenarioOverrides): ResolvedScenario {
  const kind = deps.fs.kind(target);
  let loaded: LoadResult;
  if (kind !== undefined) {
    if (kind === "directory") throw new CliError(`${target} is a directory, not a scenario file`, EXIT_USAGE);
    let text: string;
    try {
      text = deps.fs.readText(target);
    } catch (error) {
      throw new CliError(`cannot read ${target}: ${errorMessage(error)}`, EXIT_USAGE);
    }
    loaded = deps.loadScenario(text, target, overrides);
  } else if (deps.builtinNames().includes(target)) {
    loaded = deps.loadBuiltin(target, overrides);
  } else {
    throw new CliError(
      `no scenario file or built-in scenario named "${target}" (built-in scenarios: ${builtinList(deps)})`,
      EXIT_USAGE,
    );
  }
  if (!loaded.ok) {
    const text = deps.formatErrors(loaded.errors);
    deps.stderr.write(text.endsWith("\n") ? text : text + "\n");
    const n = loaded.errors.length;
    throw new CliError(`${target}: ${n} error${n === 1 ? "" : "s"} in the scenario`, EXIT_USAGE);
  }
  const scenario = loaded.scenario;
  if (scenario.to < scenario.from) {
    throw new CliError(
      `the run would end (${formatMonth(scenario.to)}) before it starts (${formatMonth(scenario.from)})`,
      EXIT_USAGE,
    );
  }
  return scenario;
}

export function runCommand(deps: CliDeps, target: string, options: RunOptions): number {
  const overrides: ScenarioOverrides = {};
  if (options.seed !== undefined) overrides.seed = options.seed;
  if (options.from !== undefined) overrides.from = options.from;
  if (options.to !== undefined) overrides.to = options.to;
  if (options.out !== undefined) checkOutputDir(deps.fs, options.out);

  const scenario = loadTarget(deps, target, overrides);
  const monthsTotal = scenario.to - scenario.from + 1;
  const quiet = options.quiet === true;

  const bar: ProgressBar | undefined =
    !quiet && deps.stderr.isTTY === true ? deps.createProgressBar(monthsTotal, scenario.name) : undefined;
  let result: SimulationResult;
  try {
    result = deps.simulate(scenario, bar ? { onProgress: (done) => bar.update(done) } : {});
  } catch (error) {
    throw new CliError(`simulation failed: ${errorMessage(error)}`, EXIT_FAILURE);
  } finally {
    bar?.stop();
  }
  if (!quiet) {
    deps.stderr.write(
      `simulated ${scenario.name}: ${monthsTotal} months, ${formatMonth(scenario.from)} to ` +
        `${formatMonth(scenario.to)}, seed ${scenario.seed}\n`,
    );
  }

  if (options.out !== undefined) {
    try {
      const files = renderOutputFiles(scenario, result, deps.version, deps.scenarioHash(scenario));
      writeFilesAtomic(deps.fs, options.out, files);
      if (!quiet) deps.stderr.write(`wrote ${files.map((f) => f.name).join(", ")} to ${options.out}\n`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot write outputs to ${options.out}: ${errorMessage(error)}`, EXIT_FAILURE);
    }
  }

  deps.stdout.write(options.json ? renderSummaryJson(result.summary) : renderSummaryTable(result.summary));
  return EXIT_OK;
}
