import { describe, expect, it } from "vitest";
import {
  binomialUpperTail,
  erfc,
  incompleteBeta,
  lnGamma,
  normalCdf,
  normalQuantile,
  upperIncompleteGamma,
} from "./special.ts";

describe("special functions", () => {
  it("lnGamma matches log factorials and Γ(1/2) = √π", () => {
    let logFact = 0;
    for (let n = 1; n < 30; n++) {
      expect(lnGamma(n)).toBeCloseTo(logFact, 10);
      logFact += Math.log(n);
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
  });

  it("erfc and normalCdf match reference values", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfc(1)).toBeCloseTo(0.15729920705028513, 15);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 14);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-3) / 0.0013498980316300946).toBeCloseTo(1, 12);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 10);
    expect(upperIncompleteGamma(2, 0)).toBe(1);
    expect(upperIncompleteGamma(1, 2)).toBeCloseTo(Math.exp(-2), 14);
  });

  it("normalQuantile inverts normalCdf to near machine precision", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    // Above ~5 the input p = Φ(x) itself has too few significant digits of 1 − p.
    for (const x of [-8, -5, -2.5, -1, -0.1, 0.3, 1, 2, 4]) {
      expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 10);
    }
  });

  it("incompleteBeta has the right symmetry and special cases", () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.3, 2, 5) + incompleteBeta(0.7, 5, 2)).toBeCloseTo(1, 14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it("binomialUpperTail equals the direct sum of the pmf", () => {
    const direct = (k: number, n: number, p: number) => {
      let s = 0;
      for (let i = k; i <= n; i++)
        s += Math.exp(lnGamma(n + 1) - lnGamma(i + 1) - lnGamma(n - i + 1)) * p ** i * (1 - p) ** (n - i);
      return s;
    };
    for (const [k, n, p] of [
      [3, 10, 0.2],
      [0, 10, 0.4],
      [10, 10, 0.9],
      [37, 60, 0.45],
      [120, 400, 0.25],
    ]) {
      expect(binomialUpperTail(k, n, p)).toBeCloseTo(direct(k, n, p), 12);
    }
    expect(binomialUpperTail(3, 10, 0.2)).toBeCloseTo(0.3222004736, 10);
    expect(binomialUpperTail(11, 10, 0.5)).toBe(0);
    expect(binomialUpperTail(1, 10, 0)).toBe(0);
    expect(binomialUpperTail(1, 10, 1)).toBe(1);
  });
});
