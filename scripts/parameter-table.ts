/**
 * Generates the tables of `docs/model.md` that must follow the code: the parameter
 * table (every entry of PARAMETERS in src/model/parameters.ts and every zone field a
 * scenario may override, ZONE_PARAMETER_FIELDS in src/model/zones/zones.ts), the zone
 * table and the network tables.
 *
 *   node --import tsx scripts/parameter-table.ts           # print the parameter table
 *   node --import tsx scripts/parameter-table.ts --write   # rewrite the generated blocks of docs/model.md
 *   node --import tsx scripts/parameter-table.ts --check   # exit 1 if docs/model.md is stale
 *
 * Each block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; the text
 * around the blocks is left as written. test/docs/ fails when a block is stale.
 */

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createStreams } from "../src/core/rng.ts";
import { createHouseholds } from "../src/model/growers/households.ts";
import {
  defaultParameters,
  PARAMETER_PATHS,
  PARAMETERS,
  type ParameterSpec,
} from "../src/model/parameters.ts";
import { buildNetwork } from "../src/model/trafficking/network.ts";
import { EDGES, NODES, type NodeRole } from "../src/model/trafficking/network-data.ts";
import { ZONE_PARAMETER_FIELDS, ZONES, type ZoneParameterField } from "../src/model/zones/zones.ts";
import { PERU_CALIBRATION } from "../src/scenario/builtin/peru-calibration.ts";
import { TRANSPORT_MODES } from "../src/scenario/types.ts";

/** One row of the parameter table. */
export interface ParameterRow extends Omit<ParameterSpec, "integer"> {
  readonly path: string;
  readonly integer: boolean;
}

/**
 * Source and description of the zone fields a scenario may override
 * (`zones.<zone>.<field>`); ZONE_PARAMETER_FIELDS gives their unit and bounds,
 * ZONES their values. A new field must be documented here (the type enforces it).
 */
export const ZONE_FIELD_DOCS: Readonly<
  Record<ZoneParameterField, { readonly source: (zone: string) => string; readonly description: string }>
> = {
  leafYieldKgPerHaYear: {
    source: () =>
      "UNODC Monitoreo 2015, Datos clave and press release 15 July 2015 (VRAEM 3,600 kg/ha/yr; other zones about 2,300 kg/ha/yr); data/conversion_factors.csv",
    description: "Sun-dried leaf yield of a productive hectare of coca in the zone.",
  },
  armedGroupPresence: {
    source: (zone) =>
      zone === "VRAEM"
        ? "assumption: the Militarizado PCP-SL holds part of the VRAEM; no measured share"
        : "assumption: no armed group reported in the zone",
    description:
      "Share of the zone the armed group holds at full strength: blocks unescorted eradication, protects foot and road legs, taxes product.",
  },
  cocaTrendUsdPerHaYear: {
    source: () =>
      "0 by default; the peru scenario uses the value fitted to DEVIDA 2018-2021 by cocasim calibrate (src/calibration/zone-trends.ts; docs/validation.md)",
    description:
      "Yearly drift of coca's net advantage in the zone, damped by growers.zoneTrendDamping: what the model does not represent explicitly (new roads and buyers, licit markets, crop substitution, social control).",
  },
  statePresence: {
    source: () => "assumption",
    description:
      "How much of the zone police and eradication brigades reach (0-1); weights the allocation of status-quo lab raids.",
  },
};

/** Every global parameter, then every zone field of every zone, in registry order. */
export function parameterRows(): ParameterRow[] {
  const rows: ParameterRow[] = [];
  for (const path of PARAMETER_PATHS) {
    const spec = PARAMETERS[path];
    const extra = spec as { readonly integer?: boolean; readonly prior?: readonly [number, number] };
    rows.push({
      path,
      value: spec.value,
      unit: spec.unit,
      source: spec.source,
      description: spec.description,
      min: spec.min,
      max: spec.max,
      integer: extra.integer === true,
      ...(extra.prior ? { prior: extra.prior } : {}),
    });
  }
  const fields = Object.keys(ZONE_PARAMETER_FIELDS) as ZoneParameterField[];
  for (const zone of ZONES) {
    for (const field of fields) {
      const bounds = ZONE_PARAMETER_FIELDS[field];
      const docs = ZONE_FIELD_DOCS[field];
      if (!docs)
        throw new Error(`zone field ${field} has no entry in ZONE_FIELD_DOCS (scripts/parameter-table.ts)`);
      rows.push({
        path: `zones.${zone.name}.${field}`,
        value: zone[field],
        unit: bounds.unit,
        source: docs.source(zone.name),
        description: docs.description,
        min: bounds.min,
        max: bounds.max,
        integer: false,
      });
    }
  }
  return rows;
}

