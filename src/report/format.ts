/**
 * Deterministic text for numbers and HTML: no locale, no Intl, so a report or a
 * table is the same bytes on every machine. Pure.
 */

/** Thousands separated by commas, a fixed number of decimals: 12,345.6. */
export function fixed(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
  let text = value.toFixed(decimals);
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  const negative = text.startsWith("-");
  const unsigned = negative ? text.slice(1) : text;
  const dot = unsigned.indexOf(".");
  const intPart = dot < 0 ? unsigned : unsigned.slice(0, dot);
  const fraction = dot < 0 ? "" : unsigned.slice(dot);
  return (negative ? "-" : "") + intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + fraction;
}

/**
 * A number for people: whole numbers with separators from 1,000 up, three
 * significant digits below (0.0123, 1.23, 123), "0" for zero, and exponents only
 * for the very large or very small.
 */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e15) return value.toExponential(2);
  if (abs >= 1000) return fixed(value, 0);
  if (abs >= 100) return fixed(value, 1).replace(/\.0$/, "");
  if (abs >= 1e-4) {
    const text = value.toPrecision(3);
    return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  }
  return value.toExponential(2);
}

/** An index or share with a fixed number of decimals (default 3): 0.314. */
export function dec(value: number | null | undefined, decimals = 3): string {
  if (value === null || value === undefined) return "–";
  return fixed(value, decimals);
}

/** A share as a percentage: 0.4567 → "45.7%". */
export function pct(value: number, decimals = 1): string {
  return `${fixed(value * 100, decimals)}%`;
}

/** A p-value: three significant digits, "<0.001" below a thousandth. */
export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (!Number.isFinite(value)) return "NaN";
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text safe inside HTML and SVG elements and attributes. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
