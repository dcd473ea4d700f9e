/**
 * The charts (Observable Plot, SVG): hectares against DEVIDA's record, exports
 * by mode, seizures, prices, arrests and spending. The baseline is drawn solid
 * and a policy run dashed; under each chart a bar chart shows policy − baseline
 * by year when there is a policy run.
 */
import * as Plot from "@observablehq/plot";
import { nationalSeries, observedDepartmentHectares, zoneSeries } from "../data/record.ts";
import type { EnsembleSummary } from "../ensemble/summarise.ts";
import { ZONE_NAMES } from "../model/zones/zones.ts";
import { POLICY_KINDS, TRANSPORT_MODES } from "../scenario/types.ts";
import {
  arrests,
  type BandPoint,
  differences,
  exportsByMode,
  hectareBand,
  hectares,
  prices,
  type Run,
  seizuresBySource,
  spendingByLever,
  totalDifferences,
  type YearPoint,
} from "./data.ts";
import { formatNumber, kindLabel, type MessageKey, modeLabel, t } from "./i18n.ts";
import { MODE_COLOURS } from "./map.ts";

const WIDTH = 460;
const HEIGHT = 230;
const DIFF_HEIGHT = 130;
const KIND_COLOURS = ["#C85200", "#4E79A7", "#2C8FC9", "#0072B2", "#B5508F", "#8C564B", "#B00020", "#2E7D32"];
const LOG_TICKS = [1, 3, 10, 30, 100, 300, 1000, 3000];
const PRICE_COLOURS = ["#2E7D32", "#8C564B", "#332288"];

interface Colours {
  readonly domain: readonly string[];
  readonly range: readonly string[];
  readonly label: (series: string) => string;
}

interface ChartSpec {
  readonly id: string;
  readonly title: MessageKey;
  readonly note?: string;
  readonly baseline: readonly YearPoint[];
  readonly policy?: readonly YearPoint[];
  /** Observed points drawn as dots (DEVIDA's record). */
  readonly record?: readonly YearPoint[];
  /** 90% bands over an ensemble: the baseline's filled, the policy's outlined. */
  readonly bands?: { readonly baseline?: readonly BandPoint[]; readonly policy?: readonly BandPoint[] };
  readonly colours: Colours;
  readonly yLabel: string;
  readonly logY?: boolean;
  /** Baseline as stacked areas (policy total as a dashed line) rather than lines. */
  readonly stacked?: boolean;
  /** How differences are shown: by series, as the total, or in percent by series. */
  readonly diff: "series" | "total" | "percent";
  /** Extra controls shown above the chart. */
  readonly controls?: HTMLElement;
}

function colourScale(colours: Colours): Plot.ScaleOptions {
  return {
    domain: [...colours.domain],
    range: [...colours.range],
    legend: colours.domain.length > 1,
    tickFormat: (d: string) => colours.label(d),
  };
}

const yearFormat = (d: number) => String(d);

/** The log ticks within the data's range (Plot would draw the others outside the frame). */
function logTicks(spec: ChartSpec): number[] {
  const values = [...spec.baseline, ...(spec.policy ?? [])].map((p) => p.value).filter((v) => v > 0);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return LOG_TICKS.filter((tick) => tick >= min && tick <= max);
}

/** Every other year, for the band axis of the difference charts. */
function evenYears(points: readonly YearPoint[]): number[] {
  return [...new Set(points.map((p) => p.year))].filter((year) => year % 2 === 0);
}

