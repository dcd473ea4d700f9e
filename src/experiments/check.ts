/**
 * Checks of an experiment that need more than one field, run on data the zod
 * schema accepted, and the defaults that turn it into an ExperimentDefinition:
 * parameter paths and their bounds, ranges and distributions, lever fields
 * that belong to the lever's policy kind, figure paths, unique names, and what
 * each sampler needs. Pure.
 */
import type { Distribution } from "../analysis/problem.ts";
import { SOBOL_MAX_DIMENSION } from "../analysis/sobol-sequence.ts";
import { formatMonth, parseMonth } from "../core/time.ts";
import { didYouMean } from "../scenario/messages.ts";
import type { RawPolicy } from "../scenario/raw.ts";
import { describeRange, policyKindsWithField } from "../scenario/schema.ts";
import { DEFAULT_MORRIS_LEVELS, designRowCount } from "./design.ts";
import { canonicalFigure, FIGURE_PATHS, isFigure, type YearSelector } from "./figures.ts";
import { lookupParameter, type ParameterInfo } from "./parameters.ts";
import type { RawExperiment } from "./schema.ts";
import type {
  DesignSpec,
  Domain,
  ExperimentDefinition,
  Lever,
  LeverField,
  Outcome,
  ParameterType,
  Uncertainty,
} from "./types.ts";

export type Segment = string | number;

export interface ExperimentIssue {
  readonly path: readonly Segment[];
  readonly message: string;
}

/** Most simulations (design rows × replications) one experiment may ask for. */
export const MAX_JOBS = 10_000_000;
/** Default scenario of an experiment. */
export const DEFAULT_SCENARIO = "peru";
/** Default seed of a design's sampler. */
export const DEFAULT_DESIGN_SEED = 1;

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** Bounds of the values a lever field accepts (the scenario format's). */
const LEVER_BOUNDS: Readonly<Record<LeverField, Bounds>> = {
  intensity: { min: 0, max: Number.POSITIVE_INFINITY, integer: false },
  hectaresPerYear: { min: 0, max: Number.POSITIVE_INFINITY, integer: false },
  budgetUsdPerYear: { min: 0, max: Number.POSITIVE_INFINITY, integer: false },
  labsPerYear: { min: 0, max: Number.POSITIVE_INFINITY, integer: false },
};

function describeBounds(b: Bounds): string {
  return describeRange({
    ...(Number.isFinite(b.min) ? { min: b.min } : {}),
    ...(Number.isFinite(b.max) ? { max: b.max } : {}),
    integer: b.integer,
  });
}

function within(v: number, b: Bounds): boolean {
  return v >= b.min && v <= b.max && (!b.integer || Number.isInteger(v));
}

interface RawDomain {
  readonly type?: string;
  readonly range?: readonly number[];
  readonly values?: readonly number[];
  readonly distribution?: { readonly type: string; readonly [k: string]: unknown };
}

/**
 * The domain of an uncertainty or lever: its type (given, or categorical when it
 * has values, or integer/real from the bounds), and its range or values checked
 * against `bounds`.
 */
function checkDomain(
  raw: RawDomain,
  at: readonly Segment[],
  bounds: Bounds,
  what: string,
  issue: (path: readonly Segment[], message: string) => void,
  defaults: { range?: readonly [number, number]; value?: number },
): Domain | undefined {
  const type: ParameterType =
    (raw.type as ParameterType | undefined) ??
    (raw.values !== undefined ? "categorical" : bounds.integer ? "integer" : "real");
  let ok = true;
  const fail = (path: readonly Segment[], message: string) => {
    ok = false;
    issue(path, message);
  };
  if (type === "real" && bounds.integer) {
    fail([...at, "type"], `expected integer or categorical: ${what} takes whole numbers, got "real"`);
  }
  if (type === "categorical") {
    if (raw.range !== undefined) {
      fail([...at, "range"], "a categorical factor takes values, not a range: remove range or change type");
    }
    if (raw.distribution !== undefined) {
      fail(
        [...at, "distribution"],
        "a categorical factor takes no distribution: its values are equally likely",
      );
    }
    if (raw.values === undefined) {
      fail([...at, "values"], 'missing field "values": a categorical factor needs a list of values');
      return undefined;
    }
    const seen = new Map<number, number>();
    raw.values.forEach((v, k) => {
      if (!within(v, bounds)) fail([...at, "values", k], `expected ${describeBounds(bounds)}, got ${v}`);
      const earlier = seen.get(v);
      if (earlier !== undefined) fail([...at, "values", k], `duplicate value ${v} (also values[${earlier}])`);
      else seen.set(v, k);
    });
    return ok ? { type, values: [...raw.values] } : undefined;
  }
  if (raw.values !== undefined) {
    fail([...at, "values"], `values are for categorical factors: use range, or type: categorical`);
  }
  if (type === "integer" && raw.distribution !== undefined) {
    fail([...at, "distribution"], "an integer factor takes no distribution: its values are equally likely");
  }
  let range: [number, number];
  if (raw.range !== undefined) {
    range = [raw.range[0], raw.range[1]];
    const wanted = type === "integer" ? { ...bounds, integer: true } : bounds;
    range.forEach((v, k) => {
      if (!within(v, wanted)) fail([...at, "range", k], `expected ${describeBounds(wanted)}, got ${v}`);
    });
    if (ok && type === "real" && !(range[0] < range[1])) {
      fail([...at, "range", 1], `expected a number above the low end ${range[0]}, got ${range[1]}`);
    }
    if (ok && type === "integer" && !(range[0] <= range[1])) {
      fail([...at, "range", 1], `expected a whole number not below the low end ${range[0]}, got ${range[1]}`);
    }
  } else if (defaults.range !== undefined) {
    range =
      type === "integer"
        ? [Math.ceil(defaults.range[0]), Math.floor(defaults.range[1])]
        : [...defaults.range];
    if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) {
      fail([...at], 'missing field "range": this factor has no finite default range');
    }
  } else {
    fail([...at], 'missing field "range": expected a range [low, high], or values with type: categorical');
    return undefined;
  }
  if (!ok) return undefined;
  if (type === "integer") return { type, range };
  const distribution = checkDistribution(
    raw.distribution,
    range,
    [...at, "distribution"],
    fail,
    defaults.value,
  );
  return ok && distribution ? { type: "real", range, distribution } : undefined;
}