/** A number as plain text, the same on every machine: thousands separated by commas, at most 4 significant digits after the point. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) {
    const sign = value < 0 ? "-" : "";
    return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  if (Math.abs(value) >= 1000) return formatNumber(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

/** Text for a Markdown table cell: pipes escaped, line breaks flattened. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();
}

function range(row: ParameterRow): string {
  let text = `${formatNumber(row.min)} – ${formatNumber(row.max)}`;
  if (row.integer) text += ", integer";
  if (row.prior) text += `; prior ${formatNumber(row.prior[0])} – ${formatNumber(row.prior[1])}`;
  return text;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** The parameter table: path | value | unit | source | description | range. */
export function renderParameterTable(): string {
  const rows = parameterRows().map((row) => [
    `\`${row.path}\``,
    formatNumber(row.value),
    row.unit,
    row.source,
    row.description,
    range(row),
  ]);
  return table(["path", "value", "unit", "source", "description", "range"], rows);
}

/**
 * The calibration `peru` uses (src/scenario/builtin/peru-calibration.json): each
 * fitted parameter's registry default, point estimate, 90% posterior interval and
 * prior, then each zone's trend with its standard error.
 */
export function renderCalibrationTables(): string {
  const c = PERU_CALIBRATION;
  const global = Object.entries(c.parameters).map(([path, value]) => {
    const spec = (PARAMETERS as Readonly<Record<string, ParameterSpec>>)[path];
    const [low, high] = c.intervals[path];
    const [priorLow, priorHigh] = c.prior[path];
    return [
      `\`${path}\``,
      formatNumber(spec.value),
      formatNumber(value),
      `${formatNumber(low)} – ${formatNumber(high)}`,
      `${formatNumber(priorLow)} – ${formatNumber(priorHigh)}`,
    ];
  });
  const trends = Object.entries(c.zoneTrends).map(([zone, trend]) => [
    zone,
    formatNumber(Math.round(trend.value)),
    formatNumber(Math.round(trend.se)),
    String(trend.years),
  ]);
  return [
    table(
      ["parameter", "registry default", "`peru` (calibrated)", "90% posterior interval", "prior"],
      global,
    ),
    "",
    "Each zone's coca trend (`zones.<zone>.cocaTrendUsdPerHaYear`, USD/ha/yr per year; registry default 0), fitted in stages 1 and 3 (docs/validation.md):",
    "",
    table(["zone", "trend", "standard error", "years fitted"], trends),
  ].join("\n");
}

/** Initial farm households (agents) per zone, from the households submodel itself. */
function initialHouseholds(): Int32Array {
  const params = defaultParameters();
  const names = ZONES.map((zone) => `growers.init:${zone.name}`);
  const rng = createStreams(1, names);
  const h = createHouseholds(
    ZONES,
    params,
    rng,
    Int32Array.from(names, (name) => rng.index[name]),
  );
  return h.zoneInitial;
}

function routesPerZone(): Int32Array {
  const network = buildNetwork(defaultParameters());
  const count = new Int32Array(ZONES.length);
  for (let r = 0; r < network.routes.count; r++) count[network.routes.originZone[r]]++;
  return count;
}

/** The zone table (src/model/zones/zones.ts) with the agents and routes each zone gets at default parameters. */
export function renderZoneTable(): string {
  const households = initialHouseholds();
  const routes = routesPerZone();
  const hubName = (id: string) => NODES.find((n) => n.id === id)?.name ?? id;
  let ha = 0;
  let peak = 0;
  let farms = 0;
  let routeCount = 0;
  const rows = ZONES.map((zone, z) => {
    ha += zone.hectares2018;
    peak += zone.peakHectares2018to2021;
    farms += households[z];
    routeCount += routes[z];
    return [
      zone.name,
      zone.departments.join(", "),
      hubName(zone.hub),
      zone.hectares2018 > 0 ? formatNumber(zone.hectares2018) : "not reported",
      formatNumber(zone.peakHectares2018to2021),
      formatNumber(zone.leafYieldKgPerHaYear),
      formatNumber(zone.armedGroupPresence),
      formatNumber(zone.statePresence),
      formatNumber(households[z]),
      formatNumber(routes[z]),
    ];
  });
  rows.push([
    "**Total**",
    "",
    "",
    formatNumber(ha),
    formatNumber(peak),
    "",
    "",
    "",
    formatNumber(farms),
    formatNumber(routeCount),
  ]);
  return table(
    [
      "zone",
      "departments",
      "hub",
      "ha 2018 (DEVIDA)",
      "peak ha 2018-2021",
      "leaf yield kg/ha/yr",
      "armed-group presence",
      "state presence",
      "farm households (agents)",
      "candidate routes",
    ],
    rows,
  );
}

