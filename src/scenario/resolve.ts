/**
 * RawScenario → ResolvedScenario: applies `extends`, canonical zone names,
 * month indices, defaults and command-line overrides. Pure.
 *
 * `extends` merge: the child's name, description, period and seed replace the
 * parent's; parameters merge by (canonical) path, the child's winning; the
 * child's policies and events come after the parent's.
 */
import { formatMonth, parseMonth } from "../core/time.ts";
import { ZONE_NAMES, zoneIndex } from "../model/zones/zones.ts";
import { builtinNames, getBuiltin } from "./builtin/index.ts";
import { didYouMean } from "./messages.ts";
import { flattenParameters } from "./params.ts";
import { type ParseResult, parseScenario, type ScenarioError, validateScenario } from "./parse.ts";
import type { RawEvent, RawPolicy, RawScenario, RawWhere } from "./raw.ts";
import { MAX_SEED } from "./schema.ts";
import type { Policy, ResolvedScenario, ScenarioEvent, Where } from "./types.ts";
import { ancestors } from "./validate.ts";

export { scenarioHash } from "./hash.ts";

/** Command-line style overrides. Months as "YYYY-MM" or as month indices (src/core/time.ts). */
export interface ScenarioOverrides {
  readonly seed?: number;
  readonly from?: string | number;
  readonly to?: string | number;
}

export type LoadResult =
  | { ok: true; scenario: ResolvedScenario; raw: RawScenario }
  | { ok: false; errors: ScenarioError[] };

/** Thrown by resolveScenario when given an invalid scenario or overrides. */
export class ScenarioResolveError extends Error {
  readonly errors: readonly ScenarioError[];
  constructor(errors: readonly ScenarioError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("\n"));
    this.name = "ScenarioResolveError";
    this.errors = errors;
  }
}

function overrideMonth(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  return typeof value === "string" ? parseMonth(value) : undefined;
}

/** Errors in `overrides` (no position; path "overrides.<field>"), given the scenario's own period. */
export function checkOverrides(
  overrides: ScenarioOverrides,
  file: string,
  period?: { readonly from: number; readonly to: number },
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const error = (field: string, message: string): void => {
    errors.push({ file, line: 0, column: 0, path: `overrides.${field}`, message });
  };
  const { seed, from, to } = overrides;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) {
    error(
      "seed",
      `expected an integer between 0 and ${MAX_SEED}, got ${JSON.stringify(seed) ?? String(seed)}`,
    );
  }
  const first = from === undefined ? period?.from : overrideMonth(from);
  const last = to === undefined ? period?.to : overrideMonth(to);
  if (from !== undefined && first === undefined)
    error("from", `expected a month "YYYY-MM", got ${JSON.stringify(from)}`);
  if (to !== undefined && last === undefined)
    error("to", `expected a month "YYYY-MM", got ${JSON.stringify(to)}`);
  if (first !== undefined && last !== undefined && last < first && (from !== undefined || to !== undefined)) {
    error(
      to !== undefined ? "to" : "from",
      `expected the period to end (${formatMonth(last)}) no earlier than it starts (${formatMonth(first)})`,
    );
  }
  return errors;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function resolveWhere(where: RawWhere | undefined): Where | undefined {
  if (!where) return undefined;
  const out: { zones?: string[]; departments?: string[]; modes?: Where["modes"] } = {};
  if (where.zones) out.zones = unique(where.zones.map((zone) => ZONE_NAMES[zoneIndex(zone)]));
  if (where.departments) out.departments = unique(where.departments);
  if (where.modes) out.modes = unique(where.modes);
  return out;
}

function timeBounded(entry: RawPolicy | RawEvent): { from: number; to?: number; where?: Where } {
  const out: { from: number; to?: number; where?: Where } = { from: parseMonth(entry.from)! };
  if (entry.to !== undefined) out.to = parseMonth(entry.to)!;
  const where = resolveWhere(entry.where);
  if (where) out.where = where;
  return out;
}

/** Fields of particular policy kinds (validation allows each only on its own kind). */
const POLICY_FIELDS = ["hectaresPerYear", "labsPerYear", "budgetUsdPerYear", "deliveryLagMonths"] as const;

function resolvePolicy(raw: RawPolicy): Policy {
  const policy: Record<string, unknown> = {
    kind: raw.kind,
    ...timeBounded(raw),
    intensity: raw.intensity ?? 1,
  };
  for (const field of POLICY_FIELDS) {
    const value = (raw as Partial<Record<(typeof POLICY_FIELDS)[number], number>>)[field];
    if (value !== undefined) policy[field] = value;
  }
  return policy as unknown as Policy;
}

