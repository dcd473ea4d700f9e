/**
 * The distributed executor's figures (issue #6), on this machine:
 *
 *   node --import tsx bench/distributed.ts [--runs N] [--to YYYY-MM] [--repeat R]
 *                                          [--queue redis://HOST:6379 | postgres://USER@HOST/DB] [--json]
 *                                          [--worker-flags "NODE FLAGS"]
 *
 * One `peru` ensemble (default: 32 runs of the whole 2018–2030 period) run four
 * ways, each after a warm-up (worker processes started and 4 whole runs per worker,
 * so start-up and V8's first optimisations are not counted), taking turns R times (default 3):
 *   - local pool, 1 thread and 2 threads (src/executors/local.ts);
 *   - BullMQ queue, 1 worker process and 2 worker processes (`cocasim worker
 *     --concurrency 1` each), fed by the distributed executor with its default
 *     seed blocks.
 * Every way runs the same seeds; each queue way uses a key prefix (Redis) or a
 * schema (Postgres) of its own, so nothing is taken from an earlier way's results,
 * and all of it is deleted at the end. It prints the wall times (median of R repetitions, each with other seeds),
 * checks that every way gave byte-identical summaries, and prints:
 *   - speed-up of 2 worker processes over 1 (target ≥ 1.8×; needs 2 idle cores);
 *   - queue overhead: queue time over local-pool time with as many workers, − 1
 *     (target ≤ 5%).
 * --worker-flags passes Node/V8 flags to the worker processes (for example
 * "--single-threaded-gc", to see what V8's GC helper threads cost when every core
 * runs a simulation).
 * Needs Redis (default redis://127.0.0.1:6379), or the Postgres of --queue
 * postgres://… to measure the queue on BullMQ's Postgres backend instead.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { parseMonth } from "../src/core/time.ts";
import { bullmqExecutor } from "../src/distributed/bullmq-executor.ts";
import { parseQueueUrl } from "../src/distributed/url.ts";
import { ensembleSeeds } from "../src/ensemble/seeds.ts";
import { localExecutor } from "../src/executors/local.ts";
import type { Executor, SimulationJob } from "../src/executors/types.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const { values: args } = parseArgs({
  options: {
    // 32 runs: about 12 s a way with two workers. With 16 (6 s) one slow repetition on a
    // shared 2-core machine moved the ratio by a tenth or more.
    runs: { type: "string", default: "32" },
    to: { type: "string", default: "2030-12" },
    repeat: { type: "string", default: "3" },
    queue: { type: "string", default: "redis://127.0.0.1:6379" },
    json: { type: "boolean", default: false },
    "worker-flags": { type: "string", default: "" },
  },
});
const RUNS = Number(args.runs);
const REPEAT = Number(args.repeat);
const TO = parseMonth(args.to!);
if (!(RUNS >= 2) || !(REPEAT >= 1) || TO === undefined) {
  throw new Error("usage: bench/distributed.ts [--runs N>=2] [--to YYYY-MM] [--repeat R>=1] [--queue URL]");
}
const BASE = parseQueueUrl(args.queue!);
const WORKER_FLAGS = args["worker-flags"]!.split(" ").filter(Boolean);

const loaded = loadBuiltin("peru", { to: TO });
if (!loaded.ok) throw new Error("the built-in peru scenario does not load");
const scenario = loaded.scenario;
const jobsOf = (repetition: number, runs = RUNS): SimulationJob[] =>
  ensembleSeeds(scenario.seed + 1000 * repetition, runs).map((seed) => ({ scenario, seed }));
/**
 * Warm-up jobs: other seeds, whole runs, WARM_RUNS_PER_WORKER per worker. V8 settles
 * on its final optimised code for the grower step only after a few whole runs;
 * until then a single worker gets compilation and GC done on the idle core for free,
 * which understates the speed-up of the long ensembles this bench is about.
 */
const WARM_RUNS_PER_WORKER = 4;
const warmJobs = (workers: number): SimulationJob[] =>
  ensembleSeeds(7, WARM_RUNS_PER_WORKER * workers).map((seed) => ({ scenario, seed }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(executor: Executor, jobs: SimulationJob[]): Promise<{ seconds: number; json: string }> {
  const t0 = performance.now();
  const summaries = await executor.run(jobs);
  return { seconds: (performance.now() - t0) / 1000, json: JSON.stringify(summaries) };
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...WORKER_FLAGS,
      "--import",
      "tsx",
      "src/cli/main-entry.ts",
      "worker",
      "--queue",
      url,
      "--concurrency",
      "1",
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  return new Promise((resolve, reject) => {
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (/ ready: /.test(stderr)) resolve(child);
    });
    child.on("exit", (code) =>
      reject(new Error(`a worker exited with ${code} before it was ready:\n${stderr}`)),
    );
  });
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null || w.signalCode !== null) return resolve();
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        }),
    ),
  );
}

