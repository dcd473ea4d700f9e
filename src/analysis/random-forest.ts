/**
 * A small random forest of CART regression trees (Breiman 2001), enough for
 * feature scoring and quick surrogate models, with scikit-learn's defaults
 * where they matter for the importances:
 *
 * - each tree is grown to purity (min 1 sample per leaf) on a bootstrap
 *   sample of the rows;
 * - each split looks at `maxFeatures` randomly chosen columns (√d by
 *   default), continuing past that number only if none of them can split
 *   the node (constant columns), as scikit-learn does;
 * - splits minimise the summed squared error; thresholds are midpoints
 *   between consecutive distinct values, rows with x ≤ threshold go left;
 * - feature importance = total weighted impurity decrease (mean decrease in
 *   impurity), normalised to 1 per tree, averaged, and normalised again.
 *
 * For a 0/1 outcome the squared error of a node is n·p(1−p), exactly half its
 * Gini impurity, so regression trees choose the same splits and give the same
 * normalised importances as classification trees with the Gini criterion.
 */

import type { SampleMatrix } from "./matrix.ts";
import { type Random, randomInt } from "./random.ts";

export interface RandomForestOptions {
  /** Number of trees (default 100). */
  readonly trees?: number;
  /** Columns tried per split: "sqrt" (default), "all", or a count. */
  readonly maxFeatures?: "sqrt" | "all" | number;
  /** Minimum rows in a leaf (default 1). */
  readonly minSamplesLeaf?: number;
  /** Minimum rows in a node for it to be split (default 2). */
  readonly minSamplesSplit?: number;
  /** Maximum depth (default unlimited). */
  readonly maxDepth?: number;
  /** Draw a bootstrap sample per tree (default true); false uses every row. */
  readonly bootstrap?: boolean;
}

/**
 * A fitted tree in flat arrays (node 0 is the root). A leaf has
 * `feature = -1`; otherwise rows with x[feature] ≤ threshold go to `left`.
 */
export interface RegressionTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Mean outcome of the training rows in the node. */
  readonly value: Float64Array;
}

export interface RandomForest {
  readonly trees: readonly RegressionTree[];
  readonly features: number;
  /** Mean-decrease-in-impurity importances, summing to 1 (all 0 if no split was ever made). */
  readonly importances: Float64Array;
  /**
   * Out-of-bag R² (1 − SSE/SST over rows left out of at least one tree's
   * bootstrap); NaN without bootstrap or if no row was ever out of bag.
   */
  readonly oobScore: number;
}

/** Prediction of a single tree for one row. */
export function predictTree(tree: RegressionTree, row: ArrayLike<number>): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

/** Forest prediction: the mean of the trees' predictions. */
export function predictForest(forest: RandomForest, row: ArrayLike<number>): number {
  let s = 0;
  for (const t of forest.trees) s += predictTree(t, row);
  return s / forest.trees.length;
}

interface GrowContext {
  x: Float64Array;
  y: Float64Array;
  d: number;
  mtry: number;
  minLeaf: number;
  minSplit: number;
  maxDepth: number;
  random: Random;
  importance: Float64Array;
}

