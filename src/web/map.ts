/**
 * The map: Peru's departments and its neighbours (Natural Earth, built into the
 * bundle at build time), the growing zones sized and coloured by hectares, the
 * network's legs coloured by mode with their width showing the month's flow,
 * seizures and eradication, all drawn as SVG with d3-geo. No tiles, no network.
 *
 * Keyboard: the zones and the routes are each one tab stop; the arrow keys move
 * between their items (a roving tabindex) and focus shows the same tooltip as
 * hovering.
 */

import { COUNTRIES, DEPARTMENTS } from "virtual:cocasim-boundaries";
import { type GeoPermissibleObjects, geoMercator, geoPath } from "d3-geo";
import { EDGES, NODES, type NodeData } from "../model/trafficking/network-data.ts";
import { ZONES } from "../model/zones/zones.ts";
import { TRANSPORT_MODES, type TransportMode } from "../scenario/types.ts";
import { edgeMonth, maxMonthly, maxOf, monthlyValue, type Run } from "./data.ts";
import { formatNumber, type MessageKey, modeLabel, t } from "./i18n.ts";

export const MAP_WIDTH = 640;
export const MAP_HEIGHT = 760;

/** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. */
export const MODE_COLOURS: Readonly<Record<TransportMode, string>> = {
  road: "#C85200",
  river: "#0072B2",
  air: "#B5508F",
  foot: "#007A5A",
  lake: "#2C8FC9",
  sea: "#332288",
};
/** Bend of each mode's curve, as a share of the leg's length (keeps legs between the same places apart). */
const MODE_BEND: Readonly<Record<TransportMode, number>> = {
  road: 0,
  river: 0.09,
  air: 0.22,
  foot: -0.1,
  lake: 0.05,
  sea: 0.12,
};
const SEIZURE_COLOUR = "#B00020";
const ERADICATION_COLOUR = "#E69F00";

const SVG_NS = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.appendChild(element);
  return element;
}

const projection = geoMercator().fitExtent(
  [
    [6, 6],
    [MAP_WIDTH - 6, MAP_HEIGHT - 6],
  ],
  {
    type: "MultiPoint",
    coordinates: [
      [-82.9, 0.6],
      [-66.3, -18.6],
    ],
  },
);
const path = geoPath(projection);

function project(lon: number, lat: number): [number, number] {
  const p = projection([lon, lat]) ?? [0, 0];
  return [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10];
}

function featurePath(polygons: readonly (readonly (readonly [number, number])[])[][]): string {
  const geometry = { type: "MultiPolygon", coordinates: polygons } as unknown as GeoPermissibleObjects;
  return path(geometry) ?? "";
}

