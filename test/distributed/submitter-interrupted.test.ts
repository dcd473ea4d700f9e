/**
 * Fault: the submitting process (`cocasim run --runs N --backend URL`) killed
 * after submitting an ensemble. The worker goes on; `cocasim status ID` shows how
 * far the ensemble has got, from the queue and the store; running the same
 * command again resumes it: blocks done are not run again, and the output is the
 * one the local executor gives.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensembleDocument, renderJson } from "../../src/cli/commands/ensemble-run.ts";
import type { StatusDocument } from "../../src/cli/commands/status.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { localExecutor } from "../../src/executors/local.ts";
import { loadBuiltin, scenarioHash } from "../../src/scenario/resolve.ts";
import {
  type CliProcess,
  cli,
  deletePrefix,
  queueUrl,
  requireRedis,
  SKIP_REDIS,
  startWorkerProcess,
  stopProcesses,
  tempDir,
  uniquePrefix,
} from "./helpers.ts";

const RUNS = 8;
const TO = "2018-04";

describe.skipIf(SKIP_REDIS)("the submitting process interrupted", () => {
  const prefix = uniquePrefix("submitter");
  const url = queueUrl(prefix);
  const dir = tempDir();
  const store = join(dir.path, "results.db");
  let expected: string;
  let worker: CliProcess | undefined;

  beforeAll(async () => {
    await requireRedis();
    const loaded = loadBuiltin("peru", { to: 2018 * 12 + 3 });
    if (!loaded.ok) throw new Error("cannot load the peru scenario");
    const scenario = loaded.scenario;
    const local = localExecutor({ workers: 2 });
    try {
      const seeds = ensembleSeeds(scenario.seed, RUNS);
      const summaries = await local.run(seeds.map((seed) => ({ scenario, seed })));
      expected = renderJson(ensembleDocument(scenario, scenarioHash(scenario), summaries));
    } finally {
      await local.close();
    }
    worker = await startWorkerProcess(url, ["--concurrency", "1", "--store", store]);
  }, 120_000);
  afterAll(async () => {
    await stopProcesses([worker]);
    await deletePrefix(prefix);
    dir.cleanup();
  });

  it("shows the ensemble's progress with status, and resumes it when the command runs again", async () => {
    const command = [
      "run",
      "peru",
      "--runs",
      String(RUNS),
      "--to",
      TO,
      "--backend",
      url,
      "--store",
      store,
      "--json",
    ];
    const first = cli(command);
    await first.waitForStderr(/ensemble [0-9a-f]{12} \(peru, 8 runs\)/, 90_000);
    const id = /ensemble ([0-9a-f]{12}) /.exec(first.stderr)![1];
    expect(first.stderr).toMatch(/8 runs in 8 blocks; 0 blocks already done, 0 already queued, 8 added/);
    const doneBefore = worker!.stderr.match(/\) done/g)?.length ?? 0;
    await worker!.waitForStderr(new RegExp(`(\\) done[^]*){${doneBefore + 1}}`), 60_000);
    first.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    expect(first.stdout).toBe("");

    const status = cli(["status", id.slice(0, 8), "--backend", url, "--store", store, "--json"]);
    expect(await status.exited).toBe(0);
    const doc = JSON.parse(status.stdout) as StatusDocument;
    expect(doc).toMatchObject({ id, scenario: "peru", from: "2018-01", to: TO, runs: RUNS });
    expect(doc.done).toBeGreaterThanOrEqual(1);
    expect(doc.queue?.blocks.total).toBe(RUNS);
    expect(doc.queue!.blocks.completed).toBeGreaterThanOrEqual(1);
    expect(doc.queue!.blocks.failed + doc.queue!.blocks.missing).toBe(0);
    expect(doc.store?.stored).toBeGreaterThanOrEqual(1);
    expect(doc.store?.status).toBe("running");

    const again = cli(command);
    expect(await again.exited).toBe(0);
    expect(again.stdout).toBe(expected);
    expect(again.stderr).toMatch(/0 added/);
    // Every block ran once, over both submissions.
    expect(worker!.stderr.match(/\) done/g)).toHaveLength(RUNS);

    const after = cli(["status", id, "--backend", url, "--store", store]);
    expect(await after.exited).toBe(0);
    expect(after.stdout).toMatch(/done {3}8 of 8 runs \(100%\)/);
    expect(after.stdout).toMatch(/8 runs stored \(ensemble complete\)/);
  }, 150_000);
});
