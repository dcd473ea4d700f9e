import { describe, expect, it } from "vitest";
import { renderSummaryTable } from "../../src/cli/summary-table.ts";
import { fakeScenario, fakeSimulate } from "./fakes.ts";

describe("renderSummaryTable", () => {
  const summary = fakeSimulate(fakeScenario({ name: "peru" })).summary;

  it("renders one row per year and the top zones of the last year", () => {
    expect(renderSummaryTable(summary)).toBe(
      [
        "Scenario peru, seed 42, 2020-01 to 2021-12",
        "",
        "        coca     leaf     cocaine     cocaine   cocaine  eradicated             leaf    base     HCl  enforcement  active",
        "year      ha        t  produced t  exported t  seized t          ha  arrests  USD/kg  USD/kg  USD/kg        USD M  routes",
        "----  ------  -------  ----------  ----------  --------  ----------  -------  ------  ------  ------  -----------  ------",
        "2020  60,020  120,000       800.3       600.5      30.0      25,001    1,234    3.46     650   1,101        123.5      17",
        "2021  60,021  120,000       800.3       600.5      30.0      25,001    1,234    3.46     650   1,101        123.5      17",
        "",
        "Top zones in 2021 by coca hectares:",
        "zone                     ha  share",
        "-------------------  ------  -----",
        "VRAEM                30,000  50.0%",
        "La Convención-Lares  10,000  16.7%",
        "Putumayo              3,000   5.0%",
        "Huallaga              2,021   3.4%",
        "",
      ].join("\n"),
    );
  });

  it("shows at most five zones, largest first", () => {
    const last = summary.years[1];
    const byZone = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`Z${i}`, 100 * (i + 1)]));
    const text = renderSummaryTable({
      ...summary,
      years: [{ ...last, hectares: { total: 3600, byZone } }],
    });
    const zones = text.split("Top zones")[1].split("\n").slice(3, -1);
    expect(zones.map((l) => l.split(" ")[0])).toEqual(["Z7", "Z6", "Z5", "Z4", "Z3"]);
  });

  it("copes with a run shorter than a year's summary", () => {
    expect(renderSummaryTable({ ...summary, years: [] })).toBe(
      "Scenario peru, seed 42, 2020-01 to 2021-12\n\n(no complete year to summarise)\n",
    );
  });
});
