import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nodeFileSystem } from "../../src/cli/node-fs.ts";
import { runCli } from "../../src/cli/program.ts";
import type { FileSystem } from "../../src/cli/types.ts";
import { parseMonth } from "../../src/core/time.ts";
import { fakeDeps, fakeScenario, fakeSimulate, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

const OUTPUT_FILES = ["flows.csv", "monthly.csv", "run.json", "summary.json"];

function readOutputs(path: string): Record<string, string> {
  return Object.fromEntries(OUTPUT_FILES.map((f) => [f, readFileSync(join(path, f), "utf8")]));
}

describe("cocasim run: loading", () => {
  it("runs a built-in scenario by name and prints the summary table", async () => {
    const deps = fakeDeps();
    const code = await runCli(["run", "peru"], deps);
    expect(code).toBe(0);
    expect(deps.simulateCalls.map((s) => s.name)).toEqual(["peru"]);
    expect(deps.stdout.text).toContain("Scenario peru, seed 42, 2020-01 to 2021-12");
    expect(deps.stdout.text).toMatch(/^2020 {2}/m);
    expect(deps.stdout.text).toMatch(/^2021 {2}/m);
  });

  it("reads a path that exists as a scenario file and passes the overrides", async () => {
    const file = join(dir.path, "peru");
    writeFileSync(file, JSON.stringify({ name: "from-file", seed: 1 }));
    const deps = fakeDeps();
    const code = await runCli(
      ["run", file, "--seed", "7", "--from", "2019-03", "--to", "2020-02", "--quiet"],
      deps,
    );
    expect(code).toBe(0);
    const [scenario] = deps.simulateCalls;
    expect(scenario.name).toBe("from-file"); // the file wins over the built-in of the same name
    expect(scenario.seed).toBe(7);
    expect(scenario.from).toBe(parseMonth("2019-03"));
    expect(scenario.to).toBe(parseMonth("2020-02"));
  });

  it("exits 2 and lists the built-ins when the target is neither a file nor a built-in", async () => {
    const deps = fakeDeps();
    const code = await runCli(["run", "nowhere.yaml"], deps);
    expect(code).toBe(2);
    expect(deps.stderr.text).toBe(
      'cocasim: no scenario file or built-in scenario named "nowhere.yaml" (built-in scenarios: peru, no-eradication)\n',
    );
    expect(deps.stdout.text).toBe("");
  });

  it("exits 2 when the target is a directory", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", dir.path], deps)).toBe(2);
    expect(deps.stderr.text).toContain("is a directory");
  });

  it("prints the loader's errors and exits 2 on an invalid scenario", async () => {
    const file = join(dir.path, "bad.yaml");
    writeFileSync(
      file,
      JSON.stringify({
        errors: [
          { line: 3, col: 5, path: "policies[0].kind", message: "unknown policy kind" },
          { line: 7, col: 1, path: "to", message: "must be a month" },
        ],
      }),
    );
    const deps = fakeDeps();
    const code = await runCli(["run", file], deps);
    expect(code).toBe(2);
    expect(deps.stderr.text).toBe(
      `${file}:3:5: policies[0].kind: unknown policy kind\n${file}:7:1: to: must be a month\n` +
        `cocasim: ${file}: 2 errors in the scenario\n`,
    );
    expect(deps.simulateCalls).toHaveLength(0);
  });

  it("exits 2 when --from is after --to", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--from", "2022-01", "--to", "2021-12"], deps)).toBe(2);
    expect(deps.stderr.text).toBe("cocasim: the run would end (2021-12) before it starts (2022-01)\n");
  });
});

