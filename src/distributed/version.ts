/** cocasim's version, the model version that keys jobs, queues and stored runs. */
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The version in package.json (two levels up from both src/distributed/ and dist/distributed/). */
export function modelVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    cached = typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    cached = "unknown";
  }
  return cached;
}
