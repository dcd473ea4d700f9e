/**
 * Zod schemas of the scenario file format (see docs/scenarios.md) and the JSON
 * Schema that editors use. Every leaf schema carries its own error message of
 * the form "expected <what>, got <found>", so that errors read the same
 * whichever check failed. Checks that need more than one field (months in
 * order, `extends`, duplicates) are in src/scenario/validate.ts.
 */
import { z } from "zod";
import { PARAMETER_PATHS, PARAMETERS } from "../model/parameters.ts";
import { DEPARTMENTS, ZONE_ALIASES, ZONE_NAMES, ZONE_PARAMETER_FIELDS } from "../model/zones/zones.ts";
import { builtinNames } from "./builtin/index.ts";
import { describeValue, listOf, suggestion } from "./messages.ts";
import { EVENT_KINDS, POLICY_KINDS, TRANSPORT_MODES } from "./types.ts";

/** "YYYY-MM" with a month 01–12. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Peru's 24 departments and the Constitutional Province of Callao, spelt as in
 * data/hectares_by_department.csv and the trafficking network. `where.departments`
 * accepts all of them, not only those holding a growing zone (DEPARTMENTS):
 * legs of the network are matched by the departments of their end points, so
 * `departments: [Callao, Piura]` picks the ports of Callao and Paita.
 */
const PERU_DEPARTMENTS = [
  "Amazonas",
  "Áncash",
  "Apurímac",
  "Arequipa",
  "Ayacucho",
  "Cajamarca",
  "Callao",
  "Cusco",
  "Huancavelica",
  "Huánuco",
  "Ica",
  "Junín",
  "La Libertad",
  "Lambayeque",
  "Lima",
  "Loreto",
  "Madre de Dios",
  "Moquegua",
  "Pasco",
  "Piura",
  "Puno",
  "San Martín",
  "Tacna",
  "Tumbes",
  "Ucayali",
];

/** Departments `where.departments` accepts (sorted). */
export const SCENARIO_DEPARTMENTS: readonly string[] = [
  ...new Set([...PERU_DEPARTMENTS, ...DEPARTMENTS]),
].sort((a, b) => a.localeCompare(b, "es"));

/** Zone names a scenario may use: the canonical names and their aliases. */
export const ZONE_KEYS: readonly string[] = [...ZONE_NAMES, ...Object.keys(ZONE_ALIASES)];

type ErrorMap = (issue: z.core.$ZodRawIssue) => string | undefined;

/**
 * Error map "expected <what>, got <value>" (just "expected <what>" when the
 * value is missing). With `candidates`, a close candidate gives a "did you
 * mean" hint; otherwise `list` (if given) is shown.
 */
function expected(what: string, candidates?: readonly string[], list?: string): { error: ErrorMap } {
  return {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return undefined;
      if (issue.input === undefined) return `expected ${what}${list ? ` (one of ${list})` : ""}`;
      const hint = candidates ? suggestion(issue.input, candidates) : "";
      const shown = hint === "" && list ? ` (one of ${list})` : "";
      return `expected ${what}${shown}, got ${describeValue(issue.input)}${hint}`;
    },
  };
}

/** 1e10 rather than 10000000000; other numbers as usual. */
function fmt(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e7) {
    const exp = n.toExponential();
    if (/^-?\d(\.\d{1,2})?e/.test(exp)) return exp.replace("e+", "e");
  }
  return String(n);
}

interface NumberSpec {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** Description of a number range, e.g. "a number >= 0", "an integer between 1 and 12". */
export function describeRange(spec: NumberSpec): string {
  const noun = spec.integer ? "an integer" : "a number";
  if (spec.min !== undefined && spec.max !== undefined)
    return `${noun} between ${fmt(spec.min)} and ${fmt(spec.max)}`;
  if (spec.min !== undefined) return `${noun} >= ${fmt(spec.min)}`;
  if (spec.max !== undefined) return `${noun} <= ${fmt(spec.max)}`;
  return noun;
}

function numberSchema(spec: NumberSpec, description?: string): z.ZodNumber {
  const err = expected(describeRange(spec));
  let schema = spec.integer ? (z.int(err) as unknown as z.ZodNumber) : z.number(err);
  if (spec.min !== undefined) schema = schema.min(spec.min, err);
  if (spec.max !== undefined) schema = schema.max(spec.max, err);
  return description ? schema.describe(description) : schema;
}

function strictObject<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  return z.strictObject(shape, expected(what));
}

