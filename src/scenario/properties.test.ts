/** Property tests: parseScenario never throws or hangs; resolution is deterministic and its hash stable. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ZONE_ALIASES, ZONE_NAMES } from "../model/zones/zones.ts";
import { BUILTIN_SCENARIOS } from "./builtin/index.ts";
import { type ParseResult, parseScenario, validateScenario } from "./parse.ts";
import type { RawPolicy, RawScenario } from "./raw.ts";
import { loadScenario, resolveScenario, scenarioHash } from "./resolve.ts";
import { POLICY_KINDS, TRANSPORT_MODES } from "./types.ts";

/** Slowest parse allowed for small inputs (generous: CI machines are slow; typical inputs take a few ms). */
const MAX_MS = 1000;
/** Slowest parse allowed for large inputs (the worst at the size limit takes about 1 s here). */
const MAX_MS_LARGE = 5000;

function timedParse(text: string, file = "p.yaml", maxMs = MAX_MS): ParseResult {
  const start = performance.now();
  const result = parseScenario(text, file);
  const elapsed = performance.now() - start;
  expect(elapsed).toBeLessThan(maxMs);
  return result;
}

function expectWellFormed(result: ParseResult, file = "p.yaml", positioned = true): void {
  if (result.ok) {
    expect(typeof result.scenario).toBe("object");
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(e.file).toBe(file);
    if (positioned) {
      expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
      expect(Number.isInteger(e.column) && e.column >= 1).toBe(true);
    }
    expect(typeof e.path).toBe("string");
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
  }
}

const VALID_TEXTS = [
  BUILTIN_SCENARIOS.peru.yaml,
  [
    "name: sample",
    "description: every kind",
    "period: { from: 2018-01, to: 2026-12 }",
    "seed: 5",
    "parameters:",
    "  growers.logitScaleUsd: 900",
    "  zones: { VRAE: { statePresence: 0.6 } }",
    "policies:",
    "  - kind: eradication",
    "    from: 2019-01",
    "    hectaresPerYear: 20000",
    "    where: { zones: [Huallaga, VRAEM] }",
    "  - { kind: lab-raids, from: 2020-01, labsPerYear: 500 }",
    "  - kind: alternative-development",
    "    from: 2021-01",
    "    budgetUsdPerYear: 1e8",
    "    deliveryLagMonths: 12",
    "    where: &w { departments: [Puno, Cusco], modes: [road] }",
    "  - { kind: checkpoints, from: 2019-01, intensity: 3, where: *w }",
    "events:",
    "  - { kind: transport-shock, from: 2020-03, to: 2020-06, severity: 0.7 }",
  ].join("\n"),
  JSON.stringify(
    {
      name: "json",
      period: { from: "2018-01", to: "2020-12" },
      seed: 1,
      policies: [{ kind: "river-patrols", from: "2019-01", where: { zones: ["Putumayo"] } }],
    },
    null,
    2,
  ),
];

/** Pieces of YAML and scenario vocabulary, so that random texts reach deep into the parser and validator. */
const YAML_PIECES = [
  "\n",
  "\n  ",
  "\n    ",
  " ",
  "- ",
  ": ",
  "? ",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&a ",
  "*a",
  "!",
  "!!str ",
  "#",
  "'",
  '"',
  "|",
  ">",
  "---",
  "...",
  "%YAML 1.2",
  "\t",
  "\\",
  "\u0000",
  "\ufeff",
  "name",
  "period",
  "from",
  "to",
  "seed",
  "policies",
  "events",
  "parameters",
  "kind",
  "eradication",
  "transport-shock",
  "where",
  "zones",
  "VRAEM",
  "2020-01",
  "2031-13",
  "0.5",
  "-1",
  "1e9",
  ".nan",
  "null",
  "true",
  "extends: peru",
  "growers.logitScaleUsd",
];

const yamlish = fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 120 }).map((parts) => parts.join(""));

