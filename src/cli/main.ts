/**
 * Entry point of the `cocasim` command (bin/cocasim.js imports the compiled dist/cli/main.js):
 * wires the real model, scenario loader, streams and file system into the CLI.
 */
import { availableParallelism } from "node:os";
import { lazyBullmqExecutor } from "../distributed/lazy.ts";
import { localExecutor } from "../executors/local.ts";
import { simulate } from "../model/simulate.ts";
import { ZONE_ALIASES, ZONES } from "../model/zones/zones.ts";
import { builtinNames, getBuiltin } from "../scenario/builtin/index.ts";
import { formatErrors } from "../scenario/parse.ts";
import { loadBuiltin, loadScenario, scenarioHash } from "../scenario/resolve.ts";
import { scenarioJsonSchema } from "../scenario/schema.ts";
import { lazyCachedExecutor } from "../store/cached-executor.ts";
import { DEFAULT_STORE_PATH } from "../store/url.ts";
import { modelVersion } from "../version.ts";
import { nodeFileSystem } from "./node-fs.ts";
import { runCli } from "./program.ts";
import { createTerminalProgressBar } from "./progress.ts";
import type { CliDeps, DefaultStore } from "./types.ts";

/** cocasim's model version: package.json's version and the model's fingerprint (src/version.ts). */
export function readVersion(): string {
  return modelVersion();
}

/** The store without --store: $COCASIM_STORE when set (and not blank), else .cocasim/cocasim.db here. */
export function defaultStore(env: NodeJS.ProcessEnv = process.env): DefaultStore {
  const fromEnv = env.COCASIM_STORE?.trim();
  return fromEnv ? { url: fromEnv, source: "environment" } : { url: DEFAULT_STORE_PATH, source: "default" };
}

export function realDeps(): CliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    fs: nodeFileSystem,
    version: readVersion(),
    simulate: (scenario, options) => simulate(scenario, options),
    loadScenario: (text, file, overrides) => loadScenario(text, file, overrides),
    loadBuiltin: (name, overrides) => loadBuiltin(name, overrides),
    scenarioHash: (scenario) => scenarioHash(scenario),
    formatErrors: (errors) => formatErrors(errors as Parameters<typeof formatErrors>[0]),
    scenarioJsonSchema: () => scenarioJsonSchema(),
    builtinNames: () => builtinNames(),
    builtin: (name) => getBuiltin(name),
    zones: ZONES,
    zoneAliases: ZONE_ALIASES,
    createProgressBar: (monthsTotal, label) => createTerminalProgressBar(process.stderr, monthsTotal, label),
    createExecutor: (workers, backend) =>
      backend
        ? lazyBullmqExecutor({
            connection: backend.url,
            store: backend.store,
            onSubmit: backend.onSubmit,
            log: backend.log,
          })
        : localExecutor({ workers }),
    defaultWorkers: () => availableParallelism(),
    createStoredExecutor: (workers, store, options) =>
      lazyCachedExecutor(
        localExecutor({ workers }),
        async () => (await import("../store/open.ts")).openStore(store),
        readVersion(),
        options,
      ),
    defaultStore: () => defaultStore(),
  };
}

/** Runs the CLI on `argv` (as in process.argv: node, script, arguments...) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // `cocasim run peru --json | head -1`: a reader that goes away is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") return;
    process.stderr.write(`cocasim: cannot write to stdout: ${error.message}\n`);
    process.exitCode = 1;
  });
  try {
    return await runCli(argv.slice(2), realDeps());
  } catch (error) {
    process.stderr.write(`cocasim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
