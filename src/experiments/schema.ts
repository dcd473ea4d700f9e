/**
 * Zod schemas of the experiment file format (examples/README.md). Like the
 * scenario schemas (src/scenario/schema.ts), every leaf carries its own message
 * "expected <what>, got <found>"; checks that need more than one field are in
 * src/experiments/check.ts. A lever's policy is checked by the scenario
 * format's own policy schema.
 */
import { z } from "zod";
import { describeValue, listOf, suggestion } from "../scenario/messages.ts";
import { MAX_SEED, periodSchema, policySchema } from "../scenario/schema.ts";
import { DIRECTIONS, DISTRIBUTIONS, LEVER_FIELDS, PARAMETER_TYPES, SAMPLERS } from "./types.ts";

/** Most replications per design point. */
export const MAX_REPLICATIONS = 10_000;
/** Most samples (rows, base samples or trajectories) a design may ask for. */
export const MAX_SAMPLES = 1_000_000;

type ErrorMap = (issue: z.core.$ZodRawIssue) => string | undefined;

/** "expected <what>, got <value>" (just "expected <what>" when the value is missing). */
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

function strictObject<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  return z.strictObject(shape, expected(what));
}

function enumSchema(values: readonly string[], what: string) {
  return z.enum(values as [string, ...string[]], expected(what, values, listOf(values)));
}

function listSchema<T extends z.ZodType>(item: T, what: string, min = 0) {
  const list = z.array(item, expected(`a list of ${what}`));
  return min > 0 ? list.min(min, expected(`a list of at least one ${what.replace(/s$/, "")}`)) : list;
}

const nameSchema = z.string(expected("a non-empty string")).min(1, expected("a non-empty string"));
const numberSchema = z.number(expected("a number"));
const positiveInt = (max: number) =>
  z
    .int(expected(`a whole number between 1 and ${max}`))
    .min(1, expected(`a whole number between 1 and ${max}`))
    .max(max, expected(`a whole number between 1 and ${max}`));

/** [low, high]: two numbers (their order and bounds are checked in check.ts). */
const rangeSchema = z
  .array(numberSchema, {
    error: (issue) =>
      issue.input === undefined
        ? "expected a range [low, high]"
        : `expected a range [low, high], got ${describeValue(issue.input)}`,
  })
  .length(2, {
    error: (issue) =>
      `expected a range [low, high] of two numbers, got ${Array.isArray(issue.input) ? `${issue.input.length} values` : describeValue(issue.input)}`,
  });

const valuesSchema = z
  .array(numberSchema, expected("a list of numbers"))
  .min(1, expected("a list of at least one number"));

const distributionKinds = {
  uniform: strictObject({ type: z.literal("uniform") }, "a distribution"),
  normal: strictObject(
    { type: z.literal("normal"), mean: numberSchema.optional(), sd: numberSchema.optional() },
    "a normal distribution (type, mean, sd)",
  ),
  triangular: strictObject(
    { type: z.literal("triangular"), mode: numberSchema.optional() },
    "a triangular distribution (type, mode)",
  ),
  lognormal: strictObject(
    { type: z.literal("lognormal"), mu: numberSchema.optional(), sigma: numberSchema.optional() },
    "a lognormal distribution (type, mu, sigma)",
  ),
};

const distributionExpectation = `a distribution: one of ${DISTRIBUTIONS.join(", ")}, or a mapping with type and its parameters`;

/** `normal` or `{ type: normal, mean: 2000, sd: 300 }`; a bare name becomes `{ type: name }`. */
export const distributionSchema = z.preprocess(
  (value) => (typeof value === "string" ? { type: value } : value),
  z.discriminatedUnion(
    "type",
    [
      distributionKinds.uniform,
      distributionKinds.normal,
      distributionKinds.triangular,
      distributionKinds.lognormal,
    ],
    {
      error: (issue) => {
        const input = issue.input as { type?: unknown } | undefined;
        if (issue.code === "invalid_union" && input !== null && typeof input === "object") {
          if (input.type === undefined) return `expected ${distributionExpectation}`;
          return `expected ${distributionExpectation}, got ${describeValue(input.type)}${suggestion(input.type, DISTRIBUTIONS)}`;
        }
        return `expected ${distributionExpectation}, got ${describeValue(issue.input)}`;
      },
    },
  ),
);

const typeSchema = enumSchema(PARAMETER_TYPES, "a parameter type");

