/**
 * Hand-written SVG charts for reports: fan charts (ensemble percentile bands
 * against observed points), tornado charts (sensitivity indices with intervals),
 * PRIM's coverage–density trade-off curve, and a PRIM box drawn against each
 * factor's range. Inline SVG without scripts, fonts or links, in shades that
 * stay apart in greyscale print. Deterministic: coordinates are rounded to two
 * decimals. Pure.
 */
import { esc, num } from "./format.ts";

/** Rounds a coordinate (two decimals, no "-0"). */
function c(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** A linear map from a domain to a range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** [lo, hi] widened to round ticks. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [0, 1];
  if (hi === lo) return lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi) * 1.1 || 1];
  const ticks = niceTicks(lo, hi, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(hi - lo);
  const nlo = Math.floor(lo / step + 1e-9) * step;
  const nhi = Math.ceil(hi / step - 1e-9) * step;
  return [Number(nlo.toPrecision(12)), Number(nhi.toPrecision(12))];
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function open(frame: Frame, title: string, className: string): string {
  return (
    `<svg class="${className}" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>`
  );
}

function text(x: number, y: number, body: string, attrs = ""): string {
  return `<text x="${c(x)}" y="${c(y)}"${attrs ? ` ${attrs}` : ""}>${esc(body)}</text>`;
}

function yAxis(frame: Frame, ticks: readonly number[], y: (v: number) => number, label: string): string {
  const parts: string[] = [];
  for (const t of ticks) {
    const yy = y(t);
    parts.push(
      `<line class="grid" x1="${c(frame.left)}" x2="${c(frame.width - frame.right)}" y1="${c(yy)}" y2="${c(yy)}"/>`,
    );
    parts.push(text(frame.left - 4, yy + 3.5, num(t), 'text-anchor="end"'));
  }
  if (label) parts.push(text(frame.left, frame.top - 6, label, 'class="axis-label"'));
  return parts.join("");
}

function xAxisFrame(frame: Frame): string {
  const y = frame.height - frame.bottom;
  return `<line class="axis" x1="${c(frame.left)}" x2="${c(frame.width - frame.right)}" y1="${c(y)}" y2="${c(y)}"/>`;
}

function polyline(points: readonly [number, number][], cls: string): string {
  if (points.length === 0) return "";
  return `<polyline class="${cls}" points="${points.map(([x, y]) => `${c(x)},${c(y)}`).join(" ")}"/>`;
}

function band(xs: readonly number[], lo: readonly number[], hi: readonly number[], cls: string): string {
  if (xs.length === 0) return "";
  const upper = xs.map((x, i) => `${c(x)},${c(hi[i])}`);
  const lower = xs.map((x, i) => `${c(x)},${c(lo[i])}`).reverse();
  return `<polygon class="${cls}" points="${[...upper, ...lower].join(" ")}"/>`;
}

// ── Fan chart ───────────────────────────────────────────────────────────────

export interface FanChartSpec {
  readonly title: string;
  readonly yLabel: string;
  readonly years: readonly number[];
  readonly p5: readonly number[];
  readonly p25?: readonly number[];
  readonly p50: readonly number[];
  readonly p75?: readonly number[];
  readonly p95: readonly number[];
  /** Observed points (e.g. DEVIDA's record), drawn as black dots. */
  readonly observed?: readonly { readonly year: number; readonly value: number }[];
  readonly observedLabel?: string;
  /** A small multiple: smaller, no legend. */
  readonly small?: boolean;
}

/**
 * Percentile bands over the years (5–95 light, 25–75 darker), the median as a
 * line and observed values as dots. A single run gives a line without bands.
 */
export function fanChart(spec: FanChartSpec): string {
  const small = spec.small === true;
  const frame: Frame = small
    ? { width: 320, height: 190, left: 52, right: 18, top: 34, bottom: 24 }
    : { width: 680, height: 330, left: 66, right: 22, top: 40, bottom: 44 };
  const observed = (spec.observed ?? []).filter(
    (o) =>
      spec.years.length === 0 || (o.year >= spec.years[0] && o.year <= spec.years[spec.years.length - 1]),
  );
  const years = spec.years;
  const firstYear = years.length > 0 ? years[0] : 0;
  const lastYear = years.length > 0 ? years[years.length - 1] : 1;
  const x0 = firstYear === lastYear ? firstYear - 0.5 : firstYear;
  const x1 = firstYear === lastYear ? lastYear + 0.5 : lastYear;
  const x = linear(x0, x1, frame.left, frame.width - frame.right);
  const values = [...spec.p95, ...spec.p50, ...observed.map((o) => o.value)].filter(Number.isFinite);
  const top = values.length > 0 ? Math.max(...values) : 1;
  const [, yMax] = niceDomain(0, top, small ? 4 : 5);
  const y = linear(0, yMax, frame.height - frame.bottom, frame.top);
  const parts: string[] = [open(frame, spec.title, small ? "chart fan small" : "chart fan")];
  parts.push(text(frame.left, 14, spec.title, 'class="chart-title"'));
  parts.push(yAxis(frame, niceTicks(0, yMax, small ? 4 : 5), y, spec.yLabel));
  parts.push(xAxisFrame(frame));
  const step =
    years.length > 12 ? Math.ceil(years.length / (small ? 4 : 8)) : small && years.length > 6 ? 2 : 1;
  years.forEach((yr, i) => {
    if (i % step !== 0 && i !== years.length - 1) return;
    parts.push(text(x(yr), frame.height - frame.bottom + 14, String(yr), 'text-anchor="middle"'));
  });
  const xs = years.map(x);
  const hasBand = spec.p5.some((v, i) => v !== spec.p95[i]);
  if (hasBand) {
    parts.push(band(xs, spec.p5.map(y), spec.p95.map(y), "band-90"));
    if (spec.p25 && spec.p75) parts.push(band(xs, spec.p25.map(y), spec.p75.map(y), "band-50"));
  }
  const median = years.map((_, i) => [xs[i], y(spec.p50[i])] as [number, number]);
  parts.push(polyline(median, "median"));
  if (years.length === 1)
    parts.push(`<circle class="median-dot" cx="${c(xs[0])}" cy="${c(y(spec.p50[0]))}" r="3"/>`);
  for (const o of observed) {
    parts.push(
      `<circle class="observed" cx="${c(x(o.year))}" cy="${c(y(o.value))}" r="${small ? 2.5 : 3.5}"/>`,
    );
  }
  if (!small) {
    const ly = frame.height - 10;
    let lx = frame.left;
    const legend: string[] = [];
    if (hasBand) {
      legend.push(`<rect class="band-90" x="${c(lx)}" y="${c(ly - 8)}" width="14" height="9"/>`);
      legend.push(text(lx + 18, ly, "5–95%"));
      lx += 66;
      if (spec.p25 && spec.p75) {
        legend.push(`<rect class="band-50" x="${c(lx)}" y="${c(ly - 8)}" width="14" height="9"/>`);
        legend.push(text(lx + 18, ly, "25–75%"));
        lx += 72;
      }
    }
    legend.push(
      `<line class="median" x1="${c(lx)}" x2="${c(lx + 16)}" y1="${c(ly - 4)}" y2="${c(ly - 4)}"/>`,
    );
    legend.push(text(lx + 20, ly, hasBand ? "median" : "simulated"));
    lx += 80;
    if (observed.length > 0) {
      legend.push(`<circle class="observed" cx="${c(lx + 6)}" cy="${c(ly - 4)}" r="3.5"/>`);
      legend.push(text(lx + 14, ly, spec.observedLabel ?? "observed"));
    }
    parts.push(`<g class="legend">${legend.join("")}</g>`);
  }
  parts.push("</svg>");
  return parts.join("");
}

// ── Tornado chart ───────────────────────────────────────────────────────────

export interface TornadoBar {
  readonly label: string;
  /** Bar length (e.g. ST, mu*, a feature score). */
  readonly value: number;
  /** Half-width of its interval, drawn as a whisker. */
  readonly conf?: number;
  /** A second, inner bar (e.g. S1 inside ST). */
  readonly inner?: number;
}

export interface TornadoSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly bars: readonly TornadoBar[];
  readonly valueLabel?: string;
  readonly innerLabel?: string;
  /** Fixed upper end of the axis (e.g. 1 for indices); default: the data's. */
  readonly max?: number;
}

