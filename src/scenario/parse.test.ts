import { describe, expect, it } from "vitest";
import { formatErrors, formatPath, MAX_SCENARIO_CHARS, parseScenario, validateScenario } from "./parse.ts";
import { POLICY_KINDS } from "./types.ts";

/** Lines joined with "\n", so that test texts show their line numbers plainly. */
const yaml = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** Header of a valid scenario: lines 1-3. */
const HEAD = ["name: t", 'period: { from: "2018-01", to: "2030-12" }', "seed: 1"];

function errorsOf(text: string, file = "t.yaml"): string[] {
  const result = parseScenario(text, file);
  if (result.ok) throw new Error("expected errors, the scenario parsed");
  for (const e of result.errors) {
    expect(e.file).toBe(file);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }
  return formatErrors(result.errors).split("\n");
}

function parsed(text: string) {
  const result = parseScenario(text, "t.yaml");
  if (!result.ok) throw new Error(formatErrors(result.errors));
  return result.scenario;
}

describe("parseScenario: valid scenarios", () => {
  it("accepts every policy kind with its own fields", () => {
    const scenario = parsed(
      yaml(
        ...HEAD,
        "description: all kinds",
        "policies:",
        "  - { kind: eradication, from: 2019-01, hectaresPerYear: 20000, where: { zones: [Huallaga] } }",
        "  - { kind: checkpoints, from: 2019-01, to: 2020-12, intensity: 3 }",
        "  - { kind: port-controls, from: 2022-01, intensity: 2, where: { departments: [Callao, Piura] } }",
        "  - { kind: river-patrols, from: 2021-01, where: { zones: [Putumayo], modes: [river, lake] } }",
        "  - { kind: air-interdiction, from: 2021-01, intensity: 0 }",
        "  - { kind: lab-raids, from: 2023-01, labsPerYear: 2000 }",
        "  - { kind: military-offensive, from: 2022-01, to: 2024-12, where: { zones: [VRAE] } }",
        "  - kind: alternative-development",
        "    from: 2022-01",
        "    budgetUsdPerYear: 1.2e8",
        "    deliveryLagMonths: 12",
        "events:",
        "  - { kind: transport-shock, from: 2020-03, to: 2020-06, severity: 0.7, where: { modes: [road] } }",
      ),
    );
    expect(scenario.policies?.map((p) => p.kind)).toEqual([...POLICY_KINDS]);
    expect(scenario.policies?.[7]).toEqual({
      kind: "alternative-development",
      from: "2022-01",
      budgetUsdPerYear: 1.2e8,
      deliveryLagMonths: 12,
    });
    expect(scenario.events).toHaveLength(1);
  });

  it("accepts JSON", () => {
    const scenario = parsed(
      JSON.stringify({
        $schema: "./scenario.schema.json",
        name: "j",
        period: { from: "2018-01", to: "2019-12" },
        seed: 4294967295,
        parameters: { "growers.logitScaleUsd": 900 },
      }),
    );
    expect(scenario.seed).toBe(4294967295);
  });

  it("accepts parameters as dotted paths, nested mappings and zone aliases", () => {
    const scenario = parsed(
      yaml(
        ...HEAD,
        "parameters:",
        "  growers.logitScaleUsd: 900",
        "  prices: { stockElasticity: 0.9 }",
        "  zones.VRAE.statePresence: 0.6",
        "  zones.Putumayo: { leafYieldKgPerHaYear: 2000 }",
        "  zones:",
        "    Otras zonas: { armedGroupPresence: 0.1 }",
      ),
    );
    expect(scenario.parameters).toEqual({
      "growers.logitScaleUsd": 900,
      prices: { stockElasticity: 0.9 },
      "zones.VRAE.statePresence": 0.6,
      "zones.Putumayo": { leafYieldKgPerHaYear: 2000 },
      zones: { "Otras zonas": { armedGroupPresence: 0.1 } },
    });
  });

  it("accepts a scenario that takes name, period and seed from extends", () => {
    expect(parsed("extends: peru\n")).toEqual({ extends: "peru" });
  });

  it("accepts months with or without quotes and a policy partly outside the period", () => {
    const s = parsed(yaml(...HEAD, "policies:", '  - { kind: checkpoints, from: "2015-01", to: 2019-01 }'));
    expect(s.policies?.[0].from).toBe("2015-01");
  });
});

