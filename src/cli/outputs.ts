/**
 * The files `cocasim run --out DIR` writes, rendered as strings, and the atomic writer.
 * Everything here is a pure function of the scenario and the result: the same scenario
 * and seed give byte-identical files (no timestamps, no host names, no locale).
 */
import { basename, dirname, join, resolve } from "node:path";
import { formatMonth } from "../core/time.ts";
import type { SimulationResult, Summary } from "../model/results.ts";
import type { ResolvedScenario } from "../scenario/types.ts";
import { csvField, formatCsvNumber } from "./format.ts";
import { CliError, EXIT_USAGE, type FileSystem } from "./types.ts";

export interface OutputFile {
  readonly name: string;
  readonly content: string;
}

/** `summary.json`, and what `cocasim run --json` prints. */
export function renderSummaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + "\n";
}

/** `monthly.csv`, long format `month,variable,key,value`, month by month; key is empty for national series. */
export function renderMonthlyCsv(result: SimulationResult): string {
  const { months, variables } = result.monthly;
  const series: { prefix: string; values: Float64Array }[] = [];
  for (const [variable, byKey] of variables) {
    for (const [key, values] of byKey) {
      if (values.length !== months.length) {
        throw new Error(
          `monthly series ${variable}/${key} has ${values.length} values for ${months.length} months`,
        );
      }
      series.push({ prefix: `${csvField(variable)},${csvField(key)},`, values });
    }
  }
  const lines = ["month,variable,key,value"];
  for (let m = 0; m < months.length; m++) {
    const month = csvField(months[m]);
    for (const s of series) lines.push(`${month},${s.prefix}${formatCsvNumber(s.values[m])}`);
  }
  return lines.join("\n") + "\n";
}

/** `flows.csv`: one row per month and edge that carried or lost product. */
export function renderFlowsCsv(result: SimulationResult): string {
  const { edges, months, flowKg, seizedKg } = result.flows;
  const size = months.length * edges.length;
  if (flowKg.length !== size || seizedKg.length !== size) {
    throw new Error(
      `edge flows hold ${flowKg.length} values for ${months.length} months × ${edges.length} edges`,
    );
  }
  const edgeFields = edges.map(
    (e) => `${csvField(e.id)},${csvField(e.from)},${csvField(e.to)},${csvField(e.mode)}`,
  );
  const lines = ["month,edge,from,to,mode,flow_kg,seized_kg"];
  for (let m = 0; m < months.length; m++) {
    const month = csvField(months[m]);
    for (let e = 0; e < edges.length; e++) {
      const flow = flowKg[m * edges.length + e];
      const seized = seizedKg[m * edges.length + e];
      if (flow === 0 && seized === 0) continue;
      lines.push(`${month},${edgeFields[e]},${formatCsvNumber(flow)},${formatCsvNumber(seized)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** A policy or event with its months written as YYYY-MM. */
function withMonths<T extends { readonly from: number; readonly to?: number }>(entry: T): unknown {
  return {
    ...entry,
    from: formatMonth(entry.from),
    ...(entry.to === undefined ? {} : { to: formatMonth(entry.to) }),
  };
}

/** The resolved scenario as JSON, months written as YYYY-MM. */
export function scenarioToJson(scenario: ResolvedScenario): unknown {
  return {
    ...scenario,
    from: formatMonth(scenario.from),
    to: formatMonth(scenario.to),
    policies: scenario.policies.map(withMonths),
    events: scenario.events.map(withMonths),
  };
}

/** `run.json`: what was run, enough to run it again. */
export function renderRunJson(scenario: ResolvedScenario, version: string, scenarioHash: string): string {
  const run = {
    cocasim: version,
    seed: scenario.seed,
    scenarioHash,
    scenario: scenarioToJson(scenario),
  };
  return JSON.stringify(run, null, 2) + "\n";
}

export function renderOutputFiles(
  scenario: ResolvedScenario,
  result: SimulationResult,
  version: string,
  scenarioHash: string,
): OutputFile[] {
  return [
    { name: "summary.json", content: renderSummaryJson(result.summary) },
    { name: "monthly.csv", content: renderMonthlyCsv(result) },
    { name: "flows.csv", content: renderFlowsCsv(result) },
    { name: "run.json", content: renderRunJson(scenario, version, scenarioHash) },
  ];
}

/** Fails with exit code 2 when `dir` exists but is not a directory (checked before a run starts). */
export function checkOutputDir(fs: FileSystem, dir: string): void {
  const kind = fs.kind(dir);
  if (kind !== undefined && kind !== "directory") {
    throw new CliError(`--out ${dir} exists and is not a directory`, EXIT_USAGE);
  }
}

/**
 * Writes `files` into `dir` so that no half-written file is ever visible: everything is
 * written into a fresh temporary directory next to `dir` (same file system), then
 * moved into place by rename: when `dir` does not exist, the whole temporary directory
 * is renamed to `dir` at once; otherwise each file is renamed over its old version.
 * On failure the temporary directory is removed and `dir` is left as it was (apart from
 * files already renamed, if a rename fails half-way through the last step).
 */
export function writeFilesAtomic(fs: FileSystem, dir: string, files: readonly OutputFile[]): void {
  const target = resolve(dir);
  const parent = dirname(target);
  fs.mkdir(parent);
  const tmp = fs.mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const file of files) fs.writeText(join(tmp, file.name), file.content);
    checkOutputDir(fs, dir);
    if (fs.kind(target) === undefined) {
      fs.rename(tmp, target);
    } else {
      for (const file of files) fs.rename(join(tmp, file.name), join(target, file.name));
    }
  } finally {
    if (fs.kind(tmp) !== undefined) fs.remove(tmp);
  }
}