/** Horizontal bars sorted longest first, with whiskers and an optional inner bar. */
export function tornadoChart(spec: TornadoSpec): string {
  const bars = [...spec.bars]
    .map((b, i) => ({ ...b, i }))
    .sort(
      (a, b) =>
        (Number.isFinite(b.value) ? b.value : -1) - (Number.isFinite(a.value) ? a.value : -1) || a.i - b.i,
    );
  const labelWidth = Math.min(260, Math.max(80, ...bars.map((b) => b.label.length * 6.2 + 12)));
  const rowHeight = 22;
  const frame: Frame = {
    width: 680,
    height: 58 + bars.length * rowHeight + (spec.innerLabel ? 16 : 0),
    left: labelWidth,
    right: 60,
    top: 30,
    bottom: 28 + (spec.innerLabel ? 16 : 0),
  };
  // With a fixed end (indices: 1) the axis stops there unless a bar itself goes further; whiskers are clipped.
  const top = Math.max(
    spec.max ?? 0,
    ...bars.map((b) => {
      if (!Number.isFinite(b.value)) return 0;
      const conf = spec.max === undefined && Number.isFinite(b.conf ?? Number.NaN) ? (b.conf ?? 0) : 0;
      return b.value + conf;
    }),
  );
  const [, xMax] = niceDomain(0, top > 0 ? top : 1, 5);
  const x = linear(0, xMax, frame.left, frame.width - frame.right);
  const parts: string[] = [open(frame, spec.title, "chart tornado")];
  parts.push(text(8, 16, spec.title, 'class="chart-title"'));
  const bottom = frame.height - frame.bottom;
  for (const t of niceTicks(0, xMax, 5)) {
    parts.push(`<line class="grid" x1="${c(x(t))}" x2="${c(x(t))}" y1="${c(frame.top)}" y2="${c(bottom)}"/>`);
    parts.push(text(x(t), bottom + 13, num(t), 'text-anchor="middle"'));
  }
  parts.push(
    text(
      (frame.left + frame.width - frame.right) / 2,
      bottom + 26,
      spec.xLabel,
      'text-anchor="middle" class="axis-label"',
    ),
  );
  bars.forEach((b, k) => {
    const yy = frame.top + k * rowHeight;
    parts.push(text(frame.left - 6, yy + 14, b.label, 'text-anchor="end"'));
    const v = Number.isFinite(b.value) ? Math.max(0, b.value) : 0;
    parts.push(`<rect class="bar" x="${c(x(0))}" y="${c(yy + 3)}" width="${c(x(v) - x(0))}" height="14"/>`);
    if (b.inner !== undefined && Number.isFinite(b.inner)) {
      const w = x(Math.max(0, b.inner)) - x(0);
      parts.push(`<rect class="bar-inner" x="${c(x(0))}" y="${c(yy + 7)}" width="${c(w)}" height="6"/>`);
    }
    if (b.conf !== undefined && Number.isFinite(b.conf) && b.conf > 0) {
      const lo = x(Math.max(0, b.value - b.conf));
      const hi = x(Math.min(xMax, b.value + b.conf));
      parts.push(
        `<path class="whisker" d="M${c(lo)} ${c(yy + 10)}H${c(hi)}M${c(lo)} ${c(yy + 6)}V${c(yy + 14)}M${c(hi)} ${c(yy + 6)}V${c(yy + 14)}"/>`,
      );
    }
    const end = b.conf !== undefined && Number.isFinite(b.conf) ? x(Math.min(xMax, b.value + b.conf)) : x(v);
    parts.push(text(Math.max(end, x(v)) + 4, yy + 14, num(b.value), 'class="value"'));
  });
  if (spec.innerLabel) {
    const ly = frame.height - 8;
    parts.push(`<rect class="bar" x="${c(frame.left)}" y="${c(ly - 9)}" width="14" height="10"/>`);
    parts.push(text(frame.left + 18, ly, spec.valueLabel ?? "value"));
    parts.push(`<rect class="bar-inner" x="${c(frame.left + 90)}" y="${c(ly - 7)}" width="14" height="6"/>`);
    parts.push(text(frame.left + 108, ly, spec.innerLabel));
  }
  parts.push("</svg>");
  return parts.join("");
}

