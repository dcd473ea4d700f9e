/** `cocasim runs` and `cocasim export`, in the style of test/cli: fake deps, a temporary SQLite store. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatSeeds } from "../../src/cli/commands/runs.ts";
import { runCli } from "../../src/cli/program.ts";
import type { ResolvedScenario } from "../../src/scenario/types.ts";
import {
  ensembleKey,
  experimentKey,
  memberRunKeys,
  openStore,
  type RunStore,
  runId,
  runKey,
  summaryRows,
} from "../../src/store/index.ts";
import { fakeDeps, fakeScenario, fakeSimulate, tempDir } from "../cli/fakes.ts";

const VERSION = "9.9.9-test";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let dir: { path: string; cleanup: () => void };
let storeUrl: string;
beforeEach(() => {
  dir = tempDir();
  storeUrl = `sqlite:${join(dir.path, "store.db")}`;
});
afterEach(() => dir.cleanup());

async function cli(args: string[]) {
  const deps = fakeDeps();
  const code = await runCli(args, deps);
  return { code, out: deps.stdout.text, err: deps.stderr.text };
}

async function withStore<T>(work: (store: RunStore) => Promise<T>, url = storeUrl): Promise<T> {
  const store = await openStore(url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function putRun(store: RunStore, scenario: ResolvedScenario): Promise<string> {
  return store.putRun(runKey(VERSION, scenario), { scenario, ...fakeSimulate(scenario) });
}

/** Two runs, an ensemble with two of its three seeds run, and an experiment. */
async function populate(url = storeUrl): Promise<{ runs: string[]; ensemble: string; experiment: string }> {
  return withStore(async (store) => {
    const runs = [
      await putRun(store, fakeScenario({ name: "peru", seed: 20180101 })),
      await putRun(store, fakeScenario({ name: "vraem-offensive", seed: 7 })),
    ];
    const base = fakeScenario({ name: "ens" });
    const seeds = [1, 2, 3];
    const ensemble = await store.putEnsemble(ensembleKey(VERSION, base, seeds), {
      scenario: base,
      status: "running",
    });
    const members = memberRunKeys(VERSION, base, seeds);
    for (const i of [2, 0]) {
      const scenario = { ...base, seed: seeds[i] };
      await store.putRun(members[i], { scenario, summary: fakeSimulate(scenario).summary });
      runs.push(runId(members[i]));
    }
    const definition = { kind: "lhs", n: 3 };
    const experiment = await store.putExperiment(experimentKey(VERSION, definition), {
      name: "lhs-prices",
      definition,
      design: [[0.1], [0.5], [0.9]],
      outcomes: [{ y: 1 }, null, { y: 3 }],
      status: "running",
    });
    return { runs, ensemble, experiment };
  }, url);
}