/** Sequential fill for hectares: light yellow to dark green. */
export function zoneFill(share: number): string {
  const stops = [
    [255, 243, 176],
    [120, 190, 90],
    [27, 94, 32],
  ];
  const x = Math.max(0, Math.min(1, share)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

interface EdgeGeometry {
  readonly id: string;
  readonly from: NodeData;
  readonly to: NodeData;
  readonly mode: TransportMode;
  readonly d: string;
  /** Point halfway along the curve. */
  readonly mid: [number, number];
}

function edgeGeometry(from: NodeData, to: NodeData, mode: TransportMode): EdgeGeometry {
  const a = project(from.lon, from.lat);
  const b = project(to.lon, to.lat);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const bend = MODE_BEND[mode];
  const c: [number, number] = [(a[0] + b[0]) / 2 - dy * bend, (a[1] + b[1]) / 2 + dx * bend];
  const mid: [number, number] = [
    0.25 * a[0] + 0.5 * c[0] + 0.25 * b[0],
    0.25 * a[1] + 0.5 * c[1] + 0.25 * b[1],
  ];
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    id: `${from.id}-${to.id}-${mode}`,
    from,
    to,
    mode,
    d: `M${a[0]},${a[1]}Q${r(c[0])},${r(c[1])} ${b[0]},${b[1]}`,
    mid,
  };
}

const COUNTRY_LABELS: readonly [string, number, number][] = [
  ["EC", -78.6, -1.4],
  ["CO", -72.8, 0.1],
  ["BR", -68.4, -6.6],
  ["BO", -67.4, -15.9],
  ["CL", -69.4, -18.3],
];

/** DEVIDA's hectares of a department (ISO 3166-2 code) in a year, if recorded. */
export type DepartmentLookup = (iso: string, year: number) => number | undefined;

export interface MapState {
  /** The run drawn (the policy run, or the baseline). */
  readonly shown?: Run;
  /** The baseline, for the dashed rings and the tooltips' comparison (when `shown` is the policy run). */
  readonly baseline?: Run;
  readonly month: string;
}

export class MapView {
  readonly svg: SVGSVGElement;
  private readonly tooltip: HTMLElement;
  private readonly container: HTMLElement;
  private readonly edges: EdgeGeometry[];
  private readonly edgeElements = new Map<string, SVGPathElement>();
  private readonly seizureElements = new Map<string, SVGGElement>();
  private readonly zoneElements = new Map<string, SVGCircleElement>();
  private readonly ringElements = new Map<string, SVGCircleElement>();
  private readonly eradicationElements = new Map<string, SVGPathElement>();
  private readonly labSeizureElements = new Map<string, SVGGElement>();
  private readonly countryLabels: SVGTextElement[] = [];
  private state: MapState = { month: "2018-01" };
  private scales = { zoneHa: 1, flowKg: 1, seizedKg: 1, eradicatedHa: 1, labSeizedKg: 1 };
  private tooltipFor: Element | undefined;
  private departmentHectares: DepartmentLookup | undefined;

  constructor(container: HTMLElement, tooltip: HTMLElement) {
    this.container = container;
    this.tooltip = tooltip;
    const nodes = new Map(NODES.map((n) => [n.id, n]));
    this.edges = EDGES.map((e) => edgeGeometry(nodes.get(e.from)!, nodes.get(e.to)!, e.mode));
    this.svg = svg("svg", {
      viewBox: `0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`,
      role: "group",
      "aria-labelledby": "map-title",
      "aria-describedby": "map-keys",
      class: "map-svg",
    });
    this.draw();
    container.appendChild(this.svg);
    this.scales.zoneHa = Math.max(...ZONES.map((z) => z.peakHectares2018to2021));
  }

  private draw(): void {
    const root = this.svg;
    svg("rect", { x: 0, y: 0, width: MAP_WIDTH, height: MAP_HEIGHT, class: "ocean" }, root);
    const countries = svg("g", { class: "countries", "aria-hidden": "true" }, root);
    for (const c of COUNTRIES) {
      if (c.id === "PE") continue;
      svg("path", { d: featurePath(c.polygons), class: "country", "data-id": c.id }, countries);
    }
    const departments = svg("g", { class: "departments" }, root);
    for (const d of DEPARTMENTS) {
      const element = svg(
        "path",
        { d: featurePath(d.polygons), class: "department", "data-id": d.id },
        departments,
      );
      element.dataset.name = d.name;
      element.addEventListener("pointerenter", (event) => this.showTooltip(element, event));
      element.addEventListener("pointermove", (event) => this.showTooltip(element, event));
      element.addEventListener("pointerleave", () => this.hideTooltip(element));
    }
    const peru = COUNTRIES.find((c) => c.id === "PE");
    if (peru)
      svg("path", { d: featurePath(peru.polygons), class: "peru-outline", "aria-hidden": "true" }, root);
    const labels = svg("g", { class: "country-labels", "aria-hidden": "true" }, root);
    for (const [id, lon, lat] of COUNTRY_LABELS) {
      const [x, y] = project(lon, lat);
      const text = svg("text", { x, y, class: "country-label", "text-anchor": "middle" }, labels);
      text.dataset.key = `country.${id}`;
      this.countryLabels.push(text);
    }
    const [px, py] = project(-80.6, -14.5);
    const pacific = svg("text", { x: px, y: py, class: "ocean-label", "text-anchor": "middle" }, labels);
    pacific.dataset.key = "map.pacific";
    this.countryLabels.push(pacific);

    // Routes: one tab stop, arrow keys within.
    const routes = svg("g", { class: "routes", role: "list" }, root);
    routes.dataset.i18nAttr = "aria-label:map.routes";
    for (const [i, e] of this.edges.entries()) {
      const element = svg(
        "path",
        {
          d: e.d,
          class: `route mode-${e.mode} unused`,
          stroke: MODE_COLOURS[e.mode],
          tabindex: i === 0 ? 0 : -1,
          role: "listitem",
          "data-id": e.id,
          "data-mode": e.mode,
        },
        routes,
      );
      this.edgeElements.set(e.id, element);
      this.interactive(element);
    }
    this.rove(routes, [...this.edgeElements.values()]);

    const places = svg("g", { class: "places", "aria-hidden": "true" }, root);
    for (const n of NODES) {
      if (n.role === "zone") continue;
      const [x, y] = project(n.lon, n.lat);
      if (n.role === "exit" || n.role === "border" || n.role === "sea-port") {
        svg("rect", { x: x - 2.5, y: y - 2.5, width: 5, height: 5, class: `place place-${n.role}` }, places);
      } else {
        svg("circle", { cx: x, cy: y, r: 2, class: `place place-${n.role}` }, places);
      }
      const title = svg("title", {}, places.lastElementChild!);
      title.textContent = n.name;
    }

    const markers = svg("g", { class: "markers", "aria-hidden": "true" }, root);
    for (const e of this.edges) {
      const g = svg(
        "g",
        { class: "seizure", transform: `translate(${e.mid[0]},${e.mid[1]})`, opacity: 0 },
        markers,
      );
      svg("path", { class: "seizure-halo", d: "" }, g);
      svg("path", { class: "seizure-cross", d: "", stroke: SEIZURE_COLOUR }, g);
      this.seizureElements.set(e.id, g);
    }

    const zones = svg("g", { class: "zones", role: "list" }, root);
    zones.dataset.i18nAttr = "aria-label:map.zones";
    const rings = svg("g", { class: "rings", "aria-hidden": "true" }, root);
    const zoneMarkers = svg("g", { class: "zone-markers", "aria-hidden": "true" }, root);
    // Biggest zones first, so that small ones stay on top.
    const order = [...ZONES].sort((a, b) => b.peakHectares2018to2021 - a.peakHectares2018to2021);
    for (const [i, z] of order.entries()) {
      const [x, y] = project(z.lon, z.lat);
      const circle = svg(
        "circle",
        {
          cx: x,
          cy: y,
          r: 4,
          class: "zone",
          tabindex: i === 0 ? 0 : -1,
          role: "listitem",
          "data-id": z.name,
        },
        zones,
      );
      this.zoneElements.set(z.name, circle);
      this.interactive(circle);
      this.ringElements.set(z.name, svg("circle", { cx: x, cy: y, r: 0, class: "baseline-ring" }, rings));
      this.eradicationElements.set(
        z.name,
        svg(
          "path",
          { class: "eradication", fill: ERADICATION_COLOUR, d: "", "data-x": x, "data-y": y },
          zoneMarkers,
        ),
      );
      const lab = svg("g", { class: "seizure lab-seizure", opacity: 0 }, zoneMarkers);
      svg("path", { class: "seizure-halo", d: "" }, lab);
      svg("path", { class: "seizure-cross", d: "", stroke: SEIZURE_COLOUR }, lab);
      lab.dataset.x = String(x);
      lab.dataset.y = String(y);
      this.labSeizureElements.set(z.name, lab);
    }
    this.rove(
      zones,
      order.map((z) => this.zoneElements.get(z.name)!),
    );
    this.svg.addEventListener("pointerleave", () => this.hideTooltip());
  }

  private interactive(element: SVGElement): void {
    element.addEventListener("pointerenter", (event) => this.showTooltip(element, event));
    element.addEventListener("pointermove", (event) => this.showTooltip(element, event));
    element.addEventListener("pointerleave", () => this.hideTooltip(element));
    element.addEventListener("focus", () => this.showTooltip(element));
    element.addEventListener("blur", () => this.hideTooltip(element));
  }

  /** Roving tabindex: one tab stop for the group, arrow keys (and Home/End) move within it. */
  private rove(group: Element, items: SVGElement[]): void {
    group.addEventListener("keydown", (event) => {
      const e = event as KeyboardEvent;
      const index = items.indexOf(e.target as SVGElement);
      if (index < 0) return;
      let next = index;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = (index + 1) % items.length;
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = (index - 1 + items.length) % items.length;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = items.length - 1;
      else if (e.key === "Escape") {
        this.hideTooltip();
        return;
      } else return;
      e.preventDefault();
      items[index].setAttribute("tabindex", "-1");
      items[next].setAttribute("tabindex", "0");
      items[next].focus();
    });
  }

  /** Redraws the month's figures of `state.shown`. */
  update(state: MapState): void {
    const scalesChanged = state.shown !== this.state.shown || state.baseline !== this.state.baseline;
    this.state = state;
    const { shown, baseline, month } = state;
    if (scalesChanged) this.computeScales();
    const policyShown = shown !== undefined && baseline !== undefined && shown !== baseline;
    for (const e of this.edges) {
      const element = this.edgeElements.get(e.id)!;
      const { flowKg, seizedKg } = shown ? edgeMonth(shown, e.id, month) : { flowKg: 0, seizedKg: 0 };
      if (flowKg > 0) {
        element.setAttribute("stroke-width", (1.4 + 9 * Math.sqrt(flowKg / this.scales.flowKg)).toFixed(2));
        element.classList.remove("unused");
      } else {
        element.removeAttribute("stroke-width");
        element.classList.add("unused");
      }
      element.setAttribute(
        "aria-label",
        `${e.from.name} → ${e.to.name} (${modeLabel(e.mode)}): ${t("tip.flow", { value: formatNumber(flowKg) })}`,
      );
      const marker = this.seizureElements.get(e.id)!;
      this.setCross(marker, seizedKg / this.scales.seizedKg);
    }
    for (const z of ZONES) {
      const circle = this.zoneElements.get(z.name)!;
      const ha = shown ? (monthlyValue(shown, "hectares", z.name, month) ?? 0) : z.hectares2018;
      const r = this.zoneRadius(ha);
      circle.setAttribute("r", r.toFixed(2));
      circle.setAttribute("fill", zoneFill(ha / this.scales.zoneHa));
      circle.setAttribute("aria-label", `${z.name}: ${t("tip.hectares", { value: formatNumber(ha) })}`);
      const ring = this.ringElements.get(z.name)!;
      const baseHa = policyShown ? monthlyValue(baseline, "hectares", z.name, month) : undefined;
      ring.setAttribute("r", baseHa === undefined ? "0" : this.zoneRadius(baseHa).toFixed(2));
      const cx = Number(circle.getAttribute("cx"));
      const cy = Number(circle.getAttribute("cy"));
      const eradicated = shown ? (monthlyValue(shown, "eradicatedHa", z.name, month) ?? 0) : 0;
      const eradication = this.eradicationElements.get(z.name)!;
      if (eradicated > 0) {
        const s = 3 + 9 * Math.sqrt(eradicated / this.scales.eradicatedHa);
        const x = cx + r + s * 0.6 + 1;
        eradication.setAttribute(
          "d",
          `M${x},${cy - s}L${x + s * 0.7},${cy}L${x},${cy + s}L${x - s * 0.7},${cy}Z`,
        );
      } else eradication.setAttribute("d", "");
      const labSeized = shown ? (monthlyValue(shown, "labSeizedKg", z.name, month) ?? 0) : 0;
      const lab = this.labSeizureElements.get(z.name)!;
      lab.setAttribute("transform", `translate(${cx - r - 5},${cy - r * 0.5})`);
      this.setCross(lab, labSeized / this.scales.labSeizedKg);
    }
    if (this.tooltipFor) this.showTooltip(this.tooltipFor);
  }

  private setCross(marker: SVGGElement, share: number): void {
    if (!(share > 0)) {
      marker.setAttribute("opacity", "0");
      return;
    }
    const s = 2.5 + 6 * Math.sqrt(Math.min(1, share));
    const d = `M${-s},${-s}L${s},${s}M${-s},${s}L${s},${-s}`;
    for (const p of marker.querySelectorAll("path")) p.setAttribute("d", d);
    marker.setAttribute("opacity", "1");
  }

  private zoneRadius(ha: number): number {
    return 3 + 22 * Math.sqrt(Math.max(0, ha) / this.scales.zoneHa);
  }

  /** Scales fixed over all months of the runs shown, so the slider compares like with like. */
  private computeScales(): void {
    const runs = [this.state.shown, this.state.baseline].filter((r): r is Run => r !== undefined);
    if (runs.length === 0) return;
    const max = (f: (r: Run) => number) => Math.max(1e-9, ...runs.map(f));
    this.scales = {
      zoneHa: max(zoneMax),
      flowKg: max((r) => maxOf(r.result.flows.flowKg)),
      seizedKg: max((r) => maxOf(r.result.flows.seizedKg)),
      eradicatedHa: max((r) => maxMonthly(r, "eradicatedHa")),
      labSeizedKg: max((r) => maxMonthly(r, "labSeizedKg")),
    };
  }

  /**
   * Gives the departments' tooltips DEVIDA's record (src/data/record.ts, which
   * loads with the charts after the first render).
   */
  setDepartmentRecord(lookup: DepartmentLookup): void {
    this.departmentHectares = lookup;
  }

  /** Updates the texts drawn in the SVG after a language change. */
  retranslate(): void {
    for (const label of this.countryLabels) label.textContent = t(label.dataset.key as MessageKey);
    for (const element of this.svg.querySelectorAll<SVGElement>("[data-i18n-attr]")) {
      const [attribute, key] = (element.dataset.i18nAttr ?? "").split(":");
      if (attribute && key) element.setAttribute(attribute, t(key as MessageKey));
    }
    this.update(this.state);
  }

  private tooltipLines(element: Element): { title: string; lines: string[] } {
    const { shown, baseline, month } = this.state;
    const policyShown = shown !== undefined && baseline !== undefined && shown !== baseline;
    const classes = element.classList;
    const id = element.getAttribute("data-id") ?? "";
    if (classes.contains("department")) {
      const name = (element as SVGElement).dataset.name ?? id;
      const year = Number(month.slice(0, 4));
      const observed = this.departmentHectares?.(id, year);
      return {
        title: name,
        lines:
          observed === undefined || id === "PE-LMA"
            ? [t("tip.department")]
            : [`${t("tip.department")} · DEVIDA ${year}: ${formatNumber(observed)} ha`],
      };
    }
    if (!shown) return { title: id, lines: [t("tip.noData")] };
    if (classes.contains("zone")) {
      const v = (variable: string) => monthlyValue(shown, variable, id, month) ?? 0;
      const lines = [t("tip.hectares", { value: formatNumber(v("hectares")) })];
      if (policyShown) {
        const b = monthlyValue(baseline, "hectares", id, month);
        if (b !== undefined) lines.push(t("tip.baselineHectares", { value: formatNumber(b) }));
      }
      lines.push(
        t("tip.eradicated", { value: formatNumber(v("eradicatedHa")) }),
        t("tip.produced", { value: formatNumber(v("producedKg")) }),
        t("tip.labSeized", { value: formatNumber(v("labSeizedKg")) }),
        t("tip.leafPrice", { value: formatNumber(v("leafUsdPerKg"), 2) }),
      );
      return { title: `${id} · ${month}`, lines };
    }
    const edge = this.edges.find((e) => e.id === id);
    if (!edge) return { title: id, lines: [] };
    const { flowKg, seizedKg } = edgeMonth(shown, id, month);
    const lines = [t("tip.flow", { value: formatNumber(flowKg) })];
    if (policyShown)
      lines.push(t("tip.baselineFlow", { value: formatNumber(edgeMonth(baseline, id, month).flowKg) }));
    lines.push(t("tip.seized", { value: formatNumber(seizedKg) }));
    return { title: `${edge.from.name} → ${edge.to.name} (${modeLabel(edge.mode)}) · ${month}`, lines };
  }

  private showTooltip(element: Element, event?: PointerEvent): void {
    this.tooltipFor = element;
    const { title, lines } = this.tooltipLines(element);
    const tip = this.tooltip;
    tip.replaceChildren();
    const heading = document.createElement("strong");
    heading.textContent = title;
    tip.appendChild(heading);
    for (const line of lines) {
      const div = document.createElement("div");
      div.textContent = line;
      tip.appendChild(div);
    }
    tip.hidden = false;
    const box = this.container.getBoundingClientRect();
    let x: number;
    let y: number;
    if (event) {
      x = event.clientX - box.left;
      y = event.clientY - box.top;
    } else {
      const r = element.getBoundingClientRect();
      x = r.left + r.width / 2 - box.left;
      y = r.top + r.height / 2 - box.top;
    }
    const width = tip.offsetWidth;
    const left = x + 14 + width > box.width ? Math.max(0, x - 14 - width) : x + 14;
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(0, y + 14)}px`;
  }

  private hideTooltip(element?: Element): void {
    if (element !== undefined && element !== this.tooltipFor) return;
    if (element !== undefined && element === document.activeElement) return;
    this.tooltipFor = undefined;
    this.tooltip.hidden = true;
  }
}

function zoneMax(run: Run): number {
  let max = 0;
  for (const z of ZONES) {
    const values = run.result.monthly.variables.get("hectares")?.get(z.name);
    if (values) max = Math.max(max, maxOf(values));
  }
  return max;
}

/** The legend, as HTML (so that screen readers read it as text). */
export function renderLegend(container: HTMLElement): void {
  container.replaceChildren();
  const heading = document.createElement("h3");
  heading.textContent = t("legend.title");
  container.appendChild(heading);
  const list = document.createElement("ul");
  list.className = "legend-list";
  const item = (symbol: string, text: string): void => {
    const li = document.createElement("li");
    li.innerHTML = `<svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true">${symbol}</svg>`;
    const span = document.createElement("span");
    span.textContent = text;
    li.appendChild(span);
    list.appendChild(li);
  };
  item(`<circle cx="17" cy="9" r="7" fill="${zoneFill(0.7)}" stroke="#333"/>`, t("legend.zone"));
  item(
    `<circle cx="17" cy="9" r="7" fill="none" stroke="#222" stroke-dasharray="2 2"/>`,
    t("legend.baselineRing"),
  );
  item(`<path d="M2,9Q17,3 32,9" fill="none" stroke="#555" stroke-width="4"/>`, t("legend.route"));
  item(
    `<path d="M2,9Q17,3 32,9" fill="none" stroke="#555" stroke-width="1" stroke-dasharray="3 3" opacity="0.7"/>`,
    t("legend.unused"),
  );
  item(
    `<path d="M12,4L22,14M12,14L22,4" stroke="#fff" stroke-width="5"/><path d="M12,4L22,14M12,14L22,4" stroke="${SEIZURE_COLOUR}" stroke-width="2.5"/>`,
    t("legend.seizure"),
  );
  item(
    `<path d="M17,2L23,9L17,16L11,9Z" fill="${ERADICATION_COLOUR}" stroke="#6b4700"/>`,
    t("legend.eradication"),
  );
  item(
    `<rect x="14" y="6" width="6" height="6" fill="#222"/><circle cx="26" cy="9" r="2.2" fill="#555"/>`,
    t("legend.place"),
  );
  container.appendChild(list);
  const modes = document.createElement("h4");
  modes.textContent = t("legend.modes");
  container.appendChild(modes);
  const modeList = document.createElement("ul");
  modeList.className = "legend-modes";
  for (const mode of TRANSPORT_MODES) {
    const li = document.createElement("li");
    li.innerHTML = `<svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true"><path d="M1,5H27" stroke="${MODE_COLOURS[mode]}" stroke-width="4"/></svg>`;
    const span = document.createElement("span");
    span.textContent = modeLabel(mode);
    li.appendChild(span);
    modeList.appendChild(li);
  }
  container.appendChild(modeList);
}
