/**
 * Experiment files (YAML or JSON) → a validated ExperimentDefinition, or errors
 * in the scenario format's style: `file:line:col: path: message` (format them
 * with src/scenario/parse.ts's formatErrors). Pure: the caller reads the file.
 * Never throws.
 */

import { finishErrors, MAX_ERRORS } from "../scenario/errors.ts";
import { describeValue, didYouMean, listOf } from "../scenario/messages.ts";
import { formatPath, type ScenarioError } from "../scenario/parse.ts";
import { policyKindsWithField } from "../scenario/schema.ts";
import { type Locate, NO_POSITION, parseYaml, type Segment } from "../scenario/yaml.ts";
import { checkExperiment, type ExperimentIssue } from "./check.ts";
import { experimentSchema, fieldsAt, type RawExperiment } from "./schema.ts";
import type { ExperimentDefinition } from "./types.ts";

export type ExperimentParseResult =
  | {
      readonly ok: true;
      readonly definition: ExperimentDefinition;
      /** Where a path of the file was written (for errors found later, e.g. against the scenario). */
      readonly locate: Locate;
    }
  | { readonly ok: false; readonly errors: ScenarioError[] };

/** Turns issues found on the data into positioned errors. */
export function issuesToErrors(
  issues: readonly ExperimentIssue[],
  file: string,
  locate: Locate,
): ScenarioError[] {
  return finishErrors(
    issues.map((issue) => ({
      file,
      ...locate(issue.path),
      path: formatPath(issue.path),
      message: issue.message,
    })),
  );
}

/** Parses and validates an experiment file. */
export function parseExperiment(text: string, file: string): ExperimentParseResult {
  const parsed = parseYaml(text, file, "an experiment");
  if (!parsed.ok) return parsed;
  if (parsed.data === null || parsed.data === undefined) {
    return {
      ok: false,
      errors: [{ file, line: 1, column: 1, path: "", message: "expected an experiment, got an empty file" }],
    };
  }
  try {
    return check(parsed.data, file, parsed.locate);
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          file,
          line: 1,
          column: 1,
          path: "",
          message: `could not validate the experiment: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
}

/** Validates an experiment given as a value (errors have no position). */
export function validateExperiment(value: unknown, file = "<experiment>"): ExperimentParseResult {
  try {
    return check(value, file, () => NO_POSITION);
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          file,
          ...NO_POSITION,
          path: "",
          message: `could not validate the experiment: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
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
  if (path.length === 3 && path[0] === "levers" && path[2] === "policy") {
    const kind = (valueAt(data, path) as { kind?: unknown } | undefined)?.kind;
    const owners = policyKindsWithField(key);
    if (owners.length > 0) {
      return ` (not a field of ${String(kind)} policies; it belongs to ${owners.join(", ")} policies)`;
    }
  }
  return known.length > 0 ? ` (expected one of ${listOf(known)})` : "";
}

function check(data: unknown, file: string, locate: Locate): ExperimentParseResult {
  const result = experimentSchema.safeParse(data);
  if (!result.success) {
    const errors: ScenarioError[] = [];
    let omitted = 0;
    for (const issue of result.error.issues) {
      let path = issue.path.filter((s): s is Segment => typeof s === "string" || typeof s === "number");
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
      // A distribution written as a bare name is checked as { type: name }: report it at the name.
      if (
        path.length > 0 &&
        path[path.length - 1] === "type" &&
        typeof valueAt(data, path.slice(0, -1)) === "string"
      ) {
        path = path.slice(0, -1);
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
    if (errors.length === 0) {
      errors.push({
        file,
        ...locate([]),
        path: "",
        message: `expected an experiment, got ${describeValue(data)}`,
      });
    }
    return { ok: false, errors: finishErrors(errors, omitted) };
  }
  const { issues, definition } = checkExperiment(result.data as RawExperiment);
  if (issues.length > 0 || !definition) return { ok: false, errors: issuesToErrors(issues, file, locate) };
  return { ok: true, definition, locate };
}
