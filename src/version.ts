/**
 * cocasim's versions. `packageVersion()` is package.json's; `modelVersion()` adds
 * the model's content fingerprint (scripts/fingerprint.ts), as semver build
 * metadata: "0.1.0+d46e8c44c850". The model version keys stored runs, queued
 * jobs and workers, so a change to the model (its code, data or calibrated
 * parameters) gives a new version even when package.json says the same: a store
 * never hands back another model's results, and a worker never takes another
 * model's jobs.
 */
import { readFileSync } from "node:fs";
import { MODEL_FINGERPRINT_SHORT } from "./model-fingerprint.generated.ts";

let cachedPackage: string | undefined;

/** The version in package.json (one level up from both src/ and dist/). */
export function packageVersion(): string {
  if (cachedPackage !== undefined) return cachedPackage;
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    cachedPackage = typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    cachedPackage = "unknown";
  }
  return cachedPackage;
}

/** `<package version>+<model fingerprint>`: the version that keys stored runs and queued jobs. */
export function modelVersion(): string {
  return `${packageVersion()}+${MODEL_FINGERPRINT_SHORT}`;
}
