/**
 * What the CLI commands depend on. Every command receives a `CliDeps`, so each can be
 * exercised in tests with fakes (a fake `simulate`, in-memory streams, a failing file
 * system) without spawning processes; src/cli/main.ts wires the real modules.
 */
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
  /** cocasim's version (package.json), written to run.json and shown by --version. */
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
