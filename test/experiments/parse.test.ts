/** Experiment files: parsing, defaults, and validation errors with exact positions. */
import { describe, expect, it } from "vitest";
import { parseExperiment } from "../../src/experiments/parse.ts";
import { formatErrors } from "../../src/scenario/parse.ts";

const VALID = `name: small
uncertainties:
  - parameter: growers.logitScaleUsd
  - name: hazard
    parameter: network.hazardMultiplier
    range: [0.5, 2]
    distribution: normal
  - parameter: zones.VRAE.statePresence
    type: categorical
    values: [0.2, 0.5]
levers:
  - name: checkpoints
    policy: { kind: checkpoints, from: 2019-01, where: { zones: [VRAE] } }
    field: intensity
    range: [0.5, 3]
outcomes:
  - name: hectares
    figure: hectares.total
    direction: minimize
  - name: vraem
    figure: hectares.byZone.VRAE
    year: 2020
    direction: report
design:
  sampler: latin-hypercube
  samples: 8
`;

/** The errors of a file, formatted as the CLI prints them. */
function errors(text: string): string {
  const r = parseExperiment(text, "x.yaml");
  if (r.ok) throw new Error("expected errors");
  return formatErrors(r.errors);
}

/** VALID with one line replaced (1-based). */
function withLine(line: number, text: string): string {
  const lines = VALID.split("\n");
  lines[line - 1] = text;
  return lines.join("\n");
}

