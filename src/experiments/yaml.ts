/**
 * YAML text → plain data plus a way to find where each value was written, with
 * the same robustness rules as scenario files (src/scenario/parse.ts): a size
 * limit, a nesting limit checked before the composer recurses, an alias
 * expansion limit, and duplicate keys found in linear time. Never throws.
 * Pure: no file system.
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
import { formatPath, type ScenarioError } from "../scenario/parse.ts";

/** Largest file accepted, in characters (256 KiB, as for scenarios). */
export const MAX_FILE_CHARS = 256 * 1024;
/** Deepest nesting of lists and mappings accepted. */
export const MAX_NESTING = 32;
/** YAML alias expansion limit. */
export const MAX_ALIAS_COUNT = 100;
/** Errors reported at most; the rest are counted in a last line. */
export const MAX_ERRORS = 50;

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

/** Sorted by position, deduplicated, at most MAX_ERRORS and a line counting the rest. */
export function finishErrors(errors: readonly ScenarioError[], omitted = 0): ScenarioError[] {
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
  if (more === 0) return unique;
  const shown = unique.slice(0, MAX_ERRORS);
  const last = shown[shown.length - 1] ?? { file: "", ...START };
  return [
    ...shown,
    { file: last.file, line: last.line, column: last.column, path: "", message: `… and ${more} more errors` },
  ];
}

/** Parses YAML (or JSON) text; `what` names the kind of file in messages ("an experiment"). */
export function parseYaml(text: string, file: string, what: string): YamlResult {
  try {
    return parseText(text, file, what);
  } catch (error) {
    return {
      ok: false,
      errors: [{ file, ...START, path: "", message: `could not read the file: ${errorMessage(error)}` }],
    };
  }
}

function parseText(text: string, file: string, what: string): YamlResult {
  const fail = (errors: ScenarioError[]): YamlResult => ({ ok: false, errors: finishErrors(errors) });
  if (typeof text !== "string") {
    return fail([{ file, ...START, path: "", message: `expected the text of ${what} file` }]);
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