function mainPlot(spec: ChartSpec): Element {
  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: "#888" })];
  const stroke = spec.colours.domain.length > 1 ? "series" : spec.colours.range[0];
  // The baseline's band filled, the policy's outlined, so that both read where they overlap.
  const bandColour = spec.colours.range[0];
  const bandStyles = {
    baseline: { fill: bandColour, fillOpacity: 0.18 },
    policy: { fill: "none", stroke: bandColour, strokeOpacity: 0.7, strokeDasharray: "2 2" },
  } as const;
  for (const run of ["baseline", "policy"] as const) {
    const band = spec.bands?.[run];
    if (band) {
      marks.push(
        Plot.areaY(band, {
          x: "year",
          y1: "p5",
          y2: "p95",
          ...bandStyles[run],
          ariaDescription: `${run}-band`,
        }),
      );
    }
  }
  if (spec.stacked) {
    marks.push(Plot.areaY(spec.baseline, { x: "year", y: "value", fill: "series", fillOpacity: 0.85 }));
    if (spec.policy) {
      const sum = new Map<number, number>();
      for (const p of spec.policy) sum.set(p.year, (sum.get(p.year) ?? 0) + p.value);
      marks.push(
        Plot.lineY(
          [...sum].map(([year, value]) => ({ year, value })),
          { x: "year", y: "value", stroke: "#111", strokeWidth: 2, strokeDasharray: "5 3" },
        ),
      );
    }
  } else {
    marks.push(Plot.lineY(spec.baseline, { x: "year", y: "value", stroke, strokeWidth: 2 }));
    if (spec.policy) {
      marks.push(
        Plot.lineY(spec.policy, { x: "year", y: "value", stroke, strokeWidth: 2, strokeDasharray: "5 3" }),
      );
    }
  }
  if (spec.record) {
    marks.push(
      Plot.dot(spec.record, {
        x: "year",
        y: "value",
        fill: "#111",
        r: 3.5,
        stroke: "#fff",
        symbol: "diamond",
      }),
    );
  }
  marks.push(
    Plot.tip(
      spec.policy ? [...spec.baseline, ...spec.policy] : spec.baseline,
      Plot.pointer({
        x: "year",
        y: "value",
        title: (d: YearPoint) =>
          `${d.year} · ${spec.colours.label(d.series)}: ${formatNumber(d.value, d.value < 100 ? 2 : 0)}`,
      }),
    ),
  );
  return Plot.plot({
    width: WIDTH,
    height: HEIGHT,
    marginLeft: 56,
    ariaLabel: t(spec.title),
    style: { fontSize: "12px", background: "transparent", color: "#1a1a1a" },
    x: { label: t("chart.year"), tickFormat: yearFormat, ticks: 6 },
    y: spec.logY
      ? {
          label: spec.yLabel,
          grid: true,
          type: "log",
          ticks: logTicks(spec),
          tickFormat: (d: number) => formatNumber(d),
        }
      : { label: spec.yLabel, grid: true },
    color: colourScale(spec.colours),
    marks,
  });
}

function diffPlot(spec: ChartSpec): Element | undefined {
  if (!spec.policy) return undefined;
  let data: YearPoint[];
  if (spec.diff === "total") data = totalDifferences(spec.baseline, spec.policy);
  else if (spec.diff === "percent") {
    const base = new Map(spec.baseline.map((p) => [`${p.year}|${p.series}`, p.value]));
    data = spec.policy.flatMap((p) => {
      const b = base.get(`${p.year}|${p.series}`);
      return b ? [{ year: p.year, series: p.series, value: ((p.value - b) / b) * 100 }] : [];
    });
  } else data = differences(spec.baseline, spec.policy);
  const total = spec.diff === "total" || spec.colours.domain.length <= 1;
  return Plot.plot({
    width: WIDTH,
    height: DIFF_HEIGHT,
    marginLeft: 56,
    ariaLabel: `${t(spec.title)}: ${t("chart.diff")}`,
    style: { fontSize: "11px", background: "transparent", color: "#1a1a1a" },
    x: { label: null, type: "band", ticks: evenYears(data), tickFormat: yearFormat },
    y: { label: null, grid: true },
    color: total ? undefined : { ...colourScale(spec.colours), legend: false },
    marks: [
      Plot.barY(data, {
        x: "year",
        y: "value",
        fill: total ? "#555" : "series",
        ...(spec.diff === "percent" ? { offset: null } : {}),
      }),
      Plot.ruleY([0], { stroke: "#222" }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: "year",
          y: "value",
          title: (d: YearPoint) =>
            `${d.year} · ${total ? t("series.total") : spec.colours.label(d.series)}: ${d.value > 0 ? "+" : ""}${formatNumber(d.value, Math.abs(d.value) < 100 ? 2 : 0)}`,
        }),
      ),
    ],
  });
}

