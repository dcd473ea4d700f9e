/**
 * A small, strict RFC 4180 CSV reader and writer. Pure TypeScript, no I/O, so it
 * runs in Node and in a browser alike.
 *
 * Reading follows RFC 4180 with two common relaxations:
 * - records may end in CRLF, LF or a lone CR;
 * - a UTF-8 byte-order mark at the start is skipped.
 * A final line break at the end of the text does not start a new record.
 *
 * It is strict everywhere else: a quote inside an unquoted field, text after a
 * closing quote, and an unterminated quoted field are errors ({@link CsvError}),
 * reported with their 1-based line and column.
 */

/** A malformed CSV text, with the 1-based position where reading failed. */
export class CsvError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "CsvError";
    this.line = line;
    this.column = column;
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

/**
 * Parses CSV text into records of raw string fields. Every field stays a string;
 * quoted fields lose their quotes and `""` becomes `"`. An empty text has no
 * records. Records are not required to have equal lengths here: see
 * {@link parseCsvTable} for a checked header-and-rows view.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (i >= n) return records;

  let line = 1;
  let lineStart = i;
  let record: string[] = [];

  for (;;) {
    // Read one field starting at i.
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openLine = line;
      const openColumn = i - lineStart + 1;
      let value = "";
      let chunkStart = i + 1;
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new CsvError("unterminated quoted field", openLine, openColumn);
        const c = text.charCodeAt(j);
        if (c === QUOTE) {
          if (j + 1 < n && text.charCodeAt(j + 1) === QUOTE) {
            value += text.slice(chunkStart, j + 1);
            j += 2;
            chunkStart = j;
            continue;
          }
          value += text.slice(chunkStart, j);
          j += 1;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) {
          line += 1;
          lineStart = j + 1;
        }
        j += 1;
      }
      if (j < n) {
        const c = text.charCodeAt(j);
        if (c !== COMMA && c !== LF && c !== CR) {
          throw new CsvError("unexpected character after closing quote", line, j - lineStart + 1);
        }
      }
      field = value;
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new CsvError("quote inside an unquoted field", line, j - lineStart + 1);
        j += 1;
      }
      field = text.slice(i, j);
      i = j;
    }
    record.push(field);

    // After a field: a comma, a line break, or the end of the text.
    if (i >= n) {
      records.push(record);
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i += 1;
      continue;
    }
    // Line break: CRLF, LF or CR.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line += 1;
    lineStart = i;
    records.push(record);
    record = [];
    if (i >= n) return records;
  }
}

/** A CSV text read as a header row plus records keyed by column name. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/**
 * Parses CSV text whose first record is a header. Every header name must be
 * non-empty and unique, and every record must have as many fields as the
 * header. Errors carry the 1-based record number (the header is record 1).
 */
export function parseCsvTable(text: string): CsvTable {
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined) throw new CsvError("no header row", 1, 1);
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === "") throw new CsvError("empty column name in header", 1, k + 1);
    if (seen.has(name)) throw new CsvError(`duplicate column name '${name}'`, 1, k + 1);
    seen.add(name);
  });
  const rows: Record<string, string>[] = [];
  for (let r = 1; r < records.length; r++) {
    const fields = records[r]!;
    if (fields.length !== header.length) {
      throw new CsvError(`record has ${fields.length} fields, header has ${header.length}`, r + 1, 1);
    }
    const row: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) row[header[k]!] = fields[k]!;
    rows.push(row);
  }
  return { header, rows };
}

/** Quotes a field when RFC 4180 requires it (comma, quote, CR or LF inside). */
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes records as CSV text, quoting only where needed, one record per line,
 * with `lineEnding` (LF by default) after every record, including the last.
 *
 * One edge case cannot round-trip: a record made of a single empty field
 * writes as an empty line. It is written as `""` instead so that it reads back.
 */
export function formatCsv(records: readonly (readonly string[])[], lineEnding: "\n" | "\r\n" = "\n"): string {
  let out = "";
  for (const record of records) {
    if (record.length === 1 && record[0] === "") out += '""';
    else out += record.map(formatCsvField).join(",");
    out += lineEnding;
  }
  return out;
}
