/**
 * `cocasim serve [--port 8080] [--host 127.0.0.1] [--store URL]`: the dashboard and the
 * HTTP API (src/server/), until SIGINT or SIGTERM. Runs are kept in the results store
 * (the default one unless --store says otherwise; `--store memory` or --no-store keeps
 * them in memory only). The server module is loaded only when the command runs, so the
 * other commands do not pay for it.
 */
import { type Command, InvalidArgumentError } from "commander";
import { parseStoreUrl, StoreUrlError } from "../../store/url.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK } from "../types.ts";
import { chooseStore, describeChoice, type StoreChoice } from "./runs.ts";

export const DEFAULT_SERVE_PORT = 8080;
export const DEFAULT_SERVE_HOST = "127.0.0.1";

/** `--store memory`: finished runs kept in memory only, as with --no-store. */
export const MEMORY_STORE = "memory";

export interface ServeOptions {
  port: number;
  host: string;
  /** A results store URL, or "memory"; false: --no-store; undefined: the default store, if any. */
  store?: string | false;
}

export interface ServeDeps {
  startServer(options: {
    port: number;
    host: string;
    version: string;
    /** A results store URL; absent: runs kept in memory. */
    store?: string;
  }): Promise<{ readonly url: string; close(): Promise<void> }>;
  /** Resolves with the signal's name when the process is asked to stop. */
  waitForStop(): Promise<string>;
}

export const nodeServeDeps: ServeDeps = {
  async startServer({ store, ...options }) {
    const { startServer } = await import("../../server/node.ts");
    return startServer({ ...options, ...(store === undefined ? {} : { storeUrl: store }) });
  },
  waitForStop() {
    return new Promise((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        // A second Ctrl-C while closing falls through to Node's default: exit at once.
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(signal);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  },
};

export function parsePort(text: string): number {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || port > 65535) {
    throw new InvalidArgumentError("the port must be an integer from 0 to 65535 (0 picks a free port).");
  }
  return port;
}

export function parseHost(text: string): string {
  const host = text.trim();
  if (host === "" || /[\s/]/.test(host))
    throw new InvalidArgumentError("expected a host name or IP address.");
  return host;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

function listenError(error: unknown, options: ServeOptions): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${options.host}:${options.port}`;
  const reason =
    code === "EADDRINUSE"
      ? "the port is in use (pick another with --port, or --port 0 for any free one)"
      : code === "EACCES"
        ? "permission denied (ports below 1024 need privileges)"
        : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
          ? "no such address on this machine"
          : error instanceof Error
            ? error.message
            : String(error);
  return new CliError(`cannot listen on ${where}: ${reason}`, EXIT_FAILURE);
}

/** Parses --store of serve: a store URL, or "memory". */
export function parseServeStore(text: string): string {
  const trimmed = text.trim();
  if (trimmed === MEMORY_STORE) return trimmed;
  try {
    parseStoreUrl(trimmed);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
  return trimmed;
}

/** The store could not be opened: StoreOpenError of src/server/node.ts, known by name (not loaded here). */
function isStoreError(error: unknown): boolean {
  return error instanceof Error && error.name === "StoreOpenError";
}

export async function serveCommand(
  deps: CliDeps,
  options: ServeOptions,
  serve: ServeDeps = nodeServeDeps,
): Promise<number> {
  const choice: StoreChoice | undefined =
    options.store === MEMORY_STORE ? undefined : chooseStore(deps, options.store);
  const start = (store: StoreChoice | undefined) =>
    serve.startServer({
      port: options.port,
      host: options.host,
      version: deps.version,
      ...(store === undefined ? {} : { store: store.url }),
    });
  let server: { readonly url: string; close(): Promise<void> };
  let kept = choice;
  try {
    try {
      server = await start(choice);
    } catch (error) {
      // The implicit default store may fail (a read-only directory): serve with runs in memory.
      if (!(isStoreError(error) && choice?.source === "default")) throw error;
      deps.stderr.write(
        `cocasim: warning: ${error instanceof Error ? error.message : String(error)}; runs are kept in memory only\n`,
      );
      kept = undefined;
      server = await start(undefined);
    }
  } catch (error) {
    if (isStoreError(error)) {
      throw new CliError(error instanceof Error ? error.message : String(error), EXIT_FAILURE);
    }
    throw listenError(error, options);
  }
  const stop = serve.waitForStop();
  deps.stdout.write(`cocasim is serving the dashboard and API at ${server.url}\n`);
  deps.stderr.write(
    kept ? `Runs are kept in ${describeChoice(kept)}.\n` : "Runs are kept in memory (the latest 50).\n",
  );
  if (!LOOPBACK.has(options.host)) {
    deps.stderr.write(
      `cocasim: warning: listening on ${options.host}: anyone who can reach this machine can run simulations\n`,
    );
  }
  deps.stderr.write("Press Ctrl-C to stop.\n");
  const signal = await stop;
  await server.close();
  deps.stderr.write(`cocasim: stopped (${signal})\n`);
  return EXIT_OK;
}

const SERVE_HELP = `
Serves the dashboard (the built files in dist-web/; a page says so when they have not
been built) and the HTTP API under /api, until Ctrl-C (SIGINT) or SIGTERM. Simulations
run in worker threads, one at a time per worker.

Finished runs are kept in the results store, where they outlive the server and the
command line sees them (\`cocasim runs\`, \`export\`, \`report\`): .cocasim/cocasim.db
under the current directory, unless COCASIM_STORE or --store names another (a file,
sqlite:PATH or postgres://...). A run the store already holds is read back instead
of simulated. --store memory (or --no-store) keeps the latest 50 in memory only.

The server binds to 127.0.0.1, so only this machine can reach it. --host 0.0.0.0
opens it to the network: anyone who can reach it can start simulations.

The API is described at /api/openapi.json (OpenAPI 3.1); /api/health answers "ok".

Examples:
  $ cocasim serve                          http://127.0.0.1:8080/
  $ cocasim serve --port 3000              another port
  $ cocasim serve --port 0                 any free port (the URL is printed)
  $ cocasim serve --host 0.0.0.0           reachable from other machines
  $ cocasim serve --store postgres://cocasim@db/cocasim    runs kept in Postgres
  $ cocasim serve --store memory           runs kept in memory only
  $ curl -s localhost:8080/api/health
  $ curl -s -X POST localhost:8080/api/runs -H 'content-type: application/json' \\
      -d '{"scenario": "peru", "to": "2020-12"}'`;

/** Adds `serve` to the program. */
export function registerServeCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
  serve: ServeDeps = nodeServeDeps,
): void {
  program
    .command("serve")
    .description("serve the dashboard and the HTTP API")
    .option("--port <n>", "port to listen on (0: any free port)", parsePort, DEFAULT_SERVE_PORT)
    .option("--host <address>", "address to bind (0.0.0.0: every interface)", parseHost, DEFAULT_SERVE_HOST)
    .option(
      "--store <url>",
      "keep runs in this results store: a file path, sqlite:PATH, postgres://user@host/db, or memory (default: $COCASIM_STORE, else .cocasim/cocasim.db)",
      parseServeStore,
    )
    .option("--no-store", "keep runs in memory only (as --store memory)")
    .addHelpText("after", SERVE_HELP)
    .action(async (options: ServeOptions) => {
      setExitCode(await serveCommand(deps, options, serve));
    });
}
