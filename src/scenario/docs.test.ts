/** Every ```yaml and ```json block of docs/scenarios.md is a complete scenario that validates and resolves. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatErrors } from "./parse.ts";
import { loadScenario } from "./resolve.ts";
import { EVENT_KINDS, POLICY_KINDS } from "./types.ts";

const DOC = readFileSync(new URL("../../docs/scenarios.md", import.meta.url), "utf8");

function blocks(language: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const pattern = new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm");
  for (const match of DOC.matchAll(pattern)) {
    out.push({ line: DOC.slice(0, match.index).split("\n").length, text: match[1] });
  }
  return out;
}

describe("docs/scenarios.md", () => {
  const examples = [...blocks("yaml"), ...blocks("json")];

  it("has an example of every policy kind and of a transport shock", () => {
    expect(examples.length).toBeGreaterThanOrEqual(11);
    const all = examples.map((e) => e.text).join("\n");
    for (const kind of [...POLICY_KINDS, ...EVENT_KINDS]) {
      expect(all, kind).toContain(`kind: ${kind}`);
    }
  });

  for (const { line, text } of examples) {
    it(`the example at line ${line} validates`, () => {
      const result = loadScenario(text, `docs/scenarios.md@${line}`);
      if (!result.ok) throw new Error(formatErrors(result.errors));
      expect(result.scenario.name.length).toBeGreaterThan(0);
    });
  }

  it("quotes real error messages", () => {
    const text = [
      "name: t",
      'period: { from: "2018-01", to: "2030-12" }',
      "seed: 1",
      "description: the example of docs/scenarios.md",
      "policies:",
      "  - kind: checkpoints",
      "    from: 2019-01",
      "  - kind: lab-raids",
      "    from: 2019-01",
      "  - kind: eradication",
      "    from: 2019-01",
      "    intensity: high",
    ].join("\n");
    const result = loadScenario(text, "my.yaml");
    expect(result.ok ? "" : formatErrors(result.errors)).toBe(
      'my.yaml:12:16: policies[2].intensity: expected a number >= 0, got "high"',
    );
    expect(DOC).toContain('my.yaml:12:16: policies[2].intensity: expected a number >= 0, got "high"');
  });
});