function listSchema<T extends z.ZodType>(item: T, what: string, description: string) {
  return z
    .array(item, expected(`a list of ${what}`))
    .min(1, expected(`a list of at least one ${what.replace(/s$/, "")}`))
    .describe(description);
}

function enumSchema(values: readonly string[], what: string, description?: string) {
  const schema = z.enum(values as [string, ...string[]], expected(what, values, listOf(values)));
  return description ? schema.describe(description) : schema;
}

// ── Leaves ─────────────────────────────────────────────────────────────────

export const monthSchema = z
  .string(expected('a month "YYYY-MM"'))
  .regex(MONTH_PATTERN, expected('a month "YYYY-MM" (month 01-12)'))
  .describe('A calendar month, "YYYY-MM".');

const seedSchema = numberSchema(
  { min: 0, max: MAX_SEED, integer: true },
  "Seed of the random number generator (0 to 2^32-1): same seed, same results.",
);

const zoneSchema = enumSchema(ZONE_KEYS, "a zone name", "A DEVIDA zone name or one of its aliases.");
const departmentSchema = enumSchema(
  SCENARIO_DEPARTMENTS,
  "a department",
  "A Peruvian department (or Callao): selects the zones in it and the network legs that start or end in it.",
);
const modeSchema = enumSchema(
  TRANSPORT_MODES,
  "a transport mode",
  "A transport mode of the network's edges.",
);

export const whereSchema = strictObject(
  {
    zones: listSchema(zoneSchema, "zone names", "In these growing zones (names or aliases).").optional(),
    departments: listSchema(
      departmentSchema,
      "departments",
      "In zones and legs of these departments.",
    ).optional(),
    modes: listSchema(modeSchema, "transport modes", "Only on network edges of these modes.").optional(),
  },
  "a mapping with zones, departments and/or modes",
).describe(
  "Where the entry applies: zones and departments select zones (and the legs touching them), either one sufficing; modes narrows legs to these modes. Omitted: the lever's default.",
);

// ── Policies ───────────────────────────────────────────────────────────────

const intensitySchema = numberSchema(
  { min: 0 },
  "Multiplies the baseline level of the lever where it applies (0 = off, 1 = status quo). Default 1.",
);

const policyCommon = {
  from: monthSchema.describe('First month the policy is active, "YYYY-MM".'),
  to: monthSchema
    .describe('Last month the policy is active (inclusive), "YYYY-MM"; default: to the end.')
    .optional(),
  intensity: intensitySchema.optional(),
  where: whereSchema.optional(),
};

function policy<K extends string, S extends z.core.$ZodLooseShape>(kind: K, description: string, extra: S) {
  return strictObject(
    { kind: z.literal(kind).describe("The lever."), ...policyCommon, ...extra },
    `a policy (a mapping with kind, from, …)`,
  ).describe(description);
}

export const POLICY_SCHEMAS = {
  eradication: policy("eradication", "Manual eradication of coca plots (CORAH).", {
    hectaresPerYear: numberSchema(
      { min: 0 },
      "Replaces the baseline total hectares eradicated per year in the zones it applies to.",
    ).optional(),
  }),
  checkpoints: policy("checkpoints", "Police checkpoints on roads.", {}),
  "port-controls": policy("port-controls", "Container and port controls.", {}),
  "river-patrols": policy("river-patrols", "River and lake patrols.", {}),
  "air-interdiction": policy("air-interdiction", "Air interdiction and airstrip destruction.", {}),
  "lab-raids": policy("lab-raids", "Raids on cocaine laboratories.", {
    labsPerYear: numberSchema(
      { min: 0 },
      "Replaces the baseline number of labs destroyed per year in the zones it applies to.",
    ).optional(),
  }),
  "military-offensive": policy("military-offensive", "A military offensive against the armed group.", {}),
  "alternative-development": policy(
    "alternative-development",
    "Alternative development: support for licit crops (PIRDAIS).",
    {
      budgetUsdPerYear: numberSchema(
        { min: 0 },
        "Replaces the baseline budget (USD/yr) in the zones it applies to.",
      ).optional(),
      deliveryLagMonths: numberSchema(
        { min: 0, max: 120, integer: true },
        "Overrides the delivery lag (months) for families enrolled under this policy.",
      ).optional(),
    },
  ),
} as const;