/** The distribution with its parameters filled in (see examples/README.md for the defaults). */
function checkDistribution(
  raw: RawDomain["distribution"],
  range: readonly [number, number],
  at: readonly Segment[],
  fail: (path: readonly Segment[], message: string) => void,
  value: number | undefined,
): Distribution | undefined {
  const [lo, hi] = range;
  const centre = value !== undefined && value > lo && value < hi ? value : (lo + hi) / 2;
  if (raw === undefined || raw.type === "uniform") return { type: "uniform" };
  const num = (key: string): number | undefined => {
    const v = raw[key];
    return typeof v === "number" ? v : undefined;
  };
  switch (raw.type) {
    case "normal": {
      const mean = num("mean") ?? centre;
      const sd = num("sd") ?? (hi - lo) / 4;
      if (!(sd > 0)) {
        fail([...at, "sd"], `expected a number > 0, got ${sd}`);
        return undefined;
      }
      return { type: "normal", mean, sd };
    }
    case "triangular": {
      const mode = num("mode") ?? centre;
      if (!(mode >= lo && mode <= hi)) {
        fail([...at, "mode"], `expected a number between ${lo} and ${hi} (the range), got ${mode}`);
        return undefined;
      }
      return { type: "triangular", mode };
    }
    case "lognormal": {
      if (lo < 0) {
        fail(at, `a lognormal distribution needs a range with a low end >= 0, got ${lo}`);
        return undefined;
      }
      const mu = num("mu") ?? Math.log(lo > 0 ? Math.sqrt(lo * hi) : centre);
      const sigma = num("sigma") ?? (lo > 0 ? Math.log(hi / lo) / 4 : 1);
      if (!(sigma > 0)) {
        fail([...at, "sigma"], `expected a number > 0, got ${sigma}`);
        return undefined;
      }
      return { type: "lognormal", mu, sigma };
    }
    default:
      fail(at, `unknown distribution ${JSON.stringify(raw.type)}`);
      return undefined;
  }
}

const show = (month: number): string => JSON.stringify(formatMonth(month));

