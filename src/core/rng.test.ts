import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createStreams,
  hashString,
  nextBinomial,
  nextFloat,
  nextNormal,
  nextU32,
  seedStream,
  WORDS_PER_STREAM,
} from "./rng.ts";

/** Any 32-bit unsigned integer (fc.integer is limited to signed 32-bit bounds). */
const u32 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x10000 + lo);

function draws(seed: number, names: readonly string[], name: string, n: number): number[] {
  const rng = createStreams(seed, names);
  const s = rng.index[name];
  return Array.from({ length: n }, () => nextU32(rng.state, s));
}

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

describe("hashString", () => {
  it("is FNV-1a 32-bit", () => {
    // Published FNV-1a test vectors.
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
  });
});

describe("streams", () => {
  it("are deterministic: the same seed and names give the same draws", () => {
    const names = ["growers", "trafficking", "eradication"];
    expect(draws(42, names, "trafficking", 100)).toEqual(draws(42, names, "trafficking", 100));
  });

  it("differ between seeds and between names", () => {
    const names = ["a", "b"];
    expect(draws(1, names, "a", 20)).not.toEqual(draws(2, names, "a", 20));
    expect(draws(1, names, "a", 20)).not.toEqual(draws(1, names, "b", 20));
  });

  it("depend on the name, not the position: adding or reordering streams leaves the others unchanged", () => {
    const before = draws(7, ["growers", "trafficking"], "trafficking", 50);
    expect(draws(7, ["growers", "new-submodel", "trafficking"], "trafficking", 50)).toEqual(before);
    expect(draws(7, ["trafficking", "growers"], "trafficking", 50)).toEqual(before);
    expect(draws(7, ["trafficking"], "trafficking", 50)).toEqual(before);
  });

  it("do not interfere: drawing from one stream does not move another", () => {
    const names = ["a", "b"];
    const rng = createStreams(99, names);
    for (let i = 0; i < 1000; i++) nextU32(rng.state, rng.index.a);
    const b = Array.from({ length: 20 }, () => nextU32(rng.state, rng.index.b));
    expect(b).toEqual(draws(99, names, "b", 20));
  });

  it("never start from the all-zero state (xoshiro would be stuck at 0)", () => {
    fc.assert(
      fc.property(u32, u32, (seed, key) => {
        const state = new Uint32Array(WORDS_PER_STREAM);
        seedStream(state, 0, seed, key);
        expect(state.some((w) => w !== 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("produce 32-bit unsigned integers", () => {
    fc.assert(
      fc.property(u32, (seed) => {
        const rng = createStreams(seed, ["x"]);
        for (let i = 0; i < 50; i++) {
          const u = nextU32(rng.state, 0);
          expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("nextFloat", () => {
  it("lies in [0, 1) for any seed", () => {
    fc.assert(
      fc.property(u32, fc.string(), (seed, name) => {
        const rng = createStreams(seed, [name]);
        for (let i = 0; i < 200; i++) {
          const u = nextFloat(rng.state, 0);
          expect(u >= 0 && u < 1).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("is roughly uniform (mean 1/2, variance 1/12, deciles about equal)", () => {
    const rng = createStreams(123, ["u"]);
    const n = 40000;
    const values = Array.from({ length: n }, () => nextFloat(rng.state, 0));
    const { mean, variance } = moments(values);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)]++;
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(0.06 * (n / 10));
  });
});

describe("nextNormal", () => {
  it("has mean 0 and variance 1", () => {
    const rng = createStreams(5, ["n"]);
    const values = Array.from({ length: 40000 }, () => nextNormal(rng.state, 0));
    expect(values.every(Number.isFinite)).toBe(true);
    const { mean, variance } = moments(values);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });
});

describe("nextBinomial", () => {
  it("returns an integer in [0, n] for any n and p", () => {
    fc.assert(
      fc.property(
        u32,
        fc.integer({ min: -5, max: 5000 }),
        fc.double({ min: -0.5, max: 1.5, noNaN: true }),
        (seed, n, p) => {
          const rng = createStreams(seed, ["b"]);
          for (let i = 0; i < 5; i++) {
            const k = nextBinomial(rng.state, 0, n, p);
            expect(Number.isInteger(k)).toBe(true);
            expect(k).toBeGreaterThanOrEqual(0);
            expect(k).toBeLessThanOrEqual(Math.max(0, n));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("handles the degenerate cases exactly", () => {
    const rng = createStreams(1, ["b"]);
    expect(nextBinomial(rng.state, 0, 0, 0.5)).toBe(0);
    expect(nextBinomial(rng.state, 0, 10, 0)).toBe(0);
    expect(nextBinomial(rng.state, 0, 10, 1)).toBe(10);
    expect(nextBinomial(rng.state, 0, -3, 0.5)).toBe(0);
  });

  it("is deterministic for a given stream state", () => {
    const a = createStreams(77, ["b"]);
    const b = createStreams(77, ["b"]);
    for (const [n, p] of [
      [10, 0.3],
      [500, 0.01],
      [1000, 0.4],
    ] as const) {
      expect(nextBinomial(a.state, 0, n, p)).toBe(nextBinomial(b.state, 0, n, p));
    }
  });

  // One case per branch: exact Bernoulli sum (n ≤ 64), inversion (small variance),
  // normal approximation (variance > 25).
  it.each([
    [20, 0.3],
    [40, 0.95],
    [500, 0.02],
    [2000, 0.004],
    [400, 0.5],
    [10000, 0.1],
  ])("has about the right mean and variance for n = %i, p = %f", (n, p) => {
    const rng = createStreams(2024, ["b"]);
    const values = Array.from({ length: 20000 }, () => nextBinomial(rng.state, 0, n, p));
    const { mean, variance } = moments(values);
    const trueMean = n * p;
    const trueVar = n * p * (1 - p);
    expect(Math.abs(mean - trueMean)).toBeLessThan(4 * Math.sqrt(trueVar / values.length) + 0.01);
    expect(Math.abs(variance / trueVar - 1)).toBeLessThan(0.08);
  });

  // Regression: q^n once underflowed for p near 1, giving zero variance.
  it("has the right variance when p is close to 1 and n is large (q^n underflows)", () => {
    const rng = createStreams(3, ["b"]);
    const n = 1000;
    const p = 0.995;
    const values = Array.from({ length: 5000 }, () => nextBinomial(rng.state, 0, n, p));
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - n * p)).toBeLessThan(0.2);
    expect(variance).toBeGreaterThan(0.8 * n * p * (1 - p));
  });
});
