/**
 * `cocasim runs [--store URL] [--json]`: lists the stored runs, ensembles and
 * experiments, oldest first. Also the store helpers the store commands share.
 */
import { type Command, InvalidArgumentError } from "commander";
// Not store/index.ts: the database drivers load only when a store is opened.
import { ensembleMemberKeys, type RunStore, type StoredEnsemble } from "../../store/store.ts";
import { describeLocation, parseStoreUrl, StoreUrlError } from "../../store/url.ts";
import { renderTable } from "../format.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";

export const STORE_OPTION_HELP =
  "results store: a file path, sqlite:PATH or postgres://user@host/db (default: $COCASIM_STORE, else .cocasim/cocasim.db)";

/** --store of the commands that keep their runs (run, compare, experiment). */
export const KEEP_STORE_OPTION_HELP =
  "keep the runs in this results store: a file path, sqlite:PATH or postgres://user@host/db (default: $COCASIM_STORE, else .cocasim/cocasim.db)";

export const NO_STORE_OPTION_HELP = "keep nothing in the results store, read nothing from it";

export const STORE_HELP = `
The store is an SQLite file, .cocasim/cocasim.db under the current directory,
unless the environment variable COCASIM_STORE or --store names another: a file
path, sqlite:PATH, or a Postgres database as
postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (add ?schema=NAME to use a schema).
Runs are keyed by the model version (cocasim --version: the package version and a
fingerprint of the model's code, data and calibration), the scenario and the seed,
so a changed model never reuses an old model's runs.`;

/** A store chosen for a command that keeps its runs. */
export interface StoreChoice {
  readonly url: string;
  /** "option": --store; "environment": $COCASIM_STORE; "default": .cocasim/cocasim.db. */
  readonly source: "option" | "environment" | "default";
}

/**
 * The store run, compare and experiment keep their runs in: --store, else the
 * default store of the dependencies ($COCASIM_STORE or .cocasim/cocasim.db); none
 * with --no-store (`option` false) or when the dependencies have no default. A
 * malformed URL is bad usage (exit 2), naming where it came from.
 */
export function chooseStore(deps: CliDeps, option: string | false | undefined): StoreChoice | undefined {
  if (option === false) return undefined;
  const choice: StoreChoice | undefined =
    option !== undefined ? { url: option, source: "option" } : deps.defaultStore?.();
  if (choice === undefined) return undefined;
  try {
    parseStoreUrl(choice.url);
  } catch (error) {
    if (error instanceof StoreUrlError) {
      const where = choice.source === "environment" ? "COCASIM_STORE" : "--store";
      throw new CliError(`${where}: ${error.message}`, EXIT_USAGE);
    }
    throw error;
  }
  return choice;
}

/** How a chosen store is named in messages: its location, and where the choice came from. */
export function describeChoice(choice: StoreChoice): string {
  const where = describeLocation(parseStoreUrl(choice.url));
  return choice.source === "environment" ? `${where} (COCASIM_STORE)` : where;
}

/**
 * Opens a chosen store for a command that keeps its runs. The store the user named
 * (--store, COCASIM_STORE) must open: failing to is an error (exit 1). The implicit
 * default may not open (a read-only directory, say): the command then warns and
 * goes on without keeping anything, since keeping is a convenience there.
 */
export async function openChosenStore(
  deps: CliDeps,
  choice: StoreChoice,
  quiet: boolean,
): Promise<{ store: RunStore; location: string } | undefined> {
  try {
    const { store, location } = await openCliStore(deps, choice.url);
    if (!store) throw new CliError(`cannot open the store ${describeChoice(choice)}`, EXIT_FAILURE);
    return { store, location };
  } catch (error) {
    if (choice.source !== "default") throw error;
    if (!quiet) {
      deps.stderr.write(
        `cocasim: warning: ${errorMessage(error)}; the runs are not kept (--no-store says so quietly)\n`,
      );
    }
    return undefined;
  }
}