function card(spec: ChartSpec): HTMLElement {
  const section = document.createElement("section");
  section.className = "chart-card";
  section.id = `chart-${spec.id}`;
  section.setAttribute("aria-labelledby", `chart-${spec.id}-title`);
  const heading = document.createElement("h3");
  heading.id = `chart-${spec.id}-title`;
  heading.textContent = t(spec.title);
  section.appendChild(heading);
  if (spec.controls) section.appendChild(spec.controls);
  const body = document.createElement("div");
  body.className = "chart-body";
  body.appendChild(mainPlot(spec));
  section.appendChild(body);
  const diff = diffPlot(spec);
  if (diff) {
    const diffBox = document.createElement("div");
    diffBox.className = "chart-diff";
    const caption = document.createElement("p");
    caption.className = "chart-diff-title";
    caption.textContent = spec.diff === "percent" ? `${t("chart.diff")} (%)` : t("chart.diff");
    diffBox.append(caption, diff);
    section.appendChild(diffBox);
  }
  if (spec.note) {
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = spec.note;
    section.appendChild(note);
  }
  return section;
}

/** DEVIDA's hectares of a department in a year (for the map's tooltips; Lima Province has none of its own). */
export function departmentHectares(iso: string, year: number): number | undefined {
  return iso === "PE-LMA" ? undefined : observedDepartmentHectares(iso, year);
}

const ALL = "";

/** What the hectares chart shows of the uncertainty band, and its button's state. */
export interface BandsView {
  readonly runs: number;
  readonly baseline?: EnsembleSummary;
  readonly policy?: EnsembleSummary;
  readonly varies?: "seed" | "posterior";
  /** A band is being computed: the button waits. */
  readonly running: boolean;
}

export class Charts {
  private readonly container: HTMLElement;
  private readonly onShowBands: () => void;
  private zone = ALL;
  private baseline: Run | undefined;
  private policy: Run | undefined;
  private bands: BandsView = { runs: 0, running: false };

  constructor(container: HTMLElement, onShowBands: () => void = () => {}) {
    this.container = container;
    this.onShowBands = onShowBands;
  }

  setBands(bands: BandsView): void {
    this.bands = bands;
    this.render();
  }

  update(baseline: Run | undefined, policy: Run | undefined): void {
    this.baseline = baseline;
    this.policy = policy;
    this.render();
  }