/** Lever months: in order, and within the period when there is one. */
export function checkPolicyMonths(
  policy: RawPolicy,
  at: readonly Segment[],
  period: { from: number; to: number } | undefined,
  issue: (path: readonly Segment[], message: string) => void,
): void {
  const from = parseMonth(policy.from);
  const to = policy.to === undefined ? undefined : parseMonth(policy.to);
  if (from === undefined) return;
  if (to !== undefined && to < from) {
    issue([...at, "to"], `expected a month not before from (${show(from)}), got ${show(to)}`);
    return;
  }
  if (!period) return;
  const range = `${formatMonth(period.from)}..${formatMonth(period.to)}`;
  if (from > period.to) {
    issue(
      [...at, "from"],
      `expected a month within the period ${range}, got ${show(from)} (the policy would start after the run ends)`,
    );
  } else if (to !== undefined && to < period.from) {
    issue(
      [...at, "to"],
      `expected a month within the period ${range}, got ${show(to)} (the policy would end before the run starts)`,
    );
  }
}

/** Outcome years: within the period's years. */
export function checkOutcomeYear(
  year: YearSelector,
  at: readonly Segment[],
  period: { from: number; to: number },
  issue: (path: readonly Segment[], message: string) => void,
): void {
  if (typeof year !== "number") return;
  const first = Math.floor(period.from / 12);
  const last = Math.floor(period.to / 12);
  if (year < first || year > last) {
    issue(at, `expected a year within the period (${first} to ${last}), got ${year}`);
  }
}