// ── PRIM ────────────────────────────────────────────────────────────────────

export interface TradeoffPoint {
  readonly coverage: number;
  readonly density: number;
  readonly restrictedDimensions: number;
}

/** Coverage (x) against density (y) of every box on PRIM's trajectory; the chosen box is ringed. */
export function tradeoffChart(title: string, points: readonly TradeoffPoint[], chosen: number): string {
  const frame: Frame = { width: 420, height: 330, left: 52, right: 16, top: 34, bottom: 44 };
  const x = linear(0, 1, frame.left, frame.width - frame.right);
  const y = linear(0, 1, frame.height - frame.bottom, frame.top);
  const parts: string[] = [open(frame, title, "chart tradeoff")];
  parts.push(text(8, 16, title, 'class="chart-title"'));
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  for (const t of ticks) {
    parts.push(
      `<line class="grid" x1="${c(frame.left)}" x2="${c(frame.width - frame.right)}" y1="${c(y(t))}" y2="${c(y(t))}"/>`,
    );
    parts.push(
      `<line class="grid" x1="${c(x(t))}" x2="${c(x(t))}" y1="${c(frame.top)}" y2="${c(frame.height - frame.bottom)}"/>`,
    );
    parts.push(text(frame.left - 4, y(t) + 3.5, num(t), 'text-anchor="end"'));
    parts.push(text(x(t), frame.height - frame.bottom + 13, num(t), 'text-anchor="middle"'));
  }
  parts.push(
    text(
      (frame.left + frame.width - frame.right) / 2,
      frame.height - 10,
      "coverage",
      'text-anchor="middle" class="axis-label"',
    ),
  );
  parts.push(text(frame.left, frame.top - 6, "density", 'class="axis-label"'));
  parts.push(
    polyline(
      points.map((p) => [x(p.coverage), y(p.density)]),
      "trajectory",
    ),
  );
  points.forEach((p, i) => {
    parts.push(`<circle class="box-point" cx="${c(x(p.coverage))}" cy="${c(y(p.density))}" r="3"/>`);
    if (i === chosen) {
      parts.push(`<circle class="chosen" cx="${c(x(p.coverage))}" cy="${c(y(p.density))}" r="7"/>`);
      // The label goes inside the plot: left of a point near the right edge, below one near the top.
      const onLeft = p.coverage > 0.6;
      parts.push(
        text(
          x(p.coverage) + (onLeft ? -10 : 10),
          y(p.density) + (p.density > 0.9 ? 18 : -8),
          `box ${i} (${p.restrictedDimensions} restricted)`,
          `class="value"${onLeft ? ' text-anchor="end"' : ""}`,
        ),
      );
    }
  });
  parts.push("</svg>");
  return parts.join("");
}

