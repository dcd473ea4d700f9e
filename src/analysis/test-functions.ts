/**
 * Standard benchmark functions of global sensitivity analysis with their
 * analytic Sobol' indices, for validating the toolkit (and your own
 * pipelines) against known answers.
 */

/**
 * Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 with
 * x_i ~ U(−π, π). Strongly non-linear and non-monotonic, with an x1–x3
 * interaction and x3 having no first-order effect.
 */
export function ishigami(x: ArrayLike<number>, a = 7, b = 0.1): number {
  const s1 = Math.sin(x[0]);
  const s2 = Math.sin(x[1]);
  return s1 + a * s2 * s2 + b * x[2] ** 4 * s1;
}

export interface AnalyticIndices {
  readonly S1: readonly number[];
  readonly ST: readonly number[];
  /** Symmetric d × d matrix of second-order indices, row-major, 0 on the diagonal. */
  readonly S2: readonly number[];
  readonly variance: number;
}

/** Analytic Sobol' indices of the Ishigami function. */
export function ishigamiIndices(a = 7, b = 0.1): AnalyticIndices {
  const pi4 = Math.PI ** 4;
  const pi8 = Math.PI ** 8;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = ((b * b * pi8) / 18) * (1 - 9 / 25);
  const v = v1 + v2 + v13;
  return {
    S1: [v1 / v, v2 / v, 0],
    ST: [(v1 + v13) / v, v2 / v, v13 / v],
    S2: [0, 0, v13 / v, 0, 0, 0, v13 / v, 0, 0],
    variance: v,
  };
}

/**
 * Sobol' G-function on [0, 1]^d: f = Π (|4x_i − 2| + a_i) / (1 + a_i).
 * Small a_i means an important factor; a_i ≥ 99 is practically inert.
 */
export function sobolG(x: ArrayLike<number>, a: readonly number[]): number {
  let f = 1;
  for (let i = 0; i < a.length; i++) f *= (Math.abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
  return f;
}

/** Analytic Sobol' indices of the G-function. */
export function sobolGIndices(a: readonly number[]): AnalyticIndices {
  const d = a.length;
  // Partial variance of one factor: V_i = 1 / (3 (1 + a_i)²).
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const prod = vi.reduce((p, v) => p * (1 + v), 1);
  const variance = prod - 1;
  const S2: number[] = new Array(d * d).fill(0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) if (i !== j) S2[i * d + j] = (vi[i] * vi[j]) / variance;
  }
  return {
    S1: vi.map((v) => v / variance),
    ST: vi.map((v) => (v * (prod / (1 + v))) / variance),
    S2,
    variance,
  };
}
