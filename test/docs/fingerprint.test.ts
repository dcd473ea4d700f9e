/** The committed model fingerprint must be the fingerprint of the sources as they are. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  computeFingerprint,
  fingerprintFiles,
  GENERATED_PATH,
  REGENERATE_COMMAND,
  renderGenerated,
} from "../../scripts/fingerprint.ts";
import { MODEL_FINGERPRINT, MODEL_FINGERPRINT_SHORT } from "../../src/model-fingerprint.generated.ts";
import { modelVersion, packageVersion } from "../../src/version.ts";

const STALE = `src/model-fingerprint.generated.ts is stale: the model's sources changed. Run \`${REGENERATE_COMMAND}\` and commit the file`;

describe("the model fingerprint", () => {
  it("is up to date with the sources (run `npm run fingerprint` when this fails)", () => {
    const current = computeFingerprint();
    expect(MODEL_FINGERPRINT, STALE).toBe(current.hash);
    expect(readFileSync(GENERATED_PATH, "utf8"), STALE).toBe(renderGenerated(current));
  });

  it("goes into the model version, after the package version", () => {
    expect(MODEL_FINGERPRINT_SHORT).toBe(MODEL_FINGERPRINT.slice(0, MODEL_FINGERPRINT_SHORT.length));
    expect(modelVersion()).toBe(`${packageVersion()}+${MODEL_FINGERPRINT_SHORT}`);
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(packageVersion()).toBe(pkg.version);
  });

  it("covers the model, the scenarios, the data and the calibration, but no tests", () => {
    const files = fingerprintFiles();
    expect(files).toContain("src/model/simulate.ts");
    expect(files).toContain("src/core/rng.ts");
    expect(files).toContain("src/scenario/builtin/peru-calibration.json");
    expect(files).toContain("data/hectares_by_zone.csv");
    expect(files.some((f) => f.endsWith(".test.ts"))).toBe(false);
    expect(files.some((f) => f.startsWith("src/server/") || f.startsWith("src/cli/"))).toBe(false);
    expect([...files].sort()).toEqual(files);
  });
});

describe("computeFingerprint on a scratch tree", () => {
  const root = mkdtempSync(join(tmpdir(), "cocasim-fingerprint-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(root, "t-"));
    for (const d of ["src/core", "src/model", "src/scenario", "src/data", "data", "src/cli"]) {
      mkdirSync(join(dir, d), { recursive: true });
    }
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
    return dir;
  }

  const base = { "src/model/a.ts": "export const a = 1;\n", "data/x.csv": "a,b\n1,2\n" };

  it("ignores line endings, tests and files outside the model", () => {
    const plain = computeFingerprint(tree(base)).hash;
    const crlf = computeFingerprint(
      tree({ "src/model/a.ts": "export const a = 1;\r\n", "data/x.csv": "a,b\r\n1,2\r\n" }),
    ).hash;
    const extra = computeFingerprint(
      tree({ ...base, "src/model/a.test.ts": "test", "src/cli/b.ts": "cli", "data/README.md": "doc" }),
    ).hash;
    expect(crlf).toBe(plain);
    expect(extra).toBe(plain);
  });

  it("changes with any byte of the model, the data, or a file's name", () => {
    const plain = computeFingerprint(tree(base)).hash;
    const variants: Record<string, string>[] = [
      { ...base, "src/model/a.ts": "export const a = 2;\n" },
      { ...base, "data/x.csv": "a,b\n1,3\n" },
      { "src/model/b.ts": base["src/model/a.ts"], "data/x.csv": base["data/x.csv"] },
      { ...base, "src/scenario/new.json": "{}" },
    ];
    const changed = variants.map((files) => computeFingerprint(tree(files)).hash);
    for (const hash of changed) expect(hash).not.toBe(plain);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
