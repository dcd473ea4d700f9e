import { describe, expect, it } from "vitest";
import { parseMonth } from "../core/time.ts";
import { PERU_CALIBRATION } from "./builtin/peru-calibration.ts";
import { canonicalJson } from "./hash.ts";
import { formatErrors } from "./parse.ts";
import type { RawScenario } from "./raw.ts";
import {
  loadBuiltin,
  loadScenario,
  mergeScenarios,
  resolveScenario,
  ScenarioResolveError,
  scenarioHash,
} from "./resolve.ts";

const m = (text: string): number => parseMonth(text)!;

function load(text: string, overrides = {}) {
  const result = loadScenario(text, "t.yaml", overrides);
  if (!result.ok) throw new Error(formatErrors(result.errors));
  return result.scenario;
}

describe("resolveScenario", () => {
  it("converts months, applies defaults and keeps only given fields", () => {
    const s = resolveScenario({
      name: "x",
      period: { from: "2018-01", to: "2020-12" },
      seed: 3,
      policies: [
        { kind: "checkpoints", from: "2019-01" },
        { kind: "eradication", from: "2019-06", to: "2019-12", intensity: 0.5, hectaresPerYear: 1000 },
        { kind: "alternative-development", from: "2019-01", deliveryLagMonths: 6 },
      ],
      events: [
        { kind: "transport-shock", from: "2020-03", severity: 0.2, where: { modes: ["road", "road"] } },
      ],
    });
    expect(s).toEqual({
      name: "x",
      from: m("2018-01"),
      to: m("2020-12"),
      seed: 3,
      parameters: {},
      policies: [
        { kind: "checkpoints", from: m("2019-01"), intensity: 1 },
        { kind: "eradication", from: m("2019-06"), to: m("2019-12"), intensity: 0.5, hectaresPerYear: 1000 },
        { kind: "alternative-development", from: m("2019-01"), intensity: 1, deliveryLagMonths: 6 },
      ],
      events: [{ kind: "transport-shock", from: m("2020-03"), severity: 0.2, where: { modes: ["road"] } }],
    });
    expect(Object.hasOwn(s.policies[0], "to")).toBe(false);
    expect(Object.hasOwn(s, "description")).toBe(false);
    expect(Object.hasOwn(s, "extends")).toBe(false);
  });

  it("turns zone aliases into canonical names, in where and in parameters", () => {
    const s = load(
      [
        "extends: peru",
        "parameters:",
        "  zones.VRAE.statePresence: 0.6",
        "  zones: { Alto Huallaga: { leafYieldKgPerHaYear: 2500 } }",
        "  zones.Kcosñipata: { armedGroupPresence: 0.1 }",
        "  growers: { logitScaleUsd: 900 }",
        "policies:",
        "  - kind: river-patrols",
        "    from: 2020-01",
        "    where: { zones: [Apurímac-Ene (VRAE), VRAEM, Palcazú-Pichis-Pachitea], departments: [Junín] }",
      ].join("\n"),
    );
    expect(s.parameters).toEqual({
      // Inherited from peru's calibration (global parameters and zone trends), the
      // child's own value winning on a clash.
      ...PERU_CALIBRATION.parameters,
      ...Object.fromEntries(
        Object.entries(PERU_CALIBRATION.zoneTrends).map(([zone, t]) => [
          `zones.${zone}.cocaTrendUsdPerHaYear`,
          t.value,
        ]),
      ),
      "growers.logitScaleUsd": 900,
      "zones.Huallaga.leafYieldKgPerHaYear": 2500,
      "zones.Kosñipata.armedGroupPresence": 0.1,
      "zones.VRAEM.statePresence": 0.6,
    });
    expect(Object.keys(s.parameters)).toEqual([...Object.keys(s.parameters)].sort());
    expect(s.policies[0].where).toEqual({
      zones: ["VRAEM", "Pichis-Palcazú-Pachitea"],
      departments: ["Junín"],
    });
  });

  it("merges extends: own name, period, seed and description win; parameters by key; lists appended", () => {
    const peru = loadBuiltin("peru");
    if (!peru.ok) throw new Error("peru does not load");
    const child = load(
      [
        "extends: peru",
        "name: child",
        "period: { from: 2019-01, to: 2025-12 }",
        "policies:",
        "  - { kind: checkpoints, from: 2019-01, intensity: 3 }",
        "events:",
        "  - { kind: transport-shock, from: 2023-01, severity: 0.1 }",
      ].join("\n"),
    );
    expect(child.name).toBe("child");
    expect(child.extends).toBe("peru");
    expect(child.description).toBe(peru.scenario.description);
    expect(child.seed).toBe(peru.scenario.seed);
    expect([child.from, child.to]).toEqual([m("2019-01"), m("2025-12")]);
    expect(child.policies).toEqual([
      ...peru.scenario.policies,
      { kind: "checkpoints", from: m("2019-01"), intensity: 3 },
    ]);
    expect(child.events).toEqual([
      ...peru.scenario.events,
      { kind: "transport-shock", from: m("2023-01"), severity: 0.1 },
    ]);

    const inherited = load("extends: peru\n");
    expect({ ...inherited, extends: undefined }).toEqual({ ...peru.scenario, extends: undefined });
    expect(inherited.extends).toBe("peru");
  });

  it("merges parameters with the parent's by canonical key (mergeScenarios)", () => {
    const parent: RawScenario = {
      name: "base",
      description: "the parent",
      period: { from: "2018-01", to: "2020-12" },
      seed: 1,
      parameters: { "growers.logitScaleUsd": 900, zones: { VRAE: { statePresence: 0.2 } } },
      policies: [{ kind: "lab-raids", from: "2018-01", labsPerYear: 10 }],
    };
    const child: RawScenario = {
      extends: "base",
      seed: 2,
      parameters: { growers: { logitScaleUsd: 1000 }, "zones.VRAEM.armedGroupPresence": 0.5 },
      policies: [{ kind: "checkpoints", from: "2019-01" }],
    };
    expect(mergeScenarios(parent, child)).toEqual({
      name: "base",
      description: "the parent",
      extends: "base",
      period: { from: "2018-01", to: "2020-12" },
      seed: 2,
      parameters: {
        "growers.logitScaleUsd": 1000,
        "zones.VRAEM.statePresence": 0.2,
        "zones.VRAEM.armedGroupPresence": 0.5,
      },
      policies: [
        { kind: "lab-raids", from: "2018-01", labsPerYear: 10 },
        { kind: "checkpoints", from: "2019-01" },
      ],
      events: [],
    });
  });

  it("applies overrides of seed and period (months or month indices)", () => {
    const s = load("extends: peru\n", { seed: 9, from: "2019-01", to: m("2021-12") });
    expect([s.seed, s.from, s.to]).toEqual([9, m("2019-01"), m("2021-12")]);
  });

  it("reports bad overrides as errors (loadScenario) or throws (resolveScenario)", () => {
    const result = loadScenario("extends: peru\n", "t.yaml", {
      seed: 2 ** 32,
      from: "2019-13",
      to: "2017-01",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(formatErrors(result.errors).split("\n")).toEqual([
        "t.yaml: overrides.seed: expected an integer between 0 and 4294967295, got 4294967296",
        't.yaml: overrides.from: expected a month "YYYY-MM", got "2019-13"',
      ]);
    }
    const order = loadScenario("extends: peru\n", "t.yaml", { to: "2017-01" });
    expect(order.ok ? [] : formatErrors(order.errors)).toBe(
      "t.yaml: overrides.to: expected the period to end (2017-01) no earlier than it starts (2018-01)",
    );
    expect(() => resolveScenario({ extends: "peru" }, { seed: -1 })).toThrow(ScenarioResolveError);
  });

  it("throws on an invalid raw scenario", () => {
    expect(() => resolveScenario({ name: "x" } as RawScenario)).toThrow(/missing field "period"/);
    expect(() => resolveScenario({ extends: "nope" })).toThrow(ScenarioResolveError);
  });

  it("does not modify its input", () => {
    const raw: RawScenario = {
      name: "x",
      period: { from: "2018-01", to: "2019-12" },
      seed: 1,
      policies: [{ kind: "checkpoints", from: "2018-01", where: { zones: ["VRAE"] } }],
    };
    const copy = structuredClone(raw);
    resolveScenario(raw);
    expect(raw).toEqual(copy);
  });
});

describe("loadBuiltin", () => {
  it("loads peru with the 2020 transport shock", () => {
    const result = loadBuiltin("peru");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.scenario.name).toBe("peru");
      expect([result.scenario.from, result.scenario.to]).toEqual([m("2018-01"), m("2030-12")]);
      expect(result.scenario.seed).toBe(20180101);
      expect(result.scenario.events.map((e) => e.severity)).toEqual([0.7, 0.3]);
    }
  });

  it("applies overrides and suggests a name for a typo", () => {
    const result = loadBuiltin("peru", { seed: 5, to: "2022-12" });
    expect(result.ok && [result.scenario.seed, result.scenario.to]).toEqual([5, m("2022-12")]);
    const typo = loadBuiltin("pero");
    expect(typo.ok ? "" : formatErrors(typo.errors)).toBe(
      'pero: unknown built-in scenario "pero"; did you mean "peru"? (built-in scenarios: peru)',
    );
    expect(loadBuiltin("__proto__").ok).toBe(false);
    expect(loadBuiltin("toString").ok).toBe(false);
  });
});

