/**
 * What an uncertainty may vary: a global parameter (src/model/parameters.ts) by
 * its dotted path, or a zone field as `zones.<zone>.<field>` (zone aliases
 * accepted), with the bounds and prior range that validation and sampling use.
 */
import { isParameterPath, PARAMETER_PATHS, PARAMETERS } from "../model/parameters.ts";
import { ZONE_NAMES, ZONE_PARAMETER_FIELDS, zoneIndex } from "../model/zones/zones.ts";
import { didYouMean, listOf } from "../scenario/messages.ts";

export interface ParameterInfo {
  /** Canonical path: `growers.logitScaleUsd`, `zones.VRAEM.statePresence`. */
  readonly path: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** Default value, when the parameter has one independent of the zone. */
  readonly value?: number;
  /** The range sampled when an uncertainty gives none: the prior, or [min, max]. */
  readonly defaultRange: readonly [number, number];
  readonly unit: string;
}

/** Every path an uncertainty accepts (zone fields with canonical zone names). */
export const UNCERTAIN_PATHS: readonly string[] = [
  ...PARAMETER_PATHS,
  ...ZONE_NAMES.flatMap((zone) =>
    Object.keys(ZONE_PARAMETER_FIELDS).map((field) => `zones.${zone}.${field}`),
  ),
];

export type ParameterLookup = { ok: true; info: ParameterInfo } | { ok: false; message: string };

/** Looks a path up; the message of a failure says what was expected. */
export function lookupParameter(path: string): ParameterLookup {
  if (isParameterPath(path)) {
    const spec = PARAMETERS[path] as {
      value: number;
      min: number;
      max: number;
      integer?: boolean;
      prior?: readonly [number, number];
      unit: string;
    };
    return {
      ok: true,
      info: {
        path,
        min: spec.min,
        max: spec.max,
        integer: spec.integer === true,
        value: spec.value,
        defaultRange: spec.prior ?? [spec.min, spec.max],
        unit: spec.unit,
      },
    };
  }
  if (path.startsWith("zones.")) {
    const rest = path.slice("zones.".length);
    const dot = rest.lastIndexOf(".");
    const zone = dot < 0 ? rest : rest.slice(0, dot);
    const field = dot < 0 ? "" : rest.slice(dot + 1);
    const index = zoneIndex(zone);
    if (index < 0) {
      const hint = didYouMean(zone, ZONE_NAMES);
      return {
        ok: false,
        message: `unknown zone ${JSON.stringify(zone)} in ${JSON.stringify(path)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : ` (zones: ${listOf([...ZONE_NAMES])})`}`,
      };
    }
    const fields = Object.keys(ZONE_PARAMETER_FIELDS);
    if (!Object.hasOwn(ZONE_PARAMETER_FIELDS, field)) {
      return {
        ok: false,
        message: `expected a zone field (one of ${fields.join(", ")}) after the zone name, got ${JSON.stringify(field)}`,
      };
    }
    const spec = ZONE_PARAMETER_FIELDS[field as keyof typeof ZONE_PARAMETER_FIELDS];
    return {
      ok: true,
      info: {
        path: `zones.${ZONE_NAMES[index]}.${field}`,
        min: spec.min,
        max: spec.max,
        integer: false,
        defaultRange: [spec.min, spec.max],
        unit: spec.unit,
      },
    };
  }
  const hint = didYouMean(path, UNCERTAIN_PATHS);
  return {
    ok: false,
    message: `unknown parameter ${JSON.stringify(path)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : " (see docs/model.md for the parameter paths, or use zones.<zone>.<field>)"}`,
  };
}
