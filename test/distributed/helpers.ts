/**
 * Helpers for the distributed tests: the test queues (Redis, and Postgres with
 * BullMQ's Postgres backend), namespaces of their own, worker processes (the real
 * CLI under tsx), a private redis-server to kill.
 *
 * The Redis is COCASIM_TEST_REDIS_URL, by default redis://127.0.0.1:6379; the
 * Postgres is COCASIM_TEST_POSTGRES_URL, by default
 * postgres://postgres@127.0.0.1:5432/test (as for the store's tests). When one
 * cannot be reached its tests FAIL, saying so; set COCASIM_SKIP_REDIS=1 or
 * COCASIM_SKIP_POSTGRES=1 to skip them instead. Every test uses a key prefix
 * (Redis) or a schema (Postgres) of its own and deletes it at the end.
 *
 * The tests that hold for any queue loop over QUEUE_BACKENDS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Job } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { openQueueBackend } from "../../src/distributed/backend.ts";
import { queueName } from "../../src/distributed/jobs.ts";
import { parseQueueUrl } from "../../src/distributed/url.ts";
import { modelVersion } from "../../src/distributed/version.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const REDIS_URL = process.env.COCASIM_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const SKIP_REDIS = process.env.COCASIM_SKIP_REDIS === "1";
export const POSTGRES_URL =
  process.env.COCASIM_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const SKIP_POSTGRES = process.env.COCASIM_SKIP_POSTGRES === "1";

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

/** Fails with a clear message when the test Postgres cannot be reached. */
export async function requirePostgres(url = POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Postgres is not reachable at ${url} (${message}). The distributed tests on Postgres need it: start ` +
        "Postgres, or point COCASIM_TEST_POSTGRES_URL at one, or set COCASIM_SKIP_POSTGRES=1 to skip them.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** A Postgres schema name no other test (or test run) uses (at most 63 characters). */
export function uniqueSchema(name: string): string {
  return `cocasim_test_${name.replace(/[^A-Za-z0-9_]/g, "_").slice(0, 20)}_${process.pid}_${randomBytes(3).toString("hex")}`;
}

/** Drops `schema` of the test Postgres, with everything in it. */
export async function dropSchema(schema: string, base = POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A datastore the queue tests run against, with what they need to use one of their own. */
export interface QueueTestBackend {
  /** "Redis" or "Postgres", for test names. */
  readonly name: string;
  /** Its tests are skipped (COCASIM_SKIP_REDIS / COCASIM_SKIP_POSTGRES). */
  readonly skip: boolean;
  /** Fails clearly when the server cannot be reached. */
  require(): Promise<void>;
  /** The URL of a queue in a namespace (key prefix, schema) of its own. */
  uniqueUrl(name: string): string;
  /** Deletes that namespace and all it holds. */
  cleanup(url: string): Promise<void>;
  /** A URL of this kind where nothing answers. */
  readonly unreachableUrl: string;
}

export const REDIS_BACKEND: QueueTestBackend = {
  name: "Redis",
  skip: SKIP_REDIS,
  require: () => requireRedis(),
  uniqueUrl: (name) => queueUrl(uniquePrefix(name)),
  cleanup: async (url) => {
    const location = parseQueueUrl(url);
    if (location.kind === "redis") await deletePrefix(location.prefix);
  },
  unreachableUrl: "redis://127.0.0.1:1",
};

export const POSTGRES_BACKEND: QueueTestBackend = {
  name: "Postgres",
  skip: SKIP_POSTGRES,
  require: () => requirePostgres(),
  uniqueUrl: (name) => {
    const url = new URL(POSTGRES_URL);
    url.searchParams.set("schema", uniqueSchema(name));
    return url.toString();
  },
  cleanup: async (url) => {
    const location = parseQueueUrl(url);
    if (location.kind === "postgres") await dropSchema(location.schema);
  },
  unreachableUrl: "postgres://postgres@127.0.0.1:1/test",
};

/** Every datastore the queue runs on. */
export const QUEUE_BACKENDS: readonly QueueTestBackend[] = [REDIS_BACKEND, POSTGRES_BACKEND];

/** The jobs of the queue at `url` (this version's) in `states`, on any datastore. */
export async function queueJobs(
  url: string,
  states: ("completed" | "failed" | "waiting" | "active")[],
): Promise<Job[]> {
  const backend = await openQueueBackend(parseQueueUrl(url), { connectTimeout: 5000, prepare: false });
  const queue = backend.queue(queueName(modelVersion()));
  try {
    const jobs = await queue.getJobs(states);
    return jobs.filter((job): job is Job => job instanceof Job);
  } finally {
    await queue.close();
    await backend.close();
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
