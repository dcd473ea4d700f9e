import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ensembleSeed, ensembleSeeds, mix32 } from "../../src/ensemble/seeds.ts";

/** An independent reference in BigInt arithmetic: the (i + 1)-th output of SplitMix32 started at `base`. */
function reference(base: number, i: number): number {
  const M = 0xffffffffn;
  let z = (BigInt(base) + BigInt(i + 1) * 0x9e3779b9n) & M;
  z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
  z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
  return Number(z ^ (z >> 16n));
}

describe("ensembleSeeds", () => {
  it("follows the documented rule", () => {
    expect(ensembleSeeds(0, 3)).toEqual([reference(0, 0), reference(0, 1), reference(0, 2)]);
    expect(ensembleSeeds(20180101, 4)).toEqual([0, 1, 2, 3].map((i) => reference(20180101, i)));
    expect(ensembleSeeds(0xffffffff, 2)).toEqual([reference(0xffffffff, 0), reference(0xffffffff, 1)]);
    // pinned values, so that a change of rule is noticed
    expect(ensembleSeeds(0, 3)).toEqual([2462723854, 1020716019, 454327756]);
    expect(ensembleSeeds(20180101, 3)).toEqual([1371018601, 2651450291, 838849428]);
  });

  it("matches the reference for any base seed and index", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1e6 }), (base, i) => {
        expect(ensembleSeed(base, i)).toBe(reference(base, i));
      }),
    );
  });

  it("gives distinct 32-bit seeds, and a larger ensemble extends a smaller one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (base) => {
        const seeds = ensembleSeeds(base, 200);
        expect(new Set(seeds).size).toBe(200);
        for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
        expect(ensembleSeeds(base, 10)).toEqual(seeds.slice(0, 10));
      }),
      { numRuns: 50 },
    );
  });

  it("mix32 is the SplitMix32 finaliser", () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(reference(1 - 0x9e3779b9 + 2 ** 32, 0));
  });

  it("rejects bad arguments", () => {
    expect(ensembleSeeds(5, 0)).toEqual([]);
    expect(() => ensembleSeeds(-1, 3)).toThrow(RangeError);
    expect(() => ensembleSeeds(1.5, 3)).toThrow(RangeError);
    expect(() => ensembleSeeds(2 ** 32, 3)).toThrow(RangeError);
    expect(() => ensembleSeeds(1, -1)).toThrow(RangeError);
    expect(() => ensembleSeeds(1, 2.5)).toThrow(RangeError);
  });
});
