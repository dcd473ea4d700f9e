/**
 * `cocasim serve [--port 8080] [--host 127.0.0.1]`: the dashboard and the HTTP API
 * (src/server/), until SIGINT or SIGTERM. The server module is loaded only when the
 * command runs, so the other commands do not pay for it.
 */
import { type Command, InvalidArgumentError } from "commander";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK } from "../types.ts";

export const DEFAULT_SERVE_PORT = 8080;
export const DEFAULT_SERVE_HOST = "127.0.0.1";

export interface ServeOptions {
  port: number;
  host: string;
}

export interface ServeDeps {
  startServer(options: {
    port: number;
    host: string;
    version: string;
  }): Promise<{ readonly url: string; close(): Promise<void> }>;
  /** Resolves with the signal's name when the process is asked to stop. */
  waitForStop(): Promise<string>;
}

export const nodeServeDeps: ServeDeps = {
  async startServer(options) {
    const { startServer } = await import("../../server/node.ts");
    return startServer(options);
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

export async function serveCommand(
  deps: CliDeps,
  options: ServeOptions,
  serve: ServeDeps = nodeServeDeps,
): Promise<number> {
  let server: { readonly url: string; close(): Promise<void> };
  try {
    server = await serve.startServer({ port: options.port, host: options.host, version: deps.version });
  } catch (error) {
    throw listenError(error, options);
  }
  const stop = serve.waitForStop();
  deps.stdout.write(`cocasim is serving the dashboard and API at ${server.url}\n`);
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
run in worker threads, one at a time per worker; finished runs are kept in memory.

The server binds to 127.0.0.1, so only this machine can reach it. --host 0.0.0.0
opens it to the network: anyone who can reach it can start simulations.

The API is described at /api/openapi.json (OpenAPI 3.1); /api/health answers "ok".

Examples:
  $ cocasim serve                          http://127.0.0.1:8080/
  $ cocasim serve --port 3000              another port
  $ cocasim serve --port 0                 any free port (the URL is printed)
  $ cocasim serve --host 0.0.0.0           reachable from other machines
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
    .addHelpText("after", SERVE_HELP)
    .action(async (options: ServeOptions) => {
      setExitCode(await serveCommand(deps, options, serve));
    });
}
