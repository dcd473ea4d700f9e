/**
 * PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as used
 * for scenario discovery (Bryant & Lempert 2010) and implemented in EMA
 * Workbench, whose choices this follows:
 *
 * - peeling: each step considers removing the lowest or highest `peelAlpha`
 *   quantile of the points still in the box along every numeric dimension
 *   (or one whole category of a categorical dimension) and takes the peel
 *   with the best "lenient" objective, the gain in density per point removed;
 *   it stops when no peel improves density or the box would fall below
 *   `massMin`;
 * - pasting: from the last peeled box, repeatedly widen one limit by the
 *   `pasteAlpha` quantile of the points just outside it (or re-admit one
 *   category) while that raises density;
 * - every accepted box is kept, so the result is the whole peeling (and
 *   pasting) trajectory of coverage/density/mass; the analyst then selects a
 *   box on that trade-off curve, and `select` reports its limits with the
 *   quasi-p-value of each restriction (a one-sided binomial test of whether
 *   the restriction really raises density, Bryant & Lempert 2010).
 *
 * Quantiles use EMA's tie-aware rule (midpoints between distinct values), so
 * box limits sit between data points and ties never split a peel.
 */

import type { SampleMatrix } from "./matrix.ts";
import { binomialUpperTail } from "./special.ts";

export interface PrimOptions {
  /** Fraction peeled per step (default 0.05). */
  readonly peelAlpha?: number;
  /** Fraction pasted per step (default 0.05). */
  readonly pasteAlpha?: number;
  /** Minimum box mass as a fraction of all points (default 0.05). */
  readonly massMin?: number;
  /**
   * Classify a continuous `y`: cases of interest are y ≥ threshold (or ≤ when
   * `thresholdType` is "below"). Without it `y` must already be 0/1.
   */
  readonly threshold?: number;
  readonly thresholdType?: "above" | "below";
  /** Columns holding category codes (non-negative integers) rather than numbers. */
  readonly categorical?: readonly number[];
  /** Column names for reports (default x0, x1, …). */
  readonly names?: readonly string[];
}

/** A box limit on one dimension. */
export type PrimLimit =
  | { readonly kind: "range"; readonly lower: number; readonly upper: number }
  | { readonly kind: "set"; readonly values: readonly number[] };

/** One box on the peeling/pasting trajectory. */
export interface PrimStep {
  readonly phase: "initial" | "peel" | "paste";
  /** Share of all cases of interest that fall in the box. */
  readonly coverage: number;
  /** Share of the points in the box that are cases of interest. */
  readonly density: number;
  /** Share of all points that fall in the box. */
  readonly mass: number;
  /** Number of dimensions whose limits differ from the initial box. */
  readonly restrictedDimensions: number;
  readonly limits: readonly PrimLimit[];
}

/** A restricted dimension of a selected box, with its quasi-p-values. */
export type PrimRestriction =
  | {
      readonly kind: "range";
      readonly dimension: number;
      readonly name: string;
      readonly lower: number;
      readonly upper: number;
      /** Quasi-p-value of the lower limit (null when that side is unrestricted). */
      readonly qpLower: number | null;
      /** Quasi-p-value of the upper limit (null when that side is unrestricted). */
      readonly qpUpper: number | null;
    }
  | {
      readonly kind: "set";
      readonly dimension: number;
      readonly name: string;
      readonly values: readonly number[];
      readonly qp: number;
    };

/** A selected box with everything needed to report it. */
export interface PrimBox extends PrimStep {
  /** Position on the trajectory. */
  readonly index: number;
  /** Only the restricted dimensions, in column order. */
  readonly restrictions: readonly PrimRestriction[];
  /** Rows of `x` inside the box. */
  readonly rows: Int32Array;
}