describe("cocasim runs", () => {
  it("says so when there is no store yet, and does not create one", async () => {
    const path = join(dir.path, "nothing", "here.db");
    const r = await cli(["runs", "--store", path]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`No runs, ensembles or experiments in ${path}.\n`);
    expect(existsSync(path)).toBe(false);
    const json = await cli(["runs", "--store", path, "--json"]);
    expect(JSON.parse(json.out)).toEqual({ runs: [], ensembles: [], experiments: [] });
  });

  it("lists runs, ensembles and experiments in creation order", async () => {
    const ids = await populate();
    const r = await cli(["runs", "--store", storeUrl]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toBe(
      [
        "Runs (4):",
        "",
        "id            scenario             seed  period           model",
        "------------  ---------------  --------  ---------------  ----------",
        `${ids.runs[0]}  peru             20180101  2020-01–2021-12  9.9.9-test`,
        `${ids.runs[1]}  vraem-offensive         7  2020-01–2021-12  9.9.9-test`,
        `${ids.runs[2]}  ens                     3  2020-01–2021-12  9.9.9-test`,
        `${ids.runs[3]}  ens                     1  2020-01–2021-12  9.9.9-test`,
        "",
        "Ensembles (1):",
        "",
        "id            scenario  seeds  runs  period           model       status",
        "------------  --------  -----  ----  ---------------  ----------  -------",
        `${ids.ensemble}  ens       1–3     2/3  2020-01–2021-12  9.9.9-test  running`,
        "",
        "Experiments (1):",
        "",
        "id            name        rows  outcomes  model       status",
        "------------  ----------  ----  --------  ----------  -------",
        `${ids.experiment}  lhs-prices     3         2  9.9.9-test  running`,
        "",
      ].join("\n"),
    );
  });

  it("prints JSON with no timestamps, the same from any store holding the same runs", async () => {
    await populate();
    const otherUrl = `sqlite:${join(dir.path, "other.db")}`;
    await populate(otherUrl);
    const a = await cli(["runs", "--store", storeUrl, "--json"]);
    const b = await cli(["runs", "--store", otherUrl, "--json"]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const listed = JSON.parse(a.out);
    expect(listed.runs[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      scenario: "peru",
      scenarioHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      seed: 20180101,
      from: "2020-01",
      to: "2021-12",
      modelVersion: VERSION,
      monthly: true,
      flows: true,
    });
    expect(listed.ensembles[0]).toMatchObject({
      scenario: "ens",
      seeds: [1, 2, 3],
      runs: 2,
      status: "running",
    });
    expect(listed.experiments[0]).toMatchObject({ name: "lhs-prices", rows: 3, outcomes: 2 });
    expect(a.out).not.toMatch(/created|\d{4}-\d{2}-\d{2}T/);
  });

  it("filters by scenario and keeps the most recent with --limit", async () => {
    const ids = await populate();
    const byName = JSON.parse((await cli(["runs", "--store", storeUrl, "--json", "--scenario", "ens"])).out);
    expect(byName.runs.map((r: { id: string }) => r.id)).toEqual([ids.runs[2], ids.runs[3]]);
    expect(byName.ensembles.length).toBe(1);
    expect(byName.experiments).toEqual([]);
    const limited = JSON.parse((await cli(["runs", "--store", storeUrl, "--json", "--limit", "1"])).out);
    expect(limited.runs.map((r: { id: string }) => r.id)).toEqual([ids.runs[3]]);
  });

  it.each([
    [["runs", "--limit", "x"], /'--limit <n>' argument 'x' is invalid/],
    [["runs", "--store", "mysql://db/x"], /--store: unknown kind of store "mysql:\/\/db\/x"/],
    [["runs", "--store", "sqlite:"], /--store: no file name/],
    [["runs", "--store", "postgres://u@h/db?schema=bad-name"], /schema .* letters, digits and underscores/],
    [["runs", "extra"], /too many arguments/],
  ])("%j exits 2", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
  });

  it("exits 2 when the store is a directory", async () => {
    const r = await cli(["runs", "--store", dir.path]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`cocasim: the store ${dir.path} is a directory, not a file\n`);
  });

  it("exits 1 when the store cannot be reached, without showing the password", async () => {
    const r = await cli(["runs", "--store", "postgres://someone:secret@127.0.0.1:1/cocasim"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^cocasim: cannot open the store postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/cocasim/,
    );
    expect(r.err).not.toContain("secret");
  });

  it("has help with examples", async () => {
    const r = await cli(["runs", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Examples:\n  $ cocasim runs\n");
    expect(r.out).toContain("--store <url>");
  });

  it("formats seed lists", () => {
    expect(formatSeeds([5])).toBe("5");
    expect(formatSeeds([1, 2, 3, 4, 5])).toBe("1–5");
    expect(formatSeeds([1, 5, 9])).toBe("1, 5, 9");
    expect(formatSeeds([1, 5, 9, 11, 13])).toBe("1, 5, 9, …");
  });
});

describe("cocasim export", () => {
  it("writes a run's summary as CSV on stdout: one row per year and figure, numbers in full", async () => {
    const scenario = fakeScenario({ name: "peru", seed: 3 });
    const id = await withStore((store) => putRun(store, scenario));
    const r = await cli(["export", id, "--store", storeUrl]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe("run,scenario,seed,year,figure,value");
    const summary = fakeSimulate(scenario).summary;
    const figures = summaryRows(summary);
    expect(lines.length).toBe(1 + figures.length);
    expect(lines[1]).toBe(`${id},peru,3,2020,hectares.total,${summary.years[0].hectares.total}`);
    expect(lines).toContain(`${id},peru,3,2021,hectares.byZone.La Convención-Lares,10000`);
    expect(lines).toContain(`${id},peru,3,2020,leafTonnes,156000.52`);
    expect(lines).toContain(`${id},peru,3,2021,prices.leafUsdPerKg,3.456`);
    expect(lines).toContain(`${id},peru,3,2021,exportsTonnesByMode.sea,235.5`);
    expect(r.out).not.toMatch(/,\d{4},year,/);
  });

  it("accepts a unique id prefix in any case and writes the same bytes each time", async () => {
    const id = await withStore((store) => putRun(store, fakeScenario()));
    const full = await cli(["export", id, "--store", storeUrl]);
    const prefix = await cli(["export", id.slice(0, 5).toUpperCase(), "--store", storeUrl]);
    expect(prefix.code).toBe(0);
    expect(prefix.out).toBe(full.out);
  });

  it("writes CSV to --out atomically, and Parquet when --out ends in .parquet", async () => {
    const id = await withStore((store) => putRun(store, fakeScenario({ name: "peru", seed: 9 })));
    const csvFile = join(dir.path, "out", "peru.csv");
    const csv = await cli(["export", id, "--store", storeUrl, "--out", csvFile]);
    expect(csv.code).toBe(0);
    expect(csv.out).toBe("");
    const rows = summaryRows(fakeSimulate(fakeScenario({ name: "peru", seed: 9 })).summary);
    expect(csv.err).toBe(`wrote ${rows.length} rows (csv) to ${csvFile}\n`);
    expect(readFileSync(csvFile, "utf8")).toBe((await cli(["export", id, "--store", storeUrl])).out);

    const parquetFile = join(dir.path, "out", "peru.parquet");
    const pq = await cli(["export", id, "--store", storeUrl, "--out", parquetFile, "--quiet"]);
    expect(pq.code).toBe(0);
    expect(pq.err).toBe("");
    const bytes = readFileSync(parquetFile);
    expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
    const table = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    });
    expect(table.length).toBe(rows.length);
    expect(table[0]).toEqual({
      run: id,
      scenario: "peru",
      seed: 9n,
      year: 2020,
      figure: rows[0].figure,
      value: rows[0].value,
    });
    expect(table.map((r) => r.value)).toEqual(rows.map((r) => r.value));

    // Deterministic: the same bytes again, with --format given explicitly.
    const again = join(dir.path, "again.bin");
    expect((await cli(["export", id, "--store", storeUrl, "--format", "parquet", "--out", again])).code).toBe(
      0,
    );
    expect(readFileSync(again).equals(bytes)).toBe(true);
  });

  it("exports the stored members of an ensemble in seed order and says which are missing", async () => {
    const { ensemble } = await populate();
    const r = await cli(["export", ensemble, "--store", storeUrl]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      `ensemble ${ensemble}: 1 of 3 seeds have no stored run yet (2); exporting the other 2\n`,
    );
    const seeds = r.out
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[2]));
    const half = seeds.length / 2;
    expect(seeds.slice(0, half).every((s) => s === 1)).toBe(true);
    expect(seeds.slice(half).every((s) => s === 3)).toBe(true);
  });

  it("exits 1 for an ensemble with no stored runs", async () => {
    const id = await withStore((store) => {
      const base = fakeScenario({ name: "empty" });
      return store.putEnsemble(ensembleKey(VERSION, base, [1, 2]), { scenario: base, status: "pending" });
    });
    const r = await cli(["export", id, "--store", storeUrl]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`cocasim: ensemble ${id} (empty, 2 seeds, pending) has no stored runs yet\n`);
  });

  it("exits 2 for an unknown id, a non-hex id, an experiment or an ambiguous prefix", async () => {
    const { experiment } = await populate();
    const unknown = await cli(["export", "ffffffffffff", "--store", storeUrl]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /^cocasim: no run or ensemble with id ffffffffffff in .*store\.db \(see `cocasim runs`\)\n$/,
    );
    expect((await cli(["export", "peru", "--store", storeUrl])).err).toMatch(/"peru" is not an id/);
    const exp = await cli(["export", experiment, "--store", storeUrl]);
    expect(exp.code).toBe(2);
    expect(exp.err).toBe(`cocasim: ${experiment} is an experiment; export writes runs and ensembles\n`);

    // 20 more runs: some first hex digit is shared by two ids.
    const ids = await withStore(async (store) => {
      const out: string[] = [];
      for (let seed = 100; seed < 120; seed++) out.push(await putRun(store, fakeScenario({ seed })));
      return out;
    });
    const digit = [..."0123456789abcdef"].find((d) => ids.filter((id) => id.startsWith(d)).length >= 2)!;
    const ambiguous = await cli(["export", digit, "--store", storeUrl]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(new RegExp(`the id prefix ${digit} is ambiguous: run ${digit}`));
  });

  it("exits 2 on bad usage, before touching the store", async () => {
    const missingStore = join(dir.path, "none.db");
    for (const [args, message] of [
      [
        ["export", "abc", "--format", "parquet", "--store", missingStore],
        /--format parquet needs --out FILE/,
      ],
      [
        ["export", "abc", "--format", "xlsx"],
        /argument 'xlsx' is invalid\. Allowed choices are csv, parquet/,
      ],
      [["export", "abc", "--out", dir.path, "--store", missingStore], /--out .* is a directory/],
      [["export", "abc", "--store", missingStore], /no run or ensemble with id abc: there is no store at/],
      [["export"], /missing required argument 'id'/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(existsSync(missingStore)).toBe(false);
  });

  it("exits 1 when the file cannot be written, leaving nothing behind", async () => {
    const id = await withStore((store) => putRun(store, fakeScenario()));
    const blocker = join(dir.path, "blocker");
    writeFileSync(blocker, "a file, not a directory");
    const r = await cli(["export", id, "--store", storeUrl, "--out", join(blocker, "x.csv")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^cocasim: cannot write .*x\.csv: /);
  });

  it("has help with examples", async () => {
    const r = await cli(["export", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("run,scenario,seed,year,figure,value");
    expect(r.out).toContain("Examples:\n  $ cocasim export ");
  });
});

describe("cocasim runs and export end to end (real modules)", () => {
  it("uses .cocasim/cocasim.db under the current directory by default", async () => {
    const cwd = join(dir.path, "project");
    mkdirSync(cwd);
    const tsx = import.meta.resolve("tsx");
    const cocasim = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", tsx, join(ROOT, "src/cli/main-entry.ts"), ...args], {
        cwd,
        encoding: "utf8",
        timeout: 60_000,
      });
    const empty = cocasim("runs");
    expect(empty.stderr).toBe("");
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe(
      `No runs, ensembles or experiments in ${join(cwd, ".cocasim", "cocasim.db")}.\n`,
    );

    const { runs } = await populate(`sqlite:${join(cwd, ".cocasim", "cocasim.db")}`);
    const listed = cocasim("runs", "--json");
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).runs.length).toBe(4);
    const exported = cocasim("export", runs[0].slice(0, 6));
    expect(exported.status).toBe(0);
    expect(exported.stdout.split("\n")[1]).toMatch(
      new RegExp(`^${runs[0]},peru,20180101,2020,hectares\\.total,`),
    );
  });
});