export type BoxLimit =
  | {
      readonly kind: "range";
      readonly name: string;
      readonly lower: number;
      readonly upper: number;
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: "set";
      readonly name: string;
      readonly values: readonly number[];
      readonly all: readonly number[];
    };

/** Each restricted factor's range over the design (thin line) and the box's limits on it (thick bar). */
export function boxChart(title: string, limits: readonly BoxLimit[]): string {
  const labelWidth = Math.min(260, Math.max(80, ...limits.map((l) => l.name.length * 6.2 + 12)));
  const rowHeight = 30;
  const frame: Frame = {
    width: 680,
    height: 40 + Math.max(1, limits.length) * rowHeight,
    left: labelWidth,
    right: 80,
    top: 28,
    bottom: 12,
  };
  const x = linear(0, 1, frame.left, frame.width - frame.right);
  const parts: string[] = [open(frame, title, "chart box")];
  parts.push(text(8, 16, title, 'class="chart-title"'));
  if (limits.length === 0)
    parts.push(text(frame.left, frame.top + 16, "no restriction: the box is the whole design"));
  limits.forEach((l, k) => {
    const yy = frame.top + k * rowHeight + 12;
    parts.push(text(frame.left - 6, yy + 4, l.name, 'text-anchor="end"'));
    parts.push(`<line class="range" x1="${c(x(0))}" x2="${c(x(1))}" y1="${c(yy)}" y2="${c(yy)}"/>`);
    if (l.kind === "range") {
      const u = linear(l.min, l.max, 0, 1);
      const a = Math.min(1, Math.max(0, u(Math.max(l.lower, l.min))));
      const b = Math.min(1, Math.max(0, u(Math.min(l.upper, l.max))));
      parts.push(
        `<rect class="box-bar" x="${c(x(a))}" y="${c(yy - 5)}" width="${c(Math.max(1, x(b) - x(a)))}" height="10"/>`,
      );
      parts.push(text(x(0), yy + 16, num(l.min), 'class="small"'));
      parts.push(text(x(1), yy + 16, num(l.max), 'text-anchor="end" class="small"'));
      parts.push(text(x(1) + 6, yy + 4, `${num(l.lower)} – ${num(l.upper)}`, 'class="value"'));
    } else {
      const n = l.all.length;
      l.all.forEach((v, i) => {
        const cx = x(n === 1 ? 0.5 : i / (n - 1));
        const inBox = l.values.includes(v);
        parts.push(`<circle class="${inBox ? "cat-in" : "cat-out"}" cx="${c(cx)}" cy="${c(yy)}" r="5"/>`);
        parts.push(text(cx, yy + 17, num(v), 'text-anchor="middle" class="small"'));
      });
      parts.push(text(x(1) + 6, yy + 4, `{${l.values.map((v) => num(v)).join(", ")}}`, 'class="value"'));
    }
  });
  parts.push("</svg>");
  return parts.join("");
}
