/**
 * Tables that keep `Math.exp` and `Math.log` out of the households' decision loop
 * (see docs/model.md, performance notes). Both are built once from Math.exp/log,
 * so results stay deterministic across machines.
 */

/** Logistic function sampled on [−LOGISTIC_RANGE, LOGISTIC_RANGE] every 1/LOGISTIC_STEPS. */
export const LOGISTIC_RANGE = 20;
export const LOGISTIC_STEPS = 64;
export const LOGISTIC_TABLE: Float64Array = (() => {
  const n = 2 * LOGISTIC_RANGE * LOGISTIC_STEPS + 2;
  const table = new Float64Array(n);
  for (let i = 0; i < n; i++) table[i] = 1 / (1 + Math.exp(-(i / LOGISTIC_STEPS - LOGISTIC_RANGE)));
  return table;
})();

/** Logistic by linear interpolation in LOGISTIC_TABLE (absolute error below 1e-5). */
export function tableLogistic(x: number): number {
  if (x <= -LOGISTIC_RANGE) return 0;
  if (x >= LOGISTIC_RANGE) return 1;
  const position = (x + LOGISTIC_RANGE) * LOGISTIC_STEPS;
  const i = position | 0;
  const frac = position - i;
  return LOGISTIC_TABLE[i] + frac * (LOGISTIC_TABLE[i + 1] - LOGISTIC_TABLE[i]);
}

/** Bits of a uniform draw used to pick a standard logistic shock. */
export const NOISE_BITS = 12;
/** Standard logistic quantiles at the midpoints of 2^NOISE_BITS equal-probability cells. */
export const LOGISTIC_NOISE: Float64Array = (() => {
  const n = 1 << NOISE_BITS;
  const table = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const u = (k + 0.5) / n;
    table[k] = Math.log(u / (1 - u));
  }
  return table;
})();