describe("parseScenario: errors with file:line:column and path", () => {
  it("reports a wrong type at the value", () => {
    expect(
      errorsOf(
        yaml(
          ...HEAD,
          "description: the example of docs/scenarios.md",
          "policies:",
          "  - kind: checkpoints",
          "    from: 2019-01",
          "  - kind: lab-raids",
          "    from: 2019-01",
          "  - kind: eradication",
          "    from: 2019-01",
          "    intensity: high",
        ),
        "my.yaml",
      ),
    ).toEqual(['my.yaml:12:16: policies[2].intensity: expected a number >= 0, got "high"']);
  });

  it("reports numbers out of range and non-integers", () => {
    expect(
      errorsOf(
        yaml(
          "name: t",
          'period: { from: "2018-01", to: "2030-12" }',
          "seed: -1",
          "policies:",
          "  - { kind: eradication, from: 2019-01, hectaresPerYear: -5 }",
          "  - { kind: alternative-development, from: 2019-01, deliveryLagMonths: 1.5 }",
          "  - { kind: alternative-development, from: 2019-01, deliveryLagMonths: 121 }",
          "events:",
          "  - { kind: transport-shock, from: 2020-01, severity: 1.5 }",
          "parameters:",
          "  growers.decisionIntervalMonths: 2.5",
          "  network.hazardMultiplier: .nan",
        ),
      ),
    ).toEqual([
      "t.yaml:3:7: seed: expected an integer between 0 and 4294967295, got -1",
      "t.yaml:5:58: policies[0].hectaresPerYear: expected a number >= 0, got -5",
      "t.yaml:6:72: policies[1].deliveryLagMonths: expected an integer between 0 and 120, got 1.5",
      "t.yaml:7:72: policies[2].deliveryLagMonths: expected an integer between 0 and 120, got 121",
      "t.yaml:9:55: events[0].severity: expected a number between 0 and 1, got 1.5",
      "t.yaml:11:35: parameters.growers.decisionIntervalMonths: expected an integer between 1 and 12, got 2.5",
      "t.yaml:12:29: parameters.network.hazardMultiplier: expected a number between 0 and 100, got .nan",
    ]);
  });

  it("reports unknown fields at the key, with hints", () => {
    expect(
      errorsOf(
        yaml(
          "nmae: t",
          'period: { from: "2018-01", to: "2030-12", step: 1 }',
          "seed: 1",
          "policies:",
          "  - kind: eradication",
          "    from: 2019-01",
          "    hectares: 100",
          "    labsPerYear: 5",
          "    where:",
          "      zone: [VRAEM]",
          "parameters:",
          "  growers.logitScale: 5",
          "  logitScaleUsd: 4",
          "  growers: { logitScaleUSD: 30 }",
          "  zones: { VRAME: { statePresence: 0.5 } }",
          "  nonsense: 1",
        ),
      ),
    ).toEqual([
      't.yaml:1:1: nmae: unknown field "nmae"; did you mean "name"?',
      't.yaml:2:43: period.step: unknown field "step" (expected one of from, to)',
      't.yaml:7:5: policies[0].hectares: unknown field "hectares"; did you mean "hectaresPerYear"?',
      't.yaml:8:5: policies[0].labsPerYear: unknown field "labsPerYear" (not a field of eradication policies; it belongs to lab-raids policies)',
      't.yaml:10:7: policies[0].where.zone: unknown field "zone"; did you mean "zones"?',
      't.yaml:12:3: parameters.growers.logitScale: unknown field "growers.logitScale"; did you mean "growers.logitScaleUsd"?',
      't.yaml:13:3: parameters.logitScaleUsd: unknown field "logitScaleUsd"; did you mean "growers.logitScaleUsd"?',
      't.yaml:14:14: parameters.growers.logitScaleUSD: unknown field "logitScaleUSD"; did you mean "logitScaleUsd"?',
      't.yaml:15:12: parameters.zones.VRAME: unknown field "VRAME"; did you mean "VRAEM"?',
      't.yaml:16:3: parameters.nonsense: unknown field "nonsense" (not a parameter path; see docs/scenarios.md and docs/model.md)',
    ]);
  });

  it("reports unknown and missing kinds at kind, missing fields at the entry", () => {
    expect(
      errorsOf(
        yaml(
          ...HEAD,
          "policies:",
          "  - kind: eradiction",
          "    from: 2019-01",
          "  - from: 2019-01",
          "    intensity: 2",
          "  - kind: checkpoints",
          "    intensity: 2",
          "events:",
          "  - kind: transport-shok",
          "    from: 2020-01",
          "  - kind: transport-shock",
          "    from: 2020-01",
        ),
      ),
    ).toEqual([
      't.yaml:5:11: policies[0].kind: expected a policy kind (one of eradication, checkpoints, port-controls, river-patrols, air-interdiction, lab-raids, military-offensive, alternative-development), got "eradiction"; did you mean "eradication"?',
      't.yaml:7:5: policies[1].kind: missing field "kind": expected a policy kind (one of eradication, checkpoints, port-controls, river-patrols, air-interdiction, lab-raids, military-offensive, alternative-development)',
      't.yaml:9:5: policies[2].from: missing field "from": expected a month "YYYY-MM"',
      't.yaml:12:11: events[0].kind: expected an event kind (one of transport-shock), got "transport-shok"; did you mean "transport-shock"?',
      't.yaml:14:5: events[1].severity: missing field "severity": expected a number between 0 and 1',
    ]);
  });

  it("reports non-mapping entries and lists", () => {
    expect(
      errorsOf(yaml(...HEAD, "policies:", "  - 5", "  - [a]", "events: {}", "period2: 1", "parameters: []")),
    ).toEqual([
      "t.yaml:5:5: policies[0]: expected a policy (a mapping with kind, from, …), got 5",
      "t.yaml:6:5: policies[1]: expected a policy (a mapping with kind, from, …), got a list",
      "t.yaml:7:9: events: expected a list of events, got a mapping",
      't.yaml:8:1: period2: unknown field "period2"; did you mean "period"?',
      "t.yaml:9:13: parameters: expected a mapping of parameter paths to numbers, got an empty list",
    ]);
  });

  it("reports bad months, zones, departments, modes and empty lists", () => {
    expect(
      errorsOf(
        yaml(
          ...HEAD,
          "policies:",
          "  - kind: checkpoints",
          "    from: 2019-13",
          "    to: 201901",
          "    where:",
          "      zones: [VRAME, Alto Huallaga]",
          "      departments: [Junin, Lima, Atlantis]",
          "      modes: [boat]",
          "  - kind: checkpoints",
          "    from: 2019-01",
          "    where: { zones: [] }",
        ),
      ),
    ).toEqual([
      't.yaml:6:11: policies[0].from: expected a month "YYYY-MM" (month 01-12), got "2019-13"',
      't.yaml:7:9: policies[0].to: expected a month "YYYY-MM", got 201901',
      't.yaml:9:15: policies[0].where.zones[0]: expected a zone name, got "VRAME"; did you mean "VRAEM"?',
      't.yaml:10:21: policies[0].where.departments[0]: expected a department, got "Junin"; did you mean "Junín"?',
      't.yaml:10:34: policies[0].where.departments[2]: expected a department (one of Amazonas, Áncash, Apurímac, Arequipa, Ayacucho, Cajamarca, Callao, Cusco, Huancavelica, Huánuco, Ica, Junín, La Libertad, Lambayeque, Lima, Loreto, Madre de Dios, Moquegua, Pasco, Piura, Puno, San Martín, Tacna, Tumbes, Ucayali), got "Atlantis"',
      't.yaml:11:15: policies[0].where.modes[0]: expected a transport mode (one of road, river, air, foot, lake, sea), got "boat"',
      "t.yaml:14:21: policies[1].where.zones: expected a list of at least one zone name, got an empty list",
    ]);
  });

  it("reports months out of order and entries outside the period", () => {
    expect(
      errorsOf(
        yaml(
          "name: t",
          "period:",
          "  from: 2018-01",
          "  to: 2020-12",
          "seed: 1",
          "policies:",
          "  - { kind: checkpoints, from: 2019-05, to: 2019-03 }",
          "  - { kind: checkpoints, from: 2021-01 }",
          "  - { kind: checkpoints, from: 2010-01, to: 2017-12 }",
          "events:",
          "  - { kind: transport-shock, from: 2020-05, to: 2020-04, severity: 0.5 }",
        ),
      ),
    ).toEqual([
      't.yaml:7:45: policies[0].to: expected a month not before from ("2019-05"), got "2019-03"',
      't.yaml:8:32: policies[1].from: expected a month within the period 2018-01..2020-12, got "2021-01" (the policy would start after the run ends)',
      't.yaml:9:45: policies[2].to: expected a month within the period 2018-01..2020-12, got "2017-12" (the policy would end before the run starts)',
      't.yaml:11:49: events[0].to: expected a month not before from ("2020-05"), got "2020-04"',
    ]);
    expect(errorsOf(yaml("name: t", "period: { from: 2020-01, to: 2019-12 }", "seed: 1"))).toEqual([
      't.yaml:2:30: period.to: expected a month not before period.from ("2020-01"), got "2019-12"',
    ]);
  });

  it("checks the period of the scenario it extends", () => {
    expect(errorsOf(yaml("extends: peru", "policies:", "  - { kind: lab-raids, from: 2031-01 }"))).toEqual([
      't.yaml:3:30: policies[0].from: expected a month within the period 2018-01..2030-12, got "2031-01" (the policy would start after the run ends)',
    ]);
  });

  it("reports missing name, period and seed unless extends gives them, and unknown extends", () => {
    expect(errorsOf(yaml("# a comment", "description: nothing else"))).toEqual([
      't.yaml:2:1: name: missing field "name" (required unless the scenario extends a built-in scenario that gives it)',
      't.yaml:2:1: period: missing field "period" (required unless the scenario extends a built-in scenario that gives it)',
      't.yaml:2:1: seed: missing field "seed" (required unless the scenario extends a built-in scenario that gives it)',
    ]);
    expect(errorsOf(yaml("extends: Peru"))).toEqual([
      't.yaml:1:10: extends: expected the name of a built-in scenario, got "Peru"; did you mean "peru"?',
    ]);
    expect(errorsOf(yaml("name: ''", 'period: { from: "2018-01" }', "seed: 1"))).toEqual([
      't.yaml:1:7: name: expected a non-empty string, got ""',
      't.yaml:2:9: period.to: missing field "to": expected a month "YYYY-MM"',
    ]);
  });

  it("reports duplicate parameters (aliases, nesting) and inconsistent parameters", () => {
    expect(
      errorsOf(
        yaml(
          ...HEAD,
          "parameters:",
          "  zones.VRAE.statePresence: 0.5",
          "  zones: { VRAEM: { statePresence: 0.6 } }",
          "  growers.logitScaleUsd: 900",
          "  growers:",
          "    logitScaleUsd: 800",
          "    maturationMonthsMin: 20",
          "    highMoralCostShare: 0.7",
        ),
      ),
    ).toEqual([
      't.yaml:6:36: parameters.zones.VRAEM.statePresence: duplicate parameter: "zones.VRAEM.statePresence" is already set as parameters.zones.VRAE.statePresence',
      't.yaml:9:20: parameters.growers.logitScaleUsd: duplicate parameter: "growers.logitScaleUsd" is already set as parameters.growers.logitScaleUsd',
      "t.yaml:10:26: parameters.growers.maturationMonthsMin: expected growers.maturationMonthsMin <= growers.maturationMonthsMax, got 20 > 18",
      "t.yaml:11:25: parameters.growers.highMoralCostShare: expected growers.highMoralCostShare + growers.noMoralCostShare <= 1, got 0.7 + 0.4",
    ]);
  });

  it("reports the root that is not a mapping, and an empty file", () => {
    expect(errorsOf("- 1\n")).toEqual([
      "t.yaml:1:1: expected a mapping of scenario fields (name, period, seed, parameters, policies, events), got a list",
    ]);
    expect(errorsOf("")).toEqual([
      "t.yaml:1:1: expected a mapping of scenario fields (name, period, seed, parameters, policies, events), got null",
    ]);
    expect(errorsOf("# only a comment\n")).toHaveLength(1);
  });

  it("gives positions in JSON files", () => {
    const text = '{\n  "name": "j",\n  "period": {"from": "2018-01", "to": "2019-12"},\n  "seed": "7"\n}\n';
    expect(errorsOf(text, "s.json")).toEqual([
      's.json:4:11: seed: expected an integer between 0 and 4294967295, got "7"',
    ]);
  });

  it("points at the key of an empty value", () => {
    expect(
      errorsOf(yaml(...HEAD, "policies:", "  - kind: checkpoints", "    from: 2019-01", "    intensity:")),
    ).toEqual(["t.yaml:7:5: policies[0].intensity: expected a number >= 0, got null"]);
  });
});

