/** Runs the CLI from source: `node --import tsx src/cli/main-entry.ts run peru`. */
import { main } from "./main.ts";

process.exitCode = await main(process.argv);