export interface PrimResult {
  /** Every accepted box, starting with the initial (unrestricted) one. */
  readonly trajectory: readonly PrimStep[];
  readonly names: readonly string[];
  /** Number of points and of cases of interest. */
  readonly n: number;
  readonly casesOfInterest: number;
  /** Details of trajectory box `index` (default: the last one). */
  select(index?: number): PrimBox;
  /**
   * Index of the box with the highest coverage among those with density ≥
   * `minDensity` (ties: the later, smaller box), or −1 if none qualifies.
   */
  bestIndex(minDensity: number): number;
}

/** Internal box: numeric limits plus an allowed-code mask per categorical column. */
interface Box {
  lower: Float64Array;
  upper: Float64Array;
  sets: (Uint8Array | null)[];
}

function cloneBox(b: Box): Box {
  return {
    lower: b.lower.slice(),
    upper: b.upper.slice(),
    sets: b.sets.map((s) => (s ? s.slice() : null)),
  };
}

/** EMA Workbench's tie-aware quantile of already sorted data. */
export function primQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const i = (n - 1) * q;
  let lo = Math.floor(i);
  let hi = Math.ceil(i);
  if (q > 0.5) {
    while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  } else {
    while (sorted[lo] === sorted[hi] && hi < n - 1) hi++;
  }
  return (sorted[lo] + sorted[hi]) / 2;
}

function countSet(s: Uint8Array): number {
  let c = 0;
  for (let k = 0; k < s.length; k++) c += s[k];
  return c;
}

function setValues(s: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length; k++) if (s[k]) out.push(k);
  return out;
}

/**
 * The lenient objective of EMA Workbench: change in mean per point removed
 * (or added). Dividing by the change in size stops PRIM from preferring the
 * big jumps that removing a whole category makes.
 */
function objective(sumOld: number, nOld: number, sumNew: number, nNew: number): number {
  const meanOld = sumOld / nOld;
  const meanNew = nNew > 0 ? sumNew / nNew : 0;
  if (meanOld === meanNew || nOld === nNew) return 0;
  return (meanNew - meanOld) / Math.abs(nOld - nNew);
}

/**
 * Runs PRIM on inputs `x` (rows = cases) and outcomes `y`.
 */
