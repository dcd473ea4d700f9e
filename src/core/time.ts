/** Calendar helpers: months are integers counted as year·12 + (month − 1). */

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses "YYYY-MM" into an absolute month index, or returns undefined. */
export function parseMonth(text: string): number | undefined {
  const m = MONTH_PATTERN.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** Absolute month index → "YYYY-MM". */
export function formatMonth(month: number): string {
  const year = Math.floor(month / 12);
  const m = month - year * 12 + 1;
  return `${String(year).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}`;
}

export function yearOf(month: number): number {
  return Math.floor(month / 12);
}

/** Month of the year, 0 = January. */
export function monthOfYear(month: number): number {
  return month - Math.floor(month / 12) * 12;
}
