/**
 * Strict JSON for the store: what goes in comes back equal. JSON.stringify would
 * silently turn NaN and ±Infinity into null and drop undefined array entries; here
 * they are errors, so a corrupted figure is never stored.
 */

/** JSON text of `value`; throws on non-finite numbers, bigints, functions and symbols. */
export function strictJson(value: unknown, what: string): string {
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new Error(`${what}: cannot store the non-finite number ${v}${key ? ` at "${key}"` : ""}`);
    }
    if (typeof v === "bigint" || typeof v === "function" || typeof v === "symbol") {
      throw new Error(`${what}: cannot store a ${typeof v}${key ? ` at "${key}"` : ""}`);
    }
    if (v === undefined && Array.isArray(this)) {
      throw new Error(`${what}: cannot store undefined in an array${key ? ` at index ${key}` : ""}`);
    }
    return v;
  });
  if (text === undefined) throw new Error(`${what}: cannot store ${String(value)}`);
  return text;
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
