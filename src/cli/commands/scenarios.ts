/** `cocasim scenarios`: lists the built-in scenarios, the zones (--zones) or one scenario's YAML (--show). */
import { renderTable } from "../format.ts";
import { type CliDeps, CliError, EXIT_OK, EXIT_USAGE } from "../types.ts";
import { builtinList } from "./run.ts";

export interface ScenariosOptions {
  zones?: boolean;
  show?: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

function listScenarios(deps: CliDeps): string {
  const names = deps.builtinNames();
  if (names.length === 0) return "No built-in scenarios.\n";
  const rows = names.map((name) => [name, oneLine(deps.builtin(name)?.description ?? "")]);
  return (
    "Built-in scenarios (run one with `cocasim run <name>`, see its YAML with `cocasim scenarios --show <name>`):\n\n" +
    renderTable(
      [
        { header: ["name"], align: "left" },
        { header: ["description"], align: "left" },
      ],
      rows,
    )
  );
}

function listZones(deps: CliDeps): string {
  const aliases = new Map<string, string[]>();
  for (const [alias, zone] of Object.entries(deps.zoneAliases)) {
    const list = aliases.get(zone) ?? [];
    list.push(alias);
    aliases.set(zone, list);
  }
  const rows = deps.zones.map((zone) => [
    zone.name,
    zone.departments.join(", "),
    (aliases.get(zone.name) ?? []).join(", "),
  ]);
  return (
    "Zones (use in scenarios as `where: { zones: [...] }`; departments as `where: { departments: [...] }`):\n\n" +
    renderTable(
      [
        { header: ["zone"], align: "left" },
        { header: ["departments"], align: "left" },
        { header: ["also known as"], align: "left" },
      ],
      rows,
    )
  );
}

export function scenariosCommand(deps: CliDeps, options: ScenariosOptions): number {
  if (options.show !== undefined) {
    const scenario = deps.builtin(options.show);
    if (scenario === undefined) {
      throw new CliError(
        `no built-in scenario named "${options.show}" (built-in scenarios: ${builtinList(deps)})`,
        EXIT_USAGE,
      );
    }
    deps.stdout.write(scenario.yaml.endsWith("\n") ? scenario.yaml : scenario.yaml + "\n");
  } else if (options.zones) {
    deps.stdout.write(listZones(deps));
  } else {
    deps.stdout.write(listScenarios(deps));
  }
  return EXIT_OK;
}