const article = (word: string): string => (/^[aeiou]/i.test(word) ? "an" : "a");

function kindError(what: string, kinds: readonly string[]): { error: ErrorMap } {
  return {
    error: (issue) => {
      if (issue.code === "invalid_union") {
        const input = issue.input as { kind?: unknown } | undefined;
        const kind = input?.kind;
        const expectation = `${article(what)} ${what} kind (one of ${kinds.join(", ")})`;
        if (kind === undefined) return `expected ${expectation}`;
        return `expected ${expectation}, got ${describeValue(kind)}${suggestion(kind, kinds)}`;
      }
      return `expected ${article(what)} ${what} (a mapping with kind, from, …), got ${describeValue(issue.input)}`;
    },
  };
}

export const policySchema = z.discriminatedUnion(
  "kind",
  [
    POLICY_SCHEMAS.eradication,
    POLICY_SCHEMAS.checkpoints,
    POLICY_SCHEMAS["port-controls"],
    POLICY_SCHEMAS["river-patrols"],
    POLICY_SCHEMAS["air-interdiction"],
    POLICY_SCHEMAS["lab-raids"],
    POLICY_SCHEMAS["military-offensive"],
    POLICY_SCHEMAS["alternative-development"],
  ],
  kindError("policy", POLICY_KINDS),
);

// ── Events ─────────────────────────────────────────────────────────────────

export const EVENT_SCHEMAS = {
  "transport-shock": strictObject(
    {
      kind: z.literal("transport-shock").describe("The kind of event."),
      from: monthSchema.describe('First month of the shock, "YYYY-MM".'),
      to: monthSchema
        .describe('Last month of the shock (inclusive), "YYYY-MM"; default: to the end.')
        .optional(),
      severity: numberSchema({ min: 0, max: 1 }, "Share of edge capacity lost while the shock lasts (0-1)."),
      where: whereSchema.optional(),
    },
    "an event (a mapping with kind, from, …)",
  ).describe("A loss of transport capacity (lockdown, floods, road blockades)."),
} as const;

export const eventSchema = z.discriminatedUnion(
  "kind",
  [EVENT_SCHEMAS["transport-shock"]],
  kindError("event", EVENT_KINDS),
);

// ── Parameters ─────────────────────────────────────────────────────────────

function parameterDescription(spec: { description?: string; unit: string; value?: number }): string {
  const base = spec.description ? `${spec.description} ` : "";
  return spec.value === undefined ? `${base}(${spec.unit})` : `${base}(${spec.unit}; default ${spec.value})`;
}

function buildParametersSchema() {
  const shape: Record<string, z.ZodOptional<z.ZodType>> = {};
  const groups = new Map<string, Record<string, z.ZodOptional<z.ZodType>>>();
  for (const path of PARAMETER_PATHS) {
    const spec = PARAMETERS[path];
    const leaf = numberSchema(spec, parameterDescription(spec)).optional();
    shape[path] = leaf;
    const dot = path.indexOf(".");
    const group = path.slice(0, dot);
    const field = path.slice(dot + 1);
    if (!groups.has(group)) groups.set(group, {});
    groups.get(group)![field] = leaf;
  }
  for (const [group, fields] of groups) {
    shape[group] = strictObject(fields, `a mapping of ${group} parameters`)
      .describe(`Parameters ${group}.* as a nested mapping.`)
      .optional();
  }
  const zoneFields: Record<string, z.ZodOptional<z.ZodNumber>> = {};
  for (const [field, spec] of Object.entries(ZONE_PARAMETER_FIELDS)) {
    zoneFields[field] = numberSchema(spec, `Zone ${field} (${spec.unit}).`).optional();
  }
  const zoneObject = strictObject(zoneFields, "a mapping of zone parameters").optional();
  const zones: Record<string, typeof zoneObject> = {};
  for (const zone of ZONE_KEYS) {
    zones[zone] = zoneObject;
    shape[`zones.${zone}`] = zoneObject;
    for (const [field, leaf] of Object.entries(zoneFields)) shape[`zones.${zone}.${field}`] = leaf;
  }
  shape.zones = strictObject(zones, "a mapping of zone names to zone parameters")
    .describe("Zone parameters by zone name (or alias) and field.")
    .optional();
  return strictObject(shape, "a mapping of parameter paths to numbers").describe(
    'Parameter overrides by dotted path ("growers.logitScaleUsd": 900, "zones.VRAEM.statePresence": 0.6) or as nested mappings.',
  );
}

