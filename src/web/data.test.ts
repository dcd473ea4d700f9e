import { beforeAll, describe, expect, it } from "vitest";
import { summariseEnsemble } from "../ensemble/summarise.ts";
import type { SimulationResult } from "../model/results.ts";
import { simulate } from "../model/simulate.ts";
import { loadBuiltin, loadScenario } from "../scenario/resolve.ts";
import { monthlyCsv, summaryCsv } from "./csv.ts";
import {
  compareRuns,
  differences,
  edgeMonth,
  exportsByMode,
  hectareBand,
  makeRun,
  monthlyValue,
  percentChange,
  type Run,
  spendingByLever,
  totalDifferences,
} from "./data.ts";

function run(text: string | undefined): SimulationResult {
  const loaded = text === undefined ? loadBuiltin("peru", { to: "2019-12" }) : loadScenario(text, "t.yaml");
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  return simulate(loaded.scenario);
}

describe("page data helpers", () => {
  let baseline: Run;
  let policy: Run;
  beforeAll(() => {
    baseline = makeRun(run(undefined), 0);
    policy = makeRun(
      run(
        [
          "name: more-checkpoints",
          "extends: peru",
          'period: { from: "2018-01", to: "2019-12" }',
          "policies:",
          "  - { kind: checkpoints, from: 2019-01, intensity: 3 }",
        ].join("\n"),
      ),
      0,
    );
  });

  it("looks up months and edges by label and id", () => {
    const months = baseline.result.flows.months;
    expect(months[0]).toBe("2018-01");
    expect(monthlyValue(baseline, "hectares", "VRAEM", "2018-01")).toBeGreaterThan(10_000);
    expect(monthlyValue(baseline, "hectares", "VRAEM", "2031-01")).toBeUndefined();
    const edge = baseline.result.flows.edges[0];
    const ne = baseline.result.flows.edges.length;
    expect(edgeMonth(baseline, edge.id, "2018-02").flowKg).toBe(baseline.result.flows.flowKg[ne]);
    expect(edgeMonth(baseline, "no-such-edge", "2018-02")).toEqual({ flowKg: 0, seizedKg: 0 });
  });

  it("gives yearly series that add up to the summary", () => {
    const exports = exportsByMode(baseline).filter((p) => p.year === 2018);
    const total = exports.reduce((s, p) => s + p.value, 0);
    expect(total).toBeCloseTo(baseline.result.summary.years[0].cocaineTonnes.exported, 2);
    const spending = spendingByLever(baseline).filter((p) => p.year === 2018);
    const y = baseline.result.summary.years[0];
    expect(spending.reduce((s, p) => s + p.value, 0)).toBeCloseTo(
      (y.enforcementUsd + y.alternativeDevelopmentUsd) / 1e6,
      3,
    );
  });

  it("compares a policy run with the baseline", () => {
    const comparison = compareRuns(baseline, policy)!;
    expect(comparison.firstYear).toBe(2018);
    expect(comparison.lastYear).toBe(2019);
    expect(comparison.rows.map((r) => r.indicator)).toEqual([
      "hectares",
      "exports",
      "seizures",
      "arrests",
      "spending",
    ]);
    const spending = comparison.rows.find((r) => r.indicator === "spending")!;
    expect(spending.lastYear.policy).toBeGreaterThan(spending.lastYear.baseline);
    // 2018 is the same in both runs: the policy starts in 2019.
    const d = totalDifferences(exportsByMode(baseline), exportsByMode(policy));
    expect(d.find((p) => p.year === 2018)?.value).toBeCloseTo(0, 9);
    expect(differences([{ year: 1, series: "a", value: 2 }], [{ year: 1, series: "a", value: 5 }])).toEqual([
      { year: 1, series: "a", value: 3 },
    ]);
    expect(percentChange(0, 5)).toBeUndefined();
    expect(percentChange(200, 150)).toBe(-25);
  });

  it("writes the results as CSV", () => {
    const summary = summaryCsv([
      { run: "baseline", result: baseline.result },
      { run: "policy", result: policy.result },
    ]);
    const lines = summary.trim().split("\n");
    expect(lines[0]).toMatch(/^run,scenario,year,hectares_total,young_hectares,/);
    expect(lines[0]).toContain(",hectares_VRAEM,");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toEqual([
      "baseline,peru,2018",
      "baseline,peru,2019",
      "policy,more-checkpoints,2018",
      "policy,more-checkpoints,2019",
    ]);
    const monthly = monthlyCsv([{ run: "baseline", result: baseline.result }]).split("\n");
    expect(monthly[0]).toBe("run,scenario,month,variable,key,value");
    expect(monthly).toContain(
      `baseline,peru,2018-01,hectares,,${String(Number(monthlyValue(baseline, "hectares", "", "2018-01")!.toPrecision(6)))}`,
    );
  });

  it("reads the 90% band of hectares from an ensemble's statistics, nationally and by zone", () => {
    // Two runs, the policy one relabelled so that they summarise as one scenario.
    const summaries = [baseline.result.summary, { ...policy.result.summary, scenario: "peru" }];
    const stats = summariseEnsemble(summaries);
    const national = hectareBand(stats);
    expect(national.map((p) => p.year)).toEqual([2018, 2019]);
    const totals = summaries.map((s) => s.years[1].hectares.total).sort((a, b) => a - b);
    // Two members: the type-7 percentiles sit 5% in from each end.
    expect(national[1].p5).toBeCloseTo(totals[0] + 0.05 * (totals[1] - totals[0]), 6);
    expect(national[1].p95).toBeCloseTo(totals[0] + 0.95 * (totals[1] - totals[0]), 6);
    const vraem = hectareBand(stats, "VRAEM");
    expect(vraem[0].p5).toBeLessThanOrEqual(vraem[0].p95);
    expect(vraem[0].p95).toBeLessThan(national[0].p95);
    expect(hectareBand(stats, "nowhere")[0]).toEqual({ year: 2018, p5: 0, p95: 0 });
  });
});
