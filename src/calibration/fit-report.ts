/**
 * The out-of-sample fit report: an ensemble of the calibrated scenario against the
 * record for the validation years (2022–2024), which calibration never sees. For
 * each zone and nationally: error, bias, mean absolute percentage error and whether
 * each observation falls inside the ensemble's 90% interval; and an SVG chart per
 * zone (the simulated band against the observed points). Pure: no I/O.
 */
import type { Summary } from "../model/results.ts";
import { OTHER_ZONES, ZONE_NAMES } from "../model/zones/zones.ts";
import { observedNational, observedZoneYears, VALIDATION_YEARS } from "./targets.ts";

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
}

export interface FitSummary {
  readonly zone: string;
  readonly bias: number;
  readonly mape: number;
  readonly coverage90: number;
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
  readonly targets: {
    readonly nationalErrorEachYearAtMost10: boolean;
    readonly weightedZoneErrorAtMost25: boolean;
    readonly coverageAtLeast80: boolean;
  };
}

/** Linear-interpolation quantile (type 7) of a sorted array. */
function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

function distribution(runs: readonly Summary[], year: number, pick: (y: Summary["years"][number]) => number) {
  const values = runs.flatMap((run) => {
    const y = run.years.find((entry) => entry.year === year);
    return y ? [pick(y)] : [];
  });
  values.sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  return { mean, p5: quantileSorted(values, 0.05), p95: quantileSorted(values, 0.95) };
}

function row(
  zone: string,
  year: number,
  observed: number,
  d: { mean: number; p5: number; p95: number },
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
  };
}

function summarise(zone: string, rows: readonly FitRow[]): FitSummary {
  const n = rows.length;
  return {
    zone,
    bias: n ? rows.reduce((s, r) => s + r.error, 0) / n : 0,
    mape: n ? rows.reduce((s, r) => s + r.absPercentError, 0) / n : 0,
    coverage90: n ? rows.filter((r) => r.inside90).length / n : 0,
    years: n,
  };
}

export function fitReport(runs: readonly Summary[], years: readonly number[] = VALIDATION_YEARS): FitReport {
  const zoneRows = observedZoneYears(years).map(({ zone, year, hectares }) =>
    row(
      zone,
      year,
      hectares,
      distribution(runs, year, (y) => y.hectares.byZone[zone] ?? 0),
    ),
  );
  const nationalRows = observedNational(years).map(({ year, hectares }) =>
    row(
      "national",
      year,
      hectares,
      distribution(runs, year, (y) => y.hectares.total),
    ),
  );
  const byZone = ZONE_NAMES.filter((z) => z !== OTHER_ZONES).map((zone) =>
    summarise(
      zone,
      zoneRows.filter((r) => r.zone === zone),
    ),
  );
  const weight = zoneRows.reduce((s, r) => s + r.observed, 0);
  const weightedZoneError =
    weight > 0 ? zoneRows.reduce((s, r) => s + r.observed * r.absPercentError, 0) / weight : 0;
  const zoneCoverage90 = zoneRows.length ? zoneRows.filter((r) => r.inside90).length / zoneRows.length : 0;
  return {
    runs: runs.length,
    years,
    rows: [...nationalRows, ...zoneRows],
    byZone,
    national: summarise("national", nationalRows),
    weightedZoneError,
    zoneCoverage90,
    targets: {
      nationalErrorEachYearAtMost10:
        nationalRows.length > 0 && nationalRows.every((r) => r.absPercentError <= 0.1),
      weightedZoneErrorAtMost25: weightedZoneError <= 0.25,
      coverageAtLeast80: zoneCoverage90 >= 0.8,
    },
  };
}

/** The report as a Markdown table (one row per zone-year and per national year). */
export function fitReportTable(report: FitReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ha = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    "| zone | year | observed ha | simulated mean | 90% interval | error | abs % error | inside 90% |",
    "| --- | --- | ---: | ---: | --- | ---: | ---: | --- |",
    ...report.rows.map(
      (r) =>
        `| ${r.zone} | ${r.year} | ${ha(r.observed)} | ${ha(r.mean)} | ${ha(r.p5)}–${ha(r.p95)} | ${ha(r.error)} | ${pct(r.absPercentError)} | ${r.inside90 ? "yes" : "no"} |`,
    ),
  ];
  return lines.join("\n") + "\n";
}

/**
 * An SVG chart of one zone (or "national"): the ensemble's 90% band and mean for
 * every simulated year, observed points for every recorded year, and a line where
 * calibration ends.
 */
export function zoneChartSvg(
  runs: readonly Summary[],
  zone: string,
  observed: readonly { year: number; hectares: number }[],
  calibrationEnd: number,
): string {
  const pick = (y: Summary["years"][number]) =>
    zone === "national" ? y.hectares.total : (y.hectares.byZone[zone] ?? 0);
  const years = [...new Set(runs.flatMap((r) => r.years.map((y) => y.year)))].sort((a, b) => a - b);
  const bands = years.map((year) => ({ year, ...distribution(runs, year, pick) }));
  const width = 640;
  const height = 320;
  const m = { left: 70, right: 20, top: 36, bottom: 40 };
  const x0 = years[0] ?? 2018;
  const x1 = years[years.length - 1] ?? 2030;
  const yMax = Math.max(1, ...bands.map((b) => b.p95), ...observed.map((o) => o.hectares)) * 1.1;
  const sx = (year: number) => m.left + ((year - x0) / Math.max(1, x1 - x0)) * (width - m.left - m.right);
  const sy = (v: number) => height - m.bottom - (v / yMax) * (height - m.top - m.bottom);
  const f = (v: number) => v.toFixed(1);
  const band = [
    ...bands.map((b) => `${f(sx(b.year))},${f(sy(b.p95))}`),
    ...bands
      .slice()
      .reverse()
      .map((b) => `${f(sx(b.year))},${f(sy(b.p5))}`),
  ].join(" ");
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
    `<polygon points="${band}" fill="#4e79a7" fill-opacity="0.25" stroke="none"/>`,
    `<polyline points="${mean}" fill="none" stroke="#4e79a7" stroke-width="2"/>`,
    ...observed.map(
      (o) =>
        `<circle cx="${f(sx(o.year))}" cy="${f(sy(o.hectares))}" r="4" fill="#e15759"><title>DEVIDA ${o.year}: ${Math.round(o.hectares)} ha</title></circle>`,
    ),
    `<text x="${width - m.right}" y="${height - 6}" text-anchor="end" fill="#555">band: simulated 90% interval (${runs.length} runs); line: mean; dots: DEVIDA</text>`,
    "</svg>",
    "",
  ].join("\n");
}