const ROLE_ORDER: readonly NodeRole[] = [
  "zone",
  "airstrip",
  "town",
  "river-port",
  "border",
  "sea-port",
  "exit",
];

/** Places by role, legs by mode and the exits with their prices (src/model/trafficking/network-data.ts). */
export function renderNetworkTables(): string {
  const name = (id: string) => NODES.find((n) => n.id === id)?.name ?? id;
  const roles = table(
    ["role", "places", "names"],
    ROLE_ORDER.map((role) => {
      const nodes = NODES.filter((n) => n.role === role);
      return [role, formatNumber(nodes.length), nodes.map((n) => n.name + (n.approx ? " †" : "")).join("; ")];
    }),
  );
  const params = defaultParameters() as Record<string, number>;
  const legs = table(
    ["mode", "legs", "default capacity kg/month", "legs (from → to; capacity overrides in brackets)"],
    TRANSPORT_MODES.map((mode) => {
      const edges = EDGES.filter((e) => e.mode === mode);
      const list = edges.map(
        (e) =>
          `${name(e.from)} → ${name(e.to)}` +
          (e.capacityKgPerMonth === undefined ? "" : ` (${formatNumber(e.capacityKgPerMonth)} kg/month)`),
      );
      return [
        mode,
        formatNumber(edges.length),
        formatNumber(params[`network.${mode}.capacityKgPerMonth`]),
        list.join("; "),
      ];
    }),
  );
  const exits = table(
    ["exit", "country", "price USD/kg", "source"],
    NODES.filter((n) => n.role === "exit").map((n) => [
      n.name,
      n.department,
      formatNumber(n.exitPriceUsdPerKg ?? 0),
      n.priceSource ?? "",
    ]),
  );
  return [
    `${formatNumber(NODES.length)} places and ${formatNumber(EDGES.length)} legs; † marks a point placed by hand.`,
    "",
    roles,
    "",
    legs,
    "",
    exits,
  ].join("\n");
}

/** The generated blocks of docs/model.md, by marker name. */
export const BLOCKS: readonly { readonly name: string; readonly render: () => string }[] = [
  { name: "zones", render: renderZoneTable },
  { name: "network", render: renderNetworkTables },
  { name: "calibration", render: renderCalibrationTables },
  { name: "parameters", render: renderParameterTable },
];

const here = dirname(fileURLToPath(import.meta.url));
/** Path of the model description. */
export const MODEL_DOC_PATH = join(here, "..", "docs", "model.md");

/** The text between the markers of block `name` (without the newlines next to the markers). */
export function extractBlock(doc: string, name: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < 0 || j < i) throw new Error(`docs/model.md has no ${start} … ${end} block`);
  return doc
    .slice(i + start.length, j)
    .replace(/^\n/, "")
    .replace(/\n$/, "");
}

/** `doc` with block `name` replaced by `content`. */
export function replaceBlock(doc: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < 0 || j < i) throw new Error(`docs/model.md has no ${start} … ${end} block`);
  return `${doc.slice(0, i + start.length)}\n${content}\n${doc.slice(j)}`;
}

/** `doc` with every generated block brought up to date. */
export function updateModelDoc(doc: string): string {
  let out = doc;
  for (const block of BLOCKS) out = replaceBlock(out, block.name, block.render());
  return out;
}

function main(argv: readonly string[]): number {
  const target = relative(process.cwd(), MODEL_DOC_PATH);
  if (!argv.includes("--write") && !argv.includes("--check")) {
    process.stdout.write(renderParameterTable() + "\n");
    return 0;
  }
  const current = readFileSync(MODEL_DOC_PATH, "utf8");
  const updated = updateModelDoc(current);
  if (argv.includes("--check")) {
    if (current === updated) {
      console.log(`${target} is up to date.`);
      return 0;
    }
    console.error(`${target} is stale: run node --import tsx scripts/parameter-table.ts --write`);
    return 1;
  }
  if (current === updated) {
    console.log(`${target} is up to date.`);
    return 0;
  }
  const temp = `${MODEL_DOC_PATH}.${process.pid}.tmp`;
  writeFileSync(temp, updated, "utf8");
  renameSync(temp, MODEL_DOC_PATH);
  console.log(`updated ${BLOCKS.map((b) => b.name).join(", ")} in ${target}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
