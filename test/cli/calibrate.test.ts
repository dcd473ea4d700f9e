/** `cocasim calibrate` on the command line, with fakes and a temporary store. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { type FakeDeps, fakeDepsTo2024, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** Fake deps whose peru runs 2018-2024 and whose default store is `store` when given. */
const deps = (store?: string): FakeDeps => fakeDepsTo2024({ store });

const SMALL = ["--budget", "8", "--particles", "4", "--seeds-per-candidate", "1", "--no-dynamics", "--quiet"];

describe("cocasim calibrate", () => {
  it("keeps every candidate's runs in the store, so running it again reads them back with the same result", async () => {
    const store = join(dir.path, "store.db");
    const first = deps(store);
    const a = join(dir.path, "a.json");
    expect(await runCli(["calibrate", "peru", ...SMALL, "--out", a], first)).toBe(0);
    expect(first.simulateCalls.length).toBeGreaterThan(8);
    const again = deps(store);
    const b = join(dir.path, "b.json");
    expect(await runCli(["calibrate", "peru", ...SMALL, "--out", b], again)).toBe(0);
    expect(again.simulateCalls).toHaveLength(0);
    expect(readFileSync(b, "utf8")).toBe(readFileSync(a, "utf8"));
    // Candidates are not listed as ensembles.
    const listed = deps(store);
    expect(await runCli(["runs", "--json"], listed)).toBe(0);
    const doc = JSON.parse(listed.stdout.text);
    expect(doc.ensembles).toEqual([]);
    expect(doc.runs.length).toBe(first.simulateCalls.length);
  });

  it("with --no-store keeps nothing", async () => {
    const store = join(dir.path, "store.db");
    const d = deps(store);
    expect(
      await runCli(["calibrate", "peru", ...SMALL, "--no-store", "--out", join(dir.path, "c.json")], d),
    ).toBe(0);
    expect(d.simulateCalls.length).toBeGreaterThan(8);
    expect(existsSync(store)).toBe(false);
  });
});
