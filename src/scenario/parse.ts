/**
 * Scenario files (YAML or JSON: JSON is YAML) → validated RawScenario, or
 * errors with file:line:column, the path of the offending value and what was
 * expected and found. Pure: no file system (the CLI reads the file and passes
 * its text and name), so it also runs in a browser.
 *
 * Robustness: never throws; the YAML is read by yaml.ts, which rejects texts
 * over MAX_SCENARIO_CHARS and nesting deeper than MAX_NESTING before the YAML
 * composer sees them, limits alias expansion and checks duplicate keys in linear
 * time.
 */

import { finishErrors, formatPath, MAX_ERRORS, type ScenarioError } from "./errors.ts";
import { didYouMean, listOf } from "./messages.ts";
import type { RawScenario } from "./raw.ts";
import { fieldsAt, policyKindsWithField, scenarioSchema } from "./schema.ts";
import { checkScenario } from "./validate.ts";
import { type Locate, MAX_FILE_CHARS, readYaml, type Segment } from "./yaml.ts";

export { formatErrors, formatPath, type ScenarioError } from "./errors.ts";
export { MAX_ALIAS_COUNT, MAX_NESTING } from "./yaml.ts";

export type ParseResult = { ok: true; scenario: RawScenario } | { ok: false; errors: ScenarioError[] };

/** Largest scenario text accepted, in characters (yaml.ts's limit for every file). */
export const MAX_SCENARIO_CHARS = MAX_FILE_CHARS;

const NO_POSITION = { line: 0, column: 0 } as const;
const START = { line: 1, column: 1 } as const;

/** Parses and validates a scenario file. Never throws. */
export function parseScenario(text: string, file: string): ParseResult {
  try {
    return parseText(text, file);
  } catch (error) {
    return fail([
      { file, ...START, path: "", message: `could not read the scenario: ${errorMessage(error)}` },
    ]);
  }
}

/**
 * Validates a scenario given as a value (e.g. built in code or from a web
 * form). Errors carry no position (line and column 0). Never throws.
 */
export function validateScenario(value: unknown, file = "<scenario>"): ParseResult {
  try {
    return check(value, file, () => NO_POSITION);
  } catch (error) {
    return fail([
      { file, ...NO_POSITION, path: "", message: `could not validate the scenario: ${errorMessage(error)}` },
    ]);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sorted, deduplicated errors, at most MAX_ERRORS and a line counting the rest (plus `omitted` not built). */
function fail(errors: ScenarioError[], omitted = 0): ParseResult {
  return { ok: false, errors: finishErrors(errors, omitted) };
}

// ── Reading and checking ───────────────────────────────────────────────────

function parseText(text: string, file: string): ParseResult {
  const read = readYaml(text, file, "a scenario");
  return read.ok ? check(read.data, file, read.locate) : { ok: false, errors: read.errors };
}

function check(data: unknown, file: string, locate: Locate): ParseResult {
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const errors: ScenarioError[] = [];
    let omitted = 0;
    for (const issue of result.error.issues) {
      const path = issue.path.filter((s): s is Segment => typeof s === "string" || typeof s === "number");
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          if (errors.length > MAX_ERRORS) {
            omitted++;
            continue;
          }
          const keyPath = [...path, key];
          errors.push({
            file,
            ...locate(keyPath, true),
            path: formatPath(keyPath),
            message: `unknown field ${JSON.stringify(key)}${unknownFieldHint(path, key, data)}`,
          });
        }
        continue;
      }
      if (errors.length > MAX_ERRORS) {
        omitted++;
        continue;
      }
      const parent = valueAt(data, path.slice(0, -1));
      const last = path[path.length - 1];
      const missing =
        typeof last === "string" &&
        parent !== null &&
        typeof parent === "object" &&
        !Array.isArray(parent) &&
        !Object.hasOwn(parent, last);
      errors.push({
        file,
        ...locate(path),
        path: formatPath(path),
        message: missing ? `missing field ${JSON.stringify(last)}: ${issue.message}` : issue.message,
      });
    }
    return fail(errors, omitted);
  }
  const scenario = result.data as RawScenario;
  const issues = checkScenario(scenario);
  if (issues.length > 0) {
    return fail(
      issues.map((issue) => ({
        file,
        ...locate(issue.path),
        path: formatPath(issue.path),
        message: issue.message,
      })),
    );
  }
  return { ok: true, scenario };
}

function valueAt(data: unknown, path: readonly Segment[]): unknown {
  let value = data;
  for (const seg of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = Object.hasOwn(value, seg) ? (value as Record<Segment, unknown>)[seg] : undefined;
  }
  return value;
}

function unknownFieldHint(path: readonly Segment[], key: string, data: unknown): string {
  const known = fieldsAt(path, data) ?? [];
  const close = didYouMean(key, known);
  if (close !== undefined) return `; did you mean ${JSON.stringify(close)}?`;
  if (path.length === 2 && path[0] === "policies") {
    const kind = (valueAt(data, path) as { kind?: unknown } | undefined)?.kind;
    const owners = policyKindsWithField(key);
    if (owners.length > 0) {
      return ` (not a field of ${String(kind)} policies; it belongs to ${owners.join(", ")} policies)`;
    }
  }
  if (path[0] === "parameters") return " (not a parameter path; see docs/scenarios.md and docs/model.md)";
  return known.length > 0 ? ` (expected one of ${listOf(known)})` : "";
}
