/**
 * Child process for the conformance suite's crash test:
 *   node --import tsx test/store/crash-writer.ts URL MODEL_VERSION DEFINITION
 * Stores one run, then rewrites the experiment with that definition (a JSON string)
 * as 2,000 design rows and kills itself with SIGKILL while row 1,500 is being
 * serialised, inside the write's transaction.
 */
import { experimentKey, openStore, runKey } from "../../src/store/index.ts";
import { fakeScenario, fakeSimulate } from "../cli/fakes.ts";

const [url, version, definition] = process.argv.slice(2);
const store = await openStore(url);
const scenario = fakeScenario({ name: "crash-writer", seed: 5 });
await store.putRun(runKey(version, scenario), { scenario, ...fakeSimulate(scenario) });

const design: unknown[] = Array.from({ length: 2000 }, (_, i) => ({ i }));
design[1500] = {
  toJSON() {
    process.kill(process.pid, "SIGKILL");
    return { i: 1500 };
  },
};
await store.putExperiment(experimentKey(version, definition), {
  name: "after",
  definition,
  design,
  status: "running",
});
// Not reached.
process.stdout.write("the crash writer was not killed\n");
await store.close();
