import { describe, expect, it } from "vitest";
import { formatErrors, parseScenario } from "../parse.ts";
import { BUILTIN_SCENARIOS, builtinNames, getBuiltin } from "./index.ts";
import { calibratedParameters, PERU_CALIBRATION } from "./peru-calibration.ts";

describe("built-in scenarios", () => {
  it("lists peru", () => {
    expect(builtinNames()).toContain("peru");
    expect(builtinNames()).toEqual([...builtinNames()].sort());
  });

  for (const name of Object.keys(BUILTIN_SCENARIOS)) {
    it(`${name}: the YAML text parses to the raw object`, () => {
      const builtin = getBuiltin(name)!;
      const parsed = parseScenario(builtin.yaml, `builtin:${name}`);
      if (!parsed.ok) throw new Error(formatErrors(parsed.errors));
      expect(parsed.scenario).toEqual(builtin.raw);
      expect(builtin.description).toBe(builtin.raw.description);
      expect(builtin.raw.name).toBe(name);
    });
  }

  it("peru is the status quo with the 2020 transport shock", () => {
    expect(BUILTIN_SCENARIOS.peru.raw).toEqual({
      name: "peru",
      description:
        "Status quo: replays 2018–2024 (eradication by year from the record, the 2020 pandemic transport shock) and continues status-quo policy to 2030-12",
      period: { from: "2018-01", to: "2030-12" },
      seed: 20180101,
      parameters: calibratedParameters(),
      policies: [],
      events: [
        { kind: "transport-shock", from: "2020-03", to: "2020-06", severity: 0.7 },
        { kind: "transport-shock", from: "2020-07", to: "2020-09", severity: 0.3 },
      ],
    });
  });

  it("peru carries every calibrated parameter and one trend per fitted zone", () => {
    const raw = BUILTIN_SCENARIOS.peru.raw.parameters as Record<string, unknown>;
    for (const [path, value] of Object.entries(PERU_CALIBRATION.parameters)) expect(raw[path]).toBe(value);
    const zones = raw.zones as Record<string, { cocaTrendUsdPerHaYear: number }>;
    expect(Object.keys(zones).sort()).toEqual(Object.keys(PERU_CALIBRATION.zoneTrends).sort());
    expect(zones.VRAEM.cocaTrendUsdPerHaYear).toBe(PERU_CALIBRATION.zoneTrends.VRAEM.value);
  });

  it("is frozen and safe to look up by any name", () => {
    expect(Object.isFrozen(BUILTIN_SCENARIOS.peru.raw)).toBe(true);
    expect(Object.isFrozen(BUILTIN_SCENARIOS.peru.raw.events)).toBe(true);
    expect(getBuiltin("__proto__")).toBeUndefined();
    expect(getBuiltin("constructor")).toBeUndefined();
  });
});
