import type { RawScenario } from "../raw.ts";
import { calibratedParameters, PERU_CALIBRATION } from "./peru-calibration.ts";

const calibratedLines = [
  ...Object.entries(PERU_CALIBRATION.parameters).map(([path, value]) => `  ${path}: ${value}`),
  ...(Object.keys(PERU_CALIBRATION.zoneTrends).length > 0
    ? [
        "  # Each zone's coca trend, USD/ha/yr per year (fitted to 2018-2021).",
        "  zones:",
        ...Object.entries(PERU_CALIBRATION.zoneTrends).flatMap(([zone, t]) => [
          `    ${zone}:`,
          `      cocaTrendUsdPerHaYear: ${t.value}`,
        ]),
      ]
    : []),
].join("\n");

/** The status-quo scenario, as shown to users (`cocasim scenario show peru`). */
export const PERU_YAML = `# Status quo. The historical eradication schedule (2018-2024, by year, from the
# record) and the status-quo levers live in the model (src/model); this file only
# adds the parameters calibrated to the 2018-2021 record (cocasim calibrate:
# src/scenario/builtin/peru-calibration.json) and what the model cannot know:
# the 2020 pandemic transport shock.
name: peru
description: "Status quo: replays 2018–2024 (eradication by year from the record, the 2020 pandemic transport shock) and continues status-quo policy to 2030-12"
period:
  from: "2018-01"
  to: "2030-12"
seed: 20180101
parameters:
${calibratedLines}
policies: []
events:
  # Lockdown from 16 March 2020: roads, rivers and flights largely closed.
  - kind: transport-shock
    from: "2020-03"
    to: "2020-06"
    severity: 0.7
  # Gradual reopening.
  - kind: transport-shock
    from: "2020-07"
    to: "2020-09"
    severity: 0.3
`;

export const PERU: RawScenario = {
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
};
