/**
 * `npm run bench`: the speed figures the issues ask for, measured on this machine.
 *
 * - household decisions per second: the grower submodel's monthly step on the
 *   full population, counting the decisions it takes (one core);
 * - wall time of the whole 2018–2030 `peru` run: median of several runs after a
 *   warm-up, including world construction and initial calibration.
 *
 * - ensemble throughput (issue #4): whole `peru` runs per second on the local
 *   executor (worker threads) with 1 and 2 workers (and with one per core when
 *   there are more than 2 cores), 16 runs after a warm-up of 4 whole runs per
 *   worker (the steady state a long ensemble spends nearly all its time in); the
 *   scaling ratio (runs/s with K workers over runs/s with 1), and the projected
 *   wall time of a 1,000-run `peru` ensemble at the best measured throughput.
 *
 * Prints a table and, with --json, a JSON line. Targets (issue #2): ≥ 5 M
 * decisions/s and ≤ 1 s for the whole run; (issue #4) scaling ≥ 0.9 × workers
 * (with as many workers as cores) and ≤ 10 min for 1,000 runs.
 */
import { availableParallelism } from "node:os";
import { ensembleSeeds } from "../src/ensemble/seeds.ts";
import { localExecutor } from "../src/executors/local.ts";
import { growersStep } from "../src/model/growers/grower-step.ts";
import { initialise, resolveParameters, simulate } from "../src/model/simulate.ts";
import { createWorld } from "../src/model/world.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";
import type { ResolvedScenario } from "../src/scenario/types.ts";

function peru(): ResolvedScenario {
  const loaded = loadBuiltin("peru");
  if (!loaded.ok) throw new Error("the built-in peru scenario does not load");
  return loaded.scenario;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function benchDecisions(): { decisionsPerSecond: number; householdsPerSecond: number; households: number } {
  const scenario = peru();
  const world = createWorld(scenario, resolveParameters(scenario));
  initialise(world);
  const h = world.households;
  let active = 0;
  for (let z = 0; z < world.zones.defs.length; z++) active += h.zoneActive[z];
  const interval = world.params["growers.decisionIntervalMonths"];
  // Every household decides in every step: set the interval to 1 for the kernel benchmark.
  world.params["growers.decisionIntervalMonths"] = 1;
  const steps = 40;
  for (let i = 0; i < 5; i++) growersStep(world); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    world.now = scenario.from + (i % 12);
    growersStep(world);
  }
  const seconds = (performance.now() - t0) / 1000;
  world.params["growers.decisionIntervalMonths"] = interval;
  return {
    decisionsPerSecond: (active * steps) / seconds,
    householdsPerSecond: (active * steps) / seconds,
    households: active,
  };
}

/**
 * The whole run: the first (cold) run of a fresh process, then the median of 7 runs
 * after 3 warm-up runs, when V8 has optimised the hot loops (steady state, as
 * ensembles and the dashboard's re-runs see it). Setup is included in every run.
 */
function benchRun(): { medianMs: number; coldMs: number; runsMs: number[] } {
  const scenario = peru();
  let t0 = performance.now();
  simulate(scenario);
  const coldMs = performance.now() - t0;
  simulate(scenario);
  simulate(scenario);
  const runsMs: number[] = [];
  for (let i = 0; i < 7; i++) {
    t0 = performance.now();
    simulate(scenario);
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), coldMs, runsMs };
}

interface EnsembleConfig {
  readonly workers: number;
  readonly runs: number;
  readonly seconds: number;
  readonly runsPerSecond: number;
}

/** Whole runs each worker does before the timed ensemble. */
const WARM_RUNS_PER_WORKER = 4;

/** Runs per second of whole peru runs on `workers` worker threads (warm workers, `runs` runs). */
async function benchEnsemble(workers: number, runs: number): Promise<EnsembleConfig> {
  const scenario = peru();
  const executor = localExecutor({ workers, batchSize: 1 });
  try {
    // Warm-up: WARM_RUNS_PER_WORKER whole runs per worker. V8 settles on its final
    // optimised code for the grower step only after a few runs (the first deoptimises
    // it about twenty times as zones take new branches); until then a single worker
    // gets compilation and GC done on the idle core for free, which understates the
    // scaling of the long ensembles this figure is about.
    await executor.run(ensembleSeeds(1, WARM_RUNS_PER_WORKER * workers).map((seed) => ({ scenario, seed })));
    const jobs = ensembleSeeds(scenario.seed, runs).map((seed) => ({ scenario, seed }));
    const t0 = performance.now();
    await executor.run(jobs);
    const seconds = (performance.now() - t0) / 1000;
    return { workers, runs, seconds, runsPerSecond: runs / seconds };
  } finally {
    await executor.close();
  }
}

async function benchEnsembles(): Promise<{
  cores: number;
  configs: EnsembleConfig[];
  scaling: { workers: number; ratio: number; target: number };
  projected1000RunsMinutes: number;
}> {
  const cores = availableParallelism();
  const counts = cores > 2 ? [1, 2, cores] : [1, 2];
  const configs: EnsembleConfig[] = [];
  for (const workers of counts) configs.push(await benchEnsemble(workers, Math.max(16, 4 * workers)));
  // Scaling with as many workers as cores (2 at least: the issue asks for 1 and 2 workers).
  const top = configs[configs.length - 1];
  const ratio = top.runsPerSecond / configs[0].runsPerSecond;
  const best = Math.max(...configs.map((c) => c.runsPerSecond));
  return {
    cores,
    configs,
    scaling: { workers: top.workers, ratio, target: 0.9 * Math.min(top.workers, cores) },
    projected1000RunsMinutes: 1000 / best / 60,
  };
}

// The whole run first, in a fresh process: the kernel benchmark below changes the
// decision interval, and its type feedback would otherwise slow the full runs.
const run = benchRun();
const decisions = benchDecisions();
const ensemble = await benchEnsembles();
const rows: [string, string, string][] = [
  ["household decisions/s (1 core)", `${(decisions.decisionsPerSecond / 1e6).toFixed(2)} M`, "≥ 5 M"],
  ["households in the population", String(decisions.households), "≈ 1 per real household"],
  ["peru 2018–2030 run, median of 7 (warm)", `${run.medianMs.toFixed(0)} ms`, "≤ 1000 ms"],
  ["peru 2018–2030 run, first in a process", `${run.coldMs.toFixed(0)} ms`, "-"],
  ...ensemble.configs.map((c): [string, string, string] => [
    `ensemble, ${c.workers} worker${c.workers === 1 ? "" : "s"} (${c.runs} peru runs)`,
    `${c.runsPerSecond.toFixed(2)} runs/s`,
    "-",
  ]),
  [
    `scaling, ${ensemble.scaling.workers} workers / 1 (${ensemble.cores} cores)`,
    `${ensemble.scaling.ratio.toFixed(2)} ×`,
    `≥ ${ensemble.scaling.target.toFixed(1)} ×`,
  ],
  ["1,000-run peru ensemble, projected", `${ensemble.projected1000RunsMinutes.toFixed(1)} min`, "≤ 10 min"],
];
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ node: process.version, decisions, run, ensemble }));
} else {
  console.log(`cocasim bench (node ${process.version})`);
  for (const [what, value, target] of rows)
    console.log(`${what.padEnd(36)} ${value.padStart(12)}   target ${target}`);
  console.log(`runs: ${run.runsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
}