describe("determinism and hashing", () => {
  const text = [
    "name: h",
    "period: { from: 2018-01, to: 2022-12 }",
    "seed: 11",
    "parameters: { growers: { logitScaleUsd: 900 }, zones.VRAE.statePresence: 0.4 }",
    "policies:",
    "  - { kind: lab-raids, from: 2019-01, labsPerYear: 300, where: { departments: [Puno] } }",
  ].join("\n");

  it("resolves the same text to the same scenario and hash", () => {
    const a = load(text);
    const b = load(text);
    expect(a).toEqual(b);
    expect(scenarioHash(a)).toBe(scenarioHash(b));
    expect(scenarioHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ignores key order and layout, but not values", () => {
    const reordered = [
      "policies:",
      "  - where: { departments: [Puno] }",
      "    labsPerYear: 300",
      "    from: 2019-01",
      "    kind: lab-raids",
      "seed: 11",
      "parameters:",
      "  zones.VRAEM.statePresence: 0.4",
      "  growers.logitScaleUsd: 900",
      "period: { to: 2022-12, from: 2018-01 }",
      "name: h",
    ].join("\n");
    expect(scenarioHash(load(reordered))).toBe(scenarioHash(load(text)));
    expect(scenarioHash(load(text.replace("seed: 11", "seed: 12")))).not.toBe(scenarioHash(load(text)));
    expect(scenarioHash(load(text.replace("300", "301")))).not.toBe(scenarioHash(load(text)));
  });

  it("keeps the hash of a fixed scenario stable across versions", () => {
    // = sha256 of {"events":[],"from":24216,"name":"stable","parameters":{},"policies":[{"from":24221,"intensity":2,"kind":"checkpoints"}],"seed":1,"to":24227}
    const s = resolveScenario({
      name: "stable",
      period: { from: "2018-01", to: "2018-12" },
      seed: 1,
      policies: [{ kind: "checkpoints", from: "2018-06", intensity: 2 }],
    });
    expect(canonicalJson(s)).toBe(
      '{"events":[],"from":24216,"name":"stable","parameters":{},"policies":[{"from":24221,"intensity":2,"kind":"checkpoints"}],"seed":1,"to":24227}',
    );
    expect(scenarioHash(s)).toBe("5703930b0bae5c39311a3248dd4caf43bf3c07ba2a9f5cb03b8a2ae289f4316c");
  });
});