  render(): void {
    const focused = document.activeElement?.id;
    const { baseline, policy } = this;
    if (!baseline) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = t("chart.waiting");
      this.container.replaceChildren(p);
      return;
    }
    const modes: Colours = {
      domain: TRANSPORT_MODES,
      range: TRANSPORT_MODES.map((m) => MODE_COLOURS[m]),
      label: (s) => modeLabel(s as (typeof TRANSPORT_MODES)[number]),
    };
    const zone = this.zone === ALL ? undefined : this.zone;
    const record = (zone === undefined ? nationalSeries("Peru", "DEVIDA") : zoneSeries(zone, "DEVIDA")).map(
      (r) => ({ year: r.year, series: "record", value: r.hectares }),
    );
    const specs: ChartSpec[] = [
      {
        id: "hectares",
        title: "chart.hectares",
        note: t("chart.hectares.note"),
        baseline: hectares(baseline, zone),
        policy: policy && hectares(policy, zone),
        record,
        bands: {
          baseline: this.bands.baseline && hectareBand(this.bands.baseline, zone),
          policy: policy && this.bands.policy ? hectareBand(this.bands.policy, zone) : undefined,
        },
        colours: { domain: [zone ?? "total"], range: ["#2E7D32"], label: () => t("series.model") },
        yLabel: "ha",
        diff: "total",
        controls: this.hectareControls(),
      },
      {
        id: "exports",
        title: "chart.exports",
        baseline: exportsByMode(baseline),
        policy: policy && exportsByMode(policy),
        colours: modes,
        yLabel: "t",
        diff: "series",
      },
      {
        id: "seizures",
        title: "chart.seizures",
        baseline: seizuresBySource(baseline),
        policy: policy && seizuresBySource(policy),
        colours: {
          domain: [...TRANSPORT_MODES, "labs"],
          range: [...TRANSPORT_MODES.map((m) => MODE_COLOURS[m]), "#B00020"],
          label: (s) => (s === "labs" ? t("series.labs") : modeLabel(s as (typeof TRANSPORT_MODES)[number])),
        },
        yLabel: "t",
        diff: "series",
      },
      {
        id: "prices",
        title: "chart.prices",
        baseline: prices(baseline),
        policy: policy && prices(policy),
        colours: {
          domain: ["leaf", "base", "hcl"],
          range: PRICE_COLOURS,
          label: (s) => t(s === "leaf" ? "series.leaf" : s === "base" ? "series.base" : "series.hcl"),
        },
        yLabel: "USD/kg",
        logY: true,
        diff: "percent",
      },
      {
        id: "arrests",
        title: "chart.arrests",
        baseline: arrests(baseline),
        policy: policy && arrests(policy),
        colours: { domain: ["arrests"], range: ["#332288"], label: () => t("series.arrests") },
        yLabel: t("series.arrests"),
        diff: "total",
      },
      {
        id: "spending",
        title: "chart.spending",
        baseline: spendingByLever(baseline),
        policy: policy && spendingByLever(policy),
        colours: {
          domain: POLICY_KINDS,
          range: KIND_COLOURS,
          label: (s) => kindLabel(s as (typeof POLICY_KINDS)[number]),
        },
        yLabel: "USD M",
        stacked: true,
        diff: "series",
      },
    ];
    const legend = document.createElement("p");
    legend.className = "note chart-key";
    legend.textContent = policy
      ? `— ${t("series.baseline")}   - - ${t("series.policy")}   ◆ ${t("series.record")}`
      : `— ${t("series.baseline")}   ◆ ${t("series.record")}`;
    const parts: Element[] = [legend];
    if (this.bands.baseline && this.bands.varies) {
      const key = document.createElement("p");
      key.className = "note chart-key";
      key.id = "bands-key";
      key.textContent = t(this.bands.varies === "posterior" ? "bands.key.posterior" : "bands.key.seed", {
        runs: this.bands.baseline.runs,
      });
      parts.push(key);
    }
    this.container.replaceChildren(...parts, ...specs.map(card));
    if (focused) document.getElementById(focused)?.focus();
  }

  /** The zone selector and the button that computes the uncertainty band. */
  private hectareControls(): HTMLElement {
    const controls = document.createElement("div");
    controls.className = "inline-controls";
    const button = document.createElement("button");
    button.type = "button";
    button.id = "bands-button";
    button.className = "secondary";
    button.textContent = t("bands.show", { runs: this.bands.runs });
    // Nothing to add once both bands are shown (or the baseline's, without a policy).
    const complete = this.bands.baseline !== undefined && (!this.policy || this.bands.policy !== undefined);
    button.disabled = this.bands.running || complete;
    button.addEventListener("click", () => this.onShowBands());
    controls.append(this.zoneSelect(), button);
    return controls;
  }

  private zoneSelect(): HTMLElement {
    const label = document.createElement("label");
    label.className = "inline-control";
    label.textContent = `${t("chart.hectares.zone")} `;
    const select = document.createElement("select");
    select.id = "hectares-zone";
    const options: [string, string][] = [
      [ALL, t("chart.hectares.all")],
      ...ZONE_NAMES.map((z) => [z, z] as [string, string]),
    ];
    for (const [value, text] of options) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = text;
      option.selected = value === this.zone;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      this.zone = select.value;
      this.render();
    });
    label.appendChild(select);
    return label;
  }
}