describe("cocasim run: output", () => {
  it("prints only the summary JSON with --json", async () => {
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--json"], deps)).toBe(0);
    const expected = fakeSimulate(fakeScenario({ name: "peru" })).summary;
    expect(JSON.parse(deps.stdout.text)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(deps.stdout.text.endsWith("}\n")).toBe(true);
  });

  it("draws a progress bar when stderr is a TTY", async () => {
    const deps = fakeDeps({ tty: true });
    expect(await runCli(["run", "peru"], deps)).toBe(0);
    expect(deps.progress).toHaveLength(1);
    expect(deps.progress[0].total).toBe(24);
    expect(deps.progress[0].label).toBe("peru");
    expect(deps.progress[0].updates).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(deps.progress[0].stopped).toBe(true);
  });

  it("draws no progress bar with --quiet, and writes nothing on stderr", async () => {
    const deps = fakeDeps({ tty: true });
    expect(await runCli(["run", "peru", "--quiet", "--out", join(dir.path, "out")], deps)).toBe(0);
    expect(deps.progress).toHaveLength(0);
    expect(deps.stderr.text).toBe("");
  });

  it("writes a single final line on stderr when it is not a TTY", async () => {
    const deps = fakeDeps({ tty: false });
    expect(await runCli(["run", "peru"], deps)).toBe(0);
    expect(deps.progress).toHaveLength(0);
    expect(deps.stderr.text).toBe("simulated peru: 24 months, 2020-01 to 2021-12, seed 42\n");
  });

  it("stops the progress bar and exits 1 when the simulation fails, without a stack trace", async () => {
    const deps = fakeDeps({
      tty: true,
      overrides: {
        simulate: () => {
          throw new RangeError("negative hectares in VRAEM");
        },
      },
    });
    const out = join(dir.path, "out");
    expect(await runCli(["run", "peru", "--out", out], deps)).toBe(1);
    expect(deps.progress[0].stopped).toBe(true);
    expect(deps.stderr.text).toBe("cocasim: simulation failed: negative hectares in VRAEM\n");
    expect(deps.stdout.text).toBe("");
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it("writes nothing to disk without --out", async () => {
    const deps = fakeDeps({
      overrides: { fs: { ...nodeFileSystem, writeText: () => expect.fail("wrote a file") } },
    });
    expect(await runCli(["run", "peru"], deps)).toBe(0);
  });
});

describe("cocasim run --out", () => {
  it("writes summary.json, monthly.csv, flows.csv and run.json", async () => {
    const out = join(dir.path, "runs", "a");
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--out", out], deps)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUT_FILES);
    expect(readdirSync(join(dir.path, "runs"))).toEqual(["a"]); // no temporary directory left
    expect(deps.stderr.text).toContain(`wrote summary.json, monthly.csv, flows.csv, run.json to ${out}\n`);
    const files = readOutputs(out);

    expect(files["summary.json"]).toBe(
      JSON.stringify(fakeSimulate(fakeScenario({ name: "peru" })).summary, null, 2) + "\n",
    );

    const monthly = files["monthly.csv"].split("\n");
    expect(monthly.slice(0, 5)).toEqual([
      "month,variable,key,value",
      "2020-01,hectares,VRAEM,30000",
      "2020-01,hectares,Huallaga,2000",
      '2020-01,"price.leaf, sun-dried",,0.3',
      "2020-02,hectares,VRAEM,30000.3",
    ]);
    expect(monthly).toHaveLength(1 + 24 * 3 + 1);
    expect(monthly.at(-1)).toBe("");

    const flows = files["flows.csv"].split("\n");
    expect(flows.slice(0, 4)).toEqual([
      "month,edge,from,to,mode,flow_kg,seized_kg",
      "2020-01,e0,pichari,lima,road,1000,12.5",
      "2020-02,e0,pichari,lima,road,1001,0",
      "2020-02,e1,lima,callao,sea,166.667,0",
    ]);
    expect(files["flows.csv"]).not.toContain(",e2,"); // rows where flow and seizures are both 0 are skipped
    expect(flows).toHaveLength(1 + 24 + 16 + 1);

    const run = JSON.parse(files["run.json"]);
    expect(run).toEqual({
      cocasim: "9.9.9-test",
      seed: 42,
      scenarioHash: `hash-peru-42-${parseMonth("2020-01")}-${parseMonth("2021-12")}`,
      scenario: {
        name: "peru",
        from: "2020-01",
        to: "2021-12",
        seed: 42,
        parameters: { "growers.priceElasticity": 0.4 },
        policies: [
          { kind: "eradication", intensity: 2, from: "2020-06", where: { zones: ["VRAEM"] } },
          { kind: "checkpoints", intensity: 1.5, from: "2021-01", to: "2021-06" },
        ],
        events: [],
      },
    });
  });

  it("writes byte-identical files for the same scenario and seed", async () => {
    const a = join(dir.path, "a");
    const b = join(dir.path, "b");
    expect(await runCli(["run", "peru", "--quiet", "--out", a], fakeDeps())).toBe(0);
    expect(await runCli(["run", "peru", "--quiet", "--out", b], fakeDeps())).toBe(0);
    const first = readOutputs(a);
    expect(readOutputs(b)).toEqual(first);
    // and again into the same directory, which now exists
    expect(await runCli(["run", "peru", "--quiet", "--out", a], fakeDeps())).toBe(0);
    expect(readOutputs(a)).toEqual(first);
    // a different seed changes the outputs
    expect(await runCli(["run", "peru", "--quiet", "--seed", "3", "--out", b], fakeDeps())).toBe(0);
    expect(readOutputs(b)["summary.json"]).not.toBe(first["summary.json"]);
  });

  it("replaces its own files in an existing directory and leaves other files alone", async () => {
    const out = join(dir.path, "out");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    writeFileSync(join(out, "summary.json"), "old");
    expect(await runCli(["run", "peru", "--quiet", "--out", out], fakeDeps())).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_FILES, "notes.txt"].sort());
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "summary.json"), "utf8")).not.toBe("old");
    expect(readdirSync(dir.path)).toEqual(["out"]);
  });

  it("leaves no files at all when writing fails half-way", async () => {
    let writes = 0;
    const failing: FileSystem = {
      ...nodeFileSystem,
      writeText: (path, text) => {
        writes++;
        if (writes === 3) throw new Error("ENOSPC: no space left on device");
        nodeFileSystem.writeText(path, text);
      },
    };
    const out = join(dir.path, "out");
    const deps = fakeDeps({ overrides: { fs: failing } });
    expect(await runCli(["run", "peru", "--out", out], deps)).toBe(1);
    expect(deps.stderr.text).toContain(
      `cocasim: cannot write outputs to ${out}: ENOSPC: no space left on device\n`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir.path)).toEqual([]); // the temporary directory is gone too
    expect(deps.stdout.text).toBe("");
  });

  it("leaves an existing output directory untouched when writing fails half-way", async () => {
    const out = join(dir.path, "out");
    mkdirSync(out);
    writeFileSync(join(out, "summary.json"), "old");
    let writes = 0;
    const failing: FileSystem = {
      ...nodeFileSystem,
      writeText: (path, text) => {
        if (++writes === 4) throw new Error("disk full");
        nodeFileSystem.writeText(path, text);
      },
    };
    expect(
      await runCli(["run", "peru", "--quiet", "--out", out], fakeDeps({ overrides: { fs: failing } })),
    ).toBe(1);
    expect(readdirSync(out)).toEqual(["summary.json"]);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe("old");
    expect(readdirSync(dir.path)).toEqual(["out"]);
  });

  it("exits 2 before simulating when --out names a file", async () => {
    const out = join(dir.path, "taken");
    writeFileSync(out, "x");
    const deps = fakeDeps();
    expect(await runCli(["run", "peru", "--out", out], deps)).toBe(2);
    expect(deps.stderr.text).toBe(`cocasim: --out ${out} exists and is not a directory\n`);
    expect(deps.simulateCalls).toHaveLength(0);
  });
});
