/** Compressed sparse row adjacency: row r owns targets[offsets[r] .. offsets[r + 1]). */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Builds a CSR from (row, target) pairs; rows keep the insertion order of their targets. */
export function buildCsr(rows: number, pairs: ReadonlyArray<readonly [number, number]>): Csr {
  const offsets = new Int32Array(rows + 1);
  for (const [r] of pairs) {
    if (r < 0 || r >= rows) throw new RangeError(`CSR row ${r} outside 0..${rows - 1}`);
    offsets[r + 1]++;
  }
  for (let r = 0; r < rows; r++) offsets[r + 1] += offsets[r];
  const cursor = offsets.slice(0, rows);
  const targets = new Int32Array(pairs.length);
  for (const [r, t] of pairs) targets[cursor[r]++] = t;
  return { offsets, targets };
}

/** The targets of one row as a subarray view (no copy). */
export function row(csr: Csr, r: number): Int32Array {
  return csr.targets.subarray(csr.offsets[r], csr.offsets[r + 1]);
}
