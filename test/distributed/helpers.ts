/**
 * Helpers for the distributed tests: the test Redis, key prefixes of their own,
 * worker processes (the real CLI under tsx), a private redis-server to kill.
 *
 * The Redis is COCASIM_TEST_REDIS_URL, by default redis://127.0.0.1:6379. When it
 * cannot be reached the tests FAIL, saying so; set COCASIM_SKIP_REDIS=1 to skip
 * them instead. Every test uses a key prefix of its own and deletes its keys.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const REDIS_URL = process.env.COCASIM_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const SKIP_REDIS = process.env.COCASIM_SKIP_REDIS === "1";

/** Fails with a clear message when the test Redis cannot be reached. */
export async function requireRedis(url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5000, lazyConnect: true });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Redis is not reachable at ${url} (${message}). The distributed tests need it: start redis-server, ` +
        "or point COCASIM_TEST_REDIS_URL at one, or set COCASIM_SKIP_REDIS=1 to skip them.",
    );
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other test (or test run) uses. */
export function uniquePrefix(name: string): string {
  return `cocasim-test-${name}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

/** The queue URL of `base` with key prefix `prefix`. */
export function queueUrl(prefix: string, base = REDIS_URL): string {
  return `${base}?prefix=${prefix}`;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(prefix: string, base = REDIS_URL): Promise<void> {
  const client = new Redis(base, { maxRetriesPerRequest: 1, connectTimeout: 5000 });
  client.on("error", () => {});
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds, polling every `every` ms; throws after `timeout` ms. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeout = 60_000,
  every = 100,
): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** A child process of the CLI (`node --import tsx src/cli/main-entry.ts ...`) with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves to the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** Waits until stderr matches `pattern`. */
  waitForStderr(pattern: RegExp, timeout?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the real CLI in a child process. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main-entry.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc: CliProcess = {
    child,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => {
      child.on("exit", (code, signal) => resolve(code ?? signal ?? -1));
    }),
    async waitForStderr(pattern, timeout = 60_000) {
      let ended = false;
      void proc.exited.then(() => {
        ended = true;
      });
      await waitUntil(
        () => {
          if (pattern.test(proc.stderr)) return true;
          if (ended) throw new Error(`the process ended before printing ${pattern}:\n${proc.stderr}`);
          return false;
        },
        `${pattern} on stderr (got: ${proc.stderr.slice(-400)})`,
        timeout,
      );
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    proc.stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    proc.stderr += chunk;
  });
  return proc;
}

/** Starts `cocasim worker` on the queue and waits until it is ready. */
export async function startWorkerProcess(queue: string, args: readonly string[] = []): Promise<CliProcess> {
  const worker = cli(["worker", "--queue", queue, ...args]);
  await worker.waitForStderr(/ ready: /, 90_000);
  return worker;
}

/** Stops worker processes (SIGKILL, as they hold nothing that needs a clean end) and waits for them. */
export async function stopProcesses(processes: readonly (CliProcess | undefined)[]): Promise<void> {
  for (const p of processes) p?.kill("SIGKILL");
  await Promise.all(processes.map((p) => p?.exited));
}

/** A TCP port nothing listens on, from 6390 up. */
export async function freePort(from = 6390): Promise<number> {
  for (let port = from; port < from + 200; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

/** A redis-server of the test's own, on a free port, that the test can kill and start again. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kills it (SIGKILL: no shutdown, no save) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, and waits until it answers. */
  start(): Promise<void>;
  /** Kills it for good and removes its directory. */
  stop(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "cocasim-redis-"));
  let server: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async (): Promise<void> => {
    server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    await waitUntil(
      async () => {
        const client = new Redis(url, {
          maxRetriesPerRequest: 0,
          lazyConnect: true,
          retryStrategy: () => null,
        });
        client.on("error", () => {});
        try {
          await client.connect();
          return (await client.ping()) === "PONG";
        } catch {
          return false;
        } finally {
          client.disconnect();
        }
      },
      `redis-server on port ${port}`,
      20_000,
    );
  };
  const kill = async (): Promise<void> => {
    const s = server;
    if (!s || s.exitCode !== null || s.signalCode !== null) return;
    const gone = new Promise((resolve) => s.once("exit", resolve));
    s.kill("SIGKILL");
    await gone;
  };
  await start();
  return {
    port,
    url,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary directory and a function that removes it. */
export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), "cocasim-dist-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
