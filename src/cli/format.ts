/** Deterministic number and table formatting (no locale, no Intl: same bytes on every machine). */

/**
 * A number for CSV: rounded to 6 significant digits, written without an exponent
 * between 1e-7 and 1e21 (JavaScript's shortest round-trip form of the rounded value),
 * "0" for both zeros, "NaN", "Inf" and "-Inf" for the non-finite values.
 */
export function formatCsvNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  if (value === 0) return "0";
  const rounded = Number(value.toPrecision(6));
  return rounded === 0 ? "0" : String(rounded);
}

/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A number with a fixed number of decimals and thousands separated by commas: 12,345.6. */
export function formatFixed(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf";
  let text = value.toFixed(decimals);
  if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  const negative = text.startsWith("-");
  const unsigned = negative ? text.slice(1) : text;
  const dot = unsigned.indexOf(".");
  const intPart = dot < 0 ? unsigned : unsigned.slice(0, dot);
  const fraction = dot < 0 ? "" : unsigned.slice(dot);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (negative ? "-" : "") + grouped + fraction;
}

export interface Column {
  /** Header lines, top to bottom (columns with fewer lines are padded at the top). */
  readonly header: readonly string[];
  readonly align: "left" | "right";
}

/** Renders rows under a multi-line header, columns separated by two spaces, no trailing blanks. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const headerLines = Math.max(...columns.map((c) => c.header.length));
  const widths = columns.map((c, i) =>
    Math.max(...c.header.map((h) => h.length), ...rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i].align === "left" ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  const out: string[] = [];
  for (let l = 0; l < headerLines; l++) {
    out.push(
      line(
        columns.map((c) => {
          const k = l - (headerLines - c.header.length);
          return k >= 0 ? c.header[k] : "";
        }),
      ),
    );
  }
  out.push(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) out.push(line(row));
  return out.join("\n") + "\n";
}
