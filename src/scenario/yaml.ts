/**
 * YAML (or JSON) text → plain data plus a way to find where each value was
 * written, for scenario files (parse.ts) and experiment files
 * (src/experiments/parse.ts). Robustness: a size limit, a nesting limit checked
 * before the YAML composer recurses (deep recursion there overflows the stack),
 * an alias expansion limit (alias bombs), and duplicate keys found in linear time.
 * Pure: no file system, so it also runs in a browser.
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
import { finishErrors, formatPath, MAX_ERRORS, type ScenarioError } from "./errors.ts";
import { describeValue } from "./messages.ts";

/**
 * Largest file accepted, in characters (256 KiB). Real scenarios and experiments
 * are a few kilobytes; the YAML parser needs about a second for 256 KiB of
 * pathological input.
 */
export const MAX_FILE_CHARS = 256 * 1024;
/** Deepest nesting of lists and mappings accepted (a valid scenario needs 5). */
export const MAX_NESTING = 32;
/** YAML alias expansion limit (yaml's maxAliasCount). */
export const MAX_ALIAS_COUNT = 100;

export type Segment = string | number;

export interface Position {
  /** 1-based; 0 when unknown. */
  readonly line: number;
  /** 1-based; 0 when unknown. */
  readonly column: number;
}

/** Position of the value at `path` (or of its key with `atKey`), falling back to the nearest parent. */
export type Locate = (path: readonly Segment[], atKey?: boolean) => Position;

export const NO_POSITION: Position = { line: 0, column: 0 };
const START: Position = { line: 1, column: 1 };

export type YamlResult =
  | { readonly ok: true; readonly data: unknown; readonly locate: Locate }
  | { readonly ok: false; readonly errors: ScenarioError[] };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses YAML (or JSON) text; `what` names the kind of file in messages ("an experiment"). Never throws. */
export function parseYaml(text: string, file: string, what: string): YamlResult {
  try {
    return readYaml(text, file, what);
  } catch (error) {
    return {
      ok: false,
      errors: [{ file, ...START, path: "", message: `could not read the file: ${errorMessage(error)}` }],
    };
  }
}

/** parseYaml without its safety net: an unexpected exception propagates, for callers that name it themselves. */
export function readYaml(text: string, file: string, what: string): YamlResult {
  const fail = (errors: ScenarioError[]): YamlResult => ({ ok: false, errors: finishErrors(errors) });
  if (typeof text !== "string") {
    return fail([
      { file, ...START, path: "", message: `expected the text of ${what} file, got ${describeValue(text)}` },
    ]);
  }
  if (text.length > MAX_FILE_CHARS) {
    return fail([
      {
        file,
        ...START,
        path: "",
        message: `file too large: expected at most ${MAX_FILE_CHARS} characters, got ${text.length}`,
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
  if (!doc) return fail([{ file, ...START, path: "", message: `expected ${what}, got an empty file` }]);
  for (const e of doc.errors) {
    errors.push({ file, ...position(e.pos[0]), path: "", message: `invalid YAML: ${e.message}` });
  }
  for (const w of doc.warnings) {
    errors.push({ file, ...position(w.pos[0]), path: "", message: `unsupported YAML: ${w.message}` });
  }
  errors.push(...duplicateKeys(doc, file, position));
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
  const parsed = doc;
  const root = parsed.contents;
  const locate: Locate = (path, atKey = false) => {
    let node: unknown = root;
    let best: Position = isNode(node) && node.range ? position(node.range[0]) : START;
    for (let i = 0; i < path.length; i++) {
      const current: unknown = isAlias(node) ? node.resolve(parsed) : node;
      const seg = path[i];
      let next: unknown;
      if (isMap(current)) {
        const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return best;
        if (i === path.length - 1 && atKey && isNode(pair.key) && pair.key.range) {
          return position(pair.key.range[0]);
        }
        next = pair.value;
        if (!(isNode(next) && next.range) || (isScalar(next) && next.value === null && next.source === "")) {
          // An empty value (`samples:`): point at the key.
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
  return { ok: true, data, locate };
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

/** Duplicate keys in any mapping, in linear time. */
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
