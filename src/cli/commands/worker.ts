/**
 * `cocasim worker --queue redis://HOST:6379|postgres://USER@HOST/DB [--concurrency K]
 * [--store URL]`: a worker process of the distributed executor
 * (src/distributed/worker.ts). It runs until Ctrl-C or SIGTERM, then finishes the
 * blocks in hand and exits.
 *
 * Also the option parsers `run` and `compare` share for --backend and --store.
 */
import { type Command, InvalidArgumentError } from "commander";
import type { Submission } from "../../distributed/lazy.ts";
import { parseQueueUrl, QueueUrlError } from "../../distributed/url.ts";
import { maskUrl, parseStoreUrl, StoreUrlError } from "../../store/url.ts";
import { type CliDeps, CliError, EXIT_FAILURE, EXIT_OK } from "../types.ts";

/** Most blocks one worker runs at once. */
const MAX_CONCURRENCY = 1024;

export const BACKEND_OPTION_HELP =
  "send the runs to the workers of this queue (redis://HOST:6379 or postgres://USER@HOST:5432/DB) instead of this machine's threads";

/** What --queue and --backend take, for the help of `worker` and `status`. */
export const QUEUE_URL_HELP =
  "redis://[:PASSWORD@]HOST:6379[/DB][?prefix=NAME] or postgres://USER[:PASSWORD]@HOST:5432/DB[?schema=NAME]";

export const BACKEND_STORE_HELP =
  "a results store (file, sqlite:PATH or postgres://...): runs stored there are read back, new ones are kept, an interrupted ensemble resumes";

