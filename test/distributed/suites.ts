/**
 * The distributed tests that hold for every datastore the queue runs on, as
 * suites to call once per backend (helpers.ts QUEUE_BACKENDS), each from a test
 * file of its own so that vitest runs the Redis and the Postgres ones side by
 * side: `executorSuite(REDIS_BACKEND)` in executor.test.ts,
 * `executorSuite(POSTGRES_BACKEND)` in executor.postgres.test.ts, and so on.
 */

import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensembleDocument, renderJson } from "../../src/cli/commands/ensemble-run.ts";
import type { StatusDocument } from "../../src/cli/commands/status.ts";
import { bullmqExecutor, type Submission } from "../../src/distributed/bullmq-executor.ts";
import { parseQueueUrl } from "../../src/distributed/url.ts";
import { ensembleSeeds } from "../../src/ensemble/seeds.ts";
import { localExecutor } from "../../src/executors/local.ts";
import type { SimulationJob } from "../../src/executors/types.ts";
import { loadBuiltin, scenarioHash } from "../../src/scenario/resolve.ts";
import { openStore } from "../../src/store/open.ts";
import { executorConformance } from "../executors/conformance.ts";
import {
  type CliProcess,
  cli,
  POSTGRES_BACKEND,
  type QueueTestBackend,
  queueJobs,
  startWorkerProcess,
  stopProcesses,
  tempDir,
  waitUntil,
} from "./helpers.ts";

/**
 * The BullMQ executor with one real worker process (`cocasim worker`, two
 * threads) serving a queue of the test's own: the shared executor conformance
 * suite (test/executors/conformance.ts), byte-identical results against the
 * local executor on the real baseline, and resuming from the store and from the
 * queue without running anything again.
 */
export function executorSuite(backend: QueueTestBackend): void {
  describe.skipIf(backend.skip)(`BullMQ executor on ${backend.name} with a worker process`, () => {
    const url = backend.uniqueUrl("executor");
    let worker: CliProcess | undefined;
    beforeAll(async () => {
      await backend.require();
      worker = await startWorkerProcess(url, ["--concurrency", "2"]);
    }, 120_000);
    afterAll(async () => {
      await stopProcesses([worker]);
      await backend.cleanup(url);
    });

    // Blocks of two seeds, so that blocks, order across blocks and mid-block aborts are exercised.
    executorConformance(`bullmq on ${backend.name} (1 worker process, blocks of 2)`, () =>
      bullmqExecutor({ connection: url, blockSize: 2, pollInterval: 250 }),
    );

    describe("the real baseline", () => {
      const loaded = loadBuiltin("peru", { to: 2018 * 12 + 1 });
      if (!loaded.ok) throw new Error("cannot load the peru scenario");
      const scenario = loaded.scenario;
      const jobs: SimulationJob[] = ensembleSeeds(scenario.seed, 5).map((seed) => ({ scenario, seed }));
      let expected: string;
      const dir = tempDir();
      afterAll(() => dir.cleanup());

      beforeAll(async () => {
        const local = localExecutor({ workers: 1 });
        try {
          expected = JSON.stringify(await local.run(jobs));
        } finally {
          await local.close();
        }
      }, 120_000);

      it("gives byte-identical results to the local executor, stores them, then resumes from the store and the queue", async () => {
        const storePath = join(dir.path, "runs.db");
        const submissions: Submission[] = [];
        const run = async (store?: string): Promise<string> => {
          const executor = bullmqExecutor({
            connection: url,
            store,
            blockSize: 2,
            pollInterval: 250,
            onSubmit: (s) => submissions.push(s),
          });
          try {
            return JSON.stringify(await executor.run(jobs));
          } finally {
            await executor.close();
          }
        };

        expect(await run(storePath)).toBe(expected);
        expect(submissions[0]).toMatchObject({ runs: 5, blocks: 3, stored: 0, finished: 0, added: 3 });

        // Everything is in the store: nothing goes to the queue.
        expect(await run(storePath)).toBe(expected);
        expect(submissions[1]).toMatchObject({ runs: 5, blocks: 3, stored: 5, finished: 0, added: 0 });

        // No store: the finished jobs' results are taken from the queue, nothing runs again.
        expect(await run()).toBe(expected);
        expect(submissions[2]).toMatchObject({ runs: 5, blocks: 3, stored: 0, finished: 3, added: 0 });

        const store = await openStore(storePath);
        try {
          expect((await store.listRuns()).map((r) => r.key.seed).sort()).toEqual(
            jobs.map((j) => j.seed).sort(),
          );
          const ensemble = await store.getEnsemble(submissions[0].ensembles[0].id);
          expect(ensemble?.status).toBe("complete");
          expect(ensemble?.key.seeds).toEqual(jobs.map((j) => j.seed));
        } finally {
          await store.close();
        }
        // The worker ran each of the three blocks once.
        expect(worker!.stderr.match(/\(peru, \d seeds? from \d+\) done/g)).toHaveLength(3);
      });

      it(`fails at once, naming the queue, when ${backend.name} cannot be reached`, async () => {
        const executor = bullmqExecutor({ connection: backend.unreachableUrl, connectTimeout: 1000 });
        try {
          await expect(executor.run(jobs.slice(0, 1))).rejects.toThrow(
            `cannot reach the queue at ${parseQueueUrl(backend.unreachableUrl).display}: `,
          );
        } finally {
          await executor.close();
        }
      });
    });
  });
}

