/**
 * Built-in scenarios: raw scenario objects in the user format, with their YAML
 * text for display. A scenario file can build on one with `extends: <name>`.
 */
import type { RawScenario } from "../raw.ts";
import { PERU, PERU_YAML } from "./peru.ts";

export interface BuiltinScenario {
  readonly description: string;
  /** The scenario in the user format (deeply frozen). */
  readonly raw: RawScenario;
  /** The same scenario as YAML text, with comments, for display. */
  readonly yaml: string;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function builtin(raw: RawScenario, yaml: string): BuiltinScenario {
  return deepFreeze({ description: raw.description ?? "", raw, yaml });
}

export const BUILTIN_SCENARIOS: Readonly<Record<string, BuiltinScenario>> = Object.freeze({
  peru: builtin(PERU, PERU_YAML),
});

/** Names of the built-in scenarios, sorted. */
export function builtinNames(): string[] {
  return Object.keys(BUILTIN_SCENARIOS).sort();
}

/** The built-in scenario of that name, or undefined (safe for any string, e.g. "__proto__"). */
export function getBuiltin(name: string): BuiltinScenario | undefined {
  return Object.hasOwn(BUILTIN_SCENARIOS, name) ? BUILTIN_SCENARIOS[name] : undefined;
}
