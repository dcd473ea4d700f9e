/** Flattening of parameter overrides: nested mappings and zone aliases → canonical dotted paths. */
import { ZONE_ALIASES } from "../model/zones/zones.ts";
import type { RawParameters } from "./raw.ts";

export interface FlatParameter {
  /** Canonical dotted path: `growers.logitScaleUsd`, `zones.VRAEM.statePresence`. */
  readonly key: string;
  /** The keys as written under `parameters`, e.g. ["zones", "VRAE", "statePresence"]. */
  readonly path: readonly string[];
  readonly value: number;
}

/** Deepest nesting a valid `parameters` mapping has (zones → zone → field). */
const MAX_DEPTH = 4;

/** `zones.<alias>.<field>` → `zones.<canonical name>.<field>`; other paths unchanged. */
export function canonicalParameterKey(dotted: string): string {
  if (!dotted.startsWith("zones.")) return dotted;
  const rest = dotted.slice("zones.".length);
  const dot = rest.lastIndexOf(".");
  if (dot < 0) return dotted;
  const zone = rest.slice(0, dot);
  const canonical = Object.hasOwn(ZONE_ALIASES, zone) ? ZONE_ALIASES[zone] : zone;
  return `zones.${canonical}.${rest.slice(dot + 1)}`;
}

/** Every number in `parameters`, in file order, with its canonical dotted path. */
export function flattenParameters(parameters: RawParameters | undefined): FlatParameter[] {
  const out: FlatParameter[] = [];
  if (!parameters) return out;
  const walk = (node: RawParameters, path: string[]): void => {
    if (path.length >= MAX_DEPTH) throw new Error(`parameters nested too deeply at ${path.join(".")}`);
    for (const [key, value] of Object.entries(node)) {
      if (value === undefined) continue;
      const here = [...path, key];
      if (typeof value === "number")
        out.push({ key: canonicalParameterKey(here.join(".")), path: here, value });
      else if (value !== null && typeof value === "object") walk(value, here);
      else throw new Error(`parameter ${here.join(".")} is not a number`);
    }
  };
  walk(parameters, []);
  return out;
}
