/**
 * `cocasim export <id> [--format csv|parquet] [--out FILE] [--store URL]`: writes the
 * summary of a stored run, or of every stored member run of an ensemble, as a flat
 * table with one row per run, year and figure:
 *   run,scenario,seed,year,figure,value
 * Numbers are written in full (JavaScript's shortest round-trip form), so CSV and
 * Parquet hold the same values. The output is a pure function of the stored runs.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Command, Option } from "commander";
import { summaryRows } from "../../store/flatten.ts";
import { ensembleMemberKeys, type IdMatch, type RunStore, runId, type StoredRun } from "../../store/store.ts";
import { csvField } from "../format.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { openCliStore, STORE_HELP, STORE_OPTION_HELP } from "./runs.ts";

export const EXPORT_FORMATS = ["csv", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXPORT_HELP = `
ID is the id of a stored run or ensemble, as \`cocasim runs\` lists it, or any
unique prefix of one. The table has one row per run, year and figure:
  run,scenario,seed,year,figure,value
where figure is the field's path in summary.json (hectares.total,
hectares.byZone.VRAEM, cocaineTonnes.produced, prices.leafUsdPerKg, ...; see
docs/outputs.md). An ensemble gives the rows of each of its seeds that has a stored
run, in the ensemble's seed order. Numbers are written in full, not rounded.

Without --out, CSV goes to stdout; Parquet needs --out. The format is CSV unless
--format says otherwise or --out ends in .parquet. A file is written whole or not
at all (into a temporary file next to it, then renamed).
${STORE_HELP}

Examples:
  $ cocasim export 3f2a9c81d04b > peru.csv
  $ cocasim export 3f2a --format parquet --out peru.parquet
  $ cocasim export 7be01c55aa20 --out ensemble.parquet --store postgres://cocasim@db/cocasim`;

export interface ExportOptions {
  format?: ExportFormat;
  out?: string;
  store?: string;
  quiet?: boolean;
}

export interface ExportRow {
  readonly run: string;
  readonly scenario: string;
  readonly seed: number;
  readonly year: number;
  readonly figure: string;
  readonly value: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The flat table of some stored runs, run by run. */
export function exportRows(runs: readonly StoredRun[]): ExportRow[] {
  return runs.flatMap((run) =>
    summaryRows(run.summary).map((row) => ({
      run: run.id,
      scenario: run.scenarioName,
      seed: run.key.seed,
      year: row.year,
      figure: row.figure,
      value: row.value,
    })),
  );
}

/** A number in full: the shortest text that reads back as the same double. */
function fullNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Inf" : "-Inf";
  return String(value);
}

export function renderExportCsv(rows: readonly ExportRow[]): string {
  const lines = ["run,scenario,seed,year,figure,value"];
  for (const r of rows) {
    lines.push(
      `${csvField(r.run)},${csvField(r.scenario)},${r.seed},${r.year},${csvField(r.figure)},${fullNumber(r.value)}`,
    );
  }
  return lines.join("\n") + "\n";
}

export async function renderExportParquet(rows: readonly ExportRow[]): Promise<Uint8Array> {
  // Loaded here, not at start-up: only this command needs it.
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "run", data: rows.map((r) => r.run), type: "STRING", nullable: false },
      { name: "scenario", data: rows.map((r) => r.scenario), type: "STRING", nullable: false },
      { name: "seed", data: rows.map((r) => BigInt(r.seed)), type: "INT64", nullable: false },
      { name: "year", data: rows.map((r) => r.year), type: "INT32", nullable: false },
      { name: "figure", data: rows.map((r) => r.figure), type: "STRING", nullable: false },
      { name: "value", data: Float64Array.from(rows, (r) => r.value), type: "DOUBLE", nullable: false },
    ],
    createdBy: "cocasim",
  });
  return new Uint8Array(buffer);
}

/** Resolves an id or prefix to one run or ensemble; anything else is bad input (exit 2). */
async function resolveId(store: RunStore, id: string, location: string): Promise<IdMatch> {
  if (!/^[0-9a-f]+$/i.test(id)) {
    throw new CliError(
      `"${id}" is not an id: ids are hex digits, as \`cocasim runs\` lists them`,
      EXIT_USAGE,
    );
  }
  const matches = await store.findIds(id);
  const exportable = matches.filter((m) => m.kind !== "experiment");
  if (exportable.length === 1) return exportable[0];
  if (exportable.length > 1) {
    const list = exportable.map((m) => `${m.kind} ${m.id}`).join(", ");
    throw new CliError(`the id prefix ${id} is ambiguous: ${list}; give more digits`, EXIT_USAGE);
  }
  if (matches.length > 0) {
    throw new CliError(`${matches[0].id} is an experiment; export writes runs and ensembles`, EXIT_USAGE);
  }
  throw new CliError(`no run or ensemble with id ${id} in ${location} (see \`cocasim runs\`)`, EXIT_USAGE);
}

