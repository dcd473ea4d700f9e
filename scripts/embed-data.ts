/**
 * Embeds Peru's public record (`data/*.csv`) into `src/data/record.generated.ts`,
 * so that the pure core can use it without reading files (and in a browser).
 *
 *   node --import tsx scripts/embed-data.ts           # regenerate
 *   node --import tsx scripts/embed-data.ts --check   # exit 1 if the file is stale
 *
 * Each CSV must have exactly the columns of its table spec below, in order; every
 * value is checked (numbers must be plain decimals, enums must be known values,
 * `source` and `status` must be non-empty) and any problem stops the run with the
 * file, row and column. The output is deterministic (no timestamps), written to a
 * temporary file and renamed into place.
 */

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseCsvTable } from "../src/data/csv.ts";
import { FIGURE_STATUSES } from "../src/data/types.ts";

type ColumnType =
  | { readonly kind: "string"; readonly required?: boolean }
  | { readonly kind: "number" }
  | { readonly kind: "integer" }
  | { readonly kind: "boolean" }
  | { readonly kind: "enum"; readonly values: readonly string[] };

interface ColumnSpec {
  /** Column name in the CSV (snake_case). */
  readonly csv: string;
  /** Field name in TypeScript (camelCase). */
  readonly field: string;
  readonly type: ColumnType;
}

export interface TableSpec {
  /** File name under `data/`. */
  readonly file: string;
  /** Name of the exported constant. */
  readonly exportName: string;
  /** Row type exported by `src/data/types.ts`. */
  readonly typeName: string;
  readonly columns: readonly ColumnSpec[];
}

const STRING: ColumnType = { kind: "string" };
const REQUIRED: ColumnType = { kind: "string", required: true };
const NUMBER: ColumnType = { kind: "number" };
const INTEGER: ColumnType = { kind: "integer" };
const BOOLEAN: ColumnType = { kind: "boolean" };
const STATUS: ColumnType = { kind: "enum", values: FIGURE_STATUSES };
const oneOf = (...values: string[]): ColumnType => ({ kind: "enum", values });

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function col(csv: string, type: ColumnType): ColumnSpec {
  return { csv, field: camel(csv), type };
}

const SOURCE = col("source", REQUIRED);
const STATUS_COL = col("status", STATUS);
const NOTE = col("note", STRING);
const AREA_SERIES = oneOf("UNODC", "DEVIDA");

