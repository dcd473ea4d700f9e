/**
 * `cocasim run <scenario-file|builtin-name>`: load, simulate, print a summary, optionally
 * write outputs. The run is kept in the results store (the default one unless --store
 * or --no-store says otherwise), with its monthly series and flows: run again, it is
 * read back instead of simulated, with the same bytes out.
 */
import { formatMonth } from "../../core/time.ts";
import type { SimulationResult, Summary } from "../../model/results.ts";
import type { ResolvedScenario } from "../../scenario/types.ts";
// Not store/index.ts: the database drivers load only when a store is opened.
import { type RunStore, runKey } from "../../store/store.ts";
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
import { chooseStore, openChosenStore } from "./runs.ts";

export interface RunOptions {
  seed?: number;
  from?: number;
  to?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  /** A results store URL; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
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

/** What the store holds of the run: its summary, and its series when asked for and stored. */
async function storedRun(
  store: RunStore,
  scenario: ResolvedScenario,
  version: string,
  needSeries: boolean,
): Promise<{ id: string; summary: Summary; result?: SimulationResult } | undefined> {
  const stored = await store.getRun(runKey(version, scenario), { series: needSeries });
  if (!stored) return undefined;
  const { id, summary, monthly, flows } = stored;
  return monthly && flows ? { id, summary, result: { summary, monthly, flows } } : { id, summary };
}

export async function runCommand(deps: CliDeps, target: string, options: RunOptions): Promise<number> {
  const overrides: ScenarioOverrides = {};
  if (options.seed !== undefined) overrides.seed = options.seed;
  if (options.from !== undefined) overrides.from = options.from;
  if (options.to !== undefined) overrides.to = options.to;
  if (options.out !== undefined) checkOutputDir(deps.fs, options.out);
  const choice = chooseStore(deps, options.store);

  const scenario = loadTarget(deps, target, overrides);
  const monthsTotal = scenario.to - scenario.from + 1;
  const quiet = options.quiet === true;
  const say = (text: string): void => {
    if (!quiet) deps.stderr.write(text);
  };

  const needSeries = options.out !== undefined;
  const opened = choice ? await openChosenStore(deps, choice, quiet) : undefined;
  let summary: Summary;
  let result: SimulationResult | undefined;
  try {
    let stored: Awaited<ReturnType<typeof storedRun>>;
    if (opened) {
      try {
        stored = await storedRun(opened.store, scenario, deps.version, needSeries);
      } catch (error) {
        throw new CliError(`cannot read the store ${opened.location}: ${errorMessage(error)}`, EXIT_FAILURE);
      }
    }
    // A stored run without series serves when no files are written; with --out it runs again.
    if (stored && (!needSeries || stored.result)) {
      summary = stored.summary;
      result = stored.result;
      say(
        `read ${scenario.name} from the store (run ${stored.id} in ${opened!.location}): ${monthsTotal} months, ` +
          `${formatMonth(scenario.from)} to ${formatMonth(scenario.to)}, seed ${scenario.seed}\n`,
      );
    } else {
      const bar: ProgressBar | undefined =
        !quiet && deps.stderr.isTTY === true ? deps.createProgressBar(monthsTotal, scenario.name) : undefined;
      let simulated: SimulationResult;
      try {
        simulated = deps.simulate(scenario, bar ? { onProgress: (done) => bar.update(done) } : {});
      } catch (error) {
        throw new CliError(`simulation failed: ${errorMessage(error)}`, EXIT_FAILURE);
      } finally {
        bar?.stop();
      }
      result = simulated;
      summary = simulated.summary;
      say(
        `simulated ${scenario.name}: ${monthsTotal} months, ${formatMonth(scenario.from)} to ` +
          `${formatMonth(scenario.to)}, seed ${scenario.seed}\n`,
      );
      if (opened) {
        // With its series and flows, so that --out, the dashboard and the API can use it later.
        try {
          const id = await opened.store.putRun(runKey(deps.version, scenario), { scenario, ...simulated });
          say(`kept as run ${id} in ${opened.location}\n`);
        } catch (error) {
          throw new CliError(
            `cannot keep the run in the store ${opened.location}: ${errorMessage(error)}`,
            EXIT_FAILURE,
          );
        }
      }
    }
  } finally {
    await opened?.store.close();
  }

  if (options.out !== undefined && result !== undefined) {
    try {
      const files = renderOutputFiles(scenario, result, deps.version, deps.scenarioHash(scenario));
      writeFilesAtomic(deps.fs, options.out, files);
      say(`wrote ${files.map((f) => f.name).join(", ")} to ${options.out}\n`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot write outputs to ${options.out}: ${errorMessage(error)}`, EXIT_FAILURE);
    }
  }

  deps.stdout.write(options.json ? renderSummaryJson(summary) : renderSummaryTable(summary));
  return EXIT_OK;
}
