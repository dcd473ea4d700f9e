/**
 * The distributed executor's figures (issue #6), on this machine:
 *
 *   node --import tsx bench/distributed.ts [--runs N] [--to YYYY-MM] [--repeat R]
 *                                          [--queue redis://HOST:6379 | postgres://USER@HOST/DB] [--json]
 *                                          [--worker-flags "NODE FLAGS"]
 *
 * One `peru` ensemble (default: 24 runs of the whole 2018–2030 period) run four
 * ways, each after a warm-up (worker processes started and 4 whole runs per worker,
 * so start-up and V8's first optimisations are not counted), taking turns R times (default 5):
 *   - local pool, 1 thread and 2 threads (src/executors/local.ts);
 *   - BullMQ queue, 1 worker process and 2 worker processes (`cocasim worker
 *     --concurrency 1` each), fed by the distributed executor with its default
 *     seed blocks.
 * Every way runs the same seeds; each queue way uses a key prefix (Redis) or a
 * schema (Postgres) of its own, so nothing is taken from an earlier way's results,
 * and all of it is deleted at the end. It prints the wall times (median of R repetitions, each with other seeds),
 * checks that every way gave byte-identical summaries, and prints each ratio as the
 * geometric mean of its per-repetition ratios with a 95% interval:
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
import { studentTQuantile } from "../src/ensemble/stats.ts";
import { localExecutor } from "../src/executors/local.ts";
import type { Executor, SimulationJob } from "../src/executors/types.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const { values: args } = parseArgs({
  options: {
    // 24 runs × 5 repetitions: about 13 s a way with two workers, 6 minutes in all. Five
    // paired repetitions give the ratios an interval; with 16 × 3 one slow repetition on
    // a shared 2-core machine moved a ratio by a tenth and nothing showed it.
    runs: { type: "string", default: "24" },
    to: { type: "string", default: "2030-12" },
    repeat: { type: "string", default: "5" },
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
// in the machine's load hits them alike. Each queue way runs right before or right
// after its local twin (the order alternates by repetition), and the ratios are
// taken within a repetition, so a slow patch of the shared machine mostly cancels.
const ways: Way[] = [localWay(1), await queueWay(1), localWay(2), await queueWay(2)];
try {
  for (const [k, way] of ways.entries()) await way.executor.run(warmJobs(k < 2 ? 1 : 2));
  for (let r = 0; r < REPEAT; r++) {
    const order = r % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
    for (const k of order) {
      const way = ways[k];
      const { seconds, json } = await time(way.executor, jobsOf(r));
      way.seconds[r] = seconds;
      way.json[r] = json;
      process.stderr.write(`  ${way.name}: ${seconds.toFixed(2)} s\n`);
    }
  }
} finally {
  for (const way of ways) await way.close();
}
const [local1, queue1, local2, queue2] = ways.map((w) => median(w.seconds));
const identical = ways.every((w) => w.json.every((json, r) => json === ways[0].json[r]));
const perRepetition = (a: Way, b: Way): number[] => a.seconds.map((t, r) => t / b.seconds[r]);

/**
 * A ratio's estimate over the repetitions: the geometric mean of the per-repetition
 * ratios with a Student-t 95% interval on their logs (none with one repetition).
 * Wall times on a shared machine vary by a fifth from one minute to the next; the
 * interval says how far the point estimate can be trusted.
 */
function ratioEstimate(ratios: number[]): { estimate: number; low: number; high: number } {
  const logs = ratios.map(Math.log);
  const n = logs.length;
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { estimate: Math.exp(mean), low: Number.NaN, high: Number.NaN };
  const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { estimate: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half) };
}
const speedUp = ratioEstimate(perRepetition(ways[1], ways[3]));
const localScaling = ratioEstimate(perRepetition(ways[0], ways[2]));
// The queue's speed-up as a share of the pool's in the same repetition: what the
// queue itself costs in scaling, with the machine's own ceiling divided out.
const relativeScaling = ratioEstimate(
  perRepetition(ways[1], ways[3]).map((x, r) => x / perRepetition(ways[0], ways[2])[r]),
);
const overhead1 = ratioEstimate(perRepetition(ways[1], ways[0]));
const overhead2 = ratioEstimate(perRepetition(ways[3], ways[2]));
const figures = {
  runs: RUNS,
  months,
  repeat: REPEAT,
  cores: availableParallelism(),
  seconds: { local1, queue1, local2, queue2 },
  secondsByRepetition: {
    local1: ways[0].seconds,
    queue1: ways[1].seconds,
    local2: ways[2].seconds,
    queue2: ways[3].seconds,
  },
  speedUp: speedUp.estimate,
  speedUpInterval: [speedUp.low, speedUp.high],
  speedUpByRepetition: perRepetition(ways[1], ways[3]),
  localScaling: localScaling.estimate,
  localScalingInterval: [localScaling.low, localScaling.high],
  localScalingByRepetition: perRepetition(ways[0], ways[2]),
  relativeScaling: relativeScaling.estimate,
  relativeScalingInterval: [relativeScaling.low, relativeScaling.high],
  overhead1: overhead1.estimate - 1,
  overhead1Interval: [overhead1.low - 1, overhead1.high - 1],
  overhead2: overhead2.estimate - 1,
  overhead2Interval: [overhead2.low - 1, overhead2.high - 1],
  identical,
};
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const interval = (lo: number, hi: number, format: (x: number) => string): string =>
  Number.isNaN(lo) ? "" : ` [95% CI ${format(lo)}, ${format(hi)}]`;
const times = (x: number): string => `${x.toFixed(2)}×`;
const lines = [
  "",
  "way                        wall s   runs/s   (medians)",
  ...ways.map(
    (w, i) =>
      `${w.name.padEnd(26)} ${[local1, queue1, local2, queue2][i].toFixed(2).padStart(6)}   ${(RUNS / [local1, queue1, local2, queue2][i]).toFixed(2).padStart(6)}`,
  ),
  "",
  "ratios: geometric means of the per-repetition ratios",
  `speed-up, 2 worker processes over 1:   ${times(figures.speedUp)}${interval(speedUp.low, speedUp.high, times)}  (target ≥ 1.8×)`,
  `  by repetition: ${figures.speedUpByRepetition.map(times).join(", ")}`,
  `the local pool's own scaling, 2 threads over 1 (this machine's ceiling): ${times(figures.localScaling)}` +
    `${interval(localScaling.low, localScaling.high, times)} (by repetition: ${figures.localScalingByRepetition.map(times).join(", ")})`,
  `the queue's speed-up over the pool's: ${times(figures.relativeScaling)}${interval(relativeScaling.low, relativeScaling.high, times)}`,
  `queue overhead, 1 process vs 1 thread: ${pct(figures.overhead1)}${interval(overhead1.low - 1, overhead1.high - 1, pct)}  (target ≤ 5%)`,
  `queue overhead, 2 processes vs 2 threads: ${pct(figures.overhead2)}${interval(overhead2.low - 1, overhead2.high - 1, pct)}  (target ≤ 5%)`,
  `byte-identical summaries in every way: ${identical ? "yes" : "NO"}`,
];
process.stdout.write(args.json ? `${JSON.stringify(figures)}\n` : `${lines.join("\n")}\n`);
if (!identical) process.exitCode = 1;
