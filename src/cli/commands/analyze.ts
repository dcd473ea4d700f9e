/**
 * `cocasim analyze <experiment-id> --method sobol|morris|prim|features`: analyses a
 * stored experiment (src/experiments/analyze.ts) and prints readable tables, or
 * JSON with --json: Sobol' S1/ST (and S2 when the design has it) with bootstrap
 * intervals, Morris mu* and sigma, PRIM on an outcome made binary by a threshold
 * (the trade-off curve and the chosen box with quasi-p-values), or random-forest
 * feature scores.
 */

import { type Command, InvalidArgumentError, Option } from "commander";
import {
  AnalysisInputError,
  type FeatureResult,
  featureAnalysis,
  type LoadedExperiment,
  loadExperiment,
  type MorrisResult,
  morrisAnalysis,
  type PrimResultOut,
  primAnalysis,
  type SobolResult,
  sobolAnalysis,
} from "../../experiments/analyze.ts";
import { dec, num, pct, pValue } from "../../report/format.ts";
import type { IdMatch, RunStore, StoredExperiment } from "../../store/store.ts";
import { type Column, renderTable } from "../format.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { openCliStore, STORE_HELP, STORE_OPTION_HELP } from "./runs.ts";

export const ANALYZE_METHODS = ["sobol", "morris", "prim", "features"] as const;
export type AnalyzeMethod = (typeof ANALYZE_METHODS)[number];

export interface AnalyzeOptions {
  method: AnalyzeMethod;
  outcome?: string;
  threshold?: number;
  side?: "below" | "above";
  box?: number;
  store?: string;
  json?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function parseThreshold(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value))
    throw new InvalidArgumentError("the threshold must be a number.");
  return value;
}

export function parseBox(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError("the box must be a non-negative integer.");
  return Number(text.trim());
}

/**
 * The one stored item of the given kinds that `id` (an id or a unique prefix)
 * names; anything else is bad input (exit 2).
 */
export async function resolveStoredId(
  store: RunStore,
  id: string,
  location: string,
  kinds: readonly IdMatch["kind"][],
): Promise<IdMatch> {
  if (!/^[0-9a-f]+$/i.test(id)) {
    throw new CliError(
      `"${id}" is not an id: ids are hex digits, as \`cocasim runs\` lists them`,
      EXIT_USAGE,
    );
  }
  const matches = await store.findIds(id);
  const wanted = matches.filter((m) => kinds.includes(m.kind));
  if (wanted.length === 1) return wanted[0];
  const what =
    kinds.length === 1 ? `${kinds[0]}` : `${kinds.slice(0, -1).join(", ")} or ${kinds[kinds.length - 1]}`;
  if (wanted.length > 1) {
    const list = wanted.map((m) => `${m.kind} ${m.id}`).join(", ");
    throw new CliError(`the id prefix ${id} is ambiguous: ${list}; give more digits`, EXIT_USAGE);
  }
  if (matches.length > 0)
    throw new CliError(
      `${matches[0].id} is a ${matches[0].kind}, not ${/^[aeiou]/.test(what) ? "an" : "a"} ${what}`,
      EXIT_USAGE,
    );
  throw new CliError(`no ${what} with id ${id} in ${location} (see \`cocasim runs\`)`, EXIT_USAGE);
}

/** Reads a stored experiment for analysis. */
export async function readStoredExperiment(
  store: RunStore,
  id: string,
  location: string,
): Promise<{ record: StoredExperiment; experiment: LoadedExperiment }> {
  const match = await resolveStoredId(store, id, location, ["experiment"]);
  const record = await store.getExperiment(match.id);
  if (!record) throw new CliError(`experiment ${match.id} disappeared from the store`, EXIT_FAILURE);
  try {
    return { record, experiment: loadExperiment(record) };
  } catch (error) {
    throw new CliError(errorMessage(error), error instanceof AnalysisInputError ? EXIT_USAGE : EXIT_FAILURE);
  }
}

const left = (header: string): Column => ({ header: [header], align: "left" });
const right = (header: string): Column => ({ header: [header], align: "right" });

/** Row indices sorted by `value` descending (NaN last, ties in column order). */
function byDescending(values: readonly number[]): number[] {
  const key = (v: number) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY);
  return values.map((_, j) => j).sort((a, b) => key(values[b]) - key(values[a]) || a - b);
}

