/**
 * Reports: one self-contained HTML page for a stored run or ensemble (fan charts
 * of hectares, national and per zone, against DEVIDA's record, the comparison
 * with the record and the main figures) or for a stored experiment (its factors
 * and outcomes, tornado charts of sensitivity indices, and PRIM's trade-off
 * curve and box for each outcome to minimise or maximise). Pure and
 * deterministic: the same stored data give the same bytes.
 */
import { formatMonth } from "../core/time.ts";
import { observedNationalHectares, observedZoneHectares, officialSeries } from "../data/record.ts";
import { quantileSorted, sortedCopy } from "../ensemble/stats.ts";
import {
  factorNames,
  featureAnalysis,
  type LoadedExperiment,
  morrisAnalysis,
  outcomeStats,
  primAnalysis,
  sobolAnalysis,
} from "../experiments/analyze.ts";
import type { Domain } from "../experiments/types.ts";
import type { Summary, YearSummary } from "../model/results.ts";
import type { Policy, ResolvedScenario } from "../scenario/types.ts";
import { dec, fixed, num, pct, pValue } from "./format.ts";
import { charts, facts, n, page, paragraph, section, subsection, table } from "./html.ts";
import { type BoxLimit, boxChart, fanChart, tornadoChart, tradeoffChart } from "./svg.ts";

const RECORD_NOTE =
  "Observed hectares: DEVIDA's monitoring from 2018 (UNODC's before), as recorded in data/hectares_*.csv. DEVIDA counts coca in production; the model's hectares are standing coca, productive and young.";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ── Runs and ensembles ──────────────────────────────────────────────────────

export interface RunsReportInput {
  readonly kind: "run" | "ensemble";
  readonly id: string;
  readonly modelVersion: string;
  /** The scenario (for an ensemble, its members are this scenario with each seed). */
  readonly scenario: ResolvedScenario;
  /** The stored runs' summaries, in seed order. */
  readonly summaries: readonly Summary[];
  /** Seeds of an ensemble without a stored run. */
  readonly missingSeeds?: readonly number[];
}