export const uncertaintySchema = strictObject(
  {
    name: nameSchema.optional(),
    parameter: z.string(expected("a parameter path such as growers.logitScaleUsd")),
    type: typeSchema.optional(),
    range: rangeSchema.optional(),
    distribution: distributionSchema.optional(),
    values: valuesSchema.optional(),
  },
  "an uncertainty (a mapping with parameter, type, range, …)",
);

export const leverSchema = strictObject(
  {
    name: nameSchema,
    policy: policySchema,
    field: enumSchema(LEVER_FIELDS, "a policy field"),
    type: typeSchema.optional(),
    range: rangeSchema.optional(),
    values: valuesSchema.optional(),
  },
  "a lever (a mapping with name, policy, field, range, …)",
);

const YEAR_WORDS = ["last", "sum", "mean"] as const;
const yearExpectation = 'a year (e.g. 2024), "last", "sum" or "mean"';
const yearSchema = z.union([z.int().min(1900).max(2200), z.enum(YEAR_WORDS)], {
  error: (issue) =>
    issue.input === undefined
      ? `expected ${yearExpectation}`
      : `expected ${yearExpectation}, got ${describeValue(issue.input)}${suggestion(issue.input, YEAR_WORDS)}`,
});

export const outcomeSchema = strictObject(
  {
    name: nameSchema,
    figure: z.string(expected("a figure path such as hectares.total")),
    year: yearSchema.optional(),
    direction: enumSchema(DIRECTIONS, "a direction"),
  },
  "an outcome (a mapping with name, figure, year, direction)",
);

export const designSchema = strictObject(
  {
    sampler: enumSchema(SAMPLERS, "a sampler"),
    samples: positiveInt(MAX_SAMPLES).optional(),
    levels: positiveInt(1000).optional(),
    secondOrder: z.boolean(expected("true or false")).optional(),
    seed: z
      .int(expected(`a whole number between 0 and ${MAX_SEED}`))
      .min(0, expected(`a whole number between 0 and ${MAX_SEED}`))
      .max(MAX_SEED, expected(`a whole number between 0 and ${MAX_SEED}`))
      .optional(),
  },
  "a design (a mapping with sampler, samples, …)",
);

export const experimentSchema = strictObject(
  {
    $schema: z.string(expected("a string (JSON Schema URL)")).optional(),
    name: nameSchema,
    description: z.string(expected("a string")).optional(),
    scenario: nameSchema.optional(),
    period: periodSchema.optional(),
    uncertainties: listSchema(uncertaintySchema, "uncertainties").optional(),
    levers: listSchema(leverSchema, "levers").optional(),
    outcomes: listSchema(outcomeSchema, "outcomes", 1),
    design: designSchema,
    replications: positiveInt(MAX_REPLICATIONS).optional(),
  },
  "a mapping of experiment fields (name, scenario, uncertainties, levers, outcomes, design)",
);

export type RawExperiment = z.output<typeof experimentSchema>;

/** Known field names of the object schema reached by `path` in `data`, for "did you mean". */
export function fieldsAt(path: readonly PropertyKey[], data: unknown): string[] | undefined {
  let schema: z.ZodType = experimentSchema;
  let value: unknown = data;
  for (let i = 0; i <= path.length; i++) {
    for (let guard = 0; guard < 8; guard++) {
      if (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
      else if ("out" in schema && schema.out instanceof z.ZodType) {
        schema = schema.out;
        if (typeof value === "string") value = { type: value };
      } else if (schema instanceof z.ZodDiscriminatedUnion) {
        const discriminator = (schema.def as { discriminator: string }).discriminator;
        const tag = (value as Record<string, unknown> | null)?.[discriminator];
        const option = (schema.options as z.ZodType[]).find(
          (o) =>
            o instanceof z.ZodObject &&
            (o.shape as Record<string, z.ZodType>)[discriminator] instanceof z.ZodLiteral &&
            (o.shape as Record<string, z.ZodLiteral>)[discriminator].value === tag,
        );
        if (!option) return undefined;
        schema = option;
      } else break;
    }
    if (i === path.length) break;
    const seg = path[i];
    if (schema instanceof z.ZodObject) {
      if (!Object.hasOwn(schema.shape, String(seg))) return undefined;
      schema = (schema.shape as Record<string, z.ZodType>)[String(seg)];
    } else if (schema instanceof z.ZodArray) {
      schema = schema.element as z.ZodType;
    } else return undefined;
    value =
      value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}