export function renderSobol(results: readonly SobolResult[], experiment: LoadedExperiment): string {
  return results
    .map((r) => {
      const outcome = experiment.stored.experiment.outcomes.find((o) => o.name === r.outcome)!;
      const order = byDescending(r.ST);
      let text =
        `Sobol' indices of ${r.outcome} (${outcome.figure}, ${outcome.year}), N = ${r.n} base samples, ` +
        "95% intervals from 100 bootstrap resamples\n\n" +
        renderTable(
          [left("factor"), right("S1"), right("±"), right("ST"), right("±")],
          order.map((j) => [r.names[j], dec(r.S1[j]), dec(r.S1Conf[j]), dec(r.ST[j]), dec(r.STConf[j])]),
        );
      if (r.S2) {
        text +=
          "\nSecond-order indices\n\n" +
          renderTable(
            [left("pair"), right("S2"), right("±")],
            r.S2.map((p) => [`${p.a} × ${p.b}`, dec(p.S2), dec(p.S2Conf)]),
          );
      }
      return text;
    })
    .join("\n");
}

export function renderMorris(results: readonly MorrisResult[], experiment: LoadedExperiment): string {
  return results
    .map((r) => {
      const outcome = experiment.stored.experiment.outcomes.find((o) => o.name === r.outcome)!;
      const order = byDescending(r.muStar);
      return (
        `Morris screening of ${r.outcome} (${outcome.figure}, ${outcome.year}), ${r.trajectories} trajectories; ` +
        "effects per full range of each factor, 95% bootstrap interval of mu*\n\n" +
        renderTable(
          [left("factor"), right("mu*"), right("±"), right("mu"), right("sigma")],
          order.map((j) => [
            r.names[j],
            num(r.muStar[j]),
            num(r.muStarConf[j]),
            num(r.mu[j]),
            num(r.sigma[j]),
          ]),
        )
      );
    })
    .join("\n");
}

export function renderFeatures(results: readonly FeatureResult[], experiment: LoadedExperiment): string {
  return results
    .map((r) => {
      const outcome = experiment.stored.experiment.outcomes.find((o) => o.name === r.outcome)!;
      const order = byDescending(r.scores);
      return (
        `Feature scores for ${r.outcome} (${outcome.figure}, ${outcome.year}): random forest of 100 trees on ${r.n} rows, ` +
        `out-of-bag R² ${dec(r.oobScore, 2)}\n\n` +
        renderTable(
          [left("factor"), right("score")],
          order.map((j) => [r.names[j], dec(r.scores[j])]),
        )
      );
    })
    .join("\n");
}

export function renderPrim(r: PrimResultOut): string {
  const sign = r.side === "below" ? "<=" : ">=";
  const lines = [
    `PRIM on ${r.outcome} ${sign} ${num(r.threshold)}: ${r.casesOfInterest} of ${r.n} rows are cases of interest`,
    "",
    "Trade-off curve (peeling, then pasting):",
    "",
  ];
  const curve = renderTable(
    [right("box"), left("phase"), right("coverage"), right("density"), right("mass"), right("restricted")],
    r.trajectory.map((s) => [
      `${s.index === r.chosen.index ? "*" : ""}${s.index}`,
      s.phase,
      pct(s.coverage),
      pct(s.density),
      pct(s.mass),
      String(s.restrictedDimensions),
    ]),
  );
  const chosen = [
    "",
    `Box ${r.chosen.index}: coverage ${pct(r.chosen.coverage)}, density ${pct(r.chosen.density)}, mass ${pct(r.chosen.mass)}`,
    "",
  ];
  const box =
    r.chosen.restrictions.length === 0
      ? "no restriction: the box is the whole design\n"
      : renderTable(
          [left("factor"), left("box"), left("design range"), right("qp lower"), right("qp upper")],
          r.chosen.restrictions.map((l) =>
            l.kind === "range"
              ? [
                  l.name,
                  `${num(l.lower)} – ${num(l.upper)}`,
                  `${num(l.min)} – ${num(l.max)}`,
                  pValue(l.qpLower),
                  pValue(l.qpUpper),
                ]
              : [
                  l.name,
                  `{${l.values.map((v) => num(v)).join(", ")}}`,
                  `{${l.all.map((v) => num(v)).join(", ")}}`,
                  pValue(l.qp),
                  "",
                ],
          ),
        );
  return `${lines.join("\n")}\n${curve}${chosen.join("\n")}\n${box}`;
}

