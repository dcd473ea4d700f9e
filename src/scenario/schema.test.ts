import { describe, expect, it } from "vitest";
import { PARAMETER_PATHS, PARAMETERS } from "../model/parameters.ts";
import { DEPARTMENTS, ZONE_ALIASES, ZONE_NAMES, ZONE_PARAMETER_FIELDS } from "../model/zones/zones.ts";
import { describeRange, fieldsAt, SCENARIO_DEPARTMENTS, scenarioJsonSchema } from "./schema.ts";
import { EVENT_KINDS, POLICY_KINDS, TRANSPORT_MODES } from "./types.ts";

// biome-ignore lint/suspicious/noExplicitAny: navigating a JSON Schema document
type Json = Record<string, any>;

describe("scenarioJsonSchema", () => {
  const schema = scenarioJsonSchema() as Json;

  it("is a draft 2020-12 schema that closes every object", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.anyOf).toEqual([{ required: ["extends"] }, { required: ["name", "period", "seed"] }]);
    expect(Object.keys(schema.properties)).toEqual([
      "$schema",
      "name",
      "description",
      "extends",
      "period",
      "seed",
      "parameters",
      "policies",
      "events",
    ]);
    expect(schema.properties.seed).toMatchObject({ type: "integer", minimum: 0, maximum: 4294967295 });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it("lists policy kinds, event kinds, zones, departments and modes", () => {
    const policies = schema.properties.policies.items.oneOf as Json[];
    expect(policies.map((p) => p.properties.kind.const)).toEqual([...POLICY_KINDS]);
    for (const p of policies) expect(p.additionalProperties).toBe(false);
    const eradication = policies[0];
    expect(eradication.required).toEqual(["kind", "from"]);
    expect(eradication.properties.intensity).toMatchObject({ type: "number", minimum: 0 });
    expect(eradication.properties.hectaresPerYear).toMatchObject({ type: "number", minimum: 0 });
    const ad = policies.find((p) => p.properties.kind.const === "alternative-development")!;
    expect(ad.properties.deliveryLagMonths).toMatchObject({ type: "integer", minimum: 0, maximum: 120 });
    const where = eradication.properties.where.properties;
    expect(where.zones.items.enum).toEqual([...ZONE_NAMES, ...Object.keys(ZONE_ALIASES)]);
    expect(where.departments.items.enum).toEqual([...SCENARIO_DEPARTMENTS]);
    expect(where.modes.items.enum).toEqual([...TRANSPORT_MODES]);
    const events = schema.properties.events.items.oneOf as Json[];
    expect(events.map((e) => e.properties.kind.const)).toEqual([...EVENT_KINDS]);
    expect(events[0].properties.severity).toMatchObject({ minimum: 0, maximum: 1 });
    expect(events[0].required).toEqual(["kind", "from", "severity"]);
  });

  it("lists every parameter path with its bounds", () => {
    const properties = schema.properties.parameters.properties as Json;
    for (const path of PARAMETER_PATHS) {
      const spec = PARAMETERS[path];
      expect(properties[path], path).toMatchObject({
        type: "integer" in spec && spec.integer ? "integer" : "number",
        minimum: spec.min,
        maximum: spec.max,
      });
    }
    expect(properties["zones.VRAEM.statePresence"]).toMatchObject({ type: "number", minimum: 0, maximum: 1 });
    expect(properties["zones.VRAE.leafYieldKgPerHaYear"]).toMatchObject({
      minimum: ZONE_PARAMETER_FIELDS.leafYieldKgPerHaYear.min,
      maximum: ZONE_PARAMETER_FIELDS.leafYieldKgPerHaYear.max,
    });
    expect(properties.growers.properties.logitScaleUsd).toMatchObject({ minimum: 50, maximum: 40000 });
    expect(properties.zones.properties.Putumayo.properties.armedGroupPresence).toMatchObject({ maximum: 1 });
  });
});

describe("schema helpers", () => {
  it("accepts every department that holds a zone", () => {
    for (const d of DEPARTMENTS) expect(SCENARIO_DEPARTMENTS).toContain(d);
    expect(SCENARIO_DEPARTMENTS).toContain("Callao");
    expect(SCENARIO_DEPARTMENTS).toContain("Piura");
  });

  it("describes ranges", () => {
    expect(describeRange({ min: 0 })).toBe("a number >= 0");
    expect(describeRange({ min: 1, max: 12, integer: true })).toBe("an integer between 1 and 12");
    expect(describeRange({ min: 0, max: 1e10 })).toBe("a number between 0 and 1e10");
    expect(describeRange({ max: 5 })).toBe("a number <= 5");
  });

  it("finds the fields of the object at a path", () => {
    expect(fieldsAt(["period"], {})).toEqual(["from", "to"]);
    expect(fieldsAt(["policies", 0], { policies: [{ kind: "lab-raids" }] })).toEqual([
      "kind",
      "from",
      "to",
      "intensity",
      "where",
      "labsPerYear",
    ]);
    expect(fieldsAt(["policies", 0], { policies: [{ kind: "nope" }] })).toBeUndefined();
    expect(fieldsAt(["policies", 0, "where"], { policies: [{ kind: "checkpoints" }] })).toEqual([
      "zones",
      "departments",
      "modes",
    ]);
    expect(fieldsAt(["nonsense", "x"], {})).toBeUndefined();
    expect(fieldsAt(["__proto__"], {})).toBeUndefined();
  });
});