/** The runs to export: the run itself, or an ensemble's stored members in seed order. */
async function runsToExport(
  deps: CliDeps,
  store: RunStore,
  match: IdMatch,
  quiet: boolean,
): Promise<StoredRun[]> {
  if (match.kind === "run") {
    const run = await store.getRun(match.id);
    if (!run) throw new CliError(`run ${match.id} disappeared from the store`, EXIT_FAILURE);
    return [run];
  }
  const ensemble = await store.getEnsemble(match.id);
  if (!ensemble) throw new CliError(`ensemble ${match.id} disappeared from the store`, EXIT_FAILURE);
  const { seeds } = ensemble.key;
  const runs: StoredRun[] = [];
  const missing: number[] = [];
  for (const [i, key] of ensembleMemberKeys(ensemble).entries()) {
    const run = await store.getRun(runId(key));
    if (run) runs.push(run);
    else missing.push(seeds[i]);
  }
  if (runs.length === 0) {
    throw new CliError(
      `ensemble ${ensemble.id} (${ensemble.scenarioName}, ${seeds.length} seeds, ${ensemble.status}) has no stored runs yet`,
      EXIT_FAILURE,
    );
  }
  if (missing.length > 0 && !quiet) {
    const shown = missing.length <= 10 ? missing.join(", ") : `${missing.slice(0, 10).join(", ")}, …`;
    deps.stderr.write(
      `ensemble ${ensemble.id}: ${missing.length} of ${seeds.length} seeds have no stored run yet ` +
        `(${shown}); exporting the other ${runs.length}\n`,
    );
  }
  return runs;
}

/** What `path` is; undefined also when it cannot be told (the write then says why). */
function kindOf(deps: CliDeps, path: string): string | undefined {
  try {
    return deps.fs.kind(path);
  } catch {
    return undefined;
  }
}

/** Writes `content` to `file` through a temporary file next to it, renamed into place. */
function writeFileAtomic(deps: CliDeps, file: string, content: string | Uint8Array): void {
  const target = resolve(file);
  deps.fs.mkdir(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(6).toString("hex")}`);
  try {
    if (typeof content === "string") deps.fs.writeText(tmp, content);
    else writeFileSync(tmp, content);
    deps.fs.rename(tmp, target);
  } finally {
    if (kindOf(deps, tmp) !== undefined) deps.fs.remove(tmp);
  }
}

export async function exportCommand(deps: CliDeps, id: string, options: ExportOptions): Promise<number> {
  const format: ExportFormat =
    options.format ?? (options.out !== undefined && /\.parquet$/i.test(options.out) ? "parquet" : "csv");
  if (format === "parquet" && options.out === undefined) {
    throw new CliError("--format parquet needs --out FILE (Parquet is binary)", EXIT_USAGE);
  }
  if (options.out !== undefined && kindOf(deps, options.out) === "directory") {
    throw new CliError(`--out ${options.out} is a directory; give a file name`, EXIT_USAGE);
  }
  const quiet = options.quiet === true;

  const { store, location } = await openCliStore(deps, options.store, { mustExist: true });
  if (!store)
    throw new CliError(`no run or ensemble with id ${id}: there is no store at ${location} yet`, EXIT_USAGE);
  let rows: ExportRow[];
  try {
    const match = await resolveId(store, id, location);
    rows = exportRows(await runsToExport(deps, store, match, quiet));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the store ${location}: ${errorMessage(error)}`, EXIT_FAILURE);
  } finally {
    await store.close();
  }

  const content = format === "csv" ? renderExportCsv(rows) : await renderExportParquet(rows);
  if (options.out === undefined) {
    deps.stdout.write(content as string);
    return EXIT_OK;
  }
  try {
    writeFileAtomic(deps, options.out, content);
  } catch (error) {
    throw new CliError(`cannot write ${options.out}: ${errorMessage(error)}`, EXIT_FAILURE);
  }
  if (!quiet) deps.stderr.write(`wrote ${rows.length} rows (${format}) to ${options.out}\n`);
  return EXIT_OK;
}

/** Adds `cocasim export` to the program. */
export function registerExportCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("export")
    .description("write a stored run's or ensemble's summary as a flat table (CSV or Parquet)")
    .argument("<id>", "id of a stored run or ensemble (see `cocasim runs`), or a unique prefix")
    .addOption(
      new Option(
        "--format <format>",
        "csv or parquet (default: csv, or parquet when --out ends in .parquet)",
      ).choices(EXPORT_FORMATS),
    )
    .option("--out <file>", "write to FILE instead of stdout")
    .option("--store <url>", STORE_OPTION_HELP)
    .option("-q, --quiet", "no messages on stderr (errors still go there)")
    .addHelpText("after", EXPORT_HELP)
    .action(async (id: string, options: Record<string, unknown>) => {
      setExitCode(
        await exportCommand(deps, id, {
          format: options.format as ExportFormat | undefined,
          out: options.out as string | undefined,
          store: options.store as string | undefined,
          quiet: options.quiet === true,
        }),
      );
    });
}