function resolveEvent(raw: RawEvent): ScenarioEvent {
  return { kind: raw.kind, ...timeBounded(raw), severity: raw.severity };
}

/**
 * `child` on top of `parent` (the `extends` merge): the child's name,
 * description, period and seed where given; parameters merged by canonical
 * path (flattened), the child's winning; the parent's policies and events,
 * then the child's. The result has the child's `extends`.
 */
export function mergeScenarios(parent: RawScenario, child: RawScenario): RawScenario {
  const parameters: Record<string, number> = {};
  for (const p of flattenParameters(parent.parameters)) parameters[p.key] = p.value;
  for (const p of flattenParameters(child.parameters)) parameters[p.key] = p.value;
  const merged: { -readonly [K in keyof RawScenario]: RawScenario[K] } = {
    parameters,
    policies: [...(parent.policies ?? []), ...(child.policies ?? [])],
    events: [...(parent.events ?? []), ...(child.events ?? [])],
  };
  for (const field of ["name", "description", "extends", "period", "seed"] as const) {
    const value = field === "extends" ? child.extends : (child[field] ?? parent[field]);
    if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
  }
  return merged;
}

/**
 * Resolves a raw scenario (validated first; pass the `scenario` of a
 * successful parseScenario, a built-in's `raw`, or an object built in code).
 * Throws ScenarioResolveError if the scenario or the overrides are invalid;
 * loadScenario returns the same errors instead.
 */
export function resolveScenario(raw: RawScenario, overrides: ScenarioOverrides = {}): ResolvedScenario {
  const valid = validateScenario(raw);
  if (!valid.ok) throw new ScenarioResolveError(valid.errors);
  const scenario = valid.scenario;
  // The oldest ancestor first, then each child on top.
  const chain = [scenario, ...ancestors(scenario)].reverse();
  const merged = chain.slice(1).reduce(mergeScenarios, mergeScenarios({}, chain[0]));

  const period = { from: parseMonth(merged.period!.from)!, to: parseMonth(merged.period!.to)! };
  const overrideErrors = checkOverrides(overrides, "<overrides>", period);
  if (overrideErrors.length > 0) throw new ScenarioResolveError(overrideErrors);

  const parameters: Record<string, number> = {};
  const flat = flattenParameters(merged.parameters);
  for (const p of [...flat].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)))
    parameters[p.key] = p.value;

  const resolved: { -readonly [K in keyof ResolvedScenario]: ResolvedScenario[K] } = {
    name: merged.name!,
    from: overrides.from === undefined ? period.from : overrideMonth(overrides.from)!,
    to: overrides.to === undefined ? period.to : overrideMonth(overrides.to)!,
    seed: overrides.seed ?? merged.seed!,
    parameters,
    policies: (merged.policies ?? []).map(resolvePolicy),
    events: (merged.events ?? []).map(resolveEvent),
  };
  if (merged.description !== undefined) resolved.description = merged.description;
  if (scenario.extends !== undefined) resolved.extends = scenario.extends;
  return resolved;
}

function resolveParsed(parsed: ParseResult, file: string, overrides: ScenarioOverrides): LoadResult {
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, scenario: resolveScenario(parsed.scenario, overrides), raw: parsed.scenario };
  } catch (error) {
    if (error instanceof ScenarioResolveError) {
      return {
        ok: false,
        errors: error.errors.map((e) => ({ ...e, file: e.path.startsWith("overrides.") ? file : e.file })),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ file, line: 0, column: 0, path: "", message: `could not resolve the scenario: ${message}` }],
    };
  }
}

/** Parses, validates and resolves a scenario file (text and file name). Never throws. */
export function loadScenario(text: string, file: string, overrides: ScenarioOverrides = {}): LoadResult {
  return resolveParsed(parseScenario(text, file), file, overrides);
}

/** Resolves a built-in scenario by name (e.g. "peru"). Never throws. */
export function loadBuiltin(name: string, overrides: ScenarioOverrides = {}): LoadResult {
  const builtin = getBuiltin(name);
  if (!builtin) {
    const hint = didYouMean(name, builtinNames());
    return {
      ok: false,
      errors: [
        {
          file: name,
          line: 0,
          column: 0,
          path: "",
          message: `unknown built-in scenario ${JSON.stringify(name)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : ""} (built-in scenarios: ${builtinNames().join(", ")})`,
        },
      ],
    };
  }
  return resolveParsed(parseScenario(builtin.yaml, `builtin:${name}`), `builtin:${name}`, overrides);
}