/** The tables, in the order they are emitted. */
export const TABLES: readonly TableSpec[] = [
  {
    file: "hectares_by_zone.csv",
    exportName: "HECTARES_BY_ZONE",
    typeName: "HectaresByZoneRow",
    columns: [
      col("series", AREA_SERIES),
      col("zone_id", REQUIRED),
      col("zone", REQUIRED),
      col("zone_kind", oneOf("zone", "part", "group", "national")),
      col("year", INTEGER),
      col("hectares", NUMBER),
      col("definition", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "zone_changes.csv",
    exportName: "ZONE_CHANGES",
    typeName: "ZoneChangeRow",
    columns: [
      col("series", AREA_SERIES),
      col("zone_id", REQUIRED),
      col("zone", REQUIRED),
      col("year", INTEGER),
      col("base_year", INTEGER),
      col("percent_change", NUMBER),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "hectares_by_department.csv",
    exportName: "HECTARES_BY_DEPARTMENT",
    typeName: "HectaresByDepartmentRow",
    columns: [
      col("series", AREA_SERIES),
      col("department", REQUIRED),
      { csv: "iso_3166_2", field: "iso31662", type: REQUIRED },
      col("year", INTEGER),
      col("hectares", NUMBER),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "hectares_national.csv",
    exportName: "HECTARES_NATIONAL",
    typeName: "HectaresNationalRow",
    columns: [
      col("country", oneOf("Peru", "Colombia", "Bolivia", "Andean total")),
      col("series", oneOf("UNODC", "DEVIDA", "USG")),
      col("year", INTEGER),
      col("hectares", NUMBER),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "eradication.csv",
    exportName: "ERADICATION",
    typeName: "EradicationRow",
    columns: [
      col("year", INTEGER),
      col("scope", REQUIRED),
      col("hectares", NUMBER),
      col("full_year", BOOLEAN),
      col("coverage", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "seizures.csv",
    exportName: "SEIZURES",
    typeName: "SeizureRow",
    columns: [
      col("period", REQUIRED),
      col("year", INTEGER),
      col("drug", oneOf("pbc", "hcl", "cocaine_type", "all_drugs", "marijuana", "precursors")),
      col("measure", oneOf("seized", "destroyed", "single_seizure")),
      col("kg", NUMBER),
      col("full_year", BOOLEAN),
      col("description", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "prices.csv",
    exportName: "PRICES",
    typeName: "PriceRow",
    columns: [
      col("period", REQUIRED),
      col("year", INTEGER),
      col("location", REQUIRED),
      col("product", oneOf("coca_leaf", "pbc", "hcl")),
      col("price", NUMBER),
      col("unit", oneOf("USD/kg", "PEN/kg", "PEN/arroba")),
      col("description", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "conversion_factors.csv",
    exportName: "CONVERSION_FACTORS",
    typeName: "ConversionFactorRow",
    columns: [
      col("kind", REQUIRED),
      col("item", REQUIRED),
      col("period", REQUIRED),
      col("year", INTEGER),
      col("value", NUMBER),
      col("unit", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "alternative_development.csv",
    exportName: "ALTERNATIVE_DEVELOPMENT",
    typeName: "AlternativeDevelopmentRow",
    columns: [
      col("period", REQUIRED),
      col("year", INTEGER),
      col("scope", REQUIRED),
      col("item", REQUIRED),
      col("value", NUMBER),
      col("unit", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "households.csv",
    exportName: "HOUSEHOLDS",
    typeName: "HouseholdRow",
    columns: [
      col("period", REQUIRED),
      col("year", INTEGER),
      col("scope", REQUIRED),
      col("item", REQUIRED),
      col("value", NUMBER),
      col("unit", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
  {
    file: "places.csv",
    exportName: "PLACES",
    typeName: "PlaceRow",
    columns: [
      col("id", REQUIRED),
      col("name", REQUIRED),
      col("country", REQUIRED),
      col("admin1", STRING),
      col("lat", NUMBER),
      col("lon", NUMBER),
      col("role", REQUIRED),
      col("coord_source", REQUIRED),
      STATUS_COL,
    ],
  },
  {
    file: "trafficking_routes.csv",
    exportName: "TRAFFICKING_ROUTES",
    typeName: "TraffickingRouteRow",
    columns: [
      col("route_id", REQUIRED),
      col("mode", REQUIRED),
      col("origin_zones", REQUIRED),
      col("path", REQUIRED),
      col("quantitative_estimate", REQUIRED),
      col("period", REQUIRED),
      STATUS_COL,
      SOURCE,
      NOTE,
    ],
  },
];

/** A plain decimal: optional minus, digits, optional fraction. No exponents, no spaces. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export type CellValue = string | number | boolean;
export type EmbeddedRow = Record<string, CellValue>;

/** A data file that does not fit its table spec. */
export class DataError extends Error {
  constructor(file: string, detail: string) {
    super(`data/${file}: ${detail}`);
    this.name = "DataError";
  }
}

function convert(spec: TableSpec, column: ColumnSpec, raw: string, rowNumber: number): CellValue {
  const where = `row ${rowNumber}, column '${column.csv}'`;
  const fail = (what: string): never => {
    throw new DataError(spec.file, `${where}: ${what}, got ${JSON.stringify(raw)}`);
  };
  const type = column.type;
  switch (type.kind) {
    case "string":
      if (type.required && raw.trim() === "") fail("empty value");
      if (raw !== raw.trim()) fail("leading or trailing spaces");
      return raw;
    case "number":
    case "integer": {
      if (!DECIMAL.test(raw)) fail("expected a plain decimal number");
      const value = Number(raw);
      if (!Number.isFinite(value)) fail("expected a finite number");
      if (type.kind === "integer" && !Number.isInteger(value)) fail("expected an integer");
      return value;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") fail("expected true or false");
      return raw === "true";
    case "enum":
      if (!type.values.includes(raw)) fail(`expected one of ${type.values.join(", ")}`);
      return raw;
  }
}

/** Parses and checks one CSV text against its spec; returns rows keyed by TypeScript field names. */
export function loadTable(spec: TableSpec, text: string): EmbeddedRow[] {
  const table = parseCsvTable(text);
  const expected = spec.columns.map((c) => c.csv);
  if (table.header.join(",") !== expected.join(",")) {
    throw new DataError(
      spec.file,
      `header is [${table.header.join(", ")}], expected [${expected.join(", ")}]`,
    );
  }
  return table.rows.map((row, k) => {
    const out: EmbeddedRow = {};
    for (const column of spec.columns) out[column.field] = convert(spec, column, row[column.csv]!, k + 2);
    return out;
  });
}

function literal(value: CellValue): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Renders the generated module from the CSV texts (`readText(file)` returns the
 * text of `data/<file>`). Pure: the same inputs give the same output byte for byte.
 */
export function renderRecordModule(readText: (file: string) => string): string {
  const parts: string[] = [];
  parts.push(
    "// GENERATED FILE: do not edit by hand.",
    "// Generated by scripts/embed-data.ts from the CSV files in data/:",
    ...TABLES.map((t) => `//   data/${t.file} -> ${t.exportName}`),
    "// Every figure keeps its source and status; see data/README.md for columns, sources and licences",
    '// (places: GeoNames, CC BY 4.0, credit "GeoNames"). Regenerate with:',
    "//   node --import tsx scripts/embed-data.ts",
    "",
    `import type { ${[...TABLES.map((t) => t.typeName)].sort().join(", ")} } from "./types.ts";`,
    "",
  );
  for (const spec of TABLES) {
    const rows = loadTable(spec, readText(spec.file));
    parts.push(`/** data/${spec.file}: ${rows.length} rows. */`);
    parts.push(`export const ${spec.exportName}: readonly ${spec.typeName}[] = [`);
    for (const row of rows) {
      const fields = spec.columns.map((c) => `${c.field}: ${literal(row[c.field]!)}`);
      parts.push(`  { ${fields.join(", ")} },`);
    }
    parts.push("];", "");
  }
  return parts.join("\n");
}

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root. */
export const ROOT = join(here, "..");
/** Path of the generated module. */
export const GENERATED_PATH = join(ROOT, "src", "data", "record.generated.ts");

/** Reads `data/<file>` from the repository. */
export function readDataFile(file: string): string {
  return readFileSync(join(ROOT, "data", file), "utf8");
}

function main(argv: readonly string[]): number {
  const source = renderRecordModule(readDataFile);
  const target = relative(process.cwd(), GENERATED_PATH);
  if (argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(GENERATED_PATH, "utf8");
    } catch {
      // Missing counts as stale.
    }
    if (current === source) {
      console.log(`${target} is up to date.`);
      return 0;
    }
    console.error(`${target} is stale: run node --import tsx scripts/embed-data.ts`);
    return 1;
  }
  const temp = `${GENERATED_PATH}.${process.pid}.tmp`;
  writeFileSync(temp, source, "utf8");
  renameSync(temp, GENERATED_PATH);
  const rows = TABLES.map((t) => t.exportName).join(", ");
  console.log(`wrote ${target} (${rows})`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
