/**
 * Small helpers for error messages: how to show a value that was found, and
 * "did you mean" suggestions for misspelt names. Pure; runs in Node and browsers.
 */

const MAX_SHOWN_STRING = 40;

/** A short, human description of a value found in a scenario file. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number") {
    if (Number.isNaN(value)) return ".nan";
    if (value === Number.POSITIVE_INFINITY) return ".inf";
    if (value === Number.NEGATIVE_INFINITY) return "-.inf";
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (value instanceof Map || value instanceof Set) return "a collection";
  if (ArrayBuffer.isView(value)) return "binary data";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** Lower case without diacritics: "Junín" and "junin" compare equal. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

const MAX_SUGGEST_LENGTH = 120;

/**
 * The candidate closest to `input`, if one is close enough to be a likely
 * misspelling: same name up to case and accents, a dotted path whose last part
 * is `input`, or a small edit distance relative to the length.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length === 0 || input.length > MAX_SUGGEST_LENGTH) return undefined;
  const folded = fold(input);
  const limit = folded.length <= 4 ? 1 : folded.length <= 8 ? 2 : Math.floor(folded.length / 3);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const c = fold(candidate);
    let score: number;
    if (c === folded) score = 0;
    else if (c.endsWith(`.${folded}`)) score = 0.5;
    else if (folded.length >= 4 && c.startsWith(folded)) score = 1;
    else if (Math.abs(c.length - folded.length) > limit) continue;
    else score = editDistance(folded, c);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return bestScore <= limit ? best : undefined;
}

/** "; did you mean "x"?" or "". */
export function suggestion(input: unknown, candidates: Iterable<string>): string {
  if (typeof input !== "string") return "";
  const s = didYouMean(input, candidates);
  return s === undefined ? "" : `; did you mean ${JSON.stringify(s)}?`;
}

/** "a, b, c" (or the first `max` and a count of the rest). */
export function listOf(values: readonly string[], max = 30): string {
  if (values.length <= max) return values.join(", ");
  return `${values.slice(0, max).join(", ")}, … (${values.length - max} more)`;
}
