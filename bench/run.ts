/**
 * `npm run bench`: the speed figures the issues ask for, measured on this machine.
 *
 * - household decisions per second: the grower submodel's monthly step on the
 *   full population, counting the decisions it takes (one core);
 * - wall time of the whole 2018–2030 `peru` run: median of several runs after a
 *   warm-up, including world construction and initial calibration.
 *
 * Prints a table and, with --json, a JSON line. Targets (issue #2): ≥ 5 M
 * decisions/s and ≤ 1 s for the whole run.
 */
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

function benchRun(): { medianMs: number; runsMs: number[] } {
  const scenario = peru();
  simulate(scenario); // warm-up (JIT)
  const runsMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    simulate(scenario);
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), runsMs };
}

const decisions = benchDecisions();
const run = benchRun();
const rows: [string, string, string][] = [
  ["household decisions/s (1 core)", `${(decisions.decisionsPerSecond / 1e6).toFixed(2)} M`, "≥ 5 M"],
  ["households in the population", String(decisions.households), "≈ 1 per real household"],
  ["peru 2018–2030 run, median of 5", `${run.medianMs.toFixed(0)} ms`, "≤ 1000 ms"],
];
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ node: process.version, decisions, run }));
} else {
  console.log(`cocasim bench (node ${process.version})`);
  for (const [what, value, target] of rows)
    console.log(`${what.padEnd(36)} ${value.padStart(12)}   target ${target}`);
  console.log(`runs: ${run.runsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);
}