const RUNS_HELP = `
Lists what the store holds, oldest first: runs (one scenario, one seed), ensembles
(one scenario, many seeds; "runs" says how many of its seeds have a stored run)
and experiments (design rows and their outcomes). The ids are the first 12 hex
digits of a hash of the model version, scenario and seed(s): the same run has the
same id in every store. \`cocasim export ID\` writes one out; any unique prefix of
an id works too. --json prints the same lists as JSON.
${STORE_HELP}

Examples:
  $ cocasim runs
  $ cocasim runs --scenario peru --limit 20
  $ cocasim runs --json | jq '.runs[] | [.id, .scenario, .seed]'
  $ cocasim runs --store postgres://cocasim@db.example.org/cocasim`;

export interface RunsOptions {
  store?: string;
  json?: boolean;
  limit?: number;
  scenario?: string;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function parseLimit(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError("the limit must be a non-negative integer.");
  const limit = Number(text.trim());
  if (!Number.isSafeInteger(limit)) throw new InvalidArgumentError("the limit is too large.");
  return limit;
}

/**
 * Opens the store for a command. A bad URL is bad usage (exit 2); a store that
 * cannot be opened is a failure (exit 1). With `mustExist`, an SQLite file that does
 * not exist yet gives undefined instead of being created.
 */
export async function openCliStore(
  deps: CliDeps,
  url: string | undefined,
  options: { mustExist?: boolean } = {},
): Promise<{ store: RunStore | undefined; location: string }> {
  let location: ReturnType<typeof parseStoreUrl>;
  const fallback = url === undefined ? deps.defaultStore?.() : undefined;
  const chosen = url ?? fallback?.url;
  try {
    location = parseStoreUrl(chosen);
  } catch (error) {
    if (error instanceof StoreUrlError) {
      const where = fallback?.source === "environment" ? "COCASIM_STORE" : "--store";
      throw new CliError(`${where}: ${error.message}`, EXIT_USAGE);
    }
    throw error;
  }
  const where = describeLocation(location);
  if (location.kind === "sqlite" && location.path !== ":memory:") {
    let kind: string | undefined;
    try {
      kind = deps.fs.kind(location.path);
    } catch {
      kind = undefined; // e.g. a file where a directory should be: opening says why
    }
    if (kind === "directory") throw new CliError(`the store ${where} is a directory, not a file`, EXIT_USAGE);
    if (kind === undefined && options.mustExist) return { store: undefined, location: where };
  }
  try {
    const { openStore } = await import("../../store/open.ts");
    return { store: await openStore(chosen), location: where };
  } catch (error) {
    throw new CliError(errorMessage(error), EXIT_FAILURE);
  }
}

/** "1–100" for consecutive seeds, else the first few. */
export function formatSeeds(seeds: readonly number[]): string {
  if (seeds.length === 0) return "";
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  if (consecutive) return seeds.length === 1 ? String(seeds[0]) : `${seeds[0]}–${seeds[seeds.length - 1]}`;
  return seeds.length <= 4 ? seeds.join(", ") : `${seeds.slice(0, 3).join(", ")}, …`;
}

interface Listing {
  runs: {
    id: string;
    scenario: string;
    scenarioHash: string;
    seed: number;
    from: string;
    to: string;
    modelVersion: string;
    monthly: boolean;
    flows: boolean;
  }[];
  ensembles: {
    id: string;
    scenario: string;
    scenarioHash: string;
    seeds: number[];
    /** How many of the seeds have a stored run. */
    runs: number;
    from: string;
    to: string;
    modelVersion: string;
    status: string;
  }[];
  experiments: {
    id: string;
    name: string;
    definitionHash: string;
    rows: number;
    /** How many rows have an outcome. */
    outcomes: number;
    modelVersion: string;
    status: string;
  }[];
}

async function storedMembers(store: RunStore, ensemble: StoredEnsemble): Promise<number> {
  const keys = ensembleMemberKeys(ensemble);
  return (await store.hasRuns(keys)).filter(Boolean).length;
}

async function listing(store: RunStore, options: RunsOptions): Promise<Listing> {
  const filter = { limit: options.limit, scenario: options.scenario };
  const runs = await store.listRuns(filter);
  const ensembles = await store.listEnsembles(filter);
  // Experiments have no single scenario: --scenario leaves them out.
  const experiments =
    options.scenario === undefined ? await store.listExperiments({ limit: options.limit }) : [];
  const listed: Listing = { runs: [], ensembles: [], experiments: [] };
  for (const r of runs) {
    listed.runs.push({
      id: r.id,
      scenario: r.scenarioName,
      scenarioHash: r.key.scenarioHash,
      seed: r.key.seed,
      from: r.from,
      to: r.to,
      modelVersion: r.key.modelVersion,
      monthly: r.hasMonthly,
      flows: r.hasFlows,
    });
  }
  for (const e of ensembles) {
    listed.ensembles.push({
      id: e.id,
      scenario: e.scenarioName,
      scenarioHash: e.key.scenarioHash,
      seeds: [...e.key.seeds],
      runs: await storedMembers(store, e),
      from: e.from,
      to: e.to,
      modelVersion: e.key.modelVersion,
      status: e.status,
    });
  }
  for (const x of experiments) {
    listed.experiments.push({
      id: x.id,
      name: x.name,
      definitionHash: x.key.definitionHash,
      rows: x.rows,
      outcomes: x.done,
      modelVersion: x.key.modelVersion,
      status: x.status,
    });
  }
  return listed;
}

const left = (header: string) => ({ header: [header], align: "left" as const });
const right = (header: string) => ({ header: [header], align: "right" as const });

function renderListing(listed: Listing, location: string): string {
  const sections: string[] = [];
  if (listed.runs.length > 0) {
    sections.push(
      `Runs (${listed.runs.length}):\n\n` +
        renderTable(
          [left("id"), left("scenario"), right("seed"), left("period"), left("model")],
          listed.runs.map((r) => [r.id, r.scenario, String(r.seed), `${r.from}–${r.to}`, r.modelVersion]),
        ),
    );
  }
  if (listed.ensembles.length > 0) {
    sections.push(
      `Ensembles (${listed.ensembles.length}):\n\n` +
        renderTable(
          [
            left("id"),
            left("scenario"),
            left("seeds"),
            right("runs"),
            left("period"),
            left("model"),
            left("status"),
          ],
          listed.ensembles.map((e) => [
            e.id,
            e.scenario,
            formatSeeds(e.seeds),
            `${e.runs}/${e.seeds.length}`,
            `${e.from}–${e.to}`,
            e.modelVersion,
            e.status,
          ]),
        ),
    );
  }
  if (listed.experiments.length > 0) {
    sections.push(
      `Experiments (${listed.experiments.length}):\n\n` +
        renderTable(
          [left("id"), left("name"), right("rows"), right("outcomes"), left("model"), left("status")],
          listed.experiments.map((x) => [
            x.id,
            x.name,
            String(x.rows),
            String(x.outcomes),
            x.modelVersion,
            x.status,
          ]),
        ),
    );
  }
  if (sections.length === 0) return `No runs, ensembles or experiments in ${location}.\n`;
  return sections.join("\n");
}

export async function runsCommand(deps: CliDeps, options: RunsOptions): Promise<number> {
  const { store, location } = await openCliStore(deps, options.store, { mustExist: true });
  let listed: Listing = { runs: [], ensembles: [], experiments: [] };
  if (store) {
    try {
      listed = await listing(store, options);
    } catch (error) {
      throw new CliError(`cannot read the store ${location}: ${errorMessage(error)}`, EXIT_FAILURE);
    } finally {
      await store.close();
    }
  }
  deps.stdout.write(options.json ? JSON.stringify(listed, null, 2) + "\n" : renderListing(listed, location));
  return EXIT_OK;
}

/** Adds `cocasim runs` to the program. */
export function registerRunsCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("runs")
    .description("list the stored runs, ensembles and experiments")
    .option("--store <url>", STORE_OPTION_HELP)
    .option("--scenario <name>", "only runs and ensembles of this scenario (its name or scenario hash)")
    .option("--limit <n>", "only the N most recent of each kind", parseLimit)
    .option("--json", "print the lists as JSON")
    .addHelpText("after", RUNS_HELP)
    .action(async (options: Record<string, unknown>) => {
      setExitCode(
        await runsCommand(deps, {
          store: options.store as string | undefined,
          json: options.json === true,
          limit: options.limit as number | undefined,
          scenario: options.scenario as string | undefined,
        }),
      );
    });
}