/** Plain JSON (NaN as null). */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export async function analyzeCommand(deps: CliDeps, id: string, options: AnalyzeOptions): Promise<number> {
  if (options.method !== "prim") {
    for (const [given, flag] of [
      [options.threshold, "--threshold"],
      [options.side, options.side === "below" ? "--below" : "--above"],
      [options.box, "--box"],
    ] as const) {
      if (given !== undefined) throw new CliError(`${flag} is for --method prim`, EXIT_USAGE);
    }
  }
  const { store, location } = await openCliStore(deps, options.store, { mustExist: true });
  if (!store) throw new CliError(`no store at ${location} (run \`cocasim experiment\` first)`, EXIT_USAGE);
  let experiment: LoadedExperiment;
  try {
    ({ experiment } = await readStoredExperiment(store, id, location));
  } finally {
    await store.close();
  }
  const done = experiment.outcomes.filter((o) => o !== null).length;
  if (done < experiment.design.length && (options.method === "prim" || options.method === "features")) {
    deps.stderr.write(
      `note: ${done} of ${experiment.design.length} design rows have outcomes; analysing those (run the experiment again to finish it)\n`,
    );
  }
  let output: string;
  try {
    switch (options.method) {
      case "sobol": {
        const results = sobolAnalysis(experiment, { outcome: options.outcome });
        output = options.json
          ? json({ id: experiment.id, method: "sobol", results })
          : renderSobol(results, experiment);
        break;
      }
      case "morris": {
        const results = morrisAnalysis(experiment, { outcome: options.outcome });
        output = options.json
          ? json({ id: experiment.id, method: "morris", results })
          : renderMorris(results, experiment);
        break;
      }
      case "features": {
        const results = featureAnalysis(experiment, { outcome: options.outcome });
        output = options.json
          ? json({ id: experiment.id, method: "features", results })
          : renderFeatures(results, experiment);
        break;
      }
      case "prim": {
        const result = primAnalysis(experiment, {
          ...(options.outcome !== undefined ? { outcome: options.outcome } : {}),
          ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
          ...(options.side !== undefined ? { side: options.side } : {}),
          ...(options.box !== undefined ? { box: options.box } : {}),
        });
        output = options.json ? json({ id: experiment.id, method: "prim", result }) : renderPrim(result);
        break;
      }
    }
  } catch (error) {
    if (error instanceof AnalysisInputError) throw new CliError(error.message, EXIT_USAGE);
    throw new CliError(`the analysis failed: ${errorMessage(error)}`, EXIT_FAILURE);
  }
  deps.stdout.write(output);
  return EXIT_OK;
}

const ANALYZE_HELP = `
ID is the id of a stored experiment (see \`cocasim runs\`), or a unique prefix.

Methods:
  sobol     first-order (S1) and total (ST) Sobol' indices with 95% bootstrap intervals,
            and second-order (S2) when the design has secondOrder: true. Needs a
            complete design made with sampler: sobol.
  morris    Morris screening: mu* (mean absolute elementary effect, with a 95%
            bootstrap interval), mu and sigma. Needs a complete morris design.
  prim      scenario discovery: PRIM boxes of factor values where the outcome is
            at or below (--below) or at or above (--above) --threshold (default: the
            median; default side: above for outcomes to maximise, else below). Prints
            the peeling/pasting trade-off curve and the chosen box (--box N, default:
            the most coverage with density >= 80%) with its quasi-p-values.
  features  random-forest feature scores (mean decrease in impurity) with the
            forest's out-of-bag R². Works on any design.

Every outcome is analysed unless --outcome names one (prim: the first by default).
Bootstraps and forests are seeded from the design's seed: the output is the same
every time.
${STORE_HELP}

Examples:
  $ cocasim analyze 3f2a9c81d04b --method features
  $ cocasim analyze 3f2a --method prim --outcome exports --threshold 2000 --below
  $ cocasim analyze 3f2a --method sobol --json > sobol.json`;

/** Registers `cocasim analyze`. */
export function registerAnalyzeCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("analyze")
    .description("analyse a stored experiment: Sobol', Morris, PRIM or feature scores")
    .argument("<experiment-id>", "id of a stored experiment (or a unique prefix)")
    .addOption(new Option("--method <method>", "the analysis").choices(ANALYZE_METHODS).makeOptionMandatory())
    .option("--outcome <name>", "analyse this outcome only")
    .option("--threshold <x>", "prim: the outcome's threshold (default: its median)", parseThreshold)
    .addOption(
      new Option("--below", "prim: cases of interest are outcomes <= the threshold").conflicts("above"),
    )
    .addOption(
      new Option("--above", "prim: cases of interest are outcomes >= the threshold").conflicts("below"),
    )
    .option("--box <n>", "prim: the box of the trade-off curve to report", parseBox)
    .option("--store <url>", STORE_OPTION_HELP)
    .option("--json", "print the results as JSON")
    .addHelpText("after", ANALYZE_HELP)
    .action(async (id: string, options: Record<string, unknown>) => {
      setExitCode(
        await analyzeCommand(deps, id, {
          method: options.method as AnalyzeMethod,
          outcome: options.outcome as string | undefined,
          threshold: options.threshold as number | undefined,
          side: options.below === true ? "below" : options.above === true ? "above" : undefined,
          box: options.box as number | undefined,
          store: options.store as string | undefined,
          json: options.json === true,
        }),
      );
    });
}
