/**
 * --posterior: `cocasim compare` pairs and `cocasim run --runs N` ensembles that also
 * draw the calibrated parameters from the posterior, with fakes and a temporary store.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trendPath } from "../../src/calibration/zone-trends.ts";
import { runCli } from "../../src/cli/program.ts";
import { parseMonth } from "../../src/core/time.ts";
import { PERU_CALIBRATION } from "../../src/scenario/builtin/peru-calibration.ts";
import { type FakeDeps, fakeDeps, fakeScenario, storedOverrides, tempDir } from "./fakes.ts";

const VRAEM = trendPath("VRAEM");
const RISK = "growers.riskWeight";

/** The calibration's point values, as the built-in peru carries them. */
function calibrated(): Record<string, number> {
  const parameters: Record<string, number> = { ...PERU_CALIBRATION.parameters };
  for (const [zone, t] of Object.entries(PERU_CALIBRATION.zoneTrends)) parameters[trendPath(zone)] = t.value;
  return parameters;
}

/**
 * Built-ins from 2018-01 to 2020-12: peru with the calibration; "tight", a policy that
 * extends it and sets the risk weight itself; "bare", a scenario on the defaults.
 */
function deps(store?: string): FakeDeps {
  const d: FakeDeps = fakeDeps({
    overrides: {
      ...storedOverrides(store, () => d),
      builtinNames: () => ["peru", "tight", "bare"],
      loadBuiltin: (name, overrides) => {
        const parameters =
          name === "bare" ? {} : name === "tight" ? { ...calibrated(), [RISK]: 0.9 } : calibrated();
        const scenario = fakeScenario({
          name,
          from: overrides?.from ?? parseMonth("2018-01")!,
          to: overrides?.to ?? parseMonth("2020-12")!,
          seed: overrides?.seed ?? 42,
          parameters,
        });
        return { ok: true, scenario };
      },
    },
  });
  return d;
}