interface Quantiles {
  readonly mean: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

function quantiles(values: readonly number[]): Quantiles {
  const sorted = sortedCopy(values);
  let total = 0;
  for (const v of values) total += v;
  return {
    mean: values.length > 0 ? total / values.length : Number.NaN,
    p5: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
  };
}

/** Years simulated by every run, in order. */
function commonYears(summaries: readonly Summary[]): number[] {
  if (summaries.length === 0) return [];
  return summaries[0].years
    .map((y) => y.year)
    .filter((year) => summaries.every((s) => s.years.some((y) => y.year === year)));
}

function perYear(
  summaries: readonly Summary[],
  years: readonly number[],
  pick: (y: YearSummary) => number,
): Quantiles[] {
  return years.map((year) => quantiles(summaries.map((s) => pick(s.years.find((y) => y.year === year)!))));
}

function fanFor(
  title: string,
  years: readonly number[],
  q: readonly Quantiles[],
  observed: { year: number; value: number }[],
  small: boolean,
): string {
  return fanChart({
    title,
    yLabel: "hectares",
    years,
    p5: q.map((v) => v.p5),
    p25: q.map((v) => v.p25),
    p50: q.map((v) => v.p50),
    p75: q.map((v) => v.p75),
    p95: q.map((v) => v.p95),
    observed,
    observedLabel: "DEVIDA record",
    small,
  });
}

function describeWhere(policy: Policy): string {
  const w = policy.where;
  if (!w) return "everywhere";
  return [
    w.zones ? `zones ${w.zones.join(", ")}` : "",
    w.departments ? `departments ${w.departments.join(", ")}` : "",
    w.modes ? `modes ${w.modes.join(", ")}` : "",
  ]
    .filter((s) => s !== "")
    .join("; ");
}

function policyTable(policies: readonly Policy[]): string {
  if (policies.length === 0) return paragraph("No policies beyond the status quo.", "note");
  return table(
    ["kind", "from", "to", "where", n("intensity"), "other"],
    policies.map((p) => {
      const extra = Object.entries(p)
        .filter(([k]) => !["kind", "from", "to", "where", "intensity"].includes(k))
        .map(([k, v]) => `${k} ${num(v as number)}`)
        .join(", ");
      return [
        p.kind,
        formatMonth(p.from),
        p.to === undefined ? "end" : formatMonth(p.to),
        describeWhere(p),
        n(num(p.intensity)),
        extra,
      ];
    }),
  );
}

/** The report of a stored run or ensemble. */
export function runsReport(input: RunsReportInput): string {
  const { scenario, summaries } = input;
  const years = commonYears(summaries);
  const runs = summaries.length;
  const what = input.kind === "run" ? "Run" : "Ensemble";
  const sections: string[] = [];

  const overview: [string, string][] = [
    ["scenario", scenario.name],
    ["period", `${formatMonth(scenario.from)} to ${formatMonth(scenario.to)}`],
    [
      input.kind === "run" ? "seed" : "runs",
      input.kind === "run"
        ? String(summaries[0]?.seed ?? scenario.seed)
        : `${runs} (seeds ${summaries.map((s) => s.seed).join(", ")})`,
    ],
    ["model version", input.modelVersion],
  ];
  if (input.missingSeeds && input.missingSeeds.length > 0) {
    overview.push([
      "not stored",
      `${input.missingSeeds.length} seeds without a stored run: ${input.missingSeeds.join(", ")}`,
    ]);
  }
  sections.push(
    section(
      "Overview",
      scenario.description ? paragraph(scenario.description) : "",
      facts(overview),
      subsection("Policies", policyTable(scenario.policies)),
      Object.keys(scenario.parameters).length > 0
        ? subsection(
            "Parameter overrides",
            table(
              ["parameter", n("value")],
              Object.entries(scenario.parameters).map(([k, v]) => [k, n(num(v))]),
            ),
          )
        : "",
    ),
  );
  if (runs === 0 || years.length === 0) {
    sections.push(section("Hectares", paragraph("No stored run to chart.", "note")));
    return page({ title: `${what} ${input.id}: ${scenario.name}`, sections, footer: RECORD_NOTE });
  }

  // National hectares.
  const national = perYear(summaries, years, (y) => y.hectares.total);
  const observedNational = years.flatMap((year) => {
    const value = observedNationalHectares(year);
    return value === undefined ? [] : [{ year, value }];
  });
  const bandNote =
    runs > 1
      ? `Bands: 5–95% and 25–75% of ${runs} runs; line: the median run.`
      : "One run: the line is the simulated hectares.";
  sections.push(
    section(
      "Coca hectares, national",
      fanFor("Coca hectares, Peru", years, national, observedNational, false),
      paragraph(`${bandNote} Dots: ${officialSeries(years[years.length - 1])} record.`, "note"),
      table(
        [
          "year",
          n("observed ha"),
          n("simulated mean"),
          n("median"),
          n("5–95%"),
          n("error of mean"),
          "observed inside 5–95%",
        ],
        years.map((year, i) => {
          const q = national[i];
          const obs = observedNationalHectares(year);
          return [
            String(year),
            n(obs === undefined ? "–" : fixed(obs)),
            n(fixed(q.mean)),
            n(fixed(q.p50)),
            n(`${fixed(q.p5)}–${fixed(q.p95)}`),
            n(obs === undefined ? "–" : pct((q.mean - obs) / obs)),
            obs === undefined ? "–" : obs >= q.p5 && obs <= q.p95 ? "yes" : "no",
          ];
        }),
      ),
    ),
  );

  // Zones.
  const zones = Object.keys(summaries[0].years[0]?.hectares.byZone ?? {});
  const zoneCharts: string[] = [];
  const zoneRows: string[][] = [];
  const lastYear = years[years.length - 1];
  for (const zone of zones) {
    const q = perYear(summaries, years, (y) => y.hectares.byZone[zone] ?? Number.NaN);
    const observed = years.flatMap((year) => {
      const value = observedZoneHectares(zone, year);
      return value === undefined ? [] : [{ year, value }];
    });
    zoneCharts.push(fanFor(zone, years, q, observed, true));
    const obsYear = [...observed].reverse()[0];
    const at = obsYear ? years.indexOf(obsYear.year) : years.length - 1;
    zoneRows.push([
      zone,
      obsYear ? String(obsYear.year) : String(lastYear),
      obsYear ? fixed(obsYear.value) : "–",
      fixed(q[at].p50),
      `${fixed(q[at].p5)}–${fixed(q[at].p95)}`,
      obsYear ? pct((q[at].mean - obsYear.value) / obsYear.value) : "–",
    ]);
  }
  sections.push(
    section(
      "Coca hectares by zone",
      charts(...zoneCharts),
      subsection(
        "Against the record, latest observed year",
        table(
          ["zone", "year", n("observed ha"), n("simulated median"), n("5–95%"), n("error of mean")],
          zoneRows.map(([zone, year, ...rest]) => [zone, year, ...rest.map((t) => n(t))]),
        ),
      ),
    ),
  );

  // Main figures.
  const figures: [string, (y: YearSummary) => number, (v: number) => string][] = [
    ["coca ha", (y) => y.hectares.total, (v) => fixed(v)],
    ["cocaine produced t", (y) => y.cocaineTonnes.produced, (v) => fixed(v, 1)],
    ["exported t", (y) => y.cocaineTonnes.exported, (v) => fixed(v, 1)],
    ["seized t", (y) => y.cocaineTonnes.seized, (v) => fixed(v, 1)],
    ["eradicated ha", (y) => y.eradicatedHectares, (v) => fixed(v)],
    ["arrests", (y) => y.arrests, (v) => fixed(v)],
    ["enforcement USD M", (y) => y.enforcementUsd / 1e6, (v) => fixed(v, 1)],
  ];
  const stats = figures.map(([, pick]) => perYear(summaries, years, pick));
  sections.push(
    section(
      runs > 1 ? "Main figures (mean of the runs)" : "Main figures",
      table(
        ["year", ...figures.map(([label]) => n(label))],
        years.map((year, i) => [String(year), ...figures.map(([, , f], k) => n(f(stats[k][i].mean)))]),
      ),
    ),
  );

  return page({
    title: `${what} ${input.id}: ${scenario.name}`,
    subtitle: `${formatMonth(scenario.from)} to ${formatMonth(scenario.to)}, ${runs === 1 ? "1 run" : `${runs} runs`}, cocasim ${input.modelVersion}`,
    sections,
    footer: `Report of the cocasim results store. ${RECORD_NOTE}`,
  });
}

// ── Experiments ─────────────────────────────────────────────────────────────

export interface ExperimentReportInput {
  readonly experiment: LoadedExperiment;
  readonly modelVersion: string;
  readonly status: string;
}

function domainText(d: Domain): string {
  if (d.type === "categorical") return `{${d.values.map((v) => num(v)).join(", ")}}`;
  const range = `${num(d.range[0])} – ${num(d.range[1])}`;
  if (d.type === "integer") return `${range} (integers)`;
  const dist = d.distribution;
  switch (dist.type) {
    case "uniform":
      return range;
    case "normal":
      return `${range}, normal (mean ${num(dist.mean)}, sd ${num(dist.sd)})`;
    case "triangular":
      return `${range}, triangular (mode ${num(dist.mode)})`;
    case "lognormal":
      return `${range}, lognormal (mu ${num(dist.mu)}, sigma ${num(dist.sigma)})`;
  }
}

function sensitivitySection(experiment: LoadedExperiment): string {
  const definition = experiment.stored.experiment;
  const sampler = definition.design.sampler;
  const done = experiment.outcomes.filter((o) => o !== null).length;
  const complete = done === experiment.design.length;
  const parts: string[] = [];
  for (const outcome of definition.outcomes) {
    try {
      if (sampler === "sobol" && complete) {
        const [r] = sobolAnalysis(experiment, { outcome: outcome.name });
        parts.push(
          subsection(
            `${outcome.name}: Sobol' indices`,
            tornadoChart({
              title: `Total-order (bars) and first-order (inner bars) indices of ${outcome.name}`,
              xLabel: "share of the outcome's variance",
              bars: r.names.map((name, j) => ({
                label: name,
                value: r.ST[j],
                conf: r.STConf[j],
                inner: r.S1[j],
              })),
              valueLabel: "ST",
              innerLabel: "S1",
              max: 1,
            }),
            table(
              ["factor", n("S1"), n("±95%"), n("ST"), n("±95%")],
              r.names.map((name, j) => [
                name,
                n(dec(r.S1[j])),
                n(dec(r.S1Conf[j])),
                n(dec(r.ST[j])),
                n(dec(r.STConf[j])),
              ]),
            ),
            r.S2
              ? table(
                  ["pair", n("S2"), n("±95%")],
                  r.S2.map((p) => [`${p.a} × ${p.b}`, n(dec(p.S2)), n(dec(p.S2Conf))]),
                )
              : "",
          ),
        );
      } else if (sampler === "morris" && complete) {
        const [r] = morrisAnalysis(experiment, { outcome: outcome.name });
        parts.push(
          subsection(
            `${outcome.name}: Morris screening`,
            tornadoChart({
              title: `Mean absolute elementary effect (mu*) on ${outcome.name}`,
              xLabel: "change of the outcome over each factor's full range",
              bars: r.names.map((name, j) => ({ label: name, value: r.muStar[j], conf: r.muStarConf[j] })),
            }),
            table(
              ["factor", n("mu*"), n("±95%"), n("mu"), n("sigma")],
              r.names.map((name, j) => [
                name,
                n(num(r.muStar[j])),
                n(num(r.muStarConf[j])),
                n(num(r.mu[j])),
                n(num(r.sigma[j])),
              ]),
            ),
          ),
        );
      } else {
        const [r] = featureAnalysis(experiment, { outcome: outcome.name });
        parts.push(
          subsection(
            `${outcome.name}: feature scores`,
            tornadoChart({
              title: `Random-forest importance of each factor for ${outcome.name}`,
              xLabel: "share of the forest's impurity decrease",
              bars: r.names.map((name, j) => ({ label: name, value: r.scores[j] })),
            }),
            paragraph(
              `Out-of-bag R² of the forest: ${dec(r.oobScore, 2)} (${r.n} design rows). Scores sum to 1; a low R² means the factors explain little of the outcome.`,
              "note",
            ),
          ),
        );
      }
    } catch (error) {
      parts.push(subsection(outcome.name, paragraph(`Not available: ${errorMessage(error)}`, "note")));
    }
  }
  const how =
    sampler === "sobol" && complete
      ? "Variance-based (Sobol') indices, with 95% bootstrap intervals."
      : sampler === "morris" && complete
        ? "Morris elementary effects, with 95% bootstrap intervals of mu*."
        : "Random-forest feature scores (any design; Sobol' and Morris need their own complete designs).";
  return section("Sensitivity", paragraph(how, "note"), ...parts);
}

function discoverySection(experiment: LoadedExperiment): string {
  const definition = experiment.stored.experiment;
  const directed = definition.outcomes.filter((o) => o.direction !== "report");
  if (directed.length === 0) {
    return section(
      "Scenario discovery",
      paragraph("No outcome to minimise or maximise: nothing to discover.", "note"),
    );
  }
  const parts: string[] = [];
  for (const outcome of directed) {
    try {
      const r = primAnalysis(experiment, { outcome: outcome.name });
      const limits: BoxLimit[] = r.chosen.restrictions.map((l) =>
        l.kind === "range"
          ? { kind: "range", name: l.name, lower: l.lower, upper: l.upper, min: l.min, max: l.max }
          : { kind: "set", name: l.name, values: l.values, all: l.all },
      );
      const sign = r.side === "below" ? "≤" : "≥";
      parts.push(
        subsection(
          `${outcome.name} ${sign} ${num(r.threshold)}`,
          paragraph(
            `Cases of interest: the ${r.casesOfInterest} of ${r.n} design rows with ${outcome.name} ${sign} ${num(r.threshold)} (the median). ` +
              `Box ${r.chosen.index}: coverage ${pct(r.chosen.coverage)}, density ${pct(r.chosen.density)}, mass ${pct(r.chosen.mass)}.`,
            "note",
          ),
          charts(
            tradeoffChart(`PRIM trade-off, ${outcome.name}`, r.trajectory, r.chosen.index),
            boxChart(`Box ${r.chosen.index}: where ${outcome.name} ${sign} ${num(r.threshold)}`, limits),
          ),
          table(
            ["factor", "box", "design range", n("qp lower"), n("qp upper")],
            r.chosen.restrictions.map((l) =>
              l.kind === "range"
                ? [
                    l.name,
                    `${num(l.lower)} – ${num(l.upper)}`,
                    `${num(l.min)} – ${num(l.max)}`,
                    n(pValue(l.qpLower)),
                    n(pValue(l.qpUpper)),
                  ]
                : [
                    l.name,
                    `{${l.values.map((v) => num(v)).join(", ")}}`,
                    `{${l.all.map((v) => num(v)).join(", ")}}`,
                    n(pValue(l.qp)),
                    n(""),
                  ],
            ),
          ),
        ),
      );
    } catch (error) {
      parts.push(subsection(outcome.name, paragraph(`Not available: ${errorMessage(error)}`, "note")));
    }
  }
  return section(
    "Scenario discovery (PRIM)",
    paragraph(
      "PRIM looks for a box of factor values where the outcome is good (at or beyond its median, in the outcome's direction). " +
        "Coverage: the share of good rows inside the box; density: the share of rows in the box that are good. " +
        "Quasi-p-values test whether each limit really raises density.",
      "note",
    ),
    ...parts,
  );
}

/** The report of a stored experiment. */
export function experimentReport(input: ExperimentReportInput): string {
  const { experiment } = input;
  const { stored } = experiment;
  const definition = stored.experiment;
  const done = experiment.outcomes.filter((o) => o !== null).length;
  const rows = experiment.design.length;
  const sections: string[] = [];
  sections.push(
    section(
      "Overview",
      definition.description ? paragraph(definition.description.trim()) : "",
      facts([
        ["base scenario", stored.scenario.name],
        ["period", `${formatMonth(stored.scenario.from)} to ${formatMonth(stored.scenario.to)}`],
        [
          "design",
          `${definition.design.sampler}${definition.design.samples !== undefined ? `, ${definition.design.samples} samples` : ""}${definition.design.levels !== undefined ? `, ${definition.design.levels} levels` : ""}${definition.design.secondOrder ? ", second order" : ""}, seed ${definition.design.seed}`,
        ],
        [
          "design rows",
          `${rows} (${done} with outcomes${done < rows ? `; ${rows - done} not run yet` : ""})`,
        ],
        [
          "replications",
          `${stored.seeds.length} per row (seeds ${stored.seeds.join(", ")}); outcomes are their mean`,
        ],
        ["status", input.status],
        ["model version", input.modelVersion],
      ]),
    ),
  );
  const names = factorNames(definition);
  sections.push(
    section(
      "Factors",
      table(
        ["name", "kind", "what", "values"],
        [
          ...definition.uncertainties.map((u) => [u.name, "uncertainty", u.parameter, domainText(u)]),
          ...definition.levers.map((l) => [
            l.name,
            "lever",
            `${l.policy.kind} ${l.field}, from ${l.policy.from}${l.policy.to ? ` to ${l.policy.to}` : ""}`,
            domainText(l),
          ]),
        ],
      ),
    ),
  );
  const stats = outcomeStats(experiment);
  sections.push(
    section(
      "Outcomes over the design",
      table(
        [
          "outcome",
          "figure",
          "year",
          "direction",
          n("rows"),
          n("mean"),
          n("p5"),
          n("median"),
          n("p95"),
          n("best row"),
        ],
        stats.map((s) => [
          s.name,
          s.figure,
          String(s.year),
          s.direction,
          n(String(s.n)),
          n(num(s.mean)),
          n(num(s.p5)),
          n(num(s.p50)),
          n(num(s.p95)),
          n(s.best ? `${s.best.row}: ${num(s.best.value)}` : "–"),
        ]),
      ),
      ...stats
        .filter((s) => s.best)
        .map((s) =>
          paragraph(
            `${s.direction === "minimize" ? "Lowest" : "Highest"} ${s.name}: row ${s.best!.row}, with ${names.map((name) => `${name} ${num(s.best!.factors[name])}`).join(", ")}.`,
            "note",
          ),
        ),
    ),
  );
  if (done === 0) {
    sections.push(section("Analyses", paragraph("No design row has run yet.", "note")));
  } else {
    sections.push(sensitivitySection(experiment), discoverySection(experiment));
  }
  return page({
    title: `Experiment ${experiment.id}: ${definition.name}`,
    subtitle: `${rows} design rows × ${stored.seeds.length} replication${stored.seeds.length === 1 ? "" : "s"} of ${stored.scenario.name}, ${formatMonth(stored.scenario.from)} to ${formatMonth(stored.scenario.to)}, cocasim ${input.modelVersion}`,
    sections,
    footer:
      "Report of the cocasim results store. Analyses: src/analysis (Sobol', Morris, PRIM, random forest), seeded from the design's seed.",
  });
}