/** Parses a queue URL option (--queue, --backend). */
export function parseQueueOption(text: string): string {
  try {
    parseQueueUrl(text);
  } catch (error) {
    if (error instanceof QueueUrlError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
  return text.trim();
}

/** Parses a store URL option (--store), without opening it. */
export function parseStoreOption(text: string): string {
  try {
    parseStoreUrl(text);
  } catch (error) {
    if (error instanceof StoreUrlError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
  return text.trim();
}

function parseConcurrency(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > MAX_CONCURRENCY) {
    throw new InvalidArgumentError(`the concurrency must be an integer from 1 to ${MAX_CONCURRENCY}.`);
  }
  return Number(trimmed);
}

function parseMilliseconds(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 100 || Number(trimmed) > 86_400_000) {
    throw new InvalidArgumentError("expected a number of milliseconds from 100 to 86400000.");
  }
  return Number(trimmed);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Most one-run ensembles a submission lists one by one; past it, the first three and a count. */
const MAX_SINGLE_RUN_LINES = 4;

/**
 * What \`run\` and \`compare\` print on stderr once their runs are in the queue:
 * what was there already, and how to follow each ensemble with \`cocasim status\`.
 */
export function describeSubmission(submission: Submission, store: string | undefined): string {
  const s = submission;
  const parts = [
    `${plural(s.finished, "block")} already done`,
    `${s.inQueue} already queued`,
    `${s.added} added`,
  ];
  if (s.stored > 0) parts.unshift(`${plural(s.stored, "run")} found in the store`);
  let text = `queue ${s.queue}: ${plural(s.runs, "run")} in ${plural(s.blocks, "block")}; ${parts.join(", ")}\n`;
  const storeOption = store === undefined ? "" : ` --store ${maskUrl(store)}`;
  const line = (e: Submission["ensembles"][number]) =>
    `ensemble ${e.id} (${e.scenario}, ${plural(e.runs, "run")}): ` +
    `cocasim status ${e.id} --backend ${s.queue}${storeOption}\n`;
  // Runs under parameters of their own (--posterior) are ensembles of one run each:
  // a line apiece would bury the rest, so past a few they are counted, not listed.
  const single = s.ensembles.filter((e) => e.runs === 1);
  const shown = new Set(single.length > MAX_SINGLE_RUN_LINES ? single.slice(0, 3) : single);
  for (const e of s.ensembles) if (e.runs > 1 || shown.has(e)) text += line(e);
  if (shown.size < single.length) {
    text += `… and ${single.length - shown.size} more of one run each\n`;
  }
  return text;
}

export interface WorkerCommandOptions {
  queue: string;
  concurrency?: number;
  store?: string;
  lockDuration?: number;
  stalledInterval?: number;
  quiet?: boolean;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clock(): string {
  return new Date().toISOString().slice(11, 19);
}

export async function workerCommand(deps: CliDeps, options: WorkerCommandOptions): Promise<number> {
  const quiet = options.quiet === true;
  const say = (line: string): void => {
    if (!quiet) deps.stderr.write(`${clock()} ${line}\n`);
  };
  const { startWorker } = await import("../../distributed/worker.ts");
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker({
      queue: options.queue,
      concurrency: options.concurrency ?? deps.defaultWorkers?.(),
      store: options.store,
      modelVersion: deps.version,
      lockDuration: options.lockDuration,
      stalledInterval: options.stalledInterval,
      log: say,
    });
  } catch (error) {
    throw new CliError(errorMessage(error), EXIT_FAILURE);
  }
  say(
    `worker ${worker.name} ready: queue ${worker.queue.name} at ${worker.queue.display}, ` +
      `${worker.concurrency} block${worker.concurrency === 1 ? "" : "s"} at a time` +
      (worker.store ? `, runs stored in ${worker.store}` : "") +
      "; Ctrl-C stops it",
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      say(`${signal}: finishing the blocks in hand, then stopping (again to stop at once)`);
      const now = (): void => process.exit(130);
      process.once("SIGINT", now);
      process.once("SIGTERM", now);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await worker.close();
  say(`worker ${worker.name} stopped after ${worker.completed} block${worker.completed === 1 ? "" : "s"}`);
  return EXIT_OK;
}

const WORKER_HELP = `
Takes seed blocks of ensembles from the queue and runs them on this machine's
cores, until Ctrl-C or SIGTERM (it then finishes the blocks in hand). Start one
worker per machine, all with the same --queue; \`cocasim run ... --runs N --backend
URL\` and \`cocasim compare ... --backend URL\` send their runs to them. A worker
only takes jobs of its own cocasim version. Each result goes back through the
queue and, with --store, is also upserted into that store (a Postgres database
all the machines share, or an SQLite file on this machine).

The queue is BullMQ on Redis (redis://) or on PostgreSQL 13+ (postgres://, no
Redis needed): its tables go in the schema ?schema=NAME (default cocasim_queue),
created by the first worker or submitter that needs them.

A worker that dies loses its jobs only for a while: when its locks expire
(--lock-duration), another worker's stalled-job check (--stalled-interval) puts
them back in the queue. See docs/distributed.md.

Examples:
  $ cocasim worker --queue redis://10.0.0.5:6379
  $ cocasim worker --queue redis://:secret@10.0.0.5:6379 --concurrency 8 \\
      --store postgres://cocasim@10.0.0.5/cocasim
  $ cocasim worker --queue postgres://cocasim@10.0.0.5:5432/cocasim \\
      --store postgres://cocasim@10.0.0.5:5432/cocasim`;

/** Adds `cocasim worker` to the program. */
export function registerWorkerCommand(
  program: Command,
  deps: CliDeps,
  setExitCode: (code: number) => void,
): void {
  program
    .command("worker")
    .description("run ensembles' simulations taken from a queue (distributed runs)")
    .requiredOption("--queue <url>", `the queue: ${QUEUE_URL_HELP}`, parseQueueOption)
    .option(
      "--concurrency <k>",
      "blocks run at once, on as many threads (default: one per CPU core)",
      parseConcurrency,
    )
    .option(
      "--store <url>",
      "also upsert every run into this results store: a file path, sqlite:PATH or postgres://user@host/db",
      parseStoreOption,
    )
    .option(
      "--lock-duration <ms>",
      "a job's lock lasts this long unless renewed (default 30000)",
      parseMilliseconds,
    )
    .option(
      "--stalled-interval <ms>",
      "how often to look for jobs of dead workers (default 30000)",
      parseMilliseconds,
    )
    .option("-q, --quiet", "no messages on stderr (errors still go there)")
    .addHelpText("after", WORKER_HELP)
    .action(async (options: Record<string, unknown>) => {
      setExitCode(
        await workerCommand(deps, {
          queue: options.queue as string,
          concurrency: options.concurrency as number | undefined,
          store: options.store as string | undefined,
          lockDuration: options.lockDuration as number | undefined,
          stalledInterval: options.stalledInterval as number | undefined,
          quiet: options.quiet === true,
        }),
      );
    });
}