describe("cocasim compare --posterior", () => {
  it("gives each pair its own draw of the calibrated parameters, the same for both runs of the pair", async () => {
    const d = deps();
    expect(await runCli(["compare", "peru", "tight", "--runs", "3", "--posterior", "--json"], d)).toBe(0);
    const calls = d.simulateCalls;
    expect(calls.map((s) => s.name)).toEqual(["peru", "peru", "peru", "tight", "tight", "tight"]);
    const [base, policy] = [calls.slice(0, 3), calls.slice(3)];
    // Every pair: one seed, one draw of the zone trends; the draws differ between pairs.
    for (let i = 0; i < 3; i++) {
      expect(policy[i].seed).toBe(base[i].seed);
      expect(policy[i].parameters[VRAEM]).toBe(base[i].parameters[VRAEM]);
      expect(policy[i].parameters["growers.logitScaleUsd"]).toBe(base[i].parameters["growers.logitScaleUsd"]);
    }
    expect(new Set(base.map((s) => s.parameters[VRAEM])).size).toBe(3);
    expect(base.some((s) => s.parameters[VRAEM] !== PERU_CALIBRATION.zoneTrends.VRAEM.value)).toBe(true);
    // The policy's own setting stays; the baseline draws it.
    expect(policy.map((s) => s.parameters[RISK])).toEqual([0.9, 0.9, 0.9]);
    expect(new Set(base.map((s) => s.parameters[RISK])).size).toBeGreaterThan(1);
    const doc = JSON.parse(d.stdout.text);
    expect(doc.varies).toBe("posterior");
    expect(doc.runs).toBe(3);
  });

  it("says so in the tables and on stderr", async () => {
    const d = deps();
    expect(await runCli(["compare", "peru", "tight", "--runs", "2", "--posterior"], d)).toBe(0);
    expect(d.stdout.text).toMatch(
      /^Effects of tight against peru: 2 paired runs \(common seeds from base seed 42; parameters drawn from the calibration's posterior, one draw per pair\), 2018-01 to 2020-12\n/,
    );
    expect(d.stderr.text).toContain("calibrated parameters drawn from the posterior (one draw per pair)");
  });

  it("keeps the pairs in the store and reads them back on a second comparison", async () => {
    const dir = tempDir();
    try {
      const store = join(dir.path, "store.db");
      const first = deps(store);
      expect(await runCli(["compare", "peru", "tight", "--runs", "2", "--posterior", "--json"], first)).toBe(
        0,
      );
      expect(first.simulateCalls).toHaveLength(4);
      const again = deps(store);
      expect(await runCli(["compare", "peru", "tight", "--runs", "2", "--posterior", "--json"], again)).toBe(
        0,
      );
      expect(again.simulateCalls).toHaveLength(0);
      expect(again.stdout.text).toBe(first.stdout.text);
    } finally {
      dir.cleanup();
    }
  });

  it("without --posterior varies only the seed", async () => {
    const d = deps();
    expect(await runCli(["compare", "peru", "tight", "--runs", "3", "--json"], d)).toBe(0);
    expect(new Set(d.simulateCalls.map((s) => s.parameters[VRAEM])).size).toBe(1);
    expect(JSON.parse(d.stdout.text).varies).toBe("seed");
  });

  it.each([
    [["peru", "bare", "--runs", "3"], "--posterior: bare carries none of the calibrated parameters"],
    [
      ["peru", "tight", "--runs", "1"],
      "--posterior: --runs 1 gives one draw, no spread; expected --runs 2 or more",
    ],
    [
      ["peru", "tight", "--runs", "3", "--from", "2019-01"],
      "--posterior: the runs start in 2019-01; parameters drawn from the calibration hold for runs that start where it does, in 2018-01",
    ],
  ])("refuses %j with exit 2 and runs nothing", async (args, message) => {
    const d = deps();
    expect(await runCli(["compare", ...args, "--posterior", "--quiet"], d)).toBe(2);
    expect(d.stderr.text).toContain(message);
    expect(d.simulateCalls).toHaveLength(0);
  });
});

describe("cocasim run --runs N --posterior", () => {
  it("gives every run its own draw, says so, and writes it into run.json", async () => {
    const dir = tempDir();
    try {
      const d = deps();
      const out = join(dir.path, "ens");
      expect(await runCli(["run", "tight", "--runs", "4", "--posterior", "--json", "--out", out], d)).toBe(0);
      const calls = d.simulateCalls;
      expect(calls).toHaveLength(4);
      expect(new Set(calls.map((s) => s.parameters[VRAEM])).size).toBe(4);
      expect(new Set(calls.map((s) => s.parameters["growers.logitScaleUsd"])).size).toBeGreaterThan(1);
      // The scenario's own setting is not drawn.
      expect(calls.map((s) => s.parameters[RISK])).toEqual([0.9, 0.9, 0.9, 0.9]);
      const doc = JSON.parse(d.stdout.text);
      expect(doc.varies).toBe("posterior");
      expect(doc.runs).toBe(4);
      const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
      expect(runJson.varies).toBe("posterior");
      // run.json records each run's draw, as run.
      expect(runJson.draws).toHaveLength(4);
      runJson.draws.forEach((draw: Record<string, number>, i: number) => {
        expect(draw[VRAEM]).toBe(calls[i].parameters[VRAEM]);
        expect(draw[RISK]).toBeUndefined();
      });
      expect(JSON.parse(readFileSync(join(out, "ensemble.json"), "utf8")).varies).toBe("posterior");
      expect(d.stderr.text).toContain("calibrated parameters drawn from the posterior (one draw per run)");

      const table = deps();
      expect(await runCli(["run", "peru", "--runs", "2", "--posterior"], table)).toBe(0);
      expect(table.stdout.text).toMatch(
        /^Scenario peru, 2 runs \(seeds from base seed 42; parameters drawn from the calibration's posterior\), 2018-01 to 2020-12\n/,
      );
      const plain = deps();
      expect(await runCli(["run", "peru", "--runs", "2", "--json"], plain)).toBe(0);
      expect(JSON.parse(plain.stdout.text).varies).toBe("seed");
    } finally {
      dir.cleanup();
    }
  });

  it("draws the zone trends from the seeds: another --seed, other trends", async () => {
    const a = deps();
    const b = deps();
    expect(await runCli(["run", "peru", "--runs", "3", "--posterior", "--json", "-q"], a)).toBe(0);
    expect(
      await runCli(["run", "peru", "--runs", "3", "--posterior", "--json", "-q", "--seed", "7"], b),
    ).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(b.simulateCalls[i].parameters[VRAEM]).not.toBe(a.simulateCalls[i].parameters[VRAEM]);
    }
  });

  it("draws a parameter a scenario writes at exactly its calibrated value (it counts as calibrated)", async () => {
    const exact = calibrated()[RISK];
    const d = fakeDeps({
      overrides: {
        builtinNames: () => ["pinned"],
        loadBuiltin: (name) => ({
          ok: true,
          scenario: fakeScenario({
            name,
            from: parseMonth("2018-01")!,
            to: parseMonth("2018-12")!,
            parameters: { ...calibrated(), [RISK]: exact },
          }),
        }),
      },
    });
    expect(await runCli(["run", "pinned", "--runs", "3", "--posterior", "--json", "-q"], d)).toBe(0);
    expect(new Set(d.simulateCalls.map((s) => s.parameters[RISK])).size).toBeGreaterThan(1);
  });

  it("keeps the runs in the store, each under its own parameters, and reads them back", async () => {
    const dir = tempDir();
    try {
      const store = join(dir.path, "store.db");
      const first = deps(store);
      expect(await runCli(["run", "peru", "--runs", "3", "--posterior", "--json"], first)).toBe(0);
      expect(first.simulateCalls).toHaveLength(3);
      expect(first.stderr.text).toContain(`kept in ${store}: 3 runs, one by one (no ensemble)\n`);
      const again = deps(store);
      expect(await runCli(["run", "peru", "--runs", "3", "--posterior", "--json"], again)).toBe(0);
      expect(again.simulateCalls).toHaveLength(0);
      expect(again.stdout.text).toBe(first.stdout.text);
    } finally {
      dir.cleanup();
    }
  });

  it.each([
    [["run", "peru", "--posterior"], "--posterior is for ensembles: add --runs N (N > 1)"],
    [
      ["run", "bare", "--runs", "3", "--posterior"],
      "--posterior: bare carries none of the calibrated parameters",
    ],
    [
      ["run", "peru", "--runs", "3", "--posterior", "--from", "2019-01"],
      "--posterior: the runs start in 2019-01",
    ],
  ])("refuses %j with exit 2, runs nothing and writes nothing", async (args, message) => {
    const dir = tempDir();
    try {
      const d = deps();
      const out = join(dir.path, "none");
      expect(await runCli([...args, "--out", out, "--quiet"], d)).toBe(2);
      expect(d.stderr.text).toContain(message);
      expect(d.simulateCalls).toHaveLength(0);
      expect(existsSync(out)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});
