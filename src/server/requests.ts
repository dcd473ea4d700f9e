/** Reading and checking request bodies and query parameters; every problem is an ApiError (4xx). */
import { parseMonth } from "../core/time.ts";
import { MAX_SEED } from "../scenario/schema.ts";
import { ApiError } from "./errors.ts";

/** Reads the body as UTF-8 text, refusing more than `maxBytes` (413) and invalid UTF-8 (400). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const length = request.headers.get("content-length");
  const tooLarge = (): ApiError =>
    new ApiError(413, "body_too_large", `the body is larger than ${maxBytes} bytes`, { limit: maxBytes });
  if (length !== null && /^\d+$/.test(length.trim()) && Number(length.trim()) > maxBytes) throw tooLarge();
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, "bad_encoding", "the body is not valid UTF-8 text");
  }
}

/** Parses JSON, or fails with 400 `bad_json` naming the problem. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new ApiError(400, "bad_json", "the body is empty; expected a JSON object");
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, "bad_json", `the body is not valid JSON: ${reason}`);
  }
}

export interface RunRequest {
  /** Scenario YAML or JSON text, or the name of a built-in scenario. */
  readonly scenario: string;
  readonly seed?: number;
  readonly from?: string;
  readonly to?: string;
  readonly runs: number;
  /** What varies between an ensemble's members: the seed (default), or also the calibrated parameters. */
  readonly varies: "seed" | "posterior";
}

export interface Issue {
  readonly path: string;
  readonly message: string;
}

const RUN_FIELDS = ["scenario", "seed", "from", "to", "runs", "varies"];
const VARIES = ["seed", "posterior"];

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value.length > 40 ? `a string` : JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return `a ${typeof value}`;
}

export function badRequest(issues: readonly Issue[]): ApiError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new ApiError(400, "bad_request", `${first.path ? `${first.path}: ` : ""}${first.message}${more}`, {
    issues,
  });
}

/** Checks the body of POST /api/runs. */
export function parseRunRequest(body: unknown, maxRuns: number, maxScenarioChars: number): RunRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest([
      { path: "", message: `expected a JSON object like {"scenario": "peru"}, got ${describe(body)}` },
    ]);
  }
  const record = body as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(record)) {
    if (!RUN_FIELDS.includes(key)) {
      issues.push({ path: key, message: `unknown field (the fields are ${RUN_FIELDS.join(", ")})` });
    }
  }
  const { scenario, seed, from, to, runs, varies } = record;
  if (typeof scenario !== "string" || scenario.trim() === "") {
    issues.push({
      path: "scenario",
      message: `expected the scenario's YAML or JSON text or a built-in scenario's name, got ${scenario === undefined ? "nothing" : describe(scenario)}`,
    });
  } else if (scenario.length > maxScenarioChars) {
    issues.push({ path: "scenario", message: `the scenario is longer than ${maxScenarioChars} characters` });
  }
  if (
    seed !== undefined &&
    !(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= MAX_SEED)
  ) {
    issues.push({
      path: "seed",
      message: `expected an integer from 0 to ${MAX_SEED}, got ${describe(seed)}`,
    });
  }
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || parseMonth(value) === undefined)) {
      issues.push({ path: field, message: `expected a month "YYYY-MM", got ${describe(value)}` });
    }
  }
  if (
    runs !== undefined &&
    !(Number.isInteger(runs) && (runs as number) >= 1 && (runs as number) <= maxRuns)
  ) {
    issues.push({
      path: "runs",
      message: `expected an integer from 1 to ${maxRuns} (the ensemble size limit), got ${describe(runs)}`,
    });
  }
  if (varies !== undefined && !VARIES.includes(varies as string)) {
    issues.push({
      path: "varies",
      message: `expected "seed" (members differ by seed) or "posterior" (they also draw the calibrated parameters), got ${describe(varies)}`,
    });
  }
  if (issues.length > 0) throw badRequest(issues);
  return {
    scenario: scenario as string,
    ...(seed === undefined ? {} : { seed: seed as number }),
    ...(from === undefined ? {} : { from: from as string }),
    ...(to === undefined ? {} : { to: to as string }),
    runs: (runs as number | undefined) ?? 1,
    varies: (varies as "seed" | "posterior" | undefined) ?? "seed",
  };
}

/** `format` query parameter: json (default) or csv. */
export function parseFormat(value: string | undefined): "json" | "csv" {
  if (value === undefined || value === "" || value === "json") return "json";
  if (value === "csv") return "csv";
  throw badRequest([{ path: "format", message: `expected "json" or "csv", got ${describe(value)}` }]);
}

/** A required query parameter. */
export function requireQuery(name: string, value: string | undefined): string {
  if (value === undefined || value === "")
    throw badRequest([{ path: name, message: "missing query parameter" }]);
  return value;
}
