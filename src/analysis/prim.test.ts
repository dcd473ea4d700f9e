import { describe, expect, it } from "vitest";
import { lhs } from "./lhs.ts";
import { createMatrix, matrixFromRows, type SampleMatrix } from "./matrix.ts";
import { monteCarlo } from "./monte-carlo.ts";
import { type PrimLimit, prim, primQuantile } from "./prim.ts";
import { createRandom } from "./random.ts";

/** y = 1 inside x0 ∈ [0.2, 0.6], x1 ∈ [0.5, 1.0], with 5 % of labels flipped. */
function syntheticBox(n: number, seed: number): { x: SampleMatrix; y: Float64Array } {
  const random = createRandom(seed);
  const x = lhs(n, 5, random);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = x.data[i * 5];
    const x1 = x.data[i * 5 + 1];
    const inside = x0 >= 0.2 && x0 <= 0.6 && x1 >= 0.5;
    const flip = random.next() < 0.05;
    y[i] = inside !== flip ? 1 : 0;
  }
  return { x, y };
}

const range = (l: PrimLimit) => {
  if (l.kind !== "range") throw new Error("expected a range limit");
  return l;
};

describe("prim — known box", () => {
  const { x, y } = syntheticBox(2000, 1);
  const result = prim(x, y);

  it("recovers the box limits within 0.05", () => {
    const i = result.bestIndex(0.9);
    expect(i).toBeGreaterThan(0);
    const box = result.select(i);
    expect(box.density).toBeGreaterThanOrEqual(0.9);
    expect(box.coverage).toBeGreaterThan(0.75);
    const x0 = range(box.limits[0]);
    const x1 = range(box.limits[1]);
    expect(Math.abs(x0.lower - 0.2)).toBeLessThan(0.05);
    expect(Math.abs(x0.upper - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(x1.lower - 0.5)).toBeLessThan(0.05);
    expect(Math.abs(x1.upper - 1.0)).toBeLessThan(0.05);
    // Only the two real dimensions are restricted, with overwhelming quasi-p-values.
    expect(box.restrictions.map((r) => r.name)).toEqual(["x0", "x1"]);
    const [r0, r1] = box.restrictions;
    if (r0.kind !== "range" || r1.kind !== "range") throw new Error("expected ranges");
    expect(r0.qpLower).toBeLessThan(1e-6);
    expect(r0.qpUpper).toBeLessThan(1e-6);
    expect(r1.qpLower).toBeLessThan(1e-6);
    expect(r1.qpUpper).toBeNull(); // x1's upper side is the data maximum: unrestricted
    expect(box.rows.length).toBe(Math.round(box.mass * 2000));
  });

  it("returns a peeling trajectory that trades coverage for density", () => {
    const t = result.trajectory;
    expect(t[0]).toMatchObject({ phase: "initial", coverage: 1, mass: 1, restrictedDimensions: 0 });
    expect(t[0].density).toBeCloseTo(result.casesOfInterest / 2000, 12);
    for (let k = 1; k < t.length; k++) {
      expect(t[k].mass).toBeGreaterThanOrEqual(0.05);
      if (t[k].phase === "peel") {
        expect(t[k - 1].phase).not.toBe("paste");
        expect(t[k].mass).toBeLessThan(t[k - 1].mass);
        expect(t[k].density).toBeGreaterThan(t[k - 1].density);
        expect(t[k].coverage).toBeLessThanOrEqual(t[k - 1].coverage);
      } else {
        expect(t[k].phase).toBe("paste");
        expect(t[k].mass).toBeGreaterThan(t[k - 1].mass);
        expect(t[k].density).toBeGreaterThan(t[k - 1].density);
      }
    }
    // Peels are ~5 % each, so reaching the 0.2 × 0.5 box takes a few dozen steps.
    expect(t.filter((s) => s.phase === "peel").length).toBeGreaterThan(20);
  });

  it("flags spurious restrictions with large quasi-p-values", () => {
    // The last box is peeled past the true one, picking up restrictions that
    // only chase noise; the quasi-p-values tell them apart from the real edges.
    const last = result.select();
    expect(last.index).toBe(result.trajectory.length - 1);
    const real = new Set(["0:lower", "0:upper", "1:lower"]);
    let spurious = 0;
    for (const r of last.restrictions) {
      if (r.kind !== "range") throw new Error("expected ranges");
      for (const [side, qp] of [
        ["lower", r.qpLower],
        ["upper", r.qpUpper],
      ] as const) {
        if (qp === null) continue;
        if (real.has(`${r.dimension}:${side}`)) {
          expect(qp).toBeLessThan(1e-6);
        } else {
          expect(qp).toBeGreaterThan(0.05);
          spurious++;
        }
      }
    }
    expect(spurious).toBeGreaterThan(0);
  });

  it("is deterministic", () => {
    const again = prim(x, y);
    expect(again.trajectory).toEqual(result.trajectory);
  });

  it("classifies a continuous outcome with a threshold", () => {
    const yc = y.map((v, i) => (v === 1 ? 10 + (i % 7) : -(i % 5)));
    const above = prim(x, yc, { threshold: 10 });
    expect(above.trajectory).toEqual(result.trajectory);
    const below = prim(
      x,
      yc.map((v) => -v),
      { threshold: -10, thresholdType: "below" },
    );
    expect(below.trajectory).toEqual(result.trajectory);
  });
});

describe("prim — categorical dimensions", () => {
  it("peels whole categories and reports them as a set", () => {
    const n = 2000;
    const random = createRandom(3);
    const u = monteCarlo(n, 3, random);
    const x = createMatrix(n, 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const code = Math.floor(u.data[i * 3 + 2] * 4); // categories 0..3
      x.data[i * 3] = u.data[i * 3];
      x.data[i * 3 + 1] = u.data[i * 3 + 1];
      x.data[i * 3 + 2] = code;
      y[i] = code === 2 && u.data[i * 3] > 0.4 ? 1 : 0;
    }
    const result = prim(x, y, { categorical: [2], names: ["a", "b", "policy"] });
    const box = result.select(result.bestIndex(0.95));
    const policy = box.limits[2];
    expect(policy).toEqual({ kind: "set", values: [2] });
    expect(Math.abs(range(box.limits[0]).lower - 0.4)).toBeLessThan(0.05);
    const r = box.restrictions.find((q) => q.name === "policy");
    expect(r?.kind).toBe("set");
    if (r?.kind === "set") expect(r.qp).toBeLessThan(1e-6);
    expect(box.coverage).toBeGreaterThan(0.8);
  });
});

describe("primQuantile", () => {
  it("puts limits midway between distinct values and never splits ties", () => {
    const data = [1, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(primQuantile(data, 0.1)).toBe(2.5); // lower: skips past the tie of 2s
    // Upper: index 9 lands on 8 exactly, so the limit moves below it (EMA's rule).
    expect(primQuantile(data, 0.9)).toBe(7.5);
    expect(primQuantile([1, 1, 1, 1], 0.1)).toBe(1);
    expect(primQuantile([5], 0.95)).toBe(5);
  });
});

describe("prim — validation", () => {
  const x = matrixFromRows([[0], [1], [2]]);
  it("rejects bad inputs", () => {
    expect(() => prim(x, [0, 1, 2])).toThrow(/threshold/);
    expect(() => prim(x, [0, 0, 0])).toThrow(/no cases/);
    expect(() => prim(x, [0, 1])).toThrow(RangeError);
    expect(() => prim(x, [0, 1, 0], { peelAlpha: 0.6 })).toThrow(RangeError);
    expect(() => prim(x, [0, 1, 0], { categorical: [3] })).toThrow(RangeError);
    expect(() => prim(matrixFromRows([[0.5], [1], [2]]), [0, 1, 0], { categorical: [0] })).toThrow(
      RangeError,
    );
    expect(() => prim(x, [0, 1, 0], { names: ["a", "b"] })).toThrow(RangeError);
    expect(() => prim(x, [0, 1, 0]).select(5)).toThrow(RangeError);
  });
});
