/**
 * Mass balance of leaf and cocaine, month by month and zone by zone, over random
 * seeds and parameter perturbations (short runs), and in the yearly summary.
 *
 *   leaf, per zone:     harvest = licit + to labs + loss + Δ leaf stock
 *   cocaine, per zone:  produced = purchased + seized at labs + Δ stock
 *   nationally:         purchased = exported + seized in transit
 *                       exported = Σ route flows − Σ edge seizures
 *   along the network:  at every node, what leaves = what arrived net of seizures (+ purchases at a hub)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/model/simulate.ts";
import type { World } from "../../src/model/world.ts";
import type { ScenarioEvent } from "../../src/scenario/types.ts";
import { TRANSPORT_MODES } from "../../src/scenario/types.ts";
import { makeScenario, month, startRun, stepMonth, sum } from "./helpers.ts";

/** Round-off tolerance for sums of a few hundred terms of up to ~1e5 kg. */
const TOL = 1e-6;

function close(actual: number, expected: number, what: string, scale = 1): void {
  const tol = TOL * Math.max(1, Math.abs(expected), scale);
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${what}: ${actual} ≠ ${expected} (difference ${actual - expected})`);
  }
}

/** Checks every balance of the month just simulated, given the stocks at its start. */
function checkMonth(world: World, stockBefore: Float64Array, leafBefore: Float64Array, t: number): void {
  const { zones, month: m, network } = world;
  const { routes } = network;
  const nz = zones.defs.length;
  const at = `month ${t}`;

  // Leaf and cocaine per zone.
  for (let z = 0; z < nz; z++) {
    const name = `${at}, ${zones.defs[z].name}`;
    const dLeaf = zones.leafStockT[z] - leafBefore[z];
    close(
      zones.leafHarvestT[z],
      m.leafLicitT[z] + m.leafToLabsT[z] + m.leafLossT[z] + dLeaf,
      `${name}: leaf harvest = licit + to labs + loss + Δ stock`,
    );
    const dStock = zones.stockKg[z] - stockBefore[z];
    close(
      m.producedKg[z],
      m.purchasedKg[z] + m.labSeizedKg[z] + dStock,
      `${name}: produced = purchased + seized at labs + Δ stock`,
    );
  }

  // Purchases per zone = flows entering that zone's routes.
  const routeFlowByZone = new Float64Array(nz);
  for (let r = 0; r < routes.count; r++) routeFlowByZone[routes.originZone[r]] += m.routeFlowKg[r];
  for (let z = 0; z < nz; z++)
    close(m.purchasedKg[z], routeFlowByZone[z], `${at}: purchases of zone ${z} = its route flows`);

  // National.
  const purchased = sum(m.purchasedKg);
  const exported = sum(m.exportedKgByMode);
  const seizedTransit = sum(m.seizedKgByMode);
  const scale = purchased;
  close(purchased, exported + seizedTransit, `${at}: purchased = exported + seized in transit`, scale);
  close(
    exported,
    sum(m.routeFlowKg) - sum(m.edgeSeizedKg),
    `${at}: exported = route flows − edge seizures`,
    scale,
  );
  for (let mode = 0; mode < TRANSPORT_MODES.length; mode++) {
    let byEdges = 0;
    for (let e = 0; e < network.edges.length; e++)
      if (network.edgeMode[e] === mode) byEdges += m.edgeSeizedKg[e];
    close(
      m.seizedKgByMode[mode],
      byEdges,
      `${at}: seizures by mode ${TRANSPORT_MODES[mode]} = Σ its edges`,
      scale,
    );
  }

  // Per edge: seizures within the flow, flow within the (shocked) capacity.
  for (let e = 0; e < network.edges.length; e++) {
    expect(m.edgeSeizedKg[e]).toBeLessThanOrEqual(m.edgeFlowKg[e] + TOL);
    const cap = network.edgeCapacityKg[e] * world.levers.edgeCapacity[e];
    if (m.edgeFlowKg[e] > cap * (1 + 1e-9) + TOL) {
      throw new Error(`${at}: edge ${e} carries ${m.edgeFlowKg[e]} kg over its capacity ${cap}`);
    }
  }

  // Node conservation along the network.
  const nn = network.nodes.length;
  const out = new Float64Array(nn);
  const inNet = new Float64Array(nn);
  for (let e = 0; e < network.edges.length; e++) {
    out[network.edgeFrom[e]] += m.edgeFlowKg[e];
    inNet[network.edgeTo[e]] += m.edgeFlowKg[e] - m.edgeSeizedKg[e];
  }
  const injected = new Float64Array(nn);
  for (let z = 0; z < nz; z++) injected[network.zoneHub[z]] += m.purchasedKg[z];
  let arrivedAtExits = 0;
  for (let v = 0; v < nn; v++) {
    if (network.nodes[v].exitPriceUsdPerKg !== undefined) {
      // Routes end at the first exit they reach: nothing leaves an exit.
      expect(out[v]).toBe(0);
      arrivedAtExits += inNet[v];
    } else {
      close(out[v], inNet[v] + injected[v], `${at}: conservation at node ${network.nodes[v].id}`, scale);
    }
  }
  close(arrivedAtExits, exported, `${at}: arrivals at the exits = exports`, scale);
}

const u32 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([hi, lo]) => hi * 0x10000 + lo);

const perturbation = fc.record({
  "network.hazardMultiplier": fc.double({ min: 0.3, max: 4, noNaN: true }),
  "network.capacityMultiplier": fc.double({ min: 0.1, max: 2, noNaN: true }),
  "trafficking.kgPerMemberMonth": fc.double({ min: 1, max: 8, noNaN: true }),
  "state.labStockShare": fc.double({ min: 0, max: 1, noNaN: true }),
  "state.labRaidsPerYear": fc.double({ min: 0, max: 8000, noNaN: true }),
  "processing.leafLossPerMonth": fc.double({ min: 0, max: 0.6, noNaN: true }),
});

describe("mass balance, stepping the schedule month by month", () => {
  it("holds for every month and zone over random seeds, parameters and transport shocks", () => {
    fc.assert(
      fc.property(
        u32,
        fc.integer({ min: 2018, max: 2026 }),
        fc.integer({ min: 3, max: 7 }),
        perturbation,
        fc.option(
          fc.record({
            start: fc.integer({ min: 0, max: 4 }),
            length: fc.integer({ min: 0, max: 3 }),
            severity: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
        ),
        (seed, year, months, parameters, shock) => {
          const from = month(`${year}-01`) + (seed % 12);
          const events: ScenarioEvent[] = shock
            ? [
                {
                  kind: "transport-shock",
                  from: from + shock.start,
                  to: from + shock.start + shock.length,
                  severity: shock.severity,
                },
              ]
            : [];
          const run = startRun(makeScenario({ from, to: from + months - 1, seed, parameters, events }));
          const { zones } = run.world;
          // initialise() leaves no cocaine in the zones.
          expect(sum(zones.stockKg)).toBe(0);
          while (run.next <= run.scenario.to) {
            const stockBefore = Float64Array.from(zones.stockKg);
            const leafBefore = Float64Array.from(zones.leafStockT);
            const t = stepMonth(run);
            checkMonth(run.world, stockBefore, leafBefore, t);
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it("also holds when the product piles up (little trafficking capacity) and is then released", () => {
    const run = startRun(
      makeScenario({
        from: "2018-01",
        to: "2018-08",
        seed: 4,
        events: [{ kind: "transport-shock", from: month("2018-02"), to: month("2018-04"), severity: 1 }],
      }),
    );
    const { zones } = run.world;
    let peak = 0;
    while (run.next <= run.scenario.to) {
      const stockBefore = Float64Array.from(zones.stockKg);
      const leafBefore = Float64Array.from(zones.leafStockT);
      const t = stepMonth(run);
      checkMonth(run.world, stockBefore, leafBefore, t);
      peak = Math.max(peak, sum(zones.stockKg));
      if (t >= month("2018-02") && t <= month("2018-04")) {
        // With every leg closed nothing moves.
        expect(sum(run.world.month.purchasedKg)).toBe(0);
        expect(sum(run.world.month.edgeFlowKg)).toBe(0);
      }
    }
    expect(peak).toBeGreaterThan(10_000); // tonnes piled up during the shock …
    expect(sum(zones.stockKg)).toBeLessThan(peak / 2); // … and were sold after it
  });
});

describe("mass balance in simulate()'s outputs", () => {
  it("yearly summary: produced ≈ exported + seized + Δ stock; monthly series and flows agree", () => {
    fc.assert(
      fc.property(
        u32,
        fc.double({ min: 1, max: 6, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (seed, kgPerMember, hazard) => {
          const result = simulate(
            makeScenario({
              from: "2018-08",
              to: "2019-09",
              seed,
              parameters: { "trafficking.kgPerMemberMonth": kgPerMember, "network.hazardMultiplier": hazard },
              events: [
                { kind: "transport-shock", from: month("2018-11"), to: month("2019-01"), severity: 0.8 },
              ],
            }),
          );
          const { years } = result.summary;
          expect(years.map((y) => y.year)).toEqual([2018, 2019]);
          let previousStock = 0; // initialise() starts with empty stocks
          for (const y of years) {
            const c = y.cocaineTonnes;
            // Five values rounded to 0.001 t: at most 0.0025 t of rounding.
            expect(
              Math.abs(c.produced - (c.exported + c.seized + c.stock - previousStock)),
            ).toBeLessThanOrEqual(0.003);
            expect(c.seizedAtLabs).toBeLessThanOrEqual(c.seized);
            const byMode = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
            expect(Math.abs(byMode(y.exportsTonnesByMode) - c.exported)).toBeLessThanOrEqual(0.004);
            expect(Math.abs(byMode(y.seizuresTonnesByMode) + c.seizedAtLabs - c.seized)).toBeLessThanOrEqual(
              0.005,
            );
            previousStock = c.stock;
          }

          // Monthly series: national balance each month, and the series add up to the summary.
          const v = result.monthly.variables;
          const byZone = (name: string, i: number) => {
            let s = 0;
            for (const values of v.get(name)!.values()) s += values[i];
            return s;
          };
          const byMode = (name: string, i: number) =>
            TRANSPORT_MODES.reduce((s, m) => s + v.get(name)!.get(m)![i], 0);
          const ne = result.flows.edges.length;
          const produced = new Map<number, number>();
          let stockBefore = 0;
          result.monthly.months.forEach((label, i) => {
            const stock = byZone("stockKg", i);
            const lhs = byZone("producedKg", i) - byZone("labSeizedKg", i) - (stock - stockBefore);
            const rhs = byMode("exportsKg", i) + byMode("seizuresKg", i);
            close(lhs, rhs, `${label}: production − lab seizures − Δ stock = exports + seizures`);
            let edgeSeized = 0;
            for (let e = 0; e < ne; e++) {
              edgeSeized += result.flows.seizedKg[i * ne + e];
              expect(result.flows.seizedKg[i * ne + e]).toBeLessThanOrEqual(
                result.flows.flowKg[i * ne + e] + TOL,
              );
            }
            close(edgeSeized, byMode("seizuresKg", i), `${label}: flows.csv seizures = seizures by mode`);
            const year = Number(label.slice(0, 4));
            produced.set(year, (produced.get(year) ?? 0) + byZone("producedKg", i));
            stockBefore = stock;
          });
          for (const y of years) {
            expect(Math.abs(produced.get(y.year)! / 1000 - y.cocaineTonnes.produced)).toBeLessThanOrEqual(
              0.0005 + 1e-9,
            );
          }
        },
      ),
      { numRuns: 3 },
    );
  });
});
