/**
 * The out-of-sample fit report: an ensemble of the calibrated scenario against the
 * record for the validation years (2022–2024), which calibration never sees. For
 * each zone and nationally: error, bias, mean absolute percentage error and whether
 * each observation falls inside the ensemble's 90% interval, and inside the
 * predictive 90% interval that adds the model's discrepancy (discrepancy.ts); and
 * an SVG chart per zone (the simulated bands against the observed points). Pure: no I/O.
 */
import { nationalSeries } from "../data/record.ts";
import type { Summary } from "../model/results.ts";
import { OTHER_ZONES, ZONE_NAMES } from "../model/zones/zones.ts";
import type { Discrepancy } from "./discrepancy.ts";
import { CALIBRATION_YEARS, observedNational, observedZoneYears, VALIDATION_YEARS } from "./targets.ts";

export interface FitRow {
  readonly zone: string; // "national" for the country
  readonly year: number;
  readonly observed: number;
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
  /** mean − observed, ha. */
  readonly error: number;
  /** |mean − observed| / observed. */
  readonly absPercentError: number;
  readonly inside90: boolean;
  /** The predictive 90% interval (ensemble with discrepancy), when the report has one. */
  readonly predictiveP5?: number;
  readonly predictiveP95?: number;
  readonly insidePredictive90?: boolean;
}

export interface FitSummary {
  readonly zone: string;
  readonly bias: number;
  readonly mape: number;
  readonly coverage90: number;
  readonly predictiveCoverage90?: number;
  readonly years: number;
}

export interface FitReport {
  readonly runs: number;
  readonly years: readonly number[];
  readonly rows: readonly FitRow[];
  readonly byZone: readonly FitSummary[];
  readonly national: FitSummary;
  /** Hectare-weighted mean absolute percentage error over zone-years. */
  readonly weightedZoneError: number;
  /** Share of observed zone-years inside the ensemble's 90% interval. */
  readonly zoneCoverage90: number;
  /** The discrepancy added for the predictive interval, and the share of zone-years inside it. */
  readonly discrepancy?: Discrepancy;
  readonly zonePredictiveCoverage90?: number;
  readonly targets: {
    readonly nationalErrorEachYearAtMost10: boolean;
    readonly weightedZoneErrorAtMost25: boolean;
    readonly coverageAtLeast80: boolean;
    readonly predictiveCoverageAtLeast80?: boolean;
  };
}

/** The ensemble with a discrepancy draw per member (applyDiscrepancy) and the discrepancy itself. */
export interface Predictive {
  readonly runs: readonly Summary[];
  readonly discrepancy: Discrepancy;
}

/** Linear-interpolation quantile (type 7) of a sorted array. */
function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Mean and 5th/95th percentiles (type 7) of a figure over the runs that have the year; NaN where none has it. */
export function distribution(
  runs: readonly Summary[],
  year: number,
  pick: (y: Summary["years"][number]) => number,
) {
  const values = runs.flatMap((run) => {
    const y = run.years.find((entry) => entry.year === year);
    return y ? [pick(y)] : [];
  });
  values.sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  return { mean, p5: quantileSorted(values, 0.05), p95: quantileSorted(values, 0.95) };
}

type Distribution = { mean: number; p5: number; p95: number };

function row(
  zone: string,
  year: number,
  observed: number,
  d: Distribution,
  predictive: Distribution | undefined,
): FitRow {
  return {
    zone,
    year,
    observed,
    mean: d.mean,
    p5: d.p5,
    p95: d.p95,
    error: d.mean - observed,
    absPercentError: Math.abs(d.mean - observed) / observed,
    inside90: observed >= d.p5 && observed <= d.p95,
    ...(predictive
      ? {
          predictiveP5: predictive.p5,
          predictiveP95: predictive.p95,
          insidePredictive90: observed >= predictive.p5 && observed <= predictive.p95,
        }
      : {}),
  };
}

const shareInside = (rows: readonly FitRow[], inside: (r: FitRow) => boolean | undefined) =>
  rows.length ? rows.filter((r) => inside(r) === true).length / rows.length : 0;

function summarise(zone: string, rows: readonly FitRow[], predictive: boolean): FitSummary {
  const n = rows.length;
  return {
    zone,
    bias: n ? rows.reduce((s, r) => s + r.error, 0) / n : 0,
    mape: n ? rows.reduce((s, r) => s + r.absPercentError, 0) / n : 0,
    coverage90: shareInside(rows, (r) => r.inside90),
    ...(predictive ? { predictiveCoverage90: shareInside(rows, (r) => r.insidePredictive90) } : {}),
    years: n,
  };
}

/**
 * The report on `runs` for `years`; with `predictive`, each row also gets the
 * predictive interval (the same members with the discrepancy added).
 */
