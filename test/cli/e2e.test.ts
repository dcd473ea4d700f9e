/**
 * End to end: the real CLI (src/cli/main-entry.ts under tsx) with the real model and
 * scenario modules, in a child process, as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelVersion } from "../../src/version.ts";
import { tempDir } from "./fakes.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function cocasim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main-entry.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    // Never the repository's own .cocasim/: a store of this test's.
    env: { ...process.env, COCASIM_STORE: join(dir.path, "store.db") },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

describe("cocasim end to end (real modules)", () => {
  it("lists the built-in scenarios, including peru", () => {
    const r = cocasim("scenarios");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^peru\s/m);
  });

  it("prints a JSON Schema", () => {
    const r = cocasim("schema");
    expect(r.status).toBe(0);
    expect(typeof JSON.parse(r.stdout)).toBe("object");
  });

  it("validates the YAML of a built-in scenario", () => {
    const show = cocasim("scenarios", "--show", "peru");
    expect(show.status).toBe(0);
    const file = join(dir.path, "peru.yaml");
    writeFileSync(file, show.stdout);
    const r = cocasim("validate", file);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok: .*peru\.yaml \(.+, \d{4}-\d{2}–\d{4}-\d{2}, \d+ polic(y|ies)\)\n$/);
  });

  it("reports errors in a bad scenario file with file:line:col and exit 2", () => {
    const file = join(dir.path, "bad.yaml");
    writeFileSync(file, "name: bad\nfrom: 2020-13\npolicies:\n  - kind: teleportation\n");
    const r = cocasim("validate", file);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `, "m"));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs peru twice into byte-identical outputs", () => {
    const a = join(dir.path, "a");
    const b = join(dir.path, "b");
    const first = cocasim("run", "peru", "--quiet", "--out", a);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Scenario peru, seed \d+/);
    // The second is read back from the store; a third, with --no-store, simulates again.
    const second = cocasim("run", "peru", "--out", b);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/^read peru from the store \(run [0-9a-f]{12} in .*store\.db\)/);
    const c = join(dir.path, "c");
    const third = cocasim("run", "peru", "--no-store", "--out", c);
    expect(third.stderr).toMatch(/^simulated peru: /);
    for (const file of ["summary.json", "monthly.csv", "flows.csv", "run.json"]) {
      expect(readFileSync(join(b, file), "utf8"), file).toBe(readFileSync(join(a, file), "utf8"));
      expect(readFileSync(join(c, file), "utf8"), file).toBe(readFileSync(join(a, file), "utf8"));
    }
    const run = JSON.parse(readFileSync(join(a, "run.json"), "utf8"));
    expect(run.cocasim).toBe(modelVersion());
    expect(run.cocasim).toMatch(/^\d+\.\d+\.\d+.*\+[0-9a-f]{12}$/);
    expect(run.scenario.from).toMatch(/^\d{4}-\d{2}$/);
    expect(typeof run.scenarioHash).toBe("string");
    expect(readFileSync(join(a, "monthly.csv"), "utf8").split("\n")[0]).toBe("month,variable,key,value");
    expect(readFileSync(join(a, "flows.csv"), "utf8").split("\n")[0]).toBe(
      "month,edge,from,to,mode,flow_kg,seized_kg",
    );
  });

  it("prints only the summary JSON with --json, and honours --seed", () => {
    const r = cocasim("run", "peru", "--json", "--seed", "7");
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.scenario).toBe("peru");
    expect(summary.seed).toBe(7);
    expect(summary.years.length).toBeGreaterThan(0);
  });

  it("exits 2 on an unknown scenario and on a bad seed", () => {
    const unknown = cocasim("run", "narnia");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /^cocasim: no scenario file or built-in scenario named "narnia" \(built-in scenarios: .*peru/,
    );
    const seed = cocasim("run", "peru", "--seed", "abc");
    expect(seed.status).toBe(2);
    expect(seed.stderr).toContain("cocasim: option '--seed <n>' argument 'abc' is invalid");
  });
});
