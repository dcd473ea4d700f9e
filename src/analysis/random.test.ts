import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRandom,
  randomInt,
  randomPermutation,
  randomUint32,
  shuffleInPlace,
  Xoshiro128StarStar,
} from "./random.ts";

describe("Xoshiro128StarStar", () => {
  it("matches the reference xoshiro128** output for state [1, 2, 3, 4]", () => {
    // Values from the reference C implementation (Blackman & Vigna).
    const g = new Xoshiro128StarStar([1, 2, 3, 4]);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([
      11520, 0, 5927040, 70819200,
    ]);
  });

  it("rejects the all-zero state and wrong lengths", () => {
    expect(() => new Xoshiro128StarStar([0, 0, 0, 0])).toThrow(RangeError);
    expect(() => new Xoshiro128StarStar([1, 2, 3])).toThrow(RangeError);
  });

  it("keeps its state in a Uint32Array and can report it", () => {
    const g = createRandom(5);
    const s = g.state();
    expect(s).toBeInstanceOf(Uint32Array);
    const copy = new Xoshiro128StarStar(s);
    expect(copy.next()).toBe(g.next());
  });
});

describe("createRandom", () => {
  it("is deterministic: same seed, same stream", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next());
  });

  it("gives different streams for different seeds, including beyond 32 bits and negatives", () => {
    const first = (seed: number) => createRandom(seed).next();
    const seeds = [0, 1, 2, -1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];
    const values = new Set(seeds.map(first));
    expect(values.size).toBe(seeds.length);
  });

  it("rejects seeds that are not safe integers", () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(Number.NaN)).toThrow(RangeError);
    expect(() => createRandom(2 ** 60)).toThrow(RangeError);
  });

  it("draws uniforms in [0, 1) with the right first two moments", () => {
    const g = createRandom(7);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = g.next();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });
});

describe("helpers", () => {
  it("randomInt stays in range and hits every value", () => {
    const g = createRandom(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[randomInt(g, 7)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(randomInt({ next: () => 1 }, 5)).toBe(4); // misbehaving source is clamped
  });

  it("randomUint32 gives unsigned 32-bit integers", () => {
    const g = createRandom(4);
    for (let i = 0; i < 1000; i++) {
      const v = randomUint32(g);
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });

  it("randomPermutation and shuffleInPlace produce permutations", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), (n, seed) => {
        const p = Array.from(randomPermutation(createRandom(seed), n)).sort((a, b) => a - b);
        expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
        const arr = [1, 2, 3, 4, 5];
        shuffleInPlace(createRandom(seed), arr);
        expect([...arr].sort()).toEqual([1, 2, 3, 4, 5]);
      }),
      { numRuns: 50 },
    );
  });
});