const LOCKS = ["--lock-duration", "2000", "--stalled-interval", "1000"];

/**
 * Fault: a worker process killed with SIGKILL in the middle of an ensemble. Its
 * lock on the block it was running expires; the other worker's stalled-job check
 * puts the block back in the queue and runs it. The ensemble completes with every
 * run there once, byte-identical to the local executor. Short locks and checks
 * (2 s, 1 s) keep the test short.
 */
export function workerKilledSuite(backend: QueueTestBackend): void {
  describe.skipIf(backend.skip)(`a worker killed mid-ensemble (${backend.name})`, () => {
    const url = backend.uniqueUrl("killed");
    const loaded = loadBuiltin("peru", { to: 2018 * 12 + 2 });
    if (!loaded.ok) throw new Error("cannot load the peru scenario");
    const jobs: SimulationJob[] = ensembleSeeds(7, 8).map((seed) => ({ scenario: loaded.scenario, seed }));
    let expected: string;
    let doomed: CliProcess | undefined;
    let survivor: CliProcess | undefined;

    beforeAll(async () => {
      await backend.require();
      const local = localExecutor({ workers: 2 });
      try {
        expected = JSON.stringify(await local.run(jobs));
      } finally {
        await local.close();
      }
      [doomed, survivor] = await Promise.all([
        startWorkerProcess(url, ["--concurrency", "1", ...LOCKS]),
        startWorkerProcess(url, ["--concurrency", "1", ...LOCKS]),
      ]);
    }, 120_000);
    afterAll(async () => {
      await stopProcesses([doomed, survivor]);
      await backend.cleanup(url);
    });

    it("has its block taken over by the other worker; no run lost, none counted twice", async () => {
      const executor = bullmqExecutor({ connection: url, blockSize: 1, pollInterval: 250 });
      const progress: number[] = [];
      try {
        const running = executor.run(jobs, { onProgress: (done) => progress.push(done) });
        // Once the doomed worker has finished a block it holds the next one (more are waiting): kill it.
        await doomed!.waitForStderr(/\) done/);
        doomed!.kill("SIGKILL");
        expect(await doomed!.exited).toBe("SIGKILL");
        const results = await running;
        expect(JSON.stringify(results)).toBe(expected);
        expect(progress).toEqual(jobs.map((_, i) => i + 1));
        // The survivor found the dead worker's block by its expired lock, and ran it.
        await waitUntil(() => /stalled/.test(survivor!.stderr), "the stalled-job message", 5000);
        // Who ran the completed jobs, and how often they stalled.
        const finished = await queueJobs(url, ["completed"]);
        expect(finished).toHaveLength(jobs.length);
        const survivorName = `${hostname()}:${survivor!.child.pid}`;
        const recovered = finished.filter((job) => job.stalledCounter > 0);
        expect(recovered.length).toBeGreaterThanOrEqual(1);
        for (const job of recovered) expect(job.processedBy).toBe(survivorName);
        expect(finished.filter((job) => job.processedBy !== survivorName).length).toBeGreaterThanOrEqual(1);
      } finally {
        await executor.close();
      }
    }, 120_000);
  });
}

const RUNS = 8;
const TO = "2018-04";

/**
 * Fault: the submitting process (`cocasim run --runs N --backend URL`) killed
 * after submitting an ensemble. The worker goes on; `cocasim status ID` shows how
 * far the ensemble has got, from the queue and the store; running the same
 * command again resumes it: blocks done are not run again, and the output is the
 * one the local executor gives. On Redis the store is an SQLite file; on Postgres
 * it is in the queue's own schema (a team that runs Postgres and nothing else).
 */
export function submitterInterruptedSuite(backend: QueueTestBackend): void {
  describe.skipIf(backend.skip)(`the submitting process interrupted (${backend.name})`, () => {
    const url = backend.uniqueUrl("submitter");
    const dir = tempDir();
    // On Postgres the store's tables go in the queue's schema, dropped with it at the end.
    const store = backend === POSTGRES_BACKEND ? url : join(dir.path, "results.db");
    let expected: string;
    let worker: CliProcess | undefined;

    beforeAll(async () => {
      await backend.require();
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
      await backend.cleanup(url);
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
      // The worker process is seen connected (CLIENT LIST on Redis, pg_stat_activity on Postgres).
      expect(doc.queue!.workers).toBe(1);
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
}
