/** `cocasim schema`: prints the JSON Schema of scenario files. */
import { type CliDeps, EXIT_OK } from "../types.ts";

export function schemaCommand(deps: CliDeps): number {
  deps.stdout.write(JSON.stringify(deps.scenarioJsonSchema(), null, 2) + "\n");
  return EXIT_OK;
}
