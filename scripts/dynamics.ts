/**
 * Full-size check of the dynamics of issue #3 §4: each experiment on 24 paired
 * seeds, printed as a Markdown table (the figures in docs/validation.md).
 * Run: node --import tsx scripts/dynamics.ts [--seeds N]
 */
import { DYNAMICS } from "../src/calibration/dynamics.ts";
import { simulate } from "../src/model/simulate.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";

const at = process.argv.indexOf("--seeds");
const count = at > 0 ? Number(process.argv[at + 1]) : 24;
const loaded = loadBuiltin("peru");
if (!loaded.ok) throw new Error("peru does not load");
const seeds = Array.from({ length: count }, (_, i) => 1000 + i);
console.log(`| dynamic | condition (mean [95% CI], ${count} paired seeds) | reproduced |`);
console.log("| --- | --- | --- |");
let failures = 0;
for (const f of Object.values(DYNAMICS)) {
  const check = f((scenario) => simulate(scenario), loaded.scenario, seeds);
  for (const c of check.conditions) {
    console.log(`| ${check.name} | ${c.text} | ${c.passed ? "yes" : "**no**"} |`);
    if (!c.passed) failures++;
  }
}
process.exitCode = failures > 0 ? 1 : 0;
