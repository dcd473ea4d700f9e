/** `cocasim experiment`, with fakes: a fake model whose outcomes answer to the design, a temporary store. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import type { CliDeps } from "../../src/cli/types.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { Executor } from "../../src/executors/types.ts";
import { openStore } from "../../src/store/index.ts";
import { EXPERIMENT_YAML, experimentSimulate } from "../experiments/helpers.ts";
import { fakeDeps, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
let file: string;
let store: string;
beforeEach(() => {
  dir = tempDir();
  file = join(dir.path, "resume.yaml");
  writeFileSync(file, EXPERIMENT_YAML);
  store = `sqlite:${join(dir.path, "store.db")}`;
});
afterEach(() => dir.cleanup());

function deps(overrides: Partial<CliDeps> = {}, tty = false) {
  return fakeDeps({ tty, overrides: { simulate: (s) => experimentSimulate(s), ...overrides } });
}

async function cli(args: string[], d = deps()) {
  const code = await runCli(args, d);
  return { code, out: d.stdout.text, err: d.stderr.text, deps: d };
}

describe("cocasim experiment", () => {
  it("runs every design row × replication, stores the experiment and prints its id and outcomes", async () => {
    const calls: string[] = [];
    const counting = deps({
      simulate: (s) => {
        calls.push(`${s.name}/${s.seed}`);
        return experimentSimulate(s);
      },
    });
    const r = await cli(["experiment", file, "--store", store], counting);
    expect(r.err).toMatch(
      /^experiment ([0-9a-f]{12}) in .*store\.db: 10 design rows × 2 replications; running 10 rows \(20 runs of 24 months\)\n/,
    );
    expect(r.code).toBe(0);
    const id = /experiment ([0-9a-f]{12})/.exec(r.err)![1];
    expect(calls).toHaveLength(20);
    expect(new Set(calls.map((c) => c.split("/")[0]))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => `resume #${i}`)),
    );
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(
      `Experiment resume (id ${id}): 10 design rows × 2 replications, latin-hypercube, peru 2020-01 to 2021-12`,
    );
    expect(lines[2]).toMatch(/^outcome +figure +year +direction +mean +min +p5 +median +p95 +max +best row$/);
    expect(lines[4]).toMatch(/^hectares +hectares\.total +last +minimize /);
    expect(lines[5]).toMatch(/^exports +cocaineTonnes\.exported +sum +minimize /);
    expect(r.out).toMatch(
      /\nlowest hectares \([\d,.]+\) at row \d: growers\.logitScaleUsd [\d,.]+, hazard [\d.]+, checkpoints [\d.]+\n/,
    );
    expect(r.err).toContain("  10/10 rows stored\n");
    expect(r.err).toContain(
      `next: cocasim analyze ${id} --method features --store ${store}; cocasim report ${id}\n`,
    );

    const s = await openStore(store);
    try {
      const stored = await s.getExperiment(id);
      expect(stored).toMatchObject({ name: "resume", status: "complete", rows: 10, done: 10 });
    } finally {
      await s.close();
    }
  });

  it("prints the summary as JSON", async () => {
    const r = await cli(["experiment", file, "--store", store, "--json", "--quiet"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({
      name: "resume",
      scenario: "peru",
      from: "2020-01",
      to: "2021-12",
      sampler: "latin-hypercube",
      rows: 10,
      replications: 2,
      resumed: false,
      alreadyDone: 0,
      ran: 10,
    });
    expect(doc.seeds).toHaveLength(2);
    expect(doc.outcomes.map((o: { name: string }) => o.name)).toEqual(["hectares", "exports"]);
    const ha = doc.outcomes[0];
    expect(ha.min).toBeLessThanOrEqual(ha.p50);
    expect(ha.best.value).toBe(ha.min);
    expect(Object.keys(ha.best.factors)).toEqual(["growers.logitScaleUsd", "hazard", "checkpoints"]);
  });

  it("resumes an interrupted experiment: only the rows left run, with the same final results", async () => {
    // The first executor fails on its second chunk (rows 3–5).
    let runs = 0;
    const inner = inlineExecutor({ simulate: experimentSimulate });
    const failing: Executor = {
      run: (jobs, options) => {
        runs++;
        return runs === 2 ? Promise.reject(new Error("power cut")) : inner.run(jobs, options);
      },
      close: async () => {},
    };
    const first = await cli(
      ["experiment", file, "--store", store, "--chunk", "3", "--workers", "2"],
      deps({ createExecutor: () => failing, defaultWorkers: () => 2 }),
    );
    expect(first.code).toBe(1);
    expect(first.err).toMatch(
      /cocasim: simulation failed: power cut\nthe rows finished so far are stored: run the same command again to resume\n$/,
    );
    expect(first.out).toBe("");

    const calls: number[] = [];
    const second = await cli(
      ["experiment", file, "--store", store, "--chunk", "3"],
      deps({
        simulate: (s) => {
          calls.push(Number(s.name.split("#")[1]));
          return experimentSimulate(s);
        },
      }),
    );
    expect(second.code).toBe(0);
    expect(second.err).toMatch(
      /: 10 design rows × 2 replications, 3 rows already done; running 7 rows \(14 runs of 24 months\)\n/,
    );
    expect(calls).toEqual([3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);

    const fresh = `sqlite:${join(dir.path, "fresh.db")}`;
    const whole = await cli(["experiment", file, "--store", fresh, "--json", "--quiet"]);
    const resumed = await cli(["experiment", file, "--store", store, "--json", "--quiet"]);
    const a = JSON.parse(whole.out);
    const b = JSON.parse(resumed.out);
    expect(b).toMatchObject({ resumed: true, alreadyDone: 10, ran: 0 });
    expect(b.id).toBe(a.id);
    expect(b.outcomes).toEqual(a.outcomes);
    // The stored outcomes are identical too.
    const [sa, sb] = [await openStore(fresh), await openStore(store)];
    try {
      expect((await sb.getExperiment(b.id))?.outcomes).toEqual((await sa.getExperiment(a.id))?.outcomes);
    } finally {
      await sa.close();
      await sb.close();
    }
  });

  it("makes another experiment with --to, --samples and --replications", async () => {
    const r = await cli([
      "experiment",
      file,
      "--store",
      store,
      "--json",
      "--quiet",
      "--to",
      "2020-12",
      "--samples",
      "4",
      "--replications",
      "1",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ from: "2020-01", to: "2020-12", rows: 4, replications: 1 });
    const full = JSON.parse((await cli(["experiment", file, "--store", store, "--json", "--quiet"])).out);
    expect(full.id).not.toBe(doc.id);
  });

  it("draws a progress bar over the runs' months on a terminal", async () => {
    const d = deps({}, true);
    expect(await runCli(["experiment", file, "--store", store, "--chunk", "4"], d)).toBe(0);
    expect(d.progress).toHaveLength(1);
    expect(d.progress[0].total).toBe(20 * 24);
    expect(d.progress[0].label).toBe("resume 10×2");
    expect(d.progress[0].updates.at(-1)).toBe(20 * 24);
    expect(d.progress[0].stopped).toBe(true);
    expect(d.stderr.text).not.toContain("rows stored");
  });

  it("reports errors in the file with file:line:col and exits 2", async () => {
    writeFileSync(
      file,
      EXPERIMENT_YAML.replace("growers.logitScaleUsd", "growers.logitScale").replace(
        "sum, direction",
        "sums, direction",
      ),
    );
    const r = await cli(["experiment", file, "--store", store]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      [
        `${file}:12:60: outcomes[1].year: expected a year (e.g. 2024), "last", "sum" or "mean", got "sums"; did you mean "sum"?`,
        `cocasim: ${file}: 1 error in the experiment`,
        "",
      ].join("\n"),
    );
    expect(existsSync(join(dir.path, "store.db"))).toBe(false);
    writeFileSync(file, EXPERIMENT_YAML.replace("growers.logitScaleUsd", "growers.logitScale"));
    expect((await cli(["experiment", file, "--store", store])).err).toBe(
      `${file}:3:16: uncertainties[0].parameter: unknown parameter "growers.logitScale"; did you mean "growers.logitScaleUsd"?\n` +
        `cocasim: ${file}: 1 error in the experiment\n`,
    );
  });

  it("checks the experiment against its scenario's period", async () => {
    writeFileSync(file, EXPERIMENT_YAML.replace("from: 2020-01 }", "from: 2023-01 }"));
    const r = await cli(["experiment", file, "--store", store]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${file}:7:40: levers[0].policy.from: expected a month within the period 2020-01..2021-12, got "2023-01" (the policy would start after the run ends)\n` +
        `cocasim: ${file}: 1 error in the experiment\n`,
    );
  });

  it("takes its scenario from a file next to the experiment, or a built-in; anything else is an error at its position", async () => {
    mkdirSync(join(dir.path, "sub"));
    const nested = join(dir.path, "sub", "x.yaml");
    writeFileSync(join(dir.path, "sub", "base.json"), JSON.stringify({ name: "my-base", seed: 5 }));
    writeFileSync(nested, `scenario: base.json\n${EXPERIMENT_YAML}`);
    const ok = await cli(["experiment", nested, "--store", store, "--json", "--quiet"]);
    expect(ok.err).toBe("");
    expect(JSON.parse(ok.out)).toMatchObject({ scenario: "my-base" });

    writeFileSync(nested, `scenario: nowhere.yaml\n${EXPERIMENT_YAML}`);
    const bad = await cli(["experiment", nested, "--store", store]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(
      `${nested}:1:11: scenario: expected a built-in scenario (peru, no-eradication) or a scenario file, got "nowhere.yaml" (no file ${join(dir.path, "sub", "nowhere.yaml")})\n` +
        `cocasim: ${nested}: 1 error in the experiment\n`,
    );
  });

  it("rejects a missing file, a directory and bad option values (exit 2)", async () => {
    expect((await cli(["experiment", join(dir.path, "none.yaml")])).err).toBe(
      `cocasim: ${join(dir.path, "none.yaml")}: no such file\n`,
    );
    expect((await cli(["experiment", dir.path])).code).toBe(2);
    for (const args of [
      ["--samples", "0"],
      ["--replications", "x"],
      ["--workers", "0"],
      ["--to", "2020-13"],
      ["--chunk", "-1"],
    ]) {
      const r = await cli(["experiment", file, "--store", store, ...args]);
      expect(r.code).toBe(2);
    }
  });
});

describe("cocasim analyze and report on a run experiment", () => {
  it("analyses and reports the stored experiment", async () => {
    const r = await cli(["experiment", file, "--store", store, "--json", "--quiet"]);
    const { id } = JSON.parse(r.out);
    const features = await cli([
      "analyze",
      id,
      "--method",
      "features",
      "--outcome",
      "hectares",
      "--store",
      store,
    ]);
    expect(features.code).toBe(0);
    expect(features.out.split("\n")[0]).toMatch(
      /^Feature scores for hectares \(hectares\.total, last\): random forest of 100 trees on 10 rows/,
    );
    const prim = await cli(["analyze", id, "--method", "prim", "--store", store, "--json"]);
    expect(prim.code).toBe(0);
    expect(JSON.parse(prim.out).result).toMatchObject({
      outcome: "hectares",
      side: "below",
      n: 10,
      casesOfInterest: 5,
    });

    const out = join(dir.path, "report.html");
    const report = await cli(["report", id.slice(0, 5), "--store", store, "--out", out]);
    expect(report.err).toBe(`wrote the report of experiment ${id} to ${out}\n`);
    expect(report.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain(`<title>Experiment ${id}: resume</title>`);
    expect(html).toContain("feature scores");
    expect(html).toContain("PRIM trade-off, hectares");
  });
});
