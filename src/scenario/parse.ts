/**
 * Scenario files (YAML or JSON: JSON is YAML) → validated RawScenario, or
 * errors with file:line:column, the path of the offending value and what was
 * expected and found. Pure: no file system (the CLI reads the file and passes
 * its text and name), so it also runs in a browser.
 *
 * Robustness: never throws; rejects texts over MAX_SCENARIO_CHARS and
 * nesting deeper than MAX_NESTING before the YAML composer sees them (deep
 * recursion there overflows the stack), limits alias expansion (alias bombs)
 * and checks duplicate keys in linear time.
 */
import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
} from "yaml";
import { describeValue, didYouMean, listOf } from "./messages.ts";
import type { RawScenario } from "./raw.ts";
import { fieldsAt, policyKindsWithField, scenarioSchema } from "./schema.ts";
import { checkScenario } from "./validate.ts";

export interface ScenarioError {
  readonly file: string;
  /** 1-based; 0 when the error has no position in a file (objects, overrides). */
  readonly line: number;
  /** 1-based; 0 when the error has no position in a file. */
  readonly column: number;
  /** Path of the offending value, e.g. "policies[2].intensity"; "" for the whole file. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
}

export type ParseResult = { ok: true; scenario: RawScenario } | { ok: false; errors: ScenarioError[] };

/**
 * Largest scenario text accepted, in characters (256 KiB). Real scenarios are a
 * few kilobytes; the YAML parser needs about a second for 256 KiB of
 * pathological input.
 */
export const MAX_SCENARIO_CHARS = 256 * 1024;
/** Deepest nesting of YAML collections accepted (a valid scenario needs 5). */
export const MAX_NESTING = 32;
/** YAML alias expansion limit (yaml's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;
/** Errors reported at most; the rest are counted. */
export const MAX_ERRORS = 50;

type Segment = string | number;
interface Position {
  readonly line: number;
  readonly column: number;
}
/** Position of the value at `path` (or of its key with `atKey`), falling back to the nearest parent. */
type Locate = (path: readonly Segment[], atKey?: boolean) => Position;

const NO_POSITION: Position = { line: 0, column: 0 };
const START: Position = { line: 1, column: 1 };

/** `policies[2].where.zones[0]`; keys that are not plain names are quoted: `parameters["zones.Otras zonas.statePresence"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[\p{L}\p{N}_$][\p{L}\p{N}_$.-]*$/u.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** One line per error: `file:line:column: path: message` (position and path left out when absent). */
export function formatErrors(errors: readonly ScenarioError[]): string {
  return errors
    .map((e) => {
      const where = e.line > 0 ? `${e.file}:${e.line}:${e.column}` : e.file;
      return e.path === "" ? `${where}: ${e.message}` : `${where}: ${e.path}: ${e.message}`;
    })
    .join("\n");
}

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
  const sorted = errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.line - b.e.line || a.e.column - b.e.column || a.i - b.i)
    .map(({ e }) => e);
  const unique: ScenarioError[] = [];
  const seen = new Set<string>();
  for (const e of sorted) {
    const key = `${e.line}:${e.column}:${e.path}:${e.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(e);
    }
  }
  const more = Math.max(0, unique.length - MAX_ERRORS) + omitted;
  if (more > 0) {
    const shown = unique.slice(0, MAX_ERRORS);
    const last = shown[shown.length - 1] ?? { file: "", ...START };
    const summary = { file: last.file, line: last.line, column: last.column, path: "" };
    return { ok: false, errors: [...shown, { ...summary, message: `… and ${more} more errors` }] };
  }
  return { ok: false, errors: unique };
}

// ── YAML ───────────────────────────────────────────────────────────────────

function parseText(text: string, file: string): ParseResult {
  if (typeof text !== "string") {
    return fail([
      {
        file,
        ...START,
        path: "",
        message: `expected the text of a scenario file, got ${describeValue(text)}`,
      },
    ]);
  }
  if (text.length > MAX_SCENARIO_CHARS) {
    return fail([
      {
        file,
        ...START,
        path: "",
        message: `file too large: expected at most ${MAX_SCENARIO_CHARS} characters, got ${text.length}`,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const tooDeep = findDeepNesting(tokens);
  if (tooDeep !== undefined) {
    return fail([
      {
        file,
        ...position(tooDeep),
        path: "",
        message: `nesting too deep: expected at most ${MAX_NESTING} levels of lists and mappings`,
      },
    ]);
  }

  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, merge: false });
  let doc: Document.Parsed | undefined;
  const errors: ScenarioError[] = [];
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      errors.push({
        file,
        ...position(next.range[0]),
        path: "",
        message: "expected a single YAML document, found a second one",
      });
      break;
    }
  }
  if (!doc) return fail([{ file, ...START, path: "", message: "expected a scenario, got an empty file" }]);
  for (const e of doc.errors) {
    errors.push({ file, ...position(e.pos[0]), path: "", message: `invalid YAML: ${e.message}` });
  }
  for (const w of doc.warnings) {
    errors.push({ file, ...position(w.pos[0]), path: "", message: `unsupported YAML: ${w.message}` });
  }
  for (const e of duplicateKeys(doc, file, position)) errors.push(e);
  if (errors.length > 0) return fail(errors);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `too many YAML aliases: expected at most ${MAX_ALIAS_COUNT} alias expansions`
        : `could not read the YAML: ${errorMessage(error)}`;
    return fail([{ file, ...START, path: "", message }]);
  }

  const root = doc.contents;
  const locate: Locate = (path, atKey = false) => {
    let node: unknown = root;
    let best: Position = isNode(node) && node.range ? position(node.range[0]) : START;
    for (let i = 0; i < path.length; i++) {
      const current: unknown = isAlias(node) ? node.resolve(doc) : node;
      const seg = path[i];
      let next: unknown;
      if (isMap(current)) {
        const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return best;
        if (i === path.length - 1 && atKey && isNode(pair.key) && pair.key.range)
          return position(pair.key.range[0]);
        next = pair.value;
        if (!(isNode(next) && next.range) || (isScalar(next) && next.value === null && next.source === "")) {
          // Empty value (`intensity:`): point at the key.
          return isNode(pair.key) && pair.key.range ? position(pair.key.range[0]) : best;
        }
      } else if (isSeq(current) && typeof seg === "number") {
        next = current.items[seg];
      } else return best;
      if (!(isNode(next) && next.range)) return best;
      node = next;
      best = position(next.range[0]);
    }
    return best;
  };
  return check(data, file, locate);
}

/** Offset of the first collection nested deeper than MAX_NESTING, if any (iterative walk of the CST). */
function findDeepNesting(tokens: readonly CST.Token[]): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    switch (token.type) {
      case "document":
        if (token.value) stack.push([token.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        const inner = depth + 1;
        if (inner > MAX_NESTING) return token.offset;
        for (const item of token.items) {
          const { key, value } = item as CST.CollectionItem;
          if (key) stack.push([key, inner]);
          if (value) stack.push([value, inner]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** Duplicate keys in any mapping, in linear time (yaml's own check is quadratic). */
function duplicateKeys(
  doc: Document.Parsed,
  file: string,
  position: (offset: number) => Position,
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const stack: [unknown, Segment[]][] = [[doc.contents, []]];
  while (stack.length > 0 && errors.length <= MAX_ERRORS) {
    const [node, path] = stack.pop()!;
    if (isMap(node)) {
      const first = new Map<string, number>();
      for (const pair of node.items) {
        if (errors.length > MAX_ERRORS) break;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && isNode(pair.key) && pair.key.range) {
          const offset = pair.key.range[0];
          const earlier = first.get(key);
          if (earlier !== undefined) {
            errors.push({
              file,
              ...position(offset),
              path: formatPath([...path, key]),
              message: `duplicate key ${JSON.stringify(key)} (first at line ${position(earlier).line})`,
            });
          } else first.set(key, offset);
        }
        if (key !== undefined) stack.push([pair.value, [...path, key]]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        stack.push([item, [...path, i]]);
      });
    }
  }
  return errors;
}

// ── Validation ─────────────────────────────────────────────────────────────

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