/** The queue URL of BASE in a namespace of its own: a key prefix on Redis, a schema on Postgres. */
function ownQueue(name: string): string {
  const parameter = BASE.kind === "redis" ? "prefix" : "schema";
  return `${BASE.url}${BASE.url.includes("?") ? "&" : "?"}${parameter}=${name}`;
}

async function deleteNamespace(name: string): Promise<void> {
  if (BASE.kind === "postgres") {
    const client = new pg.Client({ connectionString: BASE.url });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    } finally {
      await client.end();
    }
    return;
  }
  const client = new Redis(BASE.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${name}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

interface Way {
  readonly name: string;
  readonly executor: Executor;
  readonly seconds: number[];
  readonly json: string[];
  close(): Promise<void>;
}

function localWay(workers: number): Way {
  const executor = localExecutor({ workers });
  return {
    name: `local pool, ${workers} thread${workers === 1 ? "" : "s"}`,
    executor,
    seconds: [],
    json: [],
    close: () => executor.close(),
  };
}

async function queueWay(processes: number): Promise<Way> {
  // Letters, digits and "_" only: a valid key prefix and a valid schema name.
  const namespace = `cocasim_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  const url = ownQueue(namespace);
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(url)));
  const executor = bullmqExecutor({ connection: url });
  return {
    name: `queue, ${processes} worker process${processes === 1 ? "" : "es"}`,
    executor,
    seconds: [],
    json: [],
    async close() {
      await executor.close();
      await stopWorkers(workers);
      await deleteNamespace(namespace);
    },
  };
}

const months = scenario.to - scenario.from + 1;
process.stderr.write(
  `peru, ${RUNS} runs of ${months} months, ${REPEAT} repetition(s); ${availableParallelism()} cores, ` +
    `load average ${loadavg()[0].toFixed(1)}; queue ${BASE.display}\n`,
);
// All four ways stay up (idle workers use no CPU) and take turns, so that a drift
// in the machine's load hits them alike.
const ways: Way[] = [localWay(1), await queueWay(1), localWay(2), await queueWay(2)];
try {
  for (const [k, way] of ways.entries()) await way.executor.run(warmJobs(k < 2 ? 1 : 2));
  for (let r = 0; r < REPEAT; r++) {
    for (const way of ways) {
      const { seconds, json } = await time(way.executor, jobsOf(r));
      way.seconds.push(seconds);
      way.json.push(json);
      process.stderr.write(`  ${way.name}: ${seconds.toFixed(2)} s\n`);
    }
  }
} finally {
  for (const way of ways) await way.close();
}
const [local1, queue1, local2, queue2] = ways.map((w) => median(w.seconds));
const identical = ways.every((w) => w.json.every((json, r) => json === ways[0].json[r]));
const perRepetition = (a: Way, b: Way): number[] => a.seconds.map((t, r) => t / b.seconds[r]);
const figures = {
  runs: RUNS,
  months,
  repeat: REPEAT,
  cores: availableParallelism(),
  seconds: { local1, queue1, local2, queue2 },
  speedUp: queue1 / queue2,
  speedUpByRepetition: perRepetition(ways[1], ways[3]),
  localScaling: local1 / local2,
  localScalingByRepetition: perRepetition(ways[0], ways[2]),
  overhead1: queue1 / local1 - 1,
  overhead2: queue2 / local2 - 1,
  identical,
};
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const lines = [
  "",
  "way                        wall s   runs/s",
  ...ways.map(
    (w, i) =>
      `${w.name.padEnd(26)} ${[local1, queue1, local2, queue2][i].toFixed(2).padStart(6)}   ${(RUNS / [local1, queue1, local2, queue2][i]).toFixed(2).padStart(6)}`,
  ),
  "",
  `speed-up, 2 worker processes over 1:   ${figures.speedUp.toFixed(2)}×  (target ≥ 1.8×)`,
  `  by repetition: ${figures.speedUpByRepetition.map((x) => `${x.toFixed(2)}×`).join(", ")}`,
  `  the local pool's own scaling, 2 threads over 1 (this machine's ceiling): ${figures.localScaling.toFixed(2)}×` +
    ` (by repetition: ${figures.localScalingByRepetition.map((x) => `${x.toFixed(2)}×`).join(", ")})`,
  `queue overhead, 1 process vs 1 thread: ${pct(figures.overhead1)}  (target ≤ 5%)`,
  `queue overhead, 2 processes vs 2 threads: ${pct(figures.overhead2)}`,
  `byte-identical summaries in every way: ${identical ? "yes" : "NO"}`,
];
process.stdout.write(args.json ? `${JSON.stringify(figures)}\n` : `${lines.join("\n")}\n`);
if (!identical) process.exitCode = 1;
