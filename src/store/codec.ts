/**
 * Blobs for the optional parts of a stored run: monthly series and edge flows,
 * encoded as a small JSON header followed by the float64 values (little-endian),
 * then deflated. Decoding gives back equal months, names and bit-identical values.
 *
 * An ensemble's aggregated series (kind 3) hold four arrays per series: mean, p5,
 * p50 and p95.
 *
 * Layout before compression: "CCS1" magic, u32 kind (1 monthly, 2 flows, 3 ensemble series), u32
 * header byte length, the UTF-8 JSON header, zero padding to a multiple of 8,
 * then the values.
 */
import { deflateSync, inflateSync } from "node:zlib";
import type { EdgeFlows, EdgeInfo, MonthlySeries } from "../model/results.ts";

const MAGIC = 0x31534343; // "CCS1" read as a little-endian u32
const KIND_MONTHLY = 1;
const KIND_FLOWS = 2;
const KIND_ENSEMBLE_MONTHLY = 3;

function pack(kind: number, header: unknown, arrays: readonly Float64Array[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + headerBytes.length) / 8) * 8;
  const count = arrays.reduce((n, a) => n + a.length, 0);
  const bytes = new Uint8Array(start + count * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, kind, true);
  view.setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, 12);
  let offset = start;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++, offset += 8) view.setFloat64(offset, array[i], true);
  }
  // A Buffer (a Uint8Array): what both database drivers bind as a blob.
  return deflateSync(bytes);
}

function unpack<H>(
  blob: Uint8Array,
  kind: number,
  what: string,
): { header: H; view: DataView; start: number; count: number } {
  const bytes = new Uint8Array(inflateSync(blob));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== kind) {
    throw new Error(`stored ${what} is not in a format this cocasim can read`);
  }
  const length = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as H;
  const start = Math.ceil((12 + length) / 8) * 8;
  return { header, view, start, count: (bytes.length - start) / 8 };
}

function readFloats(view: DataView, offset: number, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat64(offset + i * 8, true);
  return out;
}

interface MonthlyHeader {
  months: string[];
  /** [variable, key, length] in the order the values follow. */
  series: [string, string, number][];
}

export function encodeMonthly(monthly: MonthlySeries): Uint8Array {
  const series: MonthlyHeader["series"] = [];
  const arrays: Float64Array[] = [];
  for (const [variable, byKey] of monthly.variables) {
    for (const [key, values] of byKey) {
      series.push([variable, key, values.length]);
      arrays.push(values);
    }
  }
  return pack(KIND_MONTHLY, { months: [...monthly.months], series } satisfies MonthlyHeader, arrays);
}

export function decodeMonthly(blob: Uint8Array): MonthlySeries {
  const { header, view, start } = unpack<MonthlyHeader>(blob, KIND_MONTHLY, "monthly series");
  const variables = new Map<string, Map<string, Float64Array>>();
  let offset = start;
  for (const [variable, key, length] of header.series) {
    let byKey = variables.get(variable);
    if (!byKey) {
      byKey = new Map();
      variables.set(variable, byKey);
    }
    byKey.set(key, readFloats(view, offset, length));
    offset += length * 8;
  }
  return { months: header.months, variables };
}

interface FlowsHeader {
  edges: EdgeInfo[];
  months: string[];
  size: number;
}

export function encodeFlows(flows: EdgeFlows): Uint8Array {
  if (flows.flowKg.length !== flows.seizedKg.length) {
    throw new Error(`edge flows: ${flows.flowKg.length} flow values but ${flows.seizedKg.length} seizures`);
  }
  const header: FlowsHeader = {
    edges: flows.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, mode: e.mode })),
    months: [...flows.months],
    size: flows.flowKg.length,
  };
  return pack(KIND_FLOWS, header, [flows.flowKg, flows.seizedKg]);
}

export function decodeFlows(blob: Uint8Array): EdgeFlows {
  const { header, view, start } = unpack<FlowsHeader>(blob, KIND_FLOWS, "edge flows");
  return {
    edges: header.edges,
    months: header.months,
    flowKg: readFloats(view, start, header.size),
    seizedKg: readFloats(view, start + header.size * 8, header.size),
  };
}

/** Statistics of one monthly series over an ensemble's members. */
export interface SeriesStats {
  readonly variable: string;
  readonly key: string;
  readonly mean: Float64Array;
  readonly p5: Float64Array;
  readonly p50: Float64Array;
  readonly p95: Float64Array;
}

/** An ensemble's monthly series: each (variable, key) with its statistics by month. */
export interface EnsembleMonthly {
  readonly months: readonly string[];
  readonly series: readonly SeriesStats[];
}

export function encodeEnsembleMonthly(monthly: EnsembleMonthly): Uint8Array {
  const series: MonthlyHeader["series"] = [];
  const arrays: Float64Array[] = [];
  for (const s of monthly.series) {
    const n = s.mean.length;
    if (s.p5.length !== n || s.p50.length !== n || s.p95.length !== n) {
      throw new Error(`ensemble series ${s.variable}/${s.key}: its statistics have different lengths`);
    }
    series.push([s.variable, s.key, n]);
    arrays.push(s.mean, s.p5, s.p50, s.p95);
  }
  return pack(KIND_ENSEMBLE_MONTHLY, { months: [...monthly.months], series } satisfies MonthlyHeader, arrays);
}

export function decodeEnsembleMonthly(blob: Uint8Array): EnsembleMonthly {
  const { header, view, start } = unpack<MonthlyHeader>(blob, KIND_ENSEMBLE_MONTHLY, "ensemble series");
  let offset = start;
  const next = (length: number): Float64Array => {
    const values = readFloats(view, offset, length);
    offset += length * 8;
    return values;
  };
  const series = header.series.map(([variable, key, length]) => ({
    variable,
    key,
    mean: next(length),
    p5: next(length),
    p50: next(length),
    p95: next(length),
  }));
  return { months: header.months, series };
}
