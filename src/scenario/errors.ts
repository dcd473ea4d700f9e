/**
 * Errors in scenario and experiment files: the error record, the path and
 * one-line formats the CLI prints, and the sorting and capping every parser
 * applies before reporting. Pure.
 */

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

/** Errors reported at most; the rest are counted in a last line. */
export const MAX_ERRORS = 50;

const START = { line: 1, column: 1 } as const;

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
