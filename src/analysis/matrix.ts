/**
 * Sample matrices: one `Float64Array` in row-major order, rows = runs
 * (experiments), columns = parameters. A flat typed array keeps large designs
 * compact and cache friendly and can be transferred to a worker without
 * copying; the wrapper only carries the shape so that no function has to be
 * told `d` separately and get it wrong.
 */

/** A dense row-major matrix of doubles. */
export interface SampleMatrix {
  /** Number of rows (runs). */
  readonly rows: number;
  /** Number of columns (parameters). */
  readonly cols: number;
  /** `rows * cols` values; element (i, j) is at `i * cols + j`. */
  readonly data: Float64Array;
}

/** A zero-filled matrix. */
export function createMatrix(rows: number, cols: number): SampleMatrix {
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0)
    throw new RangeError(`cols must be a non-negative integer, got ${cols}`);
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps existing row-major data (not copied) after checking its length. */
export function matrixFromData(data: Float64Array, cols: number): SampleMatrix {
  if (!Number.isInteger(cols) || cols <= 0)
    throw new RangeError(`cols must be a positive integer, got ${cols}`);
  if (data.length % cols !== 0) {
    throw new RangeError(`data length ${data.length} is not a multiple of cols ${cols}`);
  }
  return { rows: data.length / cols, cols, data };
}

/** Builds a matrix from an array of equally long rows (copied). */
export function matrixFromRows(rows: readonly ArrayLike<number>[]): SampleMatrix {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`);
    for (let j = 0; j < cols; j++) m.data[i * cols + j] = row[j];
  });
  return m;
}

/** A view (no copy) of row `i`. Writing to it writes to the matrix. */
export function row(matrix: SampleMatrix, i: number): Float64Array {
  return matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols);
}

/** A copy of column `j`. */
export function column(matrix: SampleMatrix, j: number): Float64Array {
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = matrix.data[i * matrix.cols + j];
  return out;
}

/** Element (i, j). */
export function at(matrix: SampleMatrix, i: number, j: number): number {
  return matrix.data[i * matrix.cols + j];
}

/** Rows as plain arrays; handy for printing and for tests. */
export function toRows(matrix: SampleMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) out.push(Array.from(row(matrix, i)));
  return out;
}

/**
 * Runs `model` on every row and collects its outputs. The row handed to the
 * model is a view into the matrix, reused per call: copy it if you keep it.
 * This is how the toolkit stays model-agnostic: any `(x) => y` works.
 */
export function evaluate(
  matrix: SampleMatrix,
  model: (x: Float64Array, index: number) => number,
): Float64Array {
  const y = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) y[i] = model(row(matrix, i), i);
  return y;
}
