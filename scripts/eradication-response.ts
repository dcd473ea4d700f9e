/**
 * How the national area answers eradication, in the record and in the model
 * (docs/validation.md §3, "The area does not answer eradication"): the least-squares
 * slope and correlation of each year's change in hectares on the previous year's
 * status-quo eradication, 2019–2024.
 *
 *   node --import tsx scripts/eradication-response.ts [--seeds N] [--set '{"growers.riskWeight": 0.8}' ...]
 *
 * Prints one line for DEVIDA's record, one for `peru` at the calibration's point
 * estimate (the mean of N seeds, default 4) and one for each --set, the same
 * scenario with those parameters overridden. A slope of −1 means each hectare
 * eradicated takes one hectare off the next year's growth; the record's is about
 * −0.8, the model's about 0. `cocasim fit-report` reports the same for its ensemble.
 */
import { parseArgs } from "node:util";
import { eradicationResponse, type Regression } from "../src/calibration/eradication-response.ts";
import { observedNationalHectares } from "../src/data/record.ts";
import { simulate } from "../src/model/simulate.ts";
import { loadBuiltin } from "../src/scenario/resolve.ts";

const FIRST = 2018;
const LAST = 2024;

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "4" },
    set: { type: "string", multiple: true, default: [] },
  },
});
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => 11 + i);
const years = Array.from({ length: LAST - FIRST + 1 }, (_, i) => FIRST + i);

function line(name: string, hectares: readonly number[], { slope, r }: Regression): string {
  const area = hectares.map((ha) => Math.round(ha).toLocaleString("en-US").padStart(7)).join(" ");
  return `${name.padEnd(28)} ${area}   slope ${slope.toFixed(2).padStart(5)}   r ${r.toFixed(2).padStart(5)}`;
}

const loaded = loadBuiltin("peru", { to: LAST * 12 + 11 });
if (!loaded.ok) throw new Error("the built-in peru scenario does not load");
const base = loaded.scenario;

console.log(`${"".padEnd(28)} ${years.map((y) => String(y).padStart(7)).join(" ")}`);
const variants: [string, Record<string, number>][] = [
  ["peru (point estimate)", {}],
  ...values.set!.map((text): [string, Record<string, number>] => [text, JSON.parse(text)]),
];
for (const [k, [name, overrides]] of variants.entries()) {
  const runs = seeds.map(
    (seed) => simulate({ ...base, seed, parameters: { ...base.parameters, ...overrides } }).summary,
  );
  const response = eradicationResponse(runs);
  if (response === undefined) throw new Error("the runs do not cover 2018-2024");
  if (k === 0) {
    const recorded = years.map((year) => observedNationalHectares(year) ?? Number.NaN);
    console.log(line("DEVIDA", recorded, response.recorded));
  }
  const mean = years.map(
    (year) =>
      runs.reduce((a, run) => a + (run.years.find((y) => y.year === year)?.hectares.total ?? 0), 0) /
      runs.length,
  );
  console.log(line(name, mean, response.simulated));
}
