/** Fakes for the CLI tests: in-memory streams, a tiny loader and a deterministic `simulate`. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeFileSystem } from "../../src/cli/node-fs.ts";
import type { CliDeps, LoadResult, ProgressBar, ScenarioOverrides } from "../../src/cli/types.ts";
import { formatMonth, parseMonth } from "../../src/core/time.ts";
import { inlineExecutor } from "../../src/executors/inline.ts";
import type { EdgeInfo, SimulationResult, YearSummary } from "../../src/model/results.ts";
import { ZONE_ALIASES, ZONES } from "../../src/model/zones/zones.ts";
import type { Policy, ResolvedScenario } from "../../src/scenario/types.ts";
import { lazyCachedExecutor } from "../../src/store/cached-executor.ts";
import { openStore } from "../../src/store/open.ts";

export class MemoryOutput {
  text = "";
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface FakeError {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

export function fakeScenario(partial: Partial<ResolvedScenario> = {}): ResolvedScenario {
  return {
    name: "fake",
    from: parseMonth("2020-01")!,
    to: parseMonth("2021-12")!,
    seed: 42,
    parameters: { "growers.priceElasticity": 0.4 },
    policies: [
      { kind: "eradication", intensity: 2, from: parseMonth("2020-06")!, where: { zones: ["VRAEM"] } },
      { kind: "checkpoints", intensity: 1.5, from: parseMonth("2021-01")!, to: parseMonth("2021-06")! },
    ] satisfies Policy[],
    events: [],
    ...partial,
  };
}

function applyOverrides(
  scenario: ResolvedScenario,
  overrides: ScenarioOverrides | undefined,
): ResolvedScenario {
  return {
    ...scenario,
    ...(overrides?.seed === undefined ? {} : { seed: overrides.seed }),
    ...(overrides?.from === undefined ? {} : { from: overrides.from }),
    ...(overrides?.to === undefined ? {} : { to: overrides.to }),
  };
}

/**
 * Fake `loadScenario`: the text is JSON `{ "name", "from", "to", "seed", "policies": n }`,
 * or `{ "errors": [...] }` to make it fail the way the real loader does.
 */
export function fakeLoadScenario(text: string, file: string, overrides?: ScenarioOverrides): LoadResult {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ok: false, errors: [{ file, line: 1, col: 1, path: "", message: "not JSON" }] };
  }
  if (Array.isArray(raw.errors)) {
    return { ok: false, errors: (raw.errors as Omit<FakeError, "file">[]).map((e) => ({ file, ...e })) };
  }
  const base = fakeScenario();
  const policyCount = typeof raw.policies === "number" ? raw.policies : base.policies.length;
  const scenario = fakeScenario({
    name: typeof raw.name === "string" ? raw.name : base.name,
    from: typeof raw.from === "string" ? parseMonth(raw.from)! : base.from,
    to: typeof raw.to === "string" ? parseMonth(raw.to)! : base.to,
    seed: typeof raw.seed === "number" ? raw.seed : base.seed,
    policies: Array.from({ length: policyCount }, (_, i) => base.policies[i % base.policies.length]),
  });
  return { ok: true, scenario: applyOverrides(scenario, overrides) };
}

export const FAKE_BUILTINS: Record<string, { description: string; yaml: string }> = {
  peru: { description: "Peru baseline,\n  2015–2024.", yaml: "name: peru\nfrom: 2015-01\nto: 2024-12\n" },
  "no-eradication": { description: "Eradication switched off.", yaml: "name: no-eradication\nextends: peru" },
};

export function fakeLoadBuiltin(name: string, overrides?: ScenarioOverrides): LoadResult {
  if (!(name in FAKE_BUILTINS)) {
    return {
      ok: false,
      errors: [{ file: `<builtin ${name}>`, line: 1, col: 1, path: "", message: "unknown" }],
    };
  }
  return { ok: true, scenario: applyOverrides(fakeScenario({ name }), overrides) };
}

export const FAKE_EDGES: readonly EdgeInfo[] = [
  { id: "e0", from: "pichari", to: "lima", mode: "road" },
  { id: "e1", from: "lima", to: "callao", mode: "sea" },
  { id: "e2", from: "pucallpa", to: "leticia", mode: "river" },
];

