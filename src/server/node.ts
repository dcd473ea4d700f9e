/**
 * The Node adapter: the app (app.ts) on @hono/node-server, runs in worker threads,
 * and the dashboard's files read from dist-web/. Binds to 127.0.0.1 unless told
 * otherwise: the API runs simulations for whoever can reach it.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import type { RunStore } from "../store/store.ts";
import { modelVersion } from "../version.ts";
import { createApp, type ServerLimits } from "./app.ts";
import { createInlineExecutor, createLocalQueue } from "./queue.ts";
import { createRunStoreResultStore, storedExecutor } from "./run-store.ts";
import { createMemoryResultStore, DEFAULT_MAX_STORED_RUNS } from "./store.ts";
import type { ResultStore, StaticAsset, StaticAssets } from "./types.ts";
import { createWorkerExecutor } from "./worker-executor.ts";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";

/** dist-web/ at the package root (two levels up from both src/server/ and dist/server/). */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL("../../dist-web/", import.meta.url));

export interface StartServerOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** The built dashboard; default dist-web/ at the package root. */
  readonly distDir?: string;
  /** "worker" (default): simulations in worker threads; "inline": on the main thread, between requests. */
  readonly executor?: "worker" | "inline";
  /** Worker threads (default: one per core but one, at most 4). */
  readonly workers?: number;
  /** Finished runs kept in memory (default 50); ignored when `store` or `storeUrl` is given. */
  readonly maxStoredRuns?: number;
  /** Where finished runs are kept (default: in memory). */
  readonly store?: ResultStore;
  /**
   * A results store URL (a file path, sqlite:PATH or postgres://…, as src/store/url.ts
   * reads it): finished runs are kept there and outlive the server, and runs it holds
   * are read back instead of simulated. Opened at start, closed at close.
   */
  readonly storeUrl?: string;
  readonly limits?: Partial<ServerLimits>;
  /** The model version: reported by /api/health, keys the runs kept in a store; default: modelVersion(). */
  readonly version?: string;
  /** Server-side problems; default: written to stderr. */
  readonly log?: (message: string) => void;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening, ends open connections (event streams too) and stops the runs. */
  close(): Promise<void>;
}

/** The results store could not be opened (as opposed to the port being unusable). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreOpenError";
  }
}

/** Files under `dir`, read on each request (so a rebuilt dashboard is served without a restart). */
export function directoryAssets(dir: string): StaticAssets {
  const root = resolve(dir);
  const inside = (path: string, base: string): boolean => {
    const rel = relative(base, path);
    return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
  };
  return {
    async get(path): Promise<StaticAsset | undefined> {
      const full = resolve(root, path);
      if (!inside(full, root)) return undefined;
      try {
        // Symbolic links may not lead out of the directory.
        const [realRoot, realFull] = await Promise.all([realpath(root), realpath(full)]);
        if (!inside(realFull, realRoot)) return undefined;
        const info = await stat(realFull);
        if (!info.isFile()) return undefined;
        const body = await readFile(realFull);
        return {
          body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
          etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
        };
      } catch {
        return undefined;
      }
    },
  };
}

function urlOf(host: string, port: number): string {
  const name = host.includes(":") ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

/** Starts the server; resolves once it listens (rejects if it cannot, e.g. the port is taken). */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? DEFAULT_PORT;
  const host = options.host ?? DEFAULT_HOST;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${port}`);
  const log = options.log ?? ((message: string) => process.stderr.write(`cocasim serve: ${message}\n`));
  const version = options.version ?? modelVersion();
  let runStore: RunStore | undefined;
  if (options.storeUrl !== undefined) {
    try {
      // Loaded here: the database drivers only when a store is used.
      const { openStore } = await import("../store/open.ts");
      runStore = await openStore(options.storeUrl);
    } catch (error) {
      throw new StoreOpenError(error instanceof Error ? error.message : String(error));
    }
  }
  const simulations =
    options.executor === "inline"
      ? createInlineExecutor()
      : createWorkerExecutor({ workers: options.workers });
  const executor = runStore ? storedExecutor(simulations, runStore, version) : simulations;
  const kept = runStore ? createRunStoreResultStore(runStore, version) : undefined;
  const queue = createLocalQueue({ executor });
  const app = createApp({
    queue,
    store: options.store ?? kept ?? createMemoryResultStore(options.maxStoredRuns ?? DEFAULT_MAX_STORED_RUNS),
    assets: directoryAssets(options.distDir ?? DEFAULT_DIST_DIR),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    version,
    log,
  });

  let server: Server;
  try {
    server = await new Promise<Server>((resolveListen, rejectListen) => {
      const s = serve({ fetch: app.fetch, port, hostname: host }) as Server;
      const onError = (error: Error): void => {
        s.off("listening", onListening);
        rejectListen(error);
      };
      const onListening = (): void => {
        s.off("error", onError);
        resolveListen(s);
      };
      s.once("error", onError);
      s.once("listening", onListening);
    });
  } catch (error) {
    await queue.close();
    await kept?.close();
    throw error;
  }
  // After start-up, a socket error must not take the process down.
  server.on("error", (error) => log(`server error: ${error.message}`));
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(host, address.port),
    host,
    port: address.port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeAllConnections();
        await queue.close();
        await closed;
        // After the queue: the runs it cancelled are written before the store closes.
        await kept?.close();
      })();
      return closing;
    },
  };
}
