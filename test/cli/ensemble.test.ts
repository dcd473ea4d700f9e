/** `cocasim run --runs N` and `cocasim compare`, with fakes (in-process executor, fake simulate). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import type { CliDeps } from "../../src/cli/types.ts";
import { compareEnsembles } from "../../src/ensemble/compare.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { summariseEnsemble } from "../../src/ensemble/summarise.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { Executor } from "../../src/executors/types.ts";
import type { SimulationResult } from "../../src/model/results.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import { fakeDeps, fakeScenario, fakeSimulate, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const SEEDS = ensembleSeeds(42, 3);
const peruRuns = () => SEEDS.map((seed) => fakeSimulate(fakeScenario({ name: "peru", seed })).summary);

describe("cocasim run --runs N", () => {
  it("runs the scenario once per derived seed and prints the ensemble summary as JSON", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--runs", "3", "--json"], deps)).toBe(0);
    expect(deps.simulateCalls.map((s) => [s.name, s.seed])).toEqual(SEEDS.map((seed) => ["peru", seed]));
    const doc = JSON.parse(deps.stdout.text);
    const stats = summariseEnsemble(peruRuns());
    expect(doc).toEqual({
      scenario: "peru",
      scenarioHash: "hash-peru-42-24240-24263",
      from: "2020-01",
      to: "2021-12",
      baseSeed: 42,
      varies: "seed",
      runs: 3,
      seeds: SEEDS,
      years: JSON.parse(JSON.stringify(stats.years)),
    });
    expect(Object.keys(doc.years[0].hectares.total)).toEqual(["mean", "p5", "p50", "p95"]);
    expect(deps.stdout.text.endsWith("}\n")).toBe(true);
  });

  it("honours --seed as the base seed", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--runs", "2", "--seed", "7", "--json"], deps)).toBe(0);
    expect(deps.simulateCalls.map((s) => s.seed)).toEqual(ensembleSeeds(7, 2));
    expect(JSON.parse(deps.stdout.text).baseSeed).toBe(7);
  });

  it("prints the mean, 5th and 95th percentiles of the main figures per year", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--runs", "3"], deps)).toBe(0);
    const out = deps.stdout.text;
    expect(out).toMatch(/^Scenario peru, 3 runs \(seeds from base seed 42\), 2020-01 to 2021-12\n/);
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.startsWith("2020  mean"));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {6}p5 /);
    expect(lines[at + 2]).toMatch(/^ {6}p95 /);
    expect(lines[at + 3]).toMatch(/^2021 {2}mean /);
    // coca ha of the three runs: 60000·k + 20 with k = 1 + (seed mod 7)/10
    const ha = SEEDS.map((s) => 60000 * (1 + (s % 7) / 10) + 20);
    const mean = ha.reduce((a, b) => a + b) / 3;
    expect(lines[at]).toContain(`  ${Math.round(mean).toLocaleString("en-US")}  `);
    expect(deps.stderr.text).toBe(
      "simulated peru: 3 runs of 24 months, 2020-01 to 2021-12, seeds from base seed 42, in process\n",
    );
  });

  it("draws one progress bar over all the runs' months when stderr is a TTY", async () => {
    const deps = fakeDeps({ tty: true });
    expect(await runCli(["run", "peru", "--runs", "3"], deps)).toBe(0);
    expect(deps.progress).toHaveLength(1);
    expect(deps.progress[0]).toEqual({ total: 72, label: "peru ×3", updates: [24, 48, 72], stopped: true });
  });

  it("is silent on stderr with --quiet", async () => {
    const deps = fakeDeps({ tty: true });
    expect(await runCli(["run", "peru", "--runs", "3", "--quiet"], deps)).toBe(0);
    expect(deps.progress).toHaveLength(0);
    expect(deps.stderr.text).toBe("");
  });

  it("writes ensemble.json, runs.jsonl and run.json with --out", async () => {
    const out = join(dir.path, "runs", "ens");
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--runs", "3", "--json", "--out", out], deps)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["ensemble.json", "run.json", "runs.jsonl"]);
    expect(readdirSync(join(dir.path, "runs"))).toEqual(["ens"]);
    expect(readFileSync(join(out, "ensemble.json"), "utf8")).toBe(deps.stdout.text);
    const lines = readFileSync(join(out, "runs.jsonl"), "utf8").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(lines.slice(0, 3)).toEqual(peruRuns().map((s) => JSON.stringify(s)));
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(run).toMatchObject({ cocasim: "9.9.9-test", seed: 42, runs: 3, seeds: SEEDS });
    expect(run.scenario).toMatchObject({ name: "peru", from: "2020-01", to: "2021-12" });
    expect(deps.stderr.text).toContain(`wrote ensemble.json, runs.jsonl, run.json to ${out}\n`);
  });

  it("exits 1 naming the failed run, stops the bar and writes nothing", async () => {
    let calls = 0;
    const deps = fakeDeps({
      tty: true,
      overrides: {
        simulate: (scenario) => {
          if (++calls === 2) throw new RangeError("negative hectares");
          return fakeSimulate(scenario);
        },
      },
    });
    const out = join(dir.path, "out");
    expect(await runCli(["run", "peru", "--runs", "3", "--out", out], deps)).toBe(1);
    expect(deps.stderr.text).toBe(
      `cocasim: simulation failed: job 1 (scenario "peru", seed ${SEEDS[1]}) failed: negative hectares\n`,
    );
    expect(deps.progress[0].stopped).toBe(true);
    expect(deps.stdout.text).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("asks for as many workers as given, never more than the runs, and closes the executor", async () => {
    const asked: number[] = [];
    let closed = 0;
    const factory = (workers: number): Executor => {
      asked.push(workers);
      const inner = inlineExecutor({ simulate: (s) => fakeSimulate(s) });
      return {
        run: (jobs, options) => inner.run(jobs, options),
        close: async () => {
          closed++;
        },
      };
    };
    const overrides: Partial<CliDeps> = { createExecutor: factory, defaultWorkers: () => 2 };
    const a = fakeDeps({ overrides });
    expect(await runCli(["run", "peru", "--runs", "3", "--workers", "5", "--json"], a)).toBe(0);
    const b = fakeDeps({ overrides });
    expect(await runCli(["run", "peru", "--runs", "3", "--json"], b)).toBe(0);
    expect(asked).toEqual([3, 2]);
    expect(closed).toBe(2);
    expect(b.stdout.text).toBe(a.stdout.text);
    expect(b.stderr.text).toContain(", 2 workers\n");
  });

  it("is a plain run with --runs 1", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--runs", "1", "--workers", "4"], deps)).toBe(0);
    expect(deps.simulateCalls.map((s) => s.seed)).toEqual([42]);
    expect(deps.stdout.text).toMatch(/^Scenario peru, seed 42, 2020-01 to 2021-12\n/);
  });

  it.each([
    [
      ["run", "peru", "--runs", "0"],
      /'--runs <n>' argument '0' is invalid\. the number of runs must be a positive/,
    ],
    [["run", "peru", "--runs", "abc"], /'--runs <n>' argument 'abc' is invalid/],
    [["run", "peru", "--runs", "2.5"], /argument '2\.5' is invalid/],
    [["run", "peru", "--runs", "1000001"], /at most 1000000/],
    [["run", "peru", "--runs", "3", "--workers", "0"], /'--workers <k>' argument '0' is invalid/],
    [["compare", "peru"], /missing required argument 'policies'/],
    [["compare", "peru", "no-eradication", "--runs", "-2"], /'--runs <n>' argument '-2' is invalid/],
  ])("%j exits 2", async (args, message) => {
    const deps = fakeDeps();
    expect(await runCli(args, deps)).toBe(2);
    expect(deps.stderr.text).toMatch(message);
    expect(deps.simulateCalls).toHaveLength(0);
  });

  it("documents ensembles and compare in the help, with examples", async () => {
    const run = fakeDeps();
    expect(await runCli(["run", "--help"], run)).toBe(0);
    expect(run.stdout.text).toContain("--runs <n>");
    expect(run.stdout.text).toContain("$ cocasim run peru --runs 100");
    expect(run.stdout.text).toContain("DIR/runs.jsonl");
    const compare = fakeDeps();
    expect(await runCli(["compare", "--help"], compare)).toBe(0);
    expect(compare.stdout.text).toContain("Usage: cocasim compare [options] <baseline> <policies...>");
    expect(compare.stdout.text).toContain("$ cocasim compare peru vraem-offensive.yaml");
    const top = fakeDeps();
    expect(await runCli(["--help"], top)).toBe(0);
    expect(top.stdout.text).toContain("compare");
  });
});

/** fakeSimulate, with the policy "no-eradication" cutting hectares by 10% and adding 100 arrests. */
function policySimulate(scenario: ResolvedScenario): SimulationResult {
  const result = fakeSimulate(scenario);
  if (scenario.name !== "no-eradication") return result;
  return {
    ...result,
    summary: {
      ...result.summary,
      years: result.summary.years.map((y) => ({
        ...y,
        hectares: { ...y.hectares, total: y.hectares.total * 0.9 },
        arrests: y.arrests + 100,
      })),
    },
  };
}