export const parametersSchema = buildParametersSchema();

// ── Scenario ───────────────────────────────────────────────────────────────

const BUILTIN_NAMES = builtinNames();

export const periodSchema = strictObject(
  {
    from: monthSchema.describe('First simulated month, "YYYY-MM".'),
    to: monthSchema.describe('Last simulated month (inclusive), "YYYY-MM".'),
  },
  'a mapping with from and to ("YYYY-MM")',
).describe("The simulated months.");

export const scenarioSchema = strictObject(
  {
    $schema: z
      .string(expected("a string (JSON Schema URL)"))
      .describe("JSON Schema for editors; ignored.")
      .optional(),
    name: z
      .string(expected("a non-empty string"))
      .min(1, expected("a non-empty string"))
      .describe("Name of the scenario (required unless `extends` gives it).")
      .optional(),
    description: z.string(expected("a string")).describe("What the scenario is about.").optional(),
    extends: enumSchema(
      BUILTIN_NAMES,
      "the name of a built-in scenario",
      "Built-in scenario to build on.",
    ).optional(),
    period: periodSchema.optional(),
    seed: seedSchema.optional(),
    parameters: parametersSchema.optional(),
    policies: z
      .array(policySchema, expected("a list of policies"))
      .describe("Policies, each a lever from a month on, where it applies.")
      .optional(),
    events: z
      .array(eventSchema, expected("a list of events"))
      .describe("Exogenous events such as transport shocks.")
      .optional(),
  },
  "a mapping of scenario fields (name, period, seed, parameters, policies, events)",
).describe("A cocasim scenario (docs/scenarios.md).");

/** Known field names of the object schema reached by `path` in `data`, for "did you mean". */
export function fieldsAt(path: readonly PropertyKey[], data: unknown): string[] | undefined {
  let schema: z.ZodType = scenarioSchema;
  let value: unknown = data;
  for (let i = 0; i <= path.length; i++) {
    // Unwrap until an object or array schema.
    for (let guard = 0; guard < 8; guard++) {
      if (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
      else if (schema instanceof z.ZodDiscriminatedUnion) {
        const kind = (value as { kind?: unknown } | null)?.kind;
        const option = (schema.options as z.ZodType[]).find(
          (o) =>
            o instanceof z.ZodObject &&
            (o.shape as Record<string, z.ZodType>).kind instanceof z.ZodLiteral &&
            (o.shape as Record<string, z.ZodLiteral>).kind.value === kind,
        );
        if (!option) return undefined;
        schema = option;
      } else break;
    }
    if (i === path.length) break;
    const seg = path[i];
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.ZodType>)[String(seg)];
      if (!next || !Object.hasOwn(schema.shape, String(seg))) return undefined;
      schema = next;
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.ZodType;
    } else return undefined;
    value =
      value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

/**
 * Fields that belong to another kind of policy (for the hint "labsPerYear
 * belongs to lab-raids").
 */
export function policyKindsWithField(field: string): string[] {
  return Object.entries(POLICY_SCHEMAS)
    .filter(([, schema]) => Object.hasOwn(schema.shape, field))
    .map(([kind]) => kind);
}

/**
 * A JSON Schema (draft 2020-12) of the scenario file format, for editors
 * (e.g. `# yaml-language-server: $schema=scenario.schema.json`).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: "cocasim scenario",
    ...schema,
    anyOf: [{ required: ["extends"] }, { required: ["name", "period", "seed"] }],
  };
}