type Mutation =
  | { op: "delete"; at: number; length: number }
  | { op: "insert"; at: number; text: string }
  | { op: "duplicate-line"; at: number }
  | { op: "swap-lines"; at: number; with: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...YAML_PIECES), fc.string({ maxLength: 6 })),
  }),
  fc.record({ op: fc.constant("duplicate-line" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap-lines" as const), at: fc.nat(), with: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    if (m.op === "delete" || m.op === "insert") {
      const at = out.length === 0 ? 0 : m.at % (out.length + 1);
      out =
        m.op === "delete"
          ? out.slice(0, at) + out.slice(at + m.length)
          : out.slice(0, at) + m.text + out.slice(at);
    } else {
      const lines = out.split("\n");
      const i = m.at % lines.length;
      if (m.op === "duplicate-line") lines.splice(i, 0, lines[i]);
      else {
        const j = m.with % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      out = lines.join("\n");
    }
  }
  return out;
}

describe("parseScenario never throws and always reports positions", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expectWellFormed(timedParse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("on YAML-like strings", () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        expectWellFormed(timedParse(text));
      }),
      { numRuns: 400 },
    );
  });

  it("on arbitrary JSON values, as text and as objects", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expectWellFormed(timedParse(JSON.stringify(value) ?? "null"));
        expectWellFormed(validateScenario(value, "p.yaml"), "p.yaml", false);
      }),
      { numRuns: 200 },
    );
  });

  it("on objects shaped like scenarios with wrong values", () => {
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("2020-01", "VRAEM", "peru", 0.5, -1),
    );
    const entry = fc.dictionary(
      fc.constantFrom(
        "kind",
        "from",
        "to",
        "intensity",
        "where",
        "severity",
        "labsPerYear",
        "hectaresPerYear",
        "x",
      ),
      fc.oneof(anyValue, fc.constantFrom(...POLICY_KINDS, "transport-shock")),
    );
    const scenario = fc.dictionary(
      fc.constantFrom("name", "extends", "period", "seed", "parameters", "policies", "events", "nmae"),
      fc.oneof(anyValue, fc.array(entry, { maxLength: 3 }), entry),
    );
    fc.assert(
      fc.property(scenario, (value) => {
        expectWellFormed(timedParse(stringify(value)));
        expectWellFormed(timedParse(JSON.stringify(value)));
      }),
      { numRuns: 150 },
    );
  });

  it("on mutated valid scenarios", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_TEXTS),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (text, mutations) => {
          expectWellFormed(timedParse(mutate(text, mutations)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on large and deeply nested inputs, quickly", () => {
    const inputs = [
      "[".repeat(50_000),
      "{a: ".repeat(20_000),
      "- ".repeat(50_000),
      Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i % 60)}k${i}:`).join("\n"),
      "a: b\n".repeat(20_000),
      Array.from({ length: 10_000 }, (_, i) => `k${i}: 1`).join("\n"),
      `policies:\n${"  - {kind: eradication, from: 2020-01, x: 1}\n".repeat(2000)}`,
      `name: "${"x".repeat(250_000)}"`,
      "x".repeat(300_000),
      "\u0000\u0001\u0002\uffff".repeat(1000),
      "a: &a [*a, *a]\n",
    ];
    for (const text of inputs) expectWellFormed(timedParse(text, "p.yaml", MAX_MS_LARGE));
  });
});

// ── Valid scenarios: generated, written as YAML, parsed and resolved ─────

const month = fc
  .record({ year: fc.integer({ min: 2018, max: 2030 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, "0")}`);

const where = fc.record(
  {
    zones: fc.uniqueArray(fc.constantFrom(...ZONE_NAMES, ...Object.keys(ZONE_ALIASES)), {
      minLength: 1,
      maxLength: 3,
    }),
    departments: fc.uniqueArray(fc.constantFrom("Puno", "Cusco", "Loreto", "Callao"), {
      minLength: 1,
      maxLength: 2,
    }),
    modes: fc.uniqueArray(fc.constantFrom(...TRANSPORT_MODES), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

const policy: fc.Arbitrary<RawPolicy> = fc
  .record(
    {
      kind: fc.constantFrom(...POLICY_KINDS),
      from: month,
      intensity: fc.double({ min: 0, max: 10, noNaN: true }),
      where,
      amount: fc.integer({ min: 0, max: 1_000_000 }),
      lag: fc.integer({ min: 0, max: 120 }),
    },
    { requiredKeys: ["kind", "from"] },
  )
  .map(({ kind, from, intensity, where, amount, lag }) => {
    const p: Record<string, unknown> = { kind, from };
    if (intensity !== undefined) p.intensity = intensity;
    if (where !== undefined) p.where = where;
    if (amount !== undefined) {
      if (kind === "eradication") p.hectaresPerYear = amount;
      if (kind === "lab-raids") p.labsPerYear = amount;
      if (kind === "alternative-development") p.budgetUsdPerYear = amount;
    }
    if (lag !== undefined && kind === "alternative-development") p.deliveryLagMonths = lag;
    return p as unknown as RawPolicy;
  });

const scenario: fc.Arbitrary<RawScenario> = fc
  .record({
    extends: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    policies: fc.array(policy, { maxLength: 5 }),
    severity: fc.double({ min: 0, max: 1, noNaN: true }),
    logit: fc.integer({ min: 50, max: 20000 }),
    presence: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ extends: ext, seed, policies, severity, logit, presence }) => ({
    ...(ext ? { extends: "peru" } : { name: "generated", period: { from: "2018-01", to: "2030-12" } }),
    seed,
    parameters: { growers: { logitScaleUsd: logit }, "zones.VRAE.statePresence": presence },
    policies,
    events: [{ kind: "transport-shock" as const, from: "2021-01", severity }],
  }));

describe("resolution of valid scenarios", () => {
  it("parses what it is given back, resolves deterministically and hashes stably", () => {
    fc.assert(
      fc.property(scenario, (raw) => {
        const text = stringify(raw);
        const parsed = timedParse(text);
        if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
        expect(parsed.scenario).toEqual(raw);
        const a = resolveScenario(raw);
        const b = resolveScenario(structuredClone(raw));
        expect(a).toEqual(b);
        expect(scenarioHash(a)).toBe(scenarioHash(b));
        const loaded = loadScenario(text, "p.yaml");
        expect(loaded.ok && scenarioHash(loaded.scenario)).toBe(scenarioHash(a));
        const json = loadScenario(JSON.stringify(raw), "p.json");
        expect(json.ok && scenarioHash(json.scenario)).toBe(scenarioHash(a));
        expect(a.policies.length).toBe(raw.policies!.length);
        expect(a.policies.every((p) => p.intensity >= 0)).toBe(true);
        expect(a.parameters["zones.VRAEM.statePresence"]).toBe(raw.parameters!["zones.VRAE.statePresence"]);
      }),
      { numRuns: 100 },
    );
  });
});