/** Validates a schema-checked experiment and fills in its defaults. */
export function checkExperiment(raw: RawExperiment): {
  issues: ExperimentIssue[];
  definition?: ExperimentDefinition;
} {
  const issues: ExperimentIssue[] = [];
  const issue = (path: readonly Segment[], message: string) => {
    issues.push({ path: [...path], message });
  };

  let period: { from: number; to: number } | undefined;
  if (raw.period) {
    const from = parseMonth(raw.period.from)!;
    const to = parseMonth(raw.period.to)!;
    if (to < from)
      issue(["period", "to"], `expected a month not before period.from (${show(from)}), got ${show(to)}`);
    else period = { from, to };
  }

  const names = new Map<string, string>();
  const claim = (name: string, where: string, atPath: readonly Segment[]) => {
    const earlier = names.get(name);
    if (earlier !== undefined) issue(atPath, `duplicate name ${JSON.stringify(name)} (also ${earlier})`);
    else names.set(name, where);
  };

  // ── Uncertainties ──
  const uncertainties: Uncertainty[] = [];
  const parameters = new Map<string, number>();
  (raw.uncertainties ?? []).forEach((u, i) => {
    const at: Segment[] = ["uncertainties", i];
    const found = lookupParameter(u.parameter);
    if (!found.ok) {
      issue([...at, "parameter"], found.message);
      return;
    }
    const info: ParameterInfo = found.info;
    const earlier = parameters.get(info.path);
    if (earlier !== undefined) {
      issue(
        [...at, "parameter"],
        `duplicate parameter: ${info.path} is already varied by uncertainties[${earlier}]`,
      );
    } else parameters.set(info.path, i);
    const name = u.name ?? info.path;
    claim(name, `uncertainties[${i}]`, [...at, u.name === undefined ? "parameter" : "name"]);
    const domain = checkDomain(u, at, info, info.path, issue, {
      range: info.defaultRange,
      value: info.value,
    });
    if (domain) uncertainties.push({ name, parameter: info.path, ...domain });
  });

  // ── Levers ──
  const levers: Lever[] = [];
  (raw.levers ?? []).forEach((l, i) => {
    const at: Segment[] = ["levers", i];
    claim(l.name, `levers[${i}]`, [...at, "name"]);
    const policy = l.policy as RawPolicy;
    const field = l.field as LeverField;
    let ok = true;
    if (field !== "intensity" && !policyKindsWithField(field).includes(policy.kind)) {
      const fields = ["intensity", ...leverFieldsOf(policy.kind)];
      issue(
        [...at, "field"],
        `expected a field of ${policy.kind} policies (${fields.join(", ")}), got ${JSON.stringify(field)} (it belongs to ${policyKindsWithField(field).join(", ")} policies)`,
      );
      ok = false;
    }
    if (Object.hasOwn(policy, field)) {
      issue([...at, "policy", field], `set by the lever (field: ${field}): remove it from the policy`);
      ok = false;
    }
    checkPolicyMonths(policy, [...at, "policy"], period, (p, m) => {
      ok = false;
      issue(p, m);
    });
    const domain = checkDomain(l, at, LEVER_BOUNDS[field], `${policy.kind} ${field}`, issue, {});
    if (domain && ok) levers.push({ name: l.name, policy, field, ...domain });
  });

  const d = (raw.uncertainties ?? []).length + (raw.levers ?? []).length;
  if (d === 0) issue([], "expected at least one uncertainty or lever: an experiment needs something to vary");

  // ── Outcomes ──
  const outcomes: Outcome[] = [];
  const outcomeNames = new Map<string, number>();
  raw.outcomes.forEach((o, k) => {
    const at: Segment[] = ["outcomes", k];
    const earlier = outcomeNames.get(o.name);
    if (earlier !== undefined)
      issue([...at, "name"], `duplicate outcome name ${JSON.stringify(o.name)} (also outcomes[${earlier}])`);
    else outcomeNames.set(o.name, k);
    let ok = true;
    if (!isFigure(o.figure)) {
      const hint = didYouMean(o.figure, FIGURE_PATHS);
      issue(
        [...at, "figure"],
        `unknown figure ${JSON.stringify(o.figure)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : " (see docs/outputs.md: a path in the yearly summary such as hectares.total or cocaineTonnes.exported)"}`,
      );
      ok = false;
    }
    const year: YearSelector = o.year ?? "last";
    if (period)
      checkOutcomeYear(year, [...at, "year"], period, (p, m) => {
        ok = false;
        issue(p, m);
      });
    if (ok)
      outcomes.push({
        name: o.name,
        figure: canonicalFigure(o.figure),
        year,
        direction: o.direction as Outcome["direction"],
      });
  });

  // ── Design ──
  const spec = raw.design;
  const sampler = spec.sampler as DesignSpec["sampler"];
  const design: { -readonly [K in keyof DesignSpec]: DesignSpec[K] } = {
    sampler,
    seed: spec.seed ?? DEFAULT_DESIGN_SEED,
  };
  if (sampler === "full-factorial") {
    if (spec.samples !== undefined) {
      issue(
        ["design", "samples"],
        "full-factorial takes no samples: its rows are every combination of the levels (use levels)",
      );
    }
  } else if (spec.samples === undefined) {
    const what =
      sampler === "sobol"
        ? "base samples N (rows: N·(d+2))"
        : sampler === "morris"
          ? "trajectories r (rows: r·(d+1))"
          : "rows";
    issue(["design", "samples"], `missing field "samples": ${sampler} needs the number of ${what}`);
  } else design.samples = spec.samples;
  if (spec.levels !== undefined) {
    if (sampler !== "full-factorial" && sampler !== "morris") {
      issue(["design", "levels"], `levels are for full-factorial and morris designs, not ${sampler}`);
    } else if (sampler === "morris" && (spec.levels < 2 || spec.levels % 2 !== 0)) {
      issue(["design", "levels"], `expected an even number of levels >= 2 for morris, got ${spec.levels}`);
    } else design.levels = spec.levels;
  } else if (sampler === "morris") design.levels = DEFAULT_MORRIS_LEVELS;
  if (spec.secondOrder !== undefined) {
    if (sampler !== "sobol")
      issue(["design", "secondOrder"], `secondOrder is for sobol designs, not ${sampler}`);
    else design.secondOrder = spec.secondOrder;
  }
  if (sampler === "sobol" && 2 * d > SOBOL_MAX_DIMENSION) {
    issue(
      ["design", "sampler"],
      `sobol designs take at most ${Math.floor(SOBOL_MAX_DIMENSION / 2)} uncertainties and levers, got ${d}`,
    );
  }
  const replications = raw.replications ?? 1;

  if (issues.length > 0) return { issues };
  const definition: ExperimentDefinition = {
    name: raw.name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    scenario: raw.scenario ?? DEFAULT_SCENARIO,
    ...(raw.period ? { period: { from: raw.period.from, to: raw.period.to } } : {}),
    uncertainties,
    levers,
    outcomes,
    design,
    replications,
  };
  const rows = designRowCount(definition);
  if (rows * replications > MAX_JOBS) {
    issue(
      ["design"],
      `the design asks for ${rows} rows × ${replications} replications = ${rows * replications} runs, more than ${MAX_JOBS}`,
    );
    return { issues };
  }
  return { issues, definition };
}

function leverFieldsOf(kind: string): string[] {
  return (["hectaresPerYear", "budgetUsdPerYear", "labsPerYear"] as const).filter((f) =>
    policyKindsWithField(f).includes(kind),
  );
}