export function prim(x: SampleMatrix, y: ArrayLike<number>, options: PrimOptions = {}): PrimResult {
  const peelAlpha = options.peelAlpha ?? 0.05;
  const pasteAlpha = options.pasteAlpha ?? 0.05;
  const massMin = options.massMin ?? 0.05;
  const n = x.rows;
  const d = x.cols;
  if (!(peelAlpha > 0 && peelAlpha < 0.5))
    throw new RangeError(`peelAlpha must be in (0, 0.5), got ${peelAlpha}`);
  if (!(pasteAlpha > 0 && pasteAlpha < 0.5))
    throw new RangeError(`pasteAlpha must be in (0, 0.5), got ${pasteAlpha}`);
  if (!(massMin >= 0 && massMin < 1)) throw new RangeError(`massMin must be in [0, 1), got ${massMin}`);
  if (n === 0 || d === 0) throw new RangeError("PRIM needs at least one row and one column");
  if (y.length !== n) throw new RangeError(`expected ${n} outcomes, got ${y.length}`);
  const names = options.names ? [...options.names] : Array.from({ length: d }, (_, j) => `x${j}`);
  if (names.length !== d) throw new RangeError(`expected ${d} names, got ${names.length}`);

  // Outcomes as 0/1.
  const yb = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (options.threshold !== undefined) {
      yb[i] = (options.thresholdType === "below" ? v <= options.threshold : v >= options.threshold) ? 1 : 0;
    } else if (v === 0 || v === 1) {
      yb[i] = v;
    } else {
      throw new RangeError(`y[${i}] = ${v} is not 0/1; pass a threshold to classify a continuous outcome`);
    }
  }
  let totalCoi = 0;
  for (let i = 0; i < n; i++) totalCoi += yb[i];
  if (totalCoi === 0) throw new RangeError("there are no cases of interest (y is all 0)");

  // Column-major copy for cache-friendly scans along one dimension.
  const cols: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = x.data[i * d + j];
      if (Number.isNaN(v)) throw new RangeError(`x[${i}, ${j}] is NaN`);
      c[i] = v;
    }
    cols.push(c);
  }
  const isCat = new Uint8Array(d);
  for (const j of options.categorical ?? []) {
    if (!Number.isInteger(j) || j < 0 || j >= d) throw new RangeError(`categorical column ${j} out of range`);
    isCat[j] = 1;
    for (let i = 0; i < n; i++) {
      const v = cols[j][i];
      if (!Number.isInteger(v) || v < 0 || v > 65535) {
        throw new RangeError(`categorical column ${j} holds ${v}, not a category code in [0, 65535]`);
      }
    }
  }

  // Initial box: the data's range per numeric column, the codes present per categorical one.
  const init: Box = { lower: new Float64Array(d), upper: new Float64Array(d), sets: [] };
  for (let j = 0; j < d; j++) {
    const c = cols[j];
    if (isCat[j]) {
      let maxCode = 0;
      for (let i = 0; i < n; i++) maxCode = Math.max(maxCode, c[i]);
      const s = new Uint8Array(maxCode + 1);
      for (let i = 0; i < n; i++) s[c[i]] = 1;
      init.sets.push(s);
      init.lower[j] = Number.NaN;
      init.upper[j] = Number.NaN;
    } else {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        lo = Math.min(lo, c[i]);
        hi = Math.max(hi, c[i]);
      }
      init.lower[j] = lo;
      init.upper[j] = hi;
      init.sets.push(null);
    }
  }

  const inDim = (box: Box, j: number, i: number): boolean => {
    const s = box.sets[j];
    const v = cols[j][i];
    return s ? s[v] === 1 : v >= box.lower[j] && v <= box.upper[j];
  };
  const inBox = (box: Box, i: number, skip = -1): boolean => {
    for (let j = 0; j < d; j++) if (j !== skip && !inDim(box, j, i)) return false;
    return true;
  };
  const rowsIn = (box: Box): Int32Array => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (inBox(box, i)) out.push(i);
    return Int32Array.from(out);
  };
  const isRestricted = (box: Box, j: number): boolean => {
    const s = box.sets[j];
    if (s) return countSet(s) < countSet(init.sets[j] as Uint8Array);
    return box.lower[j] !== init.lower[j] || box.upper[j] !== init.upper[j];
  };
  const restrictedCount = (box: Box): number => {
    let c = 0;
    for (let j = 0; j < d; j++) if (isRestricted(box, j)) c++;
    return c;
  };
  const limitsOf = (box: Box): PrimLimit[] =>
    box.sets.map((s, j) =>
      s
        ? { kind: "set" as const, values: setValues(s) }
        : { kind: "range" as const, lower: box.lower[j], upper: box.upper[j] },
    );

  const trajectory: PrimStep[] = [];
  const boxes: Box[] = [];
  const record = (phase: PrimStep["phase"], box: Box, rows: Int32Array) => {
    let coi = 0;
    for (const i of rows) coi += yb[i];
    boxes.push(cloneBox(box));
    trajectory.push({
      phase,
      coverage: coi / totalCoi,
      density: rows.length > 0 ? coi / rows.length : 0,
      mass: rows.length / n,
      restrictedDimensions: restrictedCount(box),
      limits: limitsOf(box),
    });
  };

  let box = cloneBox(init);
  let rows = rowsIn(box);
  record("initial", box, rows);

  // Candidate bookkeeping: best objective, ties broken by fewer restricted
  // dimensions, then by first found (EMA's stable sort order).
  interface Candidate {
    obj: number;
    free: number;
    box: Box;
    count: number;
  }
  const better = (c: Candidate, best: Candidate | null) =>
    best === null || c.obj > best.obj || (c.obj === best.obj && c.free > best.free);

  // ---- Peeling ----
  const scratch = new Float64Array(n);
  for (;;) {
    const m = rows.length;
    let sumOld = 0;
    for (const i of rows) sumOld += yb[i];
    let best: Candidate | null = null;
    const consider = (candidate: Box, keep: (i: number) => boolean) => {
      let count = 0;
      let sum = 0;
      for (const i of rows) {
        if (keep(i)) {
          count++;
          sum += yb[i];
        }
      }
      const c = {
        obj: objective(sumOld, m, sum, count),
        free: d - restrictedCount(candidate),
        box: candidate,
        count,
      };
      if (better(c, best)) best = c;
    };
    for (let j = 0; j < d; j++) {
      const col = cols[j];
      const s = box.sets[j];
      if (s) {
        if (countSet(s) < 2) continue;
        for (let code = 0; code < s.length; code++) {
          if (!s[code]) continue;
          const cand = cloneBox(box);
          (cand.sets[j] as Uint8Array)[code] = 0;
          consider(cand, (i) => col[i] !== code);
        }
        continue;
      }
      const sorted = scratch.subarray(0, m);
      for (let k = 0; k < m; k++) sorted[k] = col[rows[k]];
      sorted.sort();
      const upperPeel = primQuantile(sorted, 1 - peelAlpha);
      const upperBox = cloneBox(box);
      upperBox.upper[j] = upperPeel;
      consider(upperBox, (i) => col[i] <= upperPeel);
      const lowerPeel = primQuantile(sorted, peelAlpha);
      const lowerBox = cloneBox(box);
      lowerBox.lower[j] = lowerPeel;
      consider(lowerBox, (i) => col[i] >= lowerPeel);
    }
    const chosen = best as Candidate | null;
    if (chosen === null) break;
    const massNew = chosen.count / n;
    if (!(massNew >= massMin && chosen.count < m && chosen.obj > 0)) break;
    box = chosen.box;
    rows = rowsIn(box);
    record("peel", box, rows);
  }

  // ---- Pasting ----
  // A paste widens one dimension only, so a candidate's points are exactly the
  // points that satisfy every *other* limit and the widened one. Counting, per
  // point, how many limits it violates (and which, when just one) lets each
  // candidate be scored with one pass over the data instead of a full box test.
  const violations = new Int32Array(n);
  const violated = new Int32Array(n);
  for (;;) {
    const m = rows.length;
    let sumOld = 0;
    for (const i of rows) sumOld += yb[i];
    for (let i = 0; i < n; i++) {
      let count = 0;
      let which = -1;
      for (let j = 0; j < d && count < 2; j++) {
        if (!inDim(box, j, i)) {
          count++;
          which = j;
        }
      }
      violations[i] = count;
      violated[i] = which;
    }
    /** True when point i satisfies every limit except possibly those of dimension j. */
    const othersHold = (i: number, j: number) =>
      violations[i] === 0 || (violations[i] === 1 && violated[i] === j);
    let best: Candidate | null = null;
    const consider = (candidate: Box, j: number) => {
      let count = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        if (othersHold(i, j) && inDim(candidate, j, i)) {
          count++;
          sum += yb[i];
        }
      }
      const c = {
        obj: objective(sumOld, m, sum, count),
        free: d - restrictedCount(candidate),
        box: candidate,
        count,
      };
      if (better(c, best)) best = c;
    };
    for (let j = 0; j < d; j++) {
      if (!isRestricted(box, j)) continue;
      const s = box.sets[j];
      if (s) {
        const all = init.sets[j] as Uint8Array;
        for (let code = 0; code < all.length; code++) {
          if (!all[code] || s[code]) continue;
          const cand = cloneBox(box);
          (cand.sets[j] as Uint8Array)[code] = 1;
          consider(cand, j);
        }
        continue;
      }
      const col = cols[j];
      // Points that satisfy every other limit and lie below / above this one.
      const below: number[] = [];
      const above: number[] = [];
      for (let i = 0; i < n; i++) {
        if (!othersHold(i, j)) continue;
        const v = col[i];
        if (v <= box.lower[j]) below.push(v);
        if (v >= box.upper[j]) above.push(v);
      }
      if (box.lower[j] !== init.lower[j]) {
        const cand = cloneBox(box);
        cand.lower[j] =
          below.length > 0 ? primQuantile(Float64Array.from(below).sort(), 1 - pasteAlpha) : init.lower[j];
        consider(cand, j);
      }
      if (box.upper[j] !== init.upper[j]) {
        const cand = cloneBox(box);
        cand.upper[j] =
          above.length > 0 ? primQuantile(Float64Array.from(above).sort(), pasteAlpha) : init.upper[j];
        consider(cand, j);
      }
    }
    const chosen = best as Candidate | null;
    if (chosen === null) break;
    const massNew = chosen.count / n;
    // A paste must add points and raise density (objective > 0 says both).
    if (!(massNew >= massMin && chosen.count > m && chosen.obj > 0)) break;
    box = chosen.box;
    rows = rowsIn(box);
    record("paste", box, rows);
  }

  const select = (index: number = trajectory.length - 1): PrimBox => {
    if (!Number.isInteger(index) || index < 0 || index >= trajectory.length) {
      throw new RangeError(`box index must be in [0, ${trajectory.length - 1}], got ${index}`);
    }
    const b = boxes[index];
    const inside = rowsIn(b);
    let hBox = 0;
    for (const i of inside) hBox += yb[i];
    const tBox = inside.length;
    // Quasi-p-value of one restriction: drop it, measure the density p of the
    // wider box, and ask how surprising the box's hit count is under
    // Binomial(T_box, p) (one-sided, as in EMA Workbench).
    const quasiP = (wider: Box): number => {
      let t = 0;
      let h = 0;
      for (let i = 0; i < n; i++) {
        if (inBox(wider, i)) {
          t++;
          h += yb[i];
        }
      }
      return binomialUpperTail(hBox, tBox, h / t);
    };
    const restrictions: PrimRestriction[] = [];
    for (let j = 0; j < d; j++) {
      if (!isRestricted(b, j)) continue;
      const s = b.sets[j];
      if (s) {
        const wider = cloneBox(b);
        wider.sets[j] = (init.sets[j] as Uint8Array).slice();
        restrictions.push({
          kind: "set",
          dimension: j,
          name: names[j],
          values: setValues(s),
          qp: quasiP(wider),
        });
        continue;
      }
      let qpLower: number | null = null;
      let qpUpper: number | null = null;
      if (b.lower[j] !== init.lower[j]) {
        const wider = cloneBox(b);
        wider.lower[j] = init.lower[j];
        qpLower = quasiP(wider);
      }
      if (b.upper[j] !== init.upper[j]) {
        const wider = cloneBox(b);
        wider.upper[j] = init.upper[j];
        qpUpper = quasiP(wider);
      }
      restrictions.push({
        kind: "range",
        dimension: j,
        name: names[j],
        lower: b.lower[j],
        upper: b.upper[j],
        qpLower,
        qpUpper,
      });
    }
    return { ...trajectory[index], index, restrictions, rows: inside };
  };

  const bestIndex = (minDensity: number): number => {
    let found = -1;
    for (let i = 0; i < trajectory.length; i++) {
      const s = trajectory[i];
      if (s.density < minDensity) continue;
      // ">=" keeps the later (smaller, denser) box when coverage ties.
      if (found < 0 || s.coverage >= trajectory[found].coverage) found = i;
    }
    return found;
  };

  return { trajectory, names, n, casesOfInterest: totalCoi, select, bestIndex };
}
