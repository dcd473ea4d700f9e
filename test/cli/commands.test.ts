import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.ts";
import { ZONES } from "../../src/model/zones/zones.ts";
import { fakeDeps, tempDir } from "./fakes.ts";

let dir: { path: string; cleanup: () => void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe("cocasim validate", () => {
  it("prints ok with the name, the months and the number of policies", async () => {
    const file = join(dir.path, "mine.yaml");
    writeFileSync(file, JSON.stringify({ name: "mine", from: "2016-01", to: "2024-12", policies: 3 }));
    const deps = fakeDeps();
    expect(await runCli(["validate", file], deps)).toBe(0);
    expect(deps.stdout.text).toBe(`ok: ${file} (mine, 2016-01–2024-12, 3 policies)\n`);
    expect(deps.stderr.text).toBe("");
  });

  it("says 1 policy", async () => {
    const file = join(dir.path, "one.yaml");
    writeFileSync(file, JSON.stringify({ name: "one", policies: 1 }));
    const deps = fakeDeps();
    expect(await runCli(["validate", file], deps)).toBe(0);
    expect(deps.stdout.text).toBe(`ok: ${file} (one, 2020-01–2021-12, 1 policy)\n`);
  });

  it("prints the errors on stderr and exits 2", async () => {
    const file = join(dir.path, "bad.yaml");
    writeFileSync(
      file,
      JSON.stringify({
        errors: [{ line: 4, col: 9, path: "policies[1].from", message: "expected YYYY-MM" }],
      }),
    );
    const deps = fakeDeps();
    expect(await runCli(["validate", file], deps)).toBe(2);
    expect(deps.stdout.text).toBe("");
    expect(deps.stderr.text).toBe(`${file}:4:9: policies[1].from: expected YYYY-MM\n`);
  });

  it("exits 2 when the file does not exist", async () => {
    const deps = fakeDeps();
    expect(await runCli(["validate", join(dir.path, "missing.yaml")], deps)).toBe(2);
    expect(deps.stderr.text).toBe(`cocasim: ${join(dir.path, "missing.yaml")}: no such file\n`);
  });

  it("exits 2 on a directory", async () => {
    const deps = fakeDeps();
    expect(await runCli(["validate", dir.path], deps)).toBe(2);
    expect(deps.stderr.text).toContain("is a directory");
  });
});

describe("cocasim schema", () => {
  it("prints the JSON Schema", async () => {
    const deps = fakeDeps();
    expect(await runCli(["schema"], deps)).toBe(0);
    expect(JSON.parse(deps.stdout.text)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
    });
    expect(deps.stdout.text.endsWith("}\n")).toBe(true);
  });
});

describe("cocasim scenarios", () => {
  it("lists the built-in scenarios with their descriptions on one line each", async () => {
    const deps = fakeDeps();
    expect(await runCli(["scenarios"], deps)).toBe(0);
    const lines = deps.stdout.text.split("\n");
    expect(lines).toContain("peru            Peru baseline, 2015–2024.");
    expect(lines).toContain("no-eradication  Eradication switched off.");
  });

  it("lists the zones with their departments and aliases", async () => {
    const deps = fakeDeps();
    expect(await runCli(["scenarios", "--zones"], deps)).toBe(0);
    const text = deps.stdout.text;
    for (const zone of ZONES) expect(text).toContain(zone.name);
    expect(text).toMatch(/^VRAEM +Ayacucho, Cusco, Junín +VRAE, Apurímac-Ene \(VRAE\)$/m);
    expect(text).toMatch(/^Huallaga +Huánuco, San Martín +Alto Huallaga$/m);
    expect(text).toMatch(/^Otras zonas +La Libertad, Cusco, Loreto, Madre de Dios$/m);
  });

  it("prints a built-in scenario's YAML with --show", async () => {
    const deps = fakeDeps();
    expect(await runCli(["scenarios", "--show", "no-eradication"], deps)).toBe(0);
    expect(deps.stdout.text).toBe("name: no-eradication\nextends: peru\n");
  });

  it("exits 2 on --show with an unknown name, listing the built-ins", async () => {
    const deps = fakeDeps();
    expect(await runCli(["scenarios", "--show", "narnia"], deps)).toBe(2);
    expect(deps.stderr.text).toBe(
      'cocasim: no built-in scenario named "narnia" (built-in scenarios: peru, no-eradication)\n',
    );
    expect(deps.stdout.text).toBe("");
  });

  it("does not take __proto__ for a scenario", async () => {
    const deps = fakeDeps();
    expect(await runCli(["scenarios", "--show", "__proto__"], deps)).toBe(2);
  });
});
