/**
 * Checks that need more than one field, run on data the zod schema accepted:
 * required fields unless `extends` gives them, months in order and within the
 * period, duplicate parameters, and parameters that bound one another.
 */

import { formatMonth, parseMonth } from "../core/time.ts";
import { PARAMETERS } from "../model/parameters.ts";
import { getBuiltin } from "./builtin/index.ts";
import { flattenParameters } from "./params.ts";
import type { RawScenario } from "./raw.ts";

export interface ValidationIssue {
  /** Path of the offending value (or of the missing field). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The scenarios `raw` builds on, nearest first (built-ins only; stops at a cycle). */
export function ancestors(raw: RawScenario): RawScenario[] {
  const chain: RawScenario[] = [];
  const seen = new Set<string>();
  let name = raw.extends;
  while (name !== undefined && !seen.has(name)) {
    seen.add(name);
    const parent = getBuiltin(name);
    if (!parent) break;
    chain.push(parent.raw);
    name = parent.raw.extends;
  }
  return chain;
}

/** The first defined value of `field` along raw and its ancestors. */
function inherited<K extends keyof RawScenario>(chain: readonly RawScenario[], field: K): RawScenario[K] {
  for (const scenario of chain) if (scenario[field] !== undefined) return scenario[field];
  return undefined;
}

const show = (month: number): string => JSON.stringify(formatMonth(month));

export function checkScenario(raw: RawScenario): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const chain = [raw, ...ancestors(raw)];

  for (const field of ["name", "period", "seed"] as const) {
    if (inherited(chain, field) === undefined) {
      issues.push({
        path: [field],
        message: `missing field "${field}" (required unless the scenario extends a built-in scenario that gives it)`,
      });
    }
  }

  const period = inherited(chain, "period");
  let first: number | undefined;
  let last: number | undefined;
  if (period) {
    first = parseMonth(period.from);
    last = parseMonth(period.to);
    if (first !== undefined && last !== undefined && last < first) {
      if (raw.period) {
        issues.push({
          path: ["period", "to"],
          message: `expected a month not before period.from (${show(first)}), got ${show(last)}`,
        });
      }
      first = undefined;
      last = undefined;
    }
  }

  const entries = [
    ...(raw.policies ?? []).map((entry, i) => ({ list: "policies", noun: "policy", entry, i })),
    ...(raw.events ?? []).map((entry, i) => ({ list: "events", noun: "event", entry, i })),
  ];
  for (const { list, noun, entry, i } of entries) {
    const from = parseMonth(entry.from);
    const to = entry.to === undefined ? undefined : parseMonth(entry.to);
    if (from === undefined) continue;
    if (to !== undefined && to < from) {
      issues.push({
        path: [list, i, "to"],
        message: `expected a month not before from (${show(from)}), got ${show(to)}`,
      });
      continue;
    }
    if (first === undefined || last === undefined) continue;
    const range = `${formatMonth(first)}..${formatMonth(last)}`;
    if (from > last) {
      issues.push({
        path: [list, i, "from"],
        message: `expected a month within the period ${range}, got ${show(from)} (the ${noun} would start after the run ends)`,
      });
    } else if (to !== undefined && to < first) {
      issues.push({
        path: [list, i, "to"],
        message: `expected a month within the period ${range}, got ${show(to)} (the ${noun} would end before the run starts)`,
      });
    }
  }

  // Parameters: one value per canonical path (aliases and nesting included).
  const seen = new Map<string, readonly string[]>();
  const merged = new Map<string, number>();
  for (const ancestor of chain.slice(1).reverse()) {
    for (const p of flattenParameters(ancestor.parameters)) merged.set(p.key, p.value);
  }
  for (const p of flattenParameters(raw.parameters)) {
    const earlier = seen.get(p.key);
    if (earlier) {
      issues.push({
        path: ["parameters", ...p.path],
        message: `duplicate parameter: "${p.key}" is already set as parameters.${earlier.join(".")}`,
      });
    }
    seen.set(p.key, p.path);
    merged.set(p.key, p.value);
  }
  const value = (key: keyof typeof PARAMETERS): number => merged.get(key) ?? PARAMETERS[key].value;
  const where = (key: string): (string | number)[] => ["parameters", ...(seen.get(key) ?? [])];
  const min = value("growers.maturationMonthsMin");
  const max = value("growers.maturationMonthsMax");
  if (min > max) {
    const key = seen.has("growers.maturationMonthsMax")
      ? "growers.maturationMonthsMax"
      : "growers.maturationMonthsMin";
    issues.push({
      path: where(key),
      message: `expected growers.maturationMonthsMin <= growers.maturationMonthsMax, got ${min} > ${max}`,
    });
  }
  const high = value("growers.highMoralCostShare");
  const none = value("growers.noMoralCostShare");
  if (high + none > 1 + 1e-12) {
    const key = seen.has("growers.noMoralCostShare")
      ? "growers.noMoralCostShare"
      : "growers.highMoralCostShare";
    issues.push({
      path: where(key),
      message: `expected growers.highMoralCostShare + growers.noMoralCostShare <= 1, got ${high} + ${none}`,
    });
  }
  return issues;
}