describe("parseScenario: YAML problems", () => {
  it("reports syntax errors with their position", () => {
    expect(errorsOf(yaml("name: [1, 2", "seed: 3"))).toEqual([
      "t.yaml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
    const [unterminated] = errorsOf(yaml("name: t", "description: 'open"));
    expect(unterminated).toBe("t.yaml:3:1: invalid YAML: Missing closing 'quote");
    const [tab] = errorsOf(yaml("name: t", "policies:", "\t- kind: checkpoints"));
    expect(tab).toMatch(/^t\.yaml:3:1: invalid YAML: /);
  });

  it("reports duplicate keys at the second one", () => {
    expect(errorsOf(yaml(...HEAD, "policies: []", "seed: 2"))).toEqual([
      't.yaml:5:1: seed: duplicate key "seed" (first at line 3)',
    ]);
  });

  it("rejects several documents, unknown tags, huge, deep and alias-bomb files", () => {
    expect(errorsOf(yaml("name: a", "---", "name: b"))).toEqual([
      "t.yaml:2:1: expected a single YAML document, found a second one",
    ]);
    expect(errorsOf(yaml("name: !foo t", "seed: 1"))).toEqual([
      "t.yaml:1:7: unsupported YAML: Unresolved tag: !foo",
    ]);
    expect(errorsOf("#".repeat(MAX_SCENARIO_CHARS + 1))).toEqual([
      `t.yaml:1:1: file too large: expected at most ${MAX_SCENARIO_CHARS} characters, got ${MAX_SCENARIO_CHARS + 1}`,
    ]);
    expect(errorsOf(`a: ${"[".repeat(40)}${"]".repeat(40)}\n`)).toEqual([
      "t.yaml:1:35: nesting too deep: expected at most 32 levels of lists and mappings",
    ]);
    const bomb = yaml(
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
    );
    expect(errorsOf(bomb)).toEqual([
      "t.yaml:1:1: too many YAML aliases: expected at most 100 alias expansions",
    ]);
  });

  it("allows a few anchors and aliases", () => {
    const s = parsed(
      yaml(
        ...HEAD,
        "policies:",
        "  - { kind: checkpoints, from: 2019-01, where: &north { zones: [Putumayo, Bajo Amazonas] } }",
        "  - { kind: river-patrols, from: 2019-01, where: *north }",
      ),
    );
    expect(s.policies?.[1].where).toEqual({ zones: ["Putumayo", "Bajo Amazonas"] });
  });

  it("caps the number of errors", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `unknown${i}: 1`);
    const errors = errorsOf(yaml(...HEAD, ...lines));
    expect(errors).toHaveLength(51);
    expect(errors[50]).toMatch(/… and 150 more errors$/);
  });
});

describe("validateScenario and formatting", () => {
  it("validates objects without positions", () => {
    const result = validateScenario({ name: "x", period: { from: "2018-01", to: "2019-01" }, seed: 1.5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(formatErrors(result.errors)).toBe(
        "<scenario>: seed: expected an integer between 0 and 4294967295, got 1.5",
      );
    }
    expect(validateScenario({ extends: "peru" }).ok).toBe(true);
  });

  it("formats paths", () => {
    expect(formatPath(["policies", 2, "where", "zones", 0])).toBe("policies[2].where.zones[0]");
    expect(formatPath(["parameters", "zones.Otras zonas.statePresence"])).toBe(
      'parameters["zones.Otras zonas.statePresence"]',
    );
    expect(formatPath([])).toBe("");
  });

  it("never throws on non-string input", () => {
    const result = parseScenario(undefined as unknown as string, "x");
    expect(result.ok).toBe(false);
  });
});
