/**
 * Full-size check of the dynamics of issue #3 §4: each experiment on 24 paired
 * seeds, printed as a Markdown table (the figures in docs/validation.md).
 * Run: node --import tsx scripts/dynamics.ts [--seeds N]
 */
import { checkDynamics, dynamicsTable } from "../src/calibration/dynamics.ts";
import { simulate } from "../src/model/simulate.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";

const at = process.argv.indexOf("--seeds");
const count = at > 0 ? Number(process.argv[at + 1]) : 24;
const loaded = loadBuiltin("peru");
if (!loaded.ok) throw new Error("peru does not load");
const seeds = Array.from({ length: count }, (_, i) => 1000 + i);
const checks = checkDynamics((scenario) => simulate(scenario), loaded.scenario, seeds);
console.log(dynamicsTable(checks, count));
process.exitCode = checks.some((check) => !check.passed) ? 1 : 0;
