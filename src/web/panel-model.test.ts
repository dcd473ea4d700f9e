import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse.ts";
import { loadScenario } from "../scenario/resolve.ts";
import { POLICY_KINDS } from "../scenario/types.ts";
import {
  DEFAULT_INTENSITY,
  DEFAULT_SCENARIO_YAML,
  defaultPanel,
  isActive,
  type PanelModel,
  panelFromScenario,
  roundIntensity,
} from "./panel-model.ts";
import { applyPanel } from "./scenario-tools.ts";

function withPolicy(model: PanelModel, kind: (typeof POLICY_KINDS)[number], change: object): PanelModel {
  return { ...model, policies: { ...model.policies, [kind]: { ...model.policies[kind], ...change } } };
}

function raw(text: string) {
  const parsed = parseScenario(text, "test.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return parsed.scenario;
}

describe("policy panel model", () => {
  it("starts at the status quo: no kind active, the default scenario has no policies", () => {
    const model = defaultPanel();
    for (const kind of POLICY_KINDS) expect(isActive(kind, model.policies[kind])).toBe(false);
    expect(DEFAULT_INTENSITY["military-offensive"]).toBe(0);
    expect(DEFAULT_INTENSITY.checkpoints).toBe(1);
    const loaded = loadScenario(applyPanel(DEFAULT_SCENARIO_YAML, model)!, "x.yaml");
    expect(loaded.ok && loaded.scenario.policies).toEqual([]);
  });

  it("writes the changed kinds as policies that validate, and reads them back", () => {
    let model = withPolicy(defaultPanel(), "checkpoints", { intensity: 2.5, zones: ["VRAEM", "Putumayo"] });
    model = withPolicy(model, "military-offensive", { intensity: 1, to: "2027-12" });
    const text = applyPanel(DEFAULT_SCENARIO_YAML, model)!;
    expect(text).toContain("# A policy scenario on top of the status quo");
    expect(text).toContain("where: { zones: [ VRAEM, Putumayo ] }");
    const loaded = loadScenario(text, "x.yaml");
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
    expect(loaded.scenario.policies.map((p) => [p.kind, p.intensity])).toEqual([
      ["checkpoints", 2.5],
      ["military-offensive", 1],
    ]);
    const back = panelFromScenario(loaded.raw);
    expect(back.policies.checkpoints).toEqual({
      intensity: 2.5,
      zones: ["VRAEM", "Putumayo"],
      from: "2025-01",
      to: "",
    });
    expect(back.policies["military-offensive"].to).toBe("2027-12");
    // Resetting removes them again, keeping the rest of the file.
    expect(applyPanel(text, defaultPanel())).toBe(DEFAULT_SCENARIO_YAML);
  });

  it("keeps what it has no control for: own fields, where.departments, later policies of a kind", () => {
    const text = [
      "name: x",
      "extends: peru",
      "parameters:",
      "  prices.stockElasticity: 0.9  # a comment that stays",
      "policies:",
      "  - kind: eradication",
      "    from: 2025-01",
      "    hectaresPerYear: 30000",
      "    where: { zones: [VRAE], departments: [Cusco] }",
      "  - kind: eradication",
      "    from: 2027-01",
      "    intensity: 0",
      "",
    ].join("\n");
    const model = panelFromScenario(raw(text));
    expect(model.policies.eradication).toMatchObject({
      intensity: 1,
      zones: ["VRAEM"],
      extra: { hectaresPerYear: 30000 },
      whereExtra: { departments: ["Cusco"] },
    });
    expect(isActive("eradication", model.policies.eradication)).toBe(true);
    expect(model.others).toHaveLength(1);
    const rewritten = applyPanel(text, withPolicy(model, "eradication", { intensity: 2 }))!;
    expect(rewritten).toContain("# a comment that stays");
    const again = raw(rewritten);
    expect(again.policies).toEqual([
      {
        kind: "eradication",
        from: "2025-01",
        intensity: 2,
        where: { zones: ["VRAEM"], departments: ["Cusco"] },
        hectaresPerYear: 30000,
      },
      { kind: "eradication", from: "2027-01", intensity: 0 },
    ]);
  });

  it("starts from the default scenario when the text is empty, and leaves broken YAML alone", () => {
    const model = withPolicy(defaultPanel(), "lab-raids", { intensity: 3 });
    const text = applyPanel("  \n", model)!;
    expect(text).toContain("extends: peru");
    expect(raw(text).policies).toEqual([{ kind: "lab-raids", from: "2025-01", intensity: 3 }]);
    expect(applyPanel("policies: [unclosed", model)).toBeUndefined();
    expect(applyPanel("- a list", model)).toBeUndefined();
  });

  it("rounds intensities to the slider's step within 0–5", () => {
    expect(roundIntensity(2.3000000004)).toBe(2.3);
    expect(roundIntensity(-1)).toBe(0);
    expect(roundIntensity(7)).toBe(5);
    expect(Object.is(roundIntensity(-0.01), 0)).toBe(true);
  });
});