export function fitReport(
  runs: readonly Summary[],
  years: readonly number[] = VALIDATION_YEARS,
  predictive?: Predictive,
): FitReport {
  const zonePick = (zone: string) => (y: Summary["years"][number]) => y.hectares.byZone[zone] ?? 0;
  const nationalPick = (y: Summary["years"][number]) => y.hectares.total;
  const zoneRows = observedZoneYears(years).map(({ zone, year, hectares }) =>
    row(
      zone,
      year,
      hectares,
      distribution(runs, year, zonePick(zone)),
      predictive && distribution(predictive.runs, year, zonePick(zone)),
    ),
  );
  const nationalRows = observedNational(years).map(({ year, hectares }) =>
    row(
      "national",
      year,
      hectares,
      distribution(runs, year, nationalPick),
      predictive && distribution(predictive.runs, year, nationalPick),
    ),
  );
  const hasPredictive = predictive !== undefined;
  const byZone = ZONE_NAMES.filter((z) => z !== OTHER_ZONES).map((zone) =>
    summarise(
      zone,
      zoneRows.filter((r) => r.zone === zone),
      hasPredictive,
    ),
  );
  const weight = zoneRows.reduce((s, r) => s + r.observed, 0);
  const weightedZoneError =
    weight > 0 ? zoneRows.reduce((s, r) => s + r.observed * r.absPercentError, 0) / weight : 0;
  const zoneCoverage90 = shareInside(zoneRows, (r) => r.inside90);
  const zonePredictiveCoverage90 = shareInside(zoneRows, (r) => r.insidePredictive90);
  return {
    runs: runs.length,
    years,
    rows: [...nationalRows, ...zoneRows],
    byZone,
    national: summarise("national", nationalRows, hasPredictive),
    weightedZoneError,
    zoneCoverage90,
    ...(predictive ? { discrepancy: predictive.discrepancy, zonePredictiveCoverage90 } : {}),
    targets: {
      nationalErrorEachYearAtMost10:
        nationalRows.length > 0 && nationalRows.every((r) => r.absPercentError <= 0.1),
      weightedZoneErrorAtMost25: weightedZoneError <= 0.25,
      coverageAtLeast80: zoneCoverage90 >= 0.8,
      ...(predictive ? { predictiveCoverageAtLeast80: zonePredictiveCoverage90 >= 0.8 } : {}),
    },
  };
}

/** The report as a Markdown table (one row per zone-year and per national year). */
export function fitReportTable(report: FitReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ha = (x: number) => Math.round(x).toLocaleString("en-US");
  const yes = (inside: boolean | undefined) => (inside ? "yes" : "no");
  // The predictive columns only when the report has a predictive interval.
  const predictive = report.discrepancy !== undefined;
  const head = [
    "zone",
    "year",
    "observed ha",
    "simulated mean",
    "90% interval",
    "error",
    "abs % error",
    "inside 90%",
    ...(predictive ? ["predictive 90%", "inside"] : []),
  ];
  const align = [
    "---",
    "---",
    "---:",
    "---:",
    "---",
    "---:",
    "---:",
    "---",
    ...(predictive ? ["---", "---"] : []),
  ];
  const cells = (r: FitRow) => [
    r.zone,
    String(r.year),
    ha(r.observed),
    ha(r.mean),
    `${ha(r.p5)}–${ha(r.p95)}`,
    ha(r.error),
    pct(r.absPercentError),
    yes(r.inside90),
    ...(predictive
      ? [
          `${ha(r.predictiveP5 ?? Number.NaN)}–${ha(r.predictiveP95 ?? Number.NaN)}`,
          yes(r.insidePredictive90),
        ]
      : []),
  ];
  const line = (values: readonly string[]) => `| ${values.join(" | ")} |`;
  const lines = [line(head), line(align), ...report.rows.map((r) => line(cells(r)))];
  return lines.join("\n") + "\n";
}

/**
 * Every simulated year's bands as CSV, nationally and for every zone: the mean, the
 * ensemble's 5th and 95th percentiles and, with `predictiveRuns`, the predictive
 * ones. One row per (zone, year), "national" first, then the zones in their order.
 */