/** Grows one tree on the rows listed in `idx` (duplicates allowed), in place. */
function growTree(ctx: GrowContext, idx: Int32Array): RegressionTree {
  const { x, y, d, mtry, minLeaf, minSplit, maxDepth, random, importance } = ctx;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const features = Int32Array.from({ length: d }, (_, j) => j);
  const vals = new Float64Array(idx.length);
  const order = new Int32Array(idx.length);

  const newNode = (): number => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    return feature.length - 1;
  };

  // Explicit stack of [node, start, end, depth] so deep trees cannot overflow the call stack.
  const stack: number[][] = [[newNode(), 0, idx.length, 0]];
  while (stack.length > 0) {
    const [node, start, end, depth] = stack.pop() as number[];
    const n = end - start;
    let sum = 0;
    let sumSq = 0;
    for (let t = start; t < end; t++) {
      const v = y[idx[t]];
      sum += v;
      sumSq += v * v;
    }
    value[node] = sum / n;
    const sse = sumSq - (sum * sum) / n;
    // Relative tolerance: a node whose outcomes are all equal up to round-off is pure.
    if (n < minSplit || n < 2 * minLeaf || depth >= maxDepth || sse <= 1e-12 * (sumSq + 1e-300)) continue;

    let bestFeature = -1;
    let bestThreshold = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    let tried = 0;
    // Partial Fisher–Yates: features[0..k) is a uniform random subset in random order.
    for (let k = 0; k < d && tried < mtry; k++) {
      const r = k + randomInt(random, d - k);
      const f = features[r];
      features[r] = features[k];
      features[k] = f;

      for (let t = 0; t < n; t++) {
        vals[t] = x[idx[start + t] * d + f];
        order[t] = t;
      }
      const ord = order.subarray(0, n);
      ord.sort((a, b) => vals[a] - vals[b]);
      if (vals[ord[0]] === vals[ord[n - 1]]) continue; // constant here: does not count as tried
      tried++;
      let sumL = 0;
      for (let t = 1; t < n; t++) {
        sumL += y[idx[start + ord[t - 1]]];
        const lo = vals[ord[t - 1]];
        const hi = vals[ord[t]];
        if (lo === hi || t < minLeaf || n - t < minLeaf) continue;
        const sumR = sum - sumL;
        // Maximising sumL²/nL + sumR²/nR minimises the children's total SSE.
        const score = (sumL * sumL) / t + (sumR * sumR) / (n - t);
        if (score > bestScore) {
          bestScore = score;
          bestFeature = f;
          let mid = lo + (hi - lo) / 2;
          // Adjacent doubles: the midpoint can round to `hi`, which would send it left.
          if (mid >= hi) mid = lo;
          bestThreshold = mid;
        }
      }
    }
    if (bestFeature < 0) continue;
    // Weighted impurity decrease = parent SSE − children SSE = score − sum²/n.
    const decrease = bestScore - (sum * sum) / n;
    if (!(decrease > 0)) continue;
    importance[bestFeature] += decrease;

    // Partition idx[start, end) so that rows going left come first.
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (x[idx[i] * d + bestFeature] <= bestThreshold) {
        i++;
      } else {
        const tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
        j--;
      }
    }
    feature[node] = bestFeature;
    threshold[node] = bestThreshold;
    const l = newNode();
    const r = newNode();
    left[node] = l;
    right[node] = r;
    stack.push([r, i, end, depth + 1], [l, start, i, depth + 1]);
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** Fits a random forest of regression trees to rows of `x` and outcomes `y`. */
export function fitRandomForest(
  x: SampleMatrix,
  y: ArrayLike<number>,
  random: Random,
  options: RandomForestOptions = {},
): RandomForest {
  const n = x.rows;
  const d = x.cols;
  const trees = options.trees ?? 100;
  const minLeaf = options.minSamplesLeaf ?? 1;
  const minSplit = options.minSamplesSplit ?? 2;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const bootstrap = options.bootstrap ?? true;
  const mf = options.maxFeatures ?? "sqrt";
  const mtry = mf === "sqrt" ? Math.max(1, Math.floor(Math.sqrt(d))) : mf === "all" ? d : mf;
  if (n < 2 || d < 1) throw new RangeError("a forest needs at least 2 rows and 1 column");
  if (y.length !== n) throw new RangeError(`expected ${n} outcomes, got ${y.length}`);
  if (!Number.isInteger(trees) || trees < 1)
    throw new RangeError(`trees must be a positive integer, got ${trees}`);
  if (!Number.isInteger(mtry) || mtry < 1 || mtry > d)
    throw new RangeError(`maxFeatures must be in [1, ${d}]`);
  if (!Number.isInteger(minLeaf) || minLeaf < 1)
    throw new RangeError("minSamplesLeaf must be a positive integer");
  if (!Number.isInteger(minSplit) || minSplit < 2)
    throw new RangeError("minSamplesSplit must be an integer ≥ 2");
  const yy = Float64Array.from(y);
  for (let i = 0; i < n; i++) if (!Number.isFinite(yy[i])) throw new RangeError(`y[${i}] is not finite`);
  for (let k = 0; k < x.data.length; k++) if (Number.isNaN(x.data[k])) throw new RangeError("x contains NaN");

  const total = new Float64Array(d);
  const perTree = new Float64Array(d);
  const ctx: GrowContext = {
    x: x.data,
    y: yy,
    d,
    mtry,
    minLeaf,
    minSplit,
    maxDepth,
    random,
    importance: perTree,
  };
  const fitted: RegressionTree[] = [];
  const oobSum = new Float64Array(n);
  const oobCount = new Int32Array(n);
  const inBag = new Uint8Array(n);
  const idx = new Int32Array(n);
  for (let t = 0; t < trees; t++) {
    inBag.fill(0);
    for (let i = 0; i < n; i++) {
      idx[i] = bootstrap ? randomInt(random, n) : i;
      inBag[idx[i]] = 1;
    }
    perTree.fill(0);
    const tree = growTree(ctx, idx);
    fitted.push(tree);
    let s = 0;
    for (let j = 0; j < d; j++) s += perTree[j];
    if (s > 0) for (let j = 0; j < d; j++) total[j] += perTree[j] / s;
    if (bootstrap) {
      for (let i = 0; i < n; i++) {
        if (inBag[i]) continue;
        oobSum[i] += predictTree(tree, x.data.subarray(i * d, (i + 1) * d));
        oobCount[i]++;
      }
    }
  }
  let s = 0;
  for (let j = 0; j < d; j++) s += total[j];
  const importances = new Float64Array(d);
  if (s > 0) for (let j = 0; j < d; j++) importances[j] = total[j] / s;

  let oobScore = Number.NaN;
  if (bootstrap) {
    let mean = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (oobCount[i] > 0) {
        mean += yy[i];
        m++;
      }
    }
    if (m > 0) {
      mean /= m;
      let sse = 0;
      let sst = 0;
      for (let i = 0; i < n; i++) {
        if (oobCount[i] === 0) continue;
        sse += (yy[i] - oobSum[i] / oobCount[i]) ** 2;
        sst += (yy[i] - mean) ** 2;
      }
      oobScore = sst > 0 ? 1 - sse / sst : Number.NaN;
    }
  }
  return { trees: fitted, features: d, importances, oobScore };
}
