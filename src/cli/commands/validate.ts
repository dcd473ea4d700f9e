/** `cocasim validate <file>`: checks a scenario file without running it. */
import { formatMonth } from "../../core/time.ts";
import { type CliDeps, CliError, EXIT_OK, EXIT_USAGE } from "../types.ts";

export function validateCommand(deps: CliDeps, file: string): number {
  const kind = deps.fs.kind(file);
  if (kind === undefined) throw new CliError(`${file}: no such file`, EXIT_USAGE);
  if (kind === "directory") throw new CliError(`${file} is a directory, not a scenario file`, EXIT_USAGE);
  let text: string;
  try {
    text = deps.fs.readText(file);
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_USAGE,
    );
  }
  const loaded = deps.loadScenario(text, file);
  if (!loaded.ok) {
    const errors = deps.formatErrors(loaded.errors);
    deps.stderr.write(errors.endsWith("\n") ? errors : errors + "\n");
    return EXIT_USAGE;
  }
  const s = loaded.scenario;
  const n = s.policies.length;
  deps.stdout.write(
    `ok: ${file} (${s.name}, ${formatMonth(s.from)}–${formatMonth(s.to)}, ${n} ${n === 1 ? "policy" : "policies"})\n`,
  );
  return EXIT_OK;
}
