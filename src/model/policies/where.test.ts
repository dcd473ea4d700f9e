import { describe, expect, it } from "vitest";
import { makeScenario, month } from "../../../test/model/helpers.ts";
import { resolveParameters } from "../simulate.ts";
import { createWorld } from "../world.ts";
import { isActive, matchingEdges, matchingZones, spread } from "./where.ts";

const scenario = makeScenario();
const world = createWorld(scenario, resolveParameters(scenario));
const names = (zones: number[]) => zones.map((z) => world.zones.defs[z].name);

describe("policy windows and places", () => {
  it("isActive: from and to are inclusive, no `to` means to the end", () => {
    const window = { from: month("2019-03"), to: month("2019-05") };
    expect(isActive(window, month("2019-02"))).toBe(false);
    expect(isActive(window, month("2019-03"))).toBe(true);
    expect(isActive(window, month("2019-05"))).toBe(true);
    expect(isActive(window, month("2019-06"))).toBe(false);
    expect(isActive({ from: month("2019-03") }, month("2030-12"))).toBe(true);
  });

  it("matchingZones: named zones, zones of named departments, else all (or the fallback)", () => {
    expect(names(matchingZones(world, { zones: ["Putumayo", "VRAEM"] }))).toEqual(["VRAEM", "Putumayo"]);
    const puno = names(matchingZones(world, { departments: ["Puno"] }));
    expect(puno).toEqual(["Inambari-Tambopata", "San Gabán"]);
    const both = names(matchingZones(world, { zones: ["Putumayo"], departments: ["Puno"] }));
    expect(both).toEqual(["Inambari-Tambopata", "San Gabán", "Putumayo"]);
    expect(matchingZones(world, undefined).length).toBe(world.zones.defs.length);
    // A clause with only modes does not restrict zones.
    expect(matchingZones(world, { modes: ["river"] }).length).toBe(world.zones.defs.length);
    const fallback = matchingZones(world, undefined, (z) => world.zones.defs[z].name !== "VRAEM");
    expect(names(fallback)).not.toContain("VRAEM");
    expect(fallback.length).toBe(world.zones.defs.length - 1);
    // The fallback does not apply when zones are named.
    expect(names(matchingZones(world, { zones: ["VRAEM"] }, () => false))).toEqual(["VRAEM"]);
  });

  it("matchingEdges: the policy's modes, narrowed by where.modes, and by zone or department", () => {
    const { network } = world;
    const river = matchingEdges(world, undefined, ["river", "lake"]);
    expect(river.length).toBeGreaterThan(0);
    for (const e of river) expect(["river", "lake"]).toContain(network.edges[e].mode);
    expect(river.length).toBe(
      network.edges.filter((edge) => edge.mode === "river" || edge.mode === "lake").length,
    );
    // where.modes can only narrow the policy's own modes.
    const lake = matchingEdges(world, { modes: ["lake", "road"] }, ["river", "lake"]);
    for (const e of lake) expect(network.edges[e].mode).toBe("lake");
    const putumayo = matchingEdges(world, { zones: ["Putumayo"] }, [
      "road",
      "river",
      "air",
      "foot",
      "lake",
      "sea",
    ]);
    expect(putumayo.length).toBeGreaterThan(0);
    for (const e of putumayo) {
      const a = network.nodes[network.edgeFrom[e]];
      const b = network.nodes[network.edgeTo[e]];
      expect(a.zone === "Putumayo" || b.zone === "Putumayo").toBe(true);
    }
  });

  it("spread: in proportion to the weights, evenly when they are all zero, and only over the zones given", () => {
    const target = new Float64Array(4).fill(7);
    spread(target, [0, 2], 90, (z) => (z === 0 ? 1 : 2));
    expect(Array.from(target)).toEqual([30, 7, 60, 7]);
    spread(target, [1, 3], 10, () => 0);
    expect(Array.from(target)).toEqual([30, 5, 60, 5]);
    spread(target, [], 10, () => 1);
    expect(Array.from(target)).toEqual([30, 5, 60, 5]);
  });
});
