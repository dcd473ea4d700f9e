/**
 * The HTML around a report: one self-contained page (inline CSS, inline SVG, no
 * scripts and no links to fetch), tables and sections, laid out to read on a
 * screen and to print on A4 or Letter. Pure.
 */
import { esc } from "./format.ts";

/** Inline CSS of every report. Charts keep their meaning in greyscale. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #111; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #bbb; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
.meta, .note, footer { color: #444; }
.note { font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
th { border-bottom: 1.5px solid #555; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 16px; }
svg.chart { max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
svg.chart text { fill: #222; }
svg.chart .chart-title { font-size: 13px; font-weight: 600; }
svg.chart.small .chart-title { font-size: 12px; }
svg.chart .axis-label, svg.chart .small { fill: #555; font-size: 10px; }
svg.chart .value { font-size: 10.5px; }
svg.chart .grid { stroke: #e3e3e3; stroke-width: 1; }
svg.chart .axis { stroke: #666; stroke-width: 1; }
svg.chart .band-90 { fill: #c6dbef; }
svg.chart .band-50 { fill: #6baed6; }
svg.chart .median { fill: none; stroke: #08306b; stroke-width: 2; }
svg.chart .median-dot { fill: #08306b; }
svg.chart .observed { fill: #fff; stroke: #000; stroke-width: 1.6; }
svg.chart .bar { fill: #9ecae1; stroke: #3b6e96; stroke-width: 0.8; }
svg.chart .bar-inner { fill: #08306b; }
svg.chart .whisker { fill: none; stroke: #000; stroke-width: 1.2; }
svg.chart .trajectory { fill: none; stroke: #777; stroke-width: 1.2; }
svg.chart .box-point { fill: #3b6e96; }
svg.chart .chosen { fill: none; stroke: #000; stroke-width: 2; }
svg.chart .range { stroke: #999; stroke-width: 2; }
svg.chart .box-bar { fill: #08306b; }
svg.chart .cat-in { fill: #08306b; }
svg.chart .cat-out { fill: #fff; stroke: #777; stroke-width: 1.2; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  svg.chart, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

export interface Cell {
  readonly text: string;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

type CellInput = string | Cell;

function cell(tag: "td" | "th", input: CellInput): string {
  const c = typeof input === "string" ? { text: input } : input;
  return `<${tag}${c.numeric ? ' class="n"' : ""}>${esc(c.text)}</${tag}>`;
}

/** A numeric cell. */
export function n(text: string): Cell {
  return { text, numeric: true };
}

/** A table: headers (a Cell header is right-aligned when numeric) and rows of cells. */
export function table(
  headers: readonly CellInput[],
  rows: readonly (readonly CellInput[])[],
  caption?: string,
): string {
  const head = `<thead><tr>${headers.map((h) => cell("th", h)).join("")}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((x) => cell("td", x)).join("")}</tr>`).join("")}</tbody>`;
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ""}${head}${body}</table>`;
}

/** A list of facts: term and description. */
export function facts(items: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${items.map(([t, d]) => `<dt>${esc(t)}</dt><dd>${esc(d)}</dd>`).join("")}</dl>`;
}

export function paragraph(text: string, className?: string): string {
  return `<p${className ? ` class="${className}"` : ""}>${esc(text)}</p>`;
}

export function section(title: string, ...body: string[]): string {
  return `<section><h2>${esc(title)}</h2>${body.join("\n")}</section>`;
}

export function subsection(title: string, ...body: string[]): string {
  return `<h3>${esc(title)}</h3>${body.join("\n")}`;
}

export function charts(...svgs: string[]): string {
  return `<div class="charts">${svgs.join("\n")}</div>`;
}

export interface PageSpec {
  readonly title: string;
  readonly subtitle?: string;
  readonly sections: readonly string[];
  readonly footer: string;
}

/** The whole page. */
export function page(spec: PageSpec): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(spec.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<header><h1>${esc(spec.title)}</h1>${spec.subtitle ? `<p class="meta">${esc(spec.subtitle)}</p>` : ""}</header>`,
    ...spec.sections,
    `<footer><p>${esc(spec.footer)}</p></footer>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