describe("cocasim compare", () => {
  const compareDeps = (tty = false) => fakeDeps({ tty, overrides: { simulate: policySimulate } });

  it("runs baseline and policy with the same seeds and prints the paired effects as JSON", async () => {
    const calls: ResolvedScenario[] = [];
    const recording = fakeDeps({
      overrides: {
        simulate: (s) => {
          calls.push(s);
          return policySimulate(s);
        },
      },
    });
    expect(await runCli(["compare", "peru", "no-eradication", "--runs", "3", "--json"], recording)).toBe(0);
    expect(calls.map((s) => [s.name, s.seed])).toEqual([
      ...SEEDS.map((seed) => ["peru", seed]),
      ...SEEDS.map((seed) => ["no-eradication", seed]),
    ]);
    const doc = JSON.parse(recording.stdout.text);
    const expected = compareEnsembles(
      SEEDS.map((seed) => policySimulate(fakeScenario({ name: "peru", seed })).summary),
      [SEEDS.map((seed) => policySimulate(fakeScenario({ name: "no-eradication", seed })).summary)],
    );
    expect(doc).toMatchObject({
      baseline: "peru",
      baselineHash: "hash-peru-42-24240-24263",
      from: "2020-01",
      to: "2021-12",
      baseSeed: 42,
      runs: 3,
      seeds: SEEDS,
    });
    expect(doc.policies).toHaveLength(1);
    expect(doc.policies[0].scenario).toBe("no-eradication");
    expect(doc.policies[0].scenarioHash).toBe("hash-no-eradication-42-24240-24263");
    expect(doc.policies[0].years).toEqual(JSON.parse(JSON.stringify(expected.policies[0].years)));
    // hand-checked: arrests +100 in every run, hectares −10%
    const [y2020] = doc.policies[0].years;
    expect(y2020.arrests).toEqual({
      baseline: 1234,
      policy: 1334,
      mean: 100,
      interval90: [100, 100],
      ci95: [100, 100],
    });
    const ha = SEEDS.map((s) => 60000 * (1 + (s % 7) / 10) + 20);
    expect(y2020.hectares.mean).toBeCloseTo((-0.1 * (ha[0] + ha[1] + ha[2])) / 3, 6);
    expect(y2020.usdPerTonneKeptOff.mean).toBeNull();
  });

  it("prints readable tables of effects with intervals", async () => {
    const deps = compareDeps();
    expect(await runCli(["compare", "peru", "no-eradication", "--runs", "3"], deps)).toBe(0);
    const out = deps.stdout.text;
    expect(out).toMatch(
      /^Effects of no-eradication against peru: 3 paired runs \(common seeds from base seed 42\), 2020-01 to 2021-12\n/,
    );
    expect(out).toMatch(
      /^2020 {2}coca ha +[\d,]+ +[\d,]+ +-[\d,]+ +\[-[\d,]+, -[\d,]+\] +\[-[\d,]+, -[\d,]+\]$/m,
    );
    expect(out).toMatch(/^ {6}arrests +1,234 +1,334 +\+100 +\[\+100, \+100\] +\[\+100, \+100\]$/m);
    expect(out).toMatch(/^ {6}USD M per t kept off +no cut +\[\+inf, \+inf\] +-$/m);
    expect(out).toMatch(/^ {6}exports by sea % +39\.2 +39\.2 +0\.0 /m);
    expect(out).toContain("effect: policy − baseline");
    expect(deps.stderr.text).toBe(
      "simulated 2 scenarios × 3 runs of 24 months, 2020-01 to 2021-12, seeds from base seed 42, in process\n",
    );
  });

  it("compares several policies, runs 10 times by default, and applies --from/--to to all", async () => {
    const deps = compareDeps(true);
    const code = await runCli(
      ["compare", "peru", "no-eradication", "peru", "--from", "2021-01", "--to", "2021-06", "--json"],
      deps,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(deps.stdout.text);
    expect(doc.runs).toBe(10);
    expect(doc.policies.map((p: { scenario: string }) => p.scenario)).toEqual(["no-eradication", "peru"]);
    expect(doc.from).toBe("2021-01");
    expect(doc.to).toBe("2021-06");
    expect(deps.progress[0]).toMatchObject({ total: 3 * 10 * 6, label: "compare 3×10", stopped: true });
    expect(deps.progress[0].updates.at(-1)).toBe(180);
  });

  it("exits 2 when a policy covers another period than the baseline", async () => {
    const file = join(dir.path, "short.json");
    writeFileSync(file, JSON.stringify({ name: "short", to: "2020-12" }));
    const deps = compareDeps();
    expect(await runCli(["compare", "peru", file, "--runs", "2"], deps)).toBe(2);
    expect(deps.stderr.text).toBe(
      `cocasim: ${file} runs 2020-01 to 2020-12, but the baseline peru runs 2020-01 to 2021-12: ` +
        "give them the same period (--from and --to apply to all)\n",
    );
  });

  it("exits 2 on an unknown scenario and 1 when a run fails", async () => {
    const unknown = compareDeps();
    expect(await runCli(["compare", "peru", "narnia"], unknown)).toBe(2);
    expect(unknown.stderr.text).toMatch(/no scenario file or built-in scenario named "narnia"/);
    const failing = fakeDeps({
      overrides: {
        simulate: (s) => {
          if (s.name === "no-eradication") throw new Error("boom");
          return fakeSimulate(s);
        },
      },
    });
    expect(await runCli(["compare", "peru", "no-eradication", "--runs", "2", "--quiet"], failing)).toBe(1);
    expect(failing.stderr.text).toBe(
      `cocasim: simulation failed: job 2 (scenario "no-eradication", seed ${SEEDS[0]}) failed: boom\n`,
    );
    expect(failing.stdout.text).toBe("");
  });
});
