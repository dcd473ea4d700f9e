/**
 * `cocasim report <id> [--out FILE.html] [--store URL]`: writes a self-contained
 * HTML report (src/report) of a stored run, ensemble or experiment: fan charts
 * of hectares against DEVIDA's record, tornado charts of sensitivity indices,
 * PRIM's trade-off curve and box, and comparison tables. The page has inline CSS
 * and SVG, no scripts and no links: it opens offline and prints.
 */
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { experimentReport, runsReport } from "../../report/report.ts";
import { ensembleMemberKeys, type RunStore, runId } from "../../store/store.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { readStoredExperiment, resolveStoredId } from "./analyze.ts";
import { openCliStore, STORE_HELP, STORE_OPTION_HELP } from "./runs.ts";

export interface ReportOptions {
  out?: string;
  store?: string;
  quiet?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The report of whatever `id` names in the store, and that thing's full id. */
export async function renderStoredReport(
  store: RunStore,
  id: string,
  location: string,
): Promise<{ id: string; kind: string; html: string }> {
  const match = await resolveStoredId(store, id, location, ["run", "ensemble", "experiment"]);
  if (match.kind === "experiment") {
    const { record, experiment } = await readStoredExperiment(store, match.id, location);
    return {
      id: match.id,
      kind: "experiment",
      html: experimentReport({ experiment, modelVersion: record.key.modelVersion, status: record.status }),
    };
  }
  if (match.kind === "run") {
    const run = await store.getRun(match.id);
    if (!run) throw new CliError(`run ${match.id} disappeared from the store`, EXIT_FAILURE);
    return {
      id: match.id,
      kind: "run",
      html: runsReport({
        kind: "run",
        id: match.id,
        modelVersion: run.key.modelVersion,
        scenario: run.scenario,
        summaries: [run.summary],
      }),
    };
  }
  const ensemble = await store.getEnsemble(match.id);
  if (!ensemble) throw new CliError(`ensemble ${match.id} disappeared from the store`, EXIT_FAILURE);
  const { modelVersion, seeds } = ensemble.key;
  const summaries = [];
  const missing: number[] = [];
  for (const [i, key] of ensembleMemberKeys(ensemble).entries()) {
    const run = await store.getRun(runId(key));
    if (run) summaries.push(run.summary);
    else missing.push(seeds[i]);
  }
  return {
    id: match.id,
    kind: "ensemble",
    html: runsReport({
      kind: "ensemble",
      id: match.id,
      modelVersion,
      scenario: ensemble.scenario,
      summaries,
      missingSeeds: missing,
    }),
  };
}

export async function reportCommand(deps: CliDeps, id: string, options: ReportOptions): Promise<number> {
  if (options.out !== undefined && deps.fs.kind(options.out) === "directory") {
    throw new CliError(
      `--out ${options.out} is a directory: give a file name such as report.html`,
      EXIT_USAGE,
    );
  }
  const { store, location } = await openCliStore(deps, options.store, { mustExist: true });
  if (!store) throw new CliError(`no store at ${location} (nothing has been stored yet)`, EXIT_USAGE);
  let report: { id: string; kind: string; html: string };
  try {
    report = await renderStoredReport(store, id, location);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot make the report: ${errorMessage(error)}`, EXIT_FAILURE);
  } finally {
    await store.close();
  }
  const out = options.out ?? `report-${report.id}.html`;
  // Written whole or not at all: a temporary file next to it, then renamed.
  const temp = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    deps.fs.writeText(temp, report.html);
    deps.fs.rename(temp, out);
  } catch (error) {
    try {
      deps.fs.remove(temp);
    } catch {
      // nothing to clean up
    }
    throw new CliError(`cannot write ${out}: ${errorMessage(error)}`, EXIT_FAILURE);
  }
  if (options.quiet !== true)
    deps.stderr.write(`wrote the report of ${report.kind} ${report.id} to ${out}\n`);
  return EXIT_OK;
}

const REPORT_HELP = `
ID is the id of a stored run, ensemble or experiment (see \`cocasim runs\`), or a
unique prefix. The report is one HTML file with everything inline (CSS and SVG
charts, no scripts, no links), so it opens offline, mails as one file and prints:
  run or ensemble  fan charts of coca hectares (national and per zone; bands of the
                   runs' 5–95% and 25–75%, the median run) against DEVIDA's record,
                   tables of the simulation against the record, and the main figures
  experiment       the factors and outcomes, tornado charts of sensitivity (Sobol'
                   or Morris indices for their designs, random-forest scores
                   otherwise), and PRIM's trade-off curve and box for every outcome
                   to minimise or maximise
The same stored data always give the same file. Without --out the file is
report-<id>.html in the current directory.
${STORE_HELP}

Examples:
  $ cocasim report 3f2a9c81d04b
  $ cocasim report 3f2a --out checkpoints.html`;

/** Registers `cocasim report`. */
export function registerReportCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("report")
    .description("write an offline HTML report of a stored run, ensemble or experiment")
    .argument("<id>", "id of a stored run, ensemble or experiment (or a unique prefix)")
    .option("--out <file>", "the HTML file to write (default: report-<id>.html)")
    .option("--store <url>", STORE_OPTION_HELP)
    .option("-q, --quiet", "no message on stderr (errors still go there)")
    .addHelpText("after", REPORT_HELP)
    .action(async (id: string, options: Record<string, unknown>) => {
      setExitCode(
        await reportCommand(deps, id, {
          out: options.out as string | undefined,
          store: options.store as string | undefined,
          quiet: options.quiet === true,
        }),
      );
    });
}