describe("parseExperiment", () => {
  it("fills in the defaults: scenario, prior ranges, types, years, seed, replications", () => {
    const r = parseExperiment(VALID, "x.yaml");
    if (!r.ok) throw new Error(formatErrors(r.errors));
    const d = r.definition;
    expect(d.scenario).toBe("peru");
    expect(d.replications).toBe(1);
    expect(d.design).toEqual({ sampler: "latin-hypercube", samples: 8, seed: 1 });
    expect(d.uncertainties[0]).toEqual({
      name: "growers.logitScaleUsd",
      parameter: "growers.logitScaleUsd",
      type: "real",
      range: [1500, 15000],
      distribution: { type: "uniform" },
    });
    // normal: the parameter's default value as the mean, a quarter of the range as the sd
    expect(d.uncertainties[1]).toMatchObject({
      name: "hazard",
      range: [0.5, 2],
      distribution: { type: "normal", mean: 1, sd: 0.375 },
    });
    // zone aliases become canonical names
    expect(d.uncertainties[2]).toEqual({
      name: "zones.VRAEM.statePresence",
      parameter: "zones.VRAEM.statePresence",
      type: "categorical",
      values: [0.2, 0.5],
    });
    expect(d.levers[0]).toEqual({
      name: "checkpoints",
      policy: { kind: "checkpoints", from: "2019-01", where: { zones: ["VRAE"] } },
      field: "intensity",
      type: "real",
      range: [0.5, 3],
      distribution: { type: "uniform" },
    });
    expect(d.outcomes).toEqual([
      { name: "hectares", figure: "hectares.total", year: "last", direction: "minimize" },
      { name: "vraem", figure: "hectares.byZone.VRAEM", year: 2020, direction: "report" },
    ]);
  });

  it("defaults integer parameters to integer factors over their whole-number range", () => {
    const r = parseExperiment(withLine(3, "  - parameter: growers.decisionIntervalMonths"), "x.yaml");
    if (!r.ok) throw new Error(formatErrors(r.errors));
    expect(r.definition.uncertainties[0]).toEqual({
      name: "growers.decisionIntervalMonths",
      parameter: "growers.decisionIntervalMonths",
      type: "integer",
      range: [1, 12],
    });
  });

  it("points at an unknown parameter, with a suggestion", () => {
    expect(errors(withLine(3, "  - parameter: growers.logitScale"))).toBe(
      'x.yaml:3:16: uncertainties[0].parameter: unknown parameter "growers.logitScale"; did you mean "growers.logitScaleUsd"?',
    );
  });

  it("points at an unknown zone and at an unknown zone field", () => {
    expect(errors(withLine(8, "  - parameter: zones.Vraem2.statePresence"))).toMatch(
      /^x\.yaml:8:16: uncertainties\[2\]\.parameter: unknown zone "Vraem2" in "zones\.Vraem2\.statePresence"; did you mean "VRAEM"\?$/,
    );
    expect(errors(withLine(8, "  - parameter: zones.VRAEM.presence"))).toBe(
      'x.yaml:8:16: uncertainties[2].parameter: expected a zone field (one of leafYieldKgPerHaYear, armedGroupPresence, statePresence, cocaTrendUsdPerHaYear) after the zone name, got "presence"',
    );
  });

  it("checks a range against the parameter's bounds, end by end", () => {
    const text = withLine(3, "  - { parameter: growers.logitScaleUsd, range: [10, 50000] }");
    expect(errors(text)).toBe(
      [
        "x.yaml:3:49: uncertainties[0].range[0]: expected a number between 50 and 40000, got 10",
        "x.yaml:3:53: uncertainties[0].range[1]: expected a number between 50 and 40000, got 50000",
      ].join("\n"),
    );
    expect(errors(withLine(6, "    range: [2, 0.5]"))).toBe(
      "x.yaml:6:16: uncertainties[1].range[1]: expected a number above the low end 2, got 0.5",
    );
    expect(errors(withLine(6, "    range: [1, 2, 3]"))).toBe(
      "x.yaml:6:12: uncertainties[1].range: expected a range [low, high] of two numbers, got 3 values",
    );
  });

  it("rejects real values for integer parameters and misplaced values, ranges and distributions", () => {
    expect(errors(withLine(3, "  - { parameter: growers.decisionIntervalMonths, type: real }"))).toBe(
      'x.yaml:3:56: uncertainties[0].type: expected integer or categorical: growers.decisionIntervalMonths takes whole numbers, got "real"',
    );
    expect(errors(withLine(10, "    range: [0.2, 0.5]"))).toBe(
      [
        'x.yaml:8:5: uncertainties[2].values: missing field "values": a categorical factor needs a list of values',
        "x.yaml:10:12: uncertainties[2].range: a categorical factor takes values, not a range: remove range or change type",
      ].join("\n"),
    );
    expect(errors(withLine(10, "    values: [0.2, 1.5]"))).toBe(
      "x.yaml:10:19: uncertainties[2].values[1]: expected a number between 0 and 1, got 1.5",
    );
  });

  it("points at an unknown distribution, with a suggestion", () => {
    expect(errors(withLine(7, "    distribution: gaussian"))).toBe(
      'x.yaml:7:19: uncertainties[1].distribution: expected a distribution: one of uniform, normal, triangular, lognormal, or a mapping with type and its parameters, got "gaussian"',
    );
    expect(errors(withLine(7, "    distribution: { type: triangular, mode: 3 }"))).toBe(
      "x.yaml:7:45: uncertainties[1].distribution.mode: expected a number between 0.5 and 2 (the range), got 3",
    );
  });

  it("checks the lever's policy with the scenario format's own messages", () => {
    expect(errors(withLine(13, "    policy: { kind: checkpoint, from: 2019-01 }"))).toBe(
      'x.yaml:13:21: levers[0].policy.kind: expected a policy kind (one of eradication, checkpoints, port-controls, river-patrols, air-interdiction, lab-raids, military-offensive, alternative-development), got "checkpoint"; did you mean "checkpoints"?',
    );
    expect(errors(withLine(13, "    policy: { kind: checkpoints, from: 2019-13 }"))).toBe(
      'x.yaml:13:40: levers[0].policy.from: expected a month "YYYY-MM" (month 01-12), got "2019-13"',
    );
    expect(errors(withLine(13, "    policy: { kind: checkpoints, from: 2019-06, to: 2019-01 }"))).toBe(
      'x.yaml:13:53: levers[0].policy.to: expected a month not before from ("2019-06"), got "2019-01"',
    );
  });

  it("checks that the lever's field belongs to its policy kind and is not set twice", () => {
    expect(errors(withLine(14, "    field: labsPerYear"))).toBe(
      'x.yaml:14:12: levers[0].field: expected a field of checkpoints policies (intensity), got "labsPerYear" (it belongs to lab-raids policies)',
    );
    expect(errors(withLine(13, "    policy: { kind: checkpoints, from: 2019-01, intensity: 2 }"))).toBe(
      "x.yaml:13:60: levers[0].policy.intensity: set by the lever (field: intensity): remove it from the policy",
    );
    expect(errors(withLine(15, "    range: [-1, 3]"))).toBe(
      "x.yaml:15:13: levers[0].range[0]: expected a number >= 0, got -1",
    );
  });

  it("points at unknown fields, with a suggestion", () => {
    expect(errors(withLine(2, "uncertainty:"))).toBe(
      ['x.yaml:2:1: uncertainty: unknown field "uncertainty"; did you mean "uncertainties"?'].join("\n"),
    );
    expect(errors(withLine(18, "    figures: hectares.total"))).toBe(
      [
        'x.yaml:17:5: outcomes[0].figure: missing field "figure": expected a figure path such as hectares.total',
        'x.yaml:18:5: outcomes[0].figures: unknown field "figures"; did you mean "figure"?',
      ].join("\n"),
    );
  });

  it("checks outcomes: figures, years within the period, directions, unique names", () => {
    expect(errors(withLine(18, "    figure: hectares.totl"))).toBe(
      'x.yaml:18:13: outcomes[0].figure: unknown figure "hectares.totl"; did you mean "hectares.total"?',
    );
    expect(errors(withLine(19, "    direction: lower"))).toBe(
      'x.yaml:19:16: outcomes[0].direction: expected a direction (one of minimize, maximize, report), got "lower"',
    );
    expect(errors(withLine(22, "    year: final"))).toBe(
      'x.yaml:22:11: outcomes[1].year: expected a year (e.g. 2024), "last", "sum" or "mean", got "final"',
    );
    const withPeriod = `period: { from: 2018-01, to: 2019-12 }\n${VALID}`;
    expect(errors(withPeriod)).toBe(
      "x.yaml:23:11: outcomes[1].year: expected a year within the period (2018 to 2019), got 2020",
    );
    expect(errors(withLine(20, "  - name: hectares"))).toBe(
      'x.yaml:20:11: outcomes[1].name: duplicate outcome name "hectares" (also outcomes[0])',
    );
  });

  it("checks what each sampler needs", () => {
    expect(errors(withLine(26, ""))).toBe(
      'x.yaml:25:3: design.samples: missing field "samples": latin-hypercube needs the number of rows',
    );
    expect(errors(`${VALID}  levels: 3\n`)).toBe(
      "x.yaml:27:11: design.levels: levels are for full-factorial and morris designs, not latin-hypercube",
    );
    expect(errors(withLine(25, "  sampler: full-factorial"))).toBe(
      "x.yaml:26:12: design.samples: full-factorial takes no samples: its rows are every combination of the levels (use levels)",
    );
    expect(errors(`${withLine(25, "  sampler: morris")}  levels: 3\n`)).toBe(
      "x.yaml:27:11: design.levels: expected an even number of levels >= 2 for morris, got 3",
    );
    expect(errors(withLine(25, "  sampler: sobel"))).toBe(
      'x.yaml:25:12: design.sampler: expected a sampler, got "sobel"; did you mean "sobol"?',
    );
    expect(errors(withLine(26, "  samples: 0"))).toBe(
      "x.yaml:26:12: design.samples: expected a whole number between 1 and 1000000, got 0",
    );
  });

  it("rejects duplicate names and parameters, and an experiment with nothing to vary", () => {
    expect(errors(withLine(4, "  - name: growers.logitScaleUsd"))).toBe(
      'x.yaml:4:11: uncertainties[1].name: duplicate name "growers.logitScaleUsd" (also uncertainties[0])',
    );
    expect(errors(withLine(5, "    parameter: growers.logitScaleUsd"))).toBe(
      [
        "x.yaml:5:16: uncertainties[1].parameter: duplicate parameter: growers.logitScaleUsd is already varied by uncertainties[0]",
        "x.yaml:6:13: uncertainties[1].range[0]: expected a number between 50 and 40000, got 0.5",
        "x.yaml:6:18: uncertainties[1].range[1]: expected a number between 50 and 40000, got 2",
      ].join("\n"),
    );
    expect(
      errors(
        "name: none\noutcomes:\n  - { name: a, figure: arrests, direction: report }\ndesign: { sampler: monte-carlo, samples: 4 }\n",
      ),
    ).toBe("x.yaml:1:1: expected at least one uncertainty or lever: an experiment needs something to vary");
  });

  it("reports YAML errors, duplicate keys and empty files with their positions", () => {
    expect(errors("name: a\nname: b\n")).toMatch(
      /^x\.yaml:2:1: name: duplicate key "name" \(first at line 1\)$/,
    );
    expect(errors("")).toBe("x.yaml:1:1: expected an experiment, got an empty file");
    expect(errors("name: [a\n")).toMatch(/^x\.yaml:\d+:\d+: invalid YAML: /);
    expect(errors("- a\n- b\n")).toBe(
      "x.yaml:1:1: expected a mapping of experiment fields (name, scenario, uncertainties, levers, outcomes, design), got a list",
    );
  });

  it("reads JSON too", () => {
    const r = parseExperiment(
      JSON.stringify({
        name: "j",
        levers: [
          {
            name: "e",
            policy: { kind: "eradication", from: "2020-01" },
            field: "hectaresPerYear",
            range: [0, 5e4],
          },
        ],
        outcomes: [{ name: "ha", figure: "hectares.total", year: "sum", direction: "minimize" }],
        design: { sampler: "full-factorial", levels: 2 },
      }),
      "x.json",
    );
    if (!r.ok) throw new Error(formatErrors(r.errors));
    expect(r.definition.levers[0]).toMatchObject({ field: "hectaresPerYear", range: [0, 50000] });
    expect(r.definition.design).toEqual({ sampler: "full-factorial", levels: 2, seed: 1 });
  });

  it("never throws, whatever the input", () => {
    for (const text of ["", "{", "[]", "null", "42", "name: 1\n", "\t", "a: *b\n", `${"[".repeat(100)}`]) {
      const r = parseExperiment(text, "x.yaml");
      expect(r.ok).toBe(false);
    }
  });
});