/** A small SimulationResult that depends only on the scenario (months, seed and name). */
export function fakeSimulate(
  scenario: ResolvedScenario,
  options?: { onProgress?: (monthsDone: number, monthsTotal: number) => void },
): SimulationResult {
  const n = scenario.to - scenario.from + 1;
  const months = Array.from({ length: n }, (_, i) => formatMonth(scenario.from + i));
  const k = 1 + (scenario.seed % 7) / 10;
  const years: YearSummary[] = [];
  for (let year = Math.floor(scenario.from / 12); year <= Math.floor(scenario.to / 12); year++) {
    const t = year - 2000;
    years.push({
      year,
      hectares: {
        total: 60000 * k + t,
        byZone: { VRAEM: 30000 * k, Huallaga: 2000 + t, "La Convención-Lares": 10000, Putumayo: 3000 },
      },
      youngHectares: 5000,
      leafTonnes: 120000.4 * k,
      cocaineTonnes: { produced: 800.25 * k, exported: 600.5, seized: 30.04, seizedAtLabs: 2, stock: 10 },
      exportsTonnesByMode: { road: 100, river: 200, air: 50, foot: 10, lake: 5, sea: 235.5 },
      seizuresTonnesByMode: { road: 10, river: 5, air: 2, foot: 1, lake: 0, sea: 10.04 },
      eradicatedHectares: 25000.6,
      arrests: 1234,
      prices: { leafUsdPerKg: 3.456, baseUsdPerKg: 650.4, hclUsdPerKg: 1100.6 },
      enforcementUsd: 123_456_789,
      alternativeDevelopmentUsd: 5e7,
      activeRoutes: 17,
      growerHouseholds: 50000,
      traffickingMembers: 3000,
      armedGroupStrength: 250,
    });
  }
  const hectares = new Map<string, Float64Array>([
    ["VRAEM", Float64Array.from(months, (_, i) => 30000 * k + i / 3)],
    ["Huallaga", Float64Array.from(months, (_, i) => 2000 + i * 1e-9)],
  ]);
  const price = new Map<string, Float64Array>([["", Float64Array.from(months, (_, i) => 0.1 + 0.2 + i)]]);
  const edges = FAKE_EDGES.length;
  const flowKg = new Float64Array(n * edges);
  const seizedKg = new Float64Array(n * edges);
  for (let m = 0; m < n; m++) {
    options?.onProgress?.(m + 1, n);
    flowKg[m * edges] = 1000 * k + m;
    seizedKg[m * edges] = m % 2 === 0 ? 12.5 : 0;
    flowKg[m * edges + 1] = m % 3 === 0 ? 0 : 500 / 3;
    // edge e2 never carries anything: its rows are skipped
  }
  return {
    summary: {
      scenario: scenario.name,
      seed: scenario.seed,
      from: formatMonth(scenario.from),
      to: formatMonth(scenario.to),
      years,
    },
    monthly: {
      months,
      variables: new Map([
        ["hectares", hectares],
        ["price.leaf, sun-dried", price],
      ]),
    },
    flows: { edges: FAKE_EDGES, months, flowKg, seizedKg },
  };
}

export interface FakeDeps extends CliDeps {
  readonly stdout: MemoryOutput;
  readonly stderr: MemoryOutput;
  readonly progress: { total: number; label: string; updates: number[]; stopped: boolean }[];
  readonly simulateCalls: ResolvedScenario[];
}

/**
 * Overrides that make the SQLite file `store` the default results store, with runs
 * simulated in process by `deps()` (the fake deps being built, hence a thunk); none
 * without a store.
 */
export function storedOverrides(store: string | undefined, deps: () => FakeDeps): Partial<CliDeps> {
  if (store === undefined) return {};
  return {
    defaultStore: () => ({ url: store, source: "default" }),
    createStoredExecutor: (_workers, url, options) =>
      lazyCachedExecutor(
        inlineExecutor({ simulate: (scenario) => deps().simulate(scenario) }),
        () => openStore(url),
        deps().version,
        options,
      ),
  };
}

/**
 * Fake deps whose every built-in scenario runs from `from` (default 2018-01) to 2024-12,
 * with `parameters` when given (else fakeScenario's), and whose default results store
 * is the SQLite file `store` when given: what the commands that read the calibrated
 * peru baseline (calibrate, fit-report, project) are tested with.
 */
export function fakeDepsTo2024(
  options: { from?: string; parameters?: Record<string, number>; store?: string } = {},
): FakeDeps {
  const from = parseMonth(options.from ?? "2018-01")!;
  const to = parseMonth("2024-12")!;
  const parameters = options.parameters === undefined ? {} : { parameters: options.parameters };
  const deps: FakeDeps = fakeDeps({
    overrides: {
      ...storedOverrides(options.store, () => deps),
      loadBuiltin: (name) => ({ ok: true, scenario: fakeScenario({ name, from, to, ...parameters }) }),
    },
  });
  return deps;
}

export function fakeDeps(options: { tty?: boolean; overrides?: Partial<CliDeps> } = {}): FakeDeps {
  const progress: FakeDeps["progress"] = [];
  const simulateCalls: ResolvedScenario[] = [];
  const deps: FakeDeps = {
    stdout: new MemoryOutput(options.tty ?? false),
    stderr: new MemoryOutput(options.tty ?? false),
    fs: nodeFileSystem,
    version: "9.9.9-test",
    simulate: (scenario, simOptions) => {
      simulateCalls.push(scenario);
      return fakeSimulate(scenario, simOptions);
    },
    loadScenario: fakeLoadScenario,
    loadBuiltin: fakeLoadBuiltin,
    scenarioHash: (s) => `hash-${s.name}-${s.seed}-${s.from}-${s.to}`,
    formatErrors: (errors) =>
      (errors as FakeError[]).map((e) => `${e.file}:${e.line}:${e.col}: ${e.path}: ${e.message}`).join("\n"),
    scenarioJsonSchema: () => ({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object" }),
    builtinNames: () => Object.keys(FAKE_BUILTINS),
    builtin: (name) => (Object.hasOwn(FAKE_BUILTINS, name) ? FAKE_BUILTINS[name] : undefined),
    zones: ZONES,
    zoneAliases: ZONE_ALIASES,
    createProgressBar: (total, label): ProgressBar => {
      const record = { total, label, updates: [] as number[], stopped: false };
      progress.push(record);
      return {
        update: (done) => record.updates.push(done),
        stop: () => {
          record.stopped = true;
        },
      };
    },
    progress,
    simulateCalls,
  };
  return Object.assign(deps, options.overrides ?? {});
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), "cocasim-cli-test-"));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