export function bandsCsv(runs: readonly Summary[], predictiveRuns?: readonly Summary[]): string {
  const years = [...new Set(runs.flatMap((r) => r.years.map((y) => y.year)))].sort((a, b) => a - b);
  const round = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 10) / 10) : "");
  const lines = ["zone,year,mean_ha,p5_ha,p95_ha,predictive_p5_ha,predictive_p95_ha"];
  for (const zone of ["national", ...ZONE_NAMES]) {
    const pick = (y: Summary["years"][number]) =>
      zone === "national" ? y.hectares.total : (y.hectares.byZone[zone] ?? 0);
    const name = /[",\r\n]/.test(zone) ? `"${zone.replace(/"/g, '""')}"` : zone;
    for (const year of years) {
      const d = distribution(runs, year, pick);
      const p = predictiveRuns ? distribution(predictiveRuns, year, pick) : undefined;
      lines.push(
        [
          name,
          year,
          round(d.mean),
          round(d.p5),
          round(d.p95),
          round(p?.p5 ?? Number.NaN),
          round(p?.p95 ?? Number.NaN),
        ].join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The national chart: the bands against DEVIDA's national series from the calibration's first year. */
export function nationalChartSvg(runs: readonly Summary[], predictiveRuns?: readonly Summary[]): string {
  return zoneChartSvg(
    runs,
    "national",
    nationalSeries("Peru").filter((o) => o.year >= CALIBRATION_YEARS[0]),
    Math.max(...CALIBRATION_YEARS),
    predictiveRuns,
  );
}

/**
 * An SVG chart of one zone (or "national"): the ensemble's 90% band and mean for
 * every simulated year, the wider predictive band when `predictiveRuns` are given, observed points for every recorded year, and a line
 * where calibration ends.
 */
export function zoneChartSvg(
  runs: readonly Summary[],
  zone: string,
  observed: readonly { year: number; hectares: number }[],
  calibrationEnd: number,
  predictiveRuns?: readonly Summary[],
): string {
  const pick = (y: Summary["years"][number]) =>
    zone === "national" ? y.hectares.total : (y.hectares.byZone[zone] ?? 0);
  const years = [...new Set(runs.flatMap((r) => r.years.map((y) => y.year)))].sort((a, b) => a - b);
  const bands = years.map((year) => ({ year, ...distribution(runs, year, pick) }));
  // The predictive band (the discrepancy grows from zero at the start of the run).
  const outer = predictiveRuns
    ? years.map((year) => ({ year, ...distribution(predictiveRuns, year, pick) }))
    : [];
  const width = 640;
  const height = 320;
  const m = { left: 70, right: 20, top: 36, bottom: 40 };
  const x0 = years[0] ?? 2018;
  const x1 = years[years.length - 1] ?? 2030;
  const yMax =
    Math.max(1, ...bands.map((b) => b.p95), ...outer.map((b) => b.p95), ...observed.map((o) => o.hectares)) *
    1.1;
  const sx = (year: number) => m.left + ((year - x0) / Math.max(1, x1 - x0)) * (width - m.left - m.right);
  const sy = (v: number) => height - m.bottom - (v / yMax) * (height - m.top - m.bottom);
  const f = (v: number) => v.toFixed(1);
  const polygon = (rows: readonly { year: number; p5: number; p95: number }[]) =>
    [
      ...rows.map((b) => `${f(sx(b.year))},${f(sy(b.p95))}`),
      ...rows
        .slice()
        .reverse()
        .map((b) => `${f(sx(b.year))},${f(sy(b.p5))}`),
    ].join(" ");
  const band = polygon(bands);
  const mean = bands.map((b) => `${f(sx(b.year))},${f(sy(b.mean))}`).join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((q) => q * yMax);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(zone)}: simulated coca hectares (90% band, mean) against DEVIDA</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${m.left}" y="20" font-size="14" font-weight="bold">${esc(zone)} — coca hectares</text>`,
    ...ticks.map(
      (t) =>
        `<line x1="${m.left}" x2="${width - m.right}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#ddd"/><text x="${m.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${Math.round(t).toLocaleString("en-US")}</text>`,
    ),
    ...years.map(
      (y) => `<text x="${f(sx(y))}" y="${height - m.bottom + 16}" text-anchor="middle">${y}</text>`,
    ),
    `<line x1="${f(sx(calibrationEnd + 0.5))}" x2="${f(sx(calibrationEnd + 0.5))}" y1="${m.top}" y2="${height - m.bottom}" stroke="#888" stroke-dasharray="4 3"/>`,
    `<text x="${f(sx(calibrationEnd + 0.5) + 4)}" y="${m.top + 10}" fill="#555">out of sample →</text>`,
    ...(outer.length > 1
      ? [`<polygon points="${polygon(outer)}" fill="#4e79a7" fill-opacity="0.12" stroke="none"/>`]
      : []),
    `<polygon points="${band}" fill="#4e79a7" fill-opacity="0.25" stroke="none"/>`,
    `<polyline points="${mean}" fill="none" stroke="#4e79a7" stroke-width="2"/>`,
    ...observed.map(
      (o) =>
        `<circle cx="${f(sx(o.year))}" cy="${f(sy(o.hectares))}" r="4" fill="#e15759"><title>DEVIDA ${o.year}: ${Math.round(o.hectares)} ha</title></circle>`,
    ),
    `<text x="${width - m.right}" y="${height - 6}" text-anchor="end" fill="#555">${
      outer.length > 1
        ? `dark band: simulated 90% (${runs.length} runs); light: with model discrepancy; line: mean; dots: DEVIDA`
        : `band: simulated 90% interval (${runs.length} runs); line: mean; dots: DEVIDA`
    }</text>`,
    "</svg>",
    "",
  ].join("\n");
}
