/**
 * What the CLI commands depend on. Every command receives a `CliDeps`, so each can be
 * exercised in tests with fakes (a fake `simulate`, in-memory streams, a failing file
 * system) without spawning processes; src/cli/main.ts wires the real modules.
 */
import type { Submission } from "../distributed/lazy.ts";
import type { Executor } from "../executors/types.ts";
import type { SimulationResult } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";

/** A writable text stream: `process.stdout` and `process.stderr` fit. */
export interface Output {
  write(chunk: string): unknown;
  /** True when the stream is an interactive terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, used to wrap help text. */
  readonly columns?: number;
}

/** What a path points at, or undefined when nothing is there. */
export type PathKind = "file" | "directory" | "other";

/** The few synchronous file-system operations the CLI needs (see node-fs.ts). */
export interface FileSystem {
  kind(path: string): PathKind | undefined;
  readText(path: string): string;
  writeText(path: string, text: string): void;
  /** Creates the directory and its parents; no error if it exists. */
  mkdir(path: string): void;
  /** Creates a fresh directory whose name starts with `prefix` and returns its path. */
  mkdtemp(prefix: string): string;
  rename(from: string, to: string): void;
  /** Removes a file or a directory tree; no error if it does not exist. */
  remove(path: string): void;
}

export interface ProgressBar {
  update(monthsDone: number): void;
  stop(): void;
}

export interface SimulateOptions {
  onProgress?: (monthsDone: number, monthsTotal: number) => void;
}

export interface ScenarioOverrides {
  seed?: number;
  from?: number;
  to?: number;
}

/**
 * Outcome of loading a scenario. The CLI never looks inside the errors: it only hands
 * them back to `formatErrors`, so their type is left open here.
 */
export type LoadResult =
  | { readonly ok: true; readonly scenario: ResolvedScenario }
  | { readonly ok: false; readonly errors: readonly unknown[] };

export interface BuiltinScenario {
  readonly description: string;
  readonly yaml: string;
}

export interface ZoneInfo {
  readonly name: string;
  readonly departments: readonly string[];
}

export interface CliDeps {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly fs: FileSystem;
  /**
   * cocasim's model version (src/version.ts: the package version and the model's
   * fingerprint, "0.1.0+d46e8c44c850"): written to run.json, shown by --version,
   * and the version that keys stored runs and queued jobs.
   */
  readonly version: string;
  simulate(scenario: ResolvedScenario, options?: SimulateOptions): SimulationResult;
  loadScenario(text: string, file: string, overrides?: ScenarioOverrides): LoadResult;
  loadBuiltin(name: string, overrides?: ScenarioOverrides): LoadResult;
  scenarioHash(scenario: ResolvedScenario): string;
  /** Formats loader errors as lines `file:line:col: path: message`. */
  formatErrors(errors: readonly unknown[]): string;
  scenarioJsonSchema(): object;
  /** Built-in scenarios in display order. */
  builtinNames(): readonly string[];
  builtin(name: string): BuiltinScenario | undefined;
  readonly zones: readonly ZoneInfo[];
  /** Other name → canonical zone name. */
  readonly zoneAliases: Readonly<Record<string, string>>;
  /** Draws a progress bar on stderr; called only when stderr is a TTY and --quiet is off. */
  createProgressBar(monthsTotal: number, label: string): ProgressBar;
  /**
   * Creates the executor that runs an ensemble's simulations on at most `workers`
   * worker threads (main.ts: the local executor), or, given a `backend`, on the
   * workers of that queue (main.ts: the BullMQ executor, src/distributed/). When
   * absent, ensembles run in this thread with `simulate` (the inline executor), as
   * in tests with fakes.
   */
  createExecutor?(workers: number, backend?: QueueBackend): Executor;
  /** Worker threads an ensemble uses without --workers (main.ts: os.availableParallelism()). */
  defaultWorkers?(): number;
  /**
   * The local executor with a results store (`--store URL` without `--backend`): runs
   * already stored are read back, the others are run and stored as they complete, so
   * an interrupted ensemble resumes (src/store/cached-executor.ts).
   */
  createStoredExecutor?(
    workers: number,
    store: string,
    options?: { readonly recordEnsembles?: boolean },
  ): Executor;
  /**
   * The results store that run, compare and experiment keep their runs in when
   * neither --store nor --no-store is given, and that the commands reading a store
   * use without --store (main.ts: $COCASIM_STORE when set, else .cocasim/cocasim.db
   * under the current directory). When absent (tests with fakes), run and compare
   * keep nothing unless given --store.
   */
  defaultStore?(): DefaultStore;
}

/** Where the results store is when no --store is given, and why. */
export interface DefaultStore {
  readonly url: string;
  /** "environment": $COCASIM_STORE; "default": .cocasim/cocasim.db under the current directory. */
  readonly source: "environment" | "default";
}

/** Where `run`/`compare --backend URL` send their runs (src/distributed/bullmq-executor.ts). */
export interface QueueBackend {
  /** The queue URL: redis://HOST:6379 or postgres://USER@HOST:5432/DB (src/distributed/url.ts). */
  readonly url: string;
  /** A results store URL: runs found there are not run again, and results are upserted into it. */
  readonly store?: string;
  /** Called once the runs are in the queue. */
  readonly onSubmit?: (submission: Submission) => void;
  /** Messages for the user (the queue unreachable, back again, ...). */
  readonly log?: (message: string) => void;
}

/** An error meant for the user: printed as `cocasim: <message>`, then the CLI exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Exit codes. */
export const EXIT_OK = 0;
/** Something failed while running (simulation error, outputs could not be written). */
export const EXIT_FAILURE = 1;
/** Bad usage or bad input (unknown option, invalid value, invalid scenario). */
export const EXIT_USAGE = 2;
